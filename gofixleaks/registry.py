"""The explicit, sorted table of rules.  Adding a rule = one module in
``transforms/`` plus one line here.  Codes are never reused; a renamed code
keeps working through ``REDIRECTS``.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Callable

# The rule modules, by name, in code order (an explicit list: no discovery by
# reflection, no registration as an import side effect).
_MODULE_NAMES: tuple[str, ...] = (
    "lk101_unclosed_response_body",
    "lk102_unstopped_ticker",
    "lk103_lost_cancel",
    "lk104_pool_get_without_put",
    "lk105_unclosed_rows",
    "lk106_unclosed_file",
    "lk107_defer_in_loop",
    "lk201_goroutine_without_exit",
    "lk202_abandoned_sender",
    "lk301_unbounded_map_cache",
    "lk302_method_value_retention",
    "lk303_finalizer_misuse",
    "py101_unclosed_file",
    "py102_unclosed_connection",
    "py103_pool_not_shut_down",
    "py104_subprocess_not_waited",
    "py201_dangling_task",
    "py301_unbounded_module_cache",
    "py302_cache_on_method",
)
_MODULES: tuple[ModuleType, ...] = tuple(importlib.import_module(f"{__package__}.transforms.{n}") for n in _MODULE_NAMES)

# old code -> new code
REDIRECTS: dict[str, str] = {}

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "References")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    doc: str
    triggers: tuple[bytes, ...]
    fixable: bool
    module: ModuleType
    # shapes of the rule reported only with --preview (``preview = true``):
    # name -> one line saying what is held back, declared by the rule module
    # as PREVIEW_SHAPES and documented in its DOC
    preview_shapes: tuple[tuple[str, str], ...] = ()
    language: str = "go"  # the files it checks (gofixleaks.lang)

    def prefilter(self, source: bytes) -> bool:
        custom: Callable[[bytes], bool] | None = getattr(self.module, "prefilter", None)
        if custom is not None:
            return custom(source)
        return any(t in source for t in self.triggers)

    @property
    def narrows(self) -> bool:
        """Has a package-aware prefilter: ``narrow(sources, paths) -> kept paths``."""
        return hasattr(self.module, "narrow")

    @property
    def preview_note(self) -> str:
        """What ``gofixleaks rules`` appends for a rule with preview shapes."""
        if not self.preview_shapes:
            return ""
        return " [preview: " + "; ".join(desc for _, desc in self.preview_shapes) + "]"

    @property
    def package_level(self) -> bool:
        return hasattr(self.module, "check_package")


def _rule(mod: ModuleType) -> Rule:
    return Rule(
        code=mod.CODE,
        name=mod.NAME,
        summary=mod.SUMMARY,
        doc=mod.DOC.strip("\n"),
        triggers=tuple(mod.TRIGGERS),
        fixable=bool(getattr(mod, "FIXABLE", True)),
        module=mod,
        preview_shapes=tuple(getattr(mod, "PREVIEW_SHAPES", {}).items()),
        language=getattr(mod, "LANGUAGE", "go"),
    )


RULES: tuple[Rule, ...] = tuple(sorted((_rule(m) for m in _MODULES), key=lambda r: r.code))
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
_CODE_RE = re.compile(r"^[A-Z]+[0-9]*$")


def resolve(code: str) -> Rule | None:
    code = code.upper()
    code = REDIRECTS.get(code, code)
    return BY_CODE.get(code)


def valid_selector(sel: str) -> bool:
    """A code or a code prefix ("LK", "LK1", "LK101") that matches some rule."""
    sel = REDIRECTS.get(sel.upper(), sel.upper())
    return bool(_CODE_RE.match(sel)) and any(r.code.startswith(sel) for r in RULES)
