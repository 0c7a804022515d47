"""Self-checks: predict, then reveal, with an explanation for every option.

A learner first commits to a prediction (one radio button), then clicks to reveal: each option
shows whether it is right and why, citing the reference point or ruling. Answers are kept in
the kernel (:func:`answers`) and in the learner's progress record, which outlives the kernel;
:func:`export_answers` (and the :class:`AnswerExport` widget, which asks the learner's name once)
writes every answer of the record, from every notebook, as JSON for the trainer. The first
prediction is kept apart from later changes of mind, because the first guess is what tells a
trainer what the room believed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.classroom import progress
from hvlab.course.questions import Option, Question, load_bank, questions
from hvlab.reference.citations import cite_html

from .controller import esc

__all__ = ["AnswerExport", "SelfCheck", "answers", "clear_answers", "export_answers"]

_ANSWERS: dict[str, dict[str, Any]] = {}
"""Question id → what the learner answered, for this kernel."""

EXPORT_FORMAT = "hvlab-answers"
EXPORT_VERSION = 1


def answers() -> dict[str, dict[str, Any]]:
    """Everything answered in this kernel so far (a copy: changing it changes nothing)."""
    return copy.deepcopy(_ANSWERS)


def clear_answers() -> None:
    """Forget every answer (a trainer starting a new group on the same kernel)."""
    _ANSWERS.clear()


def recorded_answers(record_path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every self-check answer in the learner's progress record (every notebook, every kernel),
    with the question's rules and right option from the bank, in bank order."""
    kept = progress.load(record_path)["answers"]
    bank = {q.id: q for q in load_bank()}
    recorded = {}
    for question_id in [q for q in bank if q in kept] + sorted(q for q in kept if q not in bank):
        entry = dict(kept[question_id])
        question = bank.get(question_id)
        if question is not None:
            entry.update(rules=list(question.rules), correct_option=question.correct_option.id)
        recorded[question_id] = entry
    return recorded


def export_answers(path: str | Path, learner: str | None = None, record_path: Path | None = None) -> Path | None:
    """Write every answer the learner gave, in any notebook, as JSON for the trainer; returns the
    path written, or None (and writes nothing) while there is no answer yet. ``learner`` defaults
    to the name saved in the progress record."""
    target = Path(path)
    recorded = recorded_answers(record_path)
    if not recorded:
        return None
    if learner is None:
        learner = progress.learner(record_path) or None
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "learner": learner,
        "summary": {
            "answered": len(recorded),
            "correct_first_try": sum(1 for a in recorded.values() if a.get("first_correct")),
        },
        "answers": recorded,
    }
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def display_order(question: Question) -> tuple[Option, ...]:
    """The options in a stable order of their own (a hash of question and option id), so the
    right answer is not always in the same place as in the bank, yet every learner and every
    run sees the same order."""
    return tuple(sorted(question.options, key=lambda o: hashlib.sha1(f"{question.id}/{o.id}".encode()).hexdigest()))


CHOICE_CLASS = "hvlab-choice"
CHOICE_CSS = (
    f"<style>.{CHOICE_CLASS} .widget-radio-box label {{height:auto;min-height:var(--jp-widgets-radio-item-height);"
    "line-height:1.35;margin-bottom:4px;display:flex;flex-direction:row-reverse;justify-content:flex-end;flex-wrap:nowrap;align-items:flex-start;white-space:normal}"
    f" .{CHOICE_CLASS} .widget-radio-box input {{flex:none;margin-top:2px}}</style>"
)
"""ipywidgets gives each radio label a fixed one-line height: in JupyterLab's narrower column a
long option wrapped onto the next one and hid its radio button (seen in the browser tests)."""


