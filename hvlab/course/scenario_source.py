"""Where a scenario comes from: a shipped id, a file on disk, or a URL a trainer hands out.

A trainer shares a scenario as a file (on the hub's disk, in the course repository) or as a link
(a raw GitHub URL, a course web page). :func:`open_scenario` takes any of them. A URL is fetched
with the standard library's ``urllib`` only when one is given (nothing is fetched otherwise),
from ``http``, ``https`` or ``file`` addresses only, with a time limit and the same size limit as
a file on disk; what arrives is checked exactly like a file (:func:`load_scenario`), so a
hostile page is refused with the place and the reason and nothing is half-loaded.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from hvlab.catalog import text

from .scenario import MAX_BYTES, Scenario, ScenarioError, list_scenarios, load_scenario

__all__ = ["URL_SCHEMES", "fetch", "is_url", "open_scenario"]

URL_SCHEMES = ("http", "https", "file")
TIMEOUT = 20.0
"""Seconds to wait for a scenario's URL (a class on a slow network waits, a dead host fails)."""


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and "://" in source and "\n" not in source


def fetch(url: str, timeout: float = TIMEOUT) -> bytes:
    """The bytes at ``url`` (at most :data:`MAX_BYTES`); a refusal raises :class:`ScenarioError`."""
    whole = text("scenario.place.whole")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in URL_SCHEMES:
        raise ScenarioError(url, whole, text("scenario.source.url_scheme", scheme=scheme, schemes=", ".join(URL_SCHEMES)))
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - the scheme is checked above
            content = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ScenarioError(url, whole, text("scenario.source.url_failed", detail=f"HTTP {error.code} {error.reason}")) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or str(error)
        raise ScenarioError(url, whole, text("scenario.source.url_failed", detail=str(reason))) from None
    if len(content) > MAX_BYTES:
        raise ScenarioError(url, whole, text("scenario.error.too_big", size=f"> {MAX_BYTES}", limit=MAX_BYTES))
    return content


def open_scenario(source: str | Path) -> Scenario:
    """A scenario from a shipped id (``"merge-middle"``), a path to a ``.toml`` file, a URL, or
    the text of a scenario itself."""
    if isinstance(source, str) and "\n" not in source and "://" not in source and not source.endswith(".toml"):
        for shipped in list_scenarios():
            if shipped.id == source:
                return shipped
        if not Path(source).exists():
            raise ScenarioError(source, text("scenario.place.whole"), text(
                "scenario.error.not_found", id=source, ids=", ".join(s.id for s in list_scenarios())))
    if is_url(source):
        content = fetch(str(source))
        try:
            decoded = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ScenarioError(str(source), text("scenario.place.byte", offset=error.start), text("scenario.error.not_utf8")) from None
        return load_scenario(decoded + ("\n" if "\n" not in decoded else ""), file=str(source))
    return load_scenario(source if isinstance(source, str) else Path(source))
