"""--fix --verify: baseline, write, check, revert; proved with test-only rules.

LK999 (registered only here, through engine.rules_for) replaces a
``// break-me`` comment with ``var _ int = "broken"``: it parses and is
gofmt-clean, so the engine accepts it, but the package no longer compiles.
LK998 replaces ``// harmless-me`` with ``var _ = 0``, which is fine.
"""

from __future__ import annotations

import types

import pytest

from clihelp import FIXED, LEAKY, module
from gofixleaks import cli, engine, parsing, verify
from gofixleaks.model import Edit, Fix
from gofixleaks.registry import Rule

_COMMENTS = parsing.query("(comment) @c")


def _comment_rule(code: str, marker: bytes, replacement: bytes) -> Rule:
    def check(ctx):
        for node in parsing.captures(_COMMENTS, ctx.root, "c"):
            if node.text == marker:
                fix = Fix(f"Replace {marker.decode()}", (Edit(node.start_byte, node.end_byte, replacement),))
                yield ctx.finding(mod, node, f"{marker.decode()} found", fix)

    mod = types.SimpleNamespace(CODE=code, NAME=f"test-{code.lower()}", check=check)
    return Rule(code, mod.NAME, "test rule", "", (marker,), True, mod)


BREAK = _comment_rule("LK999", b"// break-me", b'var _ int = "broken"')
HARMLESS = _comment_rule("LK998", b"// harmless-me", b"var _ = 0")


@pytest.fixture
def test_rules(monkeypatch):
    real = engine.rules_for
    monkeypatch.setattr(engine, "rules_for", lambda settings: real(settings) + [HARMLESS, BREAK])


def _main(monkeypatch, capsys, root, *args):
    monkeypatch.chdir(root)
    code = cli.main(["--fix", "--verify", "--no-progress", "-j1", *args])
    return code, capsys.readouterr()


MIXED = LEAKY + b"\n// harmless-me\n\n// break-me\n"
MIXED_KEPT = FIXED + b"\nvar _ = 0\n\n// break-me\n"


def test_breaking_fix_is_reverted_and_the_others_kept(go, tmp_path, monkeypatch, capsys, test_rules):
    root = module(tmp_path, {"a/a.go": MIXED, "b/b.go": LEAKY.replace(b"package leaky", b"package b")})
    code, out = _main(monkeypatch, capsys, root)
    err = out.err
    # bisection: LK101 and LK998 kept, LK999 reverted with the compiler's message
    assert (root / "a/a.go").read_bytes() == MIXED_KEPT
    assert (root / "b/b.go").read_bytes() == FIXED.replace(b"package leaky", b"package b")
    assert "a/a.go:19:1: LK999 fix reverted by --verify (Replace // break-me):" in err
    assert 'cannot use "broken"' in err
    assert "gofixleaks: verify: 3 fixes verified, 1 reverted, 0 unverified" in err
    assert code == 1  # the LK999 finding is left
    assert "a/a.go:19:1: LK999 // break-me found [reverted by --verify: go build: a/a.go:19:13: cannot use" in out.out
    assert "a/a.go:9:15: LK101" in out.out and "(fixed)" in out.out


def test_single_breaking_fix_reverts_the_package(go, tmp_path, monkeypatch, capsys, test_rules):
    src = LEAKY + b"\n// break-me\n"
    root = module(tmp_path, {"a.go": src})
    code, out = _main(monkeypatch, capsys, root, "--select", "LK101")  # LK101 only, plus the test rules
    # LK101's fix and the breaking fix are in one package: one is bisected out
    assert (root / "a.go").read_bytes() == FIXED + b"\n// break-me\n"
    assert "verify: 1 fix verified, 1 reverted, 0 unverified" in out.err
    assert code == 1


def test_not_bisectable_reverts_every_fix_of_the_package(go, tmp_path, monkeypatch, capsys, test_rules):
    monkeypatch.setattr(verify, "MAX_BISECT", 1)
    src = LEAKY + b"\n// harmless-me\n\n// break-me\n"
    root = module(tmp_path, {"a.go": src})
    code, out = _main(monkeypatch, capsys, root)
    assert (root / "a.go").read_bytes() == src
    assert "verify: 0 fixes verified, 3 reverted, 0 unverified" in out.err
    assert code == 1


def test_package_failing_before_is_unverified(go, tmp_path, monkeypatch, capsys):
    broken_already = LEAKY + b'\nvar _ int = "already broken"\n'
    root = module(tmp_path, {"a/a.go": broken_already, "b/b.go": LEAKY.replace(b"package leaky", b"package b")})
    code, out = _main(monkeypatch, capsys, root)
    assert (root / "a/a.go").read_bytes() == FIXED + b'\nvar _ int = "already broken"\n'  # written, not judged
    assert "verify: 1 fix verified, 0 reverted, 1 unverified" in out.err
    assert code == 0


