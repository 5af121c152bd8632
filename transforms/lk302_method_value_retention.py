"""LK302 method-value-retention (report only)."""

from __future__ import annotations

import re
import sys

from gofixleaks import gosyntax as gs
from gofixleaks import parsing

CODE = "LK302"
NAME = "method-value-retention"
SUMMARY = "method value stored somewhere long-lived keeps its whole receiver reachable"
FIXABLE = False
TRIGGERS = (b" = ",)  # documentation only: prefilter() decides
# reported only with --preview: 0 of 8 true on reviewed real services
# (strategy fields and test seams; a self-cycle the collector frees)
PREVIEW_SHAPES = {"self-field": "a method value stored in a field of its own receiver (s.f = s.m)"}

DOC = """
## What it does
Finds a method value `x.m` (a method of a type declared in the package, bound
to the variable `x`: the method's receiver, a parameter, or a local built with
`&T{...}`, `T{...}` or `new(T)`) stored somewhere long-lived:

- a field of the method's own receiver: `s.run = s.loop` in a method of `s`
  (not where the variable is built: `c := &Conn{}; c.fn = c.handshake` picks
  a strategy for the object's whole life);
- a package-level variable: `handler = s.serve` (unless the same function
  sets it back to nil or to a saved value, as in `defer func() { handler =
  nil }()` or a test's `old := now; now = clock.Now; defer func() { now =
  old }()`);
- an element of a package-level map or slice: `hooks[name] = s.onEvent`
  (unless some function deletes from that map);
- a package-level slice through append: `hooks = append(hooks, s.onEvent)`.

Report only: the right change depends on what the callback needs.

Preview (`--preview`, `preview = true`): the first shape, a field of the
method's own receiver, is reported only in preview.  On reviewed real
services it was never a leak (0 of 8: strategy fields and test seams such as
`s.now = s.clock`); the object and its method value form a cycle that the
collector frees with the object.  By default the rule reports only method
values stored outside the receiver, in package-level variables, maps and
slices, which live as long as the program.

## Why is this bad?
A method value is a closure over its receiver: `s.loop` holds `s`, and with
it every field of `*s` (buffers, maps, connections).  Stored in a package
variable or a registry, it keeps the whole object alive for the life of the
program, even when only the method's behaviour is needed.  Stored in a field
of the same receiver (`s.run = s.loop`) it makes a cycle, which the collector
can free; the retention shows when `s.run` is handed on (to a goroutine, a
callback list, a timer): every holder of it keeps all of `s` reachable (the
leak guide's `Service` example, with its `data []byte`).

## Example
```go
type Service struct {
	data []byte
	run  func()
}

func (s *Service) Start() {
	s.run = s.loop
}
```

## Use instead
Keep only what the callback needs: a method expression called with the
receiver when needed (`run func(*Service)` set to `(*Service).loop`), a
closure over just the fields it uses (`data := s.data; s.run = func() {
use(data) }`), or clear the reference when done (`s.run = nil`,
unregistering the hook).

## Fix safety
No fix: each alternative changes an API or a lifetime the tool cannot judge.

Not reported: a method value stored in an embedded field of the receiver's
own type (`type Client struct{ cmdable }` with `c.cmdable = c.Process`):
the embedded func type gives the object its promoted methods, a dispatch
that stays with the object.

Not reported (known gaps): method values passed to functions (`http.HandleFunc(p, s.serve)`,
`time.AfterFunc(d, s.tick)`), stored in fields of other objects or in
composite literals, and receivers whose type the rule cannot see from the
declaration (results of calls).

Go version: the same for every version.

## References
- https://go.dev/ref/spec#Method_values ("the expression x.M is evaluated and saved")
- https://go.dev/doc/gc-guide
"""

_RULE = sys.modules[__name__]

_PREFILTER = re.compile(
    rb"(\w+)\.\w+ = \1\.\w+[ \t]*(?://.*)?$|^\t+\w+(?:\[[^\n]*\])? = \w+\.\w+[ \t]*(?://.*)?$|= append\(\w+, \w+\.\w+\)",
    re.M,
)


# every shape _PREFILTER accepts contains this; scanning for it first (a
# literal start the regex engine finds fast) and testing only those lines is
# ~20x faster than running _PREFILTER (with its backreference) over the file.
_CANDIDATE = re.compile(rb" = (?:append\(\w+, )?\w+\.\w+")


def prefilter(source: bytes) -> bool:
    for m in _CANDIDATE.finditer(source):
        start = source.rfind(b"\n", 0, m.start()) + 1
        end = source.find(b"\n", m.end())
        if _PREFILTER.search(source, start, len(source) if end < 0 else end):
            return True
    return False


