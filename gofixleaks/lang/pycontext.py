"""What a Python rule sees: one file, parsed with libcst (lazily imported).

Positions come from libcst's metadata (line, column in characters) and are
turned into byte offsets of the file as read, so that findings and fixes are
the same byte-range :class:`~gofixleaks.model.Edit` values as for Go (a fix
never re-prints the tree: comments, CRLF, tabs and a missing final newline
are kept because the bytes outside the edits are never touched).
"""

from __future__ import annotations

import functools
import os
from typing import Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from ..model import Edit, Finding
from .python import python_version_for

_BOM = b"\xef\xbb\xbf"


class PyFileContext:
    def __init__(self, path: str, source: bytes, settings, package=None):
        self.path = path
        self.source = source
        self.settings = settings
        self.package = package

    # ---- tree and metadata -------------------------------------------------

    @functools.cached_property
    def _wrapper(self) -> MetadataWrapper:
        wrapper = MetadataWrapper(cst.parse_module(self.source), unsafe_skip_copy=True)
        # libcst computes `node.children` with a visitor on every access: the
        # child lists are taken once from the parent map and shared with walk()
        parents = wrapper.resolve(ParentNodeProvider)
        children: dict[int, list] = {}
        for node, parent in parents.items():
            children.setdefault(id(parent), []).append(node)
        _CHILDREN.clear()
        _CHILDREN.update(children)
        _KNOWN.clear()
        _KNOWN.update(id(n) for n in parents)
        _KNOWN.add(id(wrapper.module))
        _CHILDREN_OWNER[:] = [wrapper, parents]  # keeps the ids valid
        self._parents = parents
        return wrapper

    @property
    def module(self) -> cst.Module:
        return self._wrapper.module

    @functools.cached_property
    def _positions(self):
        return self._wrapper.resolve(PositionProvider)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        self._wrapper
        return self._parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        self._wrapper
        p = self._parents.get(node)
        while p is not None:
            yield p
            p = self._parents.get(p)

    @functools.cached_property
    def python_version(self) -> tuple[int, int] | None:
        return python_version_for(os.path.dirname(os.path.abspath(self.path)))

    def python_at_least(self, major: int, minor: int, unknown: bool = False) -> bool:
        v = self.python_version
        return unknown if v is None else v >= (major, minor)

    # ---- bytes ------------------------------------------------------------------

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        data = self.source
        i = data.find(b"\n")
        while i >= 0:
            starts.append(i + 1)
            i = data.find(b"\n", i + 1)
        return starts

    @functools.cached_property
    def newline(self) -> bytes:
        return self.module.default_newline.encode()

    @functools.cached_property
    def indent_unit(self) -> bytes:
        return self.module.default_indent.encode()

    def offset(self, line: int, column: int) -> int:
        """Byte offset of (1-based line, 0-based character column)."""
        start = self._line_starts[line - 1]
        if line == 1 and self.source.startswith(_BOM):
            start += len(_BOM)
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.source)
        text = self.source[start:end].decode("utf-8", "replace")
        return start + len(text[:column].encode("utf-8"))

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        r = self._positions[node]
        return self.offset(r.start.line, r.start.column), self.offset(r.end.line, r.end.column)

    def lines(self, node: cst.CSTNode) -> tuple[int, int]:
        r = self._positions[node]
        return r.start.line, r.end.line

    def line_start(self, line: int) -> int:
        return self._line_starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the line's newline (or the end of the file)."""
        return self._line_starts[line] if line < len(self._line_starts) else len(self.source)

    def line_count(self) -> int:
        return len(self._line_starts)

    def line_text(self, line: int) -> bytes:
        return self.source[self.line_start(line) : self.line_end(line)]

    def indent_of(self, node: cst.CSTNode) -> bytes:
        """The leading whitespace of the line ``node`` starts on."""
        line = self.line_text(self.lines(node)[0])
        return line[: len(line) - len(line.lstrip(b" \t"))]

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # ---- names ------------------------------------------------------------

    @functools.cached_property
    def imports(self) -> dict[str, str]:
        """Local name -> qualified name, for the module's top-level and nested imports."""
        out: dict[str, str] = {}
        for node in walk(self.module):
            if isinstance(node, cst.Import):
                for alias in node.names:
                    full = dotted(alias.name)
                    if full is None:
                        continue
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        out[alias.asname.name.value] = full
                    else:
                        out[full.split(".")[0]] = full.split(".")[0]
            elif isinstance(node, cst.ImportFrom) and not node.relative:
                mod = dotted(node.module) if node.module is not None else None
                if mod is None or isinstance(node.names, cst.ImportStar):
                    continue
                for alias in node.names:
                    name = dotted(alias.name)
                    if name is None:
                        continue
                    local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
                    out[local] = f"{mod}.{name}"
        return out

    def qualname(self, expr: cst.BaseExpression) -> str | None:
        """``sp.Popen`` -> ``subprocess.Popen`` (through the imports); a bare
        builtin name stays itself; None for anything that is not a dotted name."""
        d = dotted(expr)
        if d is None:
            return None
        head, _, rest = d.partition(".")
        base = self.imports.get(head, head)
        return f"{base}.{rest}" if rest else base

    def module_imports(self, module_name: str) -> str | None:
        """The local name under which ``import module_name`` is bound at top level, or None."""
        for local, full in self.imports.items():
            if full == module_name and local == module_name.split(".")[-1] or (full == module_name and "." not in module_name):
                return local
        return None

    def import_edit(self, module_name: str) -> Edit | None:
        """An insertion of ``import module_name`` after the module's leading
        imports (None when it is already imported as itself)."""
        if self.imports.get(module_name) == module_name:
            return None
        return Edit(self.header_end(), self.header_end(), b"import " + module_name.encode() + self.newline)

    def header_end(self) -> int:
        """Offset after the module's leading docstring, ``__future__`` and
        import statements (where a new import or a module-level helper goes)."""
        end = None
        for i, stmt in enumerate(self.module.body):
            if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body):
                end = stmt
                continue
            if i == 0 and isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr) and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
                end = stmt
                continue
            break
        if end is None:
            # after a leading comment block (shebang, coding line, license)
            pos = 0
            if self.source.startswith(_BOM):
                pos = len(_BOM)
            return self._after_comments(pos)
        return self.line_end(self.lines(end)[1])

    def _after_comments(self, pos: int) -> int:
        for n in range(1, self.line_count() + 1):
            text = self.line_text(n).strip()
            if not text.startswith(b"#"):
                return max(pos, self.line_start(n))
        return len(self.source)

    # ---- findings ----------------------------------------------------------

    def finding(self, rule, node: cst.CSTNode, message: str, fix=None) -> Finding:
        r = self._positions[node]
        start, end = self.span(node)
        return Finding(
            code=rule.CODE,
            name=rule.NAME,
            path=self.path,
            line=r.start.line,
            column=start - self.line_start(r.start.line) + 1,
            end_line=r.end.line,
            end_column=end - self.line_start(r.end.line) + 1,
            message=message,
            fix=fix,
        )


