"""Run-time proof for LK104: allocations per call before and after --fix.

tests/proofs/lk104 takes a *bytes.Buffer from a sync.Pool and never puts it
back: each call allocates a fresh buffer (several KiB).  After gofixleaks adds
`defer bufPool.Put(buf)`, the buffer is reused and a call allocates ~nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROOF = ROOT / "tests" / "proofs" / "lk104"
_OUT = re.compile(r"allocs_per_call=([0-9.]+) bytes_per_call=([0-9]+)")


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOFLAGS"] = "-mod=mod"
    env["GOWORK"] = "off"
    return env


def _measure(go: str, module: Path) -> tuple[float, int]:
    proc = subprocess.run([go, "run", "."], cwd=module, capture_output=True, text=True, env=_go_env(), timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    m = _OUT.search(proc.stdout)
    assert m, proc.stdout
    return float(m.group(1)), int(m.group(2))


def test_pool_get_without_put_allocates_until_fixed(go, tmp_path):
    module = tmp_path / "lk104"
    shutil.copytree(PROOF, module)

    allocs, nbytes = _measure(go, module)
    # a fresh bytes.Buffer grown to 4 KiB on every call
    assert allocs >= 3, f"expected several allocations per call before the fix, got {allocs}"
    assert nbytes >= 4096, f"expected >= 4 KiB allocated per call before the fix, got {nbytes}"

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    fix = subprocess.run(
        [sys.executable, "-m", "gofixleaks", "--select", "LK104", "--fix", str(module)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert fix.returncode in (0, 1), fix.stdout + fix.stderr
    source = (module / "main.go").read_text()
    assert "\tdefer bufPool.Put(buf)\n" in source, source

    allocs_after, nbytes_after = _measure(go, module)
    assert allocs_after <= 0.1, f"expected ~0 allocations per call after the fix, got {allocs_after}"
    assert nbytes_after < 256, f"expected < 256 bytes per call after the fix, got {nbytes_after}"
