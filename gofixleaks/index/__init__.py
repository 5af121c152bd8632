"""The module index (see docs/index.md): declarations, expression types,
scope-correct bindings and function summaries of one Go module, computed
lazily and shared by the rules.

    idx = index.for_file(fctx)          # None outside a module
    idx.module                          # ModuleIndex (declarations, types)
    idx.package                         # PackageIndex of fctx's package
    idx.expr_type(node)                 # "net/http.Client", ...
    idx.summaries.param_effect(...)     # READ / CLOSE / ESCAPE
    index.scope.binding(ident)          # the declaring identifier

One :class:`ModuleIndex` per module root and process; the package being
checked is re-indexed from the engine's current sources on every rule run.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

from ..gomod import find_gomod, parse_gomod
from . import scope, stdlib  # noqa: F401  (part of the API)
from .module import Func, ModuleIndex, PackageIndex, header_names, package_clause
from .summary import CLOSE, ESCAPE, READ, Summaries

__all__ = ["CLOSE", "ESCAPE", "READ", "FileIndex", "Func", "ModuleIndex", "PackageIndex", "for_file", "module_for", "scope", "stdlib"]

_MODULES: dict[str, ModuleIndex] = {}


@dataclass
class FileIndex:
    """The index seen from one file."""

    module: ModuleIndex
    package: PackageIndex
    file: object  # FileContext

    @property
    def summaries(self) -> Summaries:
        return self.module.summaries

    def expr_type(self, node) -> str | None:
        return self.module.expr_type(self.file, self.package, node)

    def call_target(self, call):
        return self.module.call_target(self.file, self.package, call)

    def call_results(self, call):
        return self.module.call_results(self.file, self.package, call)

    def call_effect(self, call, arg_index: int) -> str:
        return self.summaries.call_effect(self.file, self.package, call, arg_index)

    def variable_effect(self, decl, body) -> str:
        return self.summaries.variable_effect(self.file, self.package, decl, body)

    def may_return(self, call, word: bytes) -> bool:
        """Could ``call``'s callee (a function of this package, of an imported
        package of the module, or a method of one) declare ``word`` in its
        header?  Bytes only: the cheap test before any summary."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return False
        if fn.type == "identifier":
            name = fn.text.decode()
        elif fn.type == "selector_expression":
            name = fn.child_by_field_name("field").text.decode()
        else:
            return False
        if fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            local = op.text.decode() if op.type == "identifier" else None
            imp = next((i for i in self.file.imports if local and i.local == local), None)
            if imp is not None and scope.binding(op) is None:
                # pkg.F(...): only that package's headers
                d = self.module.dir_for_import(imp.path)
                return bool(d) and name in self._names(None, d, word)
        # f(...) or x.M(...): a function or method of this package
        return name in self._names(self.package, None, word)

    def _names(self, pk, directory, word: bytes) -> set[str]:
        cache = self.module.__dict__.setdefault("_header_names", {})
        key = (id(pk), pk.files[0].source if pk is not None and pk.files else None, directory, word)
        if key not in cache:
            srcs = [f.source for f in pk.files] if pk is not None else self.module.raw(directory)
            if len(cache) > 512:
                cache.clear()
            cache[key] = header_names(srcs, word)
        return cache[key]

    def fresh_results(self, call) -> dict[int, str]:
        return self.summaries._producer_kinds(self.file, self.package, call)


@functools.lru_cache(maxsize=256)
def _workspace(root: str) -> tuple[tuple[str, str | None], ...]:
    """The other modules of the go.work above ``root`` (GOWORK=off: none)."""
    if os.environ.get("GOWORK") == "off":
        return ()
    d = root
    while True:
        work = os.path.join(d, "go.work")
        if os.path.isfile(work):
            break
        parent = os.path.dirname(d)
        if parent == d:
            return ()
        d = parent
    try:
        with open(work, "rb") as fh:
            data = fh.read()
    except OSError:
        return ()
    out = []
    for block in re.findall(rb"(?ms)^use\s*\((.*?)\)|^use\s+(\S+)", data):
        for item in (block[0].split() if block[0] else [block[1]]):
            if item.startswith(b"//"):
                continue
            mroot = os.path.normpath(os.path.join(d, item.decode()))
            gm = os.path.join(mroot, "go.mod")
            if mroot == root or not os.path.isfile(gm):
                continue
            with open(gm, "rb") as fh:
                out.append((mroot, parse_gomod(gm, fh.read()).module))
    return tuple(out)


def reset() -> None:
    """Forget every module index (the engine calls it at the start of a run:
    files on disk may have changed since the last run in this process)."""
    _MODULES.clear()
    _workspace.cache_clear()


def module_for(directory: str) -> ModuleIndex:
    """The index of the module holding ``directory``; outside any module, an
    index of that directory alone (its package, no import paths)."""
    directory = os.path.abspath(directory)
    mod = find_gomod(directory)
    root = mod.root if mod is not None else directory
    idx = _MODULES.get(root)
    if idx is None:
        if mod is not None:
            idx = ModuleIndex(mod.root, mod.module, mod.go_version, _workspace(mod.root))
        else:
            idx = ModuleIndex(directory, None)
        idx.summaries = Summaries(idx)
        _MODULES[root] = idx
    return idx


def for_file(fctx) -> FileIndex | None:
    """The index seen from ``fctx`` (built on first use)."""
    cached = getattr(fctx, "_index", None)
    if cached is not None:
        return cached
    directory = os.path.dirname(os.path.abspath(fctx.path))
    mi = module_for(directory)
    pkgctx = getattr(fctx, "package", None)
    name = package_clause(fctx.source)
    if pkgctx is not None:
        cache = pkgctx.__dict__.setdefault("_index_pk", {})
        pk = cache.get(name)
        if pk is None:
            pk = cache[name] = mi.package(directory, name, pkgctx.files())
    else:
        pk = mi.package(directory, name)
    fi = FileIndex(mi, pk, fctx)
    fctx._index = fi
    return fi
