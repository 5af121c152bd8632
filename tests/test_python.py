"""Python support end to end: discovery, outputs, suppression, configuration,
the version gate, --verify, bad input, and that Go-only runs never import libcst."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clihelp import ROOT, run

from gofixleaks.discovery import discover
from gofixleaks.lang.python import min_version, python_version_for

LEAKY = b"""def first_line(path):
    f = open(path)
    line = f.readline()
    f.close()
    return line
"""
FIXED = b"""def first_line(path):
    with open(path) as f:
        line = f.readline()
    return line
"""
TEST = b"""import m


def test_first(tmp_path):
    p = tmp_path / "x"
    p.write_text("a\\nb\\n")
    assert m.first_line(str(p)) == "a\\n"
"""


@pytest.fixture
def proj(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "m.py").write_bytes(LEAKY)
    return root


def test_report_diff_fix_and_second_run(proj):
    proc = run(["."], proj)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == [
        "m.py:2:9: PY101 the file from open() in `f` is closed, but not when an exception is raised before `f.close()` [*]"
    ]
    diff = run(["--diff", "."], proj)
    assert b"+    with open(path) as f:" in diff.stdout
    apply = subprocess.run(["git", "apply", "--check", "-"], cwd=proj, input=diff.stdout, capture_output=True)
    assert apply.returncode == 0, apply.stderr
    assert run(["--fix", "."], proj).returncode == 0
    assert (proj / "m.py").read_bytes() == FIXED
    again = run(["--fix", "."], proj)
    assert again.returncode == 0 and again.stdout == b"" and (proj / "m.py").read_bytes() == FIXED


def test_discovery_skips_what_ruff_skips(proj):
    for d in (".venv/lib", "venv", "__pycache__", "build", "dist", "site-packages", ".tox", "node_modules", "ignored"):
        (proj / d).mkdir(parents=True, exist_ok=True)
        (proj / d / "x.py").write_bytes(LEAKY)
    (proj / "_private").mkdir()
    (proj / "_private" / "kept.py").write_bytes(LEAKY)  # Go skips _dirs, Python does not
    (proj / "testdata").mkdir()
    (proj / "testdata" / "kept.py").write_bytes(LEAKY)
    (proj / ".gitignore").write_text("ignored/\n")
    found = discover([str(proj)], languages=frozenset({"go", "python"}))
    rel = sorted(os.path.relpath(p, proj) for ps in found.packages.values() for p in ps)
    assert rel == ["_private/kept.py", "m.py", "testdata/kept.py"]
    # Go alone: no Python file is even listed
    assert discover([str(proj)]).packages == {}


def test_mixed_directory_go_and_python(tmp_path):
    from clihelp import LEAKY as GO_LEAKY
    from clihelp import module

    root = module(tmp_path, {"leaky.go": GO_LEAKY, "tool.py": LEAKY})
    proc = run(["--format", "json", "."], root)
    codes = sorted((f["path"], f["code"]) for f in json.loads(proc.stdout))
    assert codes == [("leaky.go", "LK101"), ("tool.py", "PY101")]
    only_go = run(["--select", "LK", "--format", "json", "."], root)
    assert [f["code"] for f in json.loads(only_go.stdout)] == ["LK101"]
    only_py = run(["--select", "PY1", "--format", "json", "."], root)
    assert [f["code"] for f in json.loads(only_py.stdout)] == ["PY101"]


def test_sarif_and_github_outputs(proj):
    import jsonschema

    sarif = json.loads(run(["--format", "sarif", "."], proj).stdout)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "PY101"
    repl = result["fixes"][0]["artifactChanges"][0]["replacements"]
    data = bytearray(LEAKY)
    for r in sorted(repl, key=lambda r: -r["deletedRegion"]["byteOffset"]):
        off, n = r["deletedRegion"]["byteOffset"], r["deletedRegion"]["byteLength"]
        data[off : off + n] = r.get("insertedContent", {}).get("text", "").encode()
    assert bytes(data) == FIXED
    gh = run(["--format", "github", "."], proj).stdout.decode()
    assert gh.startswith("::warning file=m.py,line=2,col=9,") and "title=PY101" in gh


def test_suppression_and_per_file_ignores(proj):
    (proj / "m.py").write_bytes(LEAKY.replace(b"open(path)", b"open(path)  # noqa: PY101"))
    assert run(["."], proj).returncode == 0
    (proj / "m.py").write_bytes(LEAKY.replace(b"open(path)", b"open(path)  # gofixleaks: ignore[PY1]"))
    assert run(["."], proj).returncode == 0
    (proj / "m.py").write_bytes(LEAKY.replace(b"open(path)", b"open(path)  # noqa: E501"))
    assert run(["."], proj).returncode == 1
    (proj / "pyproject.toml").write_text('[tool.gofixleaks.per-file-ignores]\n"m.py" = ["PY101"]\n')
    assert run(["."], proj).returncode == 0


def test_syntax_error_skipped_with_reason(proj):
    (proj / "bad.py").write_bytes(b"def f(:\n    x = open('a')\n")
    proc = run(["--fix", "."], proj)
    assert b"bad.py: skipped: syntax error at 1:7" in proc.stderr
    assert (proj / "bad.py").read_bytes() == b"def f(:\n    x = open('a')\n"
    assert b"Traceback" not in proc.stderr


def test_generated_and_non_utf8_skipped(proj):
    (proj / "gen_pb2.py").write_bytes(b"# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n" + LEAKY)
    (proj / "latin.py").write_bytes(b"# \xe9\n" + LEAKY)
    proc = run(["--fix", "."], proj)
    err = proc.stderr.decode()
    assert "latin.py: skipped: not valid UTF-8" in err
    assert (proj / "gen_pb2.py").read_bytes().endswith(LEAKY)


def test_version_gate():
    assert min_version(">=3.8") == (3, 8)
    assert min_version(">=3.9, <4") == (3, 9)
    assert min_version("~=3.10") == (3, 10)
    assert min_version(">3.10") == (3, 11)
    assert min_version("*") is None
    assert python_version_for(str(ROOT / "gofixleaks")) == (3, 11)  # this project's own pyproject


def test_version_gate_changes_the_message(tmp_path):
    src = b"import asyncio\n\n\nasync def f(a):\n    asyncio.create_task(a())\n"
    for req, expect in ((">=3.8", False), (">=3.11", True)):
        d = tmp_path / req.strip(">=")
        d.mkdir()
        (d / "pyproject.toml").write_text(f'[project]\nname = "x"\nrequires-python = "{req}"\n')
        (d / "a.py").write_bytes(src)
        out = run(["--select", "PY201", "."], d).stdout.decode()
        assert ("TaskGroup" in out) == expect, out


def test_verify_runs_the_tests_and_reverts_when_they_break(proj):
    (proj / "test_m.py").write_bytes(TEST)
    ok = run(["--fix", "--verify", "--verify-cmd", f"{sys.executable} -m pytest -q -p no:cacheprovider test_m.py", "."], proj)
    assert ok.returncode == 0, ok.stderr
    assert b"verify: 1 fix verified, 0 reverted" in ok.stderr
    assert (proj / "m.py").read_bytes() == FIXED
    assert not list(proj.rglob("*.pyc")) or all("pytest" in str(p) or "test_m" in str(p) for p in proj.rglob("*.pyc"))
    # a "test suite" that passes on the original and fails on the fix: reverted
    (proj / "m.py").write_bytes(LEAKY)
    bad = run(["--fix", "--verify", "--verify-cmd", "! grep -q 'with open' m.py", "."], proj)
    assert b"fix reverted by --verify" in bad.stderr and b"1 reverted" in bad.stderr
    assert (proj / "m.py").read_bytes() == LEAKY
    # a suite already failing: written, counted unverified
    failing = run(["--fix", "--verify", "--verify-cmd", "false", "."], proj)
    assert b"1 unverified" in failing.stderr and (proj / "m.py").read_bytes() == FIXED


def test_verify_cmd_needs_verify(proj):
    proc = run(["--fix", "--verify-cmd", "true", "."], proj)
    assert proc.returncode == 2 and b"--verify-cmd needs --verify" in proc.stderr


def test_rules_listing_and_docs():
    proc = subprocess.run([sys.executable, "-m", "gofixleaks", "rules"], cwd=ROOT, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert b"PY101  unclosed-file" in proc.stdout and b"PY302" in proc.stdout
    from gofixleaks.registry import DOC_SECTIONS, RULES

    for rule in RULES:
        if rule.language == "python":
            for section in DOC_SECTIONS:
                assert f"## {section}" in rule.doc, (rule.code, section)


def test_go_only_runs_never_import_libcst(tmp_path):
    from clihelp import LEAKY as GO_LEAKY
    from clihelp import module

    root = module(tmp_path, {"leaky.go": GO_LEAKY, "helper.py": b"x = 1\n"})
    code = (
        "import sys\n"
        "from gofixleaks.cli import main\n"
        "rc = main(['--no-progress', '-q', '-j', '1', '.'])\n"
        "assert 'libcst' not in sys.modules, 'libcst imported'\n"
        "print('ok', rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.stdout.splitlines()[-1] == b"ok 1", proc.stderr


def test_fix_never_breaks_compilation(tmp_path):
    """A fix whose output would not compile is refused (here: the covered
    lines use tabs while the file's indent unit is spaces... made
    inconsistent on purpose)."""
    src = b"def f(p):\n    f = open(p)\n    if f:\n\tprint(f.read())\n"
    (tmp_path / "t.py").write_bytes(src)
    proc = run(["--fix", "."], tmp_path)
    # Python 3 rejects this input (TabError): skipped, never touched
    assert (tmp_path / "t.py").read_bytes() == src
    assert b"skipped" in proc.stderr


def test_without_libcst_python_files_are_skipped_with_the_reason(proj):
    """A Go-only install (no `python` extra): Python files are skipped with a
    one-line reason, never a traceback."""
    code = (
        "import sys, importlib.util\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'libcst' else real(name, *a)\n"
        "from gofixleaks.cli import main\n"
        "sys.exit(main(['--no-progress', '-j', '1', '--fix', '.']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=proj, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert b"m.py: skipped: libcst is not installed: pip install 'gofixleaks[python]'" in proc.stderr
    assert b"Traceback" not in proc.stderr and (proj / "m.py").read_bytes() == LEAKY


def test_interactive_review_of_python_fixes(tmp_path):
    """-i on Python files: the same session as for Go (scripted answers, the
    real Session): an applied fix writes what --fix writes, a skipped one
    leaves its code alone."""
    import io

    from test_interactive import Scripted

    from gofixleaks.engine import run as engine_run
    from gofixleaks.interactive import Action, Session
    from gofixleaks.settings import Settings

    two = LEAKY + b"\n\n" + LEAKY.replace(b"first_line", b"second_line")
    (tmp_path / "m.py").write_bytes(two)
    result = engine_run([str(tmp_path)], Settings(), jobs=1)
    prompter = Scripted([Action.APPLY, Action.SKIP])
    Session(Settings(), prompter, io.StringIO()).run(result.packages)
    assert len(prompter.asked) == 2
    assert "+    with open(path) as f:" in prompter.asked[0][1]
    assert (tmp_path / "m.py").read_bytes() == FIXED + b"\n\n" + LEAKY.replace(b"first_line", b"second_line")
