"""The one-controller-per-lab pattern every hvlab widget follows.

A controller owns one :class:`~hvlab.lab.Lab` and the ipywidgets that show it. A learner's click
calls :meth:`LabController.run` with exactly one core operation; the controller then redraws
once. A refused operation (an :class:`~hvlab.errors.HvlabError`) is shown as the learner-readable
text Hyper-V and hvlab give (``learner_text()``), never as a traceback, and the lab is unchanged
because every core operation is atomic.

Undo goes back one operation of this widget; Reset goes back to the lab as the widget received
it (its :meth:`~hvlab.lab.Lab.snapshot`). ``Lab.reset()`` itself would go further back, to
before the operations that prepared the lab for this widget.
"""

from __future__ import annotations

import html
import sys
from typing import Any, Callable, Iterable

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.errors import HvlabError
from hvlab.lab import UNDO_DEPTH, Lab
from hvlab.reference.citations import assumptions_html, cite_html, cited_rules, rules_html
from hvlab.states import VMState
from hvlab.vm import OperationResult, VirtualMachine

from .accessibility import DIAGRAM_CLASS, DIAGRAM_TEXT_CLASS, PageWatch, live_region
from .long_lived import freeze_long_lived
from .powershell_lines import action_lines
from .rendering import DiagramCache, Drawing

__all__ = ["LabController", "OneVMController", "diagram_unavailable", "esc", "message_html"]


def diagram_unavailable(error: ImportError) -> str:
    """Why a diagram is not drawn, naming the module that could not be imported. In the browser
    (JupyterLite: Pyodide, ``sys.platform == "emscripten"``) matplotlib and numpy are not in the
    site: the Pyodide distribution serves them at run time, so the text says so and how to load them."""
    module = error.name or str(error)
    if sys.platform == "emscripten":
        return text("widget.diagram_unavailable_browser", module=module)
    return text("widget.diagram_unavailable", module=module, error=str(error))


def esc(value: object) -> str:
    """Learner and model text is always escaped before it goes into an HTML widget."""
    return html.escape(str(value), quote=True)


def message_html(kind: str, title: str, lines: Iterable[str] = (), assumed: str = "") -> str:
    """An outcome box: ``kind`` is ``ok``, ``refused`` or ``info``; the icon and the words
    say which, so colour is never the only signal. Rules cited as ``(B18)`` show their titles,
    and their entries fold out below (see :mod:`hvlab.reference.citations`); ``assumed`` is the
    quiet marker of the assumed rulings the operation followed."""
    icon = {"ok": "✔", "refused": "✘", "info": "ℹ"}[kind]
    border = {"ok": "#1b7837", "refused": "#b2182b", "info": "#2166ac"}[kind]
    lines = [line for line in lines if line]
    body = "".join(f"<div>{cite_html(line)}</div>" for line in lines)
    entries = rules_html(cited_rules(title, *lines))
    folded = (f'<details class="hvlab-rules"><summary><small>{esc(text("cite.rules_cited"))}</small></summary>{entries}</details>'
              if entries else "")
    return (
        f'<div class="hvlab-outcome hvlab-{kind}" style="border-left:4px solid {border};padding:4px 8px;">'
        f"<b>{icon} {cite_html(title)}</b>{body}{assumed}{folded}</div>"
    )


