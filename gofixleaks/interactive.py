"""Interactive review: ``gofixleaks --interactive``.

The engine runs in check mode, so every finding carries its fix relative to
the original bytes.  Each fixable finding is shown (path, rule, why, the
colored diff of that fix on top of the fixes accepted so far) and a
:class:`Prompter` answers with an :class:`Action`.  Accepted fixes go through
the same :func:`engine.apply_fixes` as ``--fix`` (overlaps, syntax and gofmt
re-checked) and are written atomically as soon as every file they touch is
finished, that is, no finding still to be decided edits it.  A fix that
touches several files is written with SIGINT held back, so Ctrl-C never
leaves a package half-fixed or a file half-written.

The terminal sits behind :class:`Prompter`: :class:`QuestionaryPrompter`
asks a real person; tests drive :func:`review` with a scripted prompter.
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
import shutil
import signal
import sys
import textwrap
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol, TextIO

from . import gomodreq
from .diff import unified_diff
from .engine import RunResult, apply_fixes, read_source, run
from .model import Finding, PackageResult
from .registry import resolve
from .report import colorize_diff  # one diff colouring for the report and the review
from .settings import Settings
from .writer import WriteError, write_atomic

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

NOT_A_TERMINAL = (
    "--interactive needs a terminal: stdin and stdout must both be a tty "
    "(use --diff to review fixes or --fix to apply them without prompts)"
)


class Action(enum.Enum):
    APPLY = "apply"
    SKIP = "skip"
    APPLY_RULE = "apply-rule"  # this and every remaining finding of this rule
    SKIP_RULE = "skip-rule"
    APPLY_ALL = "apply-all"  # this and every remaining fix
    QUIT = "quit"  # stop; write what was accepted so far
    ABORT = "abort"  # stop; write nothing more


class Prompter(Protocol):
    def choose(self, finding: Finding, diff_text: str) -> Action:
        """Decide on ``finding``, whose fix ``diff_text`` shows (already printed)."""
        ...


# ---- outcome bookkeeping -------------------------------------------------------

APPLIED, SKIPPED, LEFT = "applied", "skipped", "left"


@dataclass
class Outcome:
    finding: Finding
    status: str = LEFT  # APPLIED once written, SKIPPED by the user, else LEFT
    note: str = ""  # why a finding is left: no fix, unsafe, no longer applies...


@dataclass
class Review:
    """What one interactive session did; filled as it goes, so that an
    interrupted session can still say which files were written."""

    outcomes: list[Outcome] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    stopped: str | None = None  # "quit", "abort" or "interrupt"

    def per_rule(self) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        for o in self.outcomes:
            out.setdefault(o.finding.code, Counter())[o.status] += 1
        return out

    @property
    def left(self) -> int:
        return sum(1 for o in self.outcomes if o.status != APPLIED)


# ---- rendering -----------------------------------------------------------------

_RED, _GREEN, _CYAN, _BOLD, _DIM, _YELLOW, _RESET = (
    "\033[31m", "\033[32m", "\033[36m", "\033[1m", "\033[2m", "\033[33m", "\033[0m"
)


_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.S)


def why_sentence(code: str) -> str:
    """The first sentence of the rule's "Why is this bad?" section."""
    rule = resolve(code)
    if rule is None:
        return ""
    m = re.search(r"^## Why is this bad\?\n(.*?)(?=^## |\Z)", rule.doc, re.M | re.S)
    if not m:
        return rule.summary
    text = " ".join(m.group(1).split())
    s = _SENTENCE.match(text)
    return s.group(1) if s else text


