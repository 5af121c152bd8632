"""Where a finding's goroutines are started, and which goroutines of a dump
are those.

A goroutine finding (LK201, LK202) is about goroutines started by one or more
``go`` statements:

    go func() {          <- LK201 reports the go statement itself
        for { ch <- "data" }
    }()

    ch := make(chan string)     <- LK202 reports the channel; its goroutines
    go func() { ch <- slow() }()   are the go statements that use ``ch``

A dump's goroutine belongs to the finding when its ``created by`` location is
one of those go statements (same file, same line), or, for a ``debug=1``
profile without creation sites, when its entry frame lies inside the go
statement's function literal.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass

from .. import gosyntax, parsing
from .dump import Goroutine

GOROUTINE_RULES = ("LK201", "LK202")
_GO = parsing.query("(go_statement) @go")
_IDENT = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class GoSite:
    """One go statement: file, first and last line (1-based), and the name of
    the function it starts when that is a plain call (``go worker(ch)``)."""

    path: str
    line: int
    end_line: int
    callee: str | None = None


def go_statements(source: bytes, path: str) -> list[GoSite]:
    tree = parsing.parse(source)
    return [_site(n, path) for n in parsing.captures(_GO, tree.root_node, "go")]


def _site(node, path: str) -> GoSite:
    callee = None
    call = next((c for c in node.named_children if c.type == "call_expression"), None)
    if call is not None:
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type in ("identifier", "selector_expression"):
            callee = gosyntax.text(fn).rsplit(".", 1)[-1]
    return GoSite(path, node.start_point[0] + 1, node.end_point[0] + 1, callee)


def sites_for(finding, source: bytes) -> list[GoSite]:
    """The go statements whose goroutines a finding is about."""
    tree = parsing.parse(source)
    gos = parsing.captures(_GO, tree.root_node, "go")
    here = [g for g in gos if g.start_point[0] + 1 == finding.line]
    if here:
        return [_site(here[0], finding.path)]
    # LK202: the finding is on the channel; its goroutines are the go
    # statements of the same function that mention the channel's name
    line_start = _offset_of_line(source, finding.line)
    pos = line_start + max(0, finding.column - 1)
    node = tree.root_node.descendant_for_byte_range(pos, pos)
    func = gosyntax.enclosing_function(node) if node is not None else None
    if func is None:
        return []
    name = _channel_name(source, pos)
    out = []
    for g in gos:
        # go statements after the channel in the same function (closures included)
        if not gosyntax.is_inside(g, func) or g.start_byte < pos:
            continue
        if name is None or name in {m.group(0) for m in _IDENT.finditer(g.text)}:
            out.append(_site(g, finding.path))
    return out


def _offset_of_line(source: bytes, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        nl = source.find(b"\n", pos)
        if nl < 0:
            return len(source)
        pos = nl + 1
    return pos


def _channel_name(source: bytes, pos: int) -> bytes | None:
    """``ch`` in ``ch := make(chan T)`` / ``ch = make(...)`` / ``var ch = make(...)`` at ``pos``."""
    start = source.rfind(b"\n", 0, pos) + 1
    end = source.find(b"\n", pos)
    line = source[start : end if end >= 0 else len(source)]
    m = re.match(rb"\s*(?:var\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::=|=|\s+chan\b)", line)
    return m.group(1) if m else None


# ---- matching goroutines ------------------------------------------------------

def same_file(dump_file: str, path: str, root: str | None) -> bool:
    """Is the dump's file (an absolute path on the machine that ran it, or a
    ``-trimpath`` module path) our ``path``?  Compared by the path relative to
    the module root when known, else by the last two components."""
    a = dump_file.replace("\\", "/")
    if os.path.isabs(path) and a == path:
        return True
    if root:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    else:
        rel = "/".join(os.path.abspath(path).split(os.sep)[-2:])
    return a == rel or a.endswith("/" + rel)


def belongs(g: Goroutine, site: GoSite, root: str | None) -> bool:
    if g.created_by is not None:
        return g.created_by.line == site.line and same_file(g.created_by.file, site.path, root)
    entry = g.entry
    if entry is None:
        return False
    if site.line <= entry.line <= site.end_line and same_file(entry.file, site.path, root):
        return True
    # go worker(ch): the entry is worker itself
    if site.callee and _short(entry.function) == site.callee:
        return True
    return False


def _short(function: str) -> str:
    name = function.rsplit("/", 1)[-1]
    name = re.sub(r"\.func\d+(\.\d+)*$", "", name)
    return name.rsplit(".", 1)[-1]


# ---- a site's line after a fix ---------------------------------------------------

def line_after(old: bytes, new: bytes, line: int) -> int | None:
    """The line that line ``line`` of ``old`` became in ``new`` (a fix that
    edited the text around it), or None when it is gone."""
    a = old.splitlines()
    b = new.splitlines()
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    i = line - 1
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if not (i1 <= i < i2):
            continue
        if tag == "equal":
            return j1 + (i - i1) + 1
        if tag in ("replace", "delete"):
            want = a[i].strip()
            for j in range(j1, j2):
                if b[j].strip() == want:
                    return j + 1
            for j in range(j1, j2):
                if b[j].lstrip().startswith(b"go "):
                    return j + 1
            return None
    return None
