"""Command line: ``gofixleaks [options] [PATH...]``, ``gofixleaks rules``, ``gofixleaks rule CODE``.

Exit codes: 0 no findings left, 1 findings left, 2 usage or internal error.
stdout carries only the report, diff or JSON; the summary goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter

from . import __version__, config, gomodreq, report, verify
from .diff import unified_diff
from .discovery import UsageError
from .engine import RunResult, run
from .model import Finding
from .registry import RULES, resolve, valid_selector
from .settings import Settings
from .writer import write_package

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 already; keep our prefix
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        for c in v.split(","):
            c = c.strip().upper()
            if not c:
                continue
            if not valid_selector(c):
                raise UsageError(f"unknown rule code or prefix: {c!r} (see 'gofixleaks rules')")
            out.append(c)
    return tuple(out)


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return n


_DURATION = re.compile(r"^(?:\d+(?:ns|us|µs|ms|s|m|h))+$")


def _duration(text: str) -> str:
    if not _DURATION.match(text.strip()) or not re.search(r"[1-9]", text):
        raise argparse.ArgumentTypeError(f"not a positive duration like 90s, 5m or 1h30m: {text!r}")
    return text.strip()


def _options(args: argparse.Namespace) -> tuple[tuple[str, object], ...]:
    out: list[tuple[str, object]] = []
    if getattr(args, "cache_size", None) is not None:
        out.append(("cache_size", args.cache_size))
    if getattr(args, "cache_ttl", None):
        out.append(("cache_ttl", args.cache_ttl))
    return tuple(out)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gofixleaks",
        description="Find Go code that leaks memory, goroutines or OS resources, and fix it safely.",
        epilog="Subcommands: 'gofixleaks rules' lists the rules; 'gofixleaks rule CODE' prints a rule's documentation. "
        "Exit status: 0 no findings left, 1 findings left, 2 usage or internal error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, directories (walked recursively) or dir/... patterns; default .")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fix", action="store_true", help="apply fixes to the files (atomically)")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the fixes; write nothing")
    mode.add_argument("-i", "--interactive", action="store_true", help="review each fix in the terminal: apply, skip, ... (needs a tty)")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    p.add_argument("--verify", action="store_true", help="with --fix: build and vet each touched package before and after; revert fixes that break it")
    p.add_argument("--verify-cmd", metavar="CMD", help="with --verify: for Python files, a command (your tests) that must pass after the fixes when it passed before")
    p.add_argument("--select", action="append", metavar="CODES", help="only these rule codes or prefixes (comma-separated)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="skip these rule codes or prefixes (comma-separated)")
    p.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text", help="report format (default text)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="parallel processes (default: all cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    p.add_argument("--no-progress", action="store_true", help="no progress line on long runs")
    p.add_argument("--cache-size", type=_positive_int, default=None, metavar="N", help="LK301: entries of the bounded cache that replaces an unbounded map (default 10000)")
    p.add_argument("--cache-ttl", type=_duration, default=None, metavar="D", help="LK301: use an otter.Cache whose entries expire D (e.g. 5m) after each write (needs go >= 1.24)")
    p.add_argument("--version", action="version", version=f"gofixleaks {__version__}")
    config.add_arguments(p)
    return p


def settings_from_args(args: argparse.Namespace) -> Settings:
    return Settings(
        select=_codes(args.select),
        ignore=_codes(args.ignore),
        fix=bool(args.fix or args.diff),
        unsafe_fixes=args.unsafe_fixes,
        options=_options(args),
    )


def diff_name(path: str) -> str:
    """The name a diff header uses: relative to the current directory, or, for
    a file outside it, the absolute path without its leading slash (apply it
    with ``patch -p1`` / ``git apply`` from ``/``)."""
    rel = os.path.relpath(path)
    return os.path.abspath(path).lstrip("/") if rel.startswith("..") else rel


def _rules_command(argv: list[str]) -> int:
    if argv[0] == "rules":
        width = max(len(r.name) for r in RULES)
        for r in RULES:
            fix = "fix" if r.fixable else "   "
            print(f"{r.code}  {r.name:<{width}}  {fix}  {r.summary}")
        return EXIT_OK
    if len(argv) != 2:
        print("usage: gofixleaks rule CODE", file=sys.stderr)
        return EXIT_ERROR
    rule = resolve(argv[1])
    if rule is None:
        print(f"gofixleaks: unknown rule {argv[1]!r} (see 'gofixleaks rules')", file=sys.stderr)
        return EXIT_ERROR
    print(f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n{rule.doc}")
    return EXIT_OK


def _suffix(f: Finding) -> str:
    if f.applied:
        return " (fixed)"
    if f.fix is not None and f.fix_note:
        return f" [{f.fix_note}]"
    if f.fix is not None:
        return " [unsafe fix]" if f.fix.safety.value == "unsafe" else " [*]"
    return ""


def _print_report(result: RunResult, fmt: str, out) -> None:
    findings = result.findings
    if fmt == "json":
        json.dump([f.to_json() for f in findings], out, indent=2)
        out.write("\n")
        return
    if fmt == "sarif":
        json.dump(report.sarif(result), out, indent=2)
        out.write("\n")
        return
    if fmt == "github":
        out.write(report.github(result))
        return
    for f in findings:
        out.write(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}{_suffix(f)}\n")


class _Progress:
    """A progress line on stderr when it is a terminal and the run is long."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < 1.0:
            return
        sys.stderr.write(f"\rgofixleaks: {done}/{total} packages")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")


