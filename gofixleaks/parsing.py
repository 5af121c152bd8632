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
