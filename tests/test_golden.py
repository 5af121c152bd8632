"""Every golden case, every harness check (see golden_harness.py)."""

from __future__ import annotations

import shutil

import pytest

from golden_harness import (
    GOLDEN,
    build_and_vet,
    case_roots,
    discover_cases,
    gofmt_unclean,
    make_module,
    parses_cleanly,
    same_broken_functions,
    reported_on_input,
    run_engine,
    wants,
)

CASES = discover_cases()
IDS = [c.id for c in CASES]


def _expected(case, crlf=False) -> dict[str, bytes]:
    """{file: expected bytes after --fix} for the files that must change."""
    out = {}
    for f in case.files:
        g = case.golden(f)
        if g.exists():
            data = g.read_bytes()
            out[f.name] = data.replace(b"\n", b"\r\n") if crlf else data
    return out


def _inputs(case, crlf=False) -> dict[str, bytes]:
    return {f.name: (f.read_bytes().replace(b"\n", b"\r\n") if crlf else f.read_bytes()) for f in case.files}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_findings_match_wants(case, tmp_path):
    got = reported_on_input(case, make_module(case, tmp_path) / case.name)
    assert got == wants(case), f"findings (file, line, code) differ from the // want comments:\n missing: {sorted(wants(case) - got)}\n unexpected: {sorted(got - wants(case))}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fix_output_is_golden(case, tmp_path):
    _, fixed = run_engine(case, make_module(case, tmp_path) / case.name, _inputs(case))
    expected = _expected(case)
    assert set(fixed) == set(expected), f"files changed {sorted(fixed)} != files with .golden {sorted(expected)}"
    for name, data in expected.items():
        assert fixed[name] == data, f"{name}: output differs from {name}.golden"


@pytest.mark.parametrize("case", [c for c in CASES if any(c.golden(f).exists() for f in c.files)], ids=lambda c: c.id)
def test_golden_parses_and_is_gofmt_clean(case, go):
    for f in case.files:
        g = case.golden(f)
        if g.exists():
            data = g.read_bytes()
            # a case of grammar lag keeps its input's broken functions, no more
            assert parses_cleanly(data) or same_broken_functions(f.read_bytes(), data), f"{g} does not parse"
            assert gofmt_unclean(data) is None, f"{g} is not gofmt-clean"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_second_run_changes_nothing(case, tmp_path):
    after = {**_inputs(case), **_expected(case)}
    _, fixed = run_engine(case, make_module(case, tmp_path) / case.name, after)
    assert fixed == {}, f"a second run still edits {sorted(fixed)}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_crlf_is_kept(case, tmp_path):
    findings, fixed = run_engine(case, make_module(case, tmp_path) / case.name, _inputs(case, crlf=True))
    findings = {(f, line, c) for f, line, c in findings}
    expected = _expected(case, crlf=True)
    assert set(fixed) == set(expected)
    for name, data in expected.items():
        assert fixed[name] == data, f"{name}: CRLF output differs from the CRLF golden"
    # after --fix, findings left without a fix are reported at their lines in
    # the fixed file, so compare with the same --fix run on the LF input
    lf_findings, _ = run_engine(case, make_module(case, tmp_path / "lf") / case.name, _inputs(case))
    assert findings == lf_findings, "CRLF input gives other findings than LF input"


@pytest.fixture(scope="session")
def build_results(go, tmp_path_factory):
    """Build and vet every case's input and output, one temp module per case root."""
    results = {}
    for rule_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        for root in case_roots(rule_dir):
            cases = [c for c in CASES if c.root == root]
            module = make_module(cases[0], tmp_path_factory.mktemp("build"))
            for case in cases:
                for side in ("in", "out"):
                    if case.input_fails_vet and (side == "in" or not case.has_golden()):
                        continue  # vetted by the rule's own test
                    pkg = module / side / case.name
                    pkg.mkdir(parents=True)
                    for f in case.files:
                        src = case.golden(f) if side == "out" and case.golden(f).exists() else f
                        shutil.copyfile(src, pkg / f.name)
            results[root] = build_and_vet(module)
    return results


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_input_and_output_build_and_vet(case, build_results):
    output = build_results[case.root]
    # go names the package directory ("in/<case>/x.go:3:1: ...", "# .../in/<case>")
    bad = [line for line in output.splitlines() if f"/{case.name}/" in line or line.endswith(f"/{case.name}")]
    assert not bad, f"go build/vet failed for {case.id}:\n" + "\n".join(bad)


def test_every_case_root_builds_and_vets(build_results):
    failed = {str(root.relative_to(GOLDEN)): out for root, out in build_results.items() if out}
    assert not failed, "\n".join(f"{root}:\n{out}" for root, out in failed.items())


def test_every_rule_has_enough_cases():
    from gofixleaks.registry import RULES

    minimum = {"LK101": 12, "LK201": 10}
    for rule in (r for r in RULES if r.language == "go"):  # Python rules: test_golden_python.py
        n = sum(1 for c in CASES if c.rule == rule.code)
        assert n >= minimum.get(rule.code, 5), f"{rule.code} has only {n} golden cases"
        if rule.fixable:
            assert any(c.rule == rule.code and any(c.golden(f).exists() for f in c.files) for c in CASES), f"{rule.code} is fixable but no case shows a fix"
