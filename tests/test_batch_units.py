"""The batch runner's parts that need no repository: the campaign file, the
ledger's transactions and state machine, shards, the token bucket, the
status table and report, and the executors on a trivial task (the Dask one on
a real LocalCluster with two worker processes)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from gofixleaks.batch import campaign as C
from gofixleaks.batch import ledger as L
from gofixleaks.batch import report
from gofixleaks.batch.ledger import Ledger, Row
from gofixleaks.batch.ratelimit import TokenBucket


def write(tmp_path, text, name="campaign.toml"):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


GOOD = """
[campaign]
name = "fix-leaks"
forge = "none"
split = "module"
select = ["LK1"]
cache-size = 500

[[target]]
repo = "acme/payments"
url = "file:///srv/git/acme/payments.git"
base = "main"
"""


def test_campaign_parses(tmp_path):
    c = C.load(write(tmp_path, GOOD))
    assert c.name == "fix-leaks" and c.forge == "none" and c.split == "module"
    assert c.branch == "gofixleaks/fix-leaks"
    assert c.settings.select == ("LK1",) and c.settings.option("cache_size") == 500
    assert c.targets == (C.Target("acme/payments", "file:///srv/git/acme/payments.git", "main"),)
    assert c.ledger_path == str(tmp_path / "fix-leaks.ledger.sqlite")


def test_targets_file(tmp_path):
    (tmp_path / "repos.txt").write_text(
        "# the fleet\nacme/a file:///g/a.git main\nacme/b  file:///g/b.git   # no base\n\nacme/c /g/c.git dev\n"
    )
    c = C.load(write(tmp_path, '[campaign]\nname = "x"\ntargets = "repos.txt"\n'))
    assert [(t.repo, t.url, t.base) for t in c.targets] == [
        ("acme/a", "file:///g/a.git", "main"), ("acme/b", "file:///g/b.git", ""), ("acme/c", "/g/c.git", "dev"),
    ]


def test_forge_default_urls(tmp_path):
    c = C.load(write(tmp_path, '[campaign]\nname = "x"\nforge = "github"\n[[target]]\nrepo = "acme/a"\n'), env={})
    assert c.api_url == "https://api.github.com" and c.url_for(c.targets[0]) == "https://github.com/acme/a.git"
    c = C.load(write(tmp_path, '[campaign]\nname = "x"\nforge = "gitea"\n[[target]]\nrepo = "o/r"\n'),
               env={"GITEA_URL": "http://127.0.0.1:3000"})
    assert c.url_for(c.targets[0]) == "http://127.0.0.1:3000/o/r.git"


@pytest.mark.parametrize(
    "text, key",
    [
        ('[campaign]\nname = "x"\ncolour = "red"\n[[target]]\nrepo = "a/b"\nurl = "/x"\n', "'colour'"),
        ('[campaign]\nname = "x"\nforge = "bitbucket"\n[[target]]\nrepo = "a/b"\nurl = "/x"\n', "campaign.forge"),
        ('[campaign]\nname = "x"\nsplit = "file"\n[[target]]\nrepo = "a/b"\nurl = "/x"\n', "campaign.split"),
        ('[campaign]\nname = "x"\nselect = ["LK999"]\n[[target]]\nrepo = "a/b"\nurl = "/x"\n', "select"),
        ('[campaign]\nname = "x"\n[[target]]\nrepo = "a/b"\nurl = "/x"\nbranch = "m"\n', "'branch'"),
        ('[campaign]\nname = "x"\n[[target]]\nrepo = "nope"\nurl = "/x"\n', "target[0].repo"),
        ('[campaign]\nname = "x"\nbranch = "a..b"\n[[target]]\nrepo = "a/b"\nurl = "/x"\n', "campaign.branch"),
        ('[campaign]\nname = "x"\npublish-rate = -1\n[[target]]\nrepo = "a/b"\nurl = "/x"\n', "campaign.publish-rate"),
        ('[campaign]\nname = "x"\n[[target]]\nrepo = "a/b"\n', "url is needed"),
        ('[campaign]\nname = "x"\ntargets = "missing.txt"\n', "missing.txt"),
        ('[campaign]\nforge = "none"\n[[target]]\nrepo = "a/b"\nurl = "/x"\n', "campaign.name"),
        ('[campaign\nname = "x"\n', "invalid TOML"),
        ('[campaign]\nname = "x"\n[[target]]\nrepo = "a/b"\nurl = "/x"\n[[target]]\nrepo = "a/b"\nurl = "/y"\n', "twice"),
    ],
)
def test_bad_campaign_names_the_key(tmp_path, text, key):
    with pytest.raises(C.CampaignError) as e:
        C.load(write(tmp_path, text))
    assert key in str(e.value)


def test_bad_campaign_cli_exit_2(tmp_path):
    path = write(tmp_path, '[campaign]\nname = "x"\nsplitt = "module"\n[[target]]\nrepo = "a/b"\nurl = "/x"\n')
    p = subprocess.run(["gofixleaks", "batch", "run", path], capture_output=True, text=True)
    assert p.returncode == 2
    assert "unknown key 'splitt'" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    assert not os.path.exists(tmp_path / "x.ledger.sqlite")


def test_shards_partition_the_targets():
    repos = [f"org/r{i}" for i in range(60)]
    shards = [[r for r in repos if C.in_shard(r, (i, 3))] for i in (1, 2, 3)]
    assert sorted(sum(shards, [])) == sorted(repos)  # each repository in exactly one shard
    assert all(shards)
    # deterministic, and independent of the other targets
    assert [r for r in repos[:10] if C.in_shard(r, (2, 3))] == [r for r in shards[1] if r in repos[:10]]
    with pytest.raises(Exception, match="I/N"):
        C.parse_shard("3")
    with pytest.raises(Exception, match="between"):
        C.parse_shard("4/3")


def test_ledger_transactions_and_states(tmp_path):
    path = str(tmp_path / "l.sqlite")
    led = Ledger(path)
    with pytest.raises(L.LedgerError):
        led.plan("a/b")  # outside a transaction
    with led.tx():
        assert led.plan("a/b") and not led.plan("a/b")
    with pytest.raises(RuntimeError):
        with led.tx():
            led.start("a/b")
            raise RuntimeError("killed mid-transaction")
    assert led.get("a/b", "").state == L.PLANNED  # rolled back
    with led.tx():
        assert led.start("a/b") == 1
    with led.tx():
        led.replace_repo("a/b", [
            (Row("a/b", ".", L.NO_CHANGE), None),
            (Row("a/b", "svc", L.RUNNING, stage="publish", fixes={"LK101": 2}), {"patch": "diff"}),
            (Row("a/b", "old", L.FAILED, reason="baseline-broken", error="x.go:1: undefined: y"), None),
        ])
    assert led.payload("a/b", "svc") == {"patch": "diff"}
    with pytest.raises(L.LedgerError):
        with led.tx():
            led.finish("a/b", ".", L.MERGED)  # no-change -> merged is not a transition
    with pytest.raises(L.LedgerError):
        with led.tx():
            led.finish("a/b", "svc", L.FAILED, reason="gremlins")
    with led.tx():
        led.finish("a/b", "svc", L.PATCH_WRITTEN, patch="patches/a/b/svc.patch")
    assert led.payload("a/b", "svc") is None  # dropped once final
    rows = {r.module: r for r in led.rows("a/b")}
    assert rows["svc"].fixes == {"LK101": 2} and rows["svc"].attempts == 1 and rows["svc"].stage == ""
    # a second process reads while this one holds the database open
    ro = Ledger(path, readonly=True)
    assert [r.state for r in ro.rows()] == [L.NO_CHANGE, L.FAILED, L.PATCH_WRITTEN]
    with pytest.raises(sqlite3.OperationalError):
        ro.db.execute("DELETE FROM units")
    ro.close()
    # a retry collapses the rows into one running repository row again
    with led.tx():
        assert led.start("a/b") == 2
    assert [(r.module, r.state) for r in led.rows("a/b")] == [("", L.RUNNING)]
    led.close()


def test_ledger_survives_kill_9_mid_transaction(tmp_path):
    """A process killed inside a write transaction leaves the last committed state."""
    path = str(tmp_path / "l.sqlite")
    code = f"""
