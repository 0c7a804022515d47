"""A class of five learners on a real JupyterHub: created through the REST API, the
course pulled into each home by the trainer's nbgitpuller link, a lab notebook executed in every
learner's kernel, progress kept across a kernel restart, and one learner's JupyterLab driven in
Chromium through the hub's login, clicking a lab control and seeing the diagram change.

The tests share one hub (module fixture ``classroom``) and run in file order.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import localhub
from hub_chromium import launch

LAB_NOTEBOOK = "notebooks/03-inside-the-disk-chain.ipynb"
"""The lab notebook every learner runs: the disk-chain lab, the course's main interactive."""
COURSE_NOTEBOOKS = sorted(p.name for p in (localhub.ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _course(classroom, name: str) -> Path:
    from hvlab.classroom.link import repository_folder

    return classroom.hub.home(name) / repository_folder(classroom.repo.as_uri()) / "notebooks"


def test_every_learner_has_a_running_server_of_their_own(classroom):
    """The five learners created through the REST API each have a ready server and a home of
    their own (a class starting at once, with the concurrent-spawn limit of the classroom config)."""
    users = {u["name"]: u for u in classroom.hub.api("GET", "/hub/api/users")}
    for name in classroom.learners:
        assert users[name]["servers"][""]["ready"], name
        assert classroom.hub.home(name).is_dir(), name
    homes = {classroom.hub.home(n).resolve() for n in classroom.learners}
    assert len(homes) == len(classroom.learners)
    print(f"servers ready after {max(classroom.ready_seconds.values()):.1f} s; "
          f"class ready (hub start → course pulled) {classroom.class_ready_seconds:.1f} s")


def test_the_day_password_logs_learners_in_and_only_the_trainer_is_admin(classroom):
    """deploy/jupyterhub_config.py's login for a training day: any name with the day's password
    gets in as a learner; "trainer" gets in only with the trainer's password, as admin; a wrong
    password is refused. The idle culler runs as a hub service."""
    hub = classroom.hub
    assert hub.login("latecomer", hub.password)[0] == 302
    assert hub.login("latecomer", "not-the-password")[0] == 403
    assert hub.login("trainer", hub.password)[0] == 403
    assert hub.login("trainer", hub.trainer_password)[0] == 302
    users = {u["name"]: u for u in hub.api("GET", "/hub/api/users")}
    assert users["trainer"]["admin"] and not users["latecomer"]["admin"]
    hub.api("DELETE", "/hub/api/users/latecomer")
    services = hub.api("GET", "/hub/api/services")  # name → service
    assert "jupyterhub-idle-culler" in services
    assert any(b"jupyterhub_idle_culler" in Path(f"/proc/{pid}/cmdline").read_bytes() for pid in hub.processes())


def test_the_link_pulls_the_course_into_every_home(classroom):
    """The link ``python -m hvlab classroom-link`` prints, opened by each learner, clones every
    notebook of the course into the learner's home."""
    for name in classroom.learners:
        assert classroom.pulls[name][-1] == {"phase": "finished"}, (name, classroom.pulls[name][-3:])
        assert sorted(p.name for p in _course(classroom, name).glob("*.ipynb")) == COURSE_NOTEBOOKS, name


def test_a_second_click_brings_new_material_and_keeps_the_learners_edits(classroom):
    """The trainer adds material during the day; a learner who edited a notebook clicks the same
    link again: the new file arrives and the learner's edit is kept (nbgitpuller merges)."""
    hub, name = classroom.hub, classroom.learners[1]
    edited = _course(classroom, name) / "00-start-here.ipynb"
    path = edited.relative_to(hub.home(name)).as_posix()
    notebook = hub.user_api(name, "GET", f"contents/{path}?content=1")["content"]
    notebook["cells"][0]["source"] += "\n\nMy note: production is the default."
    hub.user_api(name, "PUT", f"contents/{path}", {"type": "notebook", "format": "json", "content": notebook})
    assert "My note" in edited.read_text(encoding="utf-8")
    (classroom.repo / "notebooks" / "handout.md").write_text("# Afternoon handout\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=classroom.repo, check=True)
    subprocess.run(["git", "-c", "user.name=trainer", "-c", "user.email=t@example.org", "commit", "-q", "-m", "handout"],
                   cwd=classroom.repo, check=True)

    events = hub.pull(name, classroom.link)

    assert events[-1] == {"phase": "finished"}, events[-3:]
    assert (_course(classroom, name) / "handout.md").exists()
    assert "My note: production is the default." in edited.read_text(encoding="utf-8")


def test_a_lab_notebook_runs_in_every_learners_kernel(classroom):
    """Notebook 03 (the disk-chain lab) runs top to bottom in a kernel of each learner's server,
    with no error, and every lab cell shows its widget."""
    hub = classroom.hub
    folder = _course(classroom, classroom.learners[0]).relative_to(hub.home(classroom.learners[0])).parent
    path = (folder / LAB_NOTEBOOK).as_posix()
    runs = localhub.run_in_parallel(lambda name: hub.run_notebook(name, path), classroom.learners, workers=5)
    try:
        for run in runs:
            assert run.errors() == [], (run.learner, run.errors())
            assert run.widget_cells(), f"{run.learner}: no lab widget shown"
        widget_cells = {tuple(run.widget_cells()) for run in runs}
        assert len(widget_cells) == 1, "every learner sees the same labs"
        print("notebook 03 per learner: " + ", ".join(f"{r.learner} {r.seconds:.1f} s" for r in runs))
        drops = {r.learner: r.drops for r in runs if r.drops}
        if drops:
            print(f"kernel sockets dropped and reconnected: {drops}")
    finally:
        for run in runs:
            hub.user_api(run.learner, "DELETE", f"kernels/{run.kernel_id}")


def test_a_cell_survives_its_kernel_socket_dropping_midway(classroom):
    """The socket to a learner's kernel closes while a cell runs (as it once did with five
    learners running notebook 03): the harness reconnects with the same session and still gets
    the cell's whole output, once."""
    import socket
    import threading

    hub, name = classroom.hub, classroom.learners[3]
    kernel_id = hub.start_kernel(name, "dropped.ipynb")
    code = "import time\nprint('before', flush=True)\ntime.sleep(3)\nprint('after', flush=True)"
    try:
        with hub.kernel(name, kernel_id) as channel:
            first = channel.ws.sock
            threading.Timer(1.0, lambda: first.shutdown(socket.SHUT_RDWR)).start()
            outputs = channel.execute(code, timeout=60)
            assert channel.ws.sock is not first, "the harness did not reconnect"
        words = "".join(o.get("text", "") for o in outputs if o["msg_type"] == "stream").split()
        assert channel.drops, "the socket never dropped"
        assert words[-1] == "after" and words.count("after") == 1, (words, channel.drops)
        assert channel.requests_sent == 1, "the server's replay, not a second run, brought the output"
    finally:
        hub.user_api(name, "DELETE", f"kernels/{kernel_id}")


def test_progress_is_kept_in_the_learners_home_across_a_kernel_restart(classroom):
    """A self-check answered in one kernel is still in the learner's progress after the kernel
    restarts, read from ``~/.hvlab/progress.json`` in that learner's home — and only there."""
    hub, name = classroom.hub, classroom.learners[2]
    folder = _course(classroom, name).relative_to(hub.home(name)).as_posix()
    kernel_id = hub.start_kernel(name, f"{folder}/01-standard-vs-production.ipynb")
    answer = ("from hvlab.widgets import SelfCheck\n"
              "check = SelfCheck('01')\n"
              "first = next(iter(check.panels))\n"
              "check.answer(first, check.panels[first].question.correct_option.id)")
    read = ("import json\nfrom hvlab.classroom import progress\n"
            "print(json.dumps({r.topic: [r.status.value, r.questions_answered] for r in progress.summary()}))")
    try:
        with hub.kernel(name, kernel_id) as channel:
            assert not [o for o in channel.execute(answer) if o["msg_type"] == "error"]
        hub.restart_kernel(name, kernel_id)
        with hub.kernel(name, kernel_id) as channel:
            outputs = channel.execute(read)
        text = "".join(o.get("text", "") for o in outputs if o["msg_type"] == "stream")
        assert text, outputs
        rows = json.loads(text)
        assert rows["01"] == ["started", 1]
        assert rows["02"] == ["not_started", 0]
    finally:
        hub.user_api(name, "DELETE", f"kernels/{kernel_id}")
    from hvlab.classroom import progress

    assert progress.load(hub.home(name) / ".hvlab" / "progress.json")["answers"]
    others = [n for n in classroom.learners
              if n != name and progress.load(hub.home(n) / ".hvlab" / "progress.json")["answers"]]
    assert others == [], "one learner's answers are recorded in another's home"


PLAY = """\
from hvlab.classroom import progress
from hvlab.widgets import Challenge
n = {n}
challenge = Challenge("merge-middle")
for _ in range(n):
    challenge.next_hint()
if n % 3 == 1:  # Delete Checkpoint Subtree: 'step 2' gone, but 'step 3' with it (B19)
    challenge.lab_widget.select("step 2")
    challenge.lab_widget.delete_subtree_button.click()
    challenge.lab_widget.delete_confirm_button.click()
elif n % 3 == 2:
    challenge.show_solution()
    challenge.solve()
if n == 5:
    challenge.skip()
print(progress.progress_path())
"""


def test_the_trainers_class_view_reads_every_learners_record(classroom):
    """Each of the five learners plays a scenario in the Challenge widget in a kernel of their
    own server at once (n hints, a different share of its conditions met, the solution shown and
    run by two, the fifth skips too); the trainer's class view,
    ``python -m hvlab progress class`` over the hub's homes, shows each learner's own record."""
    hub = classroom.hub

    def play(name: str) -> str:
        kernel_id = hub.start_kernel(name, "class-view.ipynb")
        try:
            with hub.kernel(name, kernel_id) as channel:
                outputs = channel.execute(PLAY.format(n=int(name[-1])))
        finally:
            hub.user_api(name, "DELETE", f"kernels/{kernel_id}")
        assert not [o for o in outputs if o["msg_type"] == "error"], outputs
        return "".join(o.get("text", "") for o in outputs if o["msg_type"] == "stream").strip()

    paths = localhub.run_in_parallel(play, classroom.learners, workers=5)
    for name, path in zip(classroom.learners, paths):
        assert Path(path) == hub.home(name) / ".hvlab" / "progress.json", (name, path)

    view = subprocess.run([str(localhub.VENV_BIN / "python"), "-m", "hvlab", "progress", "class", str(hub.base / "home"),
                           "--format", "json"], capture_output=True, text=True, cwd=localhub.ROOT, timeout=60)
    assert view.returncode == 0, view.stderr
    learners = {entry["learner"]: entry for entry in json.loads(view.stdout)["learners"]}
    from hvlab.course.scenario import scenario

    hints = scenario("merge-middle").hint_count
    assert set(classroom.learners) <= set(learners)
    for name in classroom.learners:
        n = int(name[-1])
        scenario = learners[name]["record"]["scenarios"]["merge-middle"]
        assert scenario["hints_used"] == min(n, hints), (name, scenario)
        met = {0: ["others_intact"], 1: ["step2_gone"], 2: ["step2_gone", "others_intact"]}[n % 3]
        assert scenario["conditions"]["met"] == met and scenario["conditions"]["percent"] == 50 * len(met), (name, scenario)
        assert bool(scenario.get("skipped")) == (n == 5), (name, scenario)
        assert learners[name]["scenarios_solved"] == (1 if n % 3 == 2 else 0), name
        assert bool(scenario.get("solution_shown")) == (n % 3 == 2), (name, scenario)
    text_view = subprocess.run([str(localhub.VENV_BIN / "python"), "-m", "hvlab", "progress", "class", str(hub.base / "home")],
                               capture_output=True, text=True, cwd=localhub.ROOT, timeout=60)
    assert all(any(line.startswith(f"{name}:") for line in text_view.stdout.splitlines()) for name in classroom.learners)

WAIT_KERNEL_IDLE = """() => {
  const app = window.jupyterapp; if (!app) return false;
  const w = app.shell.currentWidget; if (!w || !w.sessionContext || !w.content) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(k && k.status === 'idle' && k.connectionStatus === 'connected' && w.content.widgets.length);
}"""
RUN_ALL = "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }"
ALL_EXECUTED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  return w.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount !== null);
}"""
IMAGES = "() => Array.from(document.querySelectorAll('.jp-OutputArea img')).map(i => i.src)"


def test_a_learner_logs_in_follows_the_link_and_a_click_changes_the_diagram(classroom, playwright_api, tmp_path):
    """In Chromium: the hub's login page, then the trainer's link (it pulls again and opens the
    start-here notebook in JupyterLab), Run All, then a click on the explorer's "Off" state
    button redraws its decision diagram; the progress view is shown."""
    from hvlab.catalog import text

    hub, name = classroom.hub, classroom.learners[4]
    timings = {}
    p = playwright_api
    context = launch(p, tmp_path / "chromium")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(90_000)
        started = time.monotonic()
        page.goto(f"{hub.url}/hub/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", hub.password)
        page.click("[type=submit]")
        page.wait_for_url(f"**/user/{name}/**")
        timings["login"] = time.monotonic() - started

        started = time.monotonic()
        page.goto(classroom.link)
        page.wait_for_url("**/lab/tree/**/00-start-here.ipynb**")
        page.wait_for_function(WAIT_KERNEL_IDLE)
        timings["link → notebook"] = time.monotonic() - started

        started = time.monotonic()
        page.evaluate(RUN_ALL)
        page.wait_for_function(ALL_EXECUTED)
        page.locator(".hvlab-progress").first.wait_for(state="attached")
        timings["run all"] = time.monotonic() - started

        off = page.locator(".widget-toggle-button", has_text=text("widget.state.OFF")).first
        off.scroll_into_view_if_needed()
        before = page.evaluate(IMAGES)
        assert before, "the explorer shows no diagram"
        started = time.monotonic()
        off.click()
        page.wait_for_function(f"(before) => {{ const now = ({IMAGES})(); return now.length && "
                               "JSON.stringify(now) !== JSON.stringify(before); }", arg=before)
        timings["click → new diagram"] = time.monotonic() - started
        assert "mod-active" in (off.get_attribute("class") or "")
        page.screenshot(path=str(tmp_path / "learner-lab.png"))
    finally:
        context.close()
    print("browser: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
