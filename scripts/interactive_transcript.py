"""Make the README's transcript of ``gofixleaks -i`` by running it.

Runs ``gofixleaks -i --select LK101 .`` on a copy of ``examples/leaky`` in a
real pseudo-terminal (pexpect), answers Apply, Skip, Apply, and renders what
the terminal shows with a terminal emulator (pyte): first the screen at the
first question, then the whole session once it has ended.

    pip install pyte   # pexpect comes with the test extra
    python scripts/interactive_transcript.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pexpect
import pyte

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["gofixleaks", "-i", "--select", "LK101", "."]
WIDTH, HEIGHT = 100, 200


def _screen_text(screen: pyte.Screen) -> str:
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


class _Terminal:
    """The child's output fed to the emulator; cursor-position requests
    (ESC [6n, sent by prompt_toolkit) answered as a terminal would."""

    def __init__(self, child: pexpect.spawn):
        self.child = child
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)

    def pump_until(self, needle: str | None, quiet: float = 0.5) -> None:
        """Read until ``needle`` is on the screen (None: until EOF), then until
        the output has been quiet for ``quiet`` seconds."""
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=quiet)
            except pexpect.TIMEOUT:
                if needle is not None and needle in _screen_text(self.screen):
                    return
                continue
            except pexpect.EOF:
                return
            for part in data.split(b"\x1b[6n"):
                self.stream.feed(part)
            for _ in range(data.count(b"\x1b[6n")):
                self.child.send(f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="gofixleaks-transcript-")) / "leaky"
    shutil.copytree(ROOT / "examples" / "leaky", work)
    env = dict(os.environ, NO_COLOR="1", TERM="xterm")
    child = pexpect.spawn(COMMAND[0], COMMAND[1:], cwd=str(work), env=env, dimensions=(HEIGHT, WIDTH), timeout=120)
    term = _Terminal(child)
    first = None
    try:
        for key in ("\r", "s\r", "\r"):  # Apply, Skip, Apply
            term.pump_until("x) Abort")
            if first is None:
                first = _screen_text(term.screen)
            child.send(key)
            term.pump_until("? Apply this fix? " + ("Skip" if key.startswith("s") else "Apply"))
        term.pump_until(None)
    finally:
        child.close()
        shutil.rmtree(work.parent, ignore_errors=True)
    screen = term.screen
    print("$ " + " ".join(COMMAND))
    print(first)
    print("\n----- the whole session, once it has ended -----\n")
    print(_screen_text(screen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
