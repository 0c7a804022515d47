"""Disk chain lab: one VM, its checkpoint tree and its AVHDX chain, under a learner's hands.

The buttons are Hyper-V Manager's actions (power, Checkpoint) plus guest actions; a checkpoint's
own actions are on the tree itself, as in Hyper-V Manager: a click on a checkpoint opens its
context menu (Settings... / Apply... / Export... / Rename... / Delete Checkpoint... / Delete
Checkpoint Subtree..., :mod:`.checkpoint_menu`), a click on a disk file inspects it. The guest
actions write to the disk or only to memory. Apply asks Hyper-V's own question
with its three buttons (USING, B15); Delete Checkpoint... and Delete Checkpoint Subtree... ask
before they delete, as Hyper-V Manager does, in hvlab's words (no published source shows
Hyper-V Manager's). After every click the lab shows the checkpoint tree, the disk chain, the
before/after of that operation, what the guest sees, the event log and the PowerShell a learner
would type for the same thing.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.checkpoint import Checkpoint
from hvlab.checkpoint_type import CheckpointType
from hvlab.events import EventSource
from hvlab.guest import GuestFamily
from hvlab.integration_services import IntegrationService
from hvlab.lab import Lab
from hvlab.reference import provenance_of_event
from hvlab.reference.citations import cite_html, cited_rules
from hvlab.states import VMState
from hvlab.vm import VirtualMachine

from . import manager_labels, screen
from .controller import OneVMController, esc
from .checkpoint_menu import CheckpointMenu
from .delete_dialog import DELETE_OPERATIONS, DeleteConfirmation
from .lab_locks import LockedLab, Locks
from .step_view import StepPanel
from .tab_pictures import TabPictures

__all__ = ["DiskChainLab", "POWER_ACTIONS"]

MANAGER_LABEL_KEYS = ("widget.lab.checkpoint", "widget.lab.settings", "widget.lab.apply", "widget.lab.export",
                      "widget.lab.rename", "widget.lab.delete", "widget.lab.delete_subtree")
"""The lab's controls that carry Hyper-V Manager's own labels (SHOT-MENU)."""
POWER_ACTIONS = ("start", "shut_down", "turn_off", "save", "pause", "resume", "complete_boot")
"""Power buttons, by ``VirtualMachine`` method; labels are the core's ``action.*`` words."""

EVENT_LINES = 14
TAB_PICTURES = ("checkpoint_tree", "disk_chain", "before_after")
"""The pictures of the lab's first tabs, in the tabs' order (the others hold text)."""