class PyPackageContext:
    """The Python files of one directory the engine checks together (each
    Python rule works file by file; this only hands out the contexts)."""

    def __init__(self, directory: str, sources: dict[str, bytes], settings, load_siblings=None, selected=None):
        self.directory = directory
        self.sources = sources
        self.settings = settings
        self.selected = None if selected is None else frozenset(selected)
        self._files: dict[str, PyFileContext] = {}

    def file(self, path: str) -> PyFileContext:
        ctx = self._files.get(path)
        if ctx is None:
            ctx = self._files[path] = PyFileContext(path, self.sources[path], self.settings, self)
        return ctx


# ---- tree helpers ------------------------------------------------------------

# id(node) -> its children, for the tree of the file being checked (one at a
# time per process); nodes of any other tree fall back to `node.children`
_CHILDREN: dict[int, list] = {}
_CHILDREN_OWNER: list = []


_KNOWN: set[int] = set()


def children(node: cst.CSTNode):
    if id(node) in _KNOWN:
        return _CHILDREN.get(id(node), ())
    return node.children


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under ``node`` (itself included), in source order."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def dotted(expr) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if isinstance(expr, cst.Name):
        parts.append(expr.value)
        return ".".join(reversed(parts))
    return None


def mentions(node: cst.CSTNode, names: set[str] | frozenset[str]) -> bool:
    """Does ``node`` use any of ``names`` as a variable (not as an attribute name)?"""
    return any(True for _ in name_uses(node, names))


def name_uses(node: cst.CSTNode, names) -> Iterator[cst.Name]:
    """The Name nodes under ``node`` that are variables named in ``names``
    (not attribute names, keyword-argument names or import names)."""
    skip: set[int] = set()
    for n in walk(node):
        if isinstance(n, cst.Attribute):
            skip.add(id(n.attr))
        elif isinstance(n, cst.Arg) and n.keyword is not None:
            skip.add(id(n.keyword))
        elif isinstance(n, (cst.Import, cst.ImportFrom)):
            for m in walk(n):
                skip.add(id(m))
        elif isinstance(n, cst.Name) and n.value in names and id(n) not in skip:
            yield n
