"""Goroutine dumps in their text forms, parsed into goroutines with a creation site.

Two forms, as the Go runtime writes them:

* ``debug=2`` (``/debug/pprof/goroutine?debug=2``, a panic's traceback,
  ``pprof.Lookup("goroutineleak").WriteTo(w, 2)``): one block per goroutine::

      goroutine 20 [chan send (leaked)]:
      example.com/m.fetchData.func1()
      	/src/m/leak.go:9 +0x25
      created by example.com/m.fetchData in goroutine 19
      	/src/m/leak.go:7 +0x5f
      [originating from goroutine 19]:        (GODEBUG=tracebackancestors=N)
      example.com/m.TestFetch(...)
      	/src/m/leak_test.go:9 +0x1c
      testing.tRunner(...)

  The ``created by`` location is the ``go`` statement.

* ``debug=1`` (``?debug=1``, ``WriteTo(w, 1)``): goroutines with the same stack
  counted together, no creation site::

      goroutineleak profile: total 13
      10 @ 0x483eee 0x41591c 0x530085 0x48aba1
      #	0x530084	example.com/m.fetchData.func1+0x24	/src/m/leak.go:9

  The goroutine's entry function (its last frame) stands in for the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^goroutine (\d+)\b[^\[]*\[([^\]]*)\]")
_CREATED = re.compile(r"^created by (\S+?)(?: in goroutine (\d+))?\s*$")
_ANCESTOR = re.compile(r"^\[originating from goroutine (\d+)\]:")
_LOCATION = re.compile(r"^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?\s*$")
_PROFILE_HEAD = re.compile(r"^(goroutine|goroutineleak) profile: total (\d+)")
_COUNT = re.compile(r"^(\d+) @(?: 0x[0-9a-f]+)*\s*$")
_HASH_FRAME = re.compile(r"^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(.+?):(\d+)\s*$")
_TEST_FUNC = re.compile(r"^(Test|Benchmark|Example|Fuzz)")


class DumpError(ValueError):
    """The text is not a goroutine dump this module reads."""


@dataclass(frozen=True)
class Frame:
    function: str
    file: str
    line: int


@dataclass
class Goroutine:
    """One goroutine of a ``debug=2`` dump, or one stack of a ``debug=1``
    profile standing for ``count`` goroutines."""

    id: int | None
    state: str
    frames: list[Frame]
    created_by: Frame | None = None  # the go statement
    creator: int | None = None  # "in goroutine N"
    ancestors: list[list[Frame]] = field(default_factory=list)
    ancestor_ids: list[int] = field(default_factory=list)
    text: str = ""
    count: int = 1

    @property
    def leaked(self) -> bool:
        """Marked leaked by the goroutineleak profile (blocked forever)."""
        return "(leaked)" in self.state

    @property
    def entry(self) -> Frame | None:
        """The goroutine's own function (its bottom frame)."""
        return self.frames[-1] if self.frames else None

    def test(self, test_goroutines: dict[int, str] | None = None) -> str | None:
        """The test that started it (directly or through goroutines it started).

        ``test_goroutines`` (goroutine id -> top-level test, recorded by the
        tests themselves) is checked against the creator and the ancestors
        first; else the function run by testing.tRunner in the ancestors'
        stacks (needs GODEBUG=tracebackancestors) names it, when it looks
        like a test (the runtime can name an inlined callee instead)."""
        if test_goroutines:
            for gid in [self.creator, *self.ancestor_ids]:
                if gid is not None and gid in test_goroutines:
                    return test_goroutines[gid]
        unnamed = False
        for stack in [self.frames, *self.ancestors]:
            for i, f in enumerate(stack):
                if f.function.startswith("testing.tRunner") and i > 0:
                    for g in reversed(stack[:i]):
                        name = _short_test_name(g.function)
                        if _TEST_FUNC.match(name):
                            return name
                    unnamed = True
        return UNNAMED_TEST if unnamed else None


UNNAMED_TEST = "(a test)"


def _short_test_name(function: str) -> str:
    """``example.com/m.TestFetch.func1`` -> ``TestFetch``; ``pkg.(*T).M`` kept."""
    tail = function.rsplit("/", 1)[-1]
    parts = tail.split(".")[1:]  # drop the package name
    for p in parts:
        if _TEST_FUNC.match(p):
            return p
    return ".".join(parts) or function


