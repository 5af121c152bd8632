"""``gofixleaks batch plan|run|status CAMPAIGN``.

Exit status: 0 every target reached a final state and none failed; 1 otherwise;
2 a bad campaign file or command line (a one-line message naming the key).
"""

from __future__ import annotations

import argparse
import sys

from ..cli import _Parser, _positive_int
from ..discovery import UsageError
from . import campaign as C
from . import ledger as L
from . import report


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gofixleaks batch",
        description="Run one campaign of verified fixes over many Go modules and repositories: "
        "one reviewable pull request (or patch) per module, resumable after a crash.",
        epilog="Exit status: 0 every target final and none failed, 1 otherwise, 2 bad campaign or usage.",
    )
    sub = p.add_subparsers(dest="command", metavar="plan|run|status", parser_class=_Parser)
    sub.required = True
    pl = sub.add_parser("plan", help="list the targets and, once known, their modules; never writes to a forge")
    rn = sub.add_parser("run", help="run the campaign, or resume it; a finished campaign is left unchanged")
    st = sub.add_parser("status", help="one row per target and module: state, fixes, PR or patch, error")
    for q in (pl, rn, st):
        q.add_argument("campaign", metavar="CAMPAIGN", help="the campaign file (TOML)")
        q.add_argument("--shard", metavar="I/N", help="only the I-th of N deterministic shards of the targets (1 <= I <= N)")
    rn.add_argument("--executor", default="local", metavar="local|dask|tcp://HOST:8786",
                    help="local process pool (default), a Dask LocalCluster on this machine, or an existing Dask scheduler")
    rn.add_argument("-j", "--jobs", type=_positive_int, default=None, help="parallel repositories (default: all cores)")
    rn.add_argument("--retry-failed", action="store_true", help="work again the repositories that failed")
    rn.add_argument("--refresh", action="store_true", help="read from the forge whether open PRs were merged or closed since")
    rn.add_argument("--no-progress", action="store_true", help="no progress bar")
    rn.add_argument("--workdir", metavar="DIR", help="scratch directory for clones (default: the system's temporary directory)")
    st.add_argument("--format", choices=("text", "json"), default="text")
    return p


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
        campaign = C.load(args.campaign)
        shard = C.parse_shard(args.shard) if args.shard else None
        targets = [t for t in campaign.targets if C.in_shard(t.repo, shard)]
        if args.command == "status":
            text, code = report.status(campaign, targets, args.format)
            sys.stdout.write(text)
            return code
        if args.command == "plan":
            return _plan(campaign, targets)
        from .driver import RunOptions, run

        return run(campaign, RunOptions(executor=args.executor, jobs=args.jobs, shard=shard,
                                        retry_failed=args.retry_failed, progress=not args.no_progress,
                                        workdir=args.workdir, refresh=args.refresh))
    except (UsageError, L.LedgerError) as e:
        print(f"gofixleaks batch: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gofixleaks batch: interrupted; finished work is in the ledger, run again to resume", file=sys.stderr)
        return 2


def _plan(campaign: C.Campaign, targets) -> int:
    """The targets and what the ledger knows of them (modules once a run saw
    them); reads the ledger only, calls no forge."""
    import os

    known: dict[str, list[L.Row]] = {}
    if os.path.exists(campaign.ledger_path):
        led = L.Ledger(campaign.ledger_path, readonly=True)
        try:
            for t in targets:
                known[t.repo] = led.rows(t.repo)
        finally:
            led.close()
    print(f"campaign {campaign.name}: forge {campaign.forge}, branch {campaign.branch}, split {campaign.split}, "
          f"{len(targets)} target{'s' if len(targets) != 1 else ''}")
    for t in targets:
        url = campaign.url_for(t)
        base = t.base or "(default branch)"
        rows = [r for r in known.get(t.repo, []) if r.module]
        mods = ", ".join(r.module for r in rows) if rows else "(modules not known yet)"
        print(f"  {t.repo}  {url}  base {base}  modules: {mods}")
    return 0
