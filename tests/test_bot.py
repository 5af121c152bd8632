"""`gofixleaks bot`: the whole lifecycle, through the real command, on real git.

Every scenario runs against three forges (see tests/forge_fixtures.py):
GitHub and GitLab as loopback fakes of their REST APIs (those services cannot
run here; the fakes answer, on 127.0.0.1, exactly the calls PyGithub and
python-gitlab make, and keep PR state), and a real Gitea built from the module
proxy (marked slow).  Git is real everywhere: bare repositories on disk (the
fakes) or Gitea's git over HTTP, a fresh clone per run, and no git identity
on the machine (HOME is empty, no global or system configuration).
"""

from __future__ import annotations

import base64
import itertools
import os
import re
import subprocess
from dataclasses import dataclass

import pytest

from forge_fixtures import FORGE_KINDS, PERSON, git, harness_for

FETCH_GO = """package svc

import (
	"io"
	"net/http"
)

// Fetch returns the body of url.
func Fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
"""

CONFIG_GO = """package svc

import (
	"io"
	"os"
)

// ReadConfig returns the bytes of the file at path.
func ReadConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}
"""

CONFIG_GO_FIXED = CONFIG_GO.replace("\treturn io.ReadAll(f)", "\tdefer f.Close()\n\treturn io.ReadAll(f)")
FETCH_GO_FIXED = FETCH_GO.replace("\treturn io.ReadAll(resp.Body)", "\tdefer resp.Body.Close()\n\treturn io.ReadAll(resp.Body)")
GO_MOD = "module example.com/svc\n\ngo 1.22\n"
MODULE = {"go.mod": GO_MOD, "fetch.go": FETCH_GO, "README.md": "svc\n"}
BRANCH = "gofixleaks/fix-leaks"

_runs = itertools.count(1)


@dataclass
class Run:
    rc: int
    out: str
    err: str
    work: str


@pytest.fixture(scope="module", params=[pytest.param(k, marks=[pytest.mark.slow] if k == "gitea" else []) for k in FORGE_KINDS])
def forge(request, tmp_path_factory, go):
    h = harness_for(request.param, str(tmp_path_factory.mktemp(request.param)), request)
    yield h
    h.close()


def run_bot(h, repo, *args: str, token: str | None = None, work: str | None = None, env: dict | None = None) -> Run:
    """`gofixleaks bot` in a fresh clone (or ``work``), as CI runs it."""
    if work is None:
        work = h.clone(repo, os.path.join(h.workdir, f"work-{next(_runs)}"))
    e = h.bot_env(repo, token)
    e.update(env or {})
    proc = subprocess.run(["gofixleaks", "bot", *args, work], env=e, capture_output=True, text=True, timeout=900)
    return Run(proc.returncode, proc.stdout, proc.stderr, work)


def open_prs(h, repo):
    return [p for p in h.prs(repo) if p.state == "open"]


def branch_log(h, repo, branch: str) -> list[tuple[str, str, str]]:
    """(author name, author email, full message) of the commits of ``branch`` not on main."""
    work = h.clone(repo, os.path.join(h.workdir, f"inspect-{next(_runs)}"))
    out = git(["log", "--format=%an%x00%ae%x00%B%x01", f"origin/{branch}", "--not", "origin/main"], work, h.remote_env())
    return [tuple(c.strip("\n").split("\0", 2)) for c in out.split("\x01") if c.strip()]


def checkout_branch(h, repo, branch: str) -> str:
    work = os.path.join(h.workdir, f"branch-{next(_runs)}")
    git(["clone", "-q", "--branch", branch, repo.remote, work], h.workdir, h.remote_env())
    return work


def assert_token_nowhere(h, repo, runs: list[Run], token: str):
    encoded = [base64.b64encode(f"{user}:{token}".encode()).decode() for user in ("x-access-token", "oauth2", "gofixleaks")]
    for r in runs:
        assert token not in r.out and token not in r.err
        with open(os.path.join(r.work, ".git", "config")) as fh:
            config = fh.read()
        assert token not in config and not any(e in config for e in encoded)
    for p in h.prs(repo):
        assert token not in p.title and token not in p.body
        for c in h.comments(repo, p.number):
            assert token not in c
    if h.branch_sha(repo, BRANCH):
        for _name, _email, message in branch_log(h, repo, BRANCH):
            assert token not in message


# ---- the lifecycle, on every forge ----------------------------------------------------------

