"""``gofixleaks bot --prove``: the run-time evidence of ``gofixleaks prove`` in
the PR body, measured on the base tree before the bot writes its fixes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gofixleaks.bot.lifecycle import prepare

DATA = Path(__file__).resolve().parent / "data" / "evidence"


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def test_prepare_with_prove_puts_the_evidence_in_the_body(go, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(DATA / "leaky", root)
    shutil.rmtree(root / "failing")  # a test that fails before any fix: not what this test is about
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "leaky")
    (unit,) = prepare(str(root), base_ref="main", prove=True)
    assert unit.commit_sha is not None  # the fixes were made after prove ran on the leaky tree
    body = unit.body
    assert "### Proven at run time" in body
    assert body.index("### Verification") < body.index("### Proven at run time")
    counts = re.findall(r"proven: (\d+) goroutines? leaked by Test\w+(?: \([^)]*\))? before this change, (\d+) after", body)
    assert counts and all(int(before) > 0 and after == "0" for before, after in counts), body
    assert str(root) not in body  # no machine paths in the PR
    # off by default
    (plain,) = prepare(str(root), base_ref="main")
    assert "### Proven at run time" not in plain.body
