"""What a class costs on a real JupyterHub: memory per learner, the hub's and proxy's
overhead, the time for 5 learners to get a running lab, and what that implies for 30 and 300.

The hub is the test's (tests/hub/localhub.py: deploy/jupyterhub_config.py on 127.0.0.1 with the
simple local process spawner). Baselines in the same run: the hub and proxy with no learner, and a
learner's bare kernel (nothing imported) beside the kernel after the course's heaviest notebook.

    /work/venv/bin/python bench/bench_classroom.py [--learners 5] [--heaviest 08]

Memory is RSS (what `top` shows) and PSS (shared library pages split between the processes that
share them: what N learners really add on one machine). Timings are noisy on 2 cores (±30 %).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hub"))

import localhub  # noqa: E402

from hvlab.classroom.link import ClassroomLink, repository_folder  # noqa: E402

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("0[1-8]-*.ipynb"))
NODE_GIB = 8
"""A typical Kubernetes node for the 300-learner estimate (8 GiB allocatable to learners)."""


def mib(value: float) -> str:
    return f"{value:.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=5)
    parser.add_argument("--heaviest", default=None, help="skip the scan and use this notebook number (e.g. 08)")
    args = parser.parse_args(argv)
    missing = localhub.missing_prerequisites(browser=False)
    if missing:
        print("cannot run:", "; ".join(missing))
        return 1
    names = [f"learner{n}" for n in range(1, args.learners + 1)]
    base = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    repo = localhub.make_course_repository(base)
    hub = localhub.LocalHub(base / "hub")
    rows: list[tuple[str, str]] = []
    try:
        t0 = time.monotonic()
        hub.start()
        hub_up = time.monotonic() - t0
        time.sleep(2)
        idle = hub.memory()
        rows += [("hub start → answering", f"{hub_up:.1f} s"),
                 ("baseline: hub, no learner (RSS)", mib(idle["hub"])),
                 ("baseline: proxy, no learner (RSS)", mib(idle["proxy"]))]

        # ---- a class arrives: servers, course, a running lab in every kernel
        hub.create_learners(names)
        asked = time.monotonic()
        ready = hub.start_servers(names)
        link = ClassroomLink(hub=hub.url, repo=repo.as_uri()).url()
        localhub.run_in_parallel(lambda n: hub.pull(n, link), names, workers=len(names))
        pulled = time.monotonic() - asked
        folder = repository_folder(repo.as_uri())
        lab = f"{folder}/notebooks/03-inside-the-disk-chain.ipynb"
        runs = localhub.run_in_parallel(lambda n: hub.run_notebook(n, lab), names, workers=len(names))
        running = time.monotonic() - asked
        assert all(not r.errors() for r in runs), [r.errors() for r in runs]
        for run in runs:
            hub.user_api(run.learner, "DELETE", f"kernels/{run.kernel_id}")
        rows += [(f"{len(names)} servers asked → all ready", f"{max(ready.values()):.1f} s (first {min(ready.values()):.1f} s)"),
                 (f"… → course pulled into {len(names)} homes", f"{pulled:.1f} s"),
                 (f"… → notebook 03 run in {len(names)} kernels (a running lab)", f"{running:.1f} s"),
                 ("notebook 03 in one kernel while 5 run", f"{statistics.median(r.seconds for r in runs):.1f} s median")]

        # ---- the heaviest notebook, in one learner's fresh kernels; a bare kernel as baseline
        first = names[0]
        bare = hub.start_kernel(first, f"{folder}/notebooks/00-start-here.ipynb")
        with hub.kernel(first, bare) as channel:
            channel.execute("pass")
        bare_rss = hub.memory()["learners"][first]
        hub.user_api(first, "DELETE", f"kernels/{bare}")
        scan = [n for n in NOTEBOOKS if args.heaviest is None or n.startswith(args.heaviest)]
        kernel_after: dict[str, tuple[float, float]] = {}
        for notebook in scan:
            run = hub.run_notebook(first, f"{folder}/notebooks/{notebook}")
            slot = hub.memory()["learners"][first]
            kernel_after[notebook] = (slot["kernels"], slot["kernels_pss"])
            hub.user_api(first, "DELETE", f"kernels/{run.kernel_id}")
        heaviest = max(kernel_after, key=lambda k: kernel_after[k][0])
        rows += [("baseline: learner's bare kernel (RSS / PSS)", f"{mib(bare_rss['kernels'])} / {mib(bare_rss['kernels_pss'])}")]
        rows += [(f"kernel after {nb[:2]} (RSS / PSS)", f"{mib(r)} / {mib(p)}") for nb, (r, p) in kernel_after.items()]

        # ---- every learner on the heaviest notebook at once: what the class really holds
        runs = localhub.run_in_parallel(lambda n: hub.run_notebook(n, f"{folder}/notebooks/{heaviest}"), names,
                                        workers=len(names))
        memory = hub.memory()
        for run in runs:
            assert not run.errors(), run.errors()
        per = [memory["learners"][n] for n in names]
        server = statistics.mean(p["server"] for p in per)
        kernel = statistics.mean(p["kernels"] for p in per)
        server_pss = statistics.mean(p["server_pss"] for p in per)
        kernel_pss = statistics.mean(p["kernels_pss"] for p in per)
        learner_rss, learner_pss = server + kernel, server_pss + kernel_pss
        overhead = memory["hub"] + memory["proxy"]
        total = overhead + sum(p["server_pss"] + p["kernels_pss"] for p in per)
        rows += [("heaviest notebook", heaviest),
                 ("per learner: server (RSS / PSS)", f"{mib(server)} / {mib(server_pss)}"),
                 ("per learner: kernel after the heaviest notebook (RSS / PSS)", f"{mib(kernel)} / {mib(kernel_pss)}"),
                 ("per learner: server + kernel (RSS / PSS)", f"{mib(learner_rss)} / {mib(learner_pss)}"),
                 (f"hub + proxy with {len(names)} learners (RSS)", f"{mib(memory['hub'])} + {mib(memory['proxy'])} = {mib(overhead)}"),
                 (f"whole class of {len(names)} (PSS sum + hub + proxy)", mib(total))]

        # ---- implications (linear; Kubernetes counts RSS against the pod's limit)
        spawn_rate = len(names) / max(ready.values())
        for size in (30, 300):
            one_vm = overhead + size * learner_pss
            rows.append((f"class of {size}: memory on one machine (PSS)", f"{one_vm / 1024:.1f} GiB"))
            rows.append((f"class of {size}: with 3 notebooks open each (+2 kernels, RSS)",
                         f"{(overhead + size * (learner_rss + 2 * kernel)) / 1024:.1f} GiB"))
            rows.append((f"class of {size}: all servers ready at {spawn_rate:.2f}/s (this machine)",
                         f"~{size / spawn_rate / 60:.1f} min"))
        nodes = math.ceil(300 * 0.5 / NODE_GIB)
        rows.append((f"class of 300 on Kubernetes: {NODE_GIB} GiB nodes at the 512M guarantee", f"{nodes} nodes"))
    finally:
        stopping = time.monotonic()
        killed = hub.stop()
        rows.append(("hub SIGTERM → everything stopped", f"{time.monotonic() - stopping:.1f} s (killed after: {len(killed)})"))

    width = max(len(k) for k, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |\n|{'-' * (width + 2)}|-------|")
    for key, value in rows:
        print(f"| {key.ljust(width)} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
