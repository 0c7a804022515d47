"""Checkpoint type explorer: change one condition, see at once what a checkpoint would become.

The controls are the ones a learner meets on a real host: the Checkpoints page of Hyper-V
Manager's settings, worded as Hyper-V Manager words it (B1), the VM state, the
six integration services by their Hyper-V Manager labels (IS-MANAGE), the guest and the
configuration version (B6). Each change runs one core operation; the panel then shows the
preview (the same code the real checkpoint runs): the outcome, the checklist of rules with the
one that decided marked, what the checkpoint would hold, the decision-path diagram and the
PowerShell that sets this up.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from hvlab.catalog import keys, text
from hvlab.checkpoint_type import CheckpointType
from hvlab.course.presets import GUEST_PRESETS, preset_of
from hvlab.host import format_version
from hvlab.integration_services import IntegrationService
from hvlab.lab import Lab
from hvlab.preview import CheckpointPreview, Outcome
from hvlab.reference.citations import assumptions_html, cite_html, rule_details_html
from hvlab.states import VMState

from . import manager_labels, screen
from .controller import OneVMController, esc
from .powershell_lines import setup_lines

__all__ = ["CheckpointTypeExplorer", "GUEST_CHOICES", "CONFIGURATION_VERSIONS"]

GUEST_CHOICES = GUEST_PRESETS
"""The guests of the explorer: the course's guest presets (key -> profile)."""

CONFIGURATION_VERSIONS: tuple[tuple[int, int], ...] = ((5, 0), (6, 2), (8, 0), (9, 0), (10, 0))
"""Versions the explorer names (those the lab's host runs, from the VM's own upward): 5.0 is the
Windows Server 2012 R2-compatible one, 6.2 the minimum for
production checkpoints (B6, VMVER)."""

MANAGER_LABEL_KEYS = (
    "widget.explorer.enable_checkpoints", "widget.explorer.select_type", "widget.explorer.production_checkpoints",
    "widget.explorer.standard_checkpoints", "widget.explorer.fallback", "widget.explorer.integration_services",
    *(f"integration_service.{s.name}" for s in IntegrationService),
)
"""The explorer's controls that carry Hyper-V Manager's own labels (SHOT-SETTINGS, SHOT-IS)."""

PRODUCTION_RADIO = "production"
STANDARD_RADIO = "standard"


