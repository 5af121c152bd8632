"""Smaller batch behaviours on real repositories: module discovery (go.mod and
go.work), a repository without a module (skipped), the per-repository
timeout, the progress bar on a real pseudo-terminal, and a forge that keeps
answering "rate limited" (the loopback fake of GitHub's API: it cannot run
here) pausing the publish stage instead of failing the module."""

from __future__ import annotations

import json
import os
import subprocess

import pexpect

import batchrepos as B
from gofixleaks.batch import worker


def test_find_modules_go_mod_and_go_work(tmp_path):
    root = tmp_path / "r"
    for d in (".", "svc/a", "svc/b", "vendor/x", "testdata/y", "_old", ".hidden", "tools"):
        (root / d).mkdir(parents=True, exist_ok=True)
        (root / d / "go.mod").write_text("module m\n")
    (root / "work" / "c").mkdir(parents=True)  # only a go.work member with a go.mod counts
    (root / "go.work").write_text("go 1.22\n\nuse (\n\t.\n\t./svc/a // the API\n\t./work/c\n)\nuse ./tools\n")
    assert worker.find_modules(str(root)) == [".", "svc/a", "svc/b", "tools"]
    assert worker._go_work_members(str(root)) == [".", "svc/a", "work/c", "tools"]


def test_repository_without_module_is_skipped(tmp_path, go):
    url = B.make_repo(str(tmp_path), "acme/docs", [], extra={"README.md": "no Go here\n"})
    res = worker.work({"repo": "acme/docs", "url": url, "base": "", "branch": "b", "forge": "none",
                       "workdir": str(tmp_path / "scratch"), "timeout": 300})
    assert res["state"] == "skipped" and res["units"] == [] and "no go.mod" in res["error"]
    assert os.listdir(tmp_path / "scratch") == []  # the clone is removed


def test_timeout_and_progress_bar(tmp_path, go):
    """A campaign.timeout too short for the work: failed: timeout (the worker's
    process group is killed); the progress bar shows on a terminal."""
    url = B.make_repo(str(tmp_path), "acme/slow", [(".", B.leaky_module("slow"))])
    d = tmp_path / "c"
    d.mkdir()
    camp = d / "campaign.toml"
    camp.write_text(B.campaign_text("t", "none", {"acme/slow": url}, "timeout = 0.5"))
    child = pexpect.spawn("gofixleaks", ["batch", "run", str(camp), "--jobs", "1"], encoding="utf-8", timeout=120,
                          dimensions=(24, 200))
    child.expect(r"batch \[\.+\] 0/1 repositories")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    p = subprocess.run(["gofixleaks", "batch", "status", str(camp), "--format", "json"], capture_output=True, text=True)
    (row,) = json.loads(p.stdout)["rows"]
    assert (row["state"], row["reason"]) == ("failed", "timeout") and "0.5s" in row["error"]


def test_rate_limited_forge_pauses_then_publishes(tmp_path, go):
    from forge_fixtures import harness_for

    h = harness_for("github", str(tmp_path / "forge"))
    try:
        ref = h.make_repo({"go.mod": "module example.com/r\n\ngo 1.22\n", **B.leaky_module("r")})
        d = tmp_path / "c"
        d.mkdir()
        camp = d / "campaign.toml"
        camp.write_text(
            "[campaign]\nname = \"rl\"\nforge = \"github\"\n"
            f"api-url = \"{h.fake.url}\"\n\n[[target]]\nrepo = \"{ref.full_name}\"\nurl = \"{ref.remote}\"\n"
        )
        env = dict(h.env_git, PATH=os.environ["PATH"], GITHUB_TOKEN=h.token)
        # the token check passes; then the next requests (the publish's) are refused
        # with Retry-After: 1 more often than the adapter retries one call
        h.fake.throttle(0)
        orig = h.fake.handle
        state = {"gets": 0}

        def handle(method, path, headers, data):
            if "/pulls" in path and state["gets"] == 0:
                state["gets"] = 1
                h.fake.throttle(5, "1")
            return orig(method, path, headers, data)

        h.fake.handle = handle
        p = subprocess.run(["gofixleaks", "batch", "run", str(camp), "--no-progress"], capture_output=True, text=True,
                           env=env, timeout=600)
        assert p.returncode == 0, p.stderr
        throttled = [e for e in h.fake.log if "/pulls" in e[1]]
        assert len(throttled) >= 6  # the five refusals, then the calls that went through
        assert [pr.state for pr in h.prs(ref)] == ["open"]
        st = subprocess.run(["gofixleaks", "batch", "status", str(camp), "--format", "json"], capture_output=True, text=True)
        (row,) = json.loads(st.stdout)["rows"]
        assert row["state"] == "pr-open" and row["outcome"] == "created"
    finally:
        h.close()


def test_split_repo_one_patch_per_repository(tmp_path, go):
    url = B.make_repo(str(tmp_path), "acme/mono", [(".", B.leaky_module("mono")), ("svc/api", B.leaky_module("api")),
                                                   ("tools", B.broken_module("tools"))])
    d = tmp_path / "c"
    d.mkdir()
    camp = d / "campaign.toml"
    camp.write_text(B.campaign_text("sr", "none", {"acme/mono": url}, 'split = "repo"'))
    p = subprocess.run(["gofixleaks", "batch", "run", str(camp), "--no-progress"], capture_output=True, text=True)
    assert p.returncode == 1, p.stderr
    st = subprocess.run(["gofixleaks", "batch", "status", str(camp), "--format", "json"], capture_output=True, text=True)
    rows = {r["module"]: r for r in json.loads(st.stdout)["rows"]}
    assert rows["."]["state"] == "patch-written" and rows["."]["fixes"] == {"LK101": 2, "LK106": 2}
    assert (rows["tools"]["state"], rows["tools"]["reason"]) == ("failed", "baseline-broken")
    patch = (d / "patches" / "acme" / "mono" / "root.patch").read_text()
    assert "diff --git a/fetch.go" in patch and "diff --git a/svc/api/fetch.go" in patch
