"""The Jupyter defaults hvlab installs (jupyter-config/README.md): each file the package
declares exists, is JSON, and says what the README says it does; the servers of this
environment load them (hvlab/server_extension.py)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _shared_data() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]


def test_every_declared_file_exists_and_goes_where_jupyterlab_reads_it():
    shared = _shared_data()
    assert shared == {
        "jupyter-config/lab/settings/overrides.d/hvlab.json": "share/jupyter/lab/settings/overrides.d/hvlab.json",
        "jupyter-config/labconfig/page_config.d/hvlab.json": "etc/jupyter/labconfig/page_config.d/hvlab.json",
        "jupyter-config/jupyter_server_config.d/hvlab.json": "etc/jupyter/jupyter_server_config.d/hvlab.json",
        "jupyter-config/voila/voila.json": "etc/jupyter/voila.json",
    }
    for source in shared:
        json.loads((ROOT / source).read_text(encoding="utf-8"))


def test_the_toolbar_loses_only_its_busy_indicator_and_only_the_busy_favicon_is_off():
    overrides = json.loads((ROOT / "jupyter-config/lab/settings/overrides.d/hvlab.json").read_text(encoding="utf-8"))
    assert overrides == {"@jupyterlab/notebook-extension:panel": {"toolbar": [{"name": "executionProgress", "disabled": True}]}}
    page_config = json.loads((ROOT / "jupyter-config/labconfig/page_config.d/hvlab.json").read_text(encoding="utf-8"))
    assert page_config == {"disabledExtensions": {"@jupyterlab/application-extension:faviconbusy": True}}


def test_the_server_loads_the_extension_and_voila_the_connection_class():
    server = json.loads((ROOT / "jupyter-config/jupyter_server_config.d/hvlab.json").read_text(encoding="utf-8"))
    assert server == {"ServerApp": {"jpserver_extensions": {"hvlab.server_extension": True}}}
    voila = json.loads((ROOT / "jupyter-config/voila/voila.json").read_text(encoding="utf-8"))
    assert voila == {"Voila": {"kernel_websocket_connection_class": "hvlab.server_extension.NoDelayKernelConnection"}}
