"""Scenario files: a lab to start from, goal conditions, hints and a solution, written as data.

A trainer writes a scenario as a TOML file (``hvlab/data/scenarios/*.toml``; the shape is the
published JSON Schema ``hvlab/data/scenario.schema.json``, checked with ``jsonschema``). TOML,
read with the standard library's ``tomllib``, rather than YAML: TOML has no aliases (no
"billion laughs" expansion), no tags that build objects, no implicit typing ("no" is not
False) and no code, so a file is only ever strings, numbers, booleans, lists and tables.
Nothing in a scenario is evaluated as Python: set-up and solution steps name core operations
(:mod:`.scenario_actions`), goal conditions name checks (:mod:`.scenario_conditions`), and a
set-up script is PowerShell run by hvlab's own console (:class:`hvlab.powershell.Session`).

A file that is not right raises :class:`ScenarioError` naming the file, the place (a line, or a
key path such as ``goal[1].kind``) and what is wrong; nothing is half-loaded and no lab exists
until :meth:`Scenario.start`, which builds a fresh lab or raises and leaves none behind.
Variables (``{vm}``) are drawn per learner from a seed, like Packet Tracer's Variable Manager.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from hvlab.catalog import get_language, text
from hvlab.errors import HvlabError
from hvlab.lab import Lab

from .scenario_actions import ACTIONS, new_vm
from .scenario_conditions import CONDITIONS, GoalContext
from .scenario_checks import ScenarioError, check_references
from .scenario_schema import LOCKS, cases, schema
from .scenario_variables import draw, substitute
from .scenario_variables import place as key_path

if TYPE_CHECKING:  # pragma: no cover
    import jsonschema  # imported where a scenario is checked: with its format checkers it weighs ~20 MiB in a kernel

__all__ = ["ConditionResult", "Locks", "Scenario", "ScenarioError", "ScenarioRun", "evaluate", "list_scenarios", "load_scenario", "run_solution", "scenario"]

MAX_BYTES = 256 * 1024
"""The largest scenario file read: the longest shipped one is a few kilobytes."""


@dataclass(frozen=True)
class Locks:
    """What the trainer hides: the "why" checklist, the kind column, the file names."""

    why_checklist: bool = False
    kind_column: bool = False
    file_names: bool = False


@dataclass(frozen=True)
class ConditionResult:
    """One goal condition for the lab as it is: ``text`` says what it asks, ``feedback`` the line
    to show now (the file's feedback while unmet, else the condition's text)."""

    key: str
    met: bool
    text: str
    feedback: str


def words(table: dict[str, str]) -> str:
    """A text of the file in the learner's language (every text has English and Japanese)."""
    return table.get(get_language(), table["en"])


@lru_cache(maxsize=1)
def _validators() -> tuple[jsonschema.Draft202012Validator, dict[str, dict[str, jsonschema.Draft202012Validator]]]:
    """The published schema with steps and conditions checked for their tag only, and one
    validator per step and condition kind (``scenario_schema.cases``): the same verdicts as the
    published schema's ``if``/``then``, without trying every kind on every item."""
    import jsonschema

    per_kind = {tag: {name: jsonschema.Draft202012Validator(case) for name, case in kinds.items()}
                for tag, kinds in cases().items()}
    return jsonschema.Draft202012Validator(schema(fast=True)), per_kind


def _tagged(data: dict[str, Any]) -> Iterator[tuple[list[Any], str, dict[str, Any]]]:
    """Every step and goal condition with its key path and its tag (``do`` or ``check``)."""
    for where in ("lab", "solution"):
        for index, step in enumerate(data.get(where, {}).get("steps", ())):
            yield [where, "steps", index], "do", step
    for index, condition in enumerate(data["goal"]):
        yield ["goal", index], "check", condition


def _first_error(data: Any) -> tuple[list[Any], jsonschema.ValidationError] | None:
    import jsonschema

    whole, per_kind = _validators()
    error = jsonschema.exceptions.best_match(whole.iter_errors(data))
    if error is not None:
        return list(error.absolute_path), error
    for path, tag, item in _tagged(data):
        error = jsonschema.exceptions.best_match(per_kind[tag][item[tag]].iter_errors(item))
        if error is not None:
            return path + list(error.absolute_path), error
    return None


def _read(source: str | Path) -> tuple[str, bytes | str]:
    """The file's name and its content; a ``str`` with a line break (or not ending ``.toml``)
    is the text of a scenario itself."""
    if isinstance(source, str) and ("\n" in source or not source.endswith(".toml")):
        return "<text>", source
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError(str(path), text("scenario.place.whole"), text("scenario.error.too_big", size=size, limit=MAX_BYTES))
        return str(path), path.read_bytes()
    except OSError as error:
        raise ScenarioError(str(path), text("scenario.place.whole"), text("scenario.error.unreadable", detail=error.strerror or str(error))) from None


