"""Run-time proof for LK102: time.After in a select loop leaves one timer per
iteration in the heap for a module at go 1.22; after --fix (one reused timer)
it does not.  The same program at go 1.23 does not leak either: the version
gate in the rule is real."""

from __future__ import annotations

from pathlib import Path

from proofs import PROOFS, copy_proof, gofixleaks, run_and_match


def _growth(module: Path) -> int:
    # without GODEBUG, the go.mod's go line decides asynctimerchan
    return int(run_and_match(module, r"values=(\d+) heap_growth_bytes=(-?\d+)", timeout=300, GODEBUG=None).group(2))


def _fix(module: Path) -> str:
    proc = gofixleaks(["--select", "LK102", "--fix", "."], module)
    return proc.stdout + proc.stderr


def test_time_after_in_select_loop_heap_growth_goes_away(go, tmp_path):
    module = copy_proof("lk102", tmp_path)
    before = _growth(module)
    # 100,000 unfired one-hour timers of about 250 bytes each
    assert before > 10_000_000, f"the leaky program (go 1.22) should grow the heap by MBs, grew {before} bytes"

    out = _fix(module)
    assert "timer.Reset(time.Hour)" in (module / "main.go").read_text(), out
    after = _growth(module)
    assert after < 2_000_000, f"after --fix the heap still grows by {after} bytes"


def test_go123_module_does_not_leak_and_gets_no_finding(go, tmp_path):
    module = copy_proof("lk102", tmp_path)
    gomod = module / "go.mod"
    gomod.write_text(gomod.read_text().replace("go 1.22", "go 1.23"))
    assert _growth(module) < 2_000_000, "at go 1.23 unreferenced timers should be collected"
    _fix(module)
    assert (module / "main.go").read_bytes() == (PROOFS / "lk102" / "main.go").read_bytes(), "no LK102 fix at go 1.23"
