"""Bad input: a clear message, nothing lost, the run goes on.

Each case runs the real command line: in a subprocess, or in-process through
``cli.main(argv)`` where a failure must be simulated with monkeypatch (the
packages here are fewer than 4, so the engine runs them in this process).
"""

from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path

import pytest

from clihelp import FIXED, LEAKY, module, run
from gofixleaks import cli

OTHER = LEAKY.replace(b"package leaky", b"package other")
OTHER_FIXED = FIXED.replace(b"package leaky", b"package other")


def stderr_of(proc) -> str:
    return proc.stderr.decode()


def test_binary_file_named_go(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY, "blob.go": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4})
    before = (root / "blob.go").read_bytes()
    proc = run(["--fix"], root)
    assert proc.returncode == 0, stderr_of(proc)
    assert "blob.go: skipped: binary file (contains NUL bytes)" in stderr_of(proc)
    assert (root / "blob.go").read_bytes() == before
    assert (root / "a.go").read_bytes() == FIXED  # the run went on


def test_not_utf8(tmp_path):
    latin1 = LEAKY.replace(b"func Fetch", "// café\nfunc Fetch".encode("latin-1"))
    root = module(tmp_path, {"a.go": latin1, "b/b.go": OTHER})
    proc = run(["--fix"], root)
    assert proc.returncode == 0, stderr_of(proc)
    assert "a.go: skipped: not valid UTF-8 (byte " in stderr_of(proc)
    assert (root / "a.go").read_bytes() == latin1
    assert (root / "b/b.go").read_bytes() == OTHER_FIXED


def test_syntax_error_reported_and_not_fixed(tmp_path):
    broken = LEAKY.replace(b"\treturn io.ReadAll(resp.Body)\n}\n", b"\treturn io.ReadAll(resp.Body\n}\n")
    root = module(tmp_path, {"a.go": broken, "b/b.go": OTHER})
    proc = run(["--fix"], root)
    # the error lies inside Fetch: that function is skipped (its leak is not
    # reported or edited), not the whole file (grammar lag, issue 10)
    assert "a.go: syntax error in 1 function, not checked: Fetch (line 8)" in stderr_of(proc)
    assert "1 function not checked (syntax error)" in stderr_of(proc)
    assert (root / "a.go").read_bytes() == broken
    assert (root / "b/b.go").read_bytes() == OTHER_FIXED
    assert proc.returncode == 0


def test_syntax_error_file_is_never_edited_even_as_a_sibling():
    # the engine's last guard: a fix on a file with syntax errors is refused
    from gofixleaks.engine import _why_invalid
    from gofixleaks.settings import Settings

    assert _why_invalid(b"package p\nfunc (\n", b"package p\nfunc (\n// x\n", Settings()) == (
        "the file has syntax errors; nothing is fixed in it"
    )


def test_over_size_limit_skipped_with_reason(tmp_path):
    big = LEAKY + b"\n// padding\n" * 1000
    root = module(tmp_path, {"a.go": big, "b/b.go": OTHER, "gofixleaks.toml": b"max-file-size = 4096\n"})
    proc = run(["--fix"], root)
    assert proc.returncode == 0, stderr_of(proc)
    assert f"a.go: skipped: too large ({len(big)} bytes > limit 4096)" in stderr_of(proc)
    assert (root / "a.go").read_bytes() == big
    assert (root / "b/b.go").read_bytes() == OTHER_FIXED


def test_unreadable_file(tmp_path, monkeypatch, capsys):
    # As root (here and in CI) chmod 000 does not stop a read, so the
    # permission error is simulated at the one place files are opened: a
    # wrapper around open() that refuses this path, as the OS would.
    root = module(tmp_path, {"a.go": LEAKY, "secret.go": OTHER.replace(b"package other", b"package leaky")})
    secret = str(root / "secret.go")
    real_open = builtins.open

    def guarded_open(file, *a, **k):
        if isinstance(file, (str, os.PathLike)) and os.path.abspath(file) == secret:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.chdir(root)
    monkeypatch.setattr(builtins, "open", guarded_open)
    code = cli.main(["--fix", "--no-progress"])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert "secret.go: skipped: unreadable: Permission denied" in err
    assert code == 0
    assert (root / "a.go").read_bytes() == FIXED


