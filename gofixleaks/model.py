"""Findings, fixes and edits: plain, immutable data.

A rule never touches a file.  It yields :class:`Finding` values; a finding may
carry a :class:`Fix`, which is a list of byte-range :class:`Edit` values (and
imports to add).  The engine alone applies edits (see :mod:`gofixleaks.edits`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Safety(str, enum.Enum):
    """How much a fix can be trusted.

    ``safe``: keeps the program's meaning apart from removing the leak; applied
    by ``--fix``.
    ``unsafe``: may change behaviour or an API (for example an exported
    signature); applied only with ``--unsafe-fixes``.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``source[start:end]`` of the file at ``path`` with ``text``.

    ``path`` is ``None`` for "the file the finding is in"; package-level rules
    that edit sibling files (call-site updates) name the file.
    An insertion has ``start == end``.
    """

    start: int
    end: int
    text: bytes
    path: str | None = None


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    safety: Safety = Safety.SAFE
    # imports to add once per file: "context" (to the finding's file) or
    # ("path/of/other.go", "context") for another file of the package
    imports: tuple[str | tuple[str, str], ...] = ()
    # module requirements (``module@version``) the fix needs in go.mod
    requires: tuple[str, ...] = ()

    def files(self, default: str) -> set[str]:
        return {e.path or default for e in self.edits}


@dataclass
class Finding:
    code: str
    name: str
    path: str
    line: int  # 1-based
    column: int  # 1-based, in bytes (like go/token)
    end_line: int
    end_column: int
    message: str
    fix: Fix | None = None
    applied: bool = False
    # why a fix was offered but not applied (overlap, syntax, gofmt, unsafe...)
    fix_note: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def sort_key(self):
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "fix": None
            if self.fix is None
            else {
                "title": self.fix.title,
                "safety": self.fix.safety.value,
                "applied": self.applied,
            },
        }


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class FileResult:
    """What happened to one file: its findings, and new bytes if changed."""

    path: str
    original: bytes
    fixed: bytes | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class PackageResult:
    files: list[FileResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[Skipped] = field(default_factory=list)
    # files checked but for some functions with syntax errors (grammar lag):
    # one entry per file naming them, and their count
    partial: list[Skipped] = field(default_factory=list)
    functions_skipped: int = 0
    scanned: int = 0
    parsed: int = 0
    cached: bool = False  # read from the cache, not computed