with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples", "leaky", "lostcancel", "lostcancel.go")) as _fh:
    LOSTCANCEL_GO = _fh.read()  # excluded by a build tag: its fixes stay unverified


def test_first_run_rerun_and_new_leak_on_base(forge, go):
    h = forge
    repo = h.make_repo({**MODULE, "lostcancel/lostcancel.go": LOSTCANCEL_GO})
    first = run_bot(h, repo)
    assert first.rc == 0, first.err
    assert first.out.startswith("created"), first.out
    prs = open_prs(h, repo)
    assert len(prs) == 1 and prs[0].head == BRANCH
    pr = prs[0]
    assert "LK101" in pr.body and "`fetch.go:10`" in pr.body and "Add defer resp.Body.Close()" in pr.body
    assert "gofixleaks-bot" in pr.body  # the hidden metadata block
    # the package --verify cannot compile is in the verification table with --verify's reason
    row = [line for line in pr.body.splitlines() if line.startswith("| `./lostcancel` | 2 | 0 | ")]
    assert len(row) == 1 and "build constraints" in row[0] and row[0].endswith("| not checked |"), row
    assert h.workdir not in pr.body  # no path of the CI machine: a rerun renders the same body
    # the branch builds, vets, and its leaks are gone
    branch = checkout_branch(h, repo, BRANCH)
    for cmd in (["go", "build", "./..."], ["go", "vet", "./..."]):
        proc = subprocess.run(cmd, cwd=branch, capture_output=True, text=True, env={**h.env_git})
        assert proc.returncode == 0, proc.stderr
    with open(os.path.join(branch, "fetch.go")) as fh:
        assert fh.read() == FETCH_GO_FIXED
    check = subprocess.run(["gofixleaks", "."], cwd=branch, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # one commit, by the bot, listing the rules
    log = branch_log(h, repo, BRANCH)
    assert len(log) == 1
    name, email, message = log[0]
    assert name == "gofixleaks[bot]" and email.endswith("noreply.github.com")
    assert "- LK101 unclosed-response-body: 1 fix\n- LK103 lost-cancel: 2 fixes" in message

    # a rerun changes nothing: same PR, same head commit, no write call
    writes = h.write_calls()
    head = h.branch_sha(repo, BRANCH)
    second = run_bot(h, repo)
    assert second.rc == 0, second.err
    assert second.out.startswith("unchanged"), second.out
    assert h.branch_sha(repo, BRANCH) == head
    assert [p.number for p in open_prs(h, repo)] == [pr.number]
    if writes is not None:
        assert h.write_calls() == writes

    # a new leak on the base branch updates the same PR
    h.commit_to(repo, "main", {"config.go": CONFIG_GO}, "Add ReadConfig")
    third = run_bot(h, repo)
    assert third.rc == 0, third.err
    assert third.out.startswith("updated"), third.out
    prs = open_prs(h, repo)
    assert [p.number for p in prs] == [pr.number]
    assert prs[0].head_sha != head and "LK106" in prs[0].body and "`config.go:10`" in prs[0].body
    branch = checkout_branch(h, repo, BRANCH)
    with open(os.path.join(branch, "config.go")) as fh:
        assert fh.read() == CONFIG_GO_FIXED
    assert len(branch_log(h, repo, BRANCH)) == 1  # rebuilt on the new base: still one commit
    assert_token_nowhere(h, repo, [first, second, third], h.token)


def test_after_a_merge_no_new_pr_until_new_findings(forge, go):
    h = forge
    repo = h.make_repo(MODULE)
    assert run_bot(h, repo).rc == 0
    (pr,) = open_prs(h, repo)
    h.merge(repo, pr.number)
    after = run_bot(h, repo)
    assert after.rc == 0, after.err
    assert after.out.startswith("none"), after.out
    assert open_prs(h, repo) == []
    assert len(h.prs(repo)) == 1
    assert h.branch_sha(repo, BRANCH) is None  # the merged branch is cleaned up
    # a finding that appeared since: a new PR, for it
    h.commit_to(repo, "main", {"config.go": CONFIG_GO}, "Add ReadConfig")
    again = run_bot(h, repo)
    assert again.rc == 0, again.err
    assert again.out.startswith("created"), again.out
    (new,) = open_prs(h, repo)
    assert new.number != pr.number and "LK106" in new.body and "LK101 |" not in new.body.split("### Fixes")[1].split("###")[0]


def test_declined_pr_is_not_reopened(forge, go):
    h = forge
    repo = h.make_repo(MODULE)
    assert run_bot(h, repo).rc == 0
    (pr,) = open_prs(h, repo)
    h.close_pr(repo, pr.number)
    again = run_bot(h, repo)
    assert again.rc == 0, again.err
    assert again.out.startswith("none"), again.out
    assert open_prs(h, repo) == [] and len(h.prs(repo)) == 1
    # a new leak: a new PR for it alone; the declined fix is not proposed again
    h.commit_to(repo, "main", {"config.go": CONFIG_GO}, "Add ReadConfig")
    third = run_bot(h, repo)
    assert third.rc == 0, third.err
    assert third.out.startswith("created"), third.out
    (new,) = open_prs(h, repo)
    assert new.number != pr.number and new.title == "Fix 1 resource leak (gofixleaks)"
    fixes = new.body.split("### Fixes")[1].split("###")[0]
    assert "`config.go:10` | LK106" in fixes and "LK101" not in fixes
    assert "| `fetch.go:10` | LK101 |" in new.body and "declined: a pull request that proposed this fix was closed" in new.body
    branch = checkout_branch(h, repo, BRANCH)
    with open(os.path.join(branch, "fetch.go")) as fh:
        assert fh.read() == FETCH_GO  # left as the person wanted it


def test_a_persons_commit_on_the_bot_branch_survives(forge, go):
    h = forge
    repo = h.make_repo(MODULE)
    assert run_bot(h, repo).rc == 0
    (pr,) = open_prs(h, repo)
    theirs = h.commit_to(repo, BRANCH, {"NOTES.md": "reviewed by Alice\n"}, "Review notes")
    h.commit_to(repo, "main", {"config.go": CONFIG_GO}, "Add ReadConfig")
    run = run_bot(h, repo)
    assert run.rc == 0, run.err
    assert h.branch_sha(repo, BRANCH) == theirs  # never force-pushed over
    assert "Alice Person" in run.err and "not pushing" in run.err
    assert run.out.startswith("kept"), run.out
    (now,) = open_prs(h, repo)
    assert now.number == pr.number
    assert "no longer pushes to it" in now.body and "Alice Person" in now.body


def test_nothing_to_fix_closes_the_pr_and_deletes_the_branch(forge, go):
    h = forge
    repo = h.make_repo(MODULE)
    assert run_bot(h, repo).rc == 0
    (pr,) = open_prs(h, repo)
    h.commit_to(repo, "main", {"fetch.go": FETCH_GO_FIXED}, "Close the body")  # fixed by a person
    run = run_bot(h, repo)
    assert run.rc == 0, run.err
    assert run.out.startswith("closed"), run.out
    assert open_prs(h, repo) == []
    assert [p.state for p in h.prs(repo)] == ["closed"]
    (comment,) = h.comments(repo, pr.number)
    assert "nothing left to fix" in comment and "Closing it" in comment
    assert h.branch_sha(repo, BRANCH) is None


def test_a_wrong_token_exits_2_and_pushes_nothing(forge, go):
    h = forge
    repo = h.make_repo(MODULE)
    wrong = "wrongtoken0123456789abcdef0123456789abcd"
    writes = h.write_calls()
    run = run_bot(h, repo, token=wrong)
    assert run.rc == 2
    assert h.token_variable in run.err and "refused" in run.err
    assert "Traceback" not in run.err
    assert run.out == ""
    assert h.branch_sha(repo, BRANCH) is None and h.prs(repo) == []
    if writes is not None:
        assert h.write_calls() == writes
    assert_token_nowhere(h, repo, [run], wrong)


# ---- more behaviour, on the fakes ---------------------------------------------------------------

@pytest.fixture(scope="module")
def github(tmp_path_factory, go):
    h = harness_for("github", str(tmp_path_factory.mktemp("gh")))
    yield h
    h.close()


def test_dirty_tree_is_refused(github):
    h = github
    repo = h.make_repo(MODULE)
    work = h.clone(repo, os.path.join(h.workdir, "dirty"))
    writes = h.write_calls()
    with open(os.path.join(work, "fetch.go"), "a") as fh:
        fh.write("// local edit\n")
    run = run_bot(h, repo, work=work)
    assert run.rc == 2
    assert "uncommitted changes" in run.err and "fetch.go" in run.err
    assert h.branch_sha(repo, BRANCH) is None and h.prs(repo) == [] and h.write_calls() == writes
    with open(os.path.join(work, "fetch.go")) as fh:
        assert fh.read().endswith("// local edit\n")  # nothing lost


def test_dry_run_makes_no_write_call_and_no_push(github):
    h = github
    repo = h.make_repo(MODULE)
    before = h.write_calls()
    run = run_bot(h, repo, "--dry-run")
    assert run.rc == 0, run.err
    assert h.write_calls() == before
    assert h.branch_sha(repo, BRANCH) is None and h.prs(repo) == []
    assert run.out.startswith(f"# {BRANCH}: would-create")
    assert "title: Fix 1 resource leak (gofixleaks)" in run.out
    assert "+\tdefer resp.Body.Close()" in run.out  # the diff
    # the work tree is left as it was
    assert git(["status", "--porcelain"], run.work, h.env_git) == ""
    assert git(["rev-parse", "--abbrev-ref", "HEAD"], run.work, h.env_git) == "main"


def test_dry_run_without_any_forge(tmp_path, go):
    """The README's example: a local repository, no remote, no token."""
    from forge_fixtures import git_env

    env = git_env(str(tmp_path / "home"))
    os.makedirs(env["HOME"])
    work = tmp_path / "repo"
    work.mkdir()
    for name, text in MODULE.items():
        (work / name).write_text(text)
    git(["init", "-q", "-b", "main"], str(work), env)
    git(["add", "-A"], str(work), env)
    git(["commit", "-q", "-m", "init"], str(work), env, author=PERSON)
    proc = subprocess.run(["gofixleaks", "bot", "--dry-run", str(work)], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "would-create" in proc.stdout and "defer resp.Body.Close()" in proc.stdout


def test_the_body_is_truncated_at_the_forges_limit(github):
    """400 leaks: the diff alone is larger than GitHub's 65,536 characters."""
    h = github
    funcs = "".join(
        f"\n// Fetch{i} returns the body of url.\nfunc Fetch{i}(url string) ([]byte, error) {{\n\tresp, err := http.Get(url)\n"
        f"\tif err != nil {{\n\t\treturn nil, err\n\t}}\n\treturn io.ReadAll(resp.Body)\n}}\n"
        for i in range(400)
    )
    big = 'package svc\n\nimport (\n\t"io"\n\t"net/http"\n)\n' + funcs
    repo = h.make_repo({"go.mod": GO_MOD, "many.go": big})
    run = run_bot(h, repo, env={"GITHUB_RUN_ID": "77", "GITHUB_SERVER_URL": "https://github.example"})
    assert run.rc == 0, run.err
    (pr,) = open_prs(h, repo)
    assert len(pr.body) <= 65536
    assert "This description was shortened" in pr.body
    assert f"https://github.example/{repo.full_name}/actions/runs/77" in pr.body
    assert re.search(r"<!-- gofixleaks-bot \{.*\"fingerprints\":\[\"LK101:", pr.body)  # metadata intact
    assert "| LK101 | unclosed-response-body | 400 | 0 |" in pr.body
    assert "shortened to fit" in run.err and "```diff" in run.out  # the full report is in the job log


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_rate_limit_is_honoured_then_gives_up(kind, tmp_path, go):
    h = harness_for(kind, str(tmp_path))
    try:
        repo = h.make_repo(MODULE)
        h.fake.throttle(2, "1")
        run = run_bot(h, repo)
        assert run.rc == 0, run.err
        assert run.err.count("rate limited") == 2 and "waiting 1s" in run.err
        assert len(open_prs(h, repo)) == 1
        # asked to wait an hour: no waiting that long, exit 2, nothing half-done
        repo2 = h.make_repo(MODULE)
        h.fake.throttle(1000, "3600")
        run = run_bot(h, repo2)
        assert run.rc == 2
        assert "rate limited" in run.err and "3600s" in run.err and "Traceback" not in run.err
        h.fake.throttle(0)
        assert h.branch_sha(repo2, BRANCH) is None
    finally:
        h.close()


def test_split_module_opens_one_pr_per_module(github):
    h = github
    repo = h.make_repo(
        {
            "svc/a/go.mod": "module example.com/a\n\ngo 1.22\n",
            "svc/a/fetch.go": FETCH_GO,
            "svc/b/go.mod": "module example.com/b\n\ngo 1.22\n",
            "svc/b/config.go": CONFIG_GO,
            "tools/go.mod": "module example.com/tools\n\ngo 1.22\n",
            "tools/ok.go": "package tools\n",
        }
    )
    run = run_bot(h, repo)
    assert run.rc == 0, run.err
    prs = {p.head: p for p in open_prs(h, repo)}
    assert set(prs) == {f"{BRANCH}-svc-a", f"{BRANCH}-svc-b"}
    assert prs[f"{BRANCH}-svc-a"].title == "Fix 1 resource leak in svc/a (gofixleaks)"
    assert "LK101" in prs[f"{BRANCH}-svc-a"].body and "LK106" not in prs[f"{BRANCH}-svc-a"].body
    assert "LK106" in prs[f"{BRANCH}-svc-b"].body
    a = checkout_branch(h, repo, f"{BRANCH}-svc-a")
    with open(os.path.join(a, "svc/b/config.go")) as fh:
        assert fh.read() == CONFIG_GO  # the other module is untouched on this branch
    # --split none: one PR for everything
    run = run_bot(h, repo, "--split", "none", "--branch", "gofixleaks/all")
    assert run.rc == 0, run.err
    (one,) = [p for p in open_prs(h, repo) if p.head == "gofixleaks/all"]
    assert "LK101" in one.body and "LK106" in one.body


# ---- the CI glue, run as CI runs it ---------------------------------------------------------------

def test_the_github_action_step(github, tmp_path):
    """action.yml's bot step, run by bash with the variables the runner sets."""
    import yaml

    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "action.yml")) as fh:
        action = yaml.safe_load(fh)
    assert action["runs"]["using"] == "composite"
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "bot")
    h = github
    repo = h.make_repo(MODULE)
    work = h.clone(repo, str(tmp_path / "checkout"))
    out = tmp_path / "github_output"
    env = h.bot_env(repo)
    env.update(
        GITHUB_TOKEN=h.token, BOT_PATH=work, BOT_ARGS="--label leaks --select LK1", RUNNER_TEMP=str(tmp_path), GITHUB_OUTPUT=str(out)
    )
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (pr,) = open_prs(h, repo)
    assert pr.labels == ("leaks",)
    assert out.read_text().startswith("result<<GOFIXLEAKS_EOF\ncreated https://github.example/") and out.read_text().endswith("(gofixleaks/fix-leaks)\nGOFIXLEAKS_EOF\n")


