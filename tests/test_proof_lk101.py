"""Run-time proof for LK101: unclosed bodies leak goroutines; after --fix they don't."""

from proofs import copy_proof, gofixleaks, run_and_match


def _goroutines(mod) -> int:
    return int(run_and_match(mod, r"goroutines=(\d+)").group(1))


def test_lk101_fix_removes_goroutine_growth(tmp_path, go):
    mod = copy_proof("lk101", tmp_path)
    before = _goroutines(mod)
    # 60 leaked responses keep at least one goroutine each alive
    assert before >= 60, f"the leaky program should leak (goroutines={before})"

    fix = gofixleaks(["--fix", "."], mod)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert "defer resp.Body.Close()" in (mod / "main.go").read_text()

    after = _goroutines(mod)
    assert after < 20, f"after --fix goroutines={after} (before {before})"
