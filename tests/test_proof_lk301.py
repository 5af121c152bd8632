"""Run-time proof for LK301: a map cache fed 200,000 distinct keys grows the
heap by tens of MB; after ``gofixleaks --fix --unsafe-fixes`` (which also adds
golang-lru/v2 to go.mod through ``go get``) the heap stays bounded."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROOF = ROOT / "tests" / "proofs" / "lk301"
MB = 1 << 20


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOFLAGS"] = "-mod=mod"
    env["GOWORK"] = "off"
    env["PYTHONPATH"] = str(ROOT)
    return env


def _growth(go: str, module: Path) -> int:
    proc = subprocess.run([go, "run", "."], cwd=module, capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    m = re.search(r"heap_growth_bytes (-?\d+)", proc.stdout)
    assert m, proc.stdout
    return int(m.group(1))


def test_lru_fix_bounds_the_heap(go, tmp_path):
    module = tmp_path / "lk301"
    shutil.copytree(PROOF, module)
    before = _growth(go, module)
    # 200,000 entries of ~256 bytes plus keys and map overhead: ~60 MB
    assert before > 40 * MB, f"the leaky program grew the heap by only {before / MB:.1f} MB"

    proc = subprocess.run(
        [sys.executable, "-m", "gofixleaks", "--fix", "--unsafe-fixes", "--select", "LK301", "."],
        cwd=module, capture_output=True, text=True, env=_env(), timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    src = (module / "main.go").read_text()
    assert "lru.New[string, []byte](10000)" in src, src
    assert "github.com/hashicorp/golang-lru/v2 v2.0.7" in (module / "go.mod").read_text(), proc.stderr

    after = _growth(go, module)
    # at most 10,000 entries stay: ~3 MB
    assert after < 10 * MB, f"after the fix the heap still grew by {after / MB:.1f} MB"
    assert after * 5 < before
