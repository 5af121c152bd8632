"""Command line: a small dispatcher over subcommands.

    gofixleaks [check] [options] [PATH...]    check (and fix) Go code; the default
    gofixleaks rules [--format text|json]     list the rules
    gofixleaks rule CODE|NAME [--format ...]  print one rule's documentation
    gofixleaks bot|batch|prove ...            their own modules (``SUBCOMMANDS``)

A first argument that names a subcommand is always that subcommand, even when
a directory of that name exists (as with cargo and git: what a command means
never depends on the files around it); to check such a directory, write
``gofixleaks check rules`` or ``gofixleaks ./rules`` (a note says so).  Any
other first argument (a path, an option) is the bare form of ``check``.

Exit codes: 0 no findings left, 1 findings left, 2 usage or internal error,
130 interrupted (Ctrl-C).  stdout carries only the report, diff or JSON; the
summary goes to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import re
import sys
import time

from . import __version__, exits

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = exits.EXIT_INTERRUPTED

# name -> "module" (its ``main(argv) -> int``) or "module:function"; imported
# only when the subcommand runs.
SUBCOMMANDS: dict[str, str] = {
    "check": "gofixleaks.cli:check_main",
    "rules": "gofixleaks.rulescmd:rules_main",
    "rule": "gofixleaks.rulescmd:rule_main",
    "bot": "gofixleaks.bot.cli",
    "batch": "gofixleaks.batch.cli",
    "prove": "gofixleaks.evidence.cli",
}


class UsageError(Exception):
    """Stands in for discovery.UsageError until the engine is imported."""


def _usage_errors() -> tuple[type[BaseException], ...]:
    from .discovery import UsageError as EngineUsageError

    return (UsageError, EngineUsageError)


def _usage_error(message: str):
    from .discovery import UsageError as EngineUsageError

    return EngineUsageError(message)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 already; keep our prefix
        self.print_usage(sys.stderr)
        raise _usage_error(message)


# ---- option values -----------------------------------------------------------------

def _codes(values: list[str] | None) -> tuple[str, ...]:
    """Rule codes, prefixes or names (``unclosed-response-body``), comma-separated."""
    from .registry import RULES, valid_selector

    names = {r.name: r.code for r in RULES}
    out: list[str] = []
    for v in values or ():
        for c in v.split(","):
            c = c.strip()
            if not c:
                continue
            code = names.get(c.lower(), c.upper())
            if not valid_selector(code):
                raise _usage_error(f"unknown rule code, prefix or name: {c!r} (see 'gofixleaks rules')")
            out.append(code)
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


_TAG = re.compile(r"^[A-Za-z0-9_.]+$")


def _build_tags(text: str) -> str:
    tags = [t for t in re.split(r"[,\s]+", text.strip()) if t]
    bad = [t for t in tags if not _TAG.match(t)]
    if bad or not tags:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of build tags: {text!r}")
    return ",".join(tags)


def _options(args: argparse.Namespace) -> tuple[tuple[str, object], ...]:
    out: list[tuple[str, object]] = []
    if getattr(args, "build_tags", None):
        out.append(("build_tags", args.build_tags))
    if getattr(args, "cache_size", None) is not None:
        out.append(("cache_size", args.cache_size))
    if getattr(args, "cache_ttl", None):
        out.append(("cache_ttl", args.cache_ttl))
    return tuple(out)


# ---- the check command -----------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    """The parser of ``gofixleaks check`` (and of the bare form)."""
    from . import config

    p = _Parser(
        prog="gofixleaks",
        usage="gofixleaks [check] [options] [PATH ...]",
        description="Find Go code that leaks memory, goroutines or OS resources, and fix it safely.",
        epilog="Subcommands: " + ", ".join(SUBCOMMANDS) + " ('gofixleaks rules' lists the rules; 'gofixleaks rule CODE' "
        "prints one rule's documentation). A first argument naming a subcommand is that subcommand even when a directory "
        "of that name exists: check it with 'gofixleaks check NAME' or 'gofixleaks ./NAME'. "
        "Exit status: 0 no findings left, 1 findings left, 2 usage or internal error, 130 interrupted.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, directories (walked recursively) or dir/... patterns; default .; - reads stdin (with --stdin-filename)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fix", action="store_true", help="apply fixes to the files (atomically)")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the fixes; write nothing")
    mode.add_argument("-i", "--interactive", action="store_true", help="review each fix in the terminal: apply, skip, ... (needs a tty)")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    p.add_argument("--preview", action="store_true", help="also report the rule shapes marked preview (see 'gofixleaks rules')")
    p.add_argument("--verify", action="store_true", help="with --fix: build and vet each touched package before and after; revert fixes that break it")
    p.add_argument("--select", action="append", metavar="CODES", help="only these rule codes, prefixes or names (comma-separated)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="skip these rule codes, prefixes or names (comma-separated)")
    p.add_argument("--verify-cmd", metavar="CMD", help="with --verify: for Python files, a command (your tests) that must pass after the fixes when it passed before")
    p.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text", help="report format (default text)")
    p.add_argument("--statistics", action="store_true", help="print a count per rule (and how many are fixable) instead of each finding")
    p.add_argument("--show-fixes", action="store_true", help="text report: show each available fix as a diff under its finding, and list the fixes applied")
    p.add_argument("--output-file", "-o", metavar="FILE", help="write the report (or diff) to FILE instead of stdout")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are left (errors still exit 2)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text report and --diff (auto: on a terminal, unless NO_COLOR is set)")
    p.add_argument("--stdin-filename", metavar="NAME", help="with PATH '-': read the source from stdin and report it as NAME; --fix prints the fixed source")
    p.add_argument("--new-from-rev", metavar="REV", help="report only findings on lines added or changed since the git revision REV (and in untracked files)")
    p.add_argument("--build-tags", type=_build_tags, metavar="TAGS", help="comma-separated build tags for --verify's go build and go vet (-tags)")
    p.add_argument("--check-suppressions", action="store_true", help="also report suppression comments that suppress nothing, and misspelled ones ('// nolint')")
    p.add_argument("-j", "--jobs", type=_positive_int, default=None, metavar="N", help="parallel processes (default: all cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    p.add_argument("--no-progress", action="store_true", help="no progress line on long runs")
    p.add_argument("--cache-size", type=_positive_int, default=None, metavar="N", help="LK301: entries of the bounded cache that replaces an unbounded map (default 10000)")
    p.add_argument("--cache-ttl", type=_duration, default=None, metavar="D", help="LK301: use an otter.Cache whose entries expire D (e.g. 5m) after each write (needs go >= 1.24)")
    p.add_argument("--from-profile", action="append", metavar="FILE", help="a goroutine dump (?debug=2 or ?debug=1, goroutine or goroutineleak): rank goroutine findings by the goroutines they hold (repeatable)")
    p.add_argument("--only-evidence", action="store_true", help="with --from-profile: report only the findings a profile confirms")
    p.add_argument("--cache-dir", metavar="DIR", default=None, help="where to keep results between runs (default: .gofixleaks_cache at the project root, or $GOFIXLEAKS_CACHE_DIR)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the results cache")
    p.add_argument("--version", action="version", version=f"gofixleaks {__version__}")
    config.add_arguments(p)
    return p


def settings_from_args(args: argparse.Namespace):
    from .settings import Settings

    return Settings(
        select=_codes(args.select),
        ignore=_codes(args.ignore),
        fix=bool(args.fix or args.diff),
        unsafe_fixes=args.unsafe_fixes,
        preview=getattr(args, "preview", False),
        options=_options(args),
    )


def diff_name(path: str) -> str:
    """The name a diff header uses: relative to the current directory, or, for
    a file outside it, the absolute path without its leading slash (apply it
    with ``patch -p1`` / ``git apply`` from ``/``)."""
    rel = os.path.relpath(path)
    return os.path.abspath(path).lstrip("/") if rel.startswith("..") else rel


def _check_combinations(args: argparse.Namespace) -> None:
    def bad(message: str):
        raise _usage_error(message)

    stdin = args.paths == ["-"]
    if "-" in args.paths and not stdin:
        bad("'-' (stdin) cannot be mixed with other paths")
    if stdin and not args.stdin_filename:
        bad("reading the source from stdin ('-') needs --stdin-filename NAME (the name to report)")
    if args.stdin_filename and args.paths not in ([], ["-"]):
        bad("--stdin-filename reads stdin: give '-' (or no path), not " + " ".join(args.paths))
    if args.stdin_filename and (args.interactive or args.verify):
        bad("--stdin-filename does not combine with --interactive or --verify")
    if args.verify and not args.fix:
        bad("--verify needs --fix")
    if args.verify_cmd and not args.verify:
        bad("--verify-cmd needs --verify")
    if args.new_from_rev and (args.fix or args.diff or args.interactive):
        bad("--new-from-rev only filters the report; it does not combine with --fix, --diff or --interactive")
    if args.statistics and (args.format in ("sarif", "github") or args.diff or args.show_fixes):
        bad("--statistics prints counts as text or json; it does not combine with --format sarif/github, --diff or --show-fixes")
    if args.show_fixes and args.format != "text":
        bad("--show-fixes is for the text report; --format json and sarif carry the fixes themselves")
    if args.check_suppressions and args.format in ("json", "sarif"):
        bad("--check-suppressions reports in the text and github formats")
    if args.interactive and args.format != "text":
        bad("--interactive does not combine with --format " + args.format)
    if args.only_evidence and not args.from_profile:
        bad("--only-evidence needs --from-profile")
    if args.from_profile and (args.format not in ("text", "json") or args.fix or args.diff or args.interactive or args.statistics):
        bad("--from-profile only reports (--format text or json; no --fix, --diff, -i or --statistics)")


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


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
            self.shown = False


def _summary(result, args, written: int, elapsed: float, write_errors: list[str]) -> None:
    from collections import Counter

    err = sys.stderr
    for s in result.all_skipped:
        if not s.reason.startswith("generated"):
            err.write(f"{s.path}: skipped: {s.reason}\n")
    for e in result.errors:
        err.write(f"{e.path}: error: {e.reason}\n")
    for s in result.partial:
        err.write(f"{s.path}: {s.reason}\n")
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
        f"{result.scanned} files scanned ({result.parsed} parsed"
        + (f", {result.cached} of {len(result.packages)} packages from the cache" if result.cached else "")
        + f") in {elapsed:.2f}s",
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
    if result.functions_skipped:
        n = result.functions_skipped
        parts.append(f"{n} function{'s' if n != 1 else ''} not checked (syntax error)")
    err.write("gofixleaks: " + "; ".join(parts) + "\n")


def _written_files(packages) -> list[str]:
    """Files of these package results whose fixed bytes are on disk now."""
    out = []
    for pres in packages:
        for fr in pres.files:
            if fr.fixed is None or fr.fixed == fr.original:
                continue
            try:
                with open(fr.path, "rb") as fh:
                    if fh.read() == fr.fixed:
                        out.append(fr.path)
            except OSError:
                pass
    return sorted(out)


def _dirs_without_gomod(top: str) -> list[str]:
    """Directories under ``top`` (itself outside any module) holding .go files
    and no go.mod on the way down (walked as discovery walks)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(top):
        if "go.mod" in filenames:
            dirnames[:] = []  # a module: its go line applies below
            continue
        dirnames[:] = [d for d in dirnames if d not in ("vendor", "testdata") and not d.startswith((".", "_"))]
        if any(f.endswith(".go") for f in filenames):
            out.append(dirpath)
    return out


