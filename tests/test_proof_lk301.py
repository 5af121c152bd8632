"""Run-time proof for LK301: a map cache fed 200,000 distinct keys grows the
heap by tens of MB; after ``gofixleaks --fix --unsafe-fixes`` (which also adds
golang-lru/v2, or otter/v2 with ``--cache-ttl``, to go.mod through ``go get``)
the heap stays bounded.  A second module shows why ``--cache-ttl`` uses
otter/v2 rather than golang-lru/v2/expirable."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROOF = ROOT / "tests" / "proofs" / "lk301"
BACKENDS = ROOT / "tests" / "proofs" / "lk301_ttl_backends"
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


@pytest.mark.parametrize(
    "go_line, flags, expected, module_line",
    [
        ("1.22", [], "lru.New[string, []byte](10000)", "github.com/hashicorp/golang-lru/v2 v2.0.7"),
        ("1.24", ["--cache-ttl", "1h"], "otter.ExpiryWriting[string, []byte](time.Hour)", "github.com/maypok86/otter/v2 v2.4.0"),
    ],
    ids=["lru", "ttl"],
)
def test_fix_bounds_the_heap(go, tmp_path, go_line, flags, expected, module_line):
    module = tmp_path / "lk301"
    shutil.copytree(PROOF, module)
    gomod = module / "go.mod"
    gomod.write_text(gomod.read_text().replace("go 1.22", f"go {go_line}"))
    before = _growth(go, module)
    # 200,000 entries of ~256 bytes plus keys and map overhead: ~60 MB
    assert before > 40 * MB, f"the leaky program grew the heap by only {before / MB:.1f} MB"

    proc = subprocess.run(
        [sys.executable, "-m", "gofixleaks", "--fix", "--unsafe-fixes", "--preview", "--select", "LK301", *flags, "."],
        cwd=module, capture_output=True, text=True, env=_env(), timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    src = (module / "main.go").read_text()
    assert expected in src, src
    assert module_line in gomod.read_text(), proc.stderr

    after = _growth(go, module)
    # at most 10,000 entries stay: a few MB
    assert after < 10 * MB, f"after the fix the heap still grew by {after / MB:.1f} MB"
    assert after * 5 < before


def test_ttl_backend_goroutines(go, tmp_path):
    """expirable's cleanup goroutine outlives its cache; otter's does not."""
    module = tmp_path / "backends"
    shutil.copytree(BACKENDS, module)
    env = _env()
    proc = subprocess.run([go, "test", "-count=1", "./..."], cwd=module, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
