"""hvlab's exceptions: every refused operation raises one of these and changes nothing.

An error carries two things a learner reads: ``hyperv_messages``, the lines real Hyper-V
prints (verbatim from the reference, empty where Microsoft's text is not documented), and
``explanation``, hvlab's own sentence saying why, naming the rule.
"""

from __future__ import annotations

__all__ = [
    "CheckpointLimitError",
    "CheckpointNotFoundError",
    "CheckpointOperationFailed",
    "ConfigurationError",
    "GuestNotReadyError",
    "HvlabError",
    "InvalidNameError",
    "InvalidStateError",
    "LabFileError",
    "StorageError",
    "VMNotFoundError",
]


class HvlabError(Exception):
    """Base of every error hvlab raises on purpose."""

    def __init__(self, explanation: str, hyperv_messages: tuple[str, ...] = (), rule: str | None = None):
        self.explanation = explanation
        self.hyperv_messages = tuple(hyperv_messages)
        self.rule = rule
        super().__init__(self.learner_text())

    def learner_text(self) -> str:
        """Hyper-V's lines first (as a learner would see them on a real host), then why."""
        lines = list(self.hyperv_messages)
        lines.append(self.explanation)
        return "\n".join(lines)


class CheckpointOperationFailed(HvlabError):
    """Hyper-V refused to create a checkpoint (checkpoints disabled, B2; ProductionOnly, B7)."""


class InvalidStateError(HvlabError):
    """The operation is not allowed in the VM's current power state."""

    def __init__(self, explanation: str, state: object, hyperv_messages: tuple[str, ...] = (), rule: str | None = None):
        self.state = state
        super().__init__(explanation, hyperv_messages, rule)


class GuestNotReadyError(HvlabError):
    """The operation needs something from the guest OS that it cannot give now."""


class VMNotFoundError(HvlabError, LookupError):
    """No VM of that name on the host."""


class CheckpointNotFoundError(HvlabError, LookupError):
    """No checkpoint of that name or ID on the VM."""


class InvalidNameError(HvlabError, ValueError):
    """A checkpoint or VM name breaks Hyper-V's rules (B20)."""


class CheckpointLimitError(CheckpointOperationFailed):
    """The VM already has the maximum of 50 checkpoints (B20)."""


class ConfigurationError(HvlabError, ValueError):
    """A setting cannot be changed now, or has a value Hyper-V does not accept."""


class LabFileError(HvlabError):
    """A saved lab file cannot be read: malformed, truncated or from a newer hvlab."""


class StorageError(HvlabError):
    """The host volume lacks the space an operation needs, or a disk cannot be changed while
    checkpoints depend on it (B29, B31)."""
