"""Run-time proof for LK202 abandoned-sender, measured with go.uber.org/goleak.

tests/proofs/lk202 is a Go package whose Lookup sends its result on an
unbuffered channel while the caller selects on a 1 ms timeout.  Its test times
out 20 lookups and calls goleak.VerifyNone: before --fix it fails and reports
the goroutines stuck in "chan send"; after --fix (make(chan string, 1)) it passes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROOF = Path(__file__).resolve().parent / "proofs" / "lk202"
_STUCK = re.compile(r"Goroutine \d+ in state chan send, with proof/lk202\.Lookup\.func1 on top of the stack")


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOFLAGS"] = "-mod=mod"
    env["GOWORK"] = "off"
    return env


def _go_test(go: str, pkg: Path) -> subprocess.CompletedProcess:
    return subprocess.run([go, "test", "-count=1", "./..."], cwd=pkg, env=_go_env(), capture_output=True, text=True, timeout=600)


def test_goleak_fails_before_fix_and_passes_after(go, tmp_path):
    pkg = tmp_path / "lk202"
    shutil.copytree(PROOF, pkg)

    before = _go_test(go, pkg)
    out = before.stdout + before.stderr
    stuck = len(_STUCK.findall(out))
    assert before.returncode != 0, "the leaky package should fail goleak.VerifyNone:\n" + out
    assert "found unexpected goroutines" in out, out
    # 20 timed-out lookups, each leaves one sender blocked forever
    assert stuck >= 15, f"expected about 20 goroutines stuck in chan send, got {stuck}:\n{out}"

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    fix = subprocess.run([sys.executable, "-m", "gofixleaks", "--fix", "--select", "LK202", str(pkg)], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert fix.returncode in (0, 1), fix.stderr
    fixed = (pkg / "lookup.go").read_text()
    assert "ch := make(chan string, 1)" in fixed, fixed

    after = _go_test(go, pkg)
    out = after.stdout + after.stderr
    assert after.returncode == 0, "after --fix goleak should find no leak:\n" + out
    assert not _STUCK.findall(out), out
