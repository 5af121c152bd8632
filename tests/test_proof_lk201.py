"""Run-time proof for LK201: goleak finds the leak-guide goroutines before
``gofixleaks --fix`` and none after.

tests/proofs/lk201 is a Go module (goleak v1.3.0 from the module proxy) with
the leak guide's two examples, ``fetchData`` and the ``ticker.C`` goroutine,
and one test file that works on both sides of the fix: it calls them through
``firstN(ctx, n)`` and ``runTicker(ctx)``, whose signatures the fix keeps (it
adds ``ctx`` to ``fetchData`` and ``startTicker`` and passes theirs on), and
cancels that context before ``goleak.VerifyNone``.

tests/proofs/lk201_service does the same for the other shapes the rule
rewrites: a worker method receiving with ``j := <-p.jobs`` (three of them),
a ``time.Tick`` heartbeat and a sleeping poller, all reached through
``Run(ctx)``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROOF = ROOT / "tests" / "proofs" / "lk201"
SERVICE = ROOT / "tests" / "proofs" / "lk201_service"
TESTS = ("TestFetchDataStopsWhenCancelled", "TestTickerStopsWhenCancelled")


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOFLAGS"] = "-mod=mod"
    env["GOWORK"] = "off"
    return env


def _go_test(module: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["go", "test", "-count=1", "-v", "./..."], cwd=module, env=_go_env(),
        capture_output=True, text=True, timeout=600,
    )


def _leaked(output: str) -> int:
    """Goroutines goleak reports (one "[Goroutine N in state" line each)."""
    return len(re.findall(r"Goroutine \d+ in state", output))


def _fix(module: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "gofixleaks", "--fix", "--select", "LK201", "."],
        cwd=module, env=env, capture_output=True, text=True, timeout=120,
    )


def test_goleak_fails_before_fix_and_passes_after(go, tmp_path):
    module = tmp_path / "lk201"
    shutil.copytree(PROOF, module)

    before = _go_test(module)
    out = before.stdout + before.stderr
    assert before.returncode != 0, f"the leaky module should fail goleak:\n{out}"
    for name in TESTS:
        assert f"--- FAIL: {name}" in out, f"{name} should fail before the fix:\n{out}"
    assert "found unexpected goroutines" in out
    assert _leaked(out) >= 2, out  # at least one per example
    assert "fetchData.func1" in out and "startTicker.func1" in out, out

    fix = _fix(module)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert "2 fixes applied" in fix.stderr, fix.stderr
    fixed = (module / "leakguide.go").read_text()
    assert "func fetchData(ctx context.Context) <-chan string" in fixed
    assert "func startTicker(ctx context.Context)" in fixed
    assert "defer ticker.Stop()" in fixed
    assert "ch := fetchData(ctx)" in fixed and "startTicker(ctx)" in fixed
    assert (module / "leakguide_test.go").read_bytes() == (PROOF / "leakguide_test.go").read_bytes()

    after = _go_test(module)
    out = after.stdout + after.stderr
    assert after.returncode == 0, f"goleak still finds goroutines after the fix:\n{out}"
    for name in TESTS:
        assert f"--- PASS: {name}" in out, out
    assert _leaked(out) == 0


def test_service_shapes_leak_before_fix_and_not_after(go, tmp_path):
    module = tmp_path / "lk201_service"
    shutil.copytree(SERVICE, module)

    before = _go_test(module)
    out = before.stdout + before.stderr
    assert before.returncode != 0, out
    # three workers, the heartbeat and the poller (a margin of one for timing)
    assert _leaked(out) >= 4, out
    for frame in ("(*pool).work", "heartbeat.func1", "poller.func1"):
        assert frame in out, f"{frame} should be reported by goleak:\n{out}"

    fix = _fix(module)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert "3 fixes applied" in fix.stderr, fix.stderr
    fixed = (module / "service.go").read_text()
    assert "func (p *pool) work(ctx context.Context)" in fixed
    assert "case j := <-p.jobs:" in fixed and "ticker := time.NewTicker(10 * time.Millisecond)" in fixed
    assert "p.start(ctx, 3)" in fixed and "heartbeat(ctx, beats)" in fixed and "poller(ctx, ns)" in fixed

    after = _go_test(module)
    out = after.stdout + after.stderr
    assert after.returncode == 0, f"goleak still finds goroutines after the fix:\n{out}"
    assert _leaked(out) == 0
