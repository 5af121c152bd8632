"""`gofixleaks batch` end to end on real git repositories (bare, on disk, as
the remotes), the real Go toolchain, and the real executors: a leaky
repository, a clean one, a monorepo with three modules (one whose baseline
does not build), and one that cannot be cloned.  ``forge = "none"``: patches."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time

import pytest

import batchrepos as B


def gfl(*args, cwd=None, timeout=600):
    return subprocess.run(["gofixleaks", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def dump(ledger: str) -> list:
    db = sqlite3.connect(ledger)
    try:
        return db.execute("SELECT * FROM units ORDER BY repo, module").fetchall()
    finally:
        db.close()


def rows(campaign: str) -> dict:
    p = gfl("batch", "status", campaign, "--format", "json")
    doc = json.loads(p.stdout)
    return {(r["repo"], r["module"]): r for r in doc["rows"]}


EXPECTED = {
    ("acme/leaky", "."): ("patch-written", ""),
    ("acme/clean", "."): ("no-change", ""),
    ("acme/mono", "."): ("patch-written", ""),
    ("acme/mono", "svc/api"): ("patch-written", ""),
    ("acme/mono", "tools"): ("failed", "baseline-broken"),
    ("acme/gone", ""): ("failed", "clone-failed"),
}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory, go):
    base = str(tmp_path_factory.mktemp("fleet"))
    return base, B.standard_fleet(base)


def new_campaign(tmp_path, fleet, name="fix", forge="none", extra=""):
    d = tmp_path / name
    d.mkdir()
    path = d / "campaign.toml"
    path.write_text(B.campaign_text(name, forge, fleet[1], extra))
    return str(path)


def check_patches_apply(base: str, campaign_dir: str, repo: str, modules: list[str], tmp_path) -> None:
    dest = tmp_path / ("apply-" + repo.replace("/", "-"))
    B.git(str(tmp_path), "clone", "-q", os.path.join(base, "remotes", repo + ".git"), str(dest))
    for m in modules:
        patch = os.path.join(campaign_dir, "patches", *repo.split("/"), ("root" if m == "." else m) + ".patch")
        B.git(str(dest), "apply", "--check", patch)
        B.git(str(dest), "apply", patch)
    out = B.git(str(dest), "diff")
    assert "+\tdefer resp.Body.Close()" in out and "+\tdefer in.Close()" in out
    for m in modules:  # the patched modules build and vet
        subprocess.run(["go", "vet", "./..."], cwd=dest / m, check=True, capture_output=True)


def test_local_run_patches_and_idempotence(tmp_path, fleet):
    base, _urls = fleet
    camp = new_campaign(tmp_path, fleet)
    cdir = os.path.dirname(camp)
    p = gfl("batch", "plan", camp)
    assert p.returncode == 0 and "acme/mono" in p.stdout and "modules not known yet" in p.stdout
    assert not os.path.exists(os.path.join(cdir, "fix.ledger.sqlite"))  # plan writes nothing

    p = gfl("batch", "run", camp, "--jobs", "2")
    assert p.returncode == 1, p.stderr  # two failures
    assert "Traceback" not in p.stderr
    got = rows(camp)
    assert {k: (v["state"], v["reason"]) for k, v in got.items()} == EXPECTED
    assert "undefined: undefinedThing" in got[("acme/mono", "tools")]["error"]
    assert got[("acme/leaky", ".")]["fixes"] == {"LK101": 1, "LK106": 1}
    assert got[("acme/leaky", ".")]["verified"] == 2
    assert got[("acme/mono", "svc/api")]["patch"] == "patches/acme/mono/svc/api.patch"
    check_patches_apply(base, cdir, "acme/mono", [".", "svc/api"], tmp_path)
    check_patches_apply(base, cdir, "acme/leaky", ["."], tmp_path)
    assert not os.path.exists(os.path.join(cdir, "patches", "acme", "clean"))

    p = gfl("batch", "plan", camp)
    assert "modules: ., svc/api, tools" in p.stdout

    report = open(os.path.join(cdir, "report.md")).read()
    assert "| acme/mono | svc/api | patch-written | LK101 1, LK106 1 | 2 | 0 | 0 |" in report

    # the second and third runs change nothing: not the ledger, the report or a patch
    before = dump(os.path.join(cdir, "fix.ledger.sqlite"))
    stamps = {f: os.stat(os.path.join(r, f)).st_mtime_ns for r, _d, fs in os.walk(cdir) for f in fs if f.endswith((".patch", ".md"))}
    for _ in range(2):
        p = gfl("batch", "run", camp)
        assert p.returncode == 1 and "repositor" not in p.stderr  # nothing handed to an executor
        assert dump(os.path.join(cdir, "fix.ledger.sqlite")) == before
    assert stamps == {f: os.stat(os.path.join(r, f)).st_mtime_ns for r, _d, fs in os.walk(cdir) for f in fs if f.endswith((".patch", ".md"))}

    p = gfl("batch", "status", camp)
    assert p.returncode == 1
    assert "failed by class: baseline-broken 1, clone-failed 1" in p.stdout


def test_shards_split_the_campaign(tmp_path, fleet):
    camp = new_campaign(tmp_path, fleet)
    seen = {}
    for i in (1, 2):
        p = gfl("batch", "status", camp, "--shard", f"{i}/2", "--format", "json")
        seen[i] = {r["repo"] for r in json.loads(p.stdout)["rows"]}
    assert seen[1] | seen[2] == set(fleet[1]) and not seen[1] & seen[2]
    assert gfl("batch", "run", camp, "--shard", "3/2").returncode == 2


def _children(pid: int, needle: str) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode()
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if needle in cmd and (pid is None or ppid == pid):
            out.append(int(entry))
    return out


def test_worker_killed_mid_task_local(tmp_path, fleet):
    """SIGKILL one worker process while it works: the local pool runs its
    repository again and the campaign completes."""
    camp = new_campaign(tmp_path, fleet)
    proc = subprocess.Popen(["gofixleaks", "batch", "run", camp, "--jobs", "1", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    end = time.monotonic() + 120
    while killed is None and time.monotonic() < end and proc.poll() is None:
        kids = _children(proc.pid, "gofixleaks.batch.worker")
        if kids:
            time.sleep(0.3)  # mid-task: cloning or building
            os.kill(kids[0], signal.SIGKILL)
            killed = kids[0]
        time.sleep(0.05)
    out, err = proc.communicate(timeout=600)
    assert killed is not None, "no worker process was seen"
    assert proc.returncode == 1, err
    got = rows(camp)
    assert {k: (v["state"], v["reason"]) for k, v in got.items()} == EXPECTED


def test_driver_kill_9_then_resume(tmp_path, fleet):
    """SIGKILL the driver mid-run: the next run redoes the rows left running,
    loses nothing finished, and every target ends final."""
    camp = new_campaign(tmp_path, fleet)
    ledger = os.path.join(os.path.dirname(camp), "fix.ledger.sqlite")
    proc = subprocess.Popen(["gofixleaks", "batch", "run", camp, "--jobs", "1", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    finished_before = []
    end = time.monotonic() + 120
    while time.monotonic() < end and proc.poll() is None:
        if os.path.exists(ledger):
            try:
                states = dump(ledger)
            except sqlite3.OperationalError:
                states = []
            done = [r for r in states if r[2] not in ("planned", "running")]
            if done and any(r[2] == "running" for r in states):
                os.killpg(proc.pid, signal.SIGKILL)
                finished_before = done
                break
        time.sleep(0.05)
    proc.communicate()
    assert finished_before, "the driver was not caught mid-run"
    assert any(r[2] == "running" for r in dump(ledger))
    p = gfl("batch", "run", camp, "--jobs", "2")
    assert p.returncode == 1, p.stderr
    after = dump(ledger)
    assert all(r[2] not in ("planned", "running") for r in after)
    # nothing finished was lost or redone
    by_key = {(r[0], r[1]): r for r in after}
    for r in finished_before:
        assert by_key[(r[0], r[1])] == r
    got = rows(camp)
    assert {k: (v["state"], v["reason"]) for k, v in got.items()} == EXPECTED


@pytest.mark.slow
def test_dask_executor_patches_apply_and_worker_killed(tmp_path, fleet):
    """The Dask executor: a real distributed.LocalCluster with two worker
    processes; one Dask worker process is killed while it runs a repository
    (the scheduler runs the task again), and the patches apply."""
    base, _ = fleet
    camp = new_campaign(tmp_path, fleet)
    proc = subprocess.Popen(["gofixleaks", "batch", "run", camp, "--executor", "dask", "--jobs", "2", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    end = time.monotonic() + 180
    while killed is None and time.monotonic() < end and proc.poll() is None:
        kids = _children(None, "gofixleaks.batch.worker")
        for k in kids:
            with open(f"/proc/{k}/stat") as fh:
                dask_worker = int(fh.read().rsplit(")", 1)[1].split()[1])
            if dask_worker != proc.pid and dask_worker in _descendants(proc.pid):
                time.sleep(0.3)
                os.kill(dask_worker, signal.SIGKILL)
                killed = dask_worker
                break
        time.sleep(0.05)
    out, err = proc.communicate(timeout=600)
    assert killed is not None, "no Dask worker was seen running a task"
    assert proc.returncode == 1, err
    assert "dask (LocalCluster, 2 workers)" in err
    got = rows(camp)
    assert {k: (v["state"], v["reason"]) for k, v in got.items()} == EXPECTED
    cdir = os.path.dirname(camp)
    check_patches_apply(base, cdir, "acme/mono", [".", "svc/api"], tmp_path)


def _descendants(pid: int) -> set[int]:
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    out, frontier = set(), {pid}
    while frontier:
        frontier = {c for c, p in parent.items() if p in frontier} - out
        out |= frontier
    return out


@pytest.mark.slow
def test_existing_dask_scheduler(tmp_path, fleet):
    """`--executor tcp://HOST:PORT`: a real `dask scheduler` and `dask worker`
    started from the command line, as on a cluster (here both on 127.0.0.1)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    addr = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen(["dask", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs.append(subprocess.Popen(["dask", "worker", addr, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls = {k: v for k, v in fleet[1].items() if k in ("acme/leaky", "acme/clean")}
        d = tmp_path / "c"
        d.mkdir()
        camp = d / "campaign.toml"
        camp.write_text(B.campaign_text("tcp", "none", urls))
        import distributed

        with distributed.Client(addr, timeout=60) as client:
            client.wait_for_workers(1, timeout=60)
        p = gfl("batch", "run", str(camp), "--executor", addr, "--no-progress")
        assert p.returncode == 0, p.stderr
        assert f"dask (scheduler {addr}, 1 worker)" in p.stderr
        got = rows(str(camp))
        assert {k: v["state"] for k, v in got.items()} == {("acme/leaky", "."): "patch-written", ("acme/clean", "."): "no-change"}
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait(timeout=30)
