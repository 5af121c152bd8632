"""Every Python golden case (golden/PY*/), every harness check (see golden_py_harness.py)."""

from __future__ import annotations

import ast

import pytest

from golden_py_harness import discover_py_cases, run_case, wants

CASES = discover_py_cases()
IDS = [c.id for c in CASES]


def _compiles(data: bytes) -> bool:
    try:
        compile(data, "<golden>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_findings_match_wants(case, tmp_path):
    data = case.path.read_bytes()
    got, _, _ = run_case(case, tmp_path, data, fix=False)
    assert got == wants(data), f"findings (line, code) differ from the # want: comments:\n missing: {sorted(wants(data) - got)}\n unexpected: {sorted(got - wants(data))}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fix_output_is_golden(case, tmp_path):
    _, fixed, _ = run_case(case, tmp_path, case.path.read_bytes())
    if not case.golden.exists():
        assert fixed is None, "the file changed, but the case has no .golden"
        return
    assert fixed == case.golden.read_bytes(), f"{case.path.name}: output differs from the .golden"


@pytest.mark.parametrize("case", [c for c in CASES if c.golden.exists()], ids=lambda c: c.id)
def test_golden_compiles(case):
    assert _compiles(case.golden.read_bytes()), f"{case.golden} does not compile"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_second_run_changes_nothing(case, tmp_path):
    after = case.golden.read_bytes() if case.golden.exists() else case.path.read_bytes()
    _, fixed, _ = run_case(case, tmp_path, after)
    assert fixed is None, "a second run still edits the file"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_crlf_and_missing_final_newline_are_kept(case, tmp_path):
    data = case.path.read_bytes()
    expected = case.golden.read_bytes() if case.golden.exists() else None
    _, fixed, _ = run_case(case, tmp_path / "crlf", data.replace(b"\n", b"\r\n"))
    assert fixed == (expected.replace(b"\n", b"\r\n") if expected else None), "CRLF output differs from the CRLF golden"
    _, fixed, _ = run_case(case, tmp_path / "eof", data.rstrip(b"\n"))
    assert fixed == (expected.rstrip(b"\n") if expected else None), "output without the final newline differs"


def test_every_python_rule_has_enough_cases():
    from gofixleaks.registry import RULES

    for rule in RULES:
        if rule.language != "python":
            continue
        mine = [c for c in CASES if c.rule == rule.code]
        assert len(mine) >= 10, f"{rule.code} has only {len(mine)} golden cases"
        assert any(not wants(c.path.read_bytes()) for c in mine), f"{rule.code} has no negative case"
        if rule.fixable:
            assert any(c.golden.exists() for c in mine), f"{rule.code} is fixable but no case shows a fix"
