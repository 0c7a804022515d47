"""A PowerShell console for the notebooks: input line, history, output, over one lab.

One controller per interactive: :class:`PowerShellConsole` owns a
:class:`~hvlab.powershell.Session` and three widgets — the transcript (an HTML ``<pre>`` in
PowerShell's colours), the input line and a history list. Pressing Enter (or *Run*) sends the
line to :meth:`PowerShellConsole.run`, the same call tests make; the transcript is redrawn once.
Output, errors and hvlab's notes are told apart by a text prefix (``hvlab:``) and by colour, so
colour is never the only signal. Other panels showing the same lab can register with
:meth:`on_lab_change` to redraw after a line that changed it.
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.lab import Lab
from hvlab.powershell import ConsoleResult, Session
from hvlab.powershell.cli import CONTINUATION, PROMPT

__all__ = ["PowerShellConsole"]

MAX_ENTRIES = 300
_COLOURS = {"input": "#ffff66", "output": "#eeeeee", "error": "#ff9a9a", "note": "#9fd8ff", "prompt": "#eeeeee"}


class PowerShellConsole:
    """A console widget over ``lab`` (a new empty host when omitted)."""

    def __init__(self, lab: Lab | None = None, session: Session | None = None, *, height: str = "360px"):
        self.session = session if session is not None else Session(lab)
        self.lab = self.session.lab
        self.entries: list[tuple[str, str]] = []  # (kind, text)
        self._listeners: list[Callable[[ConsoleResult], None]] = []
        self.redraws = 0
        self.transcript = widgets.HTML(layout=widgets.Layout(height=height, overflow="auto", border="1px solid #333"))
        self.input = widgets.Text(
            placeholder=text("ps.console.placeholder"),
            continuous_update=False,
            layout=widgets.Layout(flex="1 1 auto"),
        )
        self.run_button = widgets.Button(description="Run", icon="play", tooltip="Run the line (Enter)")
        self.history = widgets.Select(options=[], rows=5, layout=widgets.Layout(width="100%"), description="")
        # continuous_update=False: the value reaches Python on Enter (ipywidgets 8 replaces on_submit)
        self.input.observe(self._on_value, names="value")
        self.run_button.on_click(lambda _b: self._submit())
        self.history.observe(self._recall, names="value")
        self.widget = widgets.VBox([
            self.transcript,
            widgets.HBox([widgets.HTML(f"<code>{html.escape(PROMPT)}</code>"), self.input, self.run_button]),
            widgets.Accordion(children=[self.history], titles=("History",)),
        ])
        self._render()

    # ------------------------------------------------------------------ public
    def run(self, line: str) -> ConsoleResult | None:
        """Run one line exactly as if typed; returns the result (None while a statement continues)."""
        waiting = self.session.pending_prompt is not None
        prefix = "" if waiting else (CONTINUATION if self.session.continuing else PROMPT)
        self.entries.append(("input", prefix + line))
        result = self.session.feed(line)
        if result is not None:
            if result.output.strip():
                self.entries.append(("output", result.output.rstrip("\n")))
            for error in result.errors:
                self.entries.append(("error", error))
            for note in result.notes:
                self.entries.append(("note", text("ps.note_prefix", note=note)))
            if result.prompt:
                self.entries.append(("prompt", result.prompt.strip("\n")))
            if result.source.strip() and not waiting:
                options = [o for o in self.history.options if o != result.source] + [result.source]
                self.history.options = options[-100:]
            if result.changed:
                for listener in self._listeners:
                    listener(result)
        del self.entries[:-MAX_ENTRIES]
        self._render()
        return result

    def on_lab_change(self, callback: Callable[[ConsoleResult], None]) -> None:
        """Call ``callback(result)`` after every line that changed the lab."""
        self._listeners.append(callback)

    def clear(self) -> None:
        self.entries.clear()
        self._render()

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a notebook front end
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ internals
    def _on_value(self, change: dict) -> None:
        if change.get("new"):
            self._submit()

    def _submit(self) -> None:
        line = self.input.value
        if not line and self.session.pending_prompt is None:
            return
        self.input.unobserve(self._on_value, names="value")
        self.input.value = ""
        self.input.observe(self._on_value, names="value")
        self.run(line)

    def _recall(self, change: dict) -> None:
        if change.get("new"):
            self.input.value = change["new"]

    def _render(self) -> None:
        rows = []
        for kind, body in self.entries:
            rows.append(f'<span class="hvlab-ps-{kind}" style="color:{_COLOURS[kind]}">{html.escape(body)}</span>')
        self.transcript.value = (
            '<pre style="background:#012456;margin:0;padding:6px;min-height:100%;white-space:pre-wrap;'
            'font-family:Consolas,\'DejaVu Sans Mono\',monospace;font-size:12px;line-height:1.3">'
            + "\n".join(rows)
            + "</pre>"
        )
        self.redraws += 1

