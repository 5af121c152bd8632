"""Run-time evidence: ``gofixleaks prove`` and ``--from-profile``.

Real parts only: the real Go toolchain runs the packages' real tests (with
GOEXPERIMENT=goroutineleakprofile), and the goroutine dumps are written by a
real Go program (tests/data/evidence/holder) run here, never by hand.  The
one fake is a ``go`` wrapper script on PATH standing for a Go without the
experiment (test_prove_without_the_experiment says how).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gofixleaks.evidence import markdown_section, prove
from gofixleaks.evidence.cli import _text

DATA = Path(__file__).resolve().parent / "data" / "evidence"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _gofixleaks(args, cwd, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "gofixleaks", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _by_place(items):
    return {(Path(d["path"]).as_posix(), d["line"]): d for d in items}


# ---- prove on a module whose tests leak -------------------------------------------

@pytest.fixture(scope="module")
def leaky(go, tmp_path_factory):
    """One prove run over tests/data/evidence/leaky (copied), shared by the tests below."""
    root = tmp_path_factory.mktemp("prove") / "leaky"
    shutil.copytree(DATA / "leaky", root)
    before = _snapshot(root)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        report = prove(["./..."], timeout=300)
    finally:
        os.chdir(cwd)
    return root, before, report


@pytest.mark.slow
def test_prove_shows_lk201_and_lk202_leaks_before_and_none_after(leaky):
    root, before, report = leaky
    assert report.problem is None, report.problem
    found = _by_place(report.to_json())
    lk201 = found[("stream.go", 16)]
    assert lk201["code"] == "LK201"
    ev = lk201["evidence"]
    assert (ev["leaked_before"], ev["leaked_after"], ev["test"]) == (5, 0, "TestFirstN"), ev
    assert ev["fix_applied"] is True
    assert "leaky.numbers.func1()" in ev["stack"] and "created by example.com/leaky.numbers" in ev["stack"]
    assert re.search(r"stream\.go:16 \+0x", ev["stack"]), ev["stack"]  # the go statement

    lk202 = found[("stream.go", 43)]
    ev = lk202["evidence"]
    assert lk202["code"] == "LK202"
    assert (ev["leaked_before"], ev["leaked_after"], ev["test"]) == (4, 0, "TestLookupTimeout"), ev
    assert ev["tests"] == {"TestLookupTimeout": 4}  # TestLookupAnswers leaks nothing
    assert ev["blocked_forever"] == 4 and "[chan send (leaked)]" in ev["stack"]


@pytest.mark.slow
def test_prove_never_writes_the_users_tree(leaky):
    root, before, _report = leaky
    assert _snapshot(root) == before


@pytest.mark.slow
def test_prove_with_the_packages_own_testmain(leaky):
    """ownmain has a TestMain (which starts a goroutine of its own, not a
    test's: not counted); the dump comes from a last test instead."""
    _root, _before, report = leaky
    ev = _by_place(report.to_json())[("ownmain/watch.go", 8)]["evidence"]
    assert (ev["leaked_before"], ev["leaked_after"], ev["test"]) == (3, 0, "TestWatch"), ev
    own = [pk for pk in report.packages if pk.directory.endswith("ownmain") and pk.status == "ok"]
    assert own and "own TestMain" in own[0].mode


@pytest.mark.slow
def test_prove_reports_leaks_of_failing_tests_without_counting_them(leaky):
    _root, _before, report = leaky
    found = _by_place(report.to_json())
    failing = found[("failing/fail.go", 7)]
    assert failing["evidence"] is None
    assert "TestFetchBroken" in failing["evidence_note"] and "not counted" in failing["evidence_note"]
    assert any(pk.status == "tests failed" and "TestFetchBroken" in pk.message for pk in report.packages)
    # a finding no test reaches stays unproven
    pump = found[("stream.go", 57)]
    assert pump["evidence"] is None and "no test" in pump["evidence_note"]


@pytest.mark.slow
def test_prove_text_report_and_markdown_section(leaky):
    import io

    _root, _before, report = leaky
    buf = io.StringIO()
    _text(report, buf)
    text = buf.getvalue()
    assert "proven: 5 goroutines leaked by TestFirstN before the fix, 0 after" in text
    assert "proven: 4 goroutines leaked by TestLookupTimeout before the fix, 0 after" in text

    md = markdown_section(report.to_json())
    assert "- **LK201** `stream.go:16`: proven: 5 goroutines leaked by TestFirstN before this change, 0 after." in md
    assert "- **LK202** `ownmain/watch.go:8`: proven: 3 goroutines leaked by TestWatch before this change, 0 after." in md
    assert "failing/fail.go" not in md  # no evidence, no line
    assert md.count("<details>") == 3 and md.count("```text") == 3
    assert markdown_section(report.proofs) == md  # Proof values work too
    assert str(_root) in md
    rooted = markdown_section(report.to_json(), root=str(_root))
    assert str(_root) not in rooted and "\tstream.go:16 +0x" in rooted
    assert markdown_section([]) == ""


@pytest.mark.slow
def test_prove_cli_json_and_exit_status(go, tmp_path):
    root = tmp_path / "leaky"
    shutil.copytree(DATA / "leaky", root)
    proc = _gofixleaks(["prove", "--format", "json", "ownmain"], cwd=root)
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [(i["code"], i["evidence"]["leaked_before"], i["evidence"]["leaked_after"]) for i in items] == [("LK202", 3, 0)]
    assert "1 shown leaking by the tests; 1 gone after the fix" in proc.stderr


@pytest.mark.slow
def test_prove_stops_a_package_at_its_timeout(go, tmp_path):
    root = tmp_path / "hang"
    shutil.copytree(DATA / "hang", root)
    proc = _gofixleaks(["prove", "--timeout", "5", "--format", "json", "."], cwd=root)
    assert proc.returncode == 0, proc.stderr
    (item,) = json.loads(proc.stdout)
    assert item["evidence"] is None and "timeout" in item["evidence_note"], item
    assert "timeout" in proc.stderr and "Traceback" not in proc.stderr


# ---- a Go without the experiment --------------------------------------------------

_FAKE_OLD = """#!/bin/sh
echo "$*" >> "{log}"
if [ "$1" = env ] && [ "$2" = GOVERSION ]; then echo go1.25.5; exit 0; fi
exec "{real}" "$@"
"""
_FAKE_REJECTS = """#!/bin/sh
echo "$*" >> "{log}"
case ",$GOEXPERIMENT," in *,goroutineleakprofile,*)
  echo "go: unknown GOEXPERIMENT goroutineleakprofile" >&2; exit 2;;
esac
exec "{real}" "$@"
"""


@pytest.mark.parametrize(
    ("script", "expect"),
    [(_FAKE_OLD, "go1.25.5 has no goroutine leak profile"), (_FAKE_REJECTS, "does not accept GOEXPERIMENT=goroutineleakprofile")],
    ids=["go1.25", "experiment-rejected"],
)
def test_prove_without_the_experiment(go, tmp_path, script, expect):
    """Simulated with a ``go`` wrapper script first on PATH: either it reports
    go1.25.5 for ``go env GOVERSION`` (an older Go), or it fails like a Go
    that does not know the experiment (``go: unknown GOEXPERIMENT ...``, the
    real message of an unknown experiment) whenever GOEXPERIMENT names it;
    everything else goes to the real go."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "calls.log"
    fake = bindir / "go"
    fake.write_text(script.format(log=log, real=go))
    fake.chmod(0o755)
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
    root = tmp_path / "leaky"
    shutil.copytree(DATA / "leaky", root)
    proc = _gofixleaks(["prove", "--format", "json", "./..."], cwd=root, env=env)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count(expect) == 1, proc.stderr  # said once, not per package
    items = json.loads(proc.stdout)
    assert len(items) == 5 and all(i["evidence"] is None for i in items)
    calls = log.read_text().splitlines()
    assert calls and not any(c.startswith(("test", "list")) for c in calls), calls  # nothing run


# ---- --from-profile: dumps written by a real program ----------------------------------

@pytest.fixture(scope="module")
def holder(go, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("holder")
    root = tmp / "holder"
    shutil.copytree(DATA / "holder", root)
    dump = tmp / "goroutine.txt"
    subprocess.run([go, "run", ".", str(dump)], cwd=root, check=True, capture_output=True, timeout=600)
    return root, dump


def _created_by(dump: str, function: str) -> int:
    return len(re.findall(rf"^created by main\.{function} in goroutine", dump, re.M))


def test_from_profile_ranks_findings_by_goroutines_held(holder):
    root, dump = holder
    text = dump.read_text()
    proc = _gofixleaks(["--from-profile", str(dump), "--format", "json", "."], cwd=root)
    assert proc.returncode == 1, proc.stderr
    items = json.loads(proc.stdout)
    got = [(i["line"], i["evidence"]["goroutines"]) for i in items]
    # file order is fetch (17), lookup (31), numbers (46); the dump holds 2, 6 and 3
    expected = {17: _created_by(text, "fetch"), 31: _created_by(text, "lookup"), 46: _created_by(text, "numbers")}
    assert expected == {17: 2, 31: 6, 46: 3}
    assert got == [(31, 6), (46, 3), (17, 2)]
    assert "main.lookup.func1()" in items[0]["evidence"]["stack"]
    assert items[0]["evidence"]["profiles"] == {str(dump): 6}


def test_from_profile_text_and_only_evidence(holder):
    root, dump = holder
    proc = _gofixleaks(["--from-profile", str(dump), "--from-profile", str(dump), "--only-evidence", "."], cwd=root)
    assert proc.returncode == 1, proc.stderr
    blocks = re.findall(r"^main\.go:(\d+):\d+: (LK\d+) .*\n  (\d+) goroutines in the profile", proc.stdout, re.M)
    assert blocks == [("31", "LK202", "12"), ("46", "LK201", "6"), ("17", "LK202", "4")]  # each dump counted
    assert "created by main.lookup in goroutine" in proc.stdout


@pytest.mark.slow
def test_from_profile_reads_the_goroutineleak_profile(go, holder, tmp_path):
    """The goroutineleak profile in its debug=1 form (no creation sites: the
    goroutine's entry function is matched to the go statement's literal)."""
    root, _dump = holder
    leak = tmp_path / "leak.txt"
    env = dict(os.environ, GOEXPERIMENT="goroutineleakprofile")
    subprocess.run([go, "run", ".", str(tmp_path / "all.txt"), str(leak)], cwd=root, env=env, check=True, capture_output=True, timeout=600)
    text = leak.read_text()
    assert text.startswith("goroutineleak profile: total")
    held = {}
    for count, func in re.findall(r"^(\d+) @.*\n#\s+0x[0-9a-f]+\s+main\.(\w+)\.func1\+", text, re.M):
        held[func] = held.get(func, 0) + int(count)
    assert held.get("numbers") == 3, text  # endless producers are always caught
    proc = _gofixleaks(["--from-profile", str(leak), "--only-evidence", "--format", "json", "."], cwd=root)
    items = json.loads(proc.stdout)
    line_of = {17: "fetch", 31: "lookup", 46: "numbers"}
    got = [(line_of[i["line"]], i["evidence"]["goroutines"], i["evidence"]["blocked_forever"]) for i in items]
    assert got == sorted(((f, n, n) for f, n in held.items()), key=lambda x: -x[1])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x1f\x8b\x08\x00binary", "binary (gzip/protobuf) pprof profile"),
        (b"", "no goroutine in it"),
        (b"hello\nworld\n", "no goroutine in it"),
        (None, "No such file or directory"),
    ],
    ids=["gzip", "empty", "text", "missing"],
)
def test_from_profile_bad_files(tmp_path, content, message):
    (tmp_path / "x.go").write_text("package x\n")
    dump = tmp_path / "dump.txt"
    if content is not None:
        dump.write_bytes(content)
    proc = _gofixleaks(["--from-profile", str(dump), "."], cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len([ln for ln in proc.stderr.splitlines() if ln.startswith("gofixleaks: error")]) == 1


def test_only_evidence_needs_a_profile(tmp_path):
    proc = _gofixleaks(["--only-evidence", "."], cwd=tmp_path)
    assert proc.returncode == 2 and "--only-evidence needs --from-profile" in proc.stderr


# ---- the test marks (added through the overlay, never written) -----------------------

def test_mark_tests_keeps_every_line_where_it_was():
    from gofixleaks.evidence.gorun import mark_tests

    src = (
        b"package p\r\n\r\nimport \"testing\"\r\n\r\n"
        b"func TestA(t *testing.T) {\r\n\tt.Log(1)\r\n}\r\n"
        b"func TestB(tt *testing.T) { // comment\n}\n"
        b"func Testable(t *testing.T) {\n}\n"  # not a test: lower case after Test
        b"func TestC(_ *testing.T) {\n}\n"  # no name to pass
        b"func TestD(t *testing.T) { t.Log(2) }\n"  # one-liner: left alone
        b"func BenchmarkE(b *testing.B) {\n}\n"
    )
    out = mark_tests(src)
    assert out.count(b"\n") == src.count(b"\n") and out.count(b"\r\n") == src.count(b"\r\n")
    assert b"func TestA(t *testing.T) { gofixleaksProveMark(t);\r\n" in out
    assert b"func TestB(tt *testing.T) { gofixleaksProveMark(tt);// comment\n" in out
    assert out.count(b"gofixleaksProveMark") == 2


@pytest.mark.parametrize("mode", ["--fix", "--diff", "--format=sarif"])
def test_from_profile_only_reports(holder, mode):
    root, dump = holder
    before = _snapshot(root)
    proc = _gofixleaks(["--from-profile", str(dump), mode, "."], cwd=root)
    assert proc.returncode == 2 and "--from-profile only reports" in proc.stderr
    assert _snapshot(root) == before
