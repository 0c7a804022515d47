"""A test-wise learner cannot guess the self-check: neither the length of an option nor the place
where it is shown gives the right answer away, in English or in Japanese.

Length is measured as the option is seen: a full-width (Japanese) character takes two columns.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from hvlab.course.questions import Question, bank_file, load_bank
from hvlab.widgets.self_check import display_order

LANGUAGES = ("en", "ja")
LONGEST_AT_MOST = 0.25
"""The right option may be the longest (or tied for it) in at most a quarter of the questions."""
ONE_LENGTH_RANK_AT_MOST = 0.5
"""Nor may it be, say, the second longest nearly always: no length rank holds over half of them."""
ONE_POSITION_AT_MOST = 0.4
"""No place on the screen holds more than 40 % of the right answers (three places: a third each)."""
HYPER_V_LABELS = {"04-create-and-apply": "the options are the Apply dialog's three buttons, in Hyper-V Manager's words"}
"""Questions whose options are Hyper-V's own labels: their lengths are Hyper-V's, not the bank's."""


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _length_rank(question: Question) -> int:
    """0 when the right option is (one of) the longest, 1 when one option is longer, ..."""
    right = _width(question.correct_option.text)
    return sum(1 for o in question.options if not o.correct and _width(o.text) > right)


@pytest.fixture(params=LANGUAGES)
def bank(request) -> tuple[Question, ...]:
    assert request.param == "en" or bank_file(request.param) == f"questions.{request.param}.json"
    return load_bank(request.param)


def test_the_right_option_is_seldom_the_longest(bank):
    longest = [q.id for q in bank if _length_rank(q) == 0]
    assert len(longest) <= LONGEST_AT_MOST * len(bank), f"right option longest in {len(longest)}/{len(bank)}: {longest}"


def test_no_length_rank_marks_the_right_option(bank):
    ranks = Counter(_length_rank(q) for q in bank)
    rank, count = ranks.most_common(1)[0]
    assert count <= ONE_LENGTH_RANK_AT_MOST * len(bank), f"length rank {rank} holds {count}/{len(bank)}: {dict(ranks)}"


def test_the_right_option_is_shown_in_every_place_about_as_often(bank):
    places = Counter([o.id for o in display_order(q)].index(q.correct_option.id) for q in bank)
    place, count = places.most_common(1)[0]
    assert count <= ONE_POSITION_AT_MOST * len(bank), f"place {place} holds {count}/{len(bank)}: {dict(places)}"
    assert set(places) >= {0, 1, 2}


def test_no_distractor_is_a_bare_word_beside_a_sentence(bank):
    """A distractor far shorter than the right answer ("An error" beside a sentence) is ruled out
    at a glance: each question has at least one distractor at least half as long as the answer."""
    thin = [q.id for q in bank if q.id not in HYPER_V_LABELS
            and max(_width(o.text) for o in q.options if not o.correct) * 2 < _width(q.correct_option.text)]
    assert not thin, thin
