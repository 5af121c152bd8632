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
