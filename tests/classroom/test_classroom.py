"""Classroom tools without a hub: the progress record and its view, the nbgitpuller
link, the trainer's Voila apps, and the deployment files (JupyterHub, TLJH, Z2JH, Binder).
The real hub is in tests/hub/; the trainer's pages in a browser in test_classroom_present.py."""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import stat
import subprocess
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples  # the example count per Hypothesis profile (tests/support.py)

from hvlab.classroom import progress
from hvlab.classroom.link import DEFAULT_PATH, App, ClassroomLink, repository_folder
from hvlab.classroom.link import main as link_main
from hvlab.classroom.present import APPS, SHARE, TEMPLATE, start_page, voila_command, write_apps
from hvlab.classroom.present import main as present_main
from hvlab.classroom.progress import Status

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


# ====================================================================== progress record
def test_an_answer_is_kept_in_the_file_not_the_kernel(tmp_path):
    """Self-paced mode: what was recorded is read back from the file alone (a new kernel has
    nothing else), first prediction kept apart from a later change of mind."""
    path = tmp_path / "p.json"
    progress.record_answer("01-default-setting", "01", first_correct=False, correct=False, path=path)
    progress.record_answer("01-default-setting", "01", first_correct=True, correct=True, path=path)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["format"] == progress.FORMAT
    entry = record["answers"]["01-default-setting"]
    assert entry["first_correct"] is False and entry["correct"] is True
    row = {r.topic: r for r in progress.summary(path, challenge_ids=())}["01"]
    assert (row.status, row.questions_answered, row.correct_first_try) == (Status.STARTED, 1, 0)


def test_the_record_lives_in_the_learners_home_unless_overridden(monkeypatch, tmp_path):
    """By default the record is ~/.hvlab/progress.json (the learner's own home on a hub);
    HVLAB_PROGRESS moves it (tests, a shared demo machine)."""
    monkeypatch.delenv("HVLAB_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.progress_path() == tmp_path / ".hvlab" / "progress.json"
    monkeypatch.setenv("HVLAB_PROGRESS", str(tmp_path / "x.json"))
    assert progress.progress_path() == tmp_path / "x.json"


def _record_many(args: tuple[str, int]) -> None:
    path, worker = args
    for n in range(15):
        progress.record_answer(f"q{worker}-{n}", "01", True, True, path=Path(path))


def test_two_kernels_recording_at_once_lose_nothing(tmp_path):
    """A learner with two notebooks open has two kernels writing the same record: the lock keeps
    every answer of both (4 processes × 15 answers → 60)."""
    path = tmp_path / "p.json"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_record_many, [(str(path), w) for w in range(4)])
    assert len(progress.load(path)["answers"]) == 60


def test_a_damaged_record_reads_as_empty_and_is_repaired(tmp_path):
    """A truncated or foreign file never stops a lab: it reads as an empty record and the next
    answer writes a valid one."""
    path = tmp_path / "p.json"
    path.write_text('{"format": "hvlab-progress", "answ', encoding="utf-8")
    assert progress.load(path)["answers"] == {}
    assert progress.record_answer("01-default-setting", "01", True, True, path=path)
    assert set(progress.load(path)["answers"]) == {"01-default-setting"}


def test_an_unwritable_home_warns_once_and_the_lab_goes_on(tmp_path, monkeypatch):
    """Recording into a folder that cannot be written returns False with one warning that says
    where and why; it never raises into a learner's click."""
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr(progress, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert progress.mark_done("01", path=blocked / "p.json") is False
        assert progress.mark_done("02", path=blocked / "p.json") is False
    assert len(caught) == 1 and str(blocked / "p.json") in str(caught[0].message)


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["tick", "untick", "answer"]), st.sampled_from(progress.NOTEBOOK_TOPICS[1:]),
                          st.integers(0, 7)), max_size=25))
