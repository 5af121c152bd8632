"""``gofixleaks prove [options] [PATH...]``.

Exit status: 0 every leak shown is gone after its fix (or none was shown),
1 a leak shown is still there after the fix (or the fix made a test fail),
2 usage error, or a Go without the goroutine leak profile.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from ..cli import _Parser
from ..discovery import UsageError
from .markdown import sentence
from .prove import ProveReport, prove

EXIT_OK, EXIT_LEFT, EXIT_ERROR = 0, 1, 2


def _seconds(text: str) -> float:
    try:
        v = float(text.rstrip("s"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if v <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gofixleaks prove",
        description="Show goroutine findings (LK201, LK202) leaking in the packages' own tests "
        "(Go >= 1.26, GOEXPERIMENT=goroutineleakprofile), apply the fixes on a copy of the module "
        "and show the leaks gone. The user's files are never written.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or dir/... patterns; default .")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default text)")
    p.add_argument("--timeout", type=_seconds, default=300.0, metavar="SECONDS", help="per package and run: build and tests (default 300)")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe on the copy")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    return p


def _indent(text: str, by: str = "    ") -> str:
    return "".join(by + ln + "\n" for ln in text.rstrip("\n").splitlines())


def _text(report: ProveReport, out) -> None:
    for p in report.proofs:
        f = p.finding
        out.write(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n")
        ev = p.evidence
        if ev is not None:
            line = sentence(ev).replace("this change", "the fix")
            if ev.get("blocked_forever") is not None:
                line += f" ({ev['blocked_forever']} of them blocked forever by the runtime's account)"
            out.write(f"  {line}\n")
            out.write(_indent(ev["stack"]))
        if p.note:
            out.write(f"  {p.note}\n")


def _summary(report: ProveReport, seconds: float) -> str:
    proven = report.proven
    gone = [p for p in proven if p.evidence.get("leaked_after") == 0]
    parts = [f"{len(report.proofs)} goroutine finding{'s' if len(report.proofs) != 1 else ''}"]
    parts.append(f"{len(proven)} shown leaking by the tests")
    if proven:
        parts.append(f"{len(gone)} gone after the fix")
    tested = [pk for pk in report.packages if not pk.status.startswith("after")]
    parts.append(f"{len(tested)} package{'s' if len(tested) != 1 else ''} tested in {seconds:.1f}s")
    return "gofixleaks prove: " + "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    start = time.monotonic()
    try:
        args = build_parser().parse_args(argv)
    except UsageError as e:
        print(f"gofixleaks prove: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    log = None if args.quiet else (lambda msg: print(f"gofixleaks prove: {msg}", file=sys.stderr))
    try:
        report = prove(args.paths, timeout=args.timeout, unsafe_fixes=args.unsafe_fixes, log=log)
    except UsageError as e:
        print(f"gofixleaks prove: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("gofixleaks prove: interrupted; nothing was written", file=sys.stderr)
        return EXIT_ERROR
    if report.problem:
        print(f"gofixleaks prove: {report.problem}", file=sys.stderr)
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _text(report, sys.stdout)
    sys.stdout.flush()
    for e in report.errors:
        print(f"{e}", file=sys.stderr)
    if not args.quiet:
        for pk in report.packages:
            if pk.status not in ("ok", "after the fixes: ok", "no tests"):
                msg = pk.message.splitlines()[0] if pk.message else ""
                print(f"gofixleaks prove: {pk.directory}: {pk.status}" + (f": {msg}" if msg else ""), file=sys.stderr)
        print(_summary(report, time.monotonic() - start), file=sys.stderr)
    if report.problem:
        return EXIT_ERROR
    return EXIT_LEFT if report.remaining else EXIT_OK

