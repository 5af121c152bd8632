"""Run-time proofs for LK106 (unclosed-file) and LK107 (defer-in-loop).

Each program lowers its own soft RLIMIT_NOFILE to 64 and opens a file 200
times through a leaky function: before ``--fix`` it runs out of file
descriptors ("too many open files") after about 60 opens; after the fix all
200 succeed.  See the comments in tests/proofs/lk106/main.go and
tests/proofs/lk107/main.go (GC is turned off so that the os.File finalizer
cannot close leaked files behind the test's back).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from proofs import copy_proof, go_env, gofixleaks
from proofs import go as run_go


def _run(module: Path) -> subprocess.CompletedProcess:
    exe = module / "proof.bin"
    build = run_go(["build", "-o", str(exe), "."], module, timeout=300)
    assert build.returncode == 0, build.stderr
    return subprocess.run([str(exe)], cwd=module, capture_output=True, text=True, env=go_env(), timeout=120)


def _fix(module: Path) -> subprocess.CompletedProcess:
    return gofixleaks(["--fix", str(module / "main.go")], module)


@pytest.mark.parametrize(
    "code, opened_before",
    [
        ("lk106", re.compile(r"calls=(\d+) error=.*too many open files")),
        ("lk107", re.compile(r"error=open .*f(\d+)\.txt: too many open files")),
    ],
)
def test_leak_runs_out_of_descriptors_until_fixed(code, opened_before, go, tmp_path):
    module = copy_proof(code, tmp_path)

    before = _run(module)
    assert before.returncode == 1, f"the leaky program should fail:\n{before.stdout}{before.stderr}"
    m = opened_before.search(before.stdout)
    assert m, f"expected 'too many open files':\n{before.stdout}{before.stderr}"
    assert 20 <= int(m.group(1)) < 100, f"the leak should exhaust a limit of 64 descriptors: {before.stdout}"

    fixed = _fix(module)
    assert fixed.returncode in (0, 1), fixed.stderr
    assert code.upper() in fixed.stdout and "(fixed)" in fixed.stdout, fixed.stdout
    source = (module / "main.go").read_text()
    if code == "lk106":
        assert "defer f.Close()" in source
    else:
        assert "if err := func() error {" in source

    after = _run(module)
    assert after.returncode == 0, f"the fixed program should succeed:\n{after.stdout}{after.stderr}\n--- main.go\n{source}"
    assert re.search(r"(calls|files)=200 .*ok", after.stdout), after.stdout