def test_status_follows_the_rule(tmp_path_factory, steps):
    """For any sequence of ticks and answers: a notebook is done exactly when ticked or when its
    whole self-check is answered; started when anything of it was recorded; else not started."""
    from hvlab.course.questions import questions

    path = tmp_path_factory.mktemp("status") / "p.json"
    ticked: set[str] = set()
    answered: dict[str, set[str]] = {}
    for action, topic, n in steps:
        bank = questions(topic)
        if action == "tick":
            progress.mark_done(topic, True, path)
            ticked.add(topic)
        elif action == "untick":
            progress.mark_done(topic, False, path)
            ticked.discard(topic)
        else:
            question = bank[n % len(bank)]
            progress.record_answer(question.id, topic, True, True, path)
            answered.setdefault(topic, set()).add(question.id)
    touched = {topic for _, topic, _ in steps}
    for row in progress.summary(path, challenge_ids=()):
        complete = row.questions_total and len(answered.get(row.topic, ())) == row.questions_total
        expected = (Status.DONE if row.topic in ticked or complete
                    else Status.STARTED if row.topic in touched else Status.NOT_STARTED)
        assert row.status is expected, (row, steps)


# ====================================================================== the widgets record into it
def test_self_check_and_challenge_record_into_the_learners_file():
    """A revealed self-check answer and a solved challenge are in the record at once (the
    widgets call hvlab.classroom.progress; HVLAB_PROGRESS points at a temp file in tests)."""
    from hvlab.widgets import Challenge, SelfCheck

    check = SelfCheck("02")
    question = next(iter(check.panels))
    check.answer(question, check.panels[question].question.correct_option.id)
    challenge = Challenge("production-linux")
    challenge.solve()
    assert challenge.solved
    record = progress.load()
    assert record["answers"][question]["first_correct"] is True
    assert "production-linux" in record["challenges"]
    rows = {r.topic: r for r in progress.summary()}
    assert rows["02"].questions_answered == 1 and rows["08"].challenges_solved == 1


def test_progress_view_shows_every_notebook_and_ticks_write_through(tmp_path):
    """The view lists notebooks 00–08 with a symbol and a word for the status (not colour alone);
    ticking a notebook writes the record, and Refresh shows what other kernels recorded."""
    from hvlab.catalog import text
    from hvlab.widgets.progress_view import ProgressView

    path = tmp_path / "p.json"
    view = ProgressView(path)
    assert [r.topic for r in view.rows] == list(progress.NOTEBOOK_TOPICS)
    assert "data-topic='00' data-status='done'" in view.table.value  # the view is 00's last cell
    view.done_boxes["03"].value = True
    assert progress.load(path)["notebooks"]["03"]["done"]
    assert f"✔ {text('classroom.progress.status.done')}" in view.table.value
    progress.record_answer("04-cold-boot", "04", True, True, path=path)  # another notebook's kernel
    assert "data-topic='04' data-status='not_started'" in view.table.value
    view.refresh_button.click()
    assert "data-topic='04' data-status='started'" in view.table.value


def test_a_notebook_with_nothing_to_answer_is_done_when_run_to_its_end(tmp_path):
    """Notebook 00 has no self-check: opened it is started, run to its last cell it is done, with
    no tick by hand. A notebook with a self-check is not done by being run through: its questions
    are what it asks of the learner."""
    path = tmp_path / "p.json"
    progress.mark_opened("00", path)
    assert {r.topic: r for r in progress.summary(path)}["00"].status is Status.STARTED
    progress.mark_finished("00", path)
    progress.mark_finished("03", path)
    rows = {r.topic: r for r in progress.summary(path)}
    assert rows["00"].status is Status.DONE
    assert rows["03"].status is Status.STARTED


def test_notebook_00_ends_with_the_progress_view():
    """Run All reaches the progress view last, so Run All is what finishes 00."""
    import runpy

    cells = runpy.run_path(str(Path(__file__).resolve().parents[2] / "notebooks" / "course" / "nb00.py"))["CELLS"]
    code = [source for kind, _, source in cells if kind == "code"]
    assert "ProgressView()" in code[-1]


