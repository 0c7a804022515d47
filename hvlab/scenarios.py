"""Prepared labs for notebooks, the diagram gallery, tests and benchmarks.

Each builder returns a fresh :class:`~hvlab.lab.Lab` whose first VM is the one to look at
(``lab.vm(name)``); every step is a real operation, so a scenario is only ever a state the
simulator can reach.
"""

from __future__ import annotations

from .checkpoint_type import CheckpointType
from .guest import GuestProfile
from .lab import Lab
from .states import VMState
from .vm import VirtualMachine

__all__ = ["SCENARIOS", "branches_after_apply", "fresh_vm", "linear_chain", "many_checkpoints", "merge_in_progress", "shared_parent"]


def fresh_vm(seed: int = 0, name: str = "web01") -> tuple[Lab, VirtualMachine]:
    """A new Windows Server VM, off, no checkpoints."""
    lab = Lab(seed=seed)
    return lab, lab.new_vm(name)


def linear_chain(count: int = 3, seed: int = 0, name: str = "web01") -> tuple[Lab, VirtualMachine]:
    """A running VM with ``count`` checkpoints in a line, a file written between each."""
    lab, vm = fresh_vm(seed, name)
    vm.put_in_state(VMState.RUNNING)
    for index in range(count):
        vm.write_file(f"C:\\Data\\report-{index + 1}.docx", f"draft {index + 1}", size_mb=25.0)
        vm.checkpoint(f"step {index + 1}")
    vm.write_file("C:\\Data\\report-now.docx", "latest", size_mb=10.0)
    return lab, vm


def branches_after_apply(seed: int = 0, name: str = "web01") -> tuple[Lab, VirtualMachine]:
    """Two branches: checkpoints after 'before-update', then Apply back and a second branch."""
    lab, vm = fresh_vm(seed, name)
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("before-update")
    vm.install_update("KB5048667")
    vm.checkpoint("after-update")
    vm.write_file("C:\\Data\\branch-a.txt", "branch A", size_mb=5.0)
    vm.apply("before-update")
    vm.start()
    vm.complete_boot()
    vm.write_file("C:\\Data\\branch-b.txt", "branch B", size_mb=5.0)
    vm.checkpoint("branch-b")
    return lab, vm


def merge_in_progress(seed: int = 0, name: str = "web01") -> tuple[Lab, VirtualMachine]:
    """A chain whose middle checkpoint has just been deleted: its AVHDX was merged (B18).
    ``lab.before_last_operation()`` holds the chain before the merge."""
    lab, vm = linear_chain(3, seed, name)
    vm.delete_checkpoint("step 2")
    return lab, vm


def shared_parent(seed: int = 0, name: str = "web01") -> tuple[Lab, VirtualMachine]:
    """A checkpoint with two children was deleted: its disk stays as their shared parent (B18)."""
    lab, vm = branches_after_apply(seed, name)
    vm.delete_checkpoint("before-update")
    return lab, vm


def many_checkpoints(count: int = 50, seed: int = 0, name: str = "web01") -> tuple[Lab, VirtualMachine]:
    """``count`` checkpoints (50 is Hyper-V's per-VM maximum, B20), with a few branches."""
    lab, vm = fresh_vm(seed, name)
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    vm.put_in_state(VMState.RUNNING)
    for index in range(count):
        if index and index % 12 == 0:
            vm.apply(list(vm.checkpoints)[index - 6])
            vm.start()
        vm.write_file(f"C:\\Data\\file-{index}.txt", f"v{index}", size_mb=1.0 + index % 7)
        vm.checkpoint(f"cp-{index + 1:02d}")
    return lab, vm


def linux_vm(vss_daemon: bool = True, seed: int = 0, name: str = "db01") -> tuple[Lab, VirtualMachine]:
    """A Linux VM with or without hv_vss_daemon."""
    lab = Lab(seed=seed)
    return lab, lab.new_vm(name, GuestProfile.linux(vss_daemon=vss_daemon))


SCENARIOS = {
    "fresh-vm": fresh_vm,
    "linear-chain": linear_chain,
    "branches-after-apply": branches_after_apply,
    "merge-in-progress": merge_in_progress,
    "shared-parent": shared_parent,
    "50-checkpoints": many_checkpoints,
}