def test_unreadable_file_real_os_error(tmp_path):
    # An OS-level read error that root gets too, without any monkeypatch:
    # /proc/self/mem stats as a regular file but read() fails with EIO.
    root = module(tmp_path, {"a.go": LEAKY})
    os.symlink("/proc/self/mem", root / "mem.go")
    proc = run(["--fix"], root)
    assert "mem.go: skipped: unreadable: Input/output error" in stderr_of(proc)
    assert proc.returncode == 0
    assert (root / "a.go").read_bytes() == FIXED
    assert os.readlink(root / "mem.go") == "/proc/self/mem"


def test_unreadable_directory(tmp_path, monkeypatch, capsys):
    # os.walk lists directories with os.scandir: refuse one, as chmod 000 would for a non-root user
    root = module(tmp_path, {"a.go": LEAKY, "locked/x.go": OTHER})
    locked = str(root / "locked")
    real_scandir = os.scandir

    def guarded_scandir(path="."):
        if os.path.abspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.chdir(root)
    monkeypatch.setattr(os, "scandir", guarded_scandir)
    code = cli.main(["--fix", "--no-progress"])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert "locked: skipped: unreadable: Permission denied" in err
    assert code == 0
    assert (root / "a.go").read_bytes() == FIXED
    assert (root / "locked/x.go").read_bytes() == OTHER


def test_fifo_named_go_does_not_hang(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    os.mkfifo(root / "pipe.go")
    proc = run(["--fix"], root)
    assert "pipe.go: skipped: not a regular file" in stderr_of(proc)
    proc = run(["--fix", "pipe.go"], root)  # named explicitly too
    assert "pipe.go: skipped: not a regular file" in stderr_of(proc)
    assert proc.returncode == 0


def test_dangling_symlink_and_loop_in_a_walk(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    os.symlink("nowhere.go", root / "dangling.go")
    os.symlink("loop.go", root / "loop.go")
    os.symlink("sub", root / "sub")  # a directory symlink loop
    proc = run(["--fix"], root)
    err = stderr_of(proc)
    assert "dangling.go: skipped: dangling symlink" in err
    assert "loop.go: skipped: symlink loop" in err
    assert proc.returncode == 0, err
    assert (root / "a.go").read_bytes() == FIXED
    assert os.readlink(root / "dangling.go") == "nowhere.go"


@pytest.mark.parametrize("name,target,reason", [("dangling.go", "nowhere.go", "dangling symlink"), ("loop.go", "loop.go", "symlink loop")])
def test_dangling_symlink_and_loop_named_explicitly_exit_2(tmp_path, name, target, reason):
    root = module(tmp_path, {"a.go": LEAKY})
    os.symlink(target, root / name)
    proc = run([name, "a.go"], root)
    assert proc.returncode == 2
    assert f"gofixleaks: error: {name}: {reason}" in stderr_of(proc)
    assert proc.stdout == b""


def test_symlinked_file_is_fixed_through_the_link(tmp_path):
    root = module(tmp_path, {"real/a.go": LEAKY})
    os.symlink("real/a.go", root / "link.go")
    proc = run(["--fix", "link.go"], root)
    assert proc.returncode == 0, stderr_of(proc)
    assert os.path.islink(root / "link.go")
    assert (root / "real/a.go").read_bytes() == FIXED


def test_path_that_does_not_exist_exit_2(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    proc = run(["--fix", "a.go", "missing.go"], root)
    assert proc.returncode == 2
    assert "gofixleaks: error: missing.go: no such file or directory" in stderr_of(proc)
    assert (root / "a.go").read_bytes() == LEAKY  # nothing done


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b.rstrip(b"\n"), id="no-final-newline"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n").rstrip(b"\r\n"), id="all-three"),
    ],
)
def test_bytes_kept(tmp_path, transform):
    root = module(tmp_path, {"a.go": transform(LEAKY)})
    proc = run(["--fix"], root)
    assert proc.returncode == 0, stderr_of(proc)
    assert (root / "a.go").read_bytes() == transform(FIXED)
    # and a second run changes nothing
    assert run(["--fix"], root).returncode == 0
    assert (root / "a.go").read_bytes() == transform(FIXED)


def test_exit_codes(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    assert run([], root).returncode == 1  # findings left
    assert run(["--diff"], root).returncode == 1  # --diff writes nothing: still left
    assert run(["--fix"], root).returncode == 0  # all fixed
    assert run([], root).returncode == 0  # nothing left
    assert run(["--bogus"], root).returncode == 2  # usage
    assert run(["--select", "XX9"], root).returncode == 2


def _two_packages(tmp_path) -> Path:
    return module(tmp_path, {"a/a.go": LEAKY, "b/b.go": OTHER, "c/c.go": LEAKY.replace(b"package leaky", b"package c")})


def _no_temp_files(root: Path) -> None:
    assert [p for p in root.rglob(".gofixleaks-*")] == []


@pytest.mark.parametrize("where", ["replace", "fsync", "write"])
def test_write_failure_keeps_original_and_others_consistent(tmp_path, monkeypatch, capsys, where):
    root = _two_packages(tmp_path)
    target = str(root / "b" / "b.go")
    real = {"replace": os.replace, "fsync": os.fsync}
    full = OSError(errno.ENOSPC, "No space left on device")

    if where == "replace":
        def fake(src, dst, *a, **k):
            if os.path.abspath(dst) == target:
                raise full
            return real["replace"](src, dst, *a, **k)
        monkeypatch.setattr(os, "replace", fake)
    elif where == "fsync":
        calls = []

        def fake(fd):
            calls.append(fd)
            if len(calls) == 2:  # the second file written (sorted: a, b, c)
                raise full
            return real["fsync"](fd)
        monkeypatch.setattr(os, "fsync", fake)
    else:
        from gofixleaks import writer

        real_fdopen = os.fdopen

        class Half:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])  # half written, then the disk is full
                raise full

            def __getattr__(self, name):
                return getattr(self.fh, name)

        def fake_fdopen(fd, *a, **k):
            fh = real_fdopen(fd, *a, **k)
            return Half(fh) if _is_target_dir(fd, target) else fh

        monkeypatch.setattr(writer.os, "fdopen", fake_fdopen)

    monkeypatch.chdir(root)
    code = cli.main(["--fix", "--no-progress", "-j1"])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 2
    assert "b/b.go: write failed, original kept: No space left on device" in err
    assert (root / "b/b.go").read_bytes() == OTHER  # original intact
    assert (root / "a/a.go").read_bytes() == FIXED  # the others fixed, whole
    assert (root / "c/c.go").read_bytes() == FIXED.replace(b"package leaky", b"package c")
    _no_temp_files(root)


