"""Run-time proof for LK103: un-cancelled WithTimeout children of a live
parent context pile up on the heap; after --fix they do not."""

from __future__ import annotations

from pathlib import Path

from proofs import copy_proof, gofixleaks, run_and_match


def _growth(module: Path) -> int:
    return int(run_and_match(module, r"calls=(\d+) heap_growth_bytes=(-?\d+)", timeout=300).group(2))


def test_lost_cancel_heap_growth_goes_away(go, tmp_path):
    module = copy_proof("lk103", tmp_path)
    before = _growth(module)
    # 50,000 children of about 300 bytes each: well over 5 MB
    assert before > 5_000_000, f"the leaky program should grow the heap by MBs, grew {before} bytes"

    fix = gofixleaks(["--select", "LK103", "--fix", "."], module)
    assert "defer cancel()" in (module / "main.go").read_text(), fix.stdout + fix.stderr

    after = _growth(module)
    assert after < 1_000_000, f"after --fix the heap still grows by {after} bytes"
    assert after < before / 10
