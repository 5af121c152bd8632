"""Issue 10's engine hooks, through the real CLI: the preview setting
(``--preview``, ``preview = true``, shown by ``gofixleaks rules``) and grammar
lag (a function tree-sitter-go cannot parse is skipped, not the file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gofixleaks import engine, parsing
from gofixleaks.registry import RULES

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gofixleaks", *args], cwd=cwd, env=env, capture_output=True, text=True)


_SELF_FIELD = """package p

type S struct {
	data []byte
	run  func()
}

func (s *S) Start() {
	s.run = s.loop
}

func (s *S) loop() {}
"""


def _module(tmp_path: Path, go: str, files: dict[str, str]) -> Path:
    (tmp_path / "go.mod").write_text(f"module example.com/p\n\ngo {go}\n")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_preview_flag_and_configuration_turn_on_preview_shapes(tmp_path):
    mod = _module(tmp_path, "1.22", {"s.go": _SELF_FIELD})
    default = _cli("--select", "LK302", ".", cwd=mod)
    assert default.returncode == 0 and "LK302" not in default.stdout
    flag = _cli("--select", "LK302", "--preview", ".", cwd=mod)
    assert flag.returncode == 1 and "s.go:9:10: LK302" in flag.stdout
    (mod / "gofixleaks.toml").write_text("preview = true\n")
    conf = _cli("--select", "LK302", ".", cwd=mod)
    assert conf.returncode == 1 and "s.go:9:10: LK302" in conf.stdout
    shown = _cli("--show-settings", cwd=mod)
    assert "preview = true" in shown.stdout
    (mod / "gofixleaks.toml").write_text("preview = 1\n")
    bad = _cli(".", cwd=mod)
    assert bad.returncode == 2 and "preview must be true or false" in bad.stderr


def test_rules_command_and_docs_name_the_preview_shapes():
    out = _cli("rules", cwd=ROOT).stdout
    with_preview = {r.code for r in RULES if r.preview_shapes}
    assert with_preview == {"LK101", "LK102", "LK103", "LK105", "LK106", "LK107", "LK201", "LK202", "LK301", "LK302"}
    blocks: dict[str, list[str]] = {}  # each rule's row and the lines under it
    code = None
    for line in out.splitlines()[1:]:
        if not line.startswith(" "):
            code = line.split()[0]
        blocks.setdefault(code, []).append(line)
    assert set(blocks) == {r.code for r in RULES}
    for code, lines in blocks.items():
        shown = any("preview (--preview): " in line for line in lines)
        assert shown == (code in with_preview), lines
    for r in RULES:
        if r.preview_shapes:
            assert "Preview (`--preview`" in r.doc, f"{r.code} does not document its preview shapes"


_LAG = """package p

import "net/http"

func Ptr(v int) *int {
	return new(v + 1)
}

func (c *Client) Fetch(url string) *int {
	resp, _ := http.Get(url)
	return new(resp.StatusCode + 1)
}

type Client struct{}

func Status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
"""


def test_grammar_lag_skips_functions_not_files(tmp_path):
    mod = _module(tmp_path, "1.26", {"lag.go": _LAG})
    text = _cli("--select", "LK101", ".", cwd=mod)
    assert [ln.split(": ")[0] for ln in text.stdout.splitlines()] == ["lag.go:17:15"]
    named = [ln for ln in text.stderr.splitlines() if "not checked" in ln and "lag.go" in ln]
    assert named == ["lag.go: syntax error in 2 functions, not checked: Ptr (line 5), (*Client).Fetch (line 9)"]
    assert "2 functions not checked (syntax error)" in text.stderr
    js = _cli("--select", "LK101", "--format", "json", ".", cwd=mod)
    assert [f["line"] for f in json.loads(js.stdout)] == [17]
    assert "(*Client).Fetch (line 9)" in js.stderr
    sarif = json.loads(_cli("--select", "LK101", "--format", "sarif", ".", cwd=mod).stdout)
    notes = [n["message"]["text"] for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert notes == ["syntax error in 2 functions, not checked: Ptr (line 5), (*Client).Fetch (line 9)"]
    fixed = _cli("--select", "LK101", "--fix", ".", cwd=mod)
    assert fixed.returncode == 0, fixed.stderr
    after = (mod / "lag.go").read_text()
    assert after == _LAG.replace("\t\treturn 0, err\n\t}\n", "\t\treturn 0, err\n\t}\n\tdefer resp.Body.Close()\n")
    build = subprocess.run(["go", "vet", "./..."], cwd=mod, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr


def test_an_error_outside_functions_still_skips_the_file(tmp_path):
    mod = _module(tmp_path, "1.26", {"bad.go": 'package p\n\nimport "net/http"\n\nvar x = (\n\nfunc F() { http.Get("x") }\n'})
    out = _cli(".", "--select", "LK101", cwd=mod)
    assert "bad.go: skipped: syntax error" in out.stderr


def test_edits_next_to_a_broken_function_are_refused():
    old = b"package p\n\nfunc A() {}\n\nfunc B(v int) *int {\n\treturn new(v + 1)\n}\n\nfunc C() {}\n"
    assert parsing.broken_functions(parsing.parse(old))[0].child_by_field_name("name").text == b"B"
    fine = old.replace(b"func A() {}", b"func A() { _ = 1 }")
    assert engine._why_touches_broken(old, fine) is None
    for near in (old.replace(b"\n\nfunc C", b"\n// x\nfunc C"), old.replace(b"v + 1", b"v + 2"), old.replace(b"func C() {}", b"func C() {")):
        assert engine._why_touches_broken(old, near) is not None