def test_without_go_says_so_once_and_writes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(verify.shutil, "which", lambda name: None)
    root = module(tmp_path, {"a/a.go": LEAKY, "b/b.go": LEAKY.replace(b"package leaky", b"package b")})
    code, out = _main(monkeypatch, capsys, root)
    assert out.err.count("no Go toolchain") == 1
    assert "verify: 0 fixes verified, 0 reverted, 2 unverified" in out.err
    assert (root / "a/a.go").read_bytes() == FIXED
    assert code == 0


def test_verify_needs_fix(tmp_path, monkeypatch, capsys):
    root = module(tmp_path, {"a.go": LEAKY})
    monkeypatch.chdir(root)
    assert cli.main(["--verify"]) == 2
    assert "--verify needs --fix" in capsys.readouterr().err


def test_verify_through_a_subprocess(go, tmp_path):
    from clihelp import run

    root = module(tmp_path, {"a.go": LEAKY})
    proc = run(["--fix", "--verify"], root)
    assert proc.returncode == 0, proc.stderr
    assert b"verify: 1 fix verified, 0 reverted, 0 unverified" in proc.stderr
    assert (root / "a.go").read_bytes() == FIXED


def test_test_only_package_is_verified(go, tmp_path, monkeypatch, capsys):
    # a directory with only _test.go files: go build has nothing to build, go vet compiles the tests
    test_file = LEAKY.replace(b"package leaky", b"package leaky_test")
    root = module(tmp_path, {"t/x_test.go": test_file})
    # a test's body read to EOF is LK101's preview shape: --preview reports it
    code, out = _main(monkeypatch, capsys, root, "--preview")
    assert "verify: 1 fix verified, 0 reverted, 0 unverified" in out.err
    assert (root / "t/x_test.go").read_bytes() == FIXED.replace(b"package leaky", b"package leaky_test")
    assert code == 0


def test_breaking_fix_in_a_test_file_is_caught_by_vet(go, tmp_path, monkeypatch, capsys, test_rules):
    src = b"package leaky\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n\n// break-me\n"
    root = module(tmp_path, {"a.go": b"package leaky\n", "a_test.go": src})
    code, out = _main(monkeypatch, capsys, root)
    assert (root / "a_test.go").read_bytes() == src
    assert "go vet:" in out.err and 'cannot use "broken"' in out.err
    assert "verify: 0 fixes verified, 1 reverted, 0 unverified" in out.err
    assert code == 1


def test_interrupted_bisection_leaves_the_originals(go, tmp_path, monkeypatch, capsys, test_rules):
    root = module(tmp_path, {"a.go": MIXED})
    real = verify._Go.check
    calls = []

    def check(self, pkgs):
        calls.append(1)
        if len(calls) == 4:  # baseline, after, first trial, -> second trial
            raise KeyboardInterrupt
        return real(self, pkgs)

    monkeypatch.setattr(verify._Go, "check", check)
    code, out = _main(monkeypatch, capsys, root)
    assert code == 130 and "interrupted" in out.err
    assert (root / "a.go").read_bytes() == MIXED
    assert [p for p in root.rglob(".gofixleaks-*")] == []


NEEDS = _comment_rule("LK996", b"// needs-helper", b"var _ = helper()")


def test_after_write_runs_before_the_check(go, tmp_path, monkeypatch, capsys):
    # like `go get` for a fix's module requirement: what the fix needs is
    # provided after writing and before checking, so the fix is verified
    real = engine.rules_for
    monkeypatch.setattr(engine, "rules_for", lambda s: real(s) + [NEEDS])
    src = b"package leaky\n\n// needs-helper\n"
    for provide, expected in ((False, "0 fixes verified, 1 reverted"), (True, "1 fix verified, 0 reverted")):
        (tmp_path / str(provide)).mkdir()
        root = module(tmp_path / str(provide), {"a.go": src})

        def after_write(findings, root=root, provide=provide):
            assert [f.code for f in findings] == ["LK996"]
            if provide:
                (root / "helper.go").write_bytes(b"package leaky\n\nfunc helper() int { return 1 }\n")
            return (["helper provided"] if provide else []), []

        monkeypatch.chdir(root)
        res = engine.run(["."], cli.settings_from_args(cli.build_parser().parse_args(["--fix"])), jobs=1)
        report = verify.verify_and_write(res.packages, cli.settings_from_args(cli.build_parser().parse_args(["--fix"])), after_write)
        assert report.summary().startswith("verify: " + expected), report.summary()


def test_main_package_leaves_no_executable(go, tmp_path, monkeypatch, capsys):
    # `go build ./cmd/tool` of one main package writes ./tool: --verify must not
    # leave that executable in the user's tree (seen on nats.go's examples)
    main = LEAKY.replace(b"package leaky", b"package main") + b"\nfunc main() {}\n"
    root = module(tmp_path, {"cmd/tool/main.go": main})
    code, out = _main(monkeypatch, capsys, root)
    assert "verify: 1 fix verified, 0 reverted, 0 unverified" in out.err
    assert not (root / "tool").exists() and not (root / "cmd/tool/tool").exists()