class CheckpointTypeExplorer(OneVMController):
    """One VM, every condition of B1–B8 as a control, the preview shown in full."""

    def __init__(self, lab: Lab | None = None, vm_name: str | None = None):
        super().__init__(lab, vm_name)
        self._syncing = False
        vm = self.vm

        # --- Hyper-V Manager > Settings > Checkpoints (B1)
        self.enable_checkpoints = widgets.Checkbox(description=manager_labels.label("widget.explorer.enable_checkpoints"),
                                                   tooltip=manager_labels.tooltip("widget.explorer.enable_checkpoints"), indent=False)
        self.checkpoint_kind = widgets.RadioButtons(
            options=[(manager_labels.label("widget.explorer.production_checkpoints"), PRODUCTION_RADIO),
                     (manager_labels.label("widget.explorer.standard_checkpoints"), STANDARD_RADIO)],
            layout=widgets.Layout(width="auto"),
        )
        self.fallback = widgets.Checkbox(description=manager_labels.label("widget.explorer.fallback"),
                                         tooltip=manager_labels.tooltip("widget.explorer.fallback"), indent=False,
                                         layout=widgets.Layout(width="auto"))
        self.setting_value = widgets.HTML()
        # --- VM state
        self.state = widgets.ToggleButtons(
            options=[(text(f"widget.state.{s.name}"), s) for s in VMState],
            tooltips=[text(f"widget.state_tip.{s.name}") for s in VMState],
            style={"button_width": "auto"},
        )
        # --- Integration services (IS-MANAGE)
        self.services = {
            s: widgets.Checkbox(description=manager_labels.label(f"integration_service.{s.name}"),
                                tooltip=manager_labels.tooltip(f"integration_service.{s.name}"), indent=False,
                                layout=widgets.Layout(width="auto"))
            for s in IntegrationService
        }
        # --- Guest and version
        self.guest = widgets.Dropdown(
            options=[(text(f"widget.guest.{key}"), key) for key in GUEST_CHOICES],
            description=text("widget.explorer.guest"),
            layout=widgets.Layout(width="auto"),
            style={"description_width": "initial"},
        )
        self.version = widgets.Dropdown(
            options=self._version_options(),
            description=text("widget.explorer.version"),
            style={"description_width": "initial"},
        )

        # --- what it shows
        self.result = widgets.HTML()
        self.checklist = widgets.HTML()
        self.holds = widgets.HTML()
        self.powershell = widgets.HTML()
        decision = self.described_image("decision_path")

        for control in (self.enable_checkpoints, self.checkpoint_kind, self.fallback):
            control.observe(self._on_setting, names="value")
        self.state.observe(self._on_state, names="value")
        for service, box in self.services.items():
            box.observe(lambda change, s=service: self._on_service(s, change), names="value")
        self.guest.observe(self._on_guest, names="value")
        self.version.observe(self._on_version, names="value")

        # One screen (screen.py): the controls in a column on the left, in Hyper-V Manager's
        # order; on the right the outcome of the click, the result, and a pane whose tabs hold
        # the picture (first), the checklist, what the checkpoint holds and the PowerShell.
        heading = lambda words: widgets.HTML(f"<b>{esc(words)}</b>")  # noqa: E731
        settings_box = widgets.VBox([
            heading(text("widget.explorer.checkpoints_page")),
            self.enable_checkpoints,
            widgets.HTML(f"<small><i>{esc(manager_labels.label('widget.explorer.select_type'))}</i></small>"),
            self.checkpoint_kind,
            widgets.Box([self.fallback], layout=widgets.Layout(padding="0 0 0 1.4em")),
        ])
        services_box = widgets.VBox([heading(manager_labels.label("widget.explorer.integration_services")), *self.services.values()])
        self.labels_note = widgets.HTML(manager_labels.labels_note_html(MANAGER_LABEL_KEYS))
        state_box = widgets.VBox([heading(text("widget.explorer.vm_state")), self.state])
        controls = screen.column([settings_box, state_box, services_box, self.guest, self.version, self.labels_note], width="360px")
        # The result above the pane can be long (Hyper-V's own words): the default reserve.
        pane = lambda *children: screen.pane(children)  # noqa: E731
        self.views = screen.tabs([
            (text("widget.explorer.tab.picture"), pane(decision)),
            (text("widget.explorer.why"), pane(self.checklist)),
            (text("widget.explorer.holds"), pane(self.holds)),
            (text("widget.explorer.tab.powershell"), pane(self.setting_value, self.powershell)),
        ])
        shows = screen.column([screen.group([self.undo_button, self.reset_button]), self.outcome, self.result, self.views], padding="0")
        self.widget = screen.lab_root([
            widgets.HTML(f"<div class='hvlab-heading'>{esc(text('widget.on_host', title=text('widget.explorer.title'), host=self.lab.host.label))}</div>"),  # B26
            widgets.HBox([controls, shows], layout=widgets.Layout(width="auto", align_items="flex-start")),
        ])
        del vm
        self.refresh()

    # ------------------------------------------------------------------ model access
    @property
    def preview(self) -> CheckpointPreview:
        """The preview the panel shows (computed fresh: it is cheap and never stale)."""
        return self.vm.preview_checkpoint()

    def _setting_from_controls(self) -> CheckpointType:
        """Hyper-V Manager's page → ``-CheckpointType`` (B1)."""
        if not self.enable_checkpoints.value:
            return CheckpointType.DISABLED
        if self.checkpoint_kind.value == STANDARD_RADIO:
            return CheckpointType.STANDARD
        return CheckpointType.PRODUCTION if self.fallback.value else CheckpointType.PRODUCTION_ONLY

    def _version_options(self) -> list[tuple[str, tuple[int, int]]]:
        """The VM's version and the ones it can be upgraded to on this lab's host: never an
        older one (no downgrade) nor one the host cannot run (B26, VMVER)."""
        current, host = self.vm.configuration_version, self.lab.host
        reachable = {v for v in CONFIGURATION_VERSIONS if v > current and host.can_run(v)}
        reachable |= {current} | ({host.default_version} if host.default_version > current else set())
        notes = keys()
        return [(text("widget.version_label", version=format_version(v),
                      note=text(key) if (key := f"widget.version_note.{v[0]}_{v[1]}") in notes else ""), v)
                for v in sorted(reachable)]

    # ------------------------------------------------------------------ control handlers
    def _act(self, operation: str, **args: Any) -> bool:
        """Run ``vm.<operation>(**args)`` as the click's one core operation."""
        if self._syncing:
            return False
        return self.act(self.vm, operation, **args)

    def _on_setting(self, change: dict) -> None:
        wanted = self._setting_from_controls()
        if not self._syncing and wanted is not self.vm.checkpoint_type:
            self._act("set_checkpoint_type", checkpoint_type=wanted)

    def _on_state(self, change: dict) -> None:
        if not self._syncing and change["new"] is not self.vm.state:
            self._act("put_in_state", target=change["new"])

    def _on_service(self, service: IntegrationService, change: dict) -> None:
        if not self._syncing and bool(change["new"]) != self.vm.integration_services[service]:
            self._act("set_integration_service", service=service, enabled=bool(change["new"]))

    def _on_guest(self, change: dict) -> None:
        if not self._syncing and change["new"] is not None:
            profile = GUEST_CHOICES[change["new"]]()
            if profile != self.vm.guest:
                self._act("set_guest", guest=profile)

    def _on_version(self, change: dict) -> None:
        if not self._syncing and tuple(change["new"]) != self.vm.configuration_version:
            self._act("set_configuration_version", version=tuple(change["new"]))

    # ------------------------------------------------------------------ drawing
    def _sync_controls(self) -> None:
        """Make every control show the model (after a refusal, Undo or Reset too)."""
        vm = self.vm
        self._syncing = True
        try:
            setting = vm.checkpoint_type
            self.enable_checkpoints.value = setting.enabled
            if setting is CheckpointType.STANDARD:
                self.checkpoint_kind.value = STANDARD_RADIO
            elif setting.wants_production:
                self.checkpoint_kind.value = PRODUCTION_RADIO
                self.fallback.value = setting.falls_back
            self.checkpoint_kind.disabled = not setting.enabled
            self.fallback.disabled = not setting.enabled or self.checkpoint_kind.value == STANDARD_RADIO
            self.setting_value.value = (
                f"<code>Set-VM -CheckpointType {esc(setting.value)}</code> "
                f"<small>{esc(text(f'widget.explorer.setting_means.{setting.name}'))}</small>"
            )
            self.state.value = vm.state
            for service, box in self.services.items():
                box.value = vm.integration_services[service]
            self.guest.value = preset_of(vm.guest)
            options = self._version_options()
            if options != list(self.version.options):
                self.version.options = options
            self.version.value = vm.configuration_version
        finally:
            self._syncing = False

    def redraw(self) -> None:
        self._sync_controls()
        preview = self.preview
        self.result.value = self._result_html(preview)
        self.checklist.value = self._checklist_html(preview)
        self.holds.value = self._holds_html(preview)
        self.draw("decision_path", self.vm)
        setup = "\n".join(setup_lines(self.vm))
        last = "\n".join(self.powershell_history[-1]) if self.powershell_history and self.last_error is None else ""
        parts = [f"<b>{esc(text('widget.explorer.powershell_setup'))}</b><pre style='white-space:pre;font-family:monospace'>{esc(setup)}</pre>"]
        if last:
            parts.append(f"<b>{esc(text('widget.explorer.powershell_last'))}</b><pre style='white-space:pre;font-family:monospace'>{esc(last)}</pre>")
        self.powershell.value = "".join(parts)

    @staticmethod
    def _result_html(preview: CheckpointPreview) -> str:
        if preview.outcome is Outcome.ERROR:
            headline = text("widget.explorer.outcome_error")
        elif preview.fell_back:
            headline = text("widget.explorer.outcome_fallback")
        else:
            headline = text(f"widget.explorer.outcome_{preview.outcome.name.lower()}")
        lines = [f'<div class="hvlab-result" style="font-size:1.25em"><b>{esc(headline)}</b></div>',
                 f"<div>{cite_html(preview.reason)}</div>"]
        if preview.hyperv_messages:
            quoted = "".join(f"<div><code>{esc(m)}</code></div>" for m in preview.hyperv_messages)
            lines.append(f"<div><i>{esc(text('widget.hyperv_says'))}</i>{quoted}</div>")
        return "".join(lines)

    @staticmethod
    def _checklist_html(preview: CheckpointPreview) -> str:
        deciding = preview.failing_rule
        rows = []
        for check in preview.checks:
            marker = ""
            style = ""
            if check.passed is False and check.rule == deciding:
                marker = " ◀ " + text("widget.explorer.deciding_rule")
                # A translucent tint: the theme's own text colour stays readable on it, light or dark.
                style = ' style="font-weight:bold;background:rgba(214,96,77,0.18)"'
            assumed = f" <i>({esc(text('widget.assumed'))})</i>" if check.assumed else ""
            # What the check asks, what it found, then the rule's entry folded (its title first).
            rows.append(
                f'<tr class="hvlab-check" data-rule="{esc(check.rule)}" data-passed="{esc(check.passed)}"{style}>'
                f"<td>{esc(check.symbol)}</td><td>{esc(check.title)}</td>"
                f"<td>{cite_html(check.detail)}{assumed}{esc(marker)}</td><td>{rule_details_html(check.rule)}</td></tr>"
            )
        return (f"<b>{esc(text('widget.explorer.why'))}</b>"
                f'<table class="hvlab-checklist">{"".join(rows)}</table>')

    @staticmethod
    def _holds_html(preview: CheckpointPreview) -> str:
        if preview.outcome is Outcome.ERROR:
            return f"<b>{esc(text('widget.explorer.holds'))}</b><div>{esc(text('widget.explorer.holds_nothing'))}</div>"
        items = [
            text("widget.explorer.contents", contents=text("contents.disk_and_memory" if preview.holds_memory else "contents.disk_only")),
            text("widget.explorer.thumbnail_yes" if preview.has_thumbnail else "widget.explorer.thumbnail_no"),
        ]
        if preview.consistency is not None:
            items.append(text("preview.consistency", consistency=text(f"consistency.{preview.consistency.name}")))
        if preview.state_after_apply is not None:
            items.append(text("preview.after_apply", state=preview.state_after_apply.label))
        items += [text("preview.file", file=f) for f in preview.files]
        items += [text("preview.guest_event", event=e.message) for e in preview.guest_events]
        items += list(preview.notes)
        body = "".join(f"<li>{cite_html(i)}</li>" for i in items)
        # The assumed rulings: a quiet marker whose note folds out (the preview changes with
        # every click, so the marker stays; its note is the same one-line text each time).
        return f"<b>{esc(text('widget.explorer.holds'))}</b><ul>{body}</ul>{assumptions_html(preview.assumptions)}"
