"""Play an operation one step at a time: Next, Back, Play, Restart, and "what happens next?".

Why a replay of ``result.steps``: the operation recorded its steps while it ran
(:mod:`hvlab.vm.steps`), each with the lab right after it, so what this view shows is what the
simulator did; the last frame is the operation's result. Each step shows its frame (the disk
chain before and after it, what it changed highlighted; :class:`hvlab.diagrams.steps.StepFrames`),
its sentence, its rule by title and id with its sources, and how far Microsoft stands behind
it (an order nobody documents is labelled assumed).

Fast: a frame is drawn once and kept (Back and Restart show kept PNGs), and after a frame is
shown the next one is drawn ahead so Next finds it ready (``bench/bench_widgets.py`` measures
Next → new PNG). Every control is a Button or a Checkbox: reachable with Tab, pressed with
Enter or Space.

    >>> view = StepView(vm.apply("before"))   # in a notebook cell: the view shows itself
"""

from __future__ import annotations

import importlib
import time
from typing import Any, Callable

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.reference import ruling, source
from hvlab.vm import OperationResult
from hvlab.vm.steps import Step, StepKind

from .accessibility import DIAGRAM_CLASS, DIAGRAM_TEXT_CLASS, PageWatch
from .controller import esc
from .rendering import Drawing

__all__ = ["StepPanel", "StepView", "choices_for"]

_FAMILIES: tuple[tuple[StepKind, ...], ...] = (
    (StepKind.FELL_BACK, StepKind.VSS_FREEZE, StepKind.FILE_SYSTEM_FREEZE, StepKind.MEMORY_SAVED, StepKind.DISKS_FROZEN,
     StepKind.CONFIGURATION_WRITTEN, StepKind.VSS_THAW, StepKind.FILE_SYSTEM_THAW),
    (StepKind.VM_TURNED_OFF, StepKind.VM_SAVED, StepKind.NEW_NOW_DISK, StepKind.OLD_NOW_DISCARDED, StepKind.OLD_NOW_KEPT,
     StepKind.VM_STARTED),
    (StepKind.MERGED_INTO_CHILD, StepKind.SHARED_PARENT_KEPT, StepKind.DISK_DELETED),
    (StepKind.DC_STARTS_ROLLED_BACK, StepKind.DC_USN_ROLLBACK, StepKind.DC_GENERATION_ID, StepKind.DC_NEW_INVOCATION_ID),
)
"""Kinds a learner could mistake for one another: the wrong answers of a prompt come from the
right answer's family (never from an unrelated operation)."""

MAX_WIDTH_PX = 1800


def choices_for(steps: tuple[Step, ...], index: int) -> tuple[StepKind, ...]:
    """Two or three answers to "what happens next?" before step ``index`` (0-based): the right
    kind and up to two others of its family, preferring kinds this operation also has (a step
    that comes later is a fair wrong answer), in an order that does not give the answer away."""
    right = steps[index].kind
    family = next(f for f in _FAMILIES if right in f)
    present = [s.kind for s in steps]
    others = sorted((k for k in family if k is not right), key=lambda k: (k not in present, family.index(k)))[:2]
    answers = [right, *others]
    shift = index % len(answers)  # where the right answer goes changes from step to step
    return tuple(answers[shift:] + answers[:shift])


