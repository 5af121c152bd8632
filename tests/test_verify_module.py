"""--verify checks the module, not only the touched packages: importers are
built and vetted, and every unverified fix says why, per package.

Real Go toolchain, real modules in a temporary directory.  LK996 (registered
only here) changes the signature of an exported function, as an unsafe
LK201 fix would: the importer in another package no longer compiles.
"""

from __future__ import annotations

import types

import pytest

from clihelp import FIXED, LEAKY, module
from gofixleaks import cli, engine
from gofixleaks.model import Edit, Fix
from gofixleaks.registry import Rule


def _signature_rule() -> Rule:
    def check(ctx):
        at = ctx.source.find(b"func Helper()")
        if at >= 0:
            start = at + len(b"func Helper(")
            fix = Fix("Add a parameter to Helper", (Edit(start, start, b"x int"),))
            yield ctx.finding(mod, ctx.root, "Helper takes no parameter", fix)

    mod = types.SimpleNamespace(CODE="LK996", NAME="test-lk996", check=check)
    return Rule("LK996", mod.NAME, "test rule", "", (b"func Helper()",), True, mod)


@pytest.fixture
def signature_rule(monkeypatch):
    real = engine.rules_for
    rule = _signature_rule()
    monkeypatch.setattr(engine, "rules_for", lambda settings: real(settings) + [rule])


def _main(monkeypatch, capsys, root, *args):
    monkeypatch.chdir(root)
    code = cli.main(["--fix", "--verify", "--no-progress", "-j1", *args])
    return code, capsys.readouterr()


LIB = b"package lib\n\nfunc Helper() {}\n"
USER = b'package main\n\nimport "example.com/leaky/lib"\n\nfunc main() { lib.Helper() }\n'


def test_a_fix_that_breaks_an_importer_is_reverted(go, tmp_path, monkeypatch, capsys, signature_rule):
    root = module(tmp_path, {"lib/lib.go": LIB, "cmd/app/main.go": USER})
    code, out = _main(monkeypatch, capsys, root, "lib")  # only lib is checked and fixed
    assert (root / "lib/lib.go").read_bytes() == LIB, "the fix broke cmd/app and must be taken back"
    assert "LK996 fix reverted by --verify" in out.err
    assert "breaks ./cmd/app (imports it)" in out.err and "not enough arguments" in out.err
    assert "verify: 0 fixes verified, 1 reverted, 0 unverified" in out.err
    assert code == 1


def test_importers_in_tests_count_too(go, tmp_path, monkeypatch, capsys, signature_rule):
    test_user = b'package other\n\nimport (\n\t"testing"\n\n\t"example.com/leaky/lib"\n)\n\nfunc TestHelper(t *testing.T) { lib.Helper() }\n'
    root = module(tmp_path, {"lib/lib.go": LIB, "other/other.go": b"package other\n", "other/other_test.go": test_user})
    code, out = _main(monkeypatch, capsys, root, "lib")
    assert (root / "lib/lib.go").read_bytes() == LIB
    assert "breaks ./other (imports it)" in out.err


def test_a_fix_in_a_file_excluded_by_build_constraints_is_unverified_with_the_reason(go, tmp_path, monkeypatch, capsys):
    other = "windows" if __import__("sys").platform != "win32" else "linux"
    root = module(tmp_path, {f"a/a_{other}.go": LEAKY, "a/doc.go": b"package leaky\n"})
    code, out = _main(monkeypatch, capsys, root)
    assert (root / f"a/a_{other}.go").read_bytes() == FIXED  # written (it parses and is gofmt-clean)
    assert "verify: 0 fixes verified, 0 reverted, 1 unverified" in out.err
    assert f"gofixleaks: verify: a: 1 fix unverified: a_{other}.go excluded by build constraints here" in out.err


def test_a_package_failing_before_says_so_per_package(go, tmp_path, monkeypatch, capsys):
    broken = LEAKY + b'\nvar _ int = "already broken"\n'
    root = module(tmp_path, {"a/a.go": broken})
    code, out = _main(monkeypatch, capsys, root)
    assert "gofixleaks: verify: a: 1 fix unverified: the package failed before the fix:" in out.err


def test_go_work_with_mod_mod_is_unverified_with_the_reason(go, tmp_path, monkeypatch, capsys):
    root = module(tmp_path, {"a/a.go": LEAKY})
    (root / "go.work").write_text("go 1.22\n\nuse .\n")
    monkeypatch.setenv("GOFLAGS", "-mod=mod")
    monkeypatch.delenv("GOWORK", raising=False)
    code, out = _main(monkeypatch, capsys, root)
    assert (root / "a/a.go").read_bytes() == FIXED
    assert "a go.work workspace with -mod=mod in GOFLAGS" in out.err
    assert "verify: 0 fixes verified, 0 reverted, 1 unverified" in out.err


def test_a_package_excluded_entirely_by_build_constraints_says_so(go, tmp_path, monkeypatch, capsys):
    root = module(tmp_path, {"a/a.go": b"//go:build ignore\n\n" + LEAKY})
    code, out = _main(monkeypatch, capsys, root)
    assert (root / "a/a.go").read_bytes() == b"//go:build ignore\n\n" + FIXED
    assert "gofixleaks: verify: a: 1 fix unverified: go build compiles no file of the package here (build constraints exclude them all)" in out.err
