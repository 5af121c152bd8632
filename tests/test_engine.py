"""The engine's guarantees: edits applied once, overlaps rejected, fixes that
break syntax or gofmt refused, the fix loop bounded, imports added once."""

from __future__ import annotations

import subprocess
import types

import pytest

from gofixleaks import engine, parsing
from gofixleaks.edits import OverlapError, apply_edits, select_fixes
from gofixleaks.imports import add_imports
from gofixleaks.model import Edit, Finding, Fix, Safety
from gofixleaks.registry import DOC_SECTIONS, RULES, Rule
from gofixleaks.settings import Settings

SRC = b"package p\n\nfunc F() int {\n\treturn 1\n}\n"


def test_apply_edits_sorted_and_exact():
    out = apply_edits(b"abcdef", [Edit(4, 5, b"E"), Edit(0, 0, b">"), Edit(1, 3, b"")])
    assert out == b">adEf"


@pytest.mark.parametrize(
    "a,b",
    [(Edit(0, 3, b""), Edit(2, 4, b"")), (Edit(1, 1, b"x"), Edit(1, 1, b"y")), (Edit(0, 4, b""), Edit(2, 2, b"x"))],
)
def test_apply_edits_rejects_overlaps(a, b):
    with pytest.raises(OverlapError):
        apply_edits(b"abcdef", [a, b])


def _finding(code, edits, safety=Safety.SAFE, path="p.go"):
    return Finding(code, "n", path, 1, 1, 1, 2, "m", Fix("t", tuple(edits), safety))


def test_select_fixes_rejects_the_later_overlapping_fix_and_skips_unsafe():
    a = _finding("LK1", [Edit(0, 3, b"")])
    b = _finding("LK2", [Edit(2, 4, b"")])
    c = _finding("LK3", [Edit(5, 5, b"x")], Safety.UNSAFE)
    accepted, rejected = select_fixes([b, a, c], unsafe=False)
    assert accepted == [a] and rejected == [b]
    accepted, _ = select_fixes([a, c], unsafe=True)
    assert accepted == [a, c]


def _fake_rule(code, check):
    mod = types.SimpleNamespace(CODE=code, NAME=f"test-{code}", SUMMARY="s", DOC="d", TRIGGERS=(b"package",), check=check)
    return Rule(code, mod.NAME, "s", "d", (b"package",), True, mod)


def _run(tmp_path, monkeypatch, rules, source=SRC, fix=True):
    path = tmp_path / "p.go"
    path.write_bytes(source)
    monkeypatch.setattr(engine, "rules_for", lambda settings: rules)
    res = engine.process_package(str(tmp_path), [str(path)], Settings(fix=fix))
    return res, path


def _finding_at(ctx, code, edits, imports=()):
    return Finding(code, "x", ctx.path, 1, 1, 1, 1, "m", Fix("t", tuple(edits), imports=imports))


def test_fix_adding_syntax_error_is_refused(tmp_path, monkeypatch):
    def check(ctx):
        yield _finding_at(ctx, "LKT1", [Edit(ctx.source.index(b"return"), ctx.source.index(b"return"), b"{{ ")])

    res, _ = _run(tmp_path, monkeypatch, [_fake_rule("LKT1", check)])
    (fr,) = res.files
    assert fr.fixed is None
    assert not fr.findings[0].applied and "syntax error" in fr.findings[0].fix_note


def test_fix_breaking_gofmt_is_refused(tmp_path, monkeypatch, go):
    def check(ctx):
        pos = ctx.source.index(b"return")
        yield _finding_at(ctx, "LKT1", [Edit(pos, pos + 6, b"return  ")])

    res, _ = _run(tmp_path, monkeypatch, [_fake_rule("LKT1", check)])
    (fr,) = res.files
    assert fr.fixed is None and "gofmt" in fr.findings[0].fix_note


def test_good_and_bad_fixes_in_one_file_bad_one_refused(tmp_path, monkeypatch):
    def check(ctx):
        if b"// ok" in ctx.source:
            return
        pos = ctx.source.index(b"return")
        yield _finding_at(ctx, "LKT1", [Edit(pos, pos, b"{{ ")])
        end = ctx.source.index(b"int {") + 5
        yield _finding_at(ctx, "LKT2", [Edit(end, end, b" // ok")])

    res, _ = _run(tmp_path, monkeypatch, [_fake_rule("LKT1", check)])
    (fr,) = res.files
    assert fr.fixed == SRC.replace(b"int {", b"int { // ok")


def test_non_convergence_fails_loudly_and_writes_nothing(tmp_path, monkeypatch):
    def check(ctx):  # always offers another edit: 1 -> 2 -> 1 -> ...
        old, new = (b"return 1", b"return 2") if b"return 1" in ctx.source else (b"return 2", b"return 1")
        pos = ctx.source.index(old)
        yield _finding_at(ctx, "LKT1", [Edit(pos, pos + len(old), new)])

    res, _ = _run(tmp_path, monkeypatch, [_fake_rule("LKT1", check)])
    assert any("did not converge" in e.reason for e in res.errors)
    assert all(fr.fixed is None for fr in res.files)


