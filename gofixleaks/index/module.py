"""The module index: declarations of every package of one Go module, read
lazily, and the types of expressions that the syntax alone can tell.

A :class:`ModuleIndex` belongs to one module root (the directory of a
``go.mod``; in a ``go.work`` workspace, one index per module, found through
:func:`gofixleaks.index.for_directory`).  Packages are read on first use
(:meth:`ModuleIndex.package`), through the parse cache of
:mod:`gofixleaks.parsing`; the package being checked is given with the
engine's in-memory sources so that the index sees the current text.
Dependency modules (the module cache) and the standard library are never
read: what the index knows of them is the table in :mod:`.stdlib`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .. import parsing
from ..context import FileContext
from . import scope, stdlib

Node = parsing.Node

_TOP = parsing.query(
    """
    (source_file (function_declaration name: (identifier) @name) @func)
    (source_file (method_declaration name: (field_identifier) @name) @method)
    (source_file (type_declaration (type_spec name: (type_identifier) @name type: (_) @type) @spec))
    (source_file (var_declaration) @vars)
    """
)
_FIELDS = parsing.query("(field_declaration name: (field_identifier) @name type: (_) @type)")
_SKIP_DIRS = ("vendor", "testdata")
_MAX_PACKAGES = 48
# lines that may declare a name (a superset; the parse decides)
_DECL_PATTERNS = {
    "func": rb"^func[ \t]*(?:\([^)\n]*\)[ \t]*)?%s[ \t]*[\[(]",
    "type": rb"^(?:type[ \t]+|[ \t]+)%s[ \t]*(?:\[[^\]\n]*\][ \t]*)?(?:struct|interface|=|[*\w\[(])",
    "var": rb"^(?:var[ \t]+|[ \t]+)(?:\w+[ \t]*,[ \t]*)*%s\b",
    "any": rb"%s",
}


def _skip_dir(name: str) -> bool:
    return name in _SKIP_DIRS or name.startswith((".", "_"))


@dataclass
class Func:
    file: FileContext
    node: Node
    name: str
    receiver: str | None = None  # base type name for methods

    @property
    def exported(self) -> bool:
        return self.name[:1].isupper()


class PackageIndex:
    """The top-level declarations of one package (one directory, one package
    name: the external ``_test`` package is a separate index).

    Lazy: a file is parsed and indexed only when a lookup names a word its
    bytes contain (a declaration of ``name`` must spell ``name``), so a look
    at one helper does not parse the whole package."""

    def __init__(self, module: "ModuleIndex", directory: str, name: str | None, import_path: str | None, files: list[FileContext]):
        self.module = module
        self.directory = directory
        self.name = name
        self.import_path = import_path
        self.files = files
        self._pending = list(files)
        self._done: set[tuple[str, str]] = set()
        self.funcs: dict[str, Func] = {}
        self.methods: dict[tuple[str, str], Func] = {}
        self.types: dict[str, Node] = {}
        self.fields: dict[tuple[str, str], tuple[FileContext, Node]] = {}
        self.vars: dict[str, tuple[FileContext, Node, Node | None, Node | None]] = {}

    def key(self, name: str) -> str:
        """The canonical name of a type declared here."""
        return f"{self.import_path or self.directory}.{name}"

    def _ensure(self, word: str, kind: str = "any") -> None:
        """Parse and index the files that may declare ``word`` as a ``kind``
        (``func``, ``type``, ``var``): a bytes pattern picks them first."""
        key = (word, kind)
        if key in self._done or not self._pending:
            return
        self._done.add(key)
        w = re.escape(word.encode())
        pat = re.compile(_DECL_PATTERNS[kind] % w, re.M)
        keep = []
        for f in self._pending:
            if word.encode() in f.source and pat.search(f.source):
                if not f.root.has_error:
                    self._add(f)
            else:
                keep.append(f)
        self._pending = keep

    # ---- lookups -------------------------------------------------------------

    def func(self, name: str) -> Func | None:
        self._ensure(name, "func")
        return self.funcs.get(name)

    def method(self, base: str, name: str) -> Func | None:
        self._ensure(name, "func")
        return self.methods.get((base, name))

    def has_type(self, name: str) -> bool:
        self._ensure(name, "type")
        return name in self.types

    def fields_of(self, type_name: str) -> list[tuple[str, FileContext, Node]]:
        self._ensure(type_name, "type")
        return sorted(((f, fc, t) for (tn, f), (fc, t) in self.fields.items() if tn == type_name), key=lambda x: x[0])

    def field(self, type_name: str, field: str):
        self._ensure(type_name, "type")
        return self.fields.get((type_name, field))

    def var(self, name: str):
        self._ensure(name, "var")
        return self.vars.get(name)

    def _add(self, fctx: FileContext) -> None:
        for caps in parsing.matches(_TOP, fctx.root):
            if "func" in caps:
                name = caps["name"][0].text.decode()
                self.funcs.setdefault(name, Func(fctx, caps["func"][0], name))
            elif "method" in caps:
                m = caps["method"][0]
                base = receiver_base(m)
                if base:
                    name = caps["name"][0].text.decode()
                    self.methods.setdefault((base, name), Func(fctx, m, name, base))
            elif "spec" in caps:
                name = caps["name"][0].text.decode()
                self.types[name] = caps["spec"][0]
                t = caps["type"][0]
                if t.type == "struct_type":
                    for fc in parsing.matches(_FIELDS, t):
                        self.fields.setdefault((name, fc["name"][0].text.decode()), (fctx, fc["type"][0]))
            elif "vars" in caps:
                for spec in _var_specs(caps["vars"][0]):
                    names = [c for c in spec.children_by_field_name("name") if c.type == "identifier"]
                    t = spec.child_by_field_name("type")
                    v = spec.child_by_field_name("value")
                    values = [c for c in v.named_children if c.type != "comment"] if v is not None else []
                    for i, n in enumerate(names):
                        val = values[i] if len(values) == len(names) else None
                        self.vars.setdefault(n.text.decode(), (fctx, n, t, val))


def _var_specs(decl: Node):
    for c in decl.named_children:
        if c.type == "var_spec":
            yield c
        elif c.type == "var_spec_list":
            yield from (s for s in c.named_children if s.type == "var_spec")


def receiver_base(method: Node) -> str | None:
    recv = method.child_by_field_name("receiver")
    decls = [c for c in recv.named_children if c.type == "parameter_declaration"] if recv else []
    if len(decls) != 1:
        return None
    t = decls[0].child_by_field_name("type")
    while t is not None and t.type in ("pointer_type", "parenthesized_type"):
        t = t.named_children[-1] if t.named_children else None
    if t is not None and t.type == "generic_type":
        t = t.child_by_field_name("type")
    return t.text.decode() if t is not None and t.type == "type_identifier" else None


class ModuleIndex:
    """Every package of one module, read on demand."""

    def __init__(self, root: str, module_path: str | None, go_version=None, workspace: tuple[tuple[str, str | None], ...] = ()):
        self.root = root
        self.module_path = module_path
        self.go_version = go_version
        # other modules of the go.work workspace: (root, module path)
        self.workspace = workspace
        self._packages: dict[tuple[str, str | None], PackageIndex] = {}
        self._dir_files: dict[str, list[str]] | None = None
        self._importers: dict[str, list[str]] = {}
        self._raw: dict[str, list[bytes]] = {}
        self.summaries = None  # set by gofixleaks.index (a Summaries)
        self.reads = 0  # files read from disk (for the cost report)

    # ---- where packages are ----------------------------------------------------

    def import_path_of(self, directory: str) -> str | None:
        rel = os.path.relpath(os.path.abspath(directory), self.root)
        if rel.startswith(".."):
            return None
        if self.module_path is None:
            return None
        if self.module_path == "std":
            return rel.replace(os.sep, "/") if rel != "." else None
        return self.module_path if rel == "." else f"{self.module_path}/{rel.replace(os.sep, '/')}"

    def dir_for_import(self, import_path: str) -> str | None:
        """The directory of a package of this module (or workspace), or None."""
        for root, mod in ((self.root, self.module_path), *self.workspace):
            if mod is None:
                continue
            if mod == "std":
                if "." in import_path.split("/", 1)[0]:
                    continue
                d = os.path.join(root, *import_path.split("/"))
            elif import_path == mod:
                d = root
            elif import_path.startswith(mod + "/"):
                d = os.path.join(root, *import_path[len(mod) + 1 :].split("/"))
            else:
                continue
            return d if os.path.isdir(d) else None
        return None

    def all_dirs(self) -> dict[str, list[str]]:
        """directory -> .go files, for every package directory of the module
        (nested modules, vendor, testdata, ``.``/``_`` directories left out)."""
        if self._dir_files is None and self.module_path is None:
            # no go.mod: only this directory
            self._dir_files = {self.root: sorted(os.path.join(self.root, f) for f in os.listdir(self.root) if f.endswith(".go"))}
        if self._dir_files is None:
            out: dict[str, list[str]] = {}
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = sorted(
                    d for d in dirnames if not _skip_dir(d) and not os.path.exists(os.path.join(dirpath, d, "go.mod"))
                )
                gos = sorted(os.path.join(dirpath, f) for f in filenames if f.endswith(".go"))
                if gos:
                    out[dirpath] = gos
            self._dir_files = out
        return self._dir_files

    # ---- packages ------------------------------------------------------------

    def package(self, directory: str, name: str | None = None, files: list[FileContext] | None = None) -> PackageIndex | None:
        """The index of the package ``name`` in ``directory`` (None: the
        non-test package).  ``files``: the engine's contexts of that
        directory (their current text is indexed instead of the disk's)."""
        directory = os.path.abspath(directory)
        key = (directory, name)
        pk = self._packages.get(key)
        if pk is not None and files is None:
            self._packages[key] = self._packages.pop(key)  # most recently used
            return pk
        ctxs = files if files is not None else self._read_dir(directory)
        if name is None:
            names = [package_clause(f.source) for f in ctxs if not f.path.endswith("_test.go")]
            names = [n for n in names if n] or [n for n in (package_clause(f.source) for f in ctxs) if n]
            name = names[0] if names else None
        pk = PackageIndex(self, directory, name, self.import_path_of(directory), [f for f in ctxs if package_clause(f.source) == name])
        self._packages.pop(key, None)
        self._packages[key] = pk
        self._packages[(directory, name)] = pk
        while len(self._packages) > _MAX_PACKAGES:  # keep memory flat on big trees
            self._packages.pop(next(iter(self._packages)))
        return pk

    def _read_dir(self, directory: str) -> list[FileContext]:
        out = []
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return out
        for n in names:
            if not n.endswith(".go"):
                continue
            path = os.path.join(directory, n)
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            if b"\0" in data:
                continue
            self.reads += 1
            out.append(FileContext(path, data, None))
        return out

    def package_for_import(self, import_path: str) -> PackageIndex | None:
        d = self.dir_for_import(import_path)
        return self.package(d) if d else None

    def raw(self, directory: str) -> list[bytes]:
        """The bytes of a directory's .go files (no parsing), cached."""
        directory = os.path.abspath(directory)
        data = self._raw.get(directory)
        if data is None:
            data = []
            for p in self.all_dirs().get(directory, []) if directory.startswith(self.root) else []:
                try:
                    with open(p, "rb") as fh:
                        data.append(fh.read())
                except OSError:
                    continue
            self._raw[directory] = data
            while len(self._raw) > 4 * _MAX_PACKAGES:
                self._raw.pop(next(iter(self._raw)))
        return data

    def importers(self, import_path: str) -> list[str]:
        """Directories of the module whose files import ``import_path`` (a
        byte search first; only matching files are parsed later)."""
        if import_path in self._importers:
            return self._importers[import_path]
        needle = f'"{import_path}"'.encode()
        out: list[str] = []
        self._importers[import_path] = out
        for d, files in self.all_dirs().items():
            for p in files:
                try:
                    with open(p, "rb") as fh:
                        if needle in fh.read():
                            out.append(d)
                            break
                except OSError:
                    continue
        return out

    # ---- types ---------------------------------------------------------------

    def type_of_type(self, fctx: FileContext, pk: PackageIndex, t: Node | None) -> str | None:
        """The canonical name of a type expression (``*T``, ``pkg.T``, ``T``)."""
        while t is not None and t.type in ("pointer_type", "parenthesized_type"):
            t = t.named_children[-1] if t.named_children else None
        if t is None:
            return None
        if t.type == "generic_type":
            t = t.child_by_field_name("type")
        if t.type == "type_identifier":
            name = t.text.decode()
            return pk.key(name) if pk.has_type(name) else None
        if t.type == "qualified_type":
            pkgname = t.child_by_field_name("package").text.decode()
            name = t.child_by_field_name("name").text.decode()
            path = _import_path(fctx, pkgname)
            return f"{path}.{name}" if path else None
        return None

    def result_types(self, fn: Func, pk: PackageIndex) -> tuple[str | None, ...]:
        result = fn.node.child_by_field_name("result")
        if result is None:
            return ()
        if result.type != "parameter_list":
            return (self.type_of_type(fn.file, pk, result),)
        out: list[str | None] = []
        for p in result.named_children:
            if p.type != "parameter_declaration":
                continue
            t = self.type_of_type(fn.file, pk, p.child_by_field_name("type"))
            n = sum(1 for c in p.children_by_field_name("name") if c.type == "identifier")
            out += [t] * max(1, n)
        return tuple(out)

    def _pk_of_type(self, key: str) -> tuple[PackageIndex | None, str]:
        path, _, name = key.rpartition(".")
        d = self.dir_for_import(path)
        if d is None and os.path.isabs(path):
            d = path
        return (self.package(d) if d else None), name

    def method(self, type_key: str, name: str) -> tuple[Func, PackageIndex] | None:
        pk, tname = self._pk_of_type(type_key)
        if pk is None:
            return None
        fn = pk.method(tname, name)
        return (fn, pk) if fn else None

    def field_type(self, type_key: str, fieldname: str) -> str | None:
        pk, tname = self._pk_of_type(type_key)
        found = pk.field(tname, fieldname) if pk is not None else None
        if found is None:
            return None
        fctx, t = found
        return self.type_of_type(fctx, pk, t)

    def call_target(self, fctx: FileContext, pk: PackageIndex, call: Node) -> tuple[Func, PackageIndex] | None:
        """The module function or method ``call`` calls, when it resolves."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return None
        if fn.type == "identifier":
            if scope.binding(fn) is not None:
                return None
            f = pk.func(fn.text.decode())
            return (f, pk) if f else None
        if fn.type != "selector_expression":
            return None
        op, name = fn.child_by_field_name("operand"), fn.child_by_field_name("field").text.decode()
        if op.type == "identifier" and _import_path(fctx, op.text.decode()) and scope.binding(op) is None:
            path = _import_path(fctx, op.text.decode())
            if path:
                other = self.package_for_import(path)
                f = other.func(name) if other else None
                return (f, other) if f and f.exported else None
        t = self.expr_type(fctx, pk, op)
        return self.method(t, name) if t else None

    def call_results(self, fctx: FileContext, pk: PackageIndex, call: Node) -> tuple[str | None, ...]:
        fn = call.child_by_field_name("function")
        if fn is None:
            return ()
        if fn.type == "selector_expression":
            op, name = fn.child_by_field_name("operand"), fn.child_by_field_name("field").text.decode()
            if op.type == "identifier" and _import_path(fctx, op.text.decode()) and scope.binding(op) is None:
                path = _import_path(fctx, op.text.decode())
                if path and (path, name) in stdlib.FUNC_RESULTS:
                    return stdlib.FUNC_RESULTS[(path, name)]
            else:
                t = self.expr_type(fctx, pk, op)
                if t and (t, name) in stdlib.METHOD_RESULTS:
                    return stdlib.METHOD_RESULTS[(t, name)]
        target = self.call_target(fctx, pk, call)
        if target is not None:
            return self.result_types(*target)
        return ()

    def expr_type(self, fctx: FileContext, pk: PackageIndex, e: Node | None, depth: int = 0) -> str | None:
        """The canonical type of an expression, when declarations tell it."""
        if e is None or depth > 8:
            return None
        t = e.type
        if t == "parenthesized_expression":
            return self.expr_type(fctx, pk, e.named_children[0] if e.named_children else None, depth + 1)
        if t == "unary_expression" and e.child_by_field_name("operator").type in ("&", "*"):
            return self.expr_type(fctx, pk, e.child_by_field_name("operand"), depth + 1)
        if t == "composite_literal":
            return self.type_of_type(fctx, pk, e.child_by_field_name("type"))
        if t == "type_assertion_expression":
            return self.type_of_type(fctx, pk, e.child_by_field_name("type"))
        if t == "call_expression":
            res = self.call_results(fctx, pk, e)
            return res[0] if res else None
        if t == "identifier":
            d = scope.binding(e)
            if d is None:
                v = pk.var(e.text.decode())
                if v is None:
                    return None
                vf, _, vt, vv = v
                return self.type_of_type(vf, pk, vt) if vt is not None else self.expr_type(vf, pk, vv, depth + 1)
            return self.decl_type(fctx, pk, d, depth + 1)
        if t == "selector_expression":
            op, name = e.child_by_field_name("operand"), e.child_by_field_name("field").text.decode()
            if op.type == "identifier" and _import_path(fctx, op.text.decode()) and scope.binding(op) is None:
                path = _import_path(fctx, op.text.decode())
                if path:
                    if (path, name) in stdlib.VARS:
                        return stdlib.VARS[(path, name)]
                    other = self.package_for_import(path)
                    if other and other.var(name) is not None:
                        vf, _, vt, vv = other.var(name)
                        return self.type_of_type(vf, other, vt) if vt is not None else self.expr_type(vf, other, vv, depth + 1)
                    return None
            ot = self.expr_type(fctx, pk, op, depth + 1)
            return self.field_type(ot, name) if ot else None
        return None

    def decl_type(self, fctx: FileContext, pk: PackageIndex, d: Node, depth: int = 0) -> str | None:
        """The type of the variable declared by identifier ``d``."""
        p = d.parent
        if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
            return self.type_of_type(fctx, pk, p.child_by_field_name("type"))
        if p.type == "var_spec":
            t = p.child_by_field_name("type")
            if t is not None:
                return self.type_of_type(fctx, pk, t)
            return self._positional(fctx, pk, [c for c in p.children_by_field_name("name")], d, p.child_by_field_name("value"), depth)
        if p.type == "expression_list" and p.parent.type == "short_var_declaration":
            return self._positional(fctx, pk, p.named_children, d, p.parent.child_by_field_name("right"), depth)
        return None

    def _positional(self, fctx, pk, names, d, values, depth) -> str | None:
        if values is None:
            return None
        vals = [c for c in values.named_children if c.type != "comment"]
        i = next((k for k, n in enumerate(names) if n == d), None)
        if i is None:
            return None
        if len(vals) == len(names):
            return self.expr_type(fctx, pk, vals[i], depth + 1)
        if len(vals) == 1 and vals[0].type == "call_expression":
            res = self.call_results(fctx, pk, vals[0])
            return res[i] if i < len(res) else None
        return None


def _import_path(fctx: FileContext, local: str) -> str | None:
    for imp in fctx.imports:
        if imp.local == local:
            return imp.path
    return None


_PACKAGE = re.compile(rb"(?m)^package[ \t]+(\w+)")


def package_clause(source: bytes) -> str | None:
    """The package name, from the bytes (no parsing): the first line that
    starts with ``package``."""
    m = _PACKAGE.search(source)
    return m.group(1).decode() if m else None


_HEADER = re.compile(rb"(?m)^func[ \t]*(?:\([^)]*\)[ \t]*)?(\w+)[ \t]*(?:\[[^\]]*\][ \t]*)?\(([^{]*)\{")


def header_names(sources, word: bytes) -> set[str]:
    """Names of the functions and methods whose header (parameters and
    results) spells ``word``: a bytes-only filter, before any parsing."""
    out: set[str] = set()
    for data in sources:
        if word not in data:
            continue
        for m in _HEADER.finditer(data):
            if word in m.group(2):
                out.add(m.group(1).decode())
    return out
