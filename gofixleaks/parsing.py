"""tree-sitter plumbing: one language, one parser per process, cached queries.

Pinned: tree-sitter 0.26.x, tree-sitter-go 0.25.x (a block's statements sit in a
``statement_list`` node).  Queries are compiled once per process through
:func:`query` and run with :func:`matches` / :func:`captures`.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

import tree_sitter
import tree_sitter_go

LANGUAGE = tree_sitter.Language(tree_sitter_go.language())
_PARSER: tree_sitter.Parser | None = None

Node = tree_sitter.Node
Tree = tree_sitter.Tree


@functools.lru_cache(maxsize=32)
def parse(source: bytes) -> tree_sitter.Tree:
    """Parse Go source.  Cached by content (trees are never edited); the
    engine keeps each package's trees itself (``PackageContext.trees``), so
    this cache stays small: trees are large, and peak memory counts."""
    global _PARSER
    if _PARSER is None:
        _PARSER = tree_sitter.Parser(LANGUAGE)
    return _PARSER.parse(source)


class Query:
    """A query compiled on first use (a run that reads everything from the
    cache compiles none), with the deepest node below the cursor's start
    where one of its patterns can begin (None: anywhere).  A cursor with a
    max start depth does not descend past it unless a match is in progress:
    for a pattern rooted at ``source_file`` that means the top-level
    declarations, not the whole tree."""

    __slots__ = ("text", "max_start_depth", "top_declarations", "_compiled")

    def __init__(self, text: str, max_start_depth: int | None) -> None:
        self.text = text
        self.max_start_depth = max_start_depth
        # every pattern starts at a function or method declaration: in a tree
        # without errors those are children of the root (depth 1) only
        self.top_declarations = max_start_depth is None and _top_level_only(text, _TOP_DECLARATIONS)
        self._compiled: tree_sitter.Query | None = None

    @property
    def compiled(self) -> tree_sitter.Query:
        if self._compiled is None:
            self._compiled = tree_sitter.Query(LANGUAGE, self.text)
        return self._compiled


@functools.cache
def query(text: str, max_start_depth: int | None = None) -> Query:
    """A query, compiled once per process (cached by its text).

    A query whose every pattern starts with ``(source_file`` only matches at a
    tree's root: it is run with start depth 0.  ``max_start_depth`` states a
    bound the caller knows (import specs sit at most 3 levels below the root).
    """
    if max_start_depth is None and _top_level_only(text):
        max_start_depth = 0
    q = Query(text, max_start_depth)
    _ALL.append(q)
    return q


_ALL: list[Query] = []


def compile_all() -> None:
    """Compile every query made so far (before forking workers: compiled once, shared)."""
    for q in _ALL:
        q.compiled


# node types that tree-sitter-go puts only directly under source_file
_TOP_DECLARATIONS = ("function_declaration", "method_declaration")


def _top_level_only(text: str, roots: tuple[str, ...] = ("source_file",)) -> bool:
    """Does every pattern of the query text start with ``(source_file`` (or
    with one of ``roots``)?"""
    depth, starts = 0, []
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|;[^\n]*|[()\[\]]|[^\s()\[\]";]+', text):
        tok = m.group()
        if tok in "[]":
            if depth == 0:
                return False  # an alternation of patterns: not read here
            continue
        if tok == "(":
            if depth == 0:
                head = re.match(r"\s*([\w.]+)", text[m.end():])
                starts.append(head is not None and head.group(1) in roots)
            depth += 1
        elif tok == ")":
            depth -= 1
    return bool(starts) and all(starts)


def _cursor(q: Query, node: Node, start: int | None, end: int | None) -> tree_sitter.QueryCursor:
    cur = tree_sitter.QueryCursor(q.compiled)
    if q.max_start_depth is not None:
        cur.set_max_start_depth(q.max_start_depth)
    elif q.top_declarations and node.type == "source_file" and not node.has_error:
        cur.set_max_start_depth(1)  # an ERROR node may hold a declaration deeper
    if start is not None:
        cur.set_byte_range(start, end)
    return cur


def matches(q: Query, node: Node, start: int | None = None, end: int | None = None) -> Iterator[dict[str, list[Node]]]:
    for _, caps in _cursor(q, node, start, end).matches(node):
        yield caps


def captures(q: Query, node: Node, name: str, start: int | None = None, end: int | None = None) -> list[Node]:
    return _cursor(q, node, start, end).captures(node).get(name, [])


def has_error(tree: tree_sitter.Tree) -> bool:
    return tree.root_node.has_error


def first_error(tree: tree_sitter.Tree) -> Node | None:
    """The first ERROR or MISSING node, for a message (walks only when the tree has one)."""
    if not tree.root_node.has_error:
        return None
    cur = tree.walk()
    while True:
        node = cur.node
        if node.is_error or node.is_missing:
            return node
        if node.has_error and cur.goto_first_child():
            continue
        while not cur.goto_next_sibling():
            if not cur.goto_parent():
                return None


_FUNCTION_DECLS = ("function_declaration", "method_declaration")


def broken_functions(tree: tree_sitter.Tree) -> list[Node] | None:
    """The top-level functions and methods that hold an ERROR or MISSING node
    (grammar lag: tree-sitter-go 0.25 does not know Go 1.26's ``new(expr)``).

    ``[]`` for a clean tree; ``None`` when an error lies outside every
    function (the file as a whole is not understood).
    """
    root = tree.root_node
    if not root.has_error:
        return []
    out = []
    for child in root.children:
        if not (child.has_error or child.is_error or child.is_missing):
            continue
        if child.type not in _FUNCTION_DECLS or child.is_error or child.is_missing:
            return None
        name = child.child_by_field_name("name")
        if name is None or name.has_error or child.child_by_field_name("body") is None:
            return None  # the declaration itself is not understood
        out.append(child)
    return out


def function_label(decl: Node) -> str:
    """``f`` or ``(*T).m`` for a function or method declaration."""
    name = decl.child_by_field_name("name").text.decode("utf-8", "replace")
    if decl.type != "method_declaration":
        return name
    recv = decl.child_by_field_name("receiver")
    types = [c.child_by_field_name("type") for c in recv.named_children if c.type == "parameter_declaration"]
    if types and types[0] is not None:
        return f"({types[0].text.decode('utf-8', 'replace')}).{name}"
    return name


@functools.lru_cache(maxsize=512)
def broken_spans(source: bytes) -> tuple[tuple[int, int], ...] | None:
    """Byte spans that no finding may point into and no edit may touch: each
    broken function with the line before and the line after it.  None when
    the file's errors are not confined to functions."""
    broken = broken_functions(parse(source))
    if broken is None:
        return None
    spans = []
    for decl in broken:
        start = source.rfind(b"\n", 0, max(source.rfind(b"\n", 0, decl.start_byte), 0)) + 1
        end = source.find(b"\n", decl.end_byte)
        end = source.find(b"\n", end + 1) if end >= 0 else -1
        spans.append((start, len(source) if end < 0 else end + 1))
    return tuple(spans)