def _no_gomod_note(args, result) -> str | None:
    """Said once: what the rules assumed where no go.mod gives the Go version."""
    from .gomod import find_gomod
    from .ruleinfo import NO_GOMOD_NOTE

    missing: list[str] = []
    for p in [*(args.paths or ["."]), *(fr.path for fr in result.files)]:
        if p == "..." or p.endswith("/..."):
            p = p[:-3].rstrip("/") or "."
        a = os.path.abspath(p)
        d = a if os.path.isdir(a) else os.path.dirname(a)
        if find_gomod(d) is not None:
            continue
        for m in _dirs_without_gomod(d) if os.path.isdir(a) else [d]:
            if m not in missing:
                missing.append(m)
    if not missing:
        return None
    where = os.path.relpath(missing[0]) + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
    return NO_GOMOD_NOTE.format(where=where)


def _cache(args, settings):
    """The results cache of this run (see gofixleaks/cache), or None."""
    from .cache import PackageCache, cache_dir

    directory = cache_dir(args.paths, args.cache_dir, args.no_cache)
    return None if directory is None else PackageCache(directory, settings)


def check_main(argv: list[str]) -> int:
    """``gofixleaks check``: returns the exit status."""
    from . import config, gitinfo, gomodreq, report, verify
    from .engine import run
    from .writer import WriteError, write_atomic, write_package

    start = time.monotonic()
    args = build_parser().parse_args(argv)
    _check_combinations(args)
    stdin_name = args.stdin_filename
    if stdin_name:
        args.paths = [stdin_name]  # the configuration is looked up from the name's directory
    settings, cfg = config.resolve(args, settings_from_args(args))
    if args.show_settings:
        sys.stdout.write(config.show(settings, cfg))
        return EXIT_OK
    if args.output_file:
        if os.path.isdir(args.output_file):
            raise _usage_error(f"--output-file {args.output_file}: is a directory")
        parent = os.path.dirname(os.path.abspath(args.output_file))
        if not os.path.isdir(parent):
            raise _usage_error(f"--output-file {args.output_file}: no such directory {parent}")
    profiles = None
    if args.from_profile:
        from .evidence.profile import load_profiles  # a bad file is a usage error

        profiles = load_profiles(args.from_profile)
    if args.interactive:
        from .interactive import main_interactive  # questionary is imported only here

        return main_interactive(args.paths, settings, jobs=args.jobs, progress=_Progress(not args.no_progress))
    if stdin_name:
        return _stdin_main(args, settings, start)

    progress = _Progress(not args.no_progress)
    written = 0
    write_errors: list[str] = []
    dirty: list[str] = []
    pending = []
    seen = []

    def on_package(pres):
        nonlocal written
        seen.append(pres)
        if not args.fix:
            return
        changed = [fr.path for fr in pres.files if fr.fixed is not None]
        if changed:
            dirty.extend(gitinfo.dirty(changed))
        if args.verify:  # written after the baseline, by verify_and_write
            pending.append(pres)
            return
        count, errors = write_package(pres.files)
        written += count
        write_errors.extend(errors)

    try:
        result = run(args.paths, settings, jobs=args.jobs, progress=progress, on_package=on_package, cache=_cache(args, settings))
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
        if args.new_from_rev:
            _keep_new(result, args.new_from_rev, gitinfo)
        audit = []
        if args.check_suppressions:
            from .suppress import audit_paths

            audit = audit_paths(args.paths, settings, jobs=args.jobs)
    except KeyboardInterrupt:
        progress.close()
        if args.fix:
            files = _written_files(seen)
            names = ", ".join(os.path.relpath(p) for p in files)
            tail = f"{len(files)} file{'s' if len(files) != 1 else ''} written: {names}" if files else "nothing was written"
            sys.stderr.write(f"gofixleaks: interrupted; no file is half-written; {tail}\n")
        else:
            sys.stderr.write("gofixleaks: interrupted\n")
        return EXIT_INTERRUPTED

    # the exit status first: a reader that closes the pipe early does not change it
    left = [f for f in result.findings if not (f.applied and args.fix)]
    if result.errors or write_errors:
        status = EXIT_ERROR
    elif (left or audit) and not args.exit_zero:
        status = EXIT_FINDINGS
    else:
        status = EXIT_OK

    out = io.StringIO() if args.output_file else sys.stdout
    color = _use_color(args.color, out) and not args.output_file  # a report file is never coloured
    try:
        if profiles is not None:
            from .evidence.profile import print_ranked, rank

            shown = print_ranked(rank(result.findings, profiles), args.format, out, args.only_evidence)
            if args.only_evidence and status != EXIT_ERROR:
                status = EXIT_FINDINGS if shown and not args.exit_zero else EXIT_OK
        elif args.diff:
            out.write(report.diffs(result, diff_name, color=color))
        elif args.statistics:
            out.write(report.statistics(result, args.format, fixed=args.fix))
        elif args.format == "text":
            out.write(report.text(result, color=color, show_fixes=args.show_fixes, diff_name=diff_name))
            out.write(report.suppression_text(audit, color=color))
            if args.show_fixes and args.fix:
                out.write(report.fixed_list(result))
        elif args.format == "github":
            out.write(report.github(result))
            out.write(report.suppression_github(audit))
        else:
            out.write(report.render(result, args.format))
        out.flush()
        if args.output_file:
            try:
                write_atomic(args.output_file, out.getvalue().encode("utf-8"))
            except WriteError as e:
                write_errors.append(f"--output-file: {e}")
                status = EXIT_ERROR
        for note in module_notes:
            sys.stderr.write(f"gofixleaks: {note}\n")
        note = _no_gomod_note(args, result)
        if note and not args.quiet:
            sys.stderr.write(f"gofixleaks: note: {note}\n")
        dirty = sorted(set(dirty) & set(_written_files(seen))) if dirty else []  # not those reverted
        if dirty:
            sys.stderr.write(
                "gofixleaks: warning: fixed files that had uncommitted changes (the fixes are mixed with them; "
                f"review with git diff): {', '.join(os.path.relpath(p) for p in dirty)}\n"
            )
        _summary(result, args, written, time.monotonic() - start, write_errors)
        if verified is not None:
            verify.print_report(verified)
        sys.stdout.flush()
    except BrokenPipeError:
        exits.quiet_closed_pipes()
    return status


