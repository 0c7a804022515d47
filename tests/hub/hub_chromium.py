"""Debian's Chromium for the hub test: the browser tests' launcher (tests/browser/harness.py) when
it is there, else the same few lines (``executable_path``, never
``playwright install``)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("HVLAB_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
HARNESS = Path(__file__).resolve().parents[1] / "browser" / "harness.py"


def launch(playwright: Any, user_data_dir: Path) -> Any:
    """A headless persistent context with a fresh profile in ``user_data_dir``."""
    if HARNESS.exists():
        spec = importlib.util.spec_from_file_location("hvlab_browser_harness", HARNESS)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            return module.launch_browser(playwright, user_data_dir)
        except (AttributeError, ImportError, TypeError):
            pass  # their harness changed shape: fall back to ours
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=str(CHROMIUM), headless=True, args=ARGS,
        viewport={"width": 1400, "height": 1000}, device_scale_factor=1,
    )