def test_the_gitlab_job(tmp_path, go):
    """ci/gitlab/gofixleaks-bot.yml's commands (after the install), run by bash
    with the variables GitLab sets, against the loopback GitLab fake; the
    runner's clone URL carries a job token, which the job drops."""
    import shutil

    import yaml

    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "ci", "gitlab", "gofixleaks-bot.yml")) as fh:
        job = yaml.safe_load(fh)["gofixleaks-bot"]
    h = harness_for("gitlab", str(tmp_path))
    try:
        repo = h.make_repo(MODULE)
        work = h.clone(repo, str(tmp_path / "build"))
        git(["remote", "set-url", "origin", "file://gitlab-ci-token:JOBTOKEN@localhost" + repo.remote], work, h.env_git)
        exe = shutil.which("gofixleaks")
        lines = [ln for ln in job["before_script"] if "git remote set-url" in ln] + job["script"]
        script = "\n".join(ln.replace("/tmp/gofixleaks/bin/gofixleaks", exe) for ln in lines)
        env = h.bot_env(repo)
        env.update(CI_PROJECT_URL="file://" + repo.remote[: -len(".git")], GOFIXLEAKS_BOT_ARGS="")
        proc = subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("created https://gitlab.example/")
        (mr,) = open_prs(h, repo)
        assert "LK101" in mr.body
        with open(os.path.join(work, ".git", "config")) as fh:
            assert "JOBTOKEN" not in fh.read()
    finally:
        h.close()


