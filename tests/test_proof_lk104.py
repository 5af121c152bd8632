"""Run-time proof for LK104: allocations per call before and after --fix.

tests/proofs/lk104 takes a *bytes.Buffer from a sync.Pool and never puts it
back: each call allocates a fresh buffer (several KiB).  After gofixleaks adds
`defer bufPool.Put(buf)`, the buffer is reused and a call allocates ~nothing.
"""

from proofs import copy_proof, gofixleaks, run_and_match


def _measure(mod) -> tuple[float, int]:
    m = run_and_match(mod, r"allocs_per_call=([0-9.]+) bytes_per_call=([0-9]+)")
    return float(m.group(1)), int(m.group(2))


def test_lk104_fix_stops_allocating_per_call(tmp_path, go):
    mod = copy_proof("lk104", tmp_path)
    allocs, nbytes = _measure(mod)
    # a fresh bytes.Buffer grown to 4 KiB on every call
    assert allocs >= 3, f"the leaky program should allocate per call (allocs_per_call={allocs})"
    assert nbytes >= 4096, f"the leaky program should allocate >= 4 KiB per call (bytes_per_call={nbytes})"

    fix = gofixleaks(["--select", "LK104", "--fix", "."], mod)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert "\tdefer bufPool.Put(buf)\n" in (mod / "main.go").read_text()

    allocs_after, nbytes_after = _measure(mod)
    assert allocs_after <= 0.1, f"after --fix allocs_per_call={allocs_after} (before {allocs})"
    assert nbytes_after < 256, f"after --fix bytes_per_call={nbytes_after} (before {nbytes})"