def _function_name(call: str) -> str:
    """``pkg.f(0x1, ...)`` -> ``pkg.f``; keeps ``(*T)`` receivers."""
    name = call.strip()
    if name.endswith(")"):
        depth = 0
        for i in range(len(name) - 1, -1, -1):
            if name[i] == ")":
                depth += 1
            elif name[i] == "(":
                depth -= 1
                if depth == 0:
                    name = name[:i]
                    break
    return name


def parse(text: str) -> list[Goroutine]:
    """Every goroutine (``debug=2``) or stack group (``debug=1``) in ``text``.

    Raises :class:`DumpError` when nothing in it is a goroutine dump.
    """
    if text.startswith("\x1f\x8b") or "\x00" in text[:512]:
        raise DumpError("a binary (gzip/protobuf) pprof profile; fetch the text form with ?debug=2 (or ?debug=1)")
    lines = text.splitlines()
    if any(_PROFILE_HEAD.match(ln) for ln in lines[:50]):
        out = _parse_debug1(lines)
    else:
        out = _parse_debug2(lines)
    if not out:
        raise DumpError("no goroutine in it (expected a goroutine dump: /debug/pprof/goroutine?debug=2 or ?debug=1, or a goroutineleak profile)")
    return out


def _parse_debug2(lines: list[str]) -> list[Goroutine]:
    out: list[Goroutine] = []
    cur: Goroutine | None = None
    block: list[str] = []
    target: list[Frame] | None = None  # where frames go: own stack or an ancestor's
    pending: str | None = None  # a function line waiting for its location
    pending_created = False

    def finish():
        nonlocal cur, block
        if cur is not None:
            cur.text = "\n".join(block).rstrip() + "\n"
            out.append(cur)
        cur, block = None, []

    for ln in lines:
        m = _HEADER.match(ln)
        if m:
            finish()
            cur = Goroutine(id=int(m.group(1)), state=m.group(2), frames=[])
            block = [ln]
            target, pending, pending_created = cur.frames, None, False
            continue
        if cur is None:
            continue
        if not ln.strip():
            # blank lines separate goroutines; ancestors follow without one
            pending = None
            continue
        block.append(ln)
        a = _ANCESTOR.match(ln)
        if a:
            target = []
            cur.ancestors.append(target)
            cur.ancestor_ids.append(int(a.group(1)))
            pending, pending_created = None, False
            continue
        loc = _LOCATION.match(ln)
        if loc and pending is not None:
            frame = Frame(pending, loc.group(1), int(loc.group(2)))
            if pending_created:
                if target is cur.frames:
                    cur.created_by = frame
            elif target is not None:
                target.append(frame)
            pending, pending_created = None, False
            continue
        c = _CREATED.match(ln)
        if c:
            pending, pending_created = c.group(1), True
            if target is cur.frames and c.group(2):
                cur.creator = int(c.group(2))
            continue
        if not ln.startswith("\t") and not ln.startswith("..."):
            pending, pending_created = _function_name(ln), False
    finish()
    return out


def _parse_debug1(lines: list[str]) -> list[Goroutine]:
    out: list[Goroutine] = []
    cur: Goroutine | None = None
    for ln in lines:
        m = _COUNT.match(ln)
        if m:
            cur = Goroutine(id=None, state="", frames=[], count=int(m.group(1)), text=ln + "\n")
            out.append(cur)
            continue
        if cur is None:
            continue
        h = _HASH_FRAME.match(ln)
        if h:
            cur.frames.append(Frame(h.group(1), h.group(2), int(h.group(3))))
            cur.text += ln + "\n"
        elif ln.startswith("# labels:"):
            cur.text += ln + "\n"
        elif not ln.strip():
            cur = None
    leak = any(ln.startswith("goroutineleak profile:") for ln in lines[:50])
    for g in out:
        if leak:
            g.state = "(leaked)"
        # the runtime.goexit frame is not printed in debug=1; drop it if present
        while g.frames and g.frames[-1].function == "runtime.goexit":
            g.frames.pop()
    return [g for g in out if g.frames]


def leak_profile_total(text: str) -> int | None:
    m = re.search(r"^goroutineleak profile: total (\d+)", text, re.M)
    return int(m.group(1)) if m else None