def _texts(widget) -> list[str]:
    """Every heading and label a widget tree shows: HTML values, accordion and tab titles, descriptions."""
    found = [getattr(widget, "value", "")] if hasattr(widget, "value") and isinstance(widget.value, str) else []
    found += list(getattr(widget, "titles", ()) or ())
    for child in getattr(widget, "children", ()):
        found += _texts(child)
    return found


def test_the_tick_list_is_one_aligned_grid_under_one_heading(tmp_path):
    """Each notebook's title and its tick box share a row of one two-column grid (so the boxes line
    up), and the list's heading is said once (the accordion's title), not twice."""
    from hvlab.catalog import text
    from hvlab.widgets.progress_view import ProgressView

    view = ProgressView(tmp_path / "p.json")
    heading = text("classroom.progress.tick_heading")
    assert sum(t.count(heading) for t in _texts(view.widget)) == 1
    grid = view.tick_grid
    assert len(grid.layout.grid_template_columns.split()) == 2
    labels, boxes = grid.children[0::2], grid.children[1::2]
    assert list(boxes) == list(view.done_boxes.values())
    assert [label.value for label in labels] == [text(f"classroom.notebook.{t}") for t in view.done_boxes]


# ====================================================================== nbgitpuller link
def test_link_opens_the_start_here_notebook_of_the_pulled_course():
    """One link for the whole class: through /hub/user-redirect/, with nbgitpuller's parameters,
    opening notebooks/00-start-here.ipynb inside the folder the course is pulled into."""
    url = ClassroomLink(hub="https://hub.example.org/", repo="https://github.com/trainer/hvlab.git", branch="main").url()
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"repo": "https://github.com/trainer/hvlab.git", "branch": "main", "targetpath": "hvlab",
                     "urlpath": "lab/tree/hvlab/notebooks/00-start-here.ipynb"}
    assert (ROOT / DEFAULT_PATH).exists()


@settings(max_examples=examples(60), deadline=None)
@given(folder=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True).filter(lambda s: s != ".git" and ".." not in s),
       branch=st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,15}", fullmatch=True)),
       app=st.sampled_from(list(App)))
def test_link_round_trips(folder, branch, app):
    """Whatever the repository's name and branch, the link parses back to them, and the page it
    opens lies inside the folder the course is pulled into."""
    repo = f"https://git.example.org/group/{folder}"
    link = ClassroomLink(hub="https://hub.example.org", repo=repo, branch=branch, app=app)
    query = {k: v[0] for k, v in parse_qs(urlsplit(link.url()).query).items()}
    assert query["repo"] == repo
    assert query.get("branch") == branch
    assert query["urlpath"] == app.urlpath(f"{query['targetpath']}/{DEFAULT_PATH}")
    assert query["targetpath"] == repository_folder(repo) and query["targetpath"]


@pytest.mark.parametrize("argv", [
    ["--hub", "hub.example.org", "--repo", "https://github.com/o/hvlab"],
    ["--hub", "https://hub.example.org", "--repo", "hvlab"],
    ["--hub", "https://hub.example.org", "--repo", "https://github.com/o/hvlab", "--path", "../etc/passwd"],
    ["--hub", "https://hub.example.org", "--repo", "https://github.com/o/hvlab", "--path", "/abs.ipynb"],
])
def test_link_command_refuses_what_would_not_work(argv, capsys):
    """A hub without a scheme, a repository that is no address, or a path outside the repository
    is refused with a message (exit 2), not turned into a link that fails on the day."""
    with pytest.raises(SystemExit) as exited:
        link_main(argv)
    assert exited.value.code == 2
    assert "must be" in capsys.readouterr().err