def _is_target_dir(fd: int, target: str) -> bool:
    try:
        return os.path.dirname(os.readlink(f"/proc/self/fd/{fd}")) == os.path.dirname(target)
    except OSError:
        return False


def test_interruption_while_writing(tmp_path, monkeypatch, capsys):
    root = _two_packages(tmp_path)
    real_fsync = os.fsync
    calls = []

    def interrupted(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", interrupted)
    monkeypatch.chdir(root)
    code = cli.main(["--fix", "--no-progress", "-j1"])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 130
    assert "gofixleaks: interrupted; no file is half-written; 1 file written: " + os.path.join("a", "a.go") in err
    assert (root / "a/a.go").read_bytes() == FIXED
    assert (root / "b/b.go").read_bytes() == OTHER
    assert (root / "c/c.go").read_bytes() == LEAKY.replace(b"package leaky", b"package c")  # never reached
    _no_temp_files(root)


def test_write_failure_in_a_package_restores_its_other_files(tmp_path, monkeypatch, capsys):
    # a fix may span several files of a package: the package is written all or none
    second = LEAKY.replace(b"Fetch", b"Fetch2")
    root = module(tmp_path, {"p/a.go": LEAKY, "p/b.go": second, "q/q.go": OTHER})
    target = str(root / "p" / "b.go")
    real_replace = os.replace

    def fake(src, dst, *a, **k):
        if os.path.abspath(dst) == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", fake)
    monkeypatch.chdir(root)
    code = cli.main(["--fix", "--no-progress", "-j1"])
    captured = capsys.readouterr()
    monkeypatch.undo()
    assert code == 2
    assert "p/b.go: write failed, original kept: No space left on device" in captured.err
    assert "p/a.go: restored to its original (same package as p/b.go)" in captured.err
    assert (root / "p/a.go").read_bytes() == LEAKY
    assert (root / "p/b.go").read_bytes() == second
    assert (root / "q/q.go").read_bytes() == OTHER_FIXED
    assert "(fixed)" not in "".join(l for l in captured.out.splitlines(True) if "/p/" in l)
    _no_temp_files(root)