def _parse(file: str, content: bytes | str) -> dict[str, Any]:
    whole = text("scenario.place.whole")
    if len(content) > MAX_BYTES:
        raise ScenarioError(file, whole, text("scenario.error.too_big", size=len(content), limit=MAX_BYTES))
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")  # Notepad on Windows may write a BOM
        except UnicodeDecodeError as error:
            raise ScenarioError(file, text("scenario.place.byte", offset=error.start), text("scenario.error.not_utf8")) from None
    try:
        return tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        place = text("scenario.place.line", line=found.group(1), column=found.group(2)) if found else whole
        detail = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(error))
        raise ScenarioError(file, place, text("scenario.error.toml", detail=detail)) from None
    except RecursionError:
        raise ScenarioError(file, whole, text("scenario.error.too_deep")) from None


def _check_schema(file: str, data: Any) -> None:
    try:
        found = _first_error(data)
    except RecursionError:
        raise ScenarioError(file, text("scenario.place.whole"), text("scenario.error.too_deep")) from None
    if found is not None:
        path, error = found
        error = _beside_variable(error)
        shown = repr(error.instance)
        message = error.message.replace(shown, shown[:60] + "…" if len(shown) > 60 else shown)
        raise ScenarioError(file, key_path(path, text("scenario.place.whole")), message)