def _keep_new(result, rev: str, gitinfo) -> None:
    """--new-from-rev: drop the findings on lines not changed since ``rev``."""
    changed_by_top: dict[str, dict] = {}
    for pres in result.packages:
        for fr in pres.files:
            top = gitinfo.toplevel(os.path.dirname(os.path.abspath(fr.path)) or ".")
            if top is None:
                raise _usage_error(f"--new-from-rev: {fr.path} is not in a git work tree")
            if top not in changed_by_top:
                changed_by_top[top] = gitinfo.changed_lines(rev, top)
            fr.findings = [f for f in fr.findings if gitinfo.is_new(changed_by_top[top], f.path, f.line, f.end_line)]


def _stdin_main(args, settings, start: float) -> int:
    """``gofixleaks --stdin-filename NAME -``: the source from stdin."""
    from . import report
    from .diff import unified_diff
    from .stdinmode import check_stdin

    data = sys.stdin.buffer.read()
    result, note = check_stdin(args.stdin_filename, data, settings)
    files = result.files
    fixed = files[0].fixed if files and files[0].fixed is not None else None
    left = [f for f in result.findings if not (f.applied and args.fix)]
    status = EXIT_ERROR if result.errors else EXIT_FINDINGS if left and not args.exit_zero else EXIT_OK
    out = io.StringIO() if args.output_file else sys.stdout
    try:
        if args.fix:
            sys.stdout.buffer.write(fixed if fixed is not None else data)  # the fixed source
            sys.stdout.flush()
            sys.stderr.write(report.text(result))  # the report goes to stderr
        elif args.diff:
            if fixed is not None:
                out.write(unified_diff(diff_name(args.stdin_filename), data, fixed))
        elif args.statistics:
            out.write(report.statistics(result, args.format))
        elif args.format == "text":
            out.write(report.text(result, color=_use_color(args.color, out), show_fixes=args.show_fixes, diff_name=diff_name))
        elif args.format == "github":
            out.write(report.github(result))
        else:
            out.write(report.render(result, args.format))
        if args.output_file and not args.fix:
            from .writer import write_atomic

            write_atomic(args.output_file, out.getvalue().encode("utf-8"))
        if note:
            sys.stderr.write(f"gofixleaks: note: {note}\n")
        _summary(result, args, 0, time.monotonic() - start, [])
        sys.stdout.flush()
    except BrokenPipeError:
        exits.quiet_closed_pipes()
    return status