class StepView:
    """The steps of one operation, played one at a time (``.widget`` is the root box)."""

    def __init__(self, result: OperationResult | None = None, *, ask: bool = False, play_delay: float = 0.8):
        self.play_delay = play_delay
        self.result: OperationResult | None = None
        self.index = 0
        self.frames: Any = None
        self.drawings: dict[int, Drawing] = {}
        self.theme = "light"
        """The page's theme the frames are drawn for (the lab's, see :meth:`StepPanel.update`)."""
        self.answers: dict[int, StepKind] = {}
        """The learner's answer before each step (0-based), when asked."""
        self.heading = widgets.HTML()
        self.counter = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="none", height="auto", align_self="flex-start"))
        self.image.add_class(DIAGRAM_CLASS)
        self.image.layout.display = "none"  # until a frame is drawn: no empty picture for a screen reader
        self.description = widgets.HTML()
        self.description.add_class(DIAGRAM_TEXT_CLASS)
        self.sentence = widgets.HTML()
        self.rule = widgets.HTML()
        self.question = widgets.VBox()
        self.feedback = widgets.HTML()
        self.back_button = self._button("back", self.back)
        self.next_button = self._button("next", self.next)
        self.play_button = self._button("play", self.play)
        self.restart_button = self._button("restart", self.restart)
        self.ask = widgets.Checkbox(value=ask, description=text("step.view.ask"), indent=False,
                                    tooltip=text("step.view.ask_tip"), layout=widgets.Layout(width="auto"))
        controls = widgets.HBox([self.restart_button, self.back_button, self.next_button, self.play_button, self.ask, self.counter],
                                layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        # Its own watch of the page: a step view shown on its own (a notebook cell) names its
        # picture and follows the page's theme as a lab does (accessibility.py).
        self.page = PageWatch()
        self.page.observe(lambda change: self.set_theme(self.page.theme_wanted), names="theme")
        self.widget = widgets.VBox([self.page, self.heading, controls, self.question, self.feedback, self.sentence, self.rule,
                                    self.image, self.description], )
        self.widget.add_class("hvlab-step-view")
        if result is not None:
            self.show(result)
            self._prefetch()  # a view made in a cell: its first Next is ready too

    def _button(self, name: str, action: Callable[[], Any]) -> widgets.Button:
        button = widgets.Button(description=text(f"step.view.{name}"), tooltip=text(f"step.view.{name}_tip"),
                                layout=widgets.Layout(width="auto"))
        button.on_click(lambda _: action())
        return button

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ what is shown
    @property
    def count(self) -> int:
        """How many steps the operation has."""
        return len(self.result.steps) if self.result is not None else 0

    @property
    def step(self) -> Step | None:
        """The step shown now (``None`` before the first)."""
        return self.result.steps[self.index - 1] if self.result is not None and self.index else None

    def set_theme(self, theme: str) -> None:
        """Draw the frames in ``theme``'s palette from now on (the frame shown is redrawn)."""
        if theme != self.theme:
            self.theme = theme
            self.drawings = {}
            if self.frames is not None:
                self._redraw(prefetch=False)

    def show(self, result: OperationResult | None, ahead: bool = False) -> None:
        """Play ``result``'s steps from the start (a lab calls this after each operation);
        ``ahead``: also draw the first step's frame now, after this one's messages are out (the
        panel was just opened: its Next comes next)."""
        if result is self.result:
            return
        self.result = result
        self.frames = importlib.import_module("hvlab.diagrams.steps").StepFrames(result) if result is not None and result.steps else None
        self.drawings = {}
        self.answers = {}
        self.heading.value = (f"<b>{esc(text('step.view.title', summary=result.summary))}</b>" if result is not None and result.steps
                              else f"<i>{esc(text('step.view.none'))}</i>")
        self.index = 0
        self._redraw(prefetch=ahead)  # a lab calls this on every click: one picture, not two

    def drawing(self, index: int) -> Drawing:
        """Frame ``index`` as PNG and text, drawn once."""
        if index not in self.drawings:
            diagrams = importlib.import_module("hvlab.diagrams")
            layout = self.frames.layout(index)
            fig = diagrams.render_layout(layout, theme=self.theme)
            dpi = min(float(fig.dpi), MAX_WIDTH_PX / fig.get_figwidth())
            self.drawings[index] = Drawing(diagrams.render_png(fig, dpi=dpi), layout.describe(), layout.title)
        return self.drawings[index]

    def _redraw(self, prefetch: bool = True) -> None:
        count = self.count
        for button in (self.back_button, self.restart_button):
            button.disabled = self.index == 0
        for button in (self.next_button, self.play_button):
            button.disabled = self.index >= count
        self.ask.disabled = count == 0
        if self.frames is None:
            self.counter.value = ""
            self.image.value = b""
            self.image.layout.display = "none"
            for part in (self.sentence, self.rule, self.description, self.feedback):
                part.value = ""
            self.question.children = ()
            return
        self.counter.value = text("step.view.counter", n=self.index, count=count)
        drawing = self.drawing(self.index)
        self.image.value = drawing.png
        self.image.layout.display = None
        self.description.value = (f"<details data-title='{esc(drawing.title)}'><summary>{esc(text('widget.diagram_as_text'))}</summary>"
                                  f"<pre style='white-space:pre-wrap'>{esc(drawing.description)}</pre></details>")
        step = self.step
        if step is None:
            self.sentence.value = f"<div role='status'>{esc(text('step.view.before'))}</div>"
            self.rule.value = ""
        else:
            self.sentence.value = f"<div role='status'><b>{self.index}.</b> {esc(step.text)}</div>"
            self.rule.value = self._rule_html(step)
        if prefetch:
            self._prefetch()

    def _prefetch(self) -> None:
        """Draw the next frame now, so that Next shows a kept picture."""
        if self.frames is not None and self.index < self.count:
            self.drawing(self.index + 1)

    @staticmethod
    def _rule_html(step: Step) -> str:
        entry = ruling(step.rule)
        links = ", ".join(f'<a href="{esc(source(k).url)}" target="_blank" rel="noopener">{esc(source(k).title)}</a>' for k in step.sources)
        mark = " †" if step.assumed else ""
        parts = [esc(text("step.view.rule", title=entry.title, rule=entry.id)),
                 esc(text("step.view.status", status=step.status_text)) + mark]
        if links:
            parts.append(f"{esc(text('step.view.sources'))} {links}")
        return "<div class='hvlab-step-rule'><small>" + "<br>".join(parts) + "</small></div>"

    # ------------------------------------------------------------------ moving
    def next(self) -> bool:
        """Show the next step; when asking first, show the question instead. Returns whether
        a new step is shown."""
        if self.frames is None or self.index >= self.count:
            return False
        if self.ask.value and self.index not in self.answers:
            self._ask()
            return False
        self.index += 1
        self._redraw()
        return True

    def answer(self, kind: StepKind) -> None:
        """The learner's answer to "what happens next?": said right or wrong, then the step."""
        assert self.result is not None
        right = self.result.steps[self.index].kind
        self.answers[self.index] = kind
        self.question.children = ()
        self.feedback.value = esc(text("step.view.right") if kind is right else text("step.view.wrong", picked=text(f"step.choice.{kind.value}")))
        self.next()

    def _ask(self) -> None:
        assert self.result is not None
        buttons = []
        for kind in choices_for(self.result.steps, self.index):
            button = widgets.Button(description=text(f"step.choice.{kind.value}"), layout=widgets.Layout(width="auto"))
            button.on_click(lambda _, k=kind: self.answer(k))
            buttons.append(button)
        self.feedback.value = ""
        self.question.children = (widgets.HTML(f"<b>{esc(text('step.view.question'))}</b>"),
                                  widgets.HBox(buttons, layout=widgets.Layout(flex_flow="row wrap")))

    def back(self) -> None:
        if self.index:
            self.index -= 1
            self.question.children = ()
            self.feedback.value = ""
            self._redraw()

    def restart(self) -> None:
        self.index = 0
        self.question.children = ()
        self.feedback.value = ""
        self._redraw()

    def play(self) -> None:
        """Every remaining step in turn (no questions), ``play_delay`` seconds apart."""
        self.question.children = ()
        while self.frames is not None and self.index < self.count:
            self.index += 1
            self._redraw()
            if self.index < self.count and self.play_delay:
                time.sleep(self.play_delay)


class StepPanel:
    """A lab's folded "Step by step" element: the steps of the lab's last operation, drawn only
    while it is open (a lab's click stays as fast as without it)."""

    def __init__(self, controller: Any):
        self.controller = controller
        self.view = StepView()
        self.widget = widgets.Accordion(children=[self.view.widget], selected_index=None)
        self.widget.set_title(0, text("step.view.fold"))
        self.widget.add_class("hvlab-step-panel")
        self.widget.observe(lambda _: self.update(opened=True), names="selected_index")
        controller.on_change(lambda _: self.update())

    @property
    def is_open(self) -> bool:
        return self.widget.selected_index == 0

    def update(self, opened: bool = False) -> None:
        """Show the lab's last operation if the panel is open; just ``opened``, with the first
        step's frame drawn ahead (a learner who opens it presses Next: at 50 checkpoints a frame
        takes 60-150 ms to draw, which the first Next waited for)."""
        if self.is_open:
            self.view.set_theme(getattr(self.controller, "theme", "light"))
            self.view.show(self.controller.last_result, ahead=opened)
