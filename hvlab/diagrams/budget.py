"""A least-recently-used cache that counts bytes: what a picture keeps between clicks.

Why one class: the string masks of the labels (:mod:`.text_layer`) and the encoded strips of
the pictures (:mod:`.tiles`) are both kept for the next picture and both must stay small in a
kernel that runs for hours (the goal is 150 MiB for a 50-checkpoint lab after 50 clicks).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

__all__ = ["ByteBudgetCache"]

V = TypeVar("V")


class ByteBudgetCache(Generic[V]):
    """Values by key, the most recently used kept, dropped oldest first beyond ``budget``
    bytes (``size(value)``); one value bigger than the budget is still kept, alone."""

    def __init__(self, budget: int, size: Callable[[V], int]) -> None:
        self.budget = budget
        self._size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        """Bytes of the values kept now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            if key in self._values:
                return
            self._values[key] = value
            self._bytes += self._size(value)
            while self._bytes > self.budget and len(self._values) > 1:
                self._bytes -= self._size(self._values.popitem(last=False)[1])