# ---- the dispatcher -------------------------------------------------------------------

def _load(name: str):
    """The main function of subcommand ``name``, or None (message printed)."""
    target = SUBCOMMANDS[name]
    module_name, _, func = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name and (module_name == e.name or module_name.startswith(e.name + ".")):
            sys.stderr.write(f"gofixleaks: error: the '{name}' command is not part of this version of gofixleaks ({module_name} is missing)\n")
        else:
            sys.stderr.write(f"gofixleaks: error: the '{name}' command needs the Python package {e.name!r}: pip install 'gofixleaks[{name}]'\n")
        return None
    return getattr(module, func or "main")


def split_command(argv: list[str]) -> tuple[str, list[str], str | None]:
    """(subcommand, its arguments, a note for stderr or None)."""
    if argv and argv[0] in SUBCOMMANDS:
        name = argv[0]
        note = None
        if name != "check" and os.path.isdir(name):
            note = f"'{name}' is the {name} command; to check the directory {name}/, run 'gofixleaks check {name}' or 'gofixleaks ./{name}'"
        return name, argv[1:], note
    return "check", argv, None


def main(argv: list[str] | None = None) -> int:
    started = exits.startup
    interrupts = started if started is not None and started.depth else exits.Interrupts().install()
    name = "check"
    try:
        if interrupts is started:
            interrupts.release()  # a Ctrl-C during start-up raises here
        argv = list(sys.argv[1:] if argv is None else argv)
        name, rest, note = split_command(argv)
        if note:
            sys.stderr.write(f"gofixleaks: note: {note}\n")
        func = _load(name)
        if func is None:
            return EXIT_ERROR
        try:
            status = func(rest)
        except _usage_errors() as e:
            sys.stderr.write(f"gofixleaks: error: {e}\n")
            return EXIT_ERROR
        except SystemExit as e:  # argparse: --help, --version, a usage error
            sys.stdout.flush()
            return e.code if isinstance(e.code, int) else EXIT_ERROR
        sys.stdout.flush()  # a closed pipe shows here, not in the flush at exit
        return status
    except KeyboardInterrupt:
        sys.stderr.write("gofixleaks: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        exits.quiet_closed_pipes()
        return EXIT_FINDINGS if name == "check" else EXIT_OK
    finally:
        interrupts.restore()
