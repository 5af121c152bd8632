"""The bot's one lifecycle: :func:`prepare` (local) then :func:`publish` (forge and remote).

``prepare`` never calls a forge and never pushes: from a clean work tree it
checks out the base commit (the caller fetched it), runs the engine with the
``--fix --verify`` semantics per unit (one Go module with ``split="module"``,
the whole directory with ``split="none"``), commits the verified fixes as the
bot, points a local branch at the commit, and puts the work tree back.

``publish`` takes one :class:`Prepared` and makes the forge agree with it,
the same way whether the PR exists or not (create and update give the same
result; a rerun changes nothing):

- nothing to fix: close the bot's open PR with a comment saying why, delete
  its branch (unless a person committed to it), done;
- a PR for this branch was merged or closed and no finding appeared since
  (fingerprints in its hidden metadata block): nothing, never reopened;
- the remote branch has commits by anyone but the bot: never force-push;
  the PR's text says that the bot stopped pushing to it (Renovate-style);
- the remote branch already holds this tree: push nothing; else push with
  ``--force-with-lease=<branch>:<the sha last seen>``;
- update the open PR's title and body when they differ, or create it; extra
  open PRs for the same branch are closed, so exactly one stays open.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field, replace
from typing import Callable

from .. import gitops, gomodreq, verify
from ..discovery import discover
from ..engine import RunResult, apply_fixes, iter_packages
from ..forge.base import Forge, ForgeError, PROptions, PullRequest
from ..gomod import find_gomod
from ..model import FileResult, Finding
from ..settings import Settings
from . import body as bodymod

DEFAULT_BRANCH = "gofixleaks/fix-leaks"
SPLITS = ("module", "none")
_DRAFT_PREFIXES = ("Draft: ", "WIP: ", "[WIP] ", "[Draft] ")


class BotError(Exception):
    """The run cannot go on (exit 2); the message says what to do."""

    kind = "bot"


@dataclass
class Prepared:
    """One unit (a Go module, or the whole tree) ready to publish."""

    unit: str  # module directory relative to the repository root, "." for the root
    branch: str  # the bot's branch for this unit
    base_branch: str
    base_sha: str
    commit_sha: str | None  # None: nothing left to fix
    tree_sha: str | None
    report: bodymod.Report
    title: str
    diff: str  # unified diff base..commit ('' when nothing to fix)
    repo_root: str
    errors: list[str] = field(default_factory=list)  # engine or write errors (exit 2)
    notes: list[str] = field(default_factory=list)  # verify / go.mod notes for stderr

    @property
    def fixed(self) -> list[Finding]:
        return [f for f, _ in self.report.fixed]

    @property
    def left(self) -> list[Finding]:
        return [f for f, _ in self.report.left]

    @property
    def fingerprints(self) -> tuple[str, ...]:
        return self.report.fingerprints

    @property
    def verify(self) -> verify.VerifyReport | None:
        return self.report.verify

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({f.code for f in self.fixed}))

    def body_for(self, limit: int = 65536, notes: list[str] | None = None) -> str:
        report = replace(self.report, notes=list(self.report.notes) + list(notes or ())) if notes else self.report
        return bodymod.render(report, limit)

    @property
    def body(self) -> str:
        return self.body_for()


@dataclass
class PublishResult:
    unit: str
    branch: str
    action: str  # created | updated | unchanged | closed | none | kept (a person's commits) | would-create ... (dry run)
    pr: PullRequest | None = None
    pushed: bool = False
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = f" {self.pr.url or '#' + str(self.pr.number)}" if self.pr else ""
        unit = "" if self.unit == "." else f" [{self.unit}]"
        return f"{self.action}{where}{unit} ({self.branch})"


# ---- prepare -------------------------------------------------------------------------

def unit_branch(branch: str, unit: str) -> str:
    """The bot branch of a unit: ``branch`` for the root, ``branch-<dir>`` else
    (never ``branch/<dir>``, which git cannot hold beside ``branch``)."""
    if unit in (".", ""):
        return branch
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", unit.strip("/")).strip("-.") or "module"
    return f"{branch}-{slug}"


def find_units(directory: str, split: str) -> list[str]:
    """Absolute unit directories under ``directory``: every Go module
    (``split="module"``; the directory itself when it holds none), or the
    directory (``split="none"``)."""
    directory = os.path.abspath(directory)
    if split == "none":
        return [directory]
    units = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if not (d in ("vendor", "testdata") or d.startswith((".", "_"))))
        if "go.mod" in filenames:
            units.append(dirpath)
    return units or [directory]


def _reproduce(unit: str, settings: Settings) -> str:
    args = ["gofixleaks", "--fix", "--verify"]
    if settings.select:
        args += ["--select", ",".join(settings.select)]
    if settings.ignore:
        args += ["--ignore", ",".join(settings.ignore)]
    if settings.unsafe_fixes:
        args.append("--unsafe-fixes")
    args.append(unit if unit != "." else ".")
    return " ".join(shlex.quote(a) for a in args)


def _leave_out(results: list, top: str, skip: set[str], settings: Settings) -> None:
    """Take the fixes whose fingerprint is in ``skip`` (proposed in a pull
    request a person closed) out of the results, before anything is written.

    The kept fixes are replayed on the original bytes; a package where that
    does not give a valid result (fixes found on the output of other fixes)
    keeps none of its fixes: never a half-applied set."""
    applied = sorted((f for res in results for fr in res.files for f in fr.findings if f.applied), key=Finding.sort_key)
    if not applied:
        return
    sources = {os.path.abspath(fr.path): fr.original for res in results for fr in res.files}
    fps = bodymod.fingerprint_list([(f, os.path.relpath(os.path.abspath(f.path), top), sources.get(os.path.abspath(f.path))) for f in applied])
    declined = {id(f) for f, fp in zip(applied, fps) if fp in skip}
    if not declined:
        return
    note = "declined: a pull request that proposed this fix was closed"
    for res in results:
        mine = [f for fr in res.files for f in fr.findings if f.applied]
        if not any(id(f) in declined for f in mine):
            continue
        keep = [f for f in mine if id(f) not in declined]
        originals = {fr.path: fr.original for fr in res.files}
        new: dict[str, bytes] = {}
        ok = True
        if keep:
            try:
                new, done, refused = apply_fixes(originals, list(keep), settings)
                ok = not refused and len(done) == len(keep)
            except Exception:
                ok = False
        for f in mine:
            if id(f) in declined or not ok:
                f.applied = False
                f.fix_note = note if id(f) in declined else "left out with a declined fix of the same package"
        for fr in res.files:
            fixed = new.get(fr.path, fr.original) if ok else fr.original
            fr.fixed = fixed if fixed != fr.original else None


def _run_unit(unit_abs: str, split: str, settings: Settings, jobs: int | None, top: str = "", skip: set[str] | None = None) -> tuple[RunResult, verify.VerifyReport]:
    """``--fix --verify`` on one unit, through the engine and verify_and_write."""
    s = replace(settings, fix=True)
    found = discover([unit_abs], s.exclude, s.force_exclude)
    if split == "module":
        # a nested module is a unit of its own
        packages = {}
        for d, ps in found.packages.items():
            mod = find_gomod(os.path.abspath(d))
            root = os.path.abspath(mod.root) if mod else None
            if root is None or root == unit_abs or not root.startswith(unit_abs + os.sep):
                packages[d] = ps
    else:
        packages = found.packages
    results = list(iter_packages(packages, s, jobs))
    if skip:
        _leave_out(results, top, skip, s)
    run = RunResult(packages=results, skipped=list(found.skipped))
    report = verify.verify_and_write(results, s, after_write=gomodreq.ensure)
    return run, report


@dataclass(frozen=True)
class _Job:
    """What the units of one :func:`prepare` share (its arguments, resolved)."""

    repo: object  # the git.Repo
    top: str  # the work tree's root
    split: str
    base_sha: str
    base_branch: str
    branch: str
    settings: Settings
    identity: gitops.Identity
    title_template: str | None
    report_url: str
    jobs: int | None
    declined: Callable[[str], set[str]] | None
    prove: bool = False


PROVEN_HEADING = "### Proven at run time"


def _prove_unit(unit_abs: str, top: str, settings: Settings) -> tuple[str, list[str]]:
    """``gofixleaks prove`` on the unit, at the base commit (before the fixes
    are written): the markdown section for the body, and notes for stderr."""
    from ..evidence import markdown_section, prove

    notes: list[str] = []
    try:
        report = prove([unit_abs], unsafe_fixes=settings.unsafe_fixes)
    except Exception as e:  # evidence is extra: it never stops the bot
        return "", [f"prove: {e.__class__.__name__}: {e}"]
    if report.problem:
        notes.append(f"prove: {report.problem}")
    notes += [f"prove: {e}" for e in report.errors]
    return markdown_section(report.proofs, root=top, heading=PROVEN_HEADING), notes


def _prepare_unit(job: _Job, unit_abs: str) -> Prepared:
    repo, top, base_sha, base_branch = job.repo, job.top, job.base_sha, job.base_branch
    unit = os.path.relpath(unit_abs, top)
    name = unit_branch(job.branch, unit)
    skip = set(job.declined(name)) if job.declined else set()
    proven, prove_notes = _prove_unit(unit_abs, top, job.settings) if job.prove else ("", [])
    run, vreport = _run_unit(unit_abs, job.split, job.settings, job.jobs, top, skip)
    files: dict[str, FileResult] = {os.path.abspath(fr.path): fr for fr in run.files}

    def rel(path: str) -> str:
        return os.path.relpath(os.path.abspath(path), top)

    fixed = [(f, rel(f.path)) for f in run.findings if f.applied]
    left = [(f, rel(f.path)) for f in run.findings if not f.applied]
    # the fingerprints of what this PR proposes (the fixed findings)
    items = []
    for f, r in fixed:
        fr = files.get(os.path.abspath(f.path))
        items.append((f, r, fr.original if fr else None))
    errors = [f"{e.path}: {e.reason.splitlines()[0]}" for e in run.errors] + list(vreport.errors)
    report = bodymod.Report(
        unit=unit,
        base_branch=base_branch,
        base_sha=base_sha,
        fixed=fixed,
        left=left,
        verify=vreport,
        diffs=[],
        fingerprints=bodymod.fingerprints(items),
        reproduce=_reproduce(unit, job.settings),
        report_url=job.report_url,
        repo_root=top,
        proven=proven,
    )
    commit_sha = tree_sha = None
    diff = ""
    if fixed and not vreport.errors:
        commit_sha = gitops.commit_all(repo, unit, bodymod.commit_message(report), job.identity)
    if commit_sha is not None:
        tree_sha = gitops.tree_of(repo, commit_sha)
        diff = gitops.diff(repo, base_sha, commit_sha)
        changed = repo.git.diff("--name-only", base_sha, commit_sha).splitlines()
        report.diffs = [(p, gitops.diff(repo, base_sha, commit_sha, p)) for p in changed]
        gitops.set_branch(repo, name, commit_sha)
    elif fixed:
        # write errors: nothing is committed, the fixes are not offered
        report.left = left + fixed
        report.fixed = []
    report.title = bodymod.title(report, job.title_template)
    return Prepared(
        unit=unit,
        branch=name,
        base_branch=base_branch,
        base_sha=base_sha,
        commit_sha=commit_sha,
        tree_sha=tree_sha,
        report=report,
        title=report.title,
        diff=diff,
        repo_root=top,
        errors=errors,
        notes=list(vreport.notes) + prove_notes,
    )


def prepare(
    workdir: str,
    *,
    base_ref: str,
    base_branch: str = "",
    branch: str = DEFAULT_BRANCH,
    settings: Settings = Settings(),
    split: str = "module",
    identity: gitops.Identity = gitops.BOT_IDENTITY,
    title_template: str | None = None,
    report_url: str = "",
    jobs: int | None = None,
    modules: list[str] | None = None,
    declined: Callable[[str], set[str]] | None = None,
    prove: bool = False,
) -> list[Prepared]:
    """Fix and commit, locally, each unit under ``workdir`` (see the module doc).

    ``base_ref``: the commit to start from (``origin/main`` once fetched, or a
    sha).  The work tree must be clean; it is left as it was found (same
    branch or commit checked out), with one local branch per unit that has
    fixes (``unit_branch(branch, unit)``).

    Units: with ``split="module"`` every Go module under ``workdir`` (nested
    ones included, each its own unit); ``modules`` (directories, absolute or
    relative to ``workdir``) names exactly the units to prepare instead, e.g.
    ``prepare(repo, modules=["svc/a"])`` for one module.

    ``declined(branch)``: the fingerprints of fixes proposed in pull requests
    of that branch that a person closed without merging; those fixes are left
    out (reported as declined).  The bot reads them from the forge; without
    it nothing is left out.

    ``prove``: before the fixes are written, run ``gofixleaks prove`` on each
    unit (its tests, twice: on the base tree and on a copy with the fixes)
    and put the run-time evidence in the body ("### Proven at run time").
    """
    if split not in SPLITS:
        raise BotError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    repo = gitops.open_repo(workdir)
    top = os.path.realpath(gitops.toplevel(repo))
    changed = gitops.dirty(repo)
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        raise BotError(f"the work tree {top} has uncommitted changes ({shown}); commit or stash them first: the bot starts from the base branch's head in a clean tree")
    base_sha = gitops.rev_parse(repo, base_ref)
    if base_sha is None:
        raise BotError(f"{base_ref}: no such commit in {top} (fetch the base branch first)")
    start = gitops.current_ref(repo)
    unit_dir = os.path.realpath(os.path.abspath(workdir))
    out: list[Prepared] = []
    try:
        gitops.checkout(repo, base_sha)
        if not os.path.isdir(unit_dir):
            raise BotError(f"{workdir}: not a directory at {base_ref}")
        if modules is not None:
            units = [os.path.realpath(os.path.join(unit_dir, m)) for m in modules]
            missing = [m for m, u in zip(modules, units) if not os.path.isdir(u)]
            if missing:
                raise BotError(f"no such module directory at {base_ref}: {', '.join(missing)}")
        else:
            units = find_units(unit_dir, split)
        job = _Job(repo, top, split, base_sha, base_branch or base_ref, branch, settings, identity, title_template, report_url, jobs, declined, prove)
        for unit_abs in units:
            gitops.reset_hard(repo, base_sha)
            out.append(_prepare_unit(job, unit_abs))
    finally:
        gitops.reset_hard(repo, "HEAD")
        gitops.checkout(repo, start)
    return out


# ---- publish -------------------------------------------------------------------------

def _plain_title(t: str) -> str:
    for p in _DRAFT_PREFIXES:
        if t.startswith(p):
            return t[len(p) :]
    return t


def _keep_draft(old: str, new: str) -> str:
    for p in _DRAFT_PREFIXES:
        if old.startswith(p) and not new.startswith(p):
            return p + new
    return new


def _same_text(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def _foreign_commits(repo, remote: str, branch: str, remote_sha: str | None, base_sha: str, identity: gitops.Identity, auth_env: dict) -> list[gitops.CommitInfo]:
    """The commits on the remote branch (none when it does not exist) not by the bot."""
    if not remote_sha:
        return []
    if not gitops.has_object(repo, remote_sha):
        gitops.fetch(repo, remote, branch, auth_env=auth_env)
    return [c for c in gitops.commits_between(repo, remote_sha, base_sha) if c.author_email.lower() != identity.email.lower()]


def _who(commits: list[gitops.CommitInfo]) -> str:
    names = sorted({c.author_name for c in commits})
    first = commits[0]
    return f"{len(commits)} commit{'s' if len(commits) != 1 else ''} by {', '.join(names)} (latest {first.sha[:12]} \"{first.summary}\")"


def publish(
    prepared: Prepared,
    forge: Forge,
    repo: str,
    *,
    remote: str = "origin",
    options: PROptions = PROptions(),
    identity: gitops.Identity = gitops.BOT_IDENTITY,
    dry_run: bool = False,
    say: Callable[[str], None] | None = None,
) -> PublishResult:
    """Make the forge and the remote agree with ``prepared`` (see the module doc).

    ``dry_run``: only reads (find the PR, read the remote branch), and the
    result's action says what would be done (``would-create`` ...).
    Raises ForgeError (its ``kind``) or gitops.GitError.
    """
    say = say or (lambda _m: None)
    p = prepared
    git = gitops.open_repo(p.repo_root)
    auth = forge.git_auth_env()
    res = PublishResult(p.unit, p.branch, "none")
    prs = forge.find_prs(repo, p.branch, "all")
    open_prs = [pr for pr in prs if pr.state == "open"]
    done_prs = [pr for pr in prs if pr.state != "open"]
    current = open_prs[0] if open_prs else None
    remote_sha = gitops.ls_remote(git, remote, p.branch, auth_env=auth)

    def act(name: str) -> str:
        return f"would-{name}" if dry_run else name

    def note(message: str) -> None:
        res.messages.append(message)
        say(message)

    def close(pr: PullRequest, why: str) -> None:
        if not dry_run:
            forge.comment(repo, pr.number, why)
            forge.close_pr(repo, pr.number)

    # ---- nothing to fix ------------------------------------------------------
    if p.commit_sha is None:
        if p.errors:
            res.action = "failed"
            res.messages += p.errors
            return res
        left = len(p.left)
        why = (
            f"gofixleaks finds nothing left to fix in {'`' + p.unit + '`' if p.unit != '.' else 'this repository'} "
            f"on `{p.base_branch}` at `{p.base_sha[:12]}`: the leaks this pull request fixed are gone from the base branch "
            "(fixed there, or the code changed)."
            + (f" {left} finding{'s' if left != 1 else ''} remain{'s' if left == 1 else ''} without an automatic fix." if left else "")
            + " Closing it."
        )
        foreign = _foreign_commits(git, remote, p.branch, remote_sha, p.base_sha, identity, auth)
        if foreign:
            why += f" The branch `{p.branch}` is kept: it has {_who(foreign)}."
        for pr in open_prs:
            close(pr, why)
            res.pr = pr
            res.action = act("closed")
            note(f"{act('closed')} #{pr.number}: nothing left to fix")
        if remote_sha:
            if foreign:
                note(f"branch {p.branch} kept: it has {_who(foreign)}")
            else:
                if not dry_run:
                    forge.delete_branch(repo, p.branch)
                note(f"{act('deleted')} branch {p.branch}")
        return res

    # ---- a PR for this branch was merged or closed: only new findings reopen one --
    if current is None and done_prs:
        seen: set[str] = set()
        for pr in done_prs:
            meta = bodymod.read_metadata(pr.body) or {}
            seen.update(meta.get("fingerprints") or ())
        new = [fp for fp in p.fingerprints if fp not in seen]
        if not new:
            last = done_prs[0]
            res.pr = last
            res.action = "none"
            note(f"#{last.number} was {last.state}; no finding appeared since, so no new pull request")
            return res
        note(f"{len(new)} fix{'es' if len(new) != 1 else ''} for findings that appeared since #{done_prs[0].number} was {done_prs[0].state}")

    # ---- the branch ------------------------------------------------------------
    notes: list[str] = []
    push_needed = False
    foreign = _foreign_commits(git, remote, p.branch, remote_sha, p.base_sha, identity, auth)
    if foreign:
        if current is None:
            res.action = "kept"
            note(f"branch {p.branch} has {_who(foreign)} and no open pull request: left alone")
            return res
        notes.append(
            f"this branch has {_who(foreign)}, so gofixleaks no longer pushes to it (nobody's work is ever discarded). "
            "The fixes listed here are what gofixleaks would commit on the current base; to let it take over again, "
            "merge or close this pull request and delete the branch."
        )
        res.action = "kept"
        note(f"branch {p.branch} has {_who(foreign)}: not pushing to it")
    elif remote_sha:
        if not gitops.has_object(git, remote_sha):
            gitops.fetch(git, remote, p.branch, auth_env=auth)
        push_needed = gitops.tree_of(git, remote_sha) != p.tree_sha
        if not push_needed:
            say(f"{remote}/{p.branch} already holds these fixes ({remote_sha[:12]}): nothing to push")
    else:
        push_needed = True
    if push_needed:
        if not dry_run:
            gitops.push(git, remote, p.commit_sha, p.branch, lease=remote_sha, auth_env=auth)
        res.pushed = True
        say(f"{act('pushed')} {p.commit_sha[:12]} to {remote}/{p.branch}" + (f" (lease {remote_sha[:12]})" if remote_sha else " (new branch)"))

    # ---- the pull request --------------------------------------------------------
    text = p.body_for(forge.body_limit, notes)
    if current is not None:
        title = _keep_draft(current.title, p.title)
        # what the bot wrote last time is in the old body's metadata: when its
        # own text has not changed, a person's edit of the title or body stays
        old_digest = (bodymod.read_metadata(current.body) or {}).get("digest")
        new_digest = (bodymod.read_metadata(text) or {}).get("digest")
        ours_changed = old_digest is None or old_digest != new_digest
        text_changed = ours_changed and not (_same_text(_plain_title(current.title), _plain_title(title)) and _same_text(current.body, text))
        if text_changed and not dry_run:
            current = forge.update_pr(repo, current.number, title=title, body=text)
        if res.action != "kept":
            res.action = act("updated") if (text_changed or res.pushed) else "unchanged"
        res.pr = current
        for extra in open_prs[1:]:
            close(extra, f"Closing: #{current.number} is the one open pull request of gofixleaks for `{p.branch}`.")
            note(f"{act('closed')} duplicate #{extra.number}")
    else:
        if dry_run:
            res.action = "would-create"
        else:
            try:
                res.pr = forge.create_pr(repo, head=p.branch, base=p.base_branch, title=p.title, body=text, options=options)
            except ForgeError:
                # created meanwhile by a concurrent run: update that one instead
                again = [pr for pr in forge.find_prs(repo, p.branch, "open")]
                if not again:
                    raise
                res.pr = forge.update_pr(repo, again[0].number, title=_keep_draft(again[0].title, p.title), body=text)
            res.action = "created"
    return res
