"""Command-line habits of ruff and golangci-lint users (issue 14): one test per
defect and per option, through the real command line (``python -m gofixleaks``
on this tree, real git repositories, the real Go toolchain and module proxy)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clihelp import FIXED, GO_MOD, LEAKY, ROOT, module, run
from gofixleaks import cli
from gofixleaks.registry import RULES
from gofixleaks.ruleinfo import missing

CLEAN = b"package leaky\n\nfunc F() int { return 1 }\n"
LINE = 9  # the http.Get line of LEAKY


def git(root: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def sub(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """A subcommand (``rules``, ``rule``): the first argument, no options before it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gofixleaks", *args], cwd=cwd, env=env, capture_output=True, timeout=300)


def repo(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A real git repository holding a Go module, everything committed."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "go.mod").write_bytes(GO_MOD)
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    return root


# ---- defects -----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0", "-3", "x"])
def test_jobs_must_be_positive(tmp_path, value):
    root = module(tmp_path, {"a.go": LEAKY})
    proc = run(["--jobs", value, "."], root)
    assert proc.returncode == 2 and b"-j/--jobs" in proc.stderr and b"Traceback" not in proc.stderr


def test_subcommand_wins_over_a_directory_and_check_reaches_it(tmp_path):
    root = module(tmp_path, {"rules/a.go": LEAKY.replace(b"package leaky", b"package rules")})
    table = sub(["rules"], root)
    assert table.returncode == 0 and b"LK101  unclosed-response-body" in table.stdout
    assert b"note: 'rules' is the rules command; to check the directory rules/, run 'gofixleaks check rules'" in table.stderr
    for args in (["check", "rules"], ["./rules"], ["check", "--select", "LK101", "rules"]):
        proc = sub(args, root)
        assert proc.returncode == 1, args
        assert proc.stdout.decode().startswith(os.path.join("rules", "a.go") + f":{LINE}:"), args
    data = json.loads(sub(["rules", "--format", "json"], root).stdout)
    assert [r["code"] for r in data] == [r.code for r in RULES]
    one = json.loads(sub(["rule", "unclosed-rows", "--format", "json"], root).stdout)
    assert one["code"] == "LK105" and "## What it does" in one["doc"]
    assert sub(["check"], root).returncode == 1  # no path: "."
    assert sub(["rule"], root).returncode == 2
    assert sub(["--no-progress", "rules"], root).returncode == 1  # an option first: the bare form, "rules" is a path


def test_subcommand_not_installed_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setitem(cli.SUBCOMMANDS, "bot", "gofixleaks.no_such_module_for_test")
    assert cli.main(["bot", "--help"]) == 2
    err = capsys.readouterr().err
    assert "the 'bot' command is not part of this version of gofixleaks" in err and "Traceback" not in err


def test_rules_show_fix_safety_and_go_gate(tmp_path):
    assert missing() == []
    out = sub(["rules"], tmp_path).stdout.decode().splitlines()
    lk102 = next(i for i, line in enumerate(out) if line.startswith("LK102"))
    assert "safe (go < 1.23)" in out[lk102]
    assert out[lk102 + 1].strip().startswith("Go: go >= 1.23")
    assert "report only" in next(line for line in out if line.startswith("LK302"))
    assert "# LK303 finalizer-misuse" in sub(["rule", "LK303"], tmp_path).stdout.decode()


def test_select_and_ignore_accept_rule_names(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    assert run(["--select", "unclosed-response-body", "."], root).returncode == 1
    assert run(["--select", "unclosed-file", "."], root).returncode == 0
    assert run(["--ignore", "unclosed-response-body,LK2", "."], root).returncode == 0
    bad = run(["--select", "unclosed-body", "."], root)
    assert bad.returncode == 2 and b"unknown rule code, prefix or name: 'unclosed-body'" in bad.stderr
    (root / "gofixleaks.toml").write_text('ignore = ["unclosed-response-body"]\n')
    assert run(["."], root).returncode == 0


def test_diff_of_a_path_with_spaces_applies_with_patch(tmp_path):
    root = module(tmp_path, {"my dir/a b.go": LEAKY})
    proc = run(["--diff", "."], root)
    assert proc.returncode == 1
    headers = [line for line in proc.stdout.decode().splitlines() if line.startswith(("---", "+++"))]
    assert headers == ["--- a/my dir/a b.go\t", "+++ b/my dir/a b.go\t"]
    patch = subprocess.run(["patch", "-p1"], cwd=root, input=proc.stdout, capture_output=True)
    assert patch.returncode == 0, patch.stdout + patch.stderr
    assert (root / "my dir" / "a b.go").read_bytes() == FIXED


def test_no_go_mod_says_once_what_is_assumed(tmp_path):
    (tmp_path / ".git").mkdir()
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.go").write_bytes(LEAKY)
    proc = run(["x", "y"], tmp_path)
    notes = [line for line in proc.stderr.decode().splitlines() if "no go.mod" in line]
    assert len(notes) == 1 and "no go.mod found for x (and 1 more)" in notes[0] and "LK102: go >= 1.23" in notes[0]
    root = module(tmp_path, {"a.go": LEAKY})
    assert b"no go.mod" not in run(["."], root).stderr
    # modules below a directory without go.mod: nothing assumed
    (tmp_path / "x" / "a.go").unlink()
    (tmp_path / "y" / "a.go").unlink()
    (tmp_path / "x" / "go.mod").write_bytes(GO_MOD)
    (tmp_path / "x" / "a.go").write_bytes(LEAKY)
    assert b"no go.mod" not in run(["x", "y"], tmp_path).stderr


def test_fix_warns_about_files_with_uncommitted_changes(tmp_path):
    second = LEAKY.replace(b"package leaky", b"package other")
    root = repo(tmp_path, {"a/a.go": LEAKY, "b/b.go": second, "c/c.go": LEAKY.replace(b"package leaky", b"package c")})
    (root / "a" / "a.go").write_bytes(LEAKY + b"\n// my edit\n")  # unstaged
    (root / "c" / "c.go").write_bytes(LEAKY.replace(b"package leaky", b"package c") + b"// staged\n")
    git(root, "add", "c/c.go")
    (root / "d").mkdir()
    (root / "d" / "d.go").write_bytes(LEAKY.replace(b"package leaky", b"package d"))  # untracked
    proc = run(["--fix", "."], root)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.decode().splitlines() if "uncommitted changes" in line]
    assert len(warnings) == 1
    names = warnings[0].rsplit(": ", 1)[1].split(", ")
    assert names == [os.path.join("a", "a.go"), os.path.join("c", "c.go"), os.path.join("d", "d.go")]
    assert (root / "b" / "b.go").read_bytes() == FIXED.replace(b"package leaky", b"package other")  # fixed, not named
    # a clean tree: no warning
    git(root, "add", "-A")
    git(root, "commit", "-qm", "fixed")
    (root / "a" / "a.go").write_bytes(LEAKY)
    git(root, "commit", "-qam", "leak again")
    assert b"uncommitted" not in run(["--fix", "."], root).stderr


def test_config_file_with_the_tool_table(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    (root / "other.toml").write_text('[tool.gofixleaks]\nignore = ["LK101"]\n')
    assert run(["--config", "other.toml", "."], root).returncode == 0
    (root / "mixed.toml").write_text('select = ["LK1"]\n[tool.gofixleaks]\nignore = ["LK101"]\n')
    proc = run(["--config", "mixed.toml", "."], root)
    assert proc.returncode == 2 and b"holds a [tool.gofixleaks] table and other keys (select)" in proc.stderr
    (root / "tool.toml").write_text('[tool.black]\nline-length = 1\n')
    proc = run(["--config", "tool.toml", "."], root)
    assert proc.returncode == 2 and b"a [tool.gofixleaks] table is read from pyproject.toml" in proc.stderr


def test_lk301_requirement_is_direct_and_go_mod_tidy_changes_nothing(go, tmp_path):
    """A real `go get` and a real `go mod tidy` (module proxy): after --fix,
    tidy changes neither go.mod nor go.sum."""
    cache = b"""package p

import (
\t"context"

\t"golang.org/x/sync/errgroup"
)

var lengths = make(map[string]int)

func Len(s string) int {
\tif n, ok := lengths[s]; ok {
\t\treturn n
\t}
\tlengths[s] = len(s)
\treturn len(s)
}

func Group(ctx context.Context) (*errgroup.Group, context.Context) { return errgroup.WithContext(ctx) }
"""
    root = module(tmp_path, {"p/p.go": cache})
    env = dict(os.environ, GOFLAGS="-mod=mod", GOWORK="off")
    subprocess.run([go, "get", "golang.org/x/sync@v0.10.0"], cwd=root, env=env, check=True, capture_output=True)
    subprocess.run([go, "mod", "tidy"], cwd=root, env=env, check=True, capture_output=True)
    proc = run(["--fix", "--unsafe-fixes", "--preview", "--select", "LK301", "."], root)
    assert proc.returncode == 0, proc.stderr
    gomod, gosum = (root / "go.mod").read_text(), (root / "go.sum").read_text()
    assert "github.com/hashicorp/golang-lru/v2 v2.0.7" in gomod and "// indirect" not in gomod
    subprocess.run([go, "mod", "tidy"], cwd=root, env=env, check=True, capture_output=True)
    assert (root / "go.mod").read_text() == gomod
    assert (root / "go.sum").read_text() == gosum
    subprocess.run([go, "build", "./..."], cwd=root, env=env, check=True, capture_output=True)


# ---- options ------------------------------------------------------------------------

def test_statistics(tmp_path):
    unsafe = b"package q\n\nvar lengths = make(map[string]int)\n\nfunc Len(s string) int {\n\tif n, ok := lengths[s]; ok {\n\t\treturn n\n\t}\n\tlengths[s] = len(s)\n\treturn len(s)\n}\n"
    root = module(tmp_path, {"a.go": LEAKY, "b/b.go": LEAKY.replace(b"package leaky", b"package b"), "q/q.go": unsafe})
    proc = run(["--statistics", "--preview", "."], root)  # LK301 is preview as a whole
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    assert lines[0] == "2  LK101  unclosed-response-body  (2 fixable)"
    assert lines[1] == "1  LK301  unbounded-map-cache     (1 with --unsafe-fixes)"
    rows = json.loads(run(["--statistics", "--format", "json", "."], root).stdout)
    assert rows[0] == {"code": "LK101", "name": "unclosed-response-body", "count": 2, "fixable": 2, "unsafe_fixable": 0, "fixed": 0}
    fixed = run(["--statistics", "--fix", "."], root).stdout.decode()
    assert "2  LK101  unclosed-response-body  (2 fixed)" in fixed
    assert run(["--statistics", "--format", "sarif", "."], root).returncode == 2


def test_exit_zero(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    proc = run(["--exit-zero", "."], root)
    assert proc.returncode == 0 and b"LK101" in proc.stdout
    assert run(["--exit-zero", "missing"], root).returncode == 2


def test_output_file(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    proc = run(["--format", "json", "--output-file", "out/report.json", "."], root)
    assert proc.returncode == 2 and b"no such directory" in proc.stderr
    (root / "out").mkdir()
    proc = run(["--format", "json", "--output-file", "out/report.json", "--color", "always", "."], root)
    assert proc.returncode == 1 and proc.stdout == b""
    assert json.loads((root / "out" / "report.json").read_text())[0]["code"] == "LK101"
    run(["--output-file", "out/report.txt", "--color", "always", "."], root)
    assert "\033[" not in (root / "out" / "report.txt").read_text()  # a report file is never coloured


def test_show_fixes(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    out = run(["--show-fixes", "."], root).stdout.decode()
    assert "    fix (safe): Add defer resp.Body.Close()\n" in out
    assert "    +\tdefer resp.Body.Close()\n" in out
    assert (root / "a.go").read_bytes() == LEAKY
    out = run(["--show-fixes", "--fix", "."], root).stdout.decode()
    assert out.endswith("Fixed 1 finding:\n- a.go:\n    1 × LK101 (unclosed-response-body)\n")
    assert run(["--show-fixes", "--format", "json", "."], root).returncode == 2


def test_stdin_filename(tmp_path):
    root = module(tmp_path, {"pkg/other.go": b"package leaky\n"})
    proc = run(["--stdin-filename", "pkg/a.go", "-"], root, stdin=LEAKY)
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith(f"pkg/a.go:{LINE}:15: LK101 ")
    assert not (root / "pkg" / "a.go").exists()
    fixed = run(["--fix", "--stdin-filename", "pkg/a.go", "-"], root, stdin=LEAKY)
    assert fixed.returncode == 0 and fixed.stdout == FIXED
    assert b"pkg/a.go:9:15: LK101" in fixed.stderr and b"(fixed)" in fixed.stderr
    assert run(["--fix", "--stdin-filename", "pkg/a.go", "-"], root, stdin=CLEAN).stdout == CLEAN
    diff = run(["--diff", "--stdin-filename", "pkg/a.go"], root, stdin=LEAKY).stdout.decode()
    assert diff.startswith("--- a/pkg/a.go\n+++ b/pkg/a.go\n")
    # the configuration is the one NAME's directory sees
    (root / "pkg" / "gofixleaks.toml").write_text('ignore = ["LK101"]\n')
    assert run(["--stdin-filename", "pkg/a.go", "-"], root, stdin=LEAKY).returncode == 0
    assert run(["-"], root, stdin=LEAKY).returncode == 2


def test_new_from_rev(tmp_path):
    root = repo(tmp_path, {"a.go": LEAKY})
    base = git(root, "rev-parse", "HEAD").strip()
    more = LEAKY + b"\nfunc Head(url string) (int, error) {\n\tresp, err := http.Head(url)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn resp.StatusCode, nil\n}\n"
    (root / "a.go").write_bytes(more)
    (root / "new.go").write_bytes(LEAKY.replace(b"Fetch", b"Fetch2"))  # untracked: all new
    all_ = run(["."], root).stdout.decode().splitlines()
    assert len(all_) == 3
    new = run(["--new-from-rev", base, "."], root).stdout.decode().splitlines()
    assert [line.split(": ")[0] for line in new] == ["a.go:17:15", "new.go:9:15"]
    git(root, "add", "-A")
    git(root, "commit", "-qm", "more")
    assert run(["--new-from-rev", "HEAD", "."], root).returncode == 0
    assert run(["--new-from-rev", "HEAD~1", "."], root).returncode == 1
    bad = run(["--new-from-rev", "no-such-rev", "."], root)
    assert bad.returncode == 2 and b"unknown revision 'no-such-rev'" in bad.stderr
    assert run(["--new-from-rev", "HEAD", "--fix", "."], root).returncode == 2


def test_build_tags_reach_go_build_in_verify(go, tmp_path):
    """A file behind //go:build integration that does not compile: only with
    --build-tags integration does --verify's go build see it (so the fix
    cannot be verified: the package failed before)."""
    broken = b'//go:build integration\n\npackage leaky\n\nvar _ int = "not an int"\n'
    root = module(tmp_path, {"a.go": LEAKY, "b_integration.go": broken})
    plain = run(["--fix", "--verify", "."], root)
    assert plain.returncode == 0 and re.search(rb"verify: 1 fix(es)? verified", plain.stderr), plain.stderr
    (root / "a.go").write_bytes(LEAKY)
    tagged = run(["--fix", "--verify", "--build-tags", "integration", "."], root)
    assert re.search(rb"verify: 0 fix(es)? verified, 0 reverted, 1 unverified", tagged.stderr), tagged.stderr
    assert run(["--build-tags", "a b;c", "."], root).returncode == 2
    (root / "gofixleaks.toml").write_text('build-tags = ["integration"]\n')
    assert 'build-tags = "integration"' in run(["--show-settings"], root).stdout.decode()


def test_color(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    always = run(["--color", "always", "."], root).stdout.decode()
    assert "\033[1m\033[31mLK101\033[0m" in always
    assert "\033[" not in run(["--color", "never", "."], root).stdout.decode()
    assert "\033[" not in run(["."], root).stdout.decode()  # auto: not a terminal
    diff = run(["--diff", "--color", "always", "."], root).stdout.decode()
    assert "\033[32m+\tdefer resp.Body.Close()\033[0m" in diff


def test_color_auto_on_a_terminal_honours_no_color(tmp_path):
    """A real pseudo-terminal (pexpect): colour by default, none with NO_COLOR."""
    import pexpect
    root = module(tmp_path, {"a.go": LEAKY})
    for no_color, want in ((None, True), ("1", False)):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env["PYTHONPATH"] = str(ROOT)
        if no_color:
            env["NO_COLOR"] = no_color
        child = pexpect.spawn(sys.executable, ["-m", "gofixleaks", "--no-progress", "."], cwd=str(root), env=env, timeout=120)
        child.expect(pexpect.EOF)
        child.close()
        assert (b"\033[" in child.before) == want, child.before
        assert b"LK101" in child.before


def test_check_suppressions(tmp_path):
    used = LEAKY.replace(b"resp, err := http.Get(url)", b"resp, err := http.Get(url) //gofixleaks:ignore LK101")
    unused = CLEAN.replace(b"func F", b"//nolint:LK101 // not needed any more\nfunc F")
    spaced = LEAKY.replace(b"resp, err := http.Get(url)", b"resp, err := http.Get(url) // nolint")
    other = CLEAN.replace(b"func F", b"//nolint:errcheck\nfunc F")
    root = module(tmp_path, {"used/a.go": used, "unused/a.go": unused, "spaced/a.go": spaced, "other/a.go": other})
    proc = run(["--check-suppressions", "."], root)
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 1
    assert lines == [
        f"spaced/a.go:{LINE}:15: LK101 the body of the response from http.Get is never closed; the connection and its goroutines leak [*]",
        f"spaced/a.go:{LINE}:29: invalid-suppression '// nolint' is not a directive (golangci-lint reads only //nolint, with no space); it suppresses nothing",
        "unused/a.go:3:1: unused-suppression //nolint:LK101 suppresses nothing: no finding on this line or the next",
    ]
    gh = run(["--check-suppressions", "--format", "github", "unused"], root).stdout.decode()
    assert gh.startswith("::warning file=unused/a.go,line=3,col=1,title=unused-suppression::")
    assert run(["--check-suppressions", "--format", "json", "."], root).returncode == 2
