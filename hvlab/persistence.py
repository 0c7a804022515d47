"""Save and load a whole lab as versioned JSON.

A trainer hands out a prepared lab ("a VM with three checkpoints and a branch"); a learner
saves where they got to. Files carry a format name and version: a malformed, truncated or
newer file raises :class:`~hvlab.errors.LabFileError` and loads nothing, and a save never
leaves a half-written file behind (write to a temporary file, then rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .catalog import text
from .errors import LabFileError
from .lab import Lab

__all__ = ["FORMAT", "FORMAT_VERSION", "dumps", "load_lab", "loads", "save_lab"]

FORMAT = "hvlab-lab"
FORMAT_VERSION = 1


def dumps(lab: Lab) -> str:
    return json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "lab": lab.to_dict()}, indent=1, ensure_ascii=False)


def loads(document: str) -> Lab:
    """Parse a lab document; any defect raises LabFileError and returns nothing."""
    try:
        data = json.loads(document)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LabFileError(text("error.lab_file_malformed", detail=str(exc))) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LabFileError(text("error.lab_file_not_hvlab"))
    version = data.get("version")
    if not isinstance(version, int):
        raise LabFileError(text("error.lab_file_malformed", detail="version"))
    if version > FORMAT_VERSION:
        raise LabFileError(text("error.lab_file_newer", version=version, supported=FORMAT_VERSION))
    try:
        return Lab.from_dict(data["lab"])
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise LabFileError(text("error.lab_file_malformed", detail=f"{type(exc).__name__}: {exc}")) from None


def save_lab(lab: Lab, path: str | os.PathLike[str]) -> Path:
    """Write the lab atomically: readers see the old file or the new one, never half."""
    target = Path(path)
    document = dumps(lab)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(document)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def load_lab(path: str | os.PathLike[str]) -> Lab:
    try:
        document = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabFileError(text("error.lab_file_unreadable", path=str(path), detail=str(exc))) from None
    return loads(document)