def _summary(result: RunResult, args, written: int, elapsed: float, write_errors: list[str]) -> None:
    err = sys.stderr
    for s in result.all_skipped:
        if not s.reason.startswith("generated"):
            err.write(f"{s.path}: skipped: {s.reason}\n")
    for e in result.errors:
        err.write(f"{e.path}: error: {e.reason}\n")
    for w in write_errors:
        err.write(f"error: {w}\n")
    if args.quiet:
        return
    findings = result.findings
    applied = sum(1 for f in findings if f.applied)
    unsafe = sum(1 for f in findings if f.fix is not None and not f.applied and f.fix.safety.value == "unsafe")
    # what plain --fix would apply (unsafe fixes count only with --unsafe-fixes)
    fixable = sum(1 for f in findings if f.fix is not None and not f.applied) - (0 if args.unsafe_fixes else unsafe)
    reasons = Counter(s.reason.split(" (")[0].split(";")[0].split(" at ")[0] for s in result.all_skipped)
    parts = [
        f"{result.scanned} files scanned ({result.parsed} parsed) in {elapsed:.2f}s",
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''}",
    ]
    if args.fix:
        parts.append(f"{applied} fixes applied, {written} files changed")
    elif args.diff:
        parts.append(f"{applied} fixes in the diff")
    elif fixable:
        parts.append(f"{fixable} fixable with --fix")
    if unsafe and not args.unsafe_fixes:
        parts.append(f"{unsafe} more with --unsafe-fixes")
    if reasons:
        parts.append(f"{sum(reasons.values())} skipped (" + ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) + ")")
    err.write("gofixleaks: " + "; ".join(parts) + "\n")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("rules", "rule"):
        return _rules_command(argv)
    start = time.monotonic()
    try:
        args = build_parser().parse_args(argv)
        settings, cfg = config.resolve(args, settings_from_args(args))
        if args.show_settings:
            sys.stdout.write(config.show(settings, cfg))
            return EXIT_OK
        if args.interactive:
            from .interactive import main_interactive  # questionary is imported only here

            if args.format != "text":
                raise UsageError("--interactive does not combine with --format " + args.format)
            return main_interactive(args.paths, settings, jobs=args.jobs or None, progress=_Progress(not args.no_progress))
        progress = _Progress(not args.no_progress)
        written = 0
        write_errors: list[str] = []

        if args.verify and not args.fix:
            raise UsageError("--verify needs --fix")
        if args.verify_cmd and not args.verify:
            raise UsageError("--verify-cmd needs --verify")
        pending = []

        def on_package(pres):
            nonlocal written
            if not args.fix:
                return
            if args.verify:  # written after the baseline, by verify_and_write
                pending.append(pres)
                return
            count, errors = write_package(pres.files)
            written += count
            write_errors.extend(errors)

        result = run(args.paths, settings, jobs=args.jobs or None, progress=progress, on_package=on_package)
        progress.close()
        module_notes: list[str] = []
        # fixes may need module requirements (Fix.requires): `go get` once the
        # files are written (under --verify, before the fixes are checked)
        verified = verify.verify_and_write(pending, settings, after_write=gomodreq.ensure, verify_cmd=args.verify_cmd) if args.verify else None
        if verified is not None:
            written += verified.written
            write_errors.extend(verified.errors)
        elif args.fix:
            module_notes, module_errors = gomodreq.ensure(result.findings)
            write_errors.extend(module_errors)
        elif args.diff:
            module_notes = [f"note: the fixes need `{c}`" for c in gomodreq.commands(result.findings)]
    except UsageError as e:
        print(f"gofixleaks: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("gofixleaks: interrupted; files already written stay written, no file is half-written", file=sys.stderr)
        return EXIT_ERROR

    out = sys.stdout
    if args.diff:
        for fr in result.files:
            if fr.fixed is not None:
                out.write(unified_diff(diff_name(fr.path), fr.original, fr.fixed))
    else:
        _print_report(result, args.format, out)
    out.flush()
    for note in module_notes:
        print(f"gofixleaks: {note}", file=sys.stderr)
    _summary(result, args, written, time.monotonic() - start, write_errors)
    if verified is not None:
        verify.print_report(verified)
    if result.errors or write_errors:
        return EXIT_ERROR
    left = [f for f in result.findings if not (f.applied and args.fix)]
    return EXIT_FINDINGS if left else EXIT_OK