def test_rule_crash_is_an_error_not_a_crash(tmp_path, monkeypatch):
    def check(ctx):
        raise ValueError("boom")
        yield

    res, _ = _run(tmp_path, monkeypatch, [_fake_rule("LKT1", check)], fix=False)
    assert any("internal error in LKT1" in e.reason and "boom" in e.reason for e in res.errors)


def test_overlapping_fixes_converge_over_rounds(tmp_path, monkeypatch):
    def check(ctx):
        # two fixes that each replace "return 1"; only one may apply per round
        if b"return 1" in ctx.source:
            pos = ctx.source.index(b"return 1")
            yield _finding_at(ctx, "LKT1", [Edit(pos, pos + 8, b"return 2")])
            yield _finding_at(ctx, "LKT2", [Edit(pos, pos + 8, b"return 3")])

    res, _ = _run(tmp_path, monkeypatch, [_fake_rule("LKT1", check)])
    (fr,) = res.files
    assert fr.fixed == SRC.replace(b"return 1", b"return 2")


def test_fix_imports_added_once(tmp_path, monkeypatch):
    def check(ctx):
        if b"context.TODO" in ctx.source:
            return
        pos = ctx.source.index(b"return 1")
        yield _finding_at(ctx, "LKT1", [Edit(pos, pos, b"_ = context.TODO()\n\t")], imports=("context", "context"))

    res, _ = _run(tmp_path, monkeypatch, [_fake_rule("LKT1", check)])
    (fr,) = res.files
    assert fr.fixed == b'package p\n\nimport "context"\n\nfunc F() int {\n\t_ = context.TODO()\n\treturn 1\n}\n'


@pytest.mark.parametrize(
    "source,path,expected",
    [
        (b"package x\n\nfunc f() {}\n", "context", b'package x\n\nimport "context"\n\nfunc f() {}\n'),
        (b'package x\n\nimport "fmt"\n', "context", b'package x\n\nimport (\n\t"context"\n\t"fmt"\n)\n'),
        (b'package x\n\nimport "fmt"\n', "github.com/a/b", b'package x\n\nimport (\n\t"fmt"\n\n\t"github.com/a/b"\n)\n'),
        (b'package x\n\nimport (\n\t"fmt"\n\t"os"\n)\n', "io", b'package x\n\nimport (\n\t"fmt"\n\t"io"\n\t"os"\n)\n'),
        (b'package x\n\nimport (\n\t"fmt"\n\t// why os\n\t"os"\n)\n', "net", b'package x\n\nimport (\n\t"fmt"\n\t"net"\n\t// why os\n\t"os"\n)\n'),
        (b'package x\n\nimport (\n\t"fmt"\n\n\t"github.com/z/z"\n)\n', "github.com/a/b", b'package x\n\nimport (\n\t"fmt"\n\n\t"github.com/a/b"\n\t"github.com/z/z"\n)\n'),
        (b'package x\n\nimport (\n\t"github.com/z/z"\n)\n', "context", b'package x\n\nimport (\n\t"context"\n\n\t"github.com/z/z"\n)\n'),
        (b'package x\n\nimport (\n\tctx "context"\n)\n', "context", b'package x\n\nimport (\n\tctx "context"\n)\n'),
        (b'package x\r\n\r\nimport "fmt"\r\n', "context", b'package x\r\n\r\nimport (\r\n\t"context"\r\n\t"fmt"\r\n)\r\n'),
    ],
)
def test_add_import(source, path, expected, go):
    out = add_imports(source, [path, path])
    assert out == expected
    assert not parsing.parse(out).root_node.has_error
    norm = out.replace(b"\r\n", b"\n")
    assert subprocess.run(["gofmt"], input=norm, capture_output=True).stdout == norm


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_docs_have_every_section(rule):
    headings = [line[3:].strip() for line in rule.doc.splitlines() if line.startswith("## ")]
    assert headings == list(DOC_SECTIONS), f"{rule.code} doc sections: {headings}"
    assert rule.summary and rule.name and rule.triggers


def test_registry_sorted_and_unique():
    codes = [r.code for r in RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    names = [(r.language, r.name) for r in RULES]  # PY101 and LK106 are both unclosed-file
    assert len(set(names)) == len(names)


def test_generated_detection():
    assert engine.is_generated(b"// Code generated by x. DO NOT EDIT.\n\npackage p\n")
    assert engine.is_generated(b"// Copyright\n\n// Code generated by x. DO NOT EDIT.\r\npackage p\n")
    assert not engine.is_generated(b"package p\n\n// Code generated by x. DO NOT EDIT.\n")
    assert not engine.is_generated(b"// Code generated by x. do not edit.\npackage p\n")


def test_go_version_from_nearest_go_mod(tmp_path):
    from gofixleaks.context import FileContext

    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21.3\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    ctx = FileContext(str(sub / "x.go"), SRC, Settings())
    assert ctx.go_version == (1, 21) and not ctx.go_at_least(1, 23) and ctx.go_at_least(1, 21)


def test_every_transforms_module_is_registered():
    from pathlib import Path

    from gofixleaks import registry

    on_disk = sorted(p.stem for p in (Path(registry.__file__).parent / "transforms").glob("*.py") if p.stem[:2] in ("lk", "py"))
    assert list(registry._MODULE_NAMES) == on_disk, "register each transforms/ module in gofixleaks/registry.py (in code order)"
