"""Challenges as data: a lab to start from, a goal, the criteria that make it true, a solution.

A challenge sets up a lab, states a goal in the learner's words and lists the criteria that
make it true; each criterion is a plain function of the VM (and of the VM as the challenge
began, where "nothing was lost" must be checked). Every challenge has a scripted solution made
of core operations, so tests prove each one can be solved and the trainer's guide can show how.
The widget that shows a challenge and checks it after every click is
``hvlab.widgets.challenge.Challenge``; classroom code reads the ids here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from hvlab.catalog import text
from hvlab.checkpoint_type import CheckpointKind, CheckpointType
from hvlab.domain_controller import DIRECTORY_PATH, DirectoryHealth, parse_directory
from hvlab.guest import GuestProfile
from hvlab.integration_services import IntegrationService
from hvlab.lab import Lab
from hvlab.scenarios import branches_after_apply, linear_chain
from hvlab.states import VMState
from hvlab.vm import VirtualMachine

__all__ = ["CHALLENGES", "ChallengeDefinition", "challenges"]

Criteria = Callable[[VirtualMachine, VirtualMachine], dict[str, bool]]

REPORT_PATH = "C:\\Users\\Student\\Documents\\report.txt"
REPORT_CONTENT = "Q3 figures, final"


@dataclass(frozen=True)
class ChallengeDefinition:
    """One challenge: how its lab starts, what counts as solved, and one way to solve it."""

    id: str
    rules: tuple[str, ...]
    setup: Callable[[], tuple[Lab, str]]
    criteria: Criteria
    hints: int
    solution: Callable[[VirtualMachine], None]

    def title(self) -> str:
        return text(f"course.challenge.{self.id}.title")

    def goal(self) -> str:
        return text(f"course.challenge.{self.id}.goal")

    def hint(self, number: int) -> str:
        return text(f"course.challenge.{self.id}.hint.{number}")

    def criterion(self, key: str) -> str:
        return text(f"course.challenge.{self.id}.criterion.{key}")

    def solution_text(self) -> str:
        """One solution in words, for the trainer's guide (the scripted one does the same)."""
        return text(f"course.challenge.{self.id}.solution")


# ---------------------------------------------------------------------- 1. production, Linux
def _setup_production_linux() -> tuple[Lab, str]:
    lab = Lab(seed=11)
    vm = lab.new_vm("db01", GuestProfile.linux(vss_daemon=False))
    vm.put_in_state(VMState.RUNNING)
    vm.set_integration_service(IntegrationService.BACKUP, False)
    return lab, vm.name


def _criteria_production_linux(vm: VirtualMachine, start: VirtualMachine) -> dict[str, bool]:
    return {
        "production_while_running": any(
            cp.kind is CheckpointKind.PRODUCTION and cp.vm_state is VMState.RUNNING for cp in vm.checkpoints.values()
        ),
    }


def _solve_production_linux(vm: VirtualMachine) -> None:
    vm.set_integration_service(IntegrationService.BACKUP, True)
    vm.set_vss_requester_running(True)
    vm.checkpoint("consistent")


# ---------------------------------------------------------------------- 2. only before-update
def _setup_only_before_update() -> tuple[Lab, str]:
    lab, vm = branches_after_apply(seed=12)
    return lab, vm.name


def _criteria_only_before_update(vm: VirtualMachine, start: VirtualMachine) -> dict[str, bool]:
    try:
        anchor = vm.find_checkpoint("before-update")
    except LookupError:
        return {"kept": False, "one_avhdx": False, "descends": False}
    one = all(sum(1 for d in chain if d.is_differencing) == 1 for chain in vm.disk_chains)
    descends = one and all(
        anchor.disk_ids[i] in {d.id for d in chain.lineage(next(d.id for d in chain if d.is_differencing))}
        for i, chain in enumerate(vm.disk_chains)
    )
    return {"kept": True, "one_avhdx": one, "descends": descends}


def _solve_only_before_update(vm: VirtualMachine) -> None:
    vm.delete_checkpoint("after-update")
    vm.delete_checkpoint("branch-b")


# ---------------------------------------------------------------------- 3. keep Notepad
def _setup_keep_notepad() -> tuple[Lab, str]:
    lab = Lab(seed=13)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    vm.open_app(text("app.notepad"))
    return lab, vm.name


def _criteria_keep_notepad(vm: VirtualMachine, start: VirtualMachine) -> dict[str, bool]:
    return {
        "notepad_in_checkpoint": any(
            cp.memory is not None and any(app in cp.memory.open_apps for app in start.open_apps)
            for cp in vm.checkpoints.values()
        ),
    }


