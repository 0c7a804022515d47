"""The disk chain lab's pictures as Hyper-V Manager's: the tree's context menu, the chain's disks.

A click on a checkpoint of the tree selects it (the lab's dropdown follows) and opens its context
menu, with Hyper-V Manager's items in Hyper-V Manager's order and words (``Settings...``,
``Apply...``, ``Export...``, ``Rename...``, ``Delete Checkpoint...``, ``Delete Checkpoint
Subtree...``, hyperv-reference SHOT-MENU; the labels' provenance in :mod:`.manager_labels`).
Each item runs what the lab's own controls run: Apply... and the deletes ask first in the lab's
dialog box (Hyper-V's Apply question, B15; hvlab's delete question), Rename... renames in place
(``Rename-VMCheckpoint``), Export... asks for a folder in place and exports there
(``Export-VMSnapshot -Path``, B27); Settings... shows what the checkpoint holds.
A click on a disk file of the chain shows its properties as ``Get-VHD`` reports them (the same
object the PowerShell console prints) and who uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.powershell.objects import VhdObject
from hvlab.reference.citations import cite_html

from . import manager_labels
from .controller import diagram_unavailable, esc, message_html
from .picture import MenuItem, Picture
from .rendering import Drawing

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.vm import VirtualMachine

    from .disk_chain_lab import DiskChainLab

__all__ = ["CheckpointMenu", "INSPECT_PROPERTIES", "MENU_ACTIONS"]

MENU_ACTIONS = {
    "settings": "widget.lab.settings",
    "apply": "widget.lab.apply",
    "export": "widget.lab.export",
    "rename": "widget.lab.rename",
    "delete_checkpoint": "widget.lab.delete",
    "delete_checkpoint_subtree": "widget.lab.delete_subtree",
}
"""The checkpoint context menu's items, in Hyper-V Manager's order, by the catalog key of its label."""
INSPECT_PROPERTIES = ("Path", "VhdFormat", "VhdType", "FileSize", "Size", "ParentPath")
"""What a disk's inspection shows: Get-VHD's properties for its type, parent and size."""
PATH_PROPERTIES = ("Path", "ParentPath")
"""The properties that name files: left out while a scenario hides the file names."""
PICTURES = ("checkpoint_tree", "disk_chain")
EXPORT_FOLDER = "C:\\Exports"
"""The folder Export... offers first: hvlab's choice, a learner types any other."""


