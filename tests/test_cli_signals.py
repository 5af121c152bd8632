"""Ctrl-C and closed pipes, with real signals and real pipes, on the installed
``gofixleaks`` console script (what a user runs).

Ctrl-C is sent as a terminal sends it: SIGINT to the whole process group
(the parent and its worker processes).
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clihelp import FIXED, GO_MOD, LEAKY

# Several LK101 findings per file: output larger than a pipe's buffer.
MANY = b"package p\n\nimport \"net/http\"\n\n" + b"".join(
    b"func F%d(u string) (int, error) {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn resp.StatusCode, nil\n}\n\n" % i
    for i in range(6)
)


@pytest.fixture(scope="module")
def exe():
    path = shutil.which("gofixleaks")
    if path is None:
        pytest.fail("the gofixleaks console script is not on PATH: pip install -e '.[test]' and run pytest from that environment", pytrace=False)
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory, go):
    """A module: a copy of part of GOROOT/src (net, os, encoding) plus
    60 small leaky packages, so that a --fix run writes files all along."""
    goroot = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    root = tmp_path_factory.mktemp("big") / "pristine"
    root.mkdir()
    for part in ("net", "os", "encoding"):
        shutil.copytree(Path(goroot, "src", part), root / part, symlinks=True)
    (root / "go.mod").write_bytes(GO_MOD)
    for i in range(30):
        for prefix in ("a", "zz"):
            d = root / f"{prefix}{i:02d}"
            d.mkdir()
            (d / "leaky.go").write_bytes(LEAKY.replace(b"package leaky", f"package {prefix}{i:02d}".encode()))
    return root


def _fresh(big: Path, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(big, work, symlinks=True)
    return work


def _changed(pristine: Path, work: Path) -> set[str]:
    out = set()
    for dirpath, dirs, files in os.walk(work):
        dirs[:] = [d for d in dirs if d != ".gofixleaks_cache"]  # the results cache is the tool's own (git-ignored)
        for f in files:
            p = Path(dirpath, f)
            rel = p.relative_to(work)
            if not filecmp.cmp(p, pristine / rel, shallow=False):
                out.add(str(rel))
    return out


def _leaky_written(work: Path) -> bool:
    return any((work / f"a{i:02d}" / "leaky.go").read_bytes() != LEAKY.replace(b"package leaky", f"package a{i:02d}".encode()) for i in range(30))


@pytest.mark.parametrize("attempt", range(3))
def test_ctrl_c_during_fix_exits_130_lists_written_files(exe, big, tmp_path, attempt):
    work = _fresh(big, tmp_path)
    proc = subprocess.Popen(
        [exe, "--fix", "--no-progress", "."], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 240
    while not _leaky_written(work) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.05 * attempt)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    text = err.decode()
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    assert len(text.splitlines()) == 1, text
    m = re.fullmatch(r"gofixleaks: interrupted; no file is half-written; (\d+) files? written: (.*)\n", text)
    assert m, text
    listed = set(m.group(2).split(", "))
    assert int(m.group(1)) == len(listed) >= 1
    # exactly the files changed on disk are listed, each wholly fixed
    assert _changed(big, work) == listed
    for rel in listed:
        if not rel.endswith("leaky.go"):
            continue  # a fix in the copy of the standard library
        assert (work / rel).read_bytes() == FIXED.replace(b"package leaky", f"package {Path(rel).parent.name}".encode())
    assert not list(work.rglob(".gofixleaks-*"))
    assert out == b""


def test_ctrl_c_during_a_report_run(exe, big, import_time):
    proc = subprocess.Popen([exe, "--no-progress", "."], cwd=big, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(import_time * 1.5 + 0.3)  # past start-up, into the 800 files
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and err == b"gofixleaks: interrupted\n", err.decode()


@pytest.fixture(scope="module")
def import_time():
    """How long Python takes to start and import gofixleaks.cli on this
    machine now: before that, Ctrl-C meets the interpreter's own start-up
    (site, the entry point's import), which no program can handle."""
    best = None
    for _ in range(2):
        t = time.monotonic()
        subprocess.run([sys.executable, "-c", "import gofixleaks.cli"], check=True)
        best = min(best or 1e9, time.monotonic() - t)
    return best


@pytest.mark.parametrize("after", [0.2, 0.5, 0.9])
def test_ctrl_c_during_start_up(exe, tmp_path, import_time, after):
    """While the program imports tree-sitter and the rules: exit 130, one
    line, no traceback."""
    (tmp_path / "go.mod").write_bytes(GO_MOD)
    (tmp_path / "a.go").write_bytes(LEAKY)
    proc = subprocess.Popen([exe, "--no-progress", "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(import_time * 1.2 + after * import_time)
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    text = err.decode()
    assert "Traceback" not in text, text
    if proc.returncode == 1:  # the run was already over: nothing to interrupt
        return
    assert proc.returncode == 130 and text == "gofixleaks: interrupted\n", text


@pytest.fixture(scope="module")
def noisy(tmp_path_factory):
    """A module whose report (1,200 findings) is far larger than a pipe's buffer."""
    root = tmp_path_factory.mktemp("noisy")
    (root / "go.mod").write_bytes(GO_MOD)
    for i in range(200):
        (root / f"f{i:03d}.go").write_bytes(MANY)
    return root


PIPED = [
    (["."], 1),
    (["--diff", "."], 1),
    (["--format", "json", "."], 1),
    (["rules"], 0),
    (["rule", "LK101"], 0),
]


@pytest.mark.parametrize("args,status", PIPED, ids=[" ".join(a) for a, _ in PIPED])
def test_closed_pipe_is_a_quiet_exit(exe, noisy, args, status):
    """``gofixleaks ... | head -1`` through a real shell pipe, repeated to meet
    the race (the reader gone before, during or after the writes), and
    ``| true`` (the reader gone before the first write)."""
    cmd = " ".join([exe, "--no-progress", *args] if args[0] not in ("rules", "rule") else [exe, *args])
    for reader in ["head -1"] * 6 + ["true"] * 2:
        proc = subprocess.run(
            ["bash", "-c", f"{cmd} 2>err.txt | {reader} >/dev/null; echo ${{PIPESTATUS[0]}}"],
            cwd=noisy,
            capture_output=True,
            timeout=300,
        )
        err = (noisy / "err.txt").read_text()
        assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
        assert int(proc.stdout) == status, (reader, err)


def test_ctrl_c_waits_until_the_package_is_written(tmp_path, monkeypatch):
    """A real SIGINT to this process while the first file of a two-file
    package is written: both files are written, then KeyboardInterrupt."""
    from gofixleaks import exits
    from gofixleaks.model import FileResult
    from gofixleaks.writer import write_package

    a, b = tmp_path / "a.go", tmp_path / "b.go"
    a.write_bytes(LEAKY)
    b.write_bytes(LEAKY)
    files = [FileResult(str(a), LEAKY, FIXED), FileResult(str(b), LEAKY, FIXED)]
    real_fsync = os.fsync
    sent = []

    def fsync(fd):
        if not sent:
            sent.append(fd)
            os.kill(os.getpid(), signal.SIGINT)
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    interrupts = exits.Interrupts().install()
    try:
        with pytest.raises(KeyboardInterrupt):
            write_package(files)
    finally:
        interrupts.restore()
    assert sent and a.read_bytes() == FIXED and b.read_bytes() == FIXED
