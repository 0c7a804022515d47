"""A lab has a host, shown in every lab (B26): the explorer's and the apply comparison's titles
and the disk chain lab's status line name the Windows the lab's Hyper-V runs on."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

import ipywidgets as widgets  # noqa: E402

from hvlab import HostKind, Lab, VMState  # noqa: E402
from hvlab.course.demos import prepare_demo  # noqa: E402
from hvlab.widgets import ApplyComparison, CheckpointTypeExplorer, DiskChainLab  # noqa: E402


def _html(widget: widgets.Widget) -> str:
    """Every HTML text inside ``widget``, children first to last."""
    found = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        found.append(_html(child))
    return "\n".join(found)


def _on_2019(lab: Lab) -> Lab:
    """``lab`` on a Windows Server 2019 host (its VMs' versions run there)."""
    data = lab.to_dict()
    data["host"] = HostKind.WINDOWS_SERVER_2019.value
    for vm in data["vms"]:
        vm["configuration_version"] = [9, 0]
    return Lab.from_dict(data)


def _one_vm() -> Lab:
    lab = Lab(seed=4)
    lab.new_vm("web01").put_in_state(VMState.RUNNING)
    return lab


@pytest.mark.parametrize(("make", "lab"), [(CheckpointTypeExplorer, _one_vm), (DiskChainLab, _one_vm), (ApplyComparison, prepare_demo)])
def test_every_lab_names_its_host(make, lab):
    panel = make(_on_2019(lab()))
    assert "host: Windows Server 2019" in _html(panel.widget)
