"""Every git operation of the bot and the batch runner, through GitPython.

Credentials: a forge adapter's ``git_auth_env()`` (``GIT_CONFIG_COUNT`` /
``GIT_CONFIG_KEY_n`` / ``GIT_CONFIG_VALUE_n`` setting ``http.extraHeader``) is
passed to the one git command that talks to the remote, as its environment.
Nothing is ever written into a remote URL or ``.git/config``, and a git error
message never contains the token (it is in no command line).

Identity: commits are made with ``GIT_AUTHOR_*`` / ``GIT_COMMITTER_*`` in the
command's environment, so a machine without any git identity configured (CI)
commits fine, and the user's own identity is never borrowed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

# git must never stop to ask for a password or a host key in CI
_QUIET_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "SSH_ASKPASS": "true", "GCM_INTERACTIVE": "never"}


class GitError(Exception):
    """A git operation failed (the message never holds credentials)."""

    kind = "git"


class LeaseRejected(GitError):
    """The remote branch moved since it was read: nothing was pushed."""


@dataclass(frozen=True)
class Identity:
    name: str = "gofixleaks[bot]"
    email: str = "gofixleaks[bot]@users.noreply.github.com"

    @classmethod
    def parse(cls, text: str) -> "Identity":
        """``Name <email>``."""
        text = text.strip()
        if not text.endswith(">") or "<" not in text:
            raise ValueError(f"not an identity of the form 'Name <email>': {text!r}")
        name, _, email = text[:-1].rpartition("<")
        if not name.strip() or "@" not in email:
            raise ValueError(f"not an identity of the form 'Name <email>': {text!r}")
        return cls(name.strip(), email.strip())

    def env(self) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name,
            "GIT_COMMITTER_EMAIL": self.email,
        }


BOT_IDENTITY = Identity()


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author_name: str
    author_email: str
    summary: str


def _message(e: GitCommandError, what: str) -> str:
    err = (e.stderr or "").strip()
    if err.startswith("stderr:"):
        err = err[len("stderr:") :].strip().strip("'").strip()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    return f"{what}: " + (" / ".join(lines[-3:]) if lines else f"git exited {e.status}")


def _scoped(auth_env: dict[str, str], url: str | None) -> dict[str, str]:
    """Repeat the ``http.extraHeader`` entries scoped to the remote's
    ``scheme://host/``: git applies a URL-scoped header (the one
    actions/checkout leaves in .git/config) over a plain one, so ours must be
    as specific to reset it; then exactly one Authorization header is sent."""
    if not url or not auth_env.get("GIT_CONFIG_COUNT"):
        return dict(auth_env)
    m = re.match(r"^(https?://[^/]+)/", url + "/")
    if not m:
        return dict(auth_env)
    scope = m.group(1) + "/"
    n = int(auth_env["GIT_CONFIG_COUNT"])
    out = dict(auth_env)
    for i in range(n):
        key = auth_env.get(f"GIT_CONFIG_KEY_{i}", "")
        if key.lower() == "http.extraheader":
            out[f"GIT_CONFIG_KEY_{n}"] = f"http.{scope}.extraHeader"
            out[f"GIT_CONFIG_VALUE_{n}"] = auth_env.get(f"GIT_CONFIG_VALUE_{i}", "")
            n += 1
    out["GIT_CONFIG_COUNT"] = str(n)
    return out


def _env(auth_env: dict[str, str] | None = None, url: str | None = None) -> dict[str, str]:
    env = dict(_QUIET_ENV)
    if auth_env:
        env.update(_scoped(auth_env, url))
    return env


def _url(repo: git.Repo, remote: str) -> str | None:
    if re.match(r"^[a-z]+://", remote):
        return remote
    try:
        return repo.git.remote("get-url", remote)
    except GitCommandError:
        return None


def open_repo(path: str) -> git.Repo:
    """The repository whose work tree holds ``path``."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise GitError(f"{path}: not inside a git work tree") from None


def toplevel(repo: git.Repo) -> str:
    if repo.working_tree_dir is None:
        raise GitError(f"{repo.git_dir}: a bare repository has no work tree")
    return str(repo.working_tree_dir)