def _rel(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _is_unsafe(f: Finding) -> bool:
    return f.fix is not None and f.fix.safety.value == "unsafe"


def _files_of(f: Finding) -> set[str]:
    files = f.fix.files(f.path)
    files |= {imp[0] for imp in f.fix.imports if not isinstance(imp, str)}
    return files


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT back for the duration; raise KeyboardInterrupt after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if got:
        raise KeyboardInterrupt


# ---- the review flow -----------------------------------------------------------

class _Stop(Exception):
    def __init__(self, how: str):
        self.how = how


class _Package:
    """The state of one package (directory) under review."""

    def __init__(self, pres: PackageResult):
        self.sources: dict[str, bytes] = {fr.path: fr.original for fr in pres.files}
        self.findings: list[Finding] = sorted((f for fr in pres.files for f in fr.findings), key=Finding.sort_key)
        self.undecided: list[Finding] = []  # offered fixes still to decide
        self.accepted: list[Finding] = []  # accepted, not yet written
        self.outcome: dict[int, Outcome] = {}

    def load_siblings(self, findings: list[Finding]) -> None:
        # a package-level fix may edit a file of the package that has no finding
        for f in findings:
            for p in _files_of(f):
                if p not in self.sources:
                    data, _ = read_source(p, Settings())
                    if data is not None:
                        self.sources[p] = data


class Session:
    def __init__(
        self,
        settings: Settings,
        prompter: Prompter,
        out: TextIO,
        color: bool = False,
        write: Callable[..., None] = write_atomic,
    ):
        self.settings = settings
        self.prompter = prompter
        self.out = out
        self.color = color
        self.write = write
        self.review = Review()
        self.rule_mode: dict[str, Action] = {}
        self.all_mode: Action | None = None

    # -- output
    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _wrap(self, text: str) -> str:
        width = max(40, min(100, shutil.get_terminal_size((100, 24)).columns - 1))
        return textwrap.fill(text, width, initial_indent="  ", subsequent_indent="  ", break_long_words=False)

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    # -- the run
    def run(self, packages: list[PackageResult]) -> Review:
        pkgs = [_Package(p) for p in packages if p.files]
        pkgs.sort(key=lambda p: min(p.sources))
        offered = [f for p in pkgs for f in p.findings if self._not_offered(f) is None]
        self.total = len(offered)
        self.index = 0
        try:
            for i, pkg in enumerate(pkgs):
                try:
                    self._review_package(pkg)
                except _Stop as stop:
                    self.review.stopped = stop.how
                    for later in pkgs[i + 1 :]:
                        self._record_untouched(later)
                    if stop.how == "quit":
                        self._flush(pkg)
                    break
        except KeyboardInterrupt:
            self.review.stopped = "interrupt"
            raise
        return self.review

    def _not_offered(self, f: Finding) -> str | None:
        """Why ``f`` is not offered for review, or None."""
        if f.fix is None or not f.fix.edits:
            return "no automatic fix"
        if _is_unsafe(f) and not self.settings.unsafe_fixes:
            return "unsafe fix; review it with --unsafe-fixes"
        return None

    def _record_untouched(self, pkg: _Package) -> None:
        for f in pkg.findings:
            self.review.outcomes.append(Outcome(f, LEFT, self._not_offered(f) or "not reviewed"))

    def _review_package(self, pkg: _Package) -> None:
        for f in pkg.findings:
            o = Outcome(f, LEFT, self._not_offered(f) or "")
            pkg.outcome[id(f)] = o
            self.review.outcomes.append(o)
            if not o.note:
                pkg.undecided.append(f)
        pkg.load_siblings(pkg.undecided)
        try:
            while pkg.undecided:
                f = pkg.undecided[0]
                self._decide(pkg, f)
                pkg.undecided.pop(0)
                self._flush(pkg)
        except _Stop as stop:
            for f in pkg.undecided:
                pkg.outcome[id(f)].note = "not reviewed"
            pkg.undecided.clear()
            if stop.how == "abort":
                for f in pkg.accepted:
                    pkg.outcome[id(f)].note = "accepted, not written (abort)"
                pkg.accepted.clear()
            raise
        self._flush(pkg)

    def _decide(self, pkg: _Package, f: Finding) -> None:
        self.index += 1
        o = pkg.outcome[id(f)]
        where = f"{_rel(f.path)}:{f.line}:{f.column}"
        # a "skip all of this rule" beats a later "apply all remaining"
        auto = self.rule_mode.get(f.code) or self.all_mode
        if auto is Action.SKIP_RULE:
            o.status = SKIPPED
            self.say(f"[{self.index}/{self.total}] {where} {f.code}: skipped (all of {f.code})")
            return
        files = _files_of(f)
        base = [a for a in pkg.accepted if _files_of(a) & files]
        before, _, _ = apply_fixes(pkg.sources, base, self.settings)
        after, done, refused = apply_fixes(pkg.sources, base + [f], self.settings)
        for a in base:
            a.fix_note = None
        if f in refused or f not in done:
            o.note = f"no longer applies: {f.fix_note or 'conflicts with an accepted fix'}"
            self.say(self._c(_YELLOW, f"[{self.index}/{self.total}] {where} {f.code}: fix skipped, {o.note}"))
            return
        diff_text = "".join(
            unified_diff(_rel(p), before.get(p, pkg.sources[p]), after[p])
            for p in sorted(after)
            if after[p] != before.get(p, pkg.sources[p])
        )
        if auto is not None:
            pkg.accepted.append(f)
            how = "all remaining" if auto is Action.APPLY_ALL else f"all of {f.code}"
            self.say(f"[{self.index}/{self.total}] {where} {f.code}: accepted ({how})")
            return
        self._show(f, where, diff_text)
        action = self.prompter.choose(f, diff_text)
        if action in (Action.QUIT, Action.ABORT):
            raise _Stop(action.value)
        if action in (Action.SKIP, Action.SKIP_RULE):
            o.status = SKIPPED
        else:
            pkg.accepted.append(f)
        if action in (Action.APPLY_RULE, Action.SKIP_RULE):
            self.rule_mode[f.code] = action
        elif action is Action.APPLY_ALL:
            self.all_mode = action

    def _show(self, f: Finding, where: str, diff_text: str) -> None:
        label = " " + self._c(_YELLOW + _BOLD, "[UNSAFE FIX]") if _is_unsafe(f) else ""
        self.say()
        self.say(self._c(_BOLD, f"[{self.index}/{self.total}] {where}  {f.code} {f.name}") + label)
        self.say(self._wrap(f.message))
        why = why_sentence(f.code)
        if why:
            self.say(self._c(_DIM, self._wrap(f"Why: {why}")))
        self.say(f"  Fix: {f.fix.title}" + (" (unsafe: it may change behaviour; read the diff)" if _is_unsafe(f) else ""))
        self.out.write(colorize_diff(diff_text) if self.color else diff_text)
        self.out.flush()

    def _flush(self, pkg: _Package) -> None:
        """Write every accepted fix whose files no undecided finding touches."""
        if not pkg.accepted:
            return
        busy = set().union(*(_files_of(f) for f in pkg.undecided)) if pkg.undecided else set()
        # group accepted fixes that share a file: a group is written together
        groups: list[tuple[set[str], list[Finding]]] = []
        for f in pkg.accepted:
            files, members = set(_files_of(f)), [f]
            for g in [g for g in groups if g[0] & files]:
                groups.remove(g)
                files |= g[0]
                members = g[1] + members
            groups.append((files, members))
        for files, members in groups:
            if files & busy:
                continue
            members.sort(key=lambda f: pkg.findings.index(f))
            new, done, refused = apply_fixes(pkg.sources, members, self.settings)
            for f in refused:
                pkg.outcome[id(f)].note = f"no longer applies: {f.fix_note or 'refused'}"
            with _sigint_held():
                failed = False
                for p in sorted(new):
                    if new[p] == pkg.sources[p]:
                        continue
                    try:
                        self.write(p, new[p], expected_old=pkg.sources[p])
                        self.review.written.append(p)
                    except WriteError as e:
                        self.review.write_errors.append(str(e))
                        failed = True
                for f in done:
                    o = pkg.outcome[id(f)]
                    if failed:
                        o.note = "not written (write error)"
                    else:
                        o.status, o.note = APPLIED, ""
                        f.applied = True
                for f in members:
                    pkg.accepted.remove(f)


# ---- the summary -----------------------------------------------------------------

def print_summary(review: Review, out: TextIO) -> None:
    w = out.write
    nofix = [o for o in review.outcomes if o.status == LEFT and o.note == "no automatic fix"]
    other = [o for o in review.outcomes if o.status == LEFT and o.note != "no automatic fix"]
    if nofix:
        w("\nFindings without a fix (fix them by hand):\n")
        for o in nofix:
            f = o.finding
            w(f"  {_rel(f.path)}:{f.line}:{f.column}: {f.code} {f.message}\n")
    if other:
        w("\nNot applied:\n")
        for o in other:
            f = o.finding
            w(f"  {_rel(f.path)}:{f.line}:{f.column}: {f.code} {o.note}\n")
    w("\nSummary:\n")
    per_rule = review.per_rule()
    if not per_rule:
        w("  no findings\n")
    for code in sorted(per_rule):
        c = per_rule[code]
        rule = resolve(code)
        name = f" {rule.name}" if rule else ""
        w(f"  {code}{name}: {c[APPLIED]} applied, {c[SKIPPED]} skipped, {c[LEFT]} left\n")
    n = len(review.written)
    w(f"{n} file{'s' if n != 1 else ''} written" + (": " + ", ".join(_rel(p) for p in review.written) if n else "") + "\n")
    out.flush()


# ---- the terminal --------------------------------------------------------------

class QuestionaryPrompter:
    """Asks on the terminal with a questionary select; Enter applies."""

    KEYS = (
        (Action.APPLY, "a", "Apply"),
        (Action.SKIP, "s", "Skip"),
        (Action.APPLY_RULE, "r", "Apply all remaining {code} fixes"),
        (Action.SKIP_RULE, "n", "Skip all remaining {code} fixes"),
        (Action.APPLY_ALL, "l", "Apply all remaining fixes"),
        (Action.QUIT, "q", "Quit: write what was accepted so far"),
        (Action.ABORT, "x", "Abort: write nothing more"),
    )

    def __init__(self):
        import questionary  # imported here: only interactive runs need it

        self._q = questionary

    def choose(self, finding: Finding, diff_text: str) -> Action:
        q = self._q
        choices = [q.Choice(title.format(code=finding.code), value=a, shortcut_key=k) for a, k, title in self.KEYS]
        question = q.select(
            "Apply this fix?",
            choices=choices,
            default=choices[0],
            use_shortcuts=True,
            use_jk_keys=False,
            instruction="(Enter applies; arrows or a/s/r/n/l/q/x, then Enter)",
        )
        try:
            answer = question.unsafe_ask()
        except EOFError:  # Ctrl-D: treat like Ctrl-C
            raise KeyboardInterrupt from None
        if answer is None:
            raise KeyboardInterrupt
        return answer


def main_interactive(
    paths: list[str],
    settings: Settings,
    jobs: int | None = None,
    progress=None,
    prompter: Prompter | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """``gofixleaks --interactive``: returns the exit status."""
    stdin, out, err = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    if prompter is None:
        if not (stdin.isatty() and out.isatty()):
            err.write(f"gofixleaks: error: {NOT_A_TERMINAL}\n")
            return EXIT_ERROR
        try:
            prompter = QuestionaryPrompter()
        except ImportError:
            err.write("gofixleaks: error: --interactive needs the questionary package (pip install questionary)\n")
            return EXIT_ERROR
    color = out.isatty() and "NO_COLOR" not in os.environ
    session = Session(settings, prompter, out, color=color)
    try:
        result: RunResult = run(paths, settings, jobs=jobs, progress=progress)
        if progress is not None and hasattr(progress, "close"):
            progress.close()
        for s in result.all_skipped:
            if not s.reason.startswith("generated"):
                err.write(f"{s.path}: skipped: {s.reason}\n")
        for e in result.errors:
            err.write(f"{e.path}: error: {e.reason}\n")
        review = session.run(result.packages)
    except KeyboardInterrupt:
        written = session.review.written
        names = ", ".join(_rel(p) for p in written)
        err.write(
            "\ngofixleaks: interrupted; no file is half-written; "
            + (f"the files already finished stay written ({len(written)}): {names}\n" if written else "nothing was written\n")
        )
        return 130  # like the shell: 128 + SIGINT
    if review.stopped == "abort":
        out.write("\nAborted: the fixes not yet written were discarded.\n")
    elif review.stopped == "quit":
        out.write("\nQuit: the accepted fixes were written.\n")
    print_summary(review, out)
    # written fixes may need module requirements (LK301): `go get`, as --fix does
    notes, module_errors = gomodreq.ensure(o.finding for o in review.outcomes)
    for note in notes:
        err.write(f"gofixleaks: {note}\n")
    review.write_errors.extend(module_errors)
    for e in review.write_errors:
        err.write(f"gofixleaks: error: {e}\n")
    if result.errors or review.write_errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if review.left else EXIT_OK
