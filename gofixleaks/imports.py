"""Add an import to a Go file exactly once, in gofmt's order.

- already imported (under any usable name): nothing to do;
- no import declaration: ``import "p"`` after the package clause;
- a single ``import "q"``: turned into a group, the two sorted;
- a group: the path goes into the block (lines without a blank line between)
  of its kind, standard library or not, at its sorted place; a third-party path
  with no third-party block gets a new block at the end of the group.
"""

from __future__ import annotations

from . import parsing
from .gosyntax import line_end as _line_end
from .gosyntax import line_start as _line_start
from .edits import apply_edits
from .model import Edit

_DECLS = parsing.query("(source_file (import_declaration) @decl)")
_PKG = parsing.query("(source_file (package_clause) @pkg)")


def is_std(path: str) -> bool:
    return "." not in path.split("/", 1)[0]


def _eol(source: bytes) -> bytes:
    i = source.find(b"\n")
    return b"\r\n" if i > 0 and source[i - 1 : i] == b"\r" else b"\n"


def _spec_info(spec: parsing.Node) -> tuple[str, str | None]:
    path = spec.child_by_field_name("path").text.decode()[1:-1]
    name = spec.child_by_field_name("name")
    return path, name.text.decode() if name is not None else None


def _specs(decl: parsing.Node) -> list[parsing.Node]:
    out = []
    for child in decl.named_children:
        if child.type == "import_spec":
            out.append(child)
        elif child.type == "import_spec_list":
            out.extend(c for c in child.named_children if c.type == "import_spec")
    return out


def import_edit(source: bytes, path: str) -> Edit | None:
    """The edit that adds ``import "path"``, or None if it is already there."""
    tree = parsing.parse(source)
    root = tree.root_node
    eol = _eol(source)
    line = f'"{path}"'.encode()
    decls = parsing.captures(_DECLS, root, "decl")
    for decl in decls:
        for spec in _specs(decl):
            p, name = _spec_info(spec)
            if p == path and name not in ("_", "."):
                return None
    if not decls:
        pkg = parsing.captures(_PKG, root, "pkg")
        if not pkg:
            return None
        end = _line_end(source, pkg[0].end_byte)
        return Edit(end, end, eol + eol + b"import " + line)
    groups = [d for d in decls if any(c.type == "import_spec_list" for c in d.named_children)]
    if not groups:
        decl = decls[-1]
        (spec,) = _specs(decl)
        old = source[spec.start_byte : spec.end_byte]
        p, _ = _spec_info(spec)
        entries = [(p, old), (path, line)]
        if is_std(p) == is_std(path):
            entries.sort(key=lambda e: e[0])
            body = b"".join(b"\t" + e[1] + eol for e in entries)
        else:
            entries.sort(key=lambda e: (not is_std(e[0]), e[0]))
            body = b"\t" + entries[0][1] + eol + eol + b"\t" + entries[1][1] + eol
        return Edit(decl.start_byte, decl.end_byte, b"import (" + eol + body + b")")
    decl = groups[0]
    specs = _specs(decl)
    spec_list = next(c for c in decl.named_children if c.type == "import_spec_list")
    if not specs:
        # import () -- put it on its own line inside the parentheses
        close = spec_list.end_byte - 1
        return Edit(close, close, eol + b"\t" + line + eol)
    # blocks: runs of specs with no blank line between them
    blocks: list[list[parsing.Node]] = [[specs[0]]]
    for prev, cur in zip(specs, specs[1:]):
        gap = source[prev.end_byte : _line_start(source, cur.start_byte)]
        if gap.count(b"\n") >= 2:
            blocks.append([cur])
        else:
            blocks[-1].append(cur)
    want_std = is_std(path)
    block = next((b for b in blocks if all(is_std(_spec_info(s)[0]) == want_std for s in b)), None)
    if block is None:
        block = next((b for b in blocks if any(is_std(_spec_info(s)[0]) == want_std for s in b)), None)
    if block is None:
        last = blocks[-1][-1]
        end = _line_end(source, last.end_byte)
        if want_std:
            first = blocks[0][0]
            start = _line_start(source, first.start_byte)
            return Edit(start, start, b"\t" + line + eol + eol)
        return Edit(end, end, eol + eol + b"\t" + line)
    for spec in block:
        if _spec_info(spec)[0] > path:
            start = _line_start(source, spec.start_byte)
            # keep a comment line directly above the spec attached to it
            indent = source[start : spec.start_byte]
            if indent.strip():
                break
            while start > 0:
                prev_start = _line_start(source, start - 1)
                if not source[prev_start:start].strip().startswith(b"//"):
                    break
                start = prev_start
            return Edit(start, start, indent + line + eol)
    last = block[-1]
    end = _line_end(source, last.end_byte)
    indent = source[_line_start(source, last.start_byte) : last.start_byte]
    if indent.strip():
        indent = b"\t"
    return Edit(end, end, eol + indent + line)


def add_imports(source: bytes, paths) -> bytes:
    """Add each path once (in order); returns the new bytes."""
    for path in paths:
        e = import_edit(source, path)
        if e is not None:
            source = apply_edits(source, [e])
    return source
