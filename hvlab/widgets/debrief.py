"""A scenario's debrief, for a learner working without a trainer: choose a prediction, then read
the answer and why (the same answers the trainer's guide gives the room).

The debrief stays folded away until a prediction is chosen, because reading the answer first
teaches less than predicting it. The prediction is kept in the learner's progress record, beside
the self-check answers, so the trainer's export shows what the learner believed.
"""

from __future__ import annotations

import re

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.classroom import progress
from hvlab.course.debriefs import debrief
from hvlab.reference.citations import cite_html

from .controller import esc
from .self_check import CHOICE_CLASS, CHOICE_CSS

__all__ = ["ScenarioDebrief"]


def _inline_markup(source: str) -> str:
    """The debrief's **bold** and `code` as HTML, the rest escaped and its rule ids cited."""
    html = cite_html(source)
    html = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html)


class ScenarioDebrief:
    """The prediction and the folded debrief of one scenario (``"08-s1"`` …)."""

    def __init__(self, scenario_id: str):
        self.item = debrief(scenario_id)
        self.choice = widgets.RadioButtons(options=[(label, option_id) for option_id, label in self.item.options],
                                           value=None, layout=widgets.Layout(width="auto"))
        self.choice.add_class(CHOICE_CLASS)
        self.reveal_button = widgets.Button(description=text("widget.debrief.reveal"), button_style="info",
                                            layout=widgets.Layout(width="max-content"))
        self.reveal_button.on_click(lambda _: self.reveal())
        self.message = widgets.HTML()
        self.body = widgets.HTML()
        self.fold = widgets.Accordion([self.body], titles=[text("widget.debrief.title")],
                                      layout=widgets.Layout(display="none"))
        self._first: str | None = None
        self.widget = widgets.VBox([
            widgets.HTML(f"{CHOICE_CSS}<b>{esc(text('widget.debrief.prompt'))}</b>"),
            self.choice, self.reveal_button, self.message, self.fold,
        ], layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="4px 0"))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    @property
    def revealed(self) -> bool:
        return self.fold.layout.display != "none"

    def reveal(self) -> bool:
        """Show the debrief, unfolded, once a prediction is chosen; record the prediction."""
        chosen = self.choice.value
        if chosen is None:
            self.message.value = f"<div>{esc(text('widget.debrief.predict_first'))}</div>"
            return False
        item = self.item
        right = chosen == item.answer
        if self._first is None:
            self._first = chosen
        progress.record_answer(item.id, item.topic, self._first == item.answer, right, choice=chosen)
        answer = dict(item.options)[item.answer]
        verdict = text("widget.debrief.right") if right else text("widget.debrief.wrong", answer=answer)
        self.message.value = f"<div><b>{esc(verdict)}</b></div>"
        self.body.value = f"<div class='hvlab-debrief' data-id='{esc(item.id)}'>{_inline_markup(item.text)}</div>"
        self.fold.layout.display = None
        self.fold.selected_index = 0
        return True

    def answer(self, option_id: str) -> bool:
        """Choose ``option_id`` and reveal, as a learner's two clicks would."""
        self.choice.value = option_id
        self.reveal_button.click()
        return option_id == self.item.answer
