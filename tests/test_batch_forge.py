"""`gofixleaks batch run` publishing through the bot's lifecycle.

GitHub's and GitLab's APIs cannot run here: they are the bot's loopback fakes
(tests/forge_fixtures.py, HTTP servers on 127.0.0.1 keeping PR state); git is
real (bare repositories on disk as the remotes).  Gitea is a real server
(scripts/build_gitea.sh), on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time

import pytest

import batchrepos as B
from forge_fixtures import gitea_server, harness_for  # noqa: F401 - gitea_server is a fixture


def files_of(modules: list[tuple[str, dict[str, str]]], repo: str) -> dict[str, str]:
    out = {}
    for rel, files in modules:
        prefix = "" if rel == "." else rel + "/"
        out[prefix + "go.mod"] = f"module example.com/{repo}{'' if rel == '.' else '/' + rel}\n\ngo 1.22\n"
        for name, text in files.items():
            out[prefix + name] = text
    return out


FLEET = {
    "leaky": [(".", B.leaky_module("leaky"))],
    "mono": [(".", B.leaky_module("mono")), ("svc/api", B.leaky_module("api")), ("tools", B.broken_module("tools"))],
    "clean": [(".", B.clean_module("clean"))],
}


def make_fleet(h) -> dict[str, object]:
    return {key: h.make_repo(files_of(mods, key)) for key, mods in FLEET.items()}


def write_campaign(tmp_path, h, refs: dict, name: str = "fleet", rate: int = 600, burst: int = 5) -> str:
    d = tmp_path / name
    d.mkdir()
    api = {"github": lambda: h.fake.url, "gitlab": lambda: h.fake.url + "/api/v4", "gitea": lambda: h.server.url}[h.kind]()
    lines = ["[campaign]", f'name = "{name}"', f'forge = "{h.kind}"', f'api-url = "{api}"',
             f"publish-rate = {rate}", f"publish-burst = {burst}", ""]
    for ref in refs.values():
        lines += ["[[target]]", f'repo = "{ref.full_name}"']
        if h.kind != "gitea":
            lines.append(f'url = "{ref.remote}"')
        lines.append("")
    path = d / "campaign.toml"
    path.write_text("\n".join(lines))
    return str(path)


def env_for(h, token=None) -> dict:
    env = dict(h.env_git)
    env["PATH"] = os.environ["PATH"]
    env[h.token_variable] = token or h.token
    return env


def run(camp, env, *args, timeout=600):
    return subprocess.run(["gofixleaks", "batch", "run", camp, "--jobs", "2", "--no-progress", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def status(camp, env) -> dict:
    p = subprocess.run(["gofixleaks", "batch", "status", camp, "--format", "json"], capture_output=True, text=True, env=env)
    return {(r["repo"], r["module"]): r for r in json.loads(p.stdout)["rows"]}


def dump(camp) -> list:
    db = sqlite3.connect(os.path.join(os.path.dirname(camp), "fleet.ledger.sqlite"))
    try:
        return db.execute("SELECT * FROM units ORDER BY repo, module").fetchall()
    finally:
        db.close()


def expected(refs) -> dict:
    return {
        (refs["leaky"].full_name, "."): "pr-open",
        (refs["mono"].full_name, "."): "pr-open",
        (refs["mono"].full_name, "svc/api"): "pr-open",
        (refs["mono"].full_name, "tools"): "failed",
        (refs["clean"].full_name, "."): "no-change",
    }


def check_prs(h, refs, rows) -> None:
    """Exactly one open PR per bot branch, its URL in the ledger, its branch fixed."""
    for key in ("leaky", "mono"):
        prs = h.prs(refs[key])
        heads = [p.head for p in prs]
        assert len(heads) == len(set(heads)), f"duplicate PRs: {heads}"
        assert all(p.state == "open" for p in prs)
        mods = [m for (repo, m), r in rows.items() if repo == refs[key].full_name and r["state"] == "pr-open"]
        assert sorted(p.head for p in prs) == sorted(rows[(refs[key].full_name, m)]["branch"] for m in mods)
    mono = {p.head: p for p in h.prs(refs["mono"])}
    assert set(mono) == {"gofixleaks/fleet", "gofixleaks/fleet-svc-api"}
    assert "LK101" in mono["gofixleaks/fleet-svc-api"].body and "svc/api" in mono["gofixleaks/fleet-svc-api"].title
    assert h.prs(refs["clean"]) == []


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_fake_forge_campaign_and_rerun(tmp_path, go, kind):
    h = harness_for(kind, str(tmp_path / "forge"))
    try:
        refs = make_fleet(h)
        camp = write_campaign(tmp_path, h, refs)
        env = env_for(h)
        p = run(camp, env)
        assert p.returncode == 1, p.stderr  # the broken module
        assert h.token not in p.stdout + p.stderr
        rows = status(camp, env)
        assert {k: v["state"] for k, v in rows.items()} == expected(refs)
        assert rows[(refs["mono"].full_name, "tools")]["reason"] == "baseline-broken"
        check_prs(h, refs, rows)
        for (repo, m), r in rows.items():
            if r["state"] == "pr-open":
                assert r["pr_url"] and r["outcome"] == "created"
        # the bot branch of the monorepo's svc/api holds exactly that module's fixes
        diff = B.git(str(tmp_path), "--git-dir", refs["mono"].remote, "diff", "--stat", "main", "gofixleaks/fleet-svc-api")
        assert "svc/api/fetch.go" in diff and "svc/api/load.go" in diff and " fetch.go" not in diff.replace("svc/api/fetch.go", "")
        # runs after the end change nothing: no forge write, same ledger
        writes, before = h.write_calls(), dump(camp)
        p = run(camp, env)
        assert p.returncode == 1 and h.write_calls() == writes and dump(camp) == before
        with open(os.path.join(os.path.dirname(camp), "fleet.ledger.sqlite"), "rb") as fh:
            assert h.token.encode() not in fh.read()
        # a person merges one PR and closes another: --refresh reads it from the forge
        (leaky_pr,) = h.prs(refs["leaky"])
        h.merge(refs["leaky"], leaky_pr.number)
        api_pr = [pr for pr in h.prs(refs["mono"]) if pr.head == "gofixleaks/fleet-svc-api"][0]
        h.close_pr(refs["mono"], api_pr.number)
        p = run(camp, env, "--refresh")
        assert p.returncode == 1, p.stderr
        rows = status(camp, env)
        assert rows[(refs["leaky"].full_name, ".")]["state"] == "merged"
        assert rows[(refs["mono"].full_name, "svc/api")]["state"] == "closed"
        assert rows[(refs["mono"].full_name, ".")]["state"] == "pr-open"
        before = dump(camp)
        assert run(camp, env, "--refresh").returncode == 1 and dump(camp) == before
    finally:
        h.close()


def test_wrong_token_exit_2_nothing_pushed(tmp_path, go):
    h = harness_for("github", str(tmp_path / "forge"))
    try:
        refs = {"leaky": h.make_repo(files_of(FLEET["leaky"], "leaky"))}
        camp = write_campaign(tmp_path, h, refs)
        p = run(camp, env_for(h, token="wrong"))
        assert p.returncode == 2
        assert "GITHUB_TOKEN" in p.stderr and "Traceback" not in p.stderr
        assert h.write_calls() == 0 and h.branch_sha(refs["leaky"], "gofixleaks/fleet") is None
    finally:
        h.close()


def test_driver_kill_9_no_duplicate_pr(tmp_path, go):
    """SIGKILL the driver while it publishes; the next run finds the PRs by
    their branches (the bot's publish), opens no second one, and every target
    ends final."""
    h = harness_for("github", str(tmp_path / "forge"))
    try:
        refs = make_fleet(h)
        # one publish a second, so that the kill lands mid-campaign
        camp = write_campaign(tmp_path, h, refs, rate=60, burst=1)
        env = env_for(h)
        proc = subprocess.Popen(["gofixleaks", "batch", "run", camp, "--jobs", "1", "--no-progress"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        killed = False
        end = time.monotonic() + 180
        while time.monotonic() < end and proc.poll() is None:
            prs = sum(len(h.prs(r)) for r in refs.values())
            if prs >= 1:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.02)
        proc.communicate()
        assert killed, "the driver finished before it could be killed"
        left = [r for r in dump(camp) if r[2] in ("planned", "running")]
        assert left, "nothing was left running"
        p = run(camp, env)
        assert p.returncode == 1, p.stderr
        rows = status(camp, env)
        assert {k: v["state"] for k, v in rows.items()} == expected(refs)
        check_prs(h, refs, rows)
        assert sum(len(h.prs(r)) for r in refs.values()) == 3
    finally:
        h.close()


@pytest.mark.slow
def test_real_gitea_campaign(tmp_path, go, request):
    """A real Gitea: the campaign opens one PR per module with fixes, and a
    rerun after the end changes nothing."""
    h = harness_for("gitea", str(tmp_path / "forge"), request)
    refs = make_fleet(h)
    camp = write_campaign(tmp_path, h, refs)
    env = env_for(h)
    p = run(camp, env)
    assert p.returncode == 1, p.stderr
    assert h.token not in p.stdout + p.stderr
    rows = status(camp, env)
    assert {k: v["state"] for k, v in rows.items()} == expected(refs)
    check_prs(h, refs, rows)
    shas = {k: h.branch_sha(refs["mono"], k) for k in ("gofixleaks/fleet", "gofixleaks/fleet-svc-api")}
    before = dump(camp)
    p = run(camp, env, "--retry-failed")  # works the monorepo again: same PRs, nothing pushed
    assert p.returncode == 1, p.stderr
    rows2 = status(camp, env)
    assert {k: v["state"] for k, v in rows2.items()} == expected(refs)
    assert rows2[(refs["mono"].full_name, "svc/api")]["outcome"] == "unchanged"
    assert {k: h.branch_sha(refs["mono"], k) for k in shas} == shas
    check_prs(h, refs, rows2)
    assert [r for r in dump(camp) if r[0] != refs["mono"].full_name] == [r for r in before if r[0] != refs["mono"].full_name]