_RHS_METHOD = re.compile(rb" = (?:append\(\w+, )?\w+\.(\w+)")


def narrow(sources: dict[str, bytes], paths: list[str]) -> list[str]:
    """The files whose prefilter line assigns ``x.m`` where ``m`` is declared
    as a method somewhere in the directory (``check`` skips every other
    assignment: see :func:`_method_names`); the rest are not parsed."""
    names = {m for src in sources.values() for m in _METHOD_DECL.findall(src)}
    keep = []
    for path in paths:
        source = sources[path]
        for m in _RHS_METHOD.finditer(source):
            if m.group(1) not in names:
                continue
            start = source.rfind(b"\n", 0, m.start()) + 1
            end = source.find(b"\n", m.end())
            if _PREFILTER.search(source, start, len(source) if end < 0 else end):
                keep.append(path)
                break
    return keep


_ASSIGN = parsing.query(
    """
    (assignment_statement
      left: (expression_list . (_) @lhs .)
      right: (expression_list . (selector_expression operand: (identifier) @recv field: (field_identifier) @meth) @rhs .)) @assign
    (assignment_statement
      left: (expression_list . (identifier) @lhs .)
      right: (expression_list . (call_expression
        function: (identifier) @append
        arguments: (argument_list . (identifier) @slice . (selector_expression operand: (identifier) @recv field: (field_identifier) @meth) @rhs .)) .)) @assign
    """
)
_METHODS = parsing.query(
    """
    (source_file (method_declaration
      receiver: (parameter_list (parameter_declaration type: (_) @rtype))
      name: (field_identifier) @name))
    """
)
_TOP_VARS = parsing.query(
    """
    (source_file (var_declaration (var_spec name: (identifier) @name)))
    (source_file (var_declaration (var_spec_list (var_spec name: (identifier) @name))))
    """
)
_STRUCTS = parsing.query(
    """
    (source_file (type_declaration (type_spec name: (type_identifier) @type
      type: (struct_type (field_declaration_list (field_declaration name: (field_identifier) @field))))))
    """
)
_EMBEDDED = parsing.query(
    """
    (source_file (type_declaration (type_spec name: (type_identifier) @type
      type: (struct_type (field_declaration_list (field_declaration !name type: (type_identifier) @field))))))
    """
)
_LOCAL_DECLS = parsing.query(
    """
    (parameter_declaration name: (identifier) @name type: (_) @type)
    (var_spec name: (identifier) @name type: (_) @type)
    (short_var_declaration left: (expression_list . (identifier) @name .) right: (expression_list . (_) @value .))
    (range_clause left: (expression_list (identifier) @name))
    """
)


class _Package:
    """Declarations of a package, read lazily: a file is parsed only when it
    mentions the type or name asked about (a declaration of ``T`` or ``v``
    spells it), so most of a package's files are never parsed."""

    def __init__(self, files):
        self.files = files
        self.deleted: set[str] = set()  # maps some function deletes from
        for f in files:
            if b"delete(" in f.source:
                self.deleted.update(m.decode() for m in re.findall(rb"\bdelete\((\w+),", f.source))
        self._per_file: dict[str, dict] = {}
        self._memo: dict[tuple[str, str], object] = {}

    def _tables(self, f) -> dict:
        t = self._per_file.get(f.path)
        if t is None:
            methods: dict[str, set[str]] = {}
            for caps in parsing.matches(_METHODS, f.root):
                rt = _base_type(gs.text(caps["rtype"][0]))
                if rt:
                    methods.setdefault(rt, set()).add(gs.text(caps["name"][0]))
            fields: dict[str, list[str]] = {}
            for caps in parsing.matches(_STRUCTS, f.root):
                lst = fields.setdefault(gs.text(caps["type"][0]), [])
                lst.extend(gs.text(n) for n in caps["field"])
            embedded: dict[str, set[str]] = {}
            for caps in parsing.matches(_EMBEDDED, f.root):
                embedded.setdefault(gs.text(caps["type"][0]), set()).update(gs.text(n) for n in caps["field"])
            t = self._per_file[f.path] = {
                "methods": methods,
                "vars": {gs.text(n) for n in parsing.captures(_TOP_VARS, f.root, "name")},
                "fields": fields,
                "embedded": embedded,
            }
        return t

    def _mentioning(self, word: str):
        w = word.encode()
        return [f for f in self.files if w in f.source]

    def methods_of(self, t: str) -> set[str]:
        key = ("methods", t)
        if key not in self._memo:
            self._memo[key] = set().union(*(self._tables(f)["methods"].get(t, ()) for f in self._mentioning(t)))
        return self._memo[key]

    def is_var(self, name: str) -> bool:
        key = ("var", name)
        if key not in self._memo:
            self._memo[key] = any(name in self._tables(f)["vars"] for f in self._mentioning(name))
        return self._memo[key]

    def fields_of(self, t: str) -> list[str]:
        key = ("fields", t)
        if key not in self._memo:
            lst: list[str] = []
            for f in self._mentioning(t):
                for n in self._tables(f)["fields"].get(t, ()):
                    if n not in lst:
                        lst.append(n)
            self._memo[key] = lst
        return self._memo[key]

    def embedded_of(self, t: str) -> set[str]:
        key = ("embedded", t)
        if key not in self._memo:
            self._memo[key] = set().union(*(self._tables(f)["embedded"].get(t, ()) for f in self._mentioning(t)))
        return self._memo[key]


