"""The language layer: what the engine needs to know about a source language.

The engine, discovery, outputs, configuration and suppression are the same for
every language; a :class:`Language` says which files it owns, which
directories its tools skip, how to tell that a file must not be touched, how
to check that a file (and a fixed file) is syntactically valid, and how its
suppression comments read.  Go wraps what the engine always did
(:mod:`.golang`); Python is :mod:`.python` (libcst, imported only when a
Python file is actually checked, so Go-only runs never pay for it).

Rules name their language with ``LANGUAGE`` in their module (default
``"go"``); a file is only checked by the rules of its language.
"""

from __future__ import annotations

import os
from typing import Protocol

from .golang import GO
from .python import PYTHON


class Language(Protocol):
    name: str  # "go", "python": the value of a rule module's LANGUAGE
    suffixes: tuple[str, ...]

    def skip_dir(self, name: str) -> bool:
        """Is a directory with this name skipped while walking?"""

    def classify(self, data: bytes) -> str | None:
        """Why these bytes must not be touched (binary, generated...), or None."""

    def syntax_error(self, data: bytes) -> str | None:
        """A one-line description of the first syntax error, or None."""

    def why_invalid(self, old: bytes, new: bytes, settings) -> str | None:
        """Why the fixed text ``new`` (of ``old``) must be refused, or None."""

    def suppressed(self, source: bytes, line: int, code: str) -> bool:
        """Does a comment on ``line`` (or the line above) suppress ``code``?"""


LANGUAGES: tuple[Language, ...] = (GO, PYTHON)
BY_NAME: dict[str, Language] = {lang.name: lang for lang in LANGUAGES}


def for_path(path: str) -> Language | None:
    """The language owning ``path`` (by its suffix), or None."""
    ext = os.path.splitext(path)[1]
    for lang in LANGUAGES:
        if ext in lang.suffixes:
            return lang
    return None


def split_by_language(paths: list[str]) -> list[list[str]]:
    """``paths`` (one directory's files) in one group per language, Go first:
    each group is processed as its own unit, so a Go package never sees the
    Python files beside it (and the other way round)."""
    groups: dict[str, list[str]] = {}
    for p in paths:
        lang = for_path(p)
        groups.setdefault(lang.name if lang else "go", []).append(p)
    return [groups[lang.name] for lang in LANGUAGES if lang.name in groups]
