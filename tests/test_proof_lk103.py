"""Run-time proof for LK103: un-cancelled WithTimeout children of a live
parent context pile up on the heap; after --fix they do not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROOF = Path(__file__).resolve().parent / "proofs" / "lk103"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOFLAGS"] = "-mod=mod"
    env["GOWORK"] = "off"
    env["PYTHONPATH"] = str(ROOT)
    return env


def _growth(go, module: Path) -> int:
    proc = subprocess.run([go, "run", "."], cwd=module, capture_output=True, text=True, env=_env(), timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    m = re.search(r"calls=(\d+) heap_growth_bytes=(-?\d+)", proc.stdout)
    assert m, proc.stdout
    return int(m.group(2))


def test_lost_cancel_heap_growth_goes_away(go, tmp_path):
    module = tmp_path / "lk103"
    shutil.copytree(PROOF, module)
    before = _growth(go, module)
    # 50,000 children of about 300 bytes each: well over 5 MB
    assert before > 5_000_000, f"the leaky program should grow the heap by MBs, grew {before} bytes"

    fix = subprocess.run([sys.executable, "-m", "gofixleaks", "--select", "LK103", "--fix", "."], cwd=module, capture_output=True, text=True, env=_env(), timeout=120)
    assert "defer cancel()" in (module / "main.go").read_text(), fix.stdout + fix.stderr

    after = _growth(go, module)
    assert after < 1_000_000, f"after --fix the heap still grows by {after} bytes"
    assert after < before / 10
