"""tree-sitter plumbing: one language, one parser per process, cached queries.

Pinned: tree-sitter 0.26.x, tree-sitter-go 0.25.x (a block's statements sit in a
``statement_list`` node).  Queries are compiled once per process through
:func:`query` and run with :func:`matches` / :func:`captures`.
"""

from __future__ import annotations

import functools
from typing import Iterator

import tree_sitter
import tree_sitter_go

LANGUAGE = tree_sitter.Language(tree_sitter_go.language())
_PARSER: tree_sitter.Parser | None = None

Node = tree_sitter.Node
Tree = tree_sitter.Tree


@functools.lru_cache(maxsize=512)
def parse(source: bytes) -> tree_sitter.Tree:
    """Parse Go source.  Cached by content: the engine's syntax check, every
    rule's FileContext and the fix validation share one tree per text (trees
    are never edited)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = tree_sitter.Parser(LANGUAGE)
    return _PARSER.parse(source)


@functools.cache
def query(text: str) -> tree_sitter.Query:
    """Compile a query once per process (cached by its text)."""
    return tree_sitter.Query(LANGUAGE, text)


def matches(q: tree_sitter.Query, node: Node, start: int | None = None, end: int | None = None) -> Iterator[dict[str, list[Node]]]:
    cur = tree_sitter.QueryCursor(q)
    if start is not None:
        cur.set_byte_range(start, end)
    for _, caps in cur.matches(node):
        yield caps


def captures(q: tree_sitter.Query, node: Node, name: str, start: int | None = None, end: int | None = None) -> list[Node]:
    cur = tree_sitter.QueryCursor(q)
    if start is not None:
        cur.set_byte_range(start, end)
    return cur.captures(node).get(name, [])


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
