"""``gofixleaks bot [PATH]``: open, or keep current, one verified pull request
(GitHub) or merge request (GitLab, Gitea) with the fixes, from CI.

Exit status: 0 done (whatever the outcome: created, updated, unchanged,
closed, none), 2 a usage, configuration, token, forge or git error.
stdout: one line per unit with the outcome (and with --dry-run the title,
body and diff); stderr: what happened on the way.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from .. import __version__, config, gitops
from ..cli import _codes, _Parser
from ..discovery import UsageError
from ..forge import ConfigurationError, config_from_env, detect_forge, make_forge, repo_from_url
from ..forge.base import AuthError, ForgeError, PROptions
from ..settings import Settings
from .body import read_metadata
from .config import load_bot_config
from .lifecycle import SPLITS, BotError, prepare, publish

EXIT_OK, EXIT_ERROR = 0, 2


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gofixleaks bot",
        description="Open, or update, one pull request (GitHub) or merge request (GitLab, Gitea) with the verified fixes "
        "(--fix --verify) for the repository at PATH, per Go module. Creating and updating give the same result; "
        "a rerun changes nothing. Configured from CI's environment (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL; "
        "GITLAB_TOKEN, CI_PROJECT_PATH, CI_API_V4_URL, CI_DEFAULT_BRANCH; GITEA_TOKEN, GITEA_URL) and the flags.",
        epilog="Exit status: 0 done (created, updated, unchanged, closed or nothing to do), 2 error (nothing half-done: "
        "a refused token pushes nothing). Configuration: [tool.gofixleaks.bot] (title, labels, reviewers, draft, split, branch, author, prove).",
    )
    p.add_argument("path", nargs="?", default=".", metavar="PATH", help="the repository's work tree, or a directory in it (default .)")
    p.add_argument("--forge", choices=("github", "gitlab", "gitea"), help="the forge (default: detected from the environment)")
    p.add_argument("--repo", metavar="OWNER/NAME", help="the repository on the forge (default: from CI, else from the remote's URL)")
    p.add_argument("--api-url", metavar="URL", help="the forge's API (default: GITHUB_API_URL, CI_API_V4_URL, GITEA_URL)")
    p.add_argument("--base", metavar="BRANCH", help="the branch to fix and to open the PR against (default: the forge's default branch)")
    p.add_argument("--branch", metavar="NAME", help="the bot's branch (default gofixleaks/fix-leaks; other modules get NAME-<dir>)")
    p.add_argument("--remote", default="origin", help="the git remote to fetch from and push to (default origin)")
    p.add_argument("--split", choices=SPLITS, help="module: one PR per Go module with fixes (default); none: one PR for everything")
    p.add_argument("--dry-run", action="store_true", help="do all the local work, then print title, body and diff; no push, no write call to the forge")
    p.add_argument("--select", action="append", metavar="CODES", help="only these rule codes or prefixes (comma-separated)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="skip these rule codes or prefixes (comma-separated)")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    p.add_argument("--prove", action="store_true", default=None, help="run the packages' tests with Go 1.26's goroutineleak profile before and after the fixes (gofixleaks prove) and put the evidence in the PR body (runs the tests twice)")
    p.add_argument("--title", help="the PR title ({module} and {count} are replaced)")
    p.add_argument("--label", action="append", metavar="NAME", help="a label for a new PR (repeatable)")
    p.add_argument("--reviewer", action="append", metavar="USER", help="a reviewer for a new PR (repeatable)")
    p.add_argument("--draft", action="store_true", default=None, help="open new PRs as drafts")
    p.add_argument("--author", metavar="'NAME <EMAIL>'", help="the commits' author (default gofixleaks[bot])")
    p.add_argument("-j", "--jobs", type=int, default=0, help="parallel processes for the checks (default: all cores)")
    p.add_argument("--version", action="version", version=f"gofixleaks {__version__}")
    config.add_arguments(p)
    return p


class _Out:
    """stdout/stderr writer that masks the token, should anything ever carry it."""

    def __init__(self, secrets: list[str]):
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def _mask(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, "***")
        return text

    def out(self, text: str = "") -> None:
        sys.stdout.write(self._mask(text) + "\n")
        sys.stdout.flush()

    def err(self, text: str) -> None:
        sys.stderr.write(self._mask("gofixleaks bot: " + text) + "\n")
        sys.stderr.flush()


def _report_url(env) -> str:
    if env.get("GITHUB_RUN_ID") and env.get("GITHUB_REPOSITORY"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        return f"{server}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
    return env.get("CI_JOB_URL", "")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    env = os.environ
    io = _Out([env.get(v, "") for v in ("GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "GITEA_TOKEN")])
    try:
        return _main(argv, env, io)
    except (UsageError, BotError, ConfigurationError) as e:
        io.err(f"error: {e}")
    except AuthError as e:
        io.err(f"error: the token was refused: {e}; nothing was pushed")
    except ForgeError as e:
        io.err(f"error: {e}")
    except gitops.GitError as e:
        io.err(f"error: {e}")
    except KeyboardInterrupt:
        io.err("interrupted")
    except Exception as e:  # never a traceback: one line, exit 2
        import traceback

        where = traceback.extract_tb(e.__traceback__)[-1]
        io.err(f"internal error: {e.__class__.__name__}: {e} (at {os.path.basename(where.filename)}:{where.lineno}); please report it")
    return EXIT_ERROR


def _main(argv: list[str], env, io: _Out) -> int:
    args = build_parser().parse_args(argv)
    args.paths = [args.path]
    cli_settings = Settings(select=_codes(args.select), ignore=_codes(args.ignore), unsafe_fixes=args.unsafe_fixes)
    settings, cfg = config.resolve(args, cli_settings)
    bot = load_bot_config(cfg.path)
    if args.show_settings:
        sys.stdout.write(config.show(settings, cfg))
        return EXIT_OK
    split = args.split or bot.split
    branch = args.branch or bot.branch
    identity = gitops.Identity.parse(args.author) if args.author else bot.author
    title = args.title or bot.title
    options = PROptions(labels=tuple(args.label or bot.labels), reviewers=tuple(args.reviewer or bot.reviewers), draft=bool(args.draft) if args.draft is not None else bot.draft)
    if not os.path.isdir(args.path):
        raise UsageError(f"{args.path}: not a directory")
    repo = gitops.open_repo(args.path)
    has_remote = gitops.has_remote(repo, args.remote)

    # the forge: a dry run needs none (then it reads nothing either)
    forge = None
    if args.forge or detect_forge(env) or not args.dry_run:
        fcfg = config_from_env(env, forge=args.forge, repo=args.repo, api_url=args.api_url)
        if not fcfg.repo and has_remote:
            fcfg = replace(fcfg, repo=repo_from_url(gitops.remote_url(repo, args.remote)))
        if not fcfg.repo:
            raise UsageError("cannot tell the repository: pass --repo OWNER/NAME")
        if not fcfg.token:
            if not args.dry_run:
                raise ConfigurationError(f"no token: set {fcfg.token_variable} (a token that can push branches and open pull requests)")
        else:
            forge = make_forge(fcfg)
            forge.on_wait = lambda what, wait: io.err(f"rate limited ({what}); waiting {wait:.0f}s as the forge asks")
    auth = forge.git_auth_env() if forge else {}

    # 1. the token, by reading the repository
    info = forge.get_repo(fcfg.repo) if forge else None
    if info:
        io.err(f"{fcfg.forge}: {info.full_name} (default branch {info.default_branch})")

    # 2. the base branch's head, from the remote
    base = args.base or (fcfg.base if forge else "") or (info.default_branch if info else "")
    if has_remote:
        base = base or gitops.remote_default_branch(repo, args.remote, auth_env=auth) or ""
        if not base:
            raise UsageError(f"cannot tell the base branch of {args.remote}: pass --base BRANCH")
        gitops.fetch(repo, args.remote, base, auth_env=auth)
        base_ref = f"refs/remotes/{args.remote}/{base}"
    else:
        if not args.dry_run:
            raise UsageError(f"no remote named {args.remote!r}: the bot pushes its branch there (pass --remote)")
        base = base or gitops.current_ref(repo)
        base_ref = base

    # 3. fix, verify, commit locally (per module), leaving out the fixes
    #    that a person declined (a closed, unmerged PR of the same branch)
    def declined(branch: str) -> set[str]:
        out: set[str] = set()
        for pr in forge.find_prs(fcfg.repo, branch, "all"):
            if pr.state == "closed":
                out.update((read_metadata(pr.body) or {}).get("fingerprints") or ())
        return out

    units = prepare(
        args.path,
        base_ref=base_ref,
        base_branch=base,
        branch=branch,
        settings=settings,
        split=split,
        identity=identity,
        title_template=title,
        report_url=_report_url(env),
        jobs=args.jobs or None,
        declined=declined if forge else None,
        prove=bool(args.prove) if args.prove is not None else bot.prove,
    )
    failed = False
    for u in units:
        for note in u.notes:
            io.err(note)
        for e in u.errors:
            io.err(f"error: {e}")
            failed = True
        n_fixed, n_left = len(u.fixed), len(u.left)
        where = "" if u.unit == "." else f" in {u.unit}"
        n_verified = len(u.verify.verified) if u.verify else 0
        io.err(
            f"{n_fixed} fix{'es' if n_fixed != 1 else ''} committed{where} ({n_verified} verified"
            + (f", {n_fixed - n_verified} unverified" if n_fixed - n_verified else "")
            + f"), {n_left} finding{'s' if n_left != 1 else ''} left without a fix"
            + (f" ({u.commit_sha[:12]})" if u.commit_sha else "")
        )

    # 4. publish (a dry run: reads only, then print)
    for u in units:
        result = None
        if forge is not None:
            result = publish(u, forge, fcfg.repo, remote=args.remote, options=options, identity=identity, dry_run=args.dry_run, say=io.err)
        if args.dry_run:
            if u.commit_sha is None:
                io.out(f"# {u.unit}: nothing to fix" + (f" ({result.action})" if result else ""))
                continue
            io.out(f"# {u.branch}: {result.action if result else 'would-create'}")
            io.out(f"title: {u.title}")
            io.out("")
            io.out(u.body_for(forge.body_limit if forge else 65536).rstrip("\n"))
            io.out("")
            io.out(u.diff.rstrip("\n"))
        else:
            io.out(result.line())
            if result.action == "failed":
                failed = True
            full = u.body_for(10**9)
            if u.commit_sha and len(full) > forge.body_limit:
                io.err(f"the PR body was shortened to fit {forge.name}'s limit ({forge.body_limit:,} characters); the full report follows on stdout")
                io.out(full.rstrip("\n"))
    return EXIT_ERROR if failed else EXIT_OK
