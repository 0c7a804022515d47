"""A lab has a host, shown in every diagram title (B26): the heading drawn, the title (the
picture's accessible name) and the text version all name the host the VM runs on."""

from __future__ import annotations

import pytest

from hvlab import HostKind, Lab
from hvlab.diagrams import DIAGRAM_KINDS, layout_for
from hvlab.diagrams.fonts import TextStyle
from hvlab.diagrams.steps import StepFrames


@pytest.mark.parametrize("host", [HostKind.WINDOWS_SERVER_2016, HostKind.WINDOWS_SERVER_2025, HostKind.WINDOWS_11])
@pytest.mark.parametrize("kind", sorted(DIAGRAM_KINDS))
def test_every_diagram_title_names_the_host(kind, host):
    lab = Lab(seed=2, host=host)
    vm = lab.new_vm("Web")
    vm.checkpoint("Before update")
    layout = layout_for(kind, vm)
    headings = [label.text for label in layout.labels if label.style is TextStyle.HEADING]
    if kind == "before_after":  # two panels: the host is named under them, with the operation
        headings = [" ".join(label.text for label in layout.labels if label.style is TextStyle.BODY)]
    assert host.label in layout.title and layout.describe().startswith(layout.title)
    assert any(host.label in heading for heading in headings), headings  # drawn whole, not cut off


def test_the_step_view_names_the_host_too():
    lab = Lab(seed=2, host=HostKind.WINDOWS_SERVER_2019)
    vm = lab.new_vm("Web")
    frames = StepFrames(vm.checkpoint("c"))
    assert all("Windows Server 2019" in frames.layout(i).title for i in range(len(frames)))