def test_link_command_prints_one_link():
    """``python -m hvlab classroom-link --hub URL --repo URL`` prints exactly one line: the link."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert link_main(["--hub", "https://hub.example.org", "--repo", "https://github.com/o/hvlab"]) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("https://hub.example.org/hub/user-redirect/git-pull?")


# ====================================================================== trainer's Voila apps
def test_each_trainer_app_is_one_title_and_one_existing_lab(tmp_path):
    """``present`` writes one valid notebook per lab: a title and a single thin cell making a
    widget hvlab.widgets really exports."""
    import hvlab.widgets

    paths = write_apps(tmp_path, list(APPS))
    assert [p.stem for p in paths] == list(APPS)
    for path, app in zip(paths, APPS.values()):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert len(code) == 1 and code[0].source.splitlines()[-1] == f"{app.widget}()"
        assert app.widget in hvlab.widgets.__all__


def test_present_runs_voila_without_code_tracebacks_or_cdn(tmp_path, capsys):
    """The Voila command strips code, hides tracebacks and uses hvlab's template, which is
    Voila's lab template without its CDN stylesheets (and without the Mermaid CDN import)."""
    command = voila_command(tmp_path, 8866, "127.0.0.1")
    assert "--strip_sources=True" in command and "--show_tracebacks=False" in command
    assert f"--template={TEMPLATE}" in command and "--no-browser" in command
    template = SHARE / "voila" / "templates" / TEMPLATE
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    source = (template / "index.html.j2").read_text()
    assert "'<link' in line and '://' in line" in source and "html_head_js_mermaidjs" in source
    assert present_main(["--dry-run", "--folder", str(tmp_path / "apps"), "--lab", "explorer"]) == 0
    out = capsys.readouterr().out
    assert "explorer.ipynb" in out and "http://127.0.0.1:8866/" in out


def test_present_serves_the_theme_asked_for_and_lets_a_page_ask_for_another(tmp_path, capsys):
    """Light by default; ``--theme dark`` for a dark room; a page's ``?theme=`` may ask for the
    other (the labs' pictures follow the page's theme). The start page follows the system's."""
    assert "--theme=light" in voila_command(tmp_path, 8866, "127.0.0.1")
    assert present_main(["--dry-run", "--folder", str(tmp_path / "apps"), "--lab", "explorer", "--theme", "dark"]) == 0
    out = capsys.readouterr().out
    assert "--theme=dark" in out and "--VoilaConfiguration.allow_theme_override=YES" in out
    assert "prefers-color-scheme: dark" in start_page(list(APPS), ["en", "ja"])


# ====================================================================== deployment files
def _hub_config(tmp_path, monkeypatch, **env) -> dict:
    """Load deploy/jupyterhub_config.py as JupyterHub does (traitlets' loader)."""
    from traitlets.config.loader import PyFileConfigLoader

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()


