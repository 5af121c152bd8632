"""Run-time proofs for the Python rules: each program in tests/proofs/pyNNN/
(``leaky.py``, measured by ``measure.py``) leaks before ``gofixleaks --fix``
and not after, as the interpreter itself reports it: open descriptors
(/proc/self/fd), ResourceWarnings, child processes (zombies in /proc), live
threads, tracemalloc growth, instances kept alive (weak references).  Only
loopback traffic (PY102's server listens on 127.0.0.1)."""

from __future__ import annotations

import os
import re
import signal
import shutil
import subprocess
import sys

import pytest

from proofs import PROOFS, gofixleaks


def _measure(d) -> dict[str, int]:
    # its own process group: whatever the leaky code leaves running (pool
    # workers whose pool was never shut down) is killed with it afterwards
    proc = subprocess.Popen([sys.executable, "measure.py"], cwd=d, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=300)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    assert proc.returncode == 0, out
    m = re.search(r"^RESULT (.*)$", out, re.M)
    assert m, out
    return {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}


# rule -> (flags, check(before, after))
CASES = {
    "py101": ([], lambda b, a: b["held_fds"] == 200 and a["held_fds"] == 0 and b["resource_warnings"] == 100 and a["resource_warnings"] == 0),
    "py102": ([], lambda b, a: b["held_fds"] >= 100 and a["held_fds"] <= 2 and b["resource_warnings"] == 100 and a["resource_warnings"] == 0),
    "py103": (["--unsafe-fixes"], lambda b, a: b["children"] == 10 and a["children"] == 0 and b["resource_warnings"] == 5 and a["resource_warnings"] == 0 and b["threads"] >= 5 and a["threads"] == 0),
    "py104": (["--unsafe-fixes"], lambda b, a: b["resource_warnings"] == 20 and a["resource_warnings"] == 0 and a["zombies"] == 0),
    "py201": ([], lambda b, a: b["finished"] == 0 and b["destroyed_pending"] == 50 and a["finished"] == 50 and a["destroyed_pending"] == 0),
    "py301": (["--unsafe-fixes", "--cache-size", "1000"], lambda b, a: b["grown_bytes"] > 10_000_000 and a["grown_bytes"] < 1_000_000),
    "py302": (["--unsafe-fixes"], lambda b, a: b["alive"] == 1000 and a["alive"] == 0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_leaks_before_fix_and_not_after(name, tmp_path):
    flags, check = CASES[name]
    d = tmp_path / name
    shutil.copytree(PROOFS / name, d)
    before = _measure(d)
    original = (d / "leaky.py").read_bytes()
    proc = gofixleaks(["--fix", "--no-progress", "--select", name.upper(), *flags, "leaky.py"], d)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (d / "leaky.py").read_bytes() != original
    after = _measure(d)
    assert check(before, after), f"before {before}, after {after}"
