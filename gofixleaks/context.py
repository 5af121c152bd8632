"""What a rule sees: one file (:class:`FileContext`) or one package (:class:`PackageContext`).

Built once per file by the engine; every rule reads the same tree, the same
import table and the same ``go`` version, nothing is recomputed per rule.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import parsing
from .gomod import find_gomod
from .model import Finding

if TYPE_CHECKING:
    from .settings import Settings

_IMPORTS = parsing.query(
    """
    (import_spec name: (_)? @name path: (interpreted_string_literal) @path) @spec
    (import_spec name: (_)? @name path: (raw_string_literal) @path) @spec
    """,
    max_start_depth=3,  # source_file > import_declaration > import_spec_list > import_spec
)
_PACKAGE = parsing.query("(source_file (package_clause (package_identifier) @name))")
# a BOM, then whitespace and comments, then the package clause
_PACKAGE_HEAD = re.compile(rb"(?:\xef\xbb\xbf)?(?:[ \t\r\n]+|//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)*package[ \t\r\n]+([^\x00- ;/(){}\[\].,:=+\-*&|^%!<>\"'`]+)")


@dataclass(frozen=True)
class Import:
    path: str  # "net/http"
    name: str | None  # explicit local name, "." or "_", or None
    node: parsing.Node

    @property
    def local(self) -> str | None:
        """The identifier the package is referred to by, or None (dot/blank)."""
        if self.name in (".", "_"):
            return None
        if self.name:
            return self.name
        return default_package_name(self.path)


def default_package_name(path: str) -> str:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    # gopkg.in/yaml.v3 -> yaml ; github.com/x/lru/v2 -> lru
    if last.startswith("v") and last[1:].isdigit() and "/" in path:
        last = path.rstrip("/").rsplit("/", 2)[-2]
    if "." in last and path.startswith("gopkg.in/"):
        last = last.split(".", 1)[0]
    return last.replace("-", "_")


class FileContext:
    """One Go file: bytes, tree, go version, imports, settings."""

    def __init__(self, path: str, source: bytes, settings: "Settings", package: "PackageContext | None" = None):
        self.path = path
        self.source = source
        self.settings = settings
        self.package = package
        self._tree: parsing.Tree | None = None

    @property
    def tree(self) -> parsing.Tree:
        if self._tree is None:
            trees = self.package.trees if self.package is not None else None
            self._tree = trees.get(self.source) if trees is not None else None
            if self._tree is None:
                self._tree = parsing.parse(self.source)
                if trees is not None:
                    trees[self.source] = self._tree
        return self._tree

    @property
    def root(self) -> parsing.Node:
        return self.tree.root_node

    @functools.cached_property
    def go_version(self) -> tuple[int, int] | None:
        mod = find_gomod(os.path.dirname(os.path.abspath(self.path)))
        return mod.go_version if mod else None

    def go_at_least(self, major: int, minor: int, unknown: bool = True) -> bool:
        """Is the module's go version >= major.minor? ``unknown`` when no go.mod."""
        v = self.go_version
        return unknown if v is None else v >= (major, minor)

    @functools.cached_property
    def imports(self) -> list[Import]:
        out = []
        for caps in parsing.matches(_IMPORTS, self.root):
            path_node = caps["path"][0]
            raw = path_node.text.decode("utf-8", "replace")
            name = caps["name"][0].text.decode() if "name" in caps else None
            out.append(Import(raw[1:-1], name, caps["spec"][0]))
        return out

    @functools.cached_property
    def package_name(self) -> str | None:
        """The package clause's name: read from the bytes when the file starts
        (after comments) with ``package NAME``, so that filtering a package's
        files by name parses none of them; else from the tree."""
        m = _PACKAGE_HEAD.match(self.source)
        if m is not None:
            try:
                name = m.group(1).decode("utf-8")
            except UnicodeDecodeError:
                name = ""
            if name.isidentifier() and (m.end() == len(self.source) or self.source[m.end()] in b" \t\r\n;/"):
                return name
        names = parsing.captures(_PACKAGE, self.root, "name")
        return names[0].text.decode() if names else None

    def local_names(self, import_path: str) -> set[str]:
        """Identifiers that refer to ``import_path`` in this file (no dot/blank)."""
        return {i.local for i in self.imports if i.path == import_path and i.local}

    def sibling_files(self) -> list["FileContext"]:
        """The other files of this file's package (none when no package is known)."""
        if self.package is None:
            return []
        return [f for f in self.package.files(self.package_name) if f.path != self.path]

    def finding(self, rule, node: parsing.Node, message: str, fix=None, end_node: parsing.Node | None = None) -> Finding:
        """A finding of ``rule`` (a transforms module) at ``node``."""
        end = end_node or node
        return Finding(
            code=rule.CODE,
            name=rule.NAME,
            path=self.path,
            line=node.start_point[0] + 1,
            column=node.start_point[1] + 1,
            end_line=end.end_point[0] + 1,
            end_column=end.end_point[1] + 1,
            message=message,
            fix=fix,
        )

    def text(self, node: parsing.Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")


class PackageContext:
    """The Go files of one directory.

    ``sources`` holds the files selected for checking; sibling files of the
    directory are read only when a package-level rule asks for them (through
    ``load_siblings``, which adds them to ``sources``).  ``selected`` names the
    files the user asked to check (None: all of ``sources``); a package-level
    rule reports findings only there, siblings are read for context and edits.
    """

    def __init__(self, directory: str, sources: dict[str, bytes], settings: "Settings", load_siblings=None, selected=None, trees=None):
        self.directory = directory
        self.trees: dict[bytes, parsing.Tree] = {} if trees is None else trees  # by text, shared across fix rounds
        self.settings = settings
        self.sources = sources
        self._load_siblings = load_siblings
        self._files: dict[str, FileContext] = {}
        self.selected = None if selected is None else frozenset(selected)

    @property
    def paths(self) -> list[str]:
        return sorted(self.sources)

    @property
    def selected_paths(self) -> list[str]:
        """The files to report on: the selected ones (siblings read later excluded)."""
        return [p for p in self.paths if self.selected is None or p in self.selected]

    def file(self, path: str) -> FileContext:
        ctx = self._files.get(path)
        if ctx is None:
            ctx = self._files[path] = FileContext(path, self.sources[path], self.settings, self)
        return ctx

    def files(self, package_name: str | None = None) -> list[FileContext]:
        """Every Go file of the directory (siblings read on first call)."""
        if self._load_siblings is not None:
            self._load_siblings(self.sources)
            self._load_siblings = None
        out = [self.file(p) for p in self.paths]
        if package_name is not None:
            out = [f for f in out if f.package_name == package_name]
        return out
