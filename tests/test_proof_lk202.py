"""Run-time proof for LK202 abandoned-sender, measured with go.uber.org/goleak.

tests/proofs/lk202 is a Go package whose Lookup sends its result on an
unbuffered channel while the caller selects on a 1 ms timeout.  Its test times
out 20 lookups and calls goleak.VerifyNone: before --fix it fails and reports
the goroutines stuck in "chan send"; after --fix (make(chan string, 1)) it passes.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from proofs import copy_proof, gofixleaks
from proofs import go as run_go

_STUCK = re.compile(r"Goroutine \d+ in state chan send, with proof/lk202\.Lookup\.func1 on top of the stack")


def _go_test(pkg: Path) -> subprocess.CompletedProcess:
    return run_go(["test", "-count=1", "./..."], pkg)


def test_goleak_fails_before_fix_and_passes_after(go, tmp_path):
    pkg = copy_proof("lk202", tmp_path)

    before = _go_test(pkg)
    out = before.stdout + before.stderr
    stuck = len(_STUCK.findall(out))
    assert before.returncode != 0, "the leaky package should fail goleak.VerifyNone:\n" + out
    assert "found unexpected goroutines" in out, out
    # 20 timed-out lookups, each leaves one sender blocked forever
    assert stuck >= 15, f"expected about 20 goroutines stuck in chan send, got {stuck}:\n{out}"

    fix = gofixleaks(["--fix", "--select", "LK202", str(pkg)], tmp_path)
    assert fix.returncode in (0, 1), fix.stderr
    fixed = (pkg / "lookup.go").read_text()
    assert "ch := make(chan string, 1)" in fixed, fixed

    after = _go_test(pkg)
    out = after.stdout + after.stderr
    assert after.returncode == 0, "after --fix goleak should find no leak:\n" + out
    assert not _STUCK.findall(out), out
