"""The table of cmdlet implementations, filled by the modules of this package.

An implementation is ``implementation(ctx, bound, item)``: the :class:`CmdletContext`, the
bound parameters, and the pipeline object (or, for a cmdlet that takes all input at once, the
list of them); it returns the objects it writes to the pipeline.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from ..binder import Bound
from ..runtime import CmdletContext

__all__ = ["IMPLEMENTATIONS", "Impl", "cmdlet"]

Impl = Callable[[CmdletContext, Bound, Any], Iterable[Any]]
IMPLEMENTATIONS: dict[str, Impl] = {}


def cmdlet(name: str) -> Callable[[Impl], Impl]:
    """Register the decorated function as ``name``'s implementation."""

    def register(func: Impl) -> Impl:
        IMPLEMENTATIONS[name] = func
        return func

    return register
