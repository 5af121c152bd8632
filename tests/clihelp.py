"""Shared helpers for tests that drive the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One LK101 finding with a safe fix (adds `defer resp.Body.Close()`).
LEAKY = b"""package leaky

import (
\t"io"
\t"net/http"
)

func Fetch(url string) ([]byte, error) {
\tresp, err := http.Get(url)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn io.ReadAll(resp.Body)
}
"""

FIXED = LEAKY.replace(b"\t}\n\treturn io.ReadAll", b"\t}\n\tdefer resp.Body.Close()\n\treturn io.ReadAll")

GO_MOD = b"module example.com/leaky\n\ngo 1.22\n"


def run(args: list[str], cwd: Path | str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """``python -m gofixleaks ARGS`` in ``cwd`` with this tree's code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "gofixleaks", "--no-progress", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=300,
    )


def module(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A Go module in ``tmp_path/mod`` holding ``files`` (relative paths)."""
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_bytes(GO_MOD)
    (root / ".git").mkdir()  # the repository root: config lookup stops here
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root
