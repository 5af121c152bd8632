"""The command line, end to end through the real entry points."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gofixleaks.cli import main

ROOT = Path(__file__).resolve().parent.parent
LEAKY = b"""package leaky

import "net/http"

func Status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
"""
FIXED = LEAKY.replace(b"\t}\n\treturn resp", b"\t}\n\tdefer resp.Body.Close()\n\treturn resp")
CLEAN = b"package clean\n\nfunc F() int { return 1 }\n"


def cli(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gofixleaks", *args], cwd=cwd, env=env, capture_output=True)


@pytest.fixture
def mod(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "leaky.go").write_bytes(LEAKY)
    return tmp_path


def test_report_format_and_exit_codes(mod):
    proc = cli(".", cwd=mod)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == [
        "leaky.go:6:15: LK101 the body of the response from http.Get is never closed; the connection and its goroutines leak [*]"
    ]
    assert b"1 files scanned" in proc.stderr and b"1 finding" in proc.stderr
    (mod / "leaky.go").write_bytes(CLEAN)
    proc = cli(".", cwd=mod)
    assert proc.returncode == 0 and proc.stdout == b""


def test_usage_errors_exit_2(mod):
    assert cli("--no-such-flag", cwd=mod).returncode == 2
    proc = cli("does-not-exist", cwd=mod)
    assert proc.returncode == 2 and b"no such file or directory" in proc.stderr
    proc = cli("--select", "XX9", ".", cwd=mod)
    assert proc.returncode == 2 and b"unknown rule code" in proc.stderr


def test_fix_writes_and_keeps_mode(mod):
    path = mod / "leaky.go"
    os.chmod(path, 0o640)
    proc = cli("--fix", ".", cwd=mod)
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert b"1 fixes applied, 1 files changed" in proc.stderr
    assert not [p for p in mod.iterdir() if p.name.startswith(".gofixleaks-")], "temp file left behind"
    # second run: nothing to do
    proc = cli("--fix", ".", cwd=mod)
    assert proc.returncode == 0 and path.read_bytes() == FIXED


@pytest.mark.parametrize("variant", ["lf", "crlf", "no-final-newline", "crlf-no-final-newline"])
def test_diff_is_accepted_by_git_apply(mod, variant):
    data = LEAKY
    if "crlf" in variant:
        data = data.replace(b"\n", b"\r\n")
    if "no-final-newline" in variant:
        data = data.rstrip(b"\r\n")
    (mod / "leaky.go").write_bytes(data)
    subprocess.run(["git", "init", "-q"], cwd=mod, check=True)
    proc = cli("--diff", "leaky.go", cwd=mod)
    assert proc.returncode == 1
    patch = proc.stdout
    assert patch.startswith(b"--- a/leaky.go\n+++ b/leaky.go\n")
    assert (mod / "leaky.go").read_bytes() == data, "--diff must not write"
    if "no-final-newline" in variant:
        # the last line "}" is context of the hunk, so the marker must follow it
        assert patch.endswith(b" }\n\\ No newline at end of file\n")
    check = subprocess.run(["git", "apply", "--check", "-"], cwd=mod, input=patch, capture_output=True)
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", "-"], cwd=mod, input=patch, check=True)
    fixed = FIXED.replace(b"\n", b"\r\n") if "crlf" in variant else FIXED
    if "no-final-newline" in variant:
        fixed = fixed.rstrip(b"\r\n")
    assert (mod / "leaky.go").read_bytes() == fixed


def test_diff_marks_missing_final_newline_when_last_line_changes(tmp_path):
    from gofixleaks.diff import unified_diff

    patch = unified_diff("x.go", b"a\nb", b"a\nc")
    assert patch.endswith("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
    (tmp_path / "x.go").write_bytes(b"a\nb")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=patch.encode(), check=True)
    assert (tmp_path / "x.go").read_bytes() == b"a\nc"


def test_json_schema(mod):
    proc = cli("--format", "json", ".", cwd=mod)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert data == [
        {
            "code": "LK101",
            "name": "unclosed-response-body",
            "path": "leaky.go",
            "line": 6,
            "column": 15,
            "end_line": 6,
            "end_column": 28,
            "message": "the body of the response from http.Get is never closed; the connection and its goroutines leak",
            "fix": {"title": "Add defer resp.Body.Close()", "safety": "safe", "applied": False},
        }
    ]
    proc = cli("--format", "json", "--fix", ".", cwd=mod)
    assert json.loads(proc.stdout)[0]["fix"]["applied"] is True
    assert proc.returncode == 0


def test_select_and_ignore(mod):
    assert cli("--ignore", "LK101", ".", cwd=mod).returncode == 0
    assert cli("--ignore", "LK1", ".", cwd=mod).returncode == 0
    assert cli("--select", "LK1", ".", cwd=mod).returncode == 1
    assert cli("--select", "LK101", "--ignore", "LK101", ".", cwd=mod).returncode == 0


@pytest.mark.parametrize(
    "comment,suppressed",
    [
        ("//nolint:gofixleaks", True),
        ("//nolint", True),
        ("//nolint:errcheck", False),
        ("//nolint:LK101,errcheck // a reason", True),
        ("//nolint:unclosed-response-body", True),
        ("// nolint", False),  # golangci-lint: not a directive
        ("// nolint:LK101", False),
        ("//gofixleaks:ignore LK101", True),
        ("//gofixleaks:ignore", True),
        ("//gofixleaks:ignore LK102", False),
    ],
)
@pytest.mark.parametrize("where", ["same-line", "line-above"])
def test_suppression_comments(mod, comment, suppressed, where):
    lines = LEAKY.decode().splitlines(keepends=True)
    i = next(i for i, l in enumerate(lines) if "http.Get" in l)
    if where == "same-line":
        lines[i] = lines[i].rstrip("\n") + " " + comment + "\n"
    else:
        lines.insert(i, "\t" + comment + "\n")
    (mod / "leaky.go").write_text("".join(lines))
    assert cli(".", cwd=mod).returncode == (0 if suppressed else 1)


def test_rules_and_rule_commands():
    proc = cli("rules")
    assert proc.returncode == 0 and b"LK101  unclosed-response-body" in proc.stdout
    proc = cli("rule", "lk101")
    assert proc.returncode == 0
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety", "## References"):
        assert section.encode() in proc.stdout
    assert cli("rule", "LK999").returncode == 2


def test_main_returns_int_in_process(mod, capsys, monkeypatch):
    monkeypatch.chdir(mod)
    assert main(["."]) == 1
    out = capsys.readouterr()
    assert "LK101" in out.out and "finding" in out.err


def test_discovery_skips_vendor_testdata_hidden_generated_and_gitignored(mod):
    for d in ("vendor", "testdata", ".hidden", "_build", "ignored", "sub"):
        (mod / d).mkdir()
        (mod / d / "x.go").write_bytes(LEAKY)
    (mod / "gen.go").write_bytes(b"// Code generated by tool. DO NOT EDIT.\n\n" + LEAKY.replace(b"package leaky", b"package leaky", 1))
    (mod / ".gitignore").write_text("ignored/\n")
    subprocess.run(["git", "init", "-q"], cwd=mod, check=True)
    proc = cli(".", cwd=mod)
    files = sorted({line.split(":")[0] for line in proc.stdout.decode().splitlines()})
    assert files == ["leaky.go", "sub/x.go"]
    assert b"generated" in proc.stderr
    # named explicitly: checked
    proc = cli("vendor", cwd=mod)
    assert proc.stdout.decode().startswith("vendor/x.go:")
    # dir/... pattern
    proc = cli("./sub/...", cwd=mod)
    assert proc.stdout.decode().startswith("sub/x.go:")


def test_bad_file_does_not_stop_the_run(mod):
    (mod / "broken.go").write_bytes(b'package leaky\n\nimport "net/http"\n\nfunc F( {\n')
    (mod / "bin.go").write_bytes(b"\x00\x01\x02net/http")
    proc = cli(".", cwd=mod)
    assert proc.returncode == 1
    assert b"leaky.go:6:15" in proc.stdout
    assert b"broken.go: skipped: syntax error" in proc.stderr
    assert b"bin.go: skipped: binary file" in proc.stderr


def test_parallel_and_serial_agree(tmp_path):
    for i in range(12):
        d = tmp_path / f"p{i}"
        d.mkdir()
        (d / "a.go").write_bytes(LEAKY)
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    one = cli("-j", "1", ".", cwd=tmp_path)
    two = cli("-j", "2", ".", cwd=tmp_path)
    assert one.stdout == two.stdout and one.stdout.count(b"LK101") == 12


def test_dot_import_and_blank_import_do_not_confuse(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    (tmp_path / "a.go").write_bytes(
        b'package a\n\nimport (\n\t_ "net/http"\n)\n\ntype c struct{}\n\nfunc (c) Get(string) (*struct{ Body int }, error) { return nil, nil }\n\n'
        b"func F() int {\n\thttp := c{}\n\tresp, err := http.Get(\"u\")\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.Body\n}\n"
    )
    assert cli(".", cwd=tmp_path).returncode == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_python_dash_m_and_version():
    proc = cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith(b"gofixleaks ")


def test_summary_fixable_count_matches_what_fix_applies(tmp_path):
    import re

    shutil.copytree(ROOT / "examples" / "leaky", tmp_path / "leaky")
    check = cli(".", cwd=tmp_path / "leaky").stderr.decode()
    diff = cli("--diff", ".", cwd=tmp_path / "leaky").stderr.decode()
    fixable = int(re.search(r"(\d+) fixable with --fix", check).group(1))
    in_diff = int(re.search(r"(\d+) fixes in the diff", diff).group(1))
    unsafe = int(re.search(r"(\d+) more with --unsafe-fixes", check).group(1))
    assert fixable == in_diff and unsafe > 0
