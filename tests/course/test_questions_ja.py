"""The Japanese self-check bank: the same questions as the English bank — same ids,
topics, rules, options and correct answers, only the text translated — validated by the same
schema, and chosen by the language in use."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from hvlab import set_language
from hvlab.course.questions import TOPICS, bank_file, load_bank, questions, validate_bank

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana and kanji


def _raw(name: str) -> dict:
    return json.loads((resources.files("hvlab") / "data" / name).read_text(encoding="utf-8"))


def _shape(bank: dict) -> list:
    """Everything but the translated text: id, topic, rules, assumed flag, and per option its id and correctness."""
    return [
        (q["id"], q["topic"], q["rules"], q.get("assumed", False), q.get("scenario"),
         [(o["id"], o["correct"]) for o in q["options"]])
        for q in bank["questions"]
    ]


def test_japanese_bank_validates_against_the_same_schema():
    """questions.ja.json matches questions.schema.json and the bank's own rules, and says it is Japanese."""
    bank = _raw("questions.ja.json")
    assert validate_bank(bank) == []
    assert bank["language"] == "ja" and bank["version"] == _raw("questions.json")["version"]


def test_same_questions_options_and_answers():
    """Same ids in the same order, same topics and rules, same option ids and counts, same correct option."""
    assert _shape(_raw("questions.ja.json")) == _shape(_raw("questions.json"))


def test_every_text_is_translated():
    """Every prompt, option and explanation of the Japanese bank is Japanese text, not a leftover
    English copy (an option may be a bare number or Hyper-V's own English button label)."""
    english = {q["id"]: q for q in _raw("questions.json")["questions"]}
    for q in _raw("questions.ja.json")["questions"]:
        assert JAPANESE.search(q["prompt"]), q["id"]
        for option, original in zip(q["options"], english[q["id"]]["options"]):
            assert JAPANESE.search(option["explanation"]), f"{q['id']}/{option['id']}: explanation not translated"
            if option["text"] == original["text"]:  # kept on purpose: a number or a verbatim Hyper-V label
                kept = re.fullmatch(r"\d+|Apply|Cancel|Create Checkpoint and Apply", option["text"])
                assert kept, f"{q['id']}/{option['id']}: text not translated"
            else:
                assert JAPANESE.search(option["text"]), f"{q['id']}/{option['id']}: text not translated"


def test_rule_ids_cited_in_the_text_are_the_same():
    """A translation cites the same points and rulings (A1–A11, B1–B25) as the English explanation."""
    def cited(text):
        return sorted(set(re.findall(r"\b[AB]\d{1,2}\b", text)))

    english = {q["id"]: q for q in _raw("questions.json")["questions"]}
    for q in _raw("questions.ja.json")["questions"]:
        for option, original in zip(q["options"], english[q["id"]]["options"]):
            assert cited(option["explanation"]) == cited(original["explanation"]), f"{q['id']}/{option['id']}"


@pytest.mark.parametrize("language, name", [("ja", "questions.ja.json"), ("en", "questions.json")])
def test_the_language_in_use_picks_the_bank(language, name):
    """hvlab.set_language decides which bank SelfCheck shows; the ids and answers do not change."""
    set_language(language)
    assert bank_file() == name
    assert [q.prompt for q in load_bank()] == [q["prompt"] for q in _raw(name)["questions"]]
    for topic in TOPICS:
        assert [(q.id, q.correct_option.id) for q in questions(topic)] == [
            (q.id, q.correct_option.id) for q in load_bank("en") if q.topic == topic
        ]


def test_a_language_without_a_bank_falls_back_to_english():
    """A language that has catalogs but no translated bank shows the English questions."""
    assert bank_file("xx") == "questions.json"