def clone(url: str, dest: str, *, auth_env: dict[str, str] | None = None, partial: bool = True, branch: str | None = None) -> git.Repo:
    """Clone ``url`` (never holding credentials) into ``dest``.

    ``partial``: ``--filter=blob:none`` (blobs fetched when checked out), which
    a server without filter support ignores.
    """
    args: list[str] = ["--no-tags"]
    if partial:
        args.append("--filter=blob:none")
    if branch:
        args += ["--branch", branch]
    try:
        git.Git().clone(*args, "--", url, dest, env=_env(auth_env, url))
    except GitCommandError as e:
        raise GitError(_message(e, f"git clone {url}")) from None
    return git.Repo(dest)


def remote_url(repo: git.Repo, remote: str) -> str:
    try:
        return repo.git.remote("get-url", remote)
    except GitCommandError:
        raise GitError(f"no remote named {remote!r} in {toplevel(repo)}") from None


def has_remote(repo: git.Repo, remote: str) -> bool:
    return remote in [r.name for r in repo.remotes]


def ls_remote(repo: git.Repo, remote: str, branch: str, *, auth_env: dict[str, str] | None = None) -> str | None:
    """The sha of ``refs/heads/<branch>`` on the remote, or None."""
    ref = f"refs/heads/{branch}"
    try:
        out = repo.git.ls_remote(remote, ref, env=_env(auth_env, _url(repo, remote)))
    except GitCommandError as e:
        raise GitError(_message(e, f"git ls-remote {remote} {ref}")) from None
    for line in out.splitlines():
        sha, _, name = line.partition("\t")
        if name == ref:
            return sha
    return None


def remote_default_branch(repo: git.Repo, remote: str, *, auth_env: dict[str, str] | None = None) -> str | None:
    """The branch the remote's HEAD points to (``git ls-remote --symref``)."""
    try:
        out = repo.git.ls_remote("--symref", remote, "HEAD", env=_env(auth_env, _url(repo, remote)))
    except GitCommandError as e:
        raise GitError(_message(e, f"git ls-remote {remote} HEAD")) from None
    for line in out.splitlines():
        if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
            return line[len("ref: refs/heads/") : -len("\tHEAD")]
    return None


def fetch(repo: git.Repo, remote: str, branch: str, *, auth_env: dict[str, str] | None = None) -> str:
    """Fetch ``branch`` into ``refs/remotes/<remote>/<branch>``; its sha."""
    tracking = f"refs/remotes/{remote}/{branch}"
    try:
        repo.git.fetch("--no-tags", remote, f"+refs/heads/{branch}:{tracking}", env=_env(auth_env, _url(repo, remote)))
    except GitCommandError as e:
        raise GitError(_message(e, f"git fetch {remote} {branch}")) from None
    return repo.git.rev_parse("--verify", f"{tracking}^{{commit}}")


def rev_parse(repo: git.Repo, rev: str) -> str | None:
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
    except GitCommandError:
        return None


def tree_of(repo: git.Repo, rev: str) -> str:
    return repo.git.rev_parse("--verify", f"{rev}^{{tree}}")


def has_object(repo: git.Repo, sha: str) -> bool:
    try:
        repo.git.cat_file("-e", f"{sha}^{{commit}}")
        return True
    except GitCommandError:
        return False


def dirty(repo: git.Repo) -> list[str]:
    """Changed or untracked (not ignored) paths of the work tree, as ``git status`` shows them."""
    out = repo.git.status("--porcelain", "--untracked-files=normal")
    return [line[3:] for line in out.splitlines() if line.strip()]


def current_ref(repo: git.Repo) -> str:
    """The branch checked out, or the commit sha when HEAD is detached."""
    try:
        return repo.git.symbolic_ref("--quiet", "--short", "HEAD")
    except GitCommandError:
        return repo.head.commit.hexsha


