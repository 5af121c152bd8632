"""gofixleaks.gitops on real git: bare repositories on disk, and a real Gitea
over HTTP (slow) for the credentials, which must never be stored."""

from __future__ import annotations

import os

import pytest

from forge_fixtures import PERSON, basic_header, git, git_env
from gofixleaks import gitops
from gofixleaks.forge.github import basic_auth_env


def _no_git_identity(tmp_path, monkeypatch) -> dict:
    """This process's git, as on a machine without git identity: a fresh HOME, no GIT_* variables."""
    env = git_env(str(tmp_path / "home"))
    os.makedirs(env["HOME"])
    for k in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(k)
    for k in ("HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(k, env[k])
    return env


@pytest.fixture
def remote(tmp_path, monkeypatch):
    """A bare repository with one commit on main, and a machine without git identity."""
    env = _no_git_identity(tmp_path, monkeypatch)
    bare = str(tmp_path / "remote.git")
    os.makedirs(bare)
    git(["init", "-q", "--bare", "-b", "main"], bare, env)
    seed = str(tmp_path / "seed")
    os.makedirs(seed)
    git(["init", "-q", "-b", "main"], seed, env)
    (tmp_path / "seed" / "a.txt").write_text("one\n")
    git(["add", "-A"], seed, env)
    git(["commit", "-q", "-m", "one"], seed, env, author=PERSON)
    git(["push", "-q", bare, "HEAD:refs/heads/main"], seed, env)
    return bare, env


def test_commit_as_the_bot_without_any_git_identity(remote, tmp_path):
    bare, env = remote
    repo = gitops.clone(bare, str(tmp_path / "w"), partial=False)
    (tmp_path / "w" / "a.txt").write_text("two\n")
    sha = gitops.commit_all(repo, ".", "Fix things\n\n- LK101: 1 fix\n")
    assert sha == repo.head.commit.hexsha
    c = repo.head.commit
    assert (c.author.name, c.author.email) == ("gofixleaks[bot]", "gofixleaks[bot]@users.noreply.github.com")
    assert c.committer.email == c.author.email
    assert c.message == "Fix things\n\n- LK101: 1 fix\n"
    assert gitops.commit_all(repo, ".", "nothing") is None  # nothing changed
    assert not os.path.exists(os.path.join(repo.git_dir, "GOFIXLEAKS_COMMIT_MSG"))


def test_push_with_lease_never_overwrites_what_it_did_not_see(remote, tmp_path):
    bare, env = remote
    repo = gitops.clone(bare, str(tmp_path / "w"), partial=False)
    (tmp_path / "w" / "a.txt").write_text("bot\n")
    mine = gitops.commit_all(repo, ".", "bot")
    gitops.push(repo, "origin", mine, "gofixleaks/fix-leaks", lease=None)
    assert gitops.ls_remote(repo, "origin", "gofixleaks/fix-leaks") == mine
    # pushing another commit as if the branch did not exist is refused
    (tmp_path / "w" / "a.txt").write_text("bot, second try\n")
    second = gitops.commit_all(repo, ".", "bot again")
    with pytest.raises(gitops.LeaseRejected):
        gitops.push(repo, "origin", second, "gofixleaks/fix-leaks", lease=None)
    assert gitops.ls_remote(repo, "origin", "gofixleaks/fix-leaks") == mine
    # someone else pushes; a push with the old lease is refused, their commit stays
    other = str(tmp_path / "other")
    git(["clone", "-q", "--branch", "gofixleaks/fix-leaks", bare, other], str(tmp_path), env)
    (tmp_path / "other" / "b.txt").write_text("person\n")
    git(["add", "-A"], other, env)
    git(["commit", "-q", "-m", "person"], other, env, author=PERSON)
    git(["push", "-q", "origin", "HEAD:refs/heads/gofixleaks/fix-leaks"], other, env)
    theirs = git(["rev-parse", "HEAD"], other, env)
    (tmp_path / "w" / "a.txt").write_text("bot again\n")
    again = gitops.commit_all(repo, ".", "bot again")
    with pytest.raises(gitops.LeaseRejected):
        gitops.push(repo, "origin", again, "gofixleaks/fix-leaks", lease=mine)
    assert gitops.ls_remote(repo, "origin", "gofixleaks/fix-leaks") == theirs
    info = gitops.commits_between(repo, gitops.fetch(repo, "origin", "gofixleaks/fix-leaks"), "origin/main")
    assert [(c.author_name, c.summary) for c in info] == [("Alice Person", "person"), ("gofixleaks[bot]", "bot")]
    gitops.checkout(repo, mine)
    # with the right lease it goes through
    gitops.push(repo, "origin", again, "gofixleaks/fix-leaks", lease=theirs)
    assert gitops.ls_remote(repo, "origin", "gofixleaks/fix-leaks") == again


def test_partial_clone(remote, tmp_path):
    bare, env = remote
    git(["config", "uploadpack.allowFilter", "true"], bare, env)
    repo = gitops.clone("file://" + bare, str(tmp_path / "p"))
    assert repo.git.config("remote.origin.promisor") == "true"
    assert repo.git.config("remote.origin.partialclonefilter") == "blob:none"
    assert (tmp_path / "p" / "a.txt").read_text() == "one\n"


def test_dirty_and_checkout(remote, tmp_path):
    bare, env = remote
    repo = gitops.clone(bare, str(tmp_path / "w"), partial=False)
    assert gitops.dirty(repo) == []
    (tmp_path / "w" / "new.txt").write_text("x\n")
    assert gitops.dirty(repo) == ["new.txt"]
    os.unlink(tmp_path / "w" / "new.txt")
    base = gitops.fetch(repo, "origin", "main")
    gitops.checkout(repo, base)
    assert gitops.current_ref(repo) == base
    gitops.checkout(repo, "main")
    assert gitops.current_ref(repo) == "main"
    assert gitops.remote_default_branch(repo, "origin") == "main"


def test_identity_parse():
    assert gitops.Identity.parse("Leak Bot <leaks@example.com>") == gitops.Identity("Leak Bot", "leaks@example.com")
    for bad in ("nobody", "<a@b>", "Name <no-at>"):
        with pytest.raises(ValueError):
            gitops.Identity.parse(bad)


@pytest.mark.slow
def test_credentials_over_http_are_never_stored(gitea_server, tmp_path, monkeypatch):
    """A private repository on a real Gitea: clone, fetch and push with the
    token in a per-command header; .git/config never holds it, an inherited
    URL-scoped header (what actions/checkout leaves) is replaced, and a
    refused token's error message does not carry it."""
    _no_git_identity(tmp_path, monkeypatch)
    s = gitea_server
    r = s.api("POST", "/user/repos", json={"name": "private-gitops", "private": True, "auto_init": True, "default_branch": "main"})
    assert r.status_code == 201, r.text
    url = f"{s.url}/{s.user}/private-gitops.git"
    auth = basic_auth_env("gofixleaks", s.token)

    with pytest.raises(gitops.GitError) as e:
        gitops.clone(url, str(tmp_path / "nope"), auth_env=basic_auth_env("gofixleaks", "0" * 40))
    assert "0" * 40 not in str(e.value)

    repo = gitops.clone(url, str(tmp_path / "w"), auth_env=auth)
    # what actions/checkout leaves behind: a URL-scoped header with other credentials
    repo.git.config(f"http.{s.url}/.extraheader", basic_header("x-access-token", "stale-credential"))
    (tmp_path / "w" / "fix.txt").write_text("fixed\n")
    sha = gitops.commit_all(repo, ".", "fix")
    gitops.push(repo, "origin", sha, "gofixleaks/fix-leaks", lease=None, auth_env=auth)
    assert gitops.ls_remote(repo, "origin", "gofixleaks/fix-leaks", auth_env=auth) == sha
    assert gitops.fetch(repo, "origin", "gofixleaks/fix-leaks", auth_env=auth) == sha
    with open(os.path.join(repo.git_dir, "config")) as fh:
        config = fh.read()
    assert s.token not in config and basic_header("gofixleaks", s.token).split()[-1] not in config
    assert basic_header("x-access-token", "stale-credential").split()[-1] in config  # left as it was
    assert gitops.remote_url(repo, "origin") == url