class LabController:
    """Base of the lab widgets: one lab, one root box (``.widget``), one redraw per click."""

    def __init__(self, lab: Lab):
        self.lab = lab
        self._start = lab.snapshot()
        self._own_operations = 0
        self.cache = DiagramCache()
        self.images: dict[str, widgets.Image] = {}
        self.descriptions: dict[str, widgets.HTML] = {}
        self._image_keys: dict[str, object] = {}
        self._later: list[tuple[widgets.HTML, str]] | None = None
        self.redraws = 0
        self.last_error: HvlabError | None = None
        self.last_result: OperationResult | None = None
        self.powershell_history: list[list[str]] = []
        self.assumptions_told: set[str] = set()
        self._undoable: list[OperationResult | None] = []  # what each of this widget's operations did, for Undo to name
        """The assumed rulings this lab has already explained (each is said once, then marked)."""
        self._listeners: list[Callable[[LabController], None]] = []
        # The outcome of the last click is a live region: a screen reader reads what changed.
        self.outcome = live_region(widgets.HTML(value="", layout=widgets.Layout(width="auto")))
        # The page's theme (and the pictures' text alternatives), read by a small front end that
        # every picture of the lab carries (accessibility.py); a new theme redraws the pictures.
        self.page = PageWatch()
        self.page.observe(lambda _: self.refresh(), names="theme")
        self.undo_button = widgets.Button(description=text("widget.undo"), icon="undo", tooltip=text("widget.undo_tip"))
        self.reset_button = widgets.Button(description=text("widget.reset"), icon="refresh", tooltip=text("widget.reset_tip"))
        self.undo_button.on_click(lambda _: self.undo())
        self.reset_button.on_click(lambda _: self.reset())
        self.widget: widgets.Box = widgets.VBox()

    # ------------------------------------------------------------------ display
    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
        freeze_long_lived()  # once per kernel: a full collection would walk it all (long_lived)

    def on_change(self, callback: Callable[[LabController], None]) -> None:
        """Call ``callback(controller)`` after every redraw (challenges check goals with it)."""
        self._listeners.append(callback)

    # ------------------------------------------------------------------ running operations
    def act(self, vm: VirtualMachine, operation: str, **args: Any) -> bool:
        """A click: ``vm.<operation>(**args)`` as one core operation, with its PowerShell."""
        lines = action_lines(vm, operation, **args)
        return self.run(lambda: getattr(vm, operation)(**args), powershell=lines)

    def run(self, action: Callable[[], Any], powershell: list[str] | None = None) -> bool:
        """Run one core operation, show its outcome, redraw once. Returns whether it succeeded."""
        try:
            result = action()
        except HvlabError as error:
            self.last_error = error
            self.outcome.value = message_html("refused", text("widget.refused"), error.learner_text().splitlines())
            self.after_refusal()
            self.refresh()
            return False
        self.last_error = None
        self._own_operations += 1
        self.powershell_history.append(list(powershell or []))
        self._undoable.append(result if isinstance(result, OperationResult) else None)
        if isinstance(result, OperationResult):
            self.last_result = result
            self.outcome.value = message_html("ok", self.shown_summary(result), self.shown_notes(result),
                                              assumptions_html(result.assumptions, self.assumptions_told))
        self.refresh()
        return True

    def shown_summary(self, result: OperationResult) -> str:
        """Hook: what an operation did, in one line (a locked scenario hides what it locks)."""
        return result.summary

    def shown_notes(self, result: OperationResult) -> list[str]:
        """Hook: the explanation shown under an operation's summary (a locked scenario hides it)."""
        return list(result.notes)

    def after_refusal(self) -> None:
        """Hook: put controls back in line with the (unchanged) lab after a refusal."""

    def undo(self) -> bool:
        """Undo this widget's last operation (never the lab's set-up before the widget)."""
        if self._own_operations == 0 or not self.lab.can_undo:
            self.outcome.value = message_html("info", text("widget.nothing_to_undo"))
            return False
        self.lab.undo()
        self._own_operations -= 1
        if self.powershell_history:
            self.powershell_history.pop()
        undone = self._undoable.pop() if self._undoable else None
        self.last_error = None
        self.last_result = None
        # Say what was undone, from that operation's own result ("Undone: Checkpoint 'x' created.").
        self.outcome.value = message_html(
            "info", text("outcome.undone", what=undone.summary) if undone is not None else text("widget.undone"))
        self.refresh()
        return True

    def reset(self) -> None:
        """Back to the lab as this widget received it."""
        if self._own_operations <= UNDO_DEPTH:
            while self._own_operations and self.lab.can_undo:
                self.lab.undo()
                self._own_operations -= 1
        if self._own_operations:
            # More operations than the lab keeps for undo: back to the start snapshot, afresh.
            self.lab.restore(self._start, clear_history=True)
            self._own_operations = 0
        self.powershell_history.clear()
        self._undoable.clear()
        self.last_error = None
        self.last_result = None
        self.outcome.value = message_html("info", text("widget.was_reset"))
        self.refresh()

    @property
    def operations(self) -> int:
        """Operations this widget ran that Undo can still take back."""
        return self._own_operations

    # ------------------------------------------------------------------ drawing
    @property
    def theme(self) -> str:
        """The page's theme the pictures are drawn for ("light", "dark", "high-contrast")."""
        return self.page.theme_wanted

    def image(self, kind: str) -> widgets.Image:
        """The Image widget showing diagram ``kind`` (created once)."""
        if kind not in self.images:
            # Always the size it was drawn for: never scaled up (blurry) nor down (text too
            # small to read); a picture larger than its pane scrolls there (screen.pane).
            # align_self: a flex column would otherwise stretch the picture to the column's width.
            self.images[kind] = widgets.Image(format="png", layout=widgets.Layout(
                max_width="none", height="auto", align_self="flex-start", flex="0 0 auto"))
            self.images[kind].add_class(DIAGRAM_CLASS)
        return self.images[kind]

    def described_image(self, kind: str) -> widgets.VBox:
        """The diagram with its text version under it (folded), for screen readers: the
        picture's accessible name is its title, its description that text (accessibility.py,
        whose invisible watch of the page goes with every picture). Not the Image's tooltip:
        ipywidgets 8.1's Image view fails on one (it reads a description an Image has not)."""
        if kind not in self.descriptions:
            self.descriptions[kind] = widgets.HTML()
            self.descriptions[kind].add_class(DIAGRAM_TEXT_CLASS)
        return widgets.VBox([self.page, self.image(kind), self.descriptions[kind]])

    def draw(self, kind: str, vm: VirtualMachine, diagram: str | None = None) -> None:
        """Update one diagram (``diagram`` names the drawing when ``kind`` is a slot name such
        as ``checkpoint_tree:left``), only if what it shows changed."""
        try:
            key, drawing = self.cache.drawing(diagram or kind, vm, self.theme)
        except ImportError as missing:
            key, drawing = "unavailable", Drawing(b"", diagram_unavailable(missing))
        if self._image_keys.get(kind) != key:
            self._image_keys[kind] = key
            self.image(kind).value = drawing.png
            # An Image with no bytes shows a broken-image icon in Voila: hide it instead.
            self.image(kind).layout.display = None if drawing.png else "none"
            if kind in self.descriptions:
                value = (
                    # Why there is no picture is said at once, not folded away under "as text".
                    f"<p role='note'>{esc(drawing.description)}</p>" if key == "unavailable" else
                    # data-title: the picture's accessible name, given to its <img> (accessibility.js).
                    f"<details data-title='{esc(drawing.title)}'><summary>{esc(text('widget.diagram_as_text'))}</summary>"
                    # word-break: JupyterLab's output style breaks a <pre> anywhere ("under e / very").
                    f"<pre style='white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere'>{cite_html(drawing.description)}</pre></details>"
                    if drawing.description else ""
                )
                if self._later is not None:
                    self._later.append((self.descriptions[kind], value))
                else:
                    self.descriptions[kind].value = value

    def clear_image(self, kind: str) -> None:
        """Show no diagram in slot ``kind``."""
        if self._image_keys.get(kind) != "none":
            self._image_keys[kind] = "none"
            self.image(kind).value = b""
            self.image(kind).layout.display = "none"
            if kind in self.descriptions:
                self.descriptions[kind].value = ""

    def refresh(self) -> None:
        """Redraw everything that may have changed (subclasses), then tell listeners."""
        self.redraws += 1
        # The pictures' text versions (folded, several kilobytes at 50 checkpoints) are sent
        # after the redraw, so every picture of the click reaches the page before them.
        self._later = []
        try:
            with self.cache.one_state():
                self.redraw()
        finally:
            later, self._later = self._later, None
            for widget, value in later:
                widget.value = value
        for callback in self._listeners:
            callback(self)

    def redraw(self) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError


class OneVMController(LabController):
    """A lab widget about one VM (the explorer, the disk chain lab). Without a lab it makes its
    own: one VM named ``vm_name`` (``web01``), running, as a learner's lab usually starts."""

    def __init__(self, lab: Lab | None = None, vm_name: str | None = None):
        if lab is None:
            lab = Lab(seed=0)
            lab.new_vm(vm_name or "web01").put_in_state(VMState.RUNNING)
        super().__init__(lab)
        self.vm_name = vm_name or next(iter(lab.vms))

    @property
    def vm(self) -> VirtualMachine:
        """The VM, looked up by name each time (a Reset to a lab without it would remove it)."""
        return self.lab.vm(self.vm_name)