def _base_type(t: str) -> str | None:
    t = t.replace(" ", "").lstrip("*")
    t = t.split("[", 1)[0]  # generic receivers: T[K, V]
    return t if re.fullmatch(r"[A-Za-z_]\w*", t) else None


_METHOD_DECL = re.compile(rb"^func \([^)\n]*\) (\w+)", re.M)


def _method_names(ctx) -> set[str]:
    """Cheap byte check before any package parse: the names declared as
    methods anywhere in the directory (most ``x = y.z`` assignments read
    fields, and are dropped here).  One regex pass per file, cached."""
    pkg = ctx.package
    names = getattr(pkg, "_lk302_methods", None) if pkg is not None else None
    if names is None:
        sources = pkg.files() if pkg is not None else [ctx]
        names = {m.decode() for f in sources for m in _METHOD_DECL.findall(f.source)}
        if pkg is not None:
            pkg._lk302_methods = names
    return names


def _package(ctx) -> _Package:
    pkg = ctx.package
    if pkg is None:
        return _Package([ctx])
    cache = getattr(pkg, "_lk302", None)
    if cache is None:
        cache = pkg._lk302 = {}
    info = cache.get(ctx.package_name)
    if info is None:
        info = cache[ctx.package_name] = _Package(pkg.files(ctx.package_name))
    return info


def _value_type(value) -> str | None:
    """T of `&T{...}`, `T{...}`, `new(T)`."""
    v = value
    if v.type == "unary_expression" and gs.text(v.child_by_field_name("operator")) == "&":
        v = v.child_by_field_name("operand")
    if v.type == "composite_literal":
        return _base_type(gs.text(v.child_by_field_name("type")))
    if v.type == "call_expression" and gs.text(v.child_by_field_name("function")) == "new":
        args = [a for a in v.child_by_field_name("arguments").named_children if a.type != "comment"]
        if len(args) == 1:
            return _base_type(gs.text(args[0]))
    return None


def _top_function(node):
    top = None
    for a in gs.ancestors(node):
        if a.type in ("function_declaration", "method_declaration"):
            top = a
    return top


# declarations per function, computed once per function per check() call
_DECLS_CACHE: dict[tuple[int, int, int], dict[str, list]] = {}


def _decl_table(func) -> dict[str, list]:
    """name -> [type of each declaration] in ``func`` (receiver included), built once."""
    key = (func.id, func.start_byte, func.end_byte)
    table = _DECLS_CACHE.get(key)
    if table is not None:
        return table
    table = {}
    if func.type == "method_declaration":
        recv = func.child_by_field_name("receiver")
        for caps in parsing.matches(_LOCAL_DECLS, recv):
            table.setdefault(gs.text(caps["name"][0]), []).append(_base_type(gs.text(caps["type"][0])))
    for part in ("parameters", "body"):
        node = func.child_by_field_name(part)
        if node is None:
            continue
        for caps in parsing.matches(_LOCAL_DECLS, node):
            if "type" in caps:
                kind = _base_type(gs.text(caps["type"][0]))
            elif "value" in caps:
                kind = _value_type(caps["value"][0])
            else:
                kind = None
            table.setdefault(gs.text(caps["name"][0]), []).append(kind)
    _DECLS_CACHE[key] = table
    return table


def _local_decls(func, name: str):
    """(kind, type) of each declaration of ``name`` in ``func`` (receiver included)."""
    return _decl_table(func).get(name, [])


def _receiver_type(func, recv: str) -> str | None:
    decls = _local_decls(func, recv)
    if len(decls) != 1:
        return None  # undeclared here (a package variable), redeclared, or unknown
    return decls[0]


