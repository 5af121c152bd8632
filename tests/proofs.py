"""Shared plumbing for the run-time proofs: copy a proof module, run Go, run gofixleaks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROOFS = ROOT / "tests" / "proofs"


def copy_proof(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(PROOFS / name, target)
    return target


def go_env(**extra) -> dict[str, str | None]:
    """The environment for the go command; ``NAME=None`` in ``extra`` removes NAME."""
    env = dict(os.environ)
    env.setdefault("GOFLAGS", "-mod=mod")
    env["GOWORK"] = "off"
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def go(args: list[str], cwd: Path, timeout: int = 600, **env) -> subprocess.CompletedProcess:
    return subprocess.run(["go", *args], cwd=cwd, capture_output=True, text=True, env=go_env(**env), timeout=timeout)


def run_and_match(module: Path, pattern: str, timeout: int = 600, **env) -> re.Match:
    """``go run .`` in ``module``: it must succeed and print ``pattern``; its match."""
    proc = go(["run", "."], module, timeout=timeout, **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    m = re.search(pattern, proc.stdout)
    assert m, proc.stdout
    return m


def gofixleaks(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gofixleaks", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