class _QuestionPanel:
    """One question: prompt, options, the reveal button and the per-option feedback."""

    def __init__(self, question: Question, number: int, total: int):
        self.question = question
        self.choice = widgets.RadioButtons(
            options=[(o.text, o.id) for o in display_order(question)], value=None,
            layout=widgets.Layout(width="auto"),
        )
        self.choice.add_class(CHOICE_CLASS)  # long options wrap instead of overlapping (CHOICE_CSS)
        self.reveal_button = widgets.Button(description=text("widget.selfcheck.reveal"), button_style="info",
                                            layout=widgets.Layout(width="max-content"))
        self.reveal_button.on_click(lambda _: self.reveal())
        self.feedback = widgets.HTML()
        header = text("widget.selfcheck.header", number=number, total=total, rules=", ".join(question.rules))
        scenario = f"<div><i>{cite_html(question.scenario)}</i></div>" if question.scenario else ""
        self.widget = widgets.VBox([
            widgets.HTML(f"<div class='hvlab-question' data-id='{esc(question.id)}'><small>{esc(header)}</small>"
                         f"{scenario}<div><b>{esc(question.prompt)}</b></div></div>"),
            self.choice, self.reveal_button, self.feedback,
        ], layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="4px 0"))

    def reveal(self) -> bool:
        """Record the prediction and show every option's explanation."""
        chosen = self.choice.value
        if chosen is None:
            self.feedback.value = f"<div>{esc(text('widget.selfcheck.predict_first'))}</div>"
            return False
        q = self.question
        option = q.option(chosen)
        record = _ANSWERS.get(q.id)
        if record is None:
            record = {
                "topic": q.topic, "rules": list(q.rules), "first_choice": chosen,
                "first_correct": option.correct, "attempts": 0,
            }
            _ANSWERS[q.id] = record
        record.update(choice=chosen, correct=option.correct, correct_option=q.correct_option.id,
                      attempts=record["attempts"] + 1,
                      answered_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        progress.record_answer(q.id, q.topic, record["first_correct"], option.correct, choice=chosen)  # survives the kernel
        verdict = text("widget.selfcheck.right" if option.correct else "widget.selfcheck.wrong")
        rows = []
        for o in display_order(q):
            mark = "✔" if o.correct else "✘"
            mine = f" ◀ {text('widget.selfcheck.your_prediction')}" if o.id == chosen else ""
            rows.append(f"<li data-correct='{str(o.correct).lower()}'><b>{mark} {esc(o.text)}</b>{esc(mine)}"
                        f"<br>{cite_html(o.explanation)}</li>")
        assumed = f"<div><i>{esc(text('widget.selfcheck.assumed'))}</i></div>" if q.assumed else ""
        self.feedback.value = f"<div class='hvlab-feedback'><b>{esc(verdict)}</b><ul>{''.join(rows)}</ul>{assumed}</div>"
        return True


class SelfCheck:
    """The self-check of one notebook topic ("01".."08")."""

    def __init__(self, topic: str):
        self.topic = topic
        progress.mark_opened(topic)
        self.questions = questions(topic)
        self.panels = {q.id: _QuestionPanel(q, i + 1, len(self.questions)) for i, q in enumerate(self.questions)}
        self.widget = widgets.VBox(
            [widgets.HTML(f"{CHOICE_CSS}<h3>{esc(text('widget.selfcheck.title', topic=topic))}</h3>"
                          f"<div>{esc(text('widget.selfcheck.intro'))}</div>"),
             *(p.widget for p in self.panels.values())],
            layout=widgets.Layout(width="100%"),
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def answer(self, question_id: str, option_id: str) -> bool:
        """Predict ``option_id`` and reveal, as a learner's two clicks would."""
        panel = self.panels[question_id]
        panel.choice.value = option_id
        panel.reveal_button.click()
        return self.panels[question_id].question.option(option_id).correct


class AnswerExport:
    """The end of the course: the learner's name, asked once (kept in the progress record and
    offered again next time), and a button that writes every self-check answer the record holds
    to ``path`` for the trainer. Showing it writes nothing: a Run All before any answer leaves no
    empty file with a placeholder name behind."""

    def __init__(self, path: str | Path = "my-answers.json", record_path: Path | None = None):
        self.path = Path(path)
        self.record_path = record_path
        self.name = widgets.Text(value=progress.learner(record_path), description=text("widget.export.name"),
                                 placeholder=text("widget.export.name_placeholder"),
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="24em"))
        self.save_button = widgets.Button(description=text("widget.export.save"), layout=widgets.Layout(width="max-content"))
        self.save_button.on_click(lambda _: self.save_name())
        self.write_button = widgets.Button(description=text("widget.export.write", path=self.path.name),
                                           button_style="primary", layout=widgets.Layout(width="max-content"))
        self.write_button.on_click(lambda _: self.write())
        self.status = widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox([self.name, self.save_button]), self.write_button, self.status],
                                   layout=widgets.Layout(width="100%"))
        self._count()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _count(self) -> int:
        count = len(recorded_answers(self.record_path))
        self.status.value = f"<div>{esc(text('widget.export.count', count=count))}</div>"
        return count

    def save_name(self) -> bool:
        """Keep the name in the progress record."""
        saved = progress.set_learner(self.name.value, self.record_path)
        self.status.value = f"<div>{esc(text('widget.export.saved', name=self.name.value.strip()))}</div>"
        return saved

    def write(self) -> Path | None:
        """Write the answers (saving the name first, if one was typed); None while there is none."""
        if self.name.value.strip() and self.name.value.strip() != progress.learner(self.record_path):
            progress.set_learner(self.name.value, self.record_path)
        written = export_answers(self.path, learner=self.name.value.strip() or None, record_path=self.record_path)
        if written is None:
            self.status.value = f"<div>{esc(text('widget.export.nothing'))}</div>"
        else:
            count = len(recorded_answers(self.record_path))
            self.status.value = f"<div>{esc(text('widget.export.written', path=str(written), count=count))}</div>"
        return written
