"""The interactive review flow, driven by a scripted prompter (no terminal).

The real terminal is exercised in test_interactive_pty.py.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gofixleaks import interactive
from gofixleaks.engine import run
from gofixleaks.interactive import Action, Session, main_interactive
from gofixleaks.model import Edit, FileResult, Finding, Fix, PackageResult, Safety
from gofixleaks.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "leaky"
CLOSE = b"\tdefer resp.Body.Close()\n"


class Scripted:
    """Answers from a list; records what it was asked and what was on disk then."""

    def __init__(self, answers, watch: list[Path] = ()):
        self.answers = list(answers)
        self.asked: list[tuple[Finding, str]] = []
        self.watch = list(watch)
        self.seen_on_disk: list[dict[str, bytes]] = []

    def choose(self, finding, diff_text):
        self.asked.append((finding, diff_text))
        self.seen_on_disk.append({str(p): p.read_bytes() for p in self.watch})
        if not self.answers:
            raise AssertionError(f"unexpected prompt for {finding.path}:{finding.line}")
        a = self.answers.pop(0)
        if isinstance(a, BaseException) or (isinstance(a, type) and issubclass(a, BaseException)):
            raise a
        return a


class TTY(io.StringIO):
    def isatty(self):
        return True


def sample(tmp_path: Path, name: str = "leaky") -> Path:
    d = tmp_path / name
    d.mkdir()
    shutil.copy(SAMPLE / "go.mod", d / "go.mod")
    shutil.copy(SAMPLE / "httpclient.go", d / "httpclient.go")
    return d


def fixed_by_engine(path: Path) -> bytes:
    res = run([str(path)], Settings(fix=True), jobs=1)
    (fr,) = [fr for fr in res.files if fr.path.endswith(path.name)]
    return fr.fixed


def review(paths, answers, settings=Settings(), watch=()):
    result = run([str(p) for p in paths], settings, jobs=1)
    prompter = Scripted(answers, watch)
    out = io.StringIO()
    rev = Session(settings, prompter, out).run(result.packages)
    return rev, prompter, out.getvalue()


def test_apply_everything_equals_fix(tmp_path):
    d = sample(tmp_path)
    want = fixed_by_engine(d / "httpclient.go")
    rev, prompter, text = review([d], [Action.APPLY] * 3)
    assert (d / "httpclient.go").read_bytes() == want
    assert len(prompter.asked) == 3
    assert rev.per_rule()["LK101"] == {"applied": 3, "left": 1}
    assert "[1/3]" in text and "LK101 unclosed-response-body" in text and "Why: " in text


def test_each_prompt_shows_the_diff_of_that_fix_alone(tmp_path):
    d = sample(tmp_path)
    _, prompter, _ = review([d], [Action.APPLY] * 3)
    for finding, diff_text in prompter.asked:
        assert diff_text.startswith("--- a/")
        assert diff_text.count("\n+") - diff_text.count("\n+++") == 1, diff_text
        assert "+\tdefer resp.Body.Close()\n" in diff_text


def test_skip_leaves_that_fix_out(tmp_path):
    d = sample(tmp_path)
    src = (d / "httpclient.go").read_bytes()
    want = fixed_by_engine(d / "httpclient.go").replace(CLOSE, b"", 1)
    rev, _, _ = review([d], [Action.SKIP, Action.APPLY, Action.APPLY])
    got = (d / "httpclient.go").read_bytes()
    assert got == want and got != src
    assert rev.per_rule()["LK101"] == {"applied": 2, "skipped": 1, "left": 1}


def test_apply_all_of_this_rule_asks_once(tmp_path):
    d = sample(tmp_path)
    want = fixed_by_engine(d / "httpclient.go")
    _, prompter, text = review([d], [Action.APPLY_RULE])
    assert len(prompter.asked) == 1
    assert (d / "httpclient.go").read_bytes() == want
    assert text.count("accepted (all of LK101)") == 2


def test_skip_all_of_this_rule_writes_nothing(tmp_path):
    d = sample(tmp_path)
    src = (d / "httpclient.go").read_bytes()
    rev, prompter, _ = review([d], [Action.APPLY, Action.SKIP_RULE])
    assert len(prompter.asked) == 2
    assert (d / "httpclient.go").read_bytes() == fixed_by_engine_first_only(src)
    assert rev.per_rule()["LK101"] == {"applied": 1, "skipped": 2, "left": 1}


def fixed_by_engine_first_only(src: bytes) -> bytes:
    # the first LK101 fix of the sample: after Healthy's error check
    anchor = b'return false, fmt.Errorf("health check: %w", err)\n\t}\n'
    return src.replace(anchor, anchor + CLOSE, 1)


def test_apply_all_remaining(tmp_path):
    d = sample(tmp_path)
    want = fixed_by_engine(d / "httpclient.go")
    _, prompter, text = review([d], [Action.SKIP, Action.APPLY_ALL])
    assert len(prompter.asked) == 2
    assert (d / "httpclient.go").read_bytes() == want.replace(CLOSE, b"", 1)
    assert "accepted (all remaining)" in text


def test_quit_writes_what_was_accepted(tmp_path):
    d = sample(tmp_path)
    src = (d / "httpclient.go").read_bytes()
    rev, _, _ = review([d], [Action.APPLY, Action.QUIT])
    assert (d / "httpclient.go").read_bytes() == fixed_by_engine_first_only(src)
    assert rev.stopped == "quit"
    notes = sorted(o.note for o in rev.outcomes if o.status == "left")
    assert notes == ["no automatic fix", "not reviewed", "not reviewed"]


def test_abort_writes_nothing(tmp_path):
    d = sample(tmp_path)
    src = (d / "httpclient.go").read_bytes()
    rev, _, _ = review([d], [Action.APPLY, Action.APPLY, Action.ABORT])
    assert (d / "httpclient.go").read_bytes() == src
    assert rev.written == [] and rev.stopped == "abort"


def two_packages(tmp_path) -> tuple[Path, Path]:
    a, b = sample(tmp_path, "a"), sample(tmp_path, "b")
    (b / "go.mod").unlink()
    return a / "httpclient.go", b / "httpclient.go"


def test_files_are_written_as_each_is_finished(tmp_path):
    fa, fb = two_packages(tmp_path)
    src_b = fb.read_bytes()
    want_a = fixed_by_engine(fa)
    rev, prompter, _ = review([tmp_path], [Action.APPLY] * 3 + [Action.APPLY, Action.ABORT], watch=[fa, fb])
    # at the 4th prompt (first finding of b), a is already written
    assert [seen[str(fa)] == want_a for seen in prompter.seen_on_disk] == [False, False, False, True, True]
    assert fa.read_bytes() == want_a and fb.read_bytes() == src_b
    assert rev.written == [str(fa)]


def test_ctrl_c_keeps_finished_files_and_says_so(tmp_path, monkeypatch):
    fa, fb = two_packages(tmp_path)
    src_b = fb.read_bytes()
    want_a = fixed_by_engine(fa)
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    prompter = Scripted([Action.APPLY] * 4 + [KeyboardInterrupt])
    code = main_interactive([str(tmp_path)], Settings(), jobs=1, prompter=prompter, stdout=io.StringIO(), stderr=err)
    assert code == 130
    assert fa.read_bytes() == want_a and fb.read_bytes() == src_b
    msg = err.getvalue()
    assert "interrupted" in msg and "no file is half-written" in msg
    assert "the files already finished stay written (1): " + os.path.join("a", "httpclient.go") in msg


def test_ctrl_c_at_first_prompt_writes_nothing(tmp_path):
    d = sample(tmp_path)
    src = (d / "httpclient.go").read_bytes()
    err = io.StringIO()
    code = main_interactive([str(d)], Settings(), jobs=1, prompter=Scripted([KeyboardInterrupt]), stdout=io.StringIO(), stderr=err)
    assert code == 130 and (d / "httpclient.go").read_bytes() == src
    assert "nothing was written" in err.getvalue()


def test_sigint_is_held_back_while_writing():
    # a process started in the background may inherit SIGINT ignored: give
    # this test Python's usual handler, whatever the runner did
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        done = []
        with pytest.raises(KeyboardInterrupt):
            with interactive._sigint_held():
                os.kill(os.getpid(), signal.SIGINT)
                done.append("rest of the block ran")
        assert done == ["rest of the block ran"]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)


def test_summary_lists_findings_without_a_fix(tmp_path, monkeypatch):
    d = sample(tmp_path)
    monkeypatch.chdir(d)
    out = io.StringIO()
    code = main_interactive(["."], Settings(), jobs=1, prompter=Scripted([Action.APPLY] * 3), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert code == 1  # the report-only finding is left
    tail = text[text.index("Findings without a fix"):]
    assert "httpclient.go:86:13: LK101" in tail
    assert "LK101 unclosed-response-body: 3 applied, 0 skipped, 1 left" in tail
    assert "1 file written: httpclient.go" in tail


def test_select_and_ignore_apply(tmp_path):
    d = sample(tmp_path)
    src = (d / "httpclient.go").read_bytes()
    out = io.StringIO()
    code = main_interactive([str(d)], Settings(ignore=("LK101",)), jobs=1, prompter=Scripted([]), stdout=out, stderr=io.StringIO())
    assert code == 0 and "no findings" in out.getvalue() and (d / "httpclient.go").read_bytes() == src
    rev, prompter, _ = review([d], [Action.APPLY] * 3, settings=Settings(select=("LK1",)))
    assert len(prompter.asked) == 3


# ---- synthetic findings: overlaps, unsafe fixes, fixes across files ----------

GO = b"package p\n\nfunc f() {\n\tprintln(1)\n}\n\nfunc g() {\n\tprintln(2)\n}\n"


def finding(path: Path, line: int, edits, safety=Safety.SAFE, code="LK101") -> Finding:
    return Finding(code, "unclosed-response-body", str(path), line, 2, line, 3, f"leak at line {line}",
                   Fix("Add a statement", tuple(edits), safety))


def insert_after(src: bytes, anchor: bytes, text: bytes, path=None) -> Edit:
    at = src.index(anchor) + len(anchor)
    return Edit(at, at, text, path)


def package(*files: tuple[Path, list[Finding]]) -> PackageResult:
    return PackageResult(files=[FileResult(str(p), p.read_bytes(), None, fs) for p, fs in files])


def session(settings=Settings(), answers=()):
    prompter = Scripted(answers)
    out = io.StringIO()
    return Session(settings, prompter, out), prompter, out


def test_a_fix_that_no_longer_applies_is_skipped_with_a_note(tmp_path):
    p = tmp_path / "p.go"
    p.write_bytes(GO)
    one = finding(p, 4, [insert_after(GO, b"println(1)\n", b"\tprintln(10)\n")])
    clash = finding(p, 4, [insert_after(GO, b"println(1)\n", b"\tprintln(11)\n")])
    s, prompter, out = session(answers=[Action.APPLY])
    rev = s.run([package((p, [one, clash]))])
    assert len(prompter.asked) == 1
    assert p.read_bytes() == GO.replace(b"println(1)\n", b"println(1)\n\tprintln(10)\n")
    assert "fix skipped, no longer applies: edits overlap" in out.getvalue()
    assert [o.status for o in rev.outcomes] == ["applied", "left"]


def test_unsafe_fixes_only_with_the_flag_and_labelled(tmp_path):
    p = tmp_path / "p.go"
    p.write_bytes(GO)
    risky = finding(p, 4, [insert_after(GO, b"println(1)\n", b"\tprintln(10)\n")], Safety.UNSAFE)
    s, prompter, out = session()
    rev = s.run([package((p, [risky]))])
    assert prompter.asked == [] and p.read_bytes() == GO
    assert rev.outcomes[0].note == "unsafe fix; review it with --unsafe-fixes"
    risky.fix_note = None
    s, prompter, out = session(Settings(unsafe_fixes=True), [Action.APPLY])
    s.run([package((p, [risky]))])
    assert len(prompter.asked) == 1 and "[UNSAFE FIX]" in out.getvalue()
    assert b"println(10)" in p.read_bytes()


def test_a_fix_across_files_is_written_when_both_files_are_finished(tmp_path):
    a, b = tmp_path / "a.go", tmp_path / "b.go"
    a.write_bytes(GO)
    b_src = GO.replace(b"func f", b"func h").replace(b"func g", b"func k")
    b.write_bytes(b_src)
    # the fix of a finding in a.go also edits b.go; b.go has its own finding
    cross = finding(a, 4, [insert_after(GO, b"println(1)\n", b"\tprintln(10)\n"),
                           insert_after(b_src, b"println(2)\n", b"\tprintln(20)\n", str(b))])
    own = finding(b, 4, [insert_after(b_src, b"println(1)\n", b"\tprintln(30)\n")])
    s, prompter, out = session(answers=[Action.APPLY, Action.APPLY])
    prompter.watch = [a, b]
    rev = s.run([package((a, [cross]), (b, [own]))])
    # when b.go's finding is asked about, a.go is not written yet (its fix needs b.go)
    assert prompter.seen_on_disk[1] == {str(a): GO, str(b): b_src}
    assert b"println(10)" in a.read_bytes()
    assert b"println(20)" in b.read_bytes() and b"println(30)" in b.read_bytes()
    assert sorted(rev.written) == [str(a), str(b)]


def test_colored_diff():
    text = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n ctx\n"
    colored = interactive.colorize_diff(text)
    assert "\033[31m-old\033[0m\n" in colored and "\033[32m+new\033[0m\n" in colored
    assert " ctx\n" in colored


# ---- no terminal ------------------------------------------------------------------

def test_without_a_terminal_it_refuses_at_once(tmp_path):
    d = sample(tmp_path)
    err = io.StringIO()
    assert main_interactive([str(d)], Settings(), stdin=io.StringIO(), stdout=TTY(), stderr=err) == 2
    assert "needs a terminal" in err.getvalue()
    err = io.StringIO()
    assert main_interactive([str(d)], Settings(), stdin=TTY(), stdout=io.StringIO(), stderr=err) == 2
    assert "needs a terminal" in err.getvalue()


def test_cli_without_a_terminal_exits_2(tmp_path):
    d = sample(tmp_path)
    src = (d / "httpclient.go").read_bytes()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "gofixleaks", "--interactive", str(d)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and "--interactive needs a terminal" in proc.stderr
    assert (d / "httpclient.go").read_bytes() == src


def test_cli_interactive_is_exclusive_with_fix_and_json(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for extra in (["--fix"], ["--diff"], ["--format", "json"]):
        proc = subprocess.run([sys.executable, "-m", "gofixleaks", "-i", *extra, str(tmp_path)], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 2, extra


def test_skip_all_of_a_rule_wins_over_a_later_apply_all(tmp_path):
    p = tmp_path / "p.go"
    p.write_bytes(GO)
    first = finding(p, 4, [insert_after(GO, b"println(1)\n", b"\tprintln(10)\n")])
    other = finding(p, 5, [insert_after(GO, b"func f() {\n", b"\tprintln(11)\n")], code="LK999")
    last = finding(p, 8, [insert_after(GO, b"println(2)\n", b"\tprintln(20)\n")])
    s, prompter, out = session(answers=[Action.SKIP_RULE, Action.APPLY_ALL])
    rev = s.run([package((p, [first, other, last]))])
    assert len(prompter.asked) == 2
    assert [o.status for o in rev.outcomes] == ["skipped", "applied", "skipped"]
    assert p.read_bytes() == GO.replace(b"func f() {\n", b"func f() {\n\tprintln(11)\n")


def test_applied_fix_that_needs_a_module_runs_go_get(tmp_path, go):
    """An accepted LK301 fix needs golang-lru in go.mod, as with --fix."""
    root = Path(__file__).resolve().parent.parent
    (tmp_path / "go.mod").write_text("module example.com/cachey\n\ngo 1.22\n")
    shutil.copyfile(root / "golden" / "LK301" / "guide_get_client.go", tmp_path / "cache.go")
    out, err = io.StringIO(), io.StringIO()
    code = main_interactive(
        [str(tmp_path)], Settings(select=("LK301",), unsafe_fixes=True, preview=True), jobs=1,
        prompter=Scripted([Action.APPLY]), stdout=out, stderr=err,
    )
    assert code == 0, err.getvalue()
    assert "lru.New[string, *http.Client]" in (tmp_path / "cache.go").read_text()
    assert "github.com/hashicorp/golang-lru/v2" in (tmp_path / "go.mod").read_text()
    env = dict(os.environ, GOFLAGS="-mod=mod", GOWORK="off")
    build = subprocess.run(["go", "build", "./..."], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stderr
