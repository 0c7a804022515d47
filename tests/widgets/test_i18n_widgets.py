"""The lab widgets in Japanese ("the widget tests ... run in both languages").

The widget tests of ``test_widgets``, ``test_widgets_challenges`` and ``test_widgets_selfcheck``
run here a second time with ``hvlab.set_language("ja")``: they assert on the model and on
``text(...)`` of the current language, so the same clicks must give the same lab in Japanese.
A few assert on English words themselves and are left out (listed below with the reason).
The tests after them check what only a language switch can break: new widgets are Japanese,
and an existing widget's next redraw (outcome, status, diagrams) follows the switch.
"""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

import test_widgets  # noqa: E402
import test_widgets_challenges  # noqa: E402
import test_widgets_selfcheck  # noqa: E402
from test_widgets_selfcheck import _fresh_answers  # noqa: E402,F401  (self-check answers start empty)

from hvlab import IntegrationService, set_language  # noqa: E402
from hvlab.widgets import CheckpointTypeExplorer, DiskChainLab  # noqa: E402

ENGLISH_WORDS = {
    "test_explorer_guests_change_the_outcome": "looks for the English word 'file-system-consistent'",
    "test_lab_apply_standard_resumes_with_app_open": "opens the app named 'Notepad' through its English default",
    "test_lab_refused_operation_shows_learner_text_and_keeps_lab": "looks for 'Cannot write a file'",
    "test_lab_power_buttons_follow_hyperv_states": "looks for 'Hyper-V shows: Running'",
    "test_apply_comparison_standard_resumes_production_cold_boots": "looks for '<td>no</td>'",
    "test_explorer_sql_guest_shows_the_benign_writer_error": "looks for 'Microsoft does not document this'",
    "test_widget_catalog_keys_exist_and_are_prefixed": "a catalog test, language-independent (run once)",
}
"""Widget tests not repeated in Japanese, and why (their English assertions are correct there)."""

for _module in (test_widgets, test_widgets_challenges, test_widgets_selfcheck):
    for _name, _test in list(vars(_module).items()):
        if _name.startswith("test_") and callable(_test) and _name not in ENGLISH_WORDS:
            globals()[f"{_name}__ja"] = _test


@pytest.fixture(autouse=True)
def _japanese(_english):
    """After the suite's English default (conftest), switch every test here to Japanese."""
    set_language("ja")
    yield


def test_every_widget_test_runs_in_japanese_or_is_listed():
    """No widget test is silently skipped: each runs here or is listed with its reason."""
    names = {n for m in (test_widgets, test_widgets_challenges, test_widgets_selfcheck) for n in vars(m) if n.startswith("test_")}
    repeated = {n.removesuffix("__ja") for n in globals() if n.endswith("__ja")}
    assert names == repeated | set(ENGLISH_WORDS) and set(ENGLISH_WORDS) <= names
    assert len(repeated) > 5 * len(ENGLISH_WORDS)


def test_a_new_widget_after_the_switch_is_japanese():
    """A widget created after ``set_language("ja")`` shows Hyper-V Manager's page in Japanese.
    Microsoft publishes Hyper-V Manager's labels in English only, so each Japanese label is
    marked as hvlab's unconfirmed translation, its tooltip gives the English label, and the
    panel lists every pair once (no English aside inside each label)."""
    explorer = CheckpointTypeExplorer()
    assert explorer.undo_button.description == "元に戻す"
    assert explorer.enable_checkpoints.description == "チェックポイントを有効にする *"
    assert explorer.enable_checkpoints.tooltip.startswith("英語版 Hyper-V マネージャーの表示: Enable checkpoints")
    assert "運用チェックポイント" in explorer.fallback.description and "Create standard" not in explorer.fallback.description
    assert "Create standard checkpoints if it's not possible to create a production checkpoint." in explorer.fallback.tooltip
    assert [label for label, _ in explorer.checkpoint_kind.options] == ["運用チェックポイント *", "標準チェックポイント *"]
    assert explorer.services[IntegrationService.BACKUP].description == "バックアップ (ボリューム シャドウ コピー) *"
    note = explorer.labels_note.value
    assert "<details>" in note and "バックアップ (ボリューム シャドウ コピー) — <span lang='en'>Backup (volume shadow copy)</span>" in note
    assert "運用チェックポイント" in explorer.result.value


def test_english_manager_labels_carry_no_marker():
    """In English the labels are Microsoft's own (SHOT-SETTINGS): no marker, no tooltip, no note."""
    set_language("en")
    explorer = CheckpointTypeExplorer()
    assert explorer.enable_checkpoints.description == "Enable checkpoints" and not explorer.enable_checkpoints.tooltip
    assert explorer.labels_note.value == ""
    lab = DiskChainLab()
    assert lab.delete_button.description == "Delete Checkpoint..."


def test_an_existing_widget_redraws_in_the_new_language():
    """A widget built in English keeps its buttons, but its next redraw (outcome, status line,
    diagrams and their text version) is in Japanese: the diagram cache is keyed by language,
    so switching back returns the English pictures without drawing them again."""
    set_language("en")
    lab = DiskChainLab()
    lab.checkpoint_name.value = "before-update"
    lab.checkpoint_button.click()
    english_tree = lab.checkpoint_menu.tree.png
    assert "created." in lab.outcome.value and lab.undo_button.description == "Undo"

    set_language("ja")
    lab.checkpoint_name.value = "after-update"
    lab.checkpoint_button.click()
    assert "を作成しました" in lab.outcome.value and "チェックポイントの設定" in lab.status.value
    assert "チェックポイント" in lab.descriptions["checkpoint_tree"].value
    japanese_tree = lab.checkpoint_menu.tree.png

    set_language("en")
    lab.undo_button.click()
    assert lab.checkpoint_menu.tree.png == english_tree
    hits = lab.cache.hits
    set_language("ja")
    lab.redraw()
    assert lab.checkpoint_menu.tree.png not in (english_tree, japanese_tree)
    assert lab.cache.hits == hits  # a Japanese picture of this state had never been drawn
    assert lab.undo_button.description == "Undo"  # built in English: its buttons stay English