def _beside_variable(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """A value that may also be a ``{variable}`` is wrong as the other choice says ("'Exploded'
    is not one of [...]"), not because it is no variable's name."""
    parent = error.parent
    if error.validator == "pattern" and parent is not None and parent.validator == "anyOf":
        others = [e for e in parent.context if e.validator != "pattern" or e.validator_value != error.validator_value]
        if others:
            return others[0]
    return error


class Scenario:
    """A scenario as its file says, checked; :meth:`start` gives a learner a run of it."""

    def __init__(self, file: str, data: dict[str, Any]):
        self.file = file
        self.data = data
        self.id: str = data["id"]
        self.order: int = data.get("order", 1000)
        self.rules: tuple[str, ...] = tuple(data.get("rules", ()))
        self.locks = Locks(**{k: bool(data.get("locks", {}).get(k, False)) for k in LOCKS})
        self.variables: dict[str, tuple[Any, ...]] = {k: tuple(v["choices"]) for k, v in data.get("variables", {}).items()}
        self.conditions: tuple[str, ...] = tuple(c["key"] for c in data["goal"])
        self._first = substitute(data, {k: v[0] for k, v in self.variables.items()})

    def __repr__(self) -> str:
        return f"<Scenario {self.id!r} from {self.file}>"

    # ------------------------------------------------------------------ words (first variant)
    @property
    def title(self) -> str:
        return words(self._first["title"])

    @property
    def briefing(self) -> str:
        return words(self._first["briefing"])

    @property
    def hint_count(self) -> int:
        return len(self.data["hints"])

    def resolve(self, seed: int) -> dict[str, Any]:
        """The file's data with the variables ``seed`` draws put in their places."""
        return substitute(self.data, self.draw(seed))

    def draw(self, seed: int) -> dict[str, Any]:
        """The variables' values for ``seed``, the same on every machine (a string seed)."""
        return draw(self.id, seed, self.variables)

    def start(self, seed: int = 0) -> ScenarioRun:
        """A fresh lab set up as the file says, with the variables ``seed`` draws. A step or a
        set-up line that is refused raises :class:`ScenarioError`; no lab is left behind."""
        return self.start_with(self.draw(seed), seed)

    def start_with(self, values: dict[str, Any], seed: int = 0) -> ScenarioRun:
        """:meth:`start` with the variables' values given (``scenario check`` plays every choice)."""
        data = substitute(self.data, values)
        lab_spec = data.get("lab", {})
        try:
            lab = Lab(seed=lab_spec.get("seed", seed), host=lab_spec.get("host", "Windows Server 2022"))
        except HvlabError as error:
            raise ScenarioError(self.file, "lab.host", str(error)) from None
        for index, spec in enumerate(lab_spec.get("vms", ())):
            try:
                new_vm(lab, spec)
            except (HvlabError, ValueError, LookupError) as error:
                raise ScenarioError(self.file, f"lab.vms[{index}]", text("scenario.error.refused", detail=str(error))) from None
        default = lab_spec.get("vm") or (lab_spec["vms"][0]["name"] if lab_spec.get("vms") else None)
        default = run_steps(self.file, lab, default, lab_spec.get("steps", ()), lab_spec.get("powershell"), "lab")
        if default is None or default.casefold() not in (n.casefold() for n in lab.vms):
            raise ScenarioError(self.file, "lab", text("scenario.error.no_vm", vm=default or "-"))
        lab.restore(lab.snapshot(), clear_history=True)  # Undo and Reset stop at the scenario's start
        return ScenarioRun(self, seed, values, data, lab, lab.vm(default).name)


def run_steps(file: str, lab: Lab, default: str | None, steps: Any, script: str | None, where: str) -> str | None:
    """Run ``steps`` then ``script`` on ``lab``; the first refusal raises :class:`ScenarioError`
    at its place. Returns the VM to look at (the first one created, if none was named)."""
    for index, step in enumerate(steps):
        place = f"{where}.steps[{index}]"
        if step["do"] == "powershell":
            run_powershell(file, lab, step["script"], place)
        else:
            try:
                vm = lab.vm(step.get("vm") or default or next(iter(lab.vms)))
                ACTIONS[step["do"]].run(vm, step)
            except (HvlabError, ValueError, LookupError, StopIteration) as error:
                raise ScenarioError(file, place, text("scenario.error.refused", detail=str(error) or step["do"])) from None
        default = default or next(iter(lab.vms), None)
    if script:
        run_powershell(file, lab, script, f"{where}.powershell")
    return default or next(iter(lab.vms), None)


def run_powershell(file: str, lab: Lab, script: str, place: str) -> None:
    """Run a script in hvlab's console, line by line; an error stops it at its line."""
    from hvlab.powershell import Session

    session = Session(lab)
    for number, line in enumerate(script.splitlines(), start=1):
        result = session.feed(line)
        if result is not None and result.errors:
            raise ScenarioError(file, text("scenario.place.script_line", place=place, line=number),
                                text("scenario.error.refused", detail=result.errors[0].splitlines()[0]))
    result = session.flush()
    if result is not None and result.errors:
        raise ScenarioError(file, place, text("scenario.error.refused", detail=result.errors[0].splitlines()[0]))


class ScenarioRun:
    """One learner's run: the lab, the VM to look at, the goal's conditions, hints, solution."""

    def __init__(self, scenario: Scenario, seed: int, values: dict[str, Any], data: dict[str, Any], lab: Lab, vm_name: str):
        self.scenario, self.seed, self.values, self.data = scenario, seed, values, data
        self.lab = lab
        self.vm_name = vm_name
        self.start_lab = lab.copy()
        self.locks = scenario.locks

    @property
    def vm(self):  # -> VirtualMachine
        return self.lab.vm(self.vm_name)

    @property
    def title(self) -> str:
        return words(self.data["title"])

    @property
    def briefing(self) -> str:
        return words(self.data["briefing"])

    @property
    def debrief(self) -> str:
        return words(self.data["debrief"])

    @property
    def solution_text(self) -> str:
        return words(self.data["solution"]["text"])

    @property
    def hints(self) -> tuple[str, ...]:
        return tuple(words(h) for h in self.data["hints"])

    def hint(self, number: int) -> str:
        """Hint ``number`` of the ladder, counting from 1."""
        if not 1 <= number <= len(self.data["hints"]):
            raise IndexError(text("scenario.error.no_hint", number=number, count=len(self.data["hints"])))
        return self.hints[number - 1]

    def check(self) -> list[ConditionResult]:
        """Every goal condition, met or not, for the lab as it is now."""
        return evaluate(self.data["goal"], self.lab, self.start_lab, self.vm_name)

    @property
    def percent(self) -> int:
        """The share of goal conditions met, 0–100 (partial credit)."""
        results = self.check()
        return round(100 * sum(r.met for r in results) / len(results))

    @property
    def solved(self) -> bool:
        return all(r.met for r in self.check())

    def solve(self) -> None:
        """Run the file's solution as one undoable operation; a refused step raises
        :class:`ScenarioError` and leaves the lab exactly as it was."""
        self.lab.run_operation(lambda: run_solution(self.scenario.file, self.data, self.lab, self.vm_name))


def evaluate(goal: list[dict[str, Any]], lab: Lab, start: Lab, vm_name: str) -> list[ConditionResult]:
    """Each goal condition of ``goal`` for ``lab`` (``start``: the lab as the scenario began)."""
    ctx = GoalContext(lab, start, vm_name)
    out = []
    for condition in goal:
        met = CONDITIONS[condition["check"]].met(ctx, condition)
        line = words(condition["text"])
        feedback = line if met or "feedback" not in condition else words(condition["feedback"])
        out.append(ConditionResult(condition["key"], met, line, feedback))
    return out


def run_solution(file: str, data: dict[str, Any], lab: Lab, vm_name: str) -> None:
    """The solution's steps, then its PowerShell, on ``lab`` (the caller makes it atomic)."""
    solution = data["solution"]
    run_steps(file, lab, vm_name, solution.get("steps", ()), solution.get("powershell"), "solution")


def load_scenario(source: str | Path, *, file: str | None = None) -> Scenario:
    """A scenario from a path or from its TOML text; any defect raises :class:`ScenarioError`."""
    name, content = _read(source)
    name = file or name
    data = _parse(name, content)
    _check_schema(name, data)
    check_references(name, data, _check_schema)
    return Scenario(name, data)


def scenario_files() -> list[Path]:
    folder = resources.files("hvlab") / "data" / "scenarios"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=1)
def _shipped() -> tuple[Scenario, ...]:
    return tuple(sorted((load_scenario(p) for p in scenario_files()), key=lambda s: (s.order, s.id)))


def list_scenarios() -> tuple[Scenario, ...]:
    """Every scenario hvlab ships, in teaching order."""
    return _shipped()


def scenario(scenario_id: str) -> Scenario:
    """A shipped scenario by its id."""
    for item in _shipped():
        if item.id == scenario_id:
            return item
    raise KeyError(text("scenario.error.not_found", id=scenario_id, ids=", ".join(s.id for s in _shipped())))
