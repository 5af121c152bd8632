"""How the command line ends when its user stops it: Ctrl-C and closed pipes.

- Ctrl-C (SIGINT): the terminal sends it to every process of the foreground
  group, worker processes included.  :class:`Interrupts` makes it raise
  ``KeyboardInterrupt`` in the main process only (the parent stops the pool;
  workers ignore it, so they print no traceback), and defers it while a
  package's files are being written (:func:`held`), so a package is written
  all or none.  The command then exits 130 with one line.
- A closed pipe (``gofixleaks . | head -1``): :func:`quiet_closed_pipes`
  points the closed stdout/stderr at /dev/null, so that neither the rest of
  the run nor the flush at exit prints a ``BrokenPipeError`` traceback.
"""

from __future__ import annotations

# only modules Python has loaded at start-up: this runs before the program's
# own imports (see gofixleaks/__init__.py), where every millisecond is a
# window in which Ctrl-C would print a raw traceback
import os
import signal

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C


class Interrupts:
    """A SIGINT handler: ``KeyboardInterrupt`` in the process that installed
    it, nothing in forked children (they inherit the handler), and deferred
    to the end of a :meth:`hold` block."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.depth = 0
        self.pending = False
        self.previous = None

    def __call__(self, signum, frame) -> None:
        if os.getpid() != self.pid:
            return  # a forked worker: the parent decides and stops the pool
        if self.depth:
            self.pending = True
            return
        raise KeyboardInterrupt

    def hold(self) -> "_Hold":
        return _Hold(self)

    def release(self) -> None:
        """End a hold; a Ctrl-C received meanwhile raises now."""
        self.depth -= 1
        if not self.depth and self.pending:
            self.pending = False
            raise KeyboardInterrupt

    def install(self) -> "Interrupts":
        global _active
        try:
            self.previous = signal.signal(signal.SIGINT, self)
        except ValueError:  # not the main thread: leave signals alone
            return self
        _active = self
        return self

    def restore(self) -> None:
        global _active
        if _active is self and self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            _active = None


class _Hold:
    def __init__(self, interrupts: Interrupts):
        self.interrupts = interrupts

    def __enter__(self) -> None:
        self.interrupts.depth += 1

    def __exit__(self, *exc) -> None:
        self.interrupts.release()


class _Nothing:
    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        pass


_active: Interrupts | None = None


def held():
    """Defer Ctrl-C for the block when the command line's handler is installed
    (a no-op for library callers)."""
    return _active.hold() if _active is not None and os.getpid() == _active.pid else _Nothing()


startup: Interrupts | None = None


def hold_from_start_up() -> None:
    """Called first thing by the console script: hold Ctrl-C until the
    command line's ``main`` can end the run cleanly."""
    global startup
    startup = Interrupts().install()
    startup.depth = 1


def _broken(fd: int) -> bool:
    """Is ``fd`` the write end of a pipe whose reader has gone?"""
    import select

    try:
        p = select.poll()
        p.register(fd, select.POLLOUT)
        return any(ev & select.POLLERR for _fd, ev in p.poll(0))
    except (OSError, ValueError):
        return False


def quiet_closed_pipes() -> None:
    """After a ``BrokenPipeError``: send what is still written to a closed
    stdout or stderr to /dev/null (stdout when neither looks closed)."""
    broken = [fd for fd in (1, 2) if _broken(fd)] or [1]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in broken:
            os.dup2(devnull, fd)
    finally:
        os.close(devnull)