class CheckpointMenu:
    """The tree and the chain of one :class:`~hvlab.widgets.DiskChainLab` as pictures to act on."""

    def __init__(self, lab: DiskChainLab):
        self.lab = lab
        self.pictures: dict[str, Picture] = {kind: Picture() for kind in PICTURES}
        self.descriptions: dict[str, widgets.HTML] = {kind: widgets.HTML() for kind in PICTURES}
        self._keys: dict[str, tuple] = {}
        lab.descriptions.update(self.descriptions)  # the pictures' text versions, where the lab keeps them
        tree, chain = self.tree, self.chain
        tree.menu_label = text("widget.picture.menu")
        tree.menu = self.menu_for(None)  # every item; a region lists its own when it offers fewer
        tree.on_select(self._on_tree_select)
        tree.on_action(self._on_tree_action)
        chain.on_select(self._on_chain_select)
        chain.on_action(lambda action, key, **_: self.inspect(key) if action == "inspect" else None)
        for picture_kind, picture in self.pictures.items():
            # A dark page or a HiDPI screen: the same state drawn again for it (cached apart).
            picture.observe(lambda _, kind=picture_kind: self.lab.tab_pictures.wanted_again(kind), names=["theme", "pixel_ratio"])
        lab.selected.observe(self._on_dropdown, names="value")

    @property
    def tree(self) -> Picture:
        return self.pictures["checkpoint_tree"]

    @property
    def chain(self) -> Picture:
        return self.pictures["disk_chain"]

    def menu_for(self, key: str | None) -> list[dict[str, Any]]:
        """The menu Hyper-V Manager shows on checkpoint ``key``: the core's list of what it
        offers there (:attr:`~hvlab.checkpoint.Checkpoint.manager_actions`; no Delete on a
        backup's Recovery checkpoint, B32), every item for no checkpoint. The page learns it
        with the picture (each region that offers fewer lists its ``actions``), so a click opens
        the right menu at once, without asking the kernel."""
        cp = self.lab.vm.checkpoints.get(key or "")
        offered = {a.value for a in cp.manager_actions} if cp is not None else set(MENU_ACTIONS)
        return [self._item(action, label) for action, label in MENU_ACTIONS.items() if action in offered]

    @staticmethod
    def _item(action: str, key: str) -> dict[str, Any]:
        label, tooltip = manager_labels.label(key), manager_labels.tooltip(key)
        if action == "rename":
            return MenuItem(action, label, tooltip, prompt=text("widget.picture.rename"))
        if action == "export":
            return MenuItem(action, label, tooltip, prompt=text("widget.picture.export_path"), value=EXPORT_FOLDER)
        return MenuItem(action, label, tooltip)

    def view(self, kind: str) -> widgets.VBox:
        """The picture with a one-line hint above it and its text version (folded) under it."""
        hint = text("widget.picture.tree_hint" if kind == "checkpoint_tree" else "widget.picture.chain_hint")
        return widgets.VBox([widgets.HTML(f"<small>{esc(hint)}</small>"), self.pictures[kind], self.descriptions[kind]])

    # ------------------------------------------------------------------ drawing
    def draw(self, vm: VirtualMachine, kinds: tuple[str, ...] = PICTURES) -> None:
        """Show pictures ``kinds`` (the tree, the chain) of ``vm`` as they are now, for the
        page's theme and screen, and the tree's selection; a picture whose state was sent
        before is not sent again. The lab draws only the one on the tab the learner sees."""
        for kind in kinds:
            picture = self.pictures[kind]
            try:
                key, drawing = self.lab.cache.drawing(kind, vm, picture.theme_wanted, picture.scale_wanted, strips=True)
            except ImportError as missing:  # no matplotlib (JupyterLite before %pip install): say why
                key, drawing = ("unavailable",), Drawing(b"", diagram_unavailable(missing))
            if self._keys.get(kind) == key:
                continue
            self._keys[kind] = key
            if kind == "checkpoint_tree":  # the lab's selection in the same message as the picture
                picture.show(drawing, self._with_actions(drawing.regions), self.lab.selected.value or "")
            else:
                picture.show(drawing)
            self.descriptions[kind].value = (
                f"<p role='note'>{esc(drawing.description)}</p>" if key == ("unavailable",) else
                f"<details><summary>{esc(text('widget.diagram_as_text'))}</summary>"
                f"<pre style='white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere'>{esc(drawing.description)}</pre></details>")
        selected = self.lab.selected.value or ""
        if self.tree.selected != selected:
            self.tree.selected = selected

    def _with_actions(self, regions: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
        """The tree's regions, each checkpoint that offers fewer than every item with its own."""
        every = list(MENU_ACTIONS)
        checkpoints = self.lab.vm.checkpoints
        out = []
        for region in regions:  # the actions only, not the items: a 50-checkpoint tree has 300 items
            cp = checkpoints.get(region["key"])
            offered = {a.value for a in cp.manager_actions} if cp is not None else set(every)
            actions = [action for action in every if action in offered]
            out.append(region if actions == every else {**region, "actions": actions})
        return out

    # ------------------------------------------------------------------ the tree
    def _on_tree_select(self, key: str) -> None:
        lab = self.lab
        if key in lab.vm.checkpoints and lab.selected.value != key:
            lab.selected.value = key

    def _on_dropdown(self, change: dict[str, Any]) -> None:
        value = change["new"] or ""
        if self.tree.selected != value:
            self.tree.selected = value

    def _on_tree_action(self, action: str, key: str, name: str | None = None) -> bool:
        """A menu item chosen on checkpoint ``key``: the lab's own method for it."""
        lab = self.lab
        if key not in lab.vm.checkpoints or action not in {item["action"] for item in self.menu_for(key)}:
            return False  # not on this checkpoint's menu: a Recovery checkpoint has no Delete (B32)
        lab.select(key)
        if action == "apply":
            return lab.ask_apply()
        if action == "settings":
            return self.settings(key)
        if action == "rename":
            return lab._on_selected("rename_checkpoint", new_name=name or "")
        if action == "export":
            return lab._on_selected("export_checkpoint", path=name or "")
        return lab._on_selected(action)  # the two deletes: they ask first

    def settings(self, key: str) -> bool:
        """Settings...: what the checkpoint holds, as the lab simulates it (no change)."""
        cp = self.lab.vm.checkpoints[key]
        thumb = text("widget.lab.thumbnail_yes" if cp.has_thumbnail else "widget.lab.thumbnail_no")
        memory = (text("widget.lab.cp_memory", apps=", ".join(cp.memory.open_apps) or text("widget.lab.none"))
                  if cp.memory is not None else text("widget.lab.cp_no_memory"))
        locked = self.lab.cache.hides  # a scenario's locks: no kind, no file names (docs/scenarios.md)
        files = (text("diagram.hidden.files", count=len(cp.files)) if "file_names" in locked else ", ".join(cp.files))
        lines = [
            text("widget.lab.cp_kind_locked", state=cp.vm_state.label) if "kind" in locked
            else text("widget.lab.cp_kind", kind=cp.kind.label, state=cp.vm_state.label),
            *(() if "kind" in locked else (text("widget.picture.setting_then", setting=cp.setting.label),)),  # it tells the kind
            text("widget.picture.created", created=cp.created.isoformat(sep=" ", timespec="seconds")),
            thumb, memory, text("widget.picture.files", files=files),
        ]
        self.lab.outcome.value = message_html("info", text("widget.picture.settings_title", name=cp.name), lines)
        return True

    # ------------------------------------------------------------------ the chain
    def _on_chain_select(self, key: str) -> None:
        if key:
            self.inspect(key)

    @staticmethod
    def _owner(vm: VirtualMachine, slot: int, disk_id: str) -> str:
        """Who uses a disk file, in the chain diagram's words: Now, a checkpoint, or nobody (a
        shared parent kept for its children, B18, or a file an operation is about to delete)."""
        owner = vm.disk_owners(slot).get(disk_id)
        if owner == "Now":
            return text("diagram.disk.owner_now")
        if owner is not None:
            return text("diagram.disk.owner_checkpoint", name=vm.checkpoints[owner].name)
        return text("diagram.disk.owner_shared" if vm.disk_chains[slot].children(disk_id) else "diagram.disk.owner_left")

    def inspect(self, disk_id: str) -> bool:
        """A disk file's properties as ``Get-VHD`` reports them, and who uses it (its box's words)."""
        lab, vm = self.lab, self.lab.vm
        slot = next((i for i, chain in enumerate(vm.disk_chains) if disk_id in chain), None)
        if slot is None:
            lab.outcome.value = message_html("info", text("widget.picture.disk_gone"))
            return False
        disk = vm.disk_chains[slot][disk_id]
        vhd = VhdObject(lab.lab, vm.id, slot, disk_id)
        names_hidden = "file_names" in lab.cache.hides  # a scenario's lock: its label, no paths
        shown = [name for name in INSPECT_PROPERTIES if not (names_hidden and name in PATH_PROPERTIES)]
        rows = "".join(f"<tr><th>{esc(name)}</th><td><code>{esc('' if vhd.get(name) is None else str(vhd.get(name)))}</code></td></tr>"
                       for name in shown)
        owner = text("widget.picture.owner", owner=self._owner(vm, slot, disk_id))
        if names_hidden:
            from hvlab.diagrams.hidden import disk_file_label  # a click on a picture: the diagrams are loaded

            file, command = disk_file_label(vm, slot, disk_id), ""
        else:
            file, command = disk.file_name, f"<code>Get-VHD -Path '{esc(disk.path)}'</code>"
        lab.outcome.value = (
            f"<div class='hvlab-outcome hvlab-inspect'><b>{esc(text('widget.picture.inspect_title', file=file))}</b>"
            f"<div>{cite_html(owner)}</div><div><small>{esc(text('widget.picture.inspect_source'))}</small></div>"
            f"<table>{rows}</table>{command}</div>")
        return True
