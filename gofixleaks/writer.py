"""Atomic writes: a temp file in the same directory, fsync, then rename; the
file mode is kept, and a file changed on disk since it was read is not
overwritten."""

from __future__ import annotations

import os
import stat
import tempfile


class WriteError(Exception):
    pass


def write_atomic(path: str, data: bytes, expected_old: bytes | None = None) -> None:
    if expected_old is not None:
        try:
            with open(path, "rb") as fh:
                if fh.read() != expected_old:
                    raise WriteError(f"{path}: changed on disk since it was read; not written")
        except OSError as e:
            raise WriteError(f"{path}: cannot re-read before writing: {e.strerror}") from e
    real = os.path.realpath(path)  # write through a symlink, keep the link
    directory = os.path.dirname(real) or "."
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=".gofixleaks-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise WriteError(f"{path}: write failed, original kept: {e.strerror or e}") from e
        raise


def write_package(files) -> tuple[int, list[str]]:
    """Write the changed files of one package (``FileResult`` values) all or none.

    A fix may span several files of a package (a call-site update); when one
    file cannot be written, the files of the package already written get their
    original bytes back, so the package is never left half-fixed.
    Returns (files written, error messages); on an error the findings of the
    package are marked not applied.  Ctrl-C waits until the package is done.
    """
    from .exits import held

    with held():
        return _write_package(files)


def _write_package(files) -> tuple[int, list[str]]:
    changed = [fr for fr in files if fr.fixed is not None]
    done = []
    for fr in changed:
        try:
            write_atomic(fr.path, fr.fixed, expected_old=fr.original)
        except WriteError as e:
            errors = [str(e)]
            for prev in reversed(done):
                try:
                    write_atomic(prev.path, prev.original, expected_old=prev.fixed)
                    errors.append(f"{prev.path}: restored to its original (same package as {fr.path})")
                except WriteError as e2:
                    errors.append(f"{prev.path}: could not be restored, it keeps the fix: {e2}")
            for other in files:
                for f in other.findings:
                    f.applied = False
            return 0, errors
        done.append(fr)
    return len(done), []