def checkout(repo: git.Repo, rev: str) -> None:
    """Check out ``rev`` (a branch name, or any commit: detached), discarding nothing
    (the caller has refused a dirty tree)."""
    try:
        if rev in [h.name for h in repo.heads]:
            repo.git.checkout("--quiet", rev)
        else:
            repo.git.checkout("--quiet", "--detach", rev)
    except GitCommandError as e:
        raise GitError(_message(e, f"git checkout {rev}")) from None


def reset_hard(repo: git.Repo, rev: str) -> None:
    """Drop every change the bot made in the work tree (tracked and untracked)."""
    repo.git.reset("--quiet", "--hard", rev)
    repo.git.clean("-fdq")


def commit_all(repo: git.Repo, pathspec: str, message: str, identity: Identity = BOT_IDENTITY) -> str | None:
    """Commit every change under ``pathspec`` as ``identity``; the new sha, or
    None when nothing changed."""
    repo.git.add("--all", "--", pathspec)
    if not repo.git.diff("--cached", "--name-only"):
        return None
    msg = os.path.join(repo.git_dir, "GOFIXLEAKS_COMMIT_MSG")
    with open(msg, "w", encoding="utf-8") as fh:
        fh.write(message)
    try:
        repo.git.commit("--quiet", "--no-verify", "--no-gpg-sign", "--cleanup=verbatim", "-F", msg, env=identity.env())
    except GitCommandError as e:
        raise GitError(_message(e, "git commit")) from None
    finally:
        os.unlink(msg)
    return repo.head.commit.hexsha


def set_branch(repo: git.Repo, branch: str, sha: str) -> None:
    """Point the local ``refs/heads/<branch>`` at ``sha``."""
    repo.git.update_ref(f"refs/heads/{branch}", sha)


def commits_between(repo: git.Repo, tip: str, base: str) -> list[CommitInfo]:
    """Commits reachable from ``tip`` and not from ``base``, newest first."""
    out = repo.git.log("--format=%H%x00%an%x00%ae%x00%s", tip, "--not", base)
    infos = []
    for line in out.splitlines():
        sha, name, email, summary = line.split("\0", 3)
        infos.append(CommitInfo(sha, name, email, summary))
    return infos


def diff(repo: git.Repo, old: str, new: str, pathspec: str = ".") -> str:
    return repo.git.diff("--no-color", "--no-ext-diff", old, new, "--", pathspec)


def push(repo: git.Repo, remote: str, sha: str, branch: str, *, lease: str | None, auth_env: dict[str, str] | None = None) -> None:
    """Push ``sha`` to ``refs/heads/<branch>`` with ``--force-with-lease=<branch>:<lease>``.

    ``lease`` is the sha the remote branch had when last seen, or None when it
    did not exist (then the push fails if someone created it meanwhile).
    """
    ref = f"refs/heads/{branch}"
    try:
        repo.git.push("--quiet", "--porcelain", f"--force-with-lease={ref}:{lease or ''}", remote, f"{sha}:{ref}", env=_env(auth_env, _url(repo, remote)))
    except GitCommandError as e:
        text = (e.stderr or "") + str(e.stdout or "")
        if "stale info" in text or "fetch first" in text or "non-fast-forward" in text:
            raise LeaseRejected(f"the branch {branch} moved on {remote} since it was read; nothing was pushed") from None
        raise GitError(_message(e, f"git push {remote} {branch}")) from None


def delete_remote_branch(repo: git.Repo, remote: str, branch: str, *, lease: str, auth_env: dict[str, str] | None = None) -> None:
    ref = f"refs/heads/{branch}"
    try:
        repo.git.push("--quiet", f"--force-with-lease={ref}:{lease}", remote, f":{ref}", env=_env(auth_env, _url(repo, remote)))
    except GitCommandError as e:
        raise GitError(_message(e, f"git push --delete {remote} {branch}")) from None


def local_config_has(repo: git.Repo, needle: str) -> bool:
    """Does ``.git/config`` contain ``needle``?  (Tests use it to prove that no
    token is ever stored.)"""
    path = os.path.join(repo.git_dir, "config")
    with open(path, encoding="utf-8", errors="replace") as fh:
        return needle in fh.read()
