"""The whole-stdlib gate (runs in CI; about a minute): see benchmarks/stdlib_gate.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import stdlib_gate  # noqa: E402


@pytest.mark.slow
def test_fixed_stdlib_parses_formats_builds_vets_and_is_stable(go, tmp_path, capsys):
    res = stdlib_gate.run_gate(tmp_path, jobs=2)
    with capsys.disabled():
        print("\n" + res.table())
        print(f"changed packages: {res.packages}; seconds: {res.seconds}")
    assert res.failures == []
    assert res.second_run_changed == []
    # every file with an applied fix is among the changed (and so checked) files
    fixed_files = set().union(*res.files_by_rule.values()) if res.files_by_rule else set()
    assert fixed_files <= set(res.changed_files)

    # negative control: the check does catch a package that no longer builds
    src = Path(res.goroot) / "src"
    # (a changed package with a non-test file: cmd/api has only tests)
    pkg = next((p for p in res.packages if any(not f.name.endswith("_test.go") for f in (src / p).glob("*.go"))), "errors")
    victim = sorted(p for p in (src / pkg).glob("*.go") if not p.name.endswith("_test.go"))[0]
    victim.write_bytes(victim.read_bytes() + b"\nvar _ int = \"not an int\"\n")
    bad = stdlib_gate.check_packages(Path(res.goroot), [pkg])
    assert pkg in bad and "cannot use" in bad[pkg]
    shutil.rmtree(src)  # 157 MB: do not leave it to pytest's tmp retention