import os, signal
from gofixleaks.batch.ledger import Ledger
led = Ledger({path!r})
with led.tx():
    led.plan("a/b")
with led.tx():
    led.start("a/b")
led.db.execute("BEGIN IMMEDIATE")
led._in_tx = True
led.finish("a/b", "", "failed", reason="internal", error="half")
os.kill(os.getpid(), signal.SIGKILL)
"""
    p = subprocess.run([sys.executable, "-c", code])
    assert p.returncode == -signal.SIGKILL
    led = Ledger(path)
    assert [(r.state, r.error) for r in led.rows()] == [(L.RUNNING, "")]
    led.close()


def test_token_bucket():
    now = [100.0]
    b = TokenBucket(rate_per_minute=6, burst=2, clock=lambda: now[0])
    assert b.take() and b.take() and not b.take()
    assert b.delay() == pytest.approx(10.0)
    now[0] += 10
    assert b.take() and not b.take()
    b.pause(60)
    now[0] += 30
    assert b.delay() == pytest.approx(30.0)
    now[0] += 30
    assert b.take()
    unlimited = TokenBucket(0, 0, clock=lambda: now[0])
    assert all(unlimited.take() for _ in range(100))


def test_status_table_and_report(tmp_path):
    c = C.load(write(tmp_path, GOOD.replace('[[target]]', '[[target]]\n', 1) + '\n[[target]]\nrepo = "acme/ledger"\nurl = "/x"\n'))
    led = Ledger(c.ledger_path)
    with led.tx():
        led.plan("acme/payments")
        led.plan("acme/ledger")
        led.start("acme/payments")
        led.replace_repo("acme/payments", [
            (Row("acme/payments", ".", L.PATCH_WRITTEN, fixes={"LK101": 1, "LK106": 2}, verified=3,
                 patch="patches/acme/payments/root.patch"), None),
            (Row("acme/payments", "tools", L.FAILED, reason="baseline-broken", error="main.go:3:2: undefined: x"), None),
        ])
    report.write_report(c, led, c.targets)
    mtime = os.stat(c.report_path).st_mtime_ns
    report.write_report(c, led, c.targets)
    assert os.stat(c.report_path).st_mtime_ns == mtime  # unchanged: not rewritten
    md = open(c.report_path).read()
    assert "| acme/payments | . | patch-written | LK101 1, LK106 2 | 3 | 0 | 0 |" in md
    assert "main.go:3:2: undefined: x" in md
    led.close()
    text, code = report.status(c, c.targets)
    assert code == 1
    lines = text.splitlines()
    assert lines[0].split() == ["repo", "module", "state", "fixes", "verified", "reverted", "PR", "/", "patch", "error"]
    assert any("failed: baseline-broken" in ln and "undefined: x" in ln for ln in lines)
    assert "failed by class: baseline-broken 1" in text
    assert "planned 1" in text and "patch-written 1" in text
    js, _ = report.status(c, c.targets, "json")
    import json

    doc = json.loads(js)
    assert doc["counts"]["failed"] == {"baseline-broken": 1}
    assert {r["repo"] for r in doc["rows"]} == {"acme/payments", "acme/ledger"}


# --- executors on a trivial task

def _pid_after(task):
    import os as _os
    import time as _time

    _time.sleep(task.get("sleep", 0))
    return {"repo": task["repo"], "pid": _os.getpid()}


def _drain(ex, n, timeout=120):
    out = {}
    end = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < end:
        for key, res in ex.wait(1.0):
            out[key] = res
    return out


def test_local_executor_runs_tasks_in_parallel():
    from gofixleaks.batch.executors import LocalExecutor

    ex = LocalExecutor(jobs=2, fn=_pid_after)
    for i in range(4):
        ex.submit(f"r{i}", {"repo": f"r{i}", "sleep": 0.1})
    out = _drain(ex, 4)
    ex.close()
    assert sorted(out) == ["r0", "r1", "r2", "r3"]
    assert all(v["repo"] == k for k, v in out.items())
    assert ex.pending() == 0 and ex.wait(0.1) == []


@pytest.mark.slow
def test_dask_local_cluster_two_workers_trivial_task():
    """A real distributed.LocalCluster with two worker processes."""
    import cloudpickle

    from gofixleaks.batch.executors import DaskExecutor

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ex = DaskExecutor(None, jobs=2, fn=_pid_after)
    try:
        assert "2 workers" in ex.describe()
        for i in range(6):
            ex.submit(f"r{i}", {"repo": f"r{i}", "sleep": 0.2})
        out = _drain(ex, 6)
        assert sorted(out) == [f"r{i}" for i in range(6)]
        pids = {v["pid"] for v in out.values()}
        assert os.getpid() not in pids and 1 <= len(pids) <= 2
    finally:
        ex.close()


def test_one_run_per_campaign(tmp_path):
    from gofixleaks.batch.driver import lock_campaign
    from gofixleaks.discovery import UsageError

    c = C.load(write(tmp_path, GOOD))
    fd = lock_campaign(c)
    with pytest.raises(UsageError, match="another 'gofixleaks batch run'"):
        lock_campaign(c)
    os.close(fd)
    os.close(lock_campaign(c))  # free again once the holder is gone
