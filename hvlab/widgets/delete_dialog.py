"""Delete Checkpoint... and Delete Checkpoint Subtree... ask first, as Hyper-V Manager does.

Hyper-V Manager confirms a delete as it confirms Apply; no published source shows its words, so
the question here is hvlab's and says so (its provenance, ``"hvlab"``, under the question). The
question appears in the disk chain lab's dialog box, the one Apply uses, with its own buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.reference import provenance_of

from .controller import esc, message_html

if TYPE_CHECKING:  # pragma: no cover
    from .disk_chain_lab import DiskChainLab

__all__ = ["DELETE_OPERATIONS", "DeleteConfirmation"]

DELETE_OPERATIONS = ("delete_checkpoint", "delete_checkpoint_subtree")


class DeleteConfirmation:
    """The delete question of :class:`~hvlab.widgets.DiskChainLab`, with Delete and Cancel."""

    def __init__(self, lab: DiskChainLab):
        self.lab = lab
        self.operation: str | None = None
        self.confirm_button = widgets.Button(description=text("dialog.delete_delete"), button_style="danger")
        self.cancel_button = widgets.Button(description=text("dialog.delete_cancel"))
        self.confirm_button.on_click(lambda _: self.answer(True))
        self.cancel_button.on_click(lambda _: self.answer(False))

    def ask(self, operation: str) -> bool:
        """Show the question for the selected checkpoint; nothing changes until Delete."""
        lab, cp = self.lab, self.lab.selected_checkpoint
        if cp is None:
            lab.outcome.value = message_html("info", text("widget.lab.select_first"))
            return False
        subtree = operation == "delete_checkpoint_subtree"
        question = (text("dialog.delete_subtree_question", name=cp.name, count=len(lab.vm.descendants(cp)))
                    if subtree else text("dialog.delete_question", name=cp.name))
        title_key = "dialog.delete_subtree_title" if subtree else "dialog.delete_title"
        lab.apply_dialog_text.value = (
            f"<b>{esc(text(title_key))}</b> — <i>{esc(cp.name)}</i><br>{esc(question)}"
            f"<br><small class='hvlab-source'>{esc(provenance_of(title_key).note)}</small>"
        )
        self.operation = operation
        lab.dialog_buttons.children = (self.confirm_button, self.cancel_button)
        lab.apply_dialog.layout.display = "flex"
        return True

    def answer(self, delete: bool) -> bool:
        """``True`` "Delete" (the operation runs), ``False`` "Cancel" (nothing changes)."""
        lab = self.lab
        lab.apply_dialog.layout.display = "none"
        operation, self.operation = self.operation, None
        cp = lab.selected_checkpoint
        if not delete or cp is None or operation is None:
            lab.outcome.value = message_html("info", text("outcome.delete_cancelled"))
            return False
        return lab.act(lab.vm, operation, checkpoint=cp)