class DiskChainLab(LockedLab, OneVMController):
    """One VM with power buttons, checkpoints, guest actions, Undo and Reset."""

    def __init__(self, lab: Lab | None = None, vm_name: str | None = None, *, settings: bool = False, locks: Locks | None = None):
        super().__init__(lab, vm_name)
        vm = self.vm
        self._syncing = False

        # --- power
        self.power_buttons: dict[str, widgets.Button] = {}
        for action in POWER_ACTIONS:
            label = text("widget.lab.finish_boot") if action == "complete_boot" else text(f"action.{action}")
            button = widgets.Button(description=label, tooltip=text(f"widget.lab.tip.{action}"),
                                    layout=widgets.Layout(width="auto"))
            button.on_click(lambda _, a=action: self.act(self.vm, a))
            self.power_buttons[action] = button
        # --- checkpoint
        self.checkpoint_name = widgets.Text(placeholder=text("widget.lab.checkpoint_name_placeholder"),
                                            layout=widgets.Layout(width="12em"))
        self.checkpoint_button = widgets.Button(description=manager_labels.label("widget.lab.checkpoint"), button_style="primary",
                                                tooltip=manager_labels.tooltip("widget.lab.checkpoint") or text("widget.lab.tip.checkpoint"))
        self.checkpoint_button.on_click(lambda _: self.take_checkpoint())
        # --- the selected checkpoint and its context menu
        self.selected = widgets.Dropdown(description=text("widget.lab.selected"), options=[],
                                         style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self.selected.observe(lambda _: self._on_select(), names="value")
        self.apply_button = widgets.Button(description=manager_labels.label("widget.lab.apply"),
                                           tooltip=manager_labels.tooltip("widget.lab.apply"))
        self.apply_button.on_click(lambda _: self.ask_apply())
        self.delete_button = widgets.Button(description=manager_labels.label("widget.lab.delete"),
                                            tooltip=manager_labels.tooltip("widget.lab.delete"))
        self.delete_button.on_click(lambda _: self._on_selected("delete_checkpoint"))
        self.delete_subtree_button = widgets.Button(description=manager_labels.label("widget.lab.delete_subtree"),
                                                    tooltip=manager_labels.tooltip("widget.lab.delete_subtree"),
                                                    layout=widgets.Layout(width="auto"))
        self.delete_subtree_button.on_click(lambda _: self._on_selected("delete_checkpoint_subtree"))
        self.new_name = widgets.Text(placeholder=text("widget.lab.new_name_placeholder"), layout=widgets.Layout(width="9em"))
        self.rename_button = widgets.Button(description=manager_labels.label("widget.lab.rename"),
                                            tooltip=manager_labels.tooltip("widget.lab.rename"))
        self.rename_button.on_click(lambda _: self._on_selected("rename_checkpoint", new_name=self.new_name.value))
        # --- Hyper-V's Apply dialog (USING, B15; strings in core.json)
        self.apply_create_button = widgets.Button(description=text("hyperv.apply_create_and_apply"), layout=widgets.Layout(width="auto"))
        self.apply_only_button = widgets.Button(description=text("hyperv.apply_apply"))
        self.apply_cancel_button = widgets.Button(description=text("hyperv.apply_cancel"))
        self.apply_create_button.on_click(lambda _: self.answer_apply(create_checkpoint=True))
        self.apply_only_button.on_click(lambda _: self.answer_apply(create_checkpoint=False))
        self.apply_cancel_button.on_click(lambda _: self.answer_apply(None))
        self.apply_dialog_text = widgets.HTML()
        # The deletes ask first too, in this box with their own buttons (hvlab's wording).
        self.apply_buttons = (self.apply_create_button, self.apply_only_button, self.apply_cancel_button)
        self.delete_dialog = DeleteConfirmation(self)
        self.delete_confirm_button, self.delete_cancel_button = self.delete_dialog.confirm_button, self.delete_dialog.cancel_button
        self.dialog_buttons = widgets.HBox(list(self.apply_buttons))
        self.apply_dialog = widgets.VBox(
            [self.apply_dialog_text, self.dialog_buttons],
            layout=widgets.Layout(display="none", border="1px solid #555", padding="6px", width="fit-content"),
        )
        # --- guest actions
        self.file_path = widgets.Text(value=self._default_file(vm), layout=widgets.Layout(width="17em"))
        self.file_content = widgets.Text(value=text("widget.lab.default_content"), layout=widgets.Layout(width="8em"))
        self.edit_button = widgets.Button(description=text("widget.lab.edit_file"), tooltip=text("widget.lab.tip.edit_file"))
        self.edit_button.on_click(lambda _: self.act(self.vm, "write_file", path=self.file_path.value, content=self.file_content.value))
        self.update_button = widgets.Button(description=text("widget.lab.install_update"), layout=widgets.Layout(width="auto"),
                                            tooltip=text("widget.lab.tip.install_update"))
        self.update_button.on_click(lambda _: self.act(self.vm, "install_update"))
        self.app_name = widgets.Text(value=self._default_app(vm), layout=widgets.Layout(width="8em"))
        self.open_app_button = widgets.Button(description=text("widget.lab.open_app"), tooltip=text("widget.lab.tip.open_app"))
        self.open_app_button.on_click(lambda _: self.act(self.vm, "open_app", app=self.app_name.value))
        self.close_app_button = widgets.Button(description=text("widget.lab.close_app"))
        self.close_app_button.on_click(lambda _: self.act(self.vm, "close_app", app=self.app_name.value))
        # --- domain controller actions (shown only for a DC guest, A10/A11/B22/B23)
        self.dc_buttons: dict[str, widgets.Button] = {}
        for action in ("change_directory", "restore_directory_in_dsrm", "force_demote"):
            button = widgets.Button(description=text(f"widget.lab.dc.{action}"), layout=widgets.Layout(width="auto"),
                                    tooltip=text(f"widget.lab.tip.{action}"))
            button.on_click(lambda _, a=action: self.act(self.vm, a))
            self.dc_buttons[action] = button
        self.dc_row = screen.group([widgets.HTML(f"<b>{esc(text('widget.lab.dc_row'))}</b>"), *self.dc_buttons.values()])
        # --- optional settings row (challenges need it)
        self.setting = widgets.Dropdown(
            options=[(text(f"widget.setting.{t.name}"), t) for t in CheckpointType],
            description=text("widget.lab.setting"), style={"description_width": "initial"}, layout=widgets.Layout(width="auto"),
        )
        self.setting.observe(self._on_setting, names="value")
        self.backup_service = widgets.Checkbox(description=IntegrationService.BACKUP.label, indent=False,
                                               layout=widgets.Layout(width="auto"))
        self.backup_service.observe(self._on_backup, names="value")
        self.requester = widgets.Checkbox(indent=False, layout=widgets.Layout(width="auto"))
        self.requester.observe(self._on_requester, names="value")
        self.settings_row = widgets.HBox([self.setting, self.backup_service, self.requester],
                                         layout=widgets.Layout(flex_flow="row wrap", display=None if settings else "none"))

        # --- what it shows
        self.status = widgets.HTML()
        self.guest_view = widgets.HTML()
        self.event_log = widgets.HTML()
        self.powershell = widgets.HTML()
        self.before_after_caption = widgets.HTML()
        # The tree and the chain are pictures to act on (checkpoint_menu): a checkpoint's context
        # menu takes over the row of buttons on the selected checkpoint, which stay the lab's
        # Python API (tests, challenges) but leave the screen; the dropdown stays as a second way.
        self.checkpoint_menu = CheckpointMenu(self)
        tree, chain = self.checkpoint_menu.view("checkpoint_tree"), self.checkpoint_menu.view("disk_chain")
        before_after = self.described_image("before_after")

        # One screen (screen.py): grouped rows of controls, the outcome under them, then one
        # pane whose tabs hold each picture at full width (drawn for it) and the secondary
        # material. The selected checkpoint's actions are one group: the tree's context menu
        # can take them over as a whole.
        group, bold = screen.group, lambda words: widgets.HTML(f"<b>{esc(words)}</b>")  # noqa: E731
        self.checkpoint_actions = group([self.selected])
        self.views = screen.tabs([
            (text("widget.lab.tree"), screen.pane([tree])),
            (text("widget.lab.chain"), screen.pane([chain])),
            (text("widget.lab.tab.before_after"), screen.pane([self.before_after_caption, before_after])),
            (text("widget.lab.guest_sees"), screen.pane([self.guest_view])),
            (text("widget.lab.event_log"), screen.pane([self.event_log])),
            (text("widget.lab.tab.powershell"), screen.pane([self.powershell])),
        ])
        # A click draws the picture on the tab shown; a tab chosen draws its own (tab_pictures).
        self.tab_pictures = TabPictures(self.views, self.cache, {  # in TAB_PICTURES' order
            kind: (lambda k=kind: self.checkpoint_menu.draw(self.vm, (k,))) for kind in TAB_PICTURES[:2]}
            | {"before_after": lambda: self._draw_before_after(self.vm)})
        self.step_panel = StepPanel(self)
        self.apply_locks(locks)  # a scenario's: what the lab leaves out (lab_locks)
        self.widget = screen.lab_root([
            self.status,
            group([bold(text("widget.lab.power_row")), *self.power_buttons.values(),
                   widgets.HTML("&emsp;"), self.undo_button, self.reset_button]),
            self.settings_row,
            group([self.checkpoint_name, self.checkpoint_button, widgets.HTML("&emsp;"), self.checkpoint_actions]),
            self.apply_dialog,
            group([bold(text("widget.lab.guest_row")), self.file_path, self.file_content, self.edit_button,
                   self.update_button, self.app_name, self.open_app_button, self.close_app_button]),
            self.dc_row,
            widgets.HTML(manager_labels.labels_note_html(MANAGER_LABEL_KEYS)),
            self.outcome,
            self.views,
            self.step_panel.widget,  # folded: the last operation step by step (step_view)
        ])
        del vm
        self.refresh()

    # ------------------------------------------------------------------ model access
    @property
    def selected_checkpoint(self) -> Checkpoint | None:
        value = self.selected.value
        return self.vm.checkpoints.get(value) if value else None

    def select(self, checkpoint: Checkpoint | str) -> None:
        """Select a checkpoint (by object, ID or name) as a click in the tree would."""
        self.selected.value = self.vm.find_checkpoint(checkpoint).id

    @staticmethod
    def _default_file(vm: VirtualMachine) -> str:
        return "/home/student/notes.txt" if vm.guest.family is GuestFamily.LINUX else "C:\\Users\\Student\\Documents\\notes.txt"

    @staticmethod
    def _default_app(vm: VirtualMachine) -> str:
        return text("widget.lab.default_app_linux") if vm.guest.family is GuestFamily.LINUX else text("widget.lab.default_app_windows")

    # ------------------------------------------------------------------ clicks
    def take_checkpoint(self) -> bool:
        """The Checkpoint button: Hyper-V's default name when the box is empty (B20)."""
        name = self.checkpoint_name.value if self.checkpoint_name.value.strip() else None
        ok = self.act(self.vm, "checkpoint", name=name)
        if ok:
            self.checkpoint_name.value = ""
        return ok

    def _on_selected(self, operation: str, **args: Any) -> bool:
        """A context-menu item of the selected checkpoint; the two deletes ask first."""
        cp = self.selected_checkpoint
        if cp is None:
            self.outcome.value = self._info(text("widget.lab.select_first"))
            return False
        if operation in DELETE_OPERATIONS:
            return self.ask_delete(operation)
        return self.act(self.vm, operation, checkpoint=cp, **args)

    def ask_delete(self, operation: str) -> bool:
        """Delete Checkpoint... / Delete Checkpoint Subtree...: asks first (:mod:`.delete_dialog`)."""
        return self.delete_dialog.ask(operation)

    def answer_delete(self, delete: bool) -> bool:
        """The delete question's buttons: ``True`` "Delete", ``False`` "Cancel"."""
        return self.delete_dialog.answer(delete)

    def ask_apply(self) -> bool:
        """Apply...: Hyper-V asks first (B15). Nothing changes until a button is chosen."""
        cp = self.selected_checkpoint
        if cp is None:
            self.outcome.value = self._info(text("widget.lab.select_first"))
            return False
        self.apply_dialog_text.value = (
            f"<b>{esc(text('hyperv.apply_title'))}</b> — <i>{esc(cp.name)}</i><br>"
            f"{esc(text('hyperv.apply_question'))}<br>{esc(text('hyperv.apply_warning'))}"
        )
        self.delete_dialog.operation = None
        self.dialog_buttons.children = self.apply_buttons
        self.apply_dialog.layout.display = "flex"
        return True

    def answer_apply(self, create_checkpoint: bool | None) -> bool:
        """One of the dialog's buttons: ``True`` "Create Checkpoint and Apply", ``False``
        "Apply", ``None`` "Cancel"."""
        self.apply_dialog.layout.display = "none"
        cp = self.selected_checkpoint
        if create_checkpoint is None or cp is None:
            self.outcome.value = self._info(text("widget.lab.apply_cancelled"))
            return False
        return self.act(self.vm, "apply", checkpoint=cp, create_checkpoint=create_checkpoint)

    def _on_setting(self, change: dict) -> None:
        if not self._syncing and change["new"] is not None and change["new"] is not self.vm.checkpoint_type:
            self.act(self.vm, "set_checkpoint_type", checkpoint_type=change["new"])

    def _on_backup(self, change: dict) -> None:
        if not self._syncing and bool(change["new"]) != self.vm.integration_services[IntegrationService.BACKUP]:
            self.act(self.vm, "set_integration_service", service=IntegrationService.BACKUP, enabled=bool(change["new"]))

    def _on_requester(self, change: dict) -> None:
        if not self._syncing and bool(change["new"]) != self.vm.guest.vss_requester_running:
            self.act(self.vm, "set_vss_requester_running", running=bool(change["new"]))

    def _on_select(self) -> None:
        if not self._syncing:
            self.guest_view.value = self._guest_html()

    @staticmethod
    def _info(message: str) -> str:
        from .controller import message_html

        return message_html("info", message)

    # ------------------------------------------------------------------ drawing
    def _sync_controls(self) -> None:
        vm = self.vm
        self._syncing = True
        try:
            previous = self.selected.value
            names = [cp.name for cp in vm.checkpoints.values()]
            options = []
            for cp in vm.checkpoints.values():
                label = cp.name if names.count(cp.name) == 1 else f"{cp.name} ({cp.id[:8]})"
                options.append((label, cp.id))
            with self.selected.hold_sync():  # the options and the selection in one message
                self.selected.options = options
                if previous in vm.checkpoints:
                    self.selected.value = previous
                elif self.last_result is not None and self.last_result.checkpoint_id in vm.checkpoints and self.last_error is None:
                    self.selected.value = self.last_result.checkpoint_id
                elif vm.now_parent_id is not None:
                    self.selected.value = vm.now_parent_id
                else:
                    self.selected.value = None
            self.setting.value = vm.checkpoint_type
            self.backup_service.value = vm.integration_services[IntegrationService.BACKUP]
            self.requester.description = text("widget.lab.requester_running", requester=vm.guest.requester_name)
            self.requester.value = vm.guest.vss_requester_running
            self.requester.disabled = not vm.guest.integration_services
            self.dc_row.layout.display = None if vm.guest.is_domain_controller else "none"
        finally:
            self._syncing = False

    def redraw(self) -> None:
        vm = self.vm
        later = ExitStack()  # the tree's picture goes out first: the page decodes it while the rest comes
        for widget in (self.selected, self.status, *self.checkpoint_menu.descriptions.values()):
            later.enter_context(widget.hold_sync())
        with later, self.checkpoint_menu.tree.hold_sync():  # the tree's selection and picture: one message
            self._sync_controls()
            self.apply_dialog.layout.display = "none"  # Hyper-V's dialog is modal: any other click closes it
            self.status.value = f"<b>{esc(vm.name)}</b> — " + esc(text("widget.on_host", host=self.lab.host.label, title=text(  # B26
                "widget.lab.status", hyperv_state=vm.state.hyperv_display, state=text(f"widget.state.{vm.state.name}"),
                setting=vm.checkpoint_type.label, count=len(vm.checkpoints), guest=vm.guest.os.value)))
            self.tab_pictures.changed()  # the picture on the tab shown; a hidden tab's when it is chosen
            self.checkpoint_menu.draw(vm, ())  # the tree's selection follows the dropdown, drawn or not
        self.guest_view.value = self._guest_html()
        self.event_log.value = self._events_html()
        self.powershell.value = self._powershell_html()

    def draw_all(self) -> None:
        """Bring every picture up to date, the hidden tabs' too (a notebook or a test reading a
        picture the learner has not opened): what opening its tab would show."""
        self.tab_pictures.draw_all()

    def _draw_before_after(self, vm: VirtualMachine) -> None:
        if self.operations and vm.last_result is not None:  # only this widget's own steps
            self.before_after_caption.value = f"<b>{cite_html(text('widget.lab.before_after', operation=self.shown_summary(vm.last_result)))}</b>"
            self.draw("before_after", vm)
        else:
            self.before_after_caption.value = f"<b>{esc(text('widget.lab.before_after_none'))}</b>"
            self.clear_image("before_after")

    def _guest_html(self) -> str:
        vm = self.vm
        console = {
            VMState.OFF: text("hyperv.vm_turned_off", vm=vm.name),
            VMState.STARTING: text("widget.lab.console_booting"),
            VMState.RUNNING: text("widget.lab.console_running"),
            VMState.PAUSED: text("widget.lab.console_paused"),
            VMState.SAVED: text("widget.lab.console_saved"),
        }[vm.state]
        apps = ", ".join(vm.open_apps) if vm.open_apps else text("widget.lab.none")
        if vm.state in (VMState.SAVED, VMState.PAUSED) and vm.memory is not None:
            apps = text("widget.lab.apps_in_memory", apps=", ".join(vm.memory.open_apps) or text("widget.lab.none"))
        files = sorted(vm.files().items())
        file_rows = "".join(f"<tr><td><code>{esc(p)}</code></td><td>{esc(c)}</td></tr>" for p, c in files)
        parts = [
            f"<b>{esc(text('widget.lab.guest_sees'))}</b>",
            f"<div>{esc(text('widget.lab.console', console=console))}</div>",
            f"<div>{esc(text('widget.lab.open_apps', apps=apps))}</div>",
            f'<table class="hvlab-files">{file_rows}</table>',
        ]
        if vm.guest.is_domain_controller:
            parts.append(f"<div>{esc(text('widget.lab.directory', health=text('directory.' + vm.directory.health.name)))}</div>")
        cp = self.selected_checkpoint
        if cp is not None:
            thumb = text("widget.lab.thumbnail_yes" if cp.has_thumbnail else "widget.lab.thumbnail_no")
            memory = (text("widget.lab.cp_memory", apps=", ".join(cp.memory.open_apps) or text("widget.lab.none"))
                      if cp.memory is not None else text("widget.lab.cp_no_memory"))
            parts.append(
                f"<div class='hvlab-selected'><b>{esc(text('widget.lab.selected_cp', name=cp.name))}</b><br>"
                f"{self.kind_html(cp)}<br>{esc(thumb)}<br>{esc(memory)}{self.kind_note_html()}</div>"
            )
        return "".join(parts)

    def _events_html(self) -> str:
        lines = []
        for event in self.vm.events[self._first_event:][-EVENT_LINES:]:
            who = text("widget.lab.verbatim", source=event.source.value) if event.verbatim else ""
            style = "font-weight:bold" if event.source is EventSource.HYPERV else ""
            origin = provenance_of_event(event)
            note = f'<br><small class="hvlab-source"><a href="{esc(origin.url)}" target="_blank">{esc(origin.note)}</a></small>' if origin and origin.url else (f'<br><small class="hvlab-source">{esc(origin.note)}</small>' if origin else "")
            line = self.scrubbed(str(event))
            if event.rule and event.rule in cited_rules(event.message):
                line = line.removesuffix(f" [{event.rule}]")  # the message cites its rule already
            lines.append(f'<div style="{style}"><code style="white-space:pre-wrap">{cite_html(line)}</code> {esc(who)}{note}</div>')
        return f"<b>{esc(text('widget.lab.event_log'))}</b>" + "".join(lines)

    def _powershell_html(self) -> str:
        recent = [line for lines in self.powershell_history[-8:] for line in lines]
        body = "\n".join(recent) if recent else text("widget.lab.powershell_none")
        return f"<b>{esc(text('widget.lab.powershell'))}</b><pre class='hvlab-powershell' style='white-space:pre;font-family:monospace'>{esc(body)}</pre>"