def _solve_keep_notepad(vm: VirtualMachine) -> None:
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    vm.checkpoint("with-notepad")


# ---------------------------------------------------------------------- 4. report back, cold boot
def _setup_report_back() -> tuple[Lab, str]:
    lab = Lab(seed=14)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    vm.write_file(REPORT_PATH, REPORT_CONTENT, size_mb=0.2)
    vm.checkpoint("with-report")
    vm.delete_file(REPORT_PATH)
    vm.open_app(text("app.notepad"))
    return lab, vm.name


def _criteria_report_back(vm: VirtualMachine, start: VirtualMachine) -> dict[str, bool]:
    return {
        "report_back": vm.read_file(REPORT_PATH) == REPORT_CONTENT,
        "booted": vm.state is VMState.RUNNING,
    }


def _solve_report_back(vm: VirtualMachine) -> None:
    vm.apply("with-report")
    vm.start()
    vm.complete_boot()


# ---------------------------------------------------------------------- 5. delete step 2, lose nothing
def _setup_merge_middle() -> tuple[Lab, str]:
    lab, vm = linear_chain(3, seed=15)
    return lab, vm.name


def _criteria_merge_middle(vm: VirtualMachine, start: VirtualMachine) -> dict[str, bool]:
    names = {cp.name for cp in vm.checkpoints.values()}
    intact = names >= {"step 1", "step 3"} and all(
        vm.checkpoint_files(name) == start.checkpoint_files(name) for name in ("step 1", "step 3")
    ) and vm.files() == start.files()
    return {"step2_gone": "step 2" not in names, "others_intact": intact}


def _solve_merge_middle(vm: VirtualMachine) -> None:
    vm.delete_checkpoint("step 2")


# ---------------------------------------------------------------------- 6. old DC, the last-resort DSRM procedure
def _setup_old_dc() -> tuple[Lab, str]:
    lab = Lab(seed=16)
    vm = lab.new_vm("dc01", GuestProfile.old_domain_controller())
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("before-changes")
    vm.change_directory("create user alice")
    vm.change_directory("reset the password of bob")
    return lab, vm.name


def _criteria_old_dc(vm: VirtualMachine, start: VirtualMachine) -> dict[str, bool]:
    invocation, usn = parse_directory(vm.read_file(DIRECTORY_PATH))
    old_invocation, old_usn = parse_directory(start.read_file(DIRECTORY_PATH))
    try:
        anchor = vm.find_checkpoint("before-changes")
        _, anchor_usn = parse_directory(vm.checkpoint_files(anchor).get(DIRECTORY_PATH))
    except LookupError:
        anchor_usn = None
    return {
        "rolled_back": anchor_usn is not None and usn <= anchor_usn < old_usn,
        "new_invocation": invocation != old_invocation,
        "healthy": vm.directory.health is DirectoryHealth.HEALTHY and vm.state is VMState.RUNNING,
    }


def _solve_old_dc(vm: VirtualMachine) -> None:
    vm.apply("before-changes")
    vm.restore_directory_in_dsrm()


CHALLENGES: dict[str, ChallengeDefinition] = {
    c.id: c
    for c in (
        ChallengeDefinition("production-linux", ("A5", "A7", "A8", "B3", "B4", "B5"), _setup_production_linux,
                            _criteria_production_linux, 3, _solve_production_linux),
        ChallengeDefinition("only-before-update", ("B16", "B18", "B19"), _setup_only_before_update,
                            _criteria_only_before_update, 3, _solve_only_before_update),
        ChallengeDefinition("keep-notepad", ("A2", "A3", "B9", "B10", "B14"), _setup_keep_notepad,
                            _criteria_keep_notepad, 2, _solve_keep_notepad),
        ChallengeDefinition("report-back", ("A3", "B13", "B15", "B17"), _setup_report_back,
                            _criteria_report_back, 2, _solve_report_back),
        ChallengeDefinition("merge-middle", ("B18", "B19"), _setup_merge_middle,
                            _criteria_merge_middle, 2, _solve_merge_middle),
        ChallengeDefinition("old-dc-dsrm", ("A10", "A11", "B23"), _setup_old_dc,
                            _criteria_old_dc, 3, _solve_old_dc),
    )
}


def challenges() -> list[str]:
    """The ids of every challenge, in teaching order."""
    return list(CHALLENGES)