def test_labels_reviewers_draft_and_title_from_the_configuration(go, tmp_path):
    """[bot] in the repository's gofixleaks.toml, on both fakes."""
    conf = '[bot]\ntitle = "Leaks: {count} in {module}"\nlabels = ["leaks", "bot"]\nreviewers = ["alice"]\ndraft = true\nauthor = "Leak Bot <leaks@example.com>"\n'
    for kind in ("github", "gitlab"):
        h = harness_for(kind, str(tmp_path / kind))
        try:
            repo = h.make_repo({**MODULE, "gofixleaks.toml": conf})
            run = run_bot(h, repo)
            assert run.rc == 0, run.err
            (pr,) = open_prs(h, repo)
            fake_pr = repo.fake.prs[0]
            assert sorted(pr.labels) == ["bot", "leaks"]
            if kind == "github":
                assert pr.title == "Leaks: 1 in ." and fake_pr.draft and fake_pr.reviewers == ["alice"]
            else:
                assert pr.title == "Draft: Leaks: 1 in ." and fake_pr.reviewers == [505]
            (name, email, _msg), = branch_log(h, repo, BRANCH)
            assert (name, email) == ("Leak Bot", "leaks@example.com")
            # a rerun keeps the draft marker and changes nothing
            again = run_bot(h, repo)
            assert again.out.startswith("unchanged"), again.out + again.err
        finally:
            h.close()