def test_hub_config_is_a_classroom(tmp_path, monkeypatch):
    """deploy/jupyterhub_config.py: shared password from the environment, limits, a
    concurrent-spawn limit, kernel culling and the idle culler with the rights it needs."""
    config = _hub_config(tmp_path, monkeypatch, HVLAB_CLASS_PASSWORD="class-of-today")
    assert config.JupyterHub.authenticator_class == "shared-password"
    assert config.SharedPasswordAuthenticator.user_password == "class-of-today"
    assert config.Spawner.mem_limit and config.Spawner.cpu_limit and config.JupyterHub.concurrent_spawn_limit
    assert any("cull_idle_timeout" in a for a in config.Spawner.args)
    (culler,) = [s for s in config.JupyterHub.services if s["name"] == "jupyterhub-idle-culler"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    (role,) = [r for r in config.JupyterHub.load_roles if culler["name"] in r["services"]]
    assert {"list:users", "read:users:activity", "read:servers", "delete:servers"} <= set(role["scopes"])


def test_hub_config_refuses_to_start_without_a_password(tmp_path, monkeypatch):
    """No class password (or one under 8 characters): the hub does not start open to anyone."""
    monkeypatch.delenv("HVLAB_CLASS_PASSWORD", raising=False)
    with pytest.raises(SystemExit):
        _hub_config(tmp_path, monkeypatch)


def _size(value: str | int | float) -> int:
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    text = str(value)
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(float(text))


def test_one_vm_tljh_and_kubernetes_have_the_same_settings(tmp_path, monkeypatch):
    """The three deployments agree: memory and CPU limits, concurrent spawns, culling timeouts."""
    config = _hub_config(tmp_path, monkeypatch, HVLAB_CLASS_PASSWORD="class-of-today")
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    hub_args = dict(a.lstrip("-").split("=", 1) for a in config.Spawner.args)
    culler_args = dict(a.lstrip("-").split("=", 1) for a in config.JupyterHub.services[0]["command"][3:])
    single = values["singleuser"]
    assert _size(single["memory"]["limit"]) == _size(config.Spawner.mem_limit)
    assert _size(single["memory"]["guarantee"]) == _size(config.Spawner.mem_guarantee)
    assert float(single["cpu"]["limit"]) == config.Spawner.cpu_limit
    assert values["hub"]["concurrentSpawnLimit"] == config.JupyterHub.concurrent_spawn_limit
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == config.JupyterHub.authenticator_class
    kernel = single["extraFiles"]["kernel-culling"]["data"]["MappingKernelManager"]
    assert str(kernel["cull_idle_timeout"]) == hub_args["MappingKernelManager.cull_idle_timeout"]
    assert str(values["cull"]["timeout"]) == culler_args["timeout"] and str(values["cull"]["every"]) == culler_args["cull-every"]

    tljh = (DEPLOY / "tljh" / "setup.sh").read_text()
    assert f"tljh-config set limits.memory {config.Spawner.mem_limit}\n" in tljh
    assert f"tljh-config set limits.cpu {config.Spawner.cpu_limit:g}\n" in tljh
    assert f"tljh-config set services.cull.timeout {culler_args['timeout']}\n" in tljh
    constants = _constants(DEPLOY / "tljh" / "hvlab_classroom.py")  # the file itself reads /opt/tljh
    assert constants["CONCURRENT_SPAWN_LIMIT"] == config.JupyterHub.concurrent_spawn_limit
    assert str(constants["IDLE_KERNEL_TIMEOUT"]) == hub_args["MappingKernelManager.cull_idle_timeout"]


def _constants(path: Path) -> dict:
    """Upper-case constants of a config file, read with ast (the file itself needs a TLJH host)."""
    import ast

    found = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.isupper():
                found[name] = ast.literal_eval(node.value)
    return found


def test_tljh_requirements_bring_what_the_link_and_the_apps_need():
    """The learners' environment on TLJH has hvlab, nbgitpuller (the link) and Voila (the apps)."""
    lines = [l.split("#")[0].strip() for l in (DEPLOY / "tljh" / "requirements.txt").read_text().splitlines()]
    names = {l.split("@")[0].split(">")[0].split("=")[0].strip() for l in lines if l}
    assert {"hvlab", "nbgitpuller", "voila"} <= names


def test_binder_builds_from_the_root_and_post_build_configures_lab(tmp_path):
    """repo2docker reads the root environment.yml only if no binder/ folder hides it; postBuild
    is executable and writes JupyterLab's classroom overrides (no news pop-up, no update check)."""
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(line.strip() in ("-e .", ".") for line in pip), "environment.yml must install hvlab itself"
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & stat.S_IXUSR
    subprocess.run(["bash", str(post_build)], check=True, cwd=ROOT, env={**os.environ, "HVLAB_PREFIX": str(tmp_path)})
    overrides = json.loads((tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"checkForUpdates": False, "fetchNews": "false"}


# ====================================================================== the trainer's documentation
def test_classroom_doc_has_its_sections_and_names_every_deploy_file():
    """docs/classroom.md has "Run a class on JupyterHub" (TLJH and Z2JH, memory per learner) and
    "Open on Binder", and every file of deploy/ it relies on exists."""
    doc = (ROOT / "docs" / "classroom.md").read_text(encoding="utf-8")
    for heading in ("## Run a class on JupyterHub", "### The Littlest JupyterHub", "### Zero to JupyterHub",
                    "## Open on Binder", "### Memory and time per learner (measured)"):
        assert heading in doc, heading
    import re

    for path in set(re.findall(r"`((?:deploy/)[\w./-]+)`", doc)) | {"postBuild"}:
        assert (ROOT / path).exists(), path
    for path in (DEPLOY / "tljh").iterdir():
        assert f"deploy/tljh/{path.name}" in doc, path.name
