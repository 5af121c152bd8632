"""LK201 is a package-level rule: what it reports and edits when only some
files of a package are given on the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "golden" / "LK201" / "callsites_two_files"


def _copy(tmp_path: Path) -> Path:
    pkg = tmp_path / "pkg"
    shutil.copytree(CASE, pkg, ignore=shutil.ignore_patterns("*.golden"))
    shutil.copyfile(ROOT / "golden" / "LK201" / "go.mod", tmp_path / "go.mod")
    return pkg


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gofixleaks", "--select", "LK201", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_fixing_one_file_updates_call_sites_in_its_siblings(tmp_path):
    pkg = _copy(tmp_path)
    proc = _run(["--fix", "poller.go"], pkg)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the finding names the call site that was given context.TODO()
    assert "call sites given context.TODO() can still leak: background.go:7" in proc.stdout
    for name in ("poller.go", "callers.go", "background.go"):
        assert (pkg / name).read_bytes() == (CASE / f"{name}.golden").read_bytes(), name


def test_siblings_read_for_call_sites_are_not_reported_on(tmp_path):
    pkg = _copy(tmp_path)
    # the go statement is in poller.go: checking callers.go alone reports nothing
    proc = _run(["callers.go", "background.go"], pkg)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr


def test_check_mode_reports_without_writing(tmp_path):
    pkg = _copy(tmp_path)
    before = {p.name: p.read_bytes() for p in pkg.iterdir()}
    proc = _run(["."], pkg)
    assert proc.returncode == 1
    assert proc.stdout.count("LK201") == 1 and "[*]" in proc.stdout
    assert {p.name: p.read_bytes() for p in pkg.iterdir()} == before