def test_exactly_one_open_pr_per_branch(github):
    """A duplicate open PR for the bot's branch (two runs racing) is closed."""
    from forge_fixtures import FakePR

    h = github
    repo = h.make_repo(MODULE)
    assert run_bot(h, repo).rc == 0
    with h.fake.lock:
        repo.fake.prs.append(FakePR(2, BRANCH, "main", "dup", "dup"))
    run = run_bot(h, repo)
    assert run.rc == 0, run.err
    assert [p.number for p in open_prs(h, repo)] == [2]  # the newest stays, updated
    assert "closed duplicate #1" in run.err
    assert "is the one open pull request" in h.comments(repo, 1)[0]
    assert open_prs(h, repo)[0].title == "Fix 1 resource leak (gofixleaks)"


def test_prepare_one_module_and_the_help(tmp_path, go):
    """prepare() alone (what `gofixleaks batch` calls): local only, one named
    module of a monorepo, the tree left as found; and `gofixleaks bot --help`."""
    from forge_fixtures import git_env

    from gofixleaks.bot.lifecycle import prepare

    env = git_env(str(tmp_path / "home"))
    os.makedirs(env["HOME"])
    work = tmp_path / "mono"
    for rel, text in {"go.mod": GO_MOD, "fetch.go": FETCH_GO, "svc/b/go.mod": "module example.com/b\n\ngo 1.22\n", "svc/b/config.go": CONFIG_GO}.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text)
    git(["init", "-q", "-b", "main"], str(work), env)
    git(["add", "-A"], str(work), env)
    git(["commit", "-q", "-m", "init"], str(work), env, author=PERSON)
    (u,) = prepare(str(work), base_ref="main", base_branch="main", modules=["svc/b"])
    assert (u.unit, u.branch, u.rules) == ("svc/b", f"{BRANCH}-svc-b", ("LK106",))
    assert git(["show", f"{u.commit_sha}:svc/b/config.go"], str(work), env) == CONFIG_GO_FIXED.rstrip("\n")
    assert git(["status", "--porcelain"], str(work), env) == "" and (work / "svc/b/config.go").read_text() == CONFIG_GO
    both = prepare(str(work), base_ref="main", base_branch="main")
    assert [(p.unit, p.rules) for p in both] == [(".", ("LK101",)), ("svc/b", ("LK106",))]
    assert git(["show", f"{both[0].commit_sha}:svc/b/config.go"], str(work), env) == CONFIG_GO.rstrip("\n")  # nested module untouched
    proc = subprocess.run(["gofixleaks", "bot", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "Open, or update, one pull request" in proc.stdout and "--dry-run" in proc.stdout


def test_a_persons_edit_of_the_pr_text_stays_until_the_fixes_change(github):
    h = github
    repo = h.make_repo(MODULE)
    assert run_bot(h, repo).rc == 0
    (pr,) = open_prs(h, repo)
    with h.fake.lock:
        fake_pr = repo.fake.prs[pr.number - 1]
        fake_pr.title = "Close the response body (reviewed)"
        fake_pr.body = "Looks good to me, merging Friday.\n\n" + fake_pr.body
    run = run_bot(h, repo)
    assert run.out.startswith("unchanged"), run.out + run.err
    (same,) = open_prs(h, repo)
    assert same.title == "Close the response body (reviewed)" and same.body.startswith("Looks good to me")
    # new fixes: the bot's text is current again
    h.commit_to(repo, "main", {"config.go": CONFIG_GO}, "Add ReadConfig")
    run = run_bot(h, repo)
    assert run.out.startswith("updated"), run.out + run.err
    (now,) = open_prs(h, repo)
    assert now.title == "Fix 2 resource leaks (gofixleaks)" and "LK106" in now.body
