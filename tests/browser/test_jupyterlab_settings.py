"""JupyterLab as hvlab's install sets it up (jupyter-config/README.md): the notebook's toolbar
has no busy indicator and the tab's favicon does not switch to busy while the kernel answers a
click. Both redrew part of JupyterLab's page on every click of a lab (bench/bench_browser.py);
the kernel's state is still shown in the status bar. Checked in the JupyterLab the tests start,
which reads the settings the package installed into this environment."""

from __future__ import annotations

import pytest

from .pages import button, eventually, open_lab_notebook

pytestmark = pytest.mark.browser

TOOLBAR_JS = """() => {
  const toolbar = document.querySelector('.jp-NotebookPanel-toolbar');
  const names = [...toolbar.children].map(item => item.getAttribute('data-jp-item-name')).filter(Boolean);
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  const icon = document.querySelector('link[rel="icon"]');
  return {names, disabled: config.disabledExtensions || [], icon: icon ? icon.className : null};
}"""


WATCH_JS = """() => {
  // Every favicon the page shows from now on, and every kernel status JupyterLab sees.
  const seen = window.__hvlabSeen = {icons: [], statuses: []};
  new MutationObserver(() => {
    const icon = document.querySelector('link[rel="icon"]');
    seen.icons.push(icon ? icon.className : null);
  }).observe(document.head, {subtree: true, childList: true, attributes: true});
  window.jupyterapp.shell.currentWidget.sessionContext.statusChanged.connect((_, status) => seen.statuses.push(status));
}"""


def test_the_notebook_toolbar_has_no_busy_indicator_and_the_favicon_stays_idle(page, lab_server):
    open_lab_notebook(page, lab_server, "explorer")
    state = page.evaluate(TOOLBAR_JS)
    assert "executionProgress" not in state["names"]
    assert {"save", "run", "restart", "kernelName"} <= set(state["names"])  # the rest of the toolbar stays
    assert "@jupyterlab/application-extension:faviconbusy" in state["disabled"]
    assert "idle" in state["icon"]
    page.evaluate(WATCH_JS)
    button(page, "Off").click()  # the kernel answers the click: busy, then idle

    def answered() -> None:
        statuses = page.evaluate("() => window.__hvlabSeen.statuses")
        assert "busy" in statuses and "idle" in statuses[statuses.index("busy"):], statuses

    eventually(answered, timeout=30, what="the kernel busy with the click, then idle")
    seen = page.evaluate("() => window.__hvlabSeen")
    assert all(icon is None or "busy" not in icon for icon in seen["icons"]), seen["icons"]
    assert "idle" in page.evaluate(TOOLBAR_JS)["icon"]
