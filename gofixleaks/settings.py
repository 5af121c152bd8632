"""Resolved settings for one run: immutable, shared by the engine and every rule."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # codes or prefixes; empty = all
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    exclude: tuple[str, ...] = ()
    force_exclude: bool = False  # exclude applies to files named on the command line too
    fix: bool = False  # compute fixes (for --fix, --diff, --interactive)
    unsafe_fixes: bool = False
    max_file_size: int = 4 * 1024 * 1024
    check_gofmt: bool = True  # refuse fixes that would leave a gofmt-clean file unformatted
    # report the shapes of rules marked preview (precision under 90% on
    # reviewed real code; each rule module declares its PREVIEW_SHAPES)
    preview: bool = False
    # rule options
    options: tuple[tuple[str, object], ...] = field(default_factory=tuple)

    def option(self, name: str, default=None):
        for k, v in self.options:
            if k == name:
                return v
        return default

    def rule_enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(s) for s in self.ignore)
