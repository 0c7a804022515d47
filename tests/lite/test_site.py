"""The course as a JupyterLite site (``lite/build.py``), built here with no network but the
package index: every notebook in both languages with hvlab's install cell first, the docs they
link to, hvlab's wheel and its pure-Python dependencies in the site's own index, the Pyodide
kernel and the widget manager."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

from .conftest import LITE, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")) + sorted((ROOT / "notebooks" / "ja").glob("[0-9][0-9]-*.ipynb"))
LINK = re.compile(r"\]\(((?!https?:|#|mailto:)[^)#\s]+)(?:#[^)]*)?\)")


def _wheel_metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return archive.read(name).decode("utf-8")


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_every_notebook_is_in_the_site_with_the_install_cell_first(lite_site, source):
    copy = nbformat.read(lite_site / "files" / source.relative_to(ROOT), as_version=4)
    original = nbformat.read(source, as_version=4)
    first = copy.cells[0]
    assert first.cell_type == "code" and first.metadata["tags"] == ["hvlab-lite-install"]
    assert first.source.splitlines()[-1] == "%pip install hvlab"
    assert all(line.startswith("# ") for line in first.source.splitlines()[:-1])
    language = "ja" if source.parent.name == "ja" else "en"
    catalog = json.loads((ROOT / "hvlab" / "catalog" / language / "lite.json").read_text(encoding="utf-8"))
    comment = "".join(line[2:] for line in first.source.splitlines()[:-1])
    assert re.sub(r"\s", "", comment) == re.sub(r"\s", "", catalog["lite.install_cell"])
    assert [c.source for c in copy.cells[1:]] == [c.source for c in original.cells]
    assert copy.metadata.kernelspec.name == "python"  # the Pyodide kernel's name, not python3


def test_the_notebooks_links_to_the_reference_resolve_in_the_site(lite_site):
    """The site keeps the repository's layout, so ``../docs/reference.md#b9`` opens there too."""
    checked = 0
    for source in NOTEBOOKS:
        for cell in nbformat.read(source, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for target in LINK.findall(cell.source):
                linked = (lite_site / "files" / source.relative_to(ROOT)).parent / target
                assert linked.resolve().is_file(), f"{source.name}: {target} is not in the site"
                checked += 1
    assert checked > 0


def test_the_site_lists_its_contents_for_the_file_browser(lite_site):
    listing = json.loads((lite_site / "api" / "contents" / "notebooks" / "all.json").read_text())
    names = {entry["name"] for entry in listing["content"]}
    assert {p.name for p in NOTEBOOKS if p.parent.name == "notebooks"} | {"ja"} <= names


def test_the_site_serves_hvlab_and_its_pure_python_dependencies(lite_site):
    index = json.loads((lite_site / "pypi" / "all.json").read_text())
    assert {"hvlab", "ipywidgets", "jupyterlab-widgets", "matplotlib-fontja", "comm", "filelock", "anywidget", "psygnal",
            "tomli-w"} <= set(index)
    wheel = next((lite_site / "pypi").glob("hvlab-*-py3-none-any.whl"))
    requires = [Requirement(line.split(":", 1)[1].strip()) for line in _wheel_metadata(wheel).splitlines()
                if line.startswith("Requires-Dist:")]
    in_browser = {r.name for r in requires if r.marker is None or r.marker.evaluate({"sys_platform": "emscripten", "extra": ""})}
    # anywidget draws the clickable pictures and the page watch; tomli-w writes "save as scenario" files
    assert in_browser == {"ipywidgets", "matplotlib", "matplotlib-fontja", "jsonschema", "filelock", "anywidget", "tomli-w"}, \
        "no jupyterlab, no isal under Pyodide"
    with zipfile.ZipFile(wheel) as archive:
        assert "hvlab/catalog/ja/lite.json" in archive.namelist()


def test_the_site_has_the_pyodide_kernel_and_the_widget_manager(lite_site):
    config = json.loads((lite_site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert config["appName"] == json.loads((LITE / "jupyter-lite.json").read_text())["jupyter-config-data"]["appName"]
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"} <= extensions
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert any(url.startswith("./pypi/all.json") for url in kernel["pipliteUrls"])
    assert not list(lite_site.rglob("*.js.map")), "no source maps (lite/jupyter_lite_config.json)"


def test_building_leaves_the_checkout_clean(lite_site):
    """``jupyter lite build`` keeps a task database and a cache in its lite dir: lite/build.py
    runs it on a copy of lite/'s configuration in its work dir, never in the checkout."""
    untracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "lite"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ".jupyterlite.doit.db" not in untracked and ".cache" not in untracked


def test_the_pages_workflow_builds_and_deploys_this_site():
    """.github/workflows/pages.yml runs lite/build.py in a venv of lite/requirements.txt and
    uploads exactly the folder it builds."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert "pip install -r lite/requirements.txt" in script
    output = re.search(r"python lite/build\.py --output-dir (\S+)", script).group(1)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == output
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_readme_names_the_pyodide_release_the_site_loads(lite_kernel):
    """README's JupyterLite section says which Pyodide (and Python) the site loads from the CDN:
    it must change with lite/requirements.txt."""
    section = (ROOT / "README.md").read_text().split("### The course in the browser (JupyterLite)", 1)[1].split("\n## ", 1)[0]
    pinned = dict(re.findall(r"^(jupyterlite-pyodide-kernel)==(\S+)$", (LITE / "requirements.txt").read_text(), re.M))
    words = " ".join(section.split())
    assert f"Pyodide {lite_kernel['pyodide']} with Python {lite_kernel['python']}" in words
    assert f"jupyterlite-pyodide-kernel {pinned['jupyterlite-pyodide-kernel']}" in words