def _declared_locally(func, name: str) -> bool:
    return bool(_local_decls(func, name))


def _storage(ctx, info, func, lhs, recv: str, slice_node) -> str | None:
    if slice_node is not None:
        name = gs.text(lhs)
        if gs.text(slice_node) == name and info.is_var(name) and not _declared_locally(func, name):
            return f"the package-level slice {name}"
        return None
    if lhs.type == "selector_expression":
        op = lhs.child_by_field_name("operand")
        if op.type == "identifier" and gs.text(op) == recv and _is_receiver(func, recv):
            return f"{gs.text(lhs)}, a field of {recv} itself"
        return None
    if lhs.type == "identifier":
        name = gs.text(lhs)
        if info.is_var(name) and not _declared_locally(func, name) and not _reset_in(func, name):
            return f"the package-level variable {name}"
        return None
    if lhs.type == "index_expression":
        op = lhs.child_by_field_name("operand")
        name = gs.text(op)
        if op.type == "identifier" and info.is_var(name) and not _declared_locally(func, name) and name not in info.deleted:
            return f"an element of the package-level {name}"
    return None


def _is_receiver(func, name: str) -> bool:
    """Is ``name`` the receiver of the method ``func``?  (A method value bound
    into a field where the variable is built, `c := &Conn{}; c.fn = c.m`, is a
    strategy chosen at construction and is not reported.)"""
    if func.type != "method_declaration":
        return False
    recv = func.child_by_field_name("receiver")
    return any(gs.text(caps["name"][0]) == name for caps in parsing.matches(_LOCAL_DECLS, recv))


_NIL_RESET = parsing.query(
    """
    (assignment_statement left: (expression_list . (identifier) @name .) right: (expression_list . (_) @value .))
    """
)


def _reset_in(func, name: str) -> bool:
    """Does ``func`` also set ``name = nil``, or back to a saved value
    (``old := hook; hook = s.m; defer func() { hook = old }()``)?"""
    return any(
        gs.text(caps["name"][0]) == name and caps["value"][0].type in ("nil", "identifier")
        for caps in parsing.matches(_NIL_RESET, func)
    )


def check(ctx):
    _DECLS_CACHE.clear()
    info = None
    for caps in parsing.matches(_ASSIGN, ctx.root):
        assign = caps["assign"][0]
        op = assign.child_by_field_name("operator")
        if op is None or gs.text(op) != "=":
            continue
        if "append" in caps and gs.text(caps["append"][0]) != "append":
            continue
        recv, meth, lhs = gs.text(caps["recv"][0]), gs.text(caps["meth"][0]), caps["lhs"][0]
        func = _top_function(assign)
        if func is None or gs.text(caps["meth"][0]) not in _method_names(ctx):
            continue
        if info is None:
            info = _package(ctx)
        rtype = _receiver_type(func, recv)
        if rtype is None or meth not in info.methods_of(rtype):
            continue
        where = _storage(ctx, info, func, lhs, recv, caps.get("slice", [None])[0])
        if where is None:
            continue
        if lhs.type == "selector_expression" and not ctx.settings.preview:
            continue  # a field of the receiver itself: preview (PREVIEW_SHAPES)
        if lhs.type == "selector_expression" and gs.text(lhs.child_by_field_name("field")) in info.embedded_of(rtype):
            continue  # an embedded func-typed field: the object's own dispatch (`c.cmdable = c.Process`)
        fields = [f for f in info.fields_of(rtype) if f != gs.text(lhs).rsplit(".", 1)[-1]]
        held = f"all of *{rtype}" if not fields else f"all of *{rtype} ({', '.join(fields[:4])}{', ...' if len(fields) > 4 else ''})"
        if where.endswith(f"a field of {recv} itself"):
            msg = (
                f"{where}, holds the method value {recv}.{meth}, which binds {recv}: whoever holds "
                f"{gs.text(lhs)} (a goroutine, a callback list) keeps {held} reachable; store a method expression "
                f"((*{rtype}).{meth}) or a closure over only the fields {meth} needs, or clear it when done "
                f"(a closure cached in the object that never leaves it is collected with it)"
            )
        else:
            msg = (
                f"{where} holds the method value {recv}.{meth}, which keeps {recv} and {held} reachable for as long "
                f"as {where.split(' ')[-1]} refers to it; store a function of only what {meth} needs, or remove it when "
                f"{recv} is done"
            )
        yield ctx.finding(_RULE, caps["rhs"][0], msg)
