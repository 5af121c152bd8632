"""LK301 unbounded-map-cache."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys

from gofixleaks import gosyntax as gs
from gofixleaks.gomod import find_gomod
from gofixleaks import parsing
from gofixleaks.model import Edit, Fix, Safety
from gofixleaks.linesearch import search_lines

CODE = "LK301"
NAME = "unbounded-map-cache"
SUMMARY = "package-level map used as a cache grows without bound"
FIXABLE = True
TRIGGERS = (b"map[", b"sync.Map")

LRU_MODULE = "github.com/hashicorp/golang-lru/v2"
LRU_VERSION = "v2.0.7"
OTTER_MODULE = "github.com/maypok86/otter/v2"
OTTER_VERSION = "v2.4.0"
DEFAULT_SIZE = 10000

_DURATION_PART = re.compile(r"(\d+)(ns|us|µs|ms|s|m|h)")
_UNITS = (("h", 3600 * 10**9, "time.Hour"), ("m", 60 * 10**9, "time.Minute"), ("s", 10**9, "time.Second"),
          ("ms", 10**6, "time.Millisecond"), ("us", 10**3, "time.Microsecond"), ("µs", 10**3, "time.Microsecond"),
          ("ns", 1, "time.Nanosecond"))


def parse_duration(text: str) -> int | None:
    """Nanoseconds of a Go duration like ``90s``, ``5m``, ``1h30m`` (integers only), or None."""
    text = text.strip()
    pos, total = 0, 0
    factors = {u: f for u, f, _ in _UNITS}
    while pos < len(text):
        m = _DURATION_PART.match(text, pos)
        if m is None:
            return None
        total += int(m.group(1)) * factors[m.group(2)]
        pos = m.end()
    return total if total > 0 else None


def duration_expr(text: str, time_name: str = "time") -> str | None:
    """The Go expression for a duration: ``5 * time.Minute``, ``time.Hour``, ``90 * time.Second``."""
    ns = parse_duration(text)
    if ns is None:
        return None
    for _, factor, unit in _UNITS:
        if ns % factor == 0:
            n = ns // factor
            unit = unit.replace("time.", time_name + ".")
            return unit if n == 1 else f"{n} * {unit}"
    return None

# the whole rule is reported only with --preview: 0 of 1 true of its default
# findings on 25 reviewed modules, 0 of 8 in the earlier review of 5 services
# (registries keyed by configuration, a DSN, a user, an fd: bounded, and
# identity matters).  It stays preview until its reviewed precision reaches 90%.
PREVIEW_SHAPES = {
    "all": "the whole rule (reviewed precision under 90%: 0 of 1 true on 25 modules, 0 of 8 on 5 services)",
}

DOC = f"""
## What it does
Finds a package-level map variable used as a cache: some function (other than
`init`) looks a key up in it and stores into it (`v, ok := m[k]` ...
`m[k] = v`), and nothing ever removes entries: no `delete(m, k)`, no
`clear(m)`, no reassignment of `m`, and no `len(m)` test in an `if` condition
(an eviction or admission guard).  Such a map grows with every new key for as
long as the process runs.

Not reported: maps only written during initialization (in their declaration or
in `init`: lookup tables); maps written in one function and read only in others
(registries: evicting from them would lose entries that are never recomputed);
insert-if-absent maps (`if _, ok := m[k]; !ok {{ m[k] = v }}` without using a
looked-up value); sets (`map[K]bool`, `map[K]struct{{}}`); maps whose size is
read where entries are added (`n := len(m) + 1` IDs, admission guards); maps
keyed by `reflect.Type` (the program's types are a finite set); maps with
entries in their literal.

A package-level `sync.Map` looked up (`Load`) and filled (`Store`,
`LoadOrStore`, `Swap`) in the same function, and never deleted from
(`Delete`, `LoadAndDelete`, `CompareAndDelete`, `Clear`), is reported too,
without a fix (unless its keys are `reflect.Type` parameters).

Preview (`--preview`, `preview = true`): the whole rule is preview until its
reviewed precision on real code reaches 90%: 0 of 1 default finding was true
on 25 reviewed modules, and 0 of 8 in the earlier review of 5 services
(registries keyed by configuration, a DSN, a user or an fd, bounded in
practice, where evicting would change identities).  By default it reports
nothing; with `--preview` it reports every map and `sync.Map` cache described
above.

## Why is this bad?
Every distinct key adds an entry that stays reachable forever: a cache keyed
by host, user, request path or ID turns into a memory leak under real traffic
(this is the first case of the leak guide: `var cache =
make(map[string]*http.Client)` with `GetClient(host)`).

## Example
```go
var cache = make(map[string]*http.Client)

func GetClient(host string) *http.Client {{
	if client, ok := cache[host]; ok {{
		return client
	}}
	client := &http.Client{{Timeout: time.Second * 10}}
	cache[host] = client
	return client
}}
```

## Use instead
```go
var cache, _ = lru.New[string, *http.Client]({DEFAULT_SIZE})

func GetClient(host string) *http.Client {{
	if client, ok := cache.Get(host); ok {{
		return client
	}}
	client := &http.Client{{Timeout: time.Second * 10}}
	cache.Add(host, client)
	return client
}}
```
with `{LRU_MODULE}` ({LRU_VERSION}) imported as `lru`.

## Fix safety
The fix replaces the map by a `*lru.Cache[K, V]` of `{LRU_MODULE}`
{LRU_VERSION} holding at most {DEFAULT_SIZE} entries (`--cache-size N` changes
it; the error of `lru.New` is discarded: it only fails for a size <= 0, which
the option refuses), and rewrites every use in every file of the package:

| map | cache |
|---|---|
| `v, ok := m[k]` / `v, ok = m[k]` | `v, ok := m.Get(k)` |
| `v := m[k]` / `v = m[k]` | `v, _ := m.Get(k)` |
| `m[k] = v` | `m.Add(k, v)` |
| `len(m)` | `m.Len()` |
| `for k, v := range m {{` | `for _, k := range m.Keys() {{` + `v, _ := m.Peek(k)` |

The fix is **unsafe** (applied only with `--unsafe-fixes`): an evicted key is
looked up again and its value recomputed, which is right for a cache of
recomputable values (clients, parsed templates, compiled regexps) but wrong
when the identity of the stored value matters (a per-key mutex, an ID assigned
on first sight, a registry).  In a range loop, a key evicted by another
goroutine between `Keys()` and `Peek` gives the zero value.  The library cache
is safe for concurrent use; a mutex that guarded the map is kept, since it may
guard more than the map.  The fix also adds a requirement on
`{LRU_MODULE}@{LRU_VERSION}`: after `--fix`, gofixleaks runs
`go get {LRU_MODULE}@{LRU_VERSION}` in the module (or prints that command when
`go` is not installed); `--diff` prints it as a note.

Any use the rewrite cannot express leaves the whole package unchanged, with
the reason in the finding: `m[k]++`, `m[k] += x`, `m[k]` inside a larger
expression (`return m[k]`, `f(m[k])`, `m[k].f = x`), the map passed to a
function, returned, assigned or having its address taken, the name redeclared
in an inner scope, a comment inside a rewritten statement, a one-line loop
body or one that redeclares the value variable, a `range` with `=`, an
exported map, channel or `sync` values (their identity matters), a use in a
file gofixleaks does not edit (a generated file), the name `lru` already
used for something else, a module that cannot take the requirement (the Go
distribution's `std` and `cmd`), or a module that vendors its dependencies
without the library in `vendor/` (run `go get` and `go mod vendor` first).

With `--cache-ttl D` (`90s`, `5m`, `1h30m`) the map becomes an
`otter.Cache[K, V]` of `{OTTER_MODULE}` {OTTER_VERSION} with the same maximum
size whose entries expire `D` after each write:
`otter.Must(&otter.Options[K, V]{{MaximumSize: N, ExpiryCalculator:
otter.ExpiryWriting[K, V](D)}})`; reads use `GetIfPresent`, writes `Set`, a
range ranges over `m.All()`; `len(m)` has no exact equivalent (otter only
estimates its size), so it leaves the package unchanged.  Why otter and not
`golang-lru/v2/expirable` {LRU_VERSION}: `expirable.NewLRU` starts a cleanup
goroutine that holds the cache and never returns, even once the cache is
unreachable (goleak reports it; a cache per object or per test becomes a
goroutine leak); otter's cleanup goroutine holds only a weak pointer and
returns once the cache is collected (`tests/proofs/lk301_ttl_backends` checks
both with goleak).  A package-level cache lives as long as the process, so its
one goroutine does too: a `goleak.VerifyTestMain` must ignore
`github.com/maypok86/otter/v2.periodicCleanUp[...]`.  otter's policy may also
decline to keep a new entry (admission), which a cache tolerates by
recomputing.

Go version: the lru fix needs go >= 1.18 (generics; the library's go.mod says
1.18); `--cache-ttl` needs go >= 1.24 in go.mod (otter's go.mod says 1.24;
`go get` would otherwise raise the module's go line), and is refused without a
go.mod.  Below that, the finding is reported without a fix.  Nothing else
depends on the version.

## References
- https://pkg.go.dev/github.com/hashicorp/golang-lru/v2#Cache
- https://go.dev/blog/maps ("maps are not safe for concurrent use")
- https://pkg.go.dev/sync#Map
- https://pkg.go.dev/github.com/maypok86/otter/v2#Cache
- https://pkg.go.dev/github.com/hashicorp/golang-lru/v2/expirable#NewLRU
"""

_RULE = sys.modules[__name__]

_PREFILTER = re.compile(
    rb"^(?:var[ \t]+|\t)\w+[ \t]*(?:map\[[^\n=]*)?=[ \t]*(?:make\([ \t]*)?map\[|^(?:var[ \t]+|\t)\w+[ \t]+sync\.Map",
    re.M,
)


def prefilter(source: bytes) -> bool:
    # _PREFILTER.search, tried only at the lines holding map[ or sync.Map
    return search_lines(_PREFILTER, source, (b"map[", b"sync.Map"))


_TOP_VARS = parsing.query(
    """
    (source_file (var_declaration (var_spec) @spec))
    (source_file (var_declaration (var_spec_list (var_spec) @spec)))
    """
)
_IDENT = parsing.query("(identifier) @id")
_LRU_WORD = parsing.query("[(identifier) (package_identifier) (type_identifier)] @id")

# declarations that shadow a package-level name inside a function
_SHADOWING_PARENTS = ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec", "type_spec", "type_alias")

_SYNC_REMOVE = ("Delete", "LoadAndDelete", "CompareAndDelete", "Clear")


# ---- candidates --------------------------------------------------------------

class Candidate:
    def __init__(self, fctx, spec, name_node, kind, map_type=None, type_node=None, value=None):
        self.fctx = fctx
        self.spec = spec
        self.name_node = name_node
        self.name = gs.text(name_node)
        self.kind = kind  # "map" or "syncmap"
        self.map_type = map_type
        self.type_node = type_node
        self.value = value
        self.ttl: str | None = None  # --cache-ttl: an otter.Cache with expiry instead of an lru.Cache


def _map_value(value) -> parsing.Node | None:
    """The map_type of ``make(map[K]V)``, ``make(map[K]V, n)`` or ``map[K]V{}``."""
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        if fn is None or gs.text(fn) != "make" or args is None:
            return None
        named = [a for a in args.named_children if a.type != "comment"]
        if 1 <= len(named) <= 2 and named[0].type == "map_type":
            return named[0]
        return None
    if value.type == "composite_literal":
        typ = value.child_by_field_name("type")
        body = value.child_by_field_name("body")
        if typ is not None and typ.type == "map_type" and body is not None and not body.named_children:
            return typ
    return None


def _candidates(fctx):
    sync_names = fctx.local_names("sync")
    for spec in parsing.captures(_TOP_VARS, fctx.root, "spec"):
        names = [c for c in spec.children_by_field_name("name")]
        if len(names) != 1:
            continue
        name = names[0]
        if gs.text(name) == "_":
            continue
        typ = spec.child_by_field_name("type")
        value_list = spec.child_by_field_name("value")
        if value_list is None:
            if typ is not None and typ.type == "qualified_type" and sync_names:
                pkg = typ.child_by_field_name("package")
                tname = typ.child_by_field_name("name")
                if gs.text(pkg) in sync_names and gs.text(tname) == "Map":
                    yield Candidate(fctx, spec, name, "syncmap")
            continue
        values = [v for v in value_list.named_children if v.type != "comment"]
        if len(values) != 1:
            continue
        map_type = _map_value(values[0])
        if map_type is None:
            continue
        if typ is not None and (typ.type != "map_type" or gs.text(typ) != gs.text(map_type)):
            continue
        yield Candidate(fctx, spec, name, "map", map_type, typ, values[0])


# ---- uses --------------------------------------------------------------------

class Use:
    """One occurrence of the map's name and how the fix handles it."""

    def __init__(self, fctx, node, kind, why=None):
        self.fctx = fctx
        self.node = node
        self.kind = kind  # read, write, len, range, bound, remove, decl, other
        self.why = why
        self.edits: list[Edit] = []

    @property
    def where(self) -> str:
        return f"{os.path.basename(self.fctx.path)}:{self.node.start_point[0] + 1}"


def _func_name(node) -> str | None:
    """The name of the top-level function containing ``node`` (None outside functions)."""
    top = None
    for a in gs.ancestors(node):
        if a.type in ("function_declaration", "method_declaration"):
            top = a
    if top is None:
        return None
    return gs.text(top.child_by_field_name("name"))


def _top_func(node):
    top = None
    for a in gs.ancestors(node):
        if a.type in ("function_declaration", "method_declaration"):
            top = a
    return top


def _in_if_condition(node) -> bool:
    cur = node
    for a in gs.ancestors(node):
        if a.type == "if_statement":
            return a.child_by_field_name("condition") == cur
        if a.type in ("block", "statement_list") or a.type in gs.FUNC_TYPES:
            return False
        cur = a
    return False


def _is_shadowing(ident) -> bool:
    p = ident.parent
    if p is None:
        return False
    if p.type in _SHADOWING_PARENTS:
        return True
    if p.type == "expression_list":
        q = p.parent
        if q is not None and q.type == "short_var_declaration" and q.child_by_field_name("left") == p:
            return True
        if q is not None and q.type == "range_clause" and q.child_by_field_name("left") == p:
            return True
    if p.type in ("function_declaration", "method_declaration", "labeled_statement"):
        return True
    return False


def _named(node):
    return [c for c in node.named_children if c.type != "comment"]


def _classify(c: Candidate, fctx, ident) -> Use:
    p = ident.parent
    if ident == c.name_node:
        return Use(fctx, ident, "decl")
    if _is_shadowing(ident):
        return Use(fctx, ident, "other", f"the name {c.name} is redeclared in an inner scope")
    if p.type == "index_expression" and p.child_by_field_name("operand") == ident:
        return _classify_index(c, fctx, p)
    if p.type == "argument_list" and p.parent.type == "call_expression":
        call = p.parent
        fn = gs.text(call.child_by_field_name("function"))
        args = _named(p)
        if fn in ("delete", "clear"):
            return Use(fctx, ident, "remove")
        if fn == "len" and len(args) == 1:
            if _in_if_condition(call):
                return Use(fctx, ident, "bound")
            u = Use(fctx, ident, "len")
            if c.ttl:
                u.why = "len(m) has no exact equivalent on otter.Cache (EstimatedSize is approximate)"
                return u
            u.edits.append(Edit(call.start_byte, call.end_byte, f"{c.name}.Len()".encode(), fctx.path))
            return u
        return Use(fctx, ident, "other", f"the map is passed to {fn}")
    if p.type == "range_clause" and p.child_by_field_name("right") == ident:
        return _classify_range(c, fctx, p)
    if p.type == "expression_list" and p.parent.type == "assignment_statement" and p.parent.child_by_field_name("left") == p:
        return Use(fctx, ident, "remove")  # m = make(...): a reset
    if p.type == "return_statement" or (p.type == "expression_list" and p.parent.type == "return_statement"):
        return Use(fctx, ident, "other", "the map is returned")
    if p.type == "unary_expression":
        return Use(fctx, ident, "other", "the map's address is taken")
    return Use(fctx, ident, "other", "the map is used as a value")


def _assign_parts(stmt):
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    op = stmt.child_by_field_name("operator")
    op_text = gs.text(op) if op is not None else (":=" if stmt.type == "short_var_declaration" else "=")
    return _named(left), _named(right), op_text


def _classify_index(c: Candidate, fctx, index) -> Use:
    src = fctx.source
    key = index.child_by_field_name("index")
    p = index.parent
    if p.type in ("inc_statement", "dec_statement"):
        return Use(fctx, index, "other", f"{gs.text(p)} cannot be expressed on a cache")
    if p.type == "expression_list" and p.parent.type in ("assignment_statement", "short_var_declaration"):
        stmt = p.parent
        lhs, rhs, op = _assign_parts(stmt)
        is_left = stmt.child_by_field_name("left") == p
        if gs.has_comment_between(src, stmt.start_byte, stmt.end_byte):
            return Use(fctx, index, "other" if not is_left else "write", "a comment inside the statement would be lost")
        if is_left:
            if op != "=":
                return Use(fctx, index, "write", f"{c.name}[k] {op} x cannot be expressed on a cache")
            if len(lhs) != 1 or len(rhs) != 1:
                return Use(fctx, index, "write", "a multiple assignment to the map cannot be expressed on a cache")
            u = Use(fctx, index, "write")
            raw = f"{c.name}.{'Set' if c.ttl else 'Add'}({gs.text(key)}, {gs.text(rhs[0])})"
            eol = gs.eol_at(src, stmt.start_byte)
            indent = gs.indent_of(src, stmt).decode()
            text = _gofmt_stmt(raw.replace("\r\n", "\n"), indent) if shutil.which("gofmt") else raw
            if text is None:
                return Use(fctx, index, "write", "gofmt could not format the rewritten statement")
            u.edits.append(Edit(stmt.start_byte, stmt.end_byte, text.replace("\n", eol.decode()).encode(), fctx.path))
            return u
        if len(rhs) == 1 and op in ("=", ":="):
            u = Use(fctx, index, "read")
            get = "GetIfPresent" if c.ttl else "Get"
            u.edits.append(Edit(index.start_byte, index.end_byte, f"{c.name}.{get}({gs.text(key)})".encode(), fctx.path))
            if len(lhs) == 2:
                return u
            if len(lhs) == 1:
                u.edits.append(Edit(lhs[0].end_byte, lhs[0].end_byte, b", _", fctx.path))
                return u
        return Use(fctx, index, "read", f"the lookup {gs.text(index)} in `{gs.text(stmt)}` cannot be expressed on a cache")
    if p.type == "selector_expression":
        q = p.parent
        if q is not None and q.type == "expression_list" and q.parent.type == "assignment_statement":
            return Use(fctx, index, "read", f"a field is modified through the map ({gs.text(q.parent)})")
    return Use(fctx, index, "read", f"the lookup {gs.text(index)} is used inside an expression")


_BLOCK_DECLS = parsing.query(
    """
    (short_var_declaration left: (expression_list (identifier) @name))
    (var_spec name: (identifier) @name)
    (const_spec name: (identifier) @name)
    """
)


def _declares_in_block(block, name: str) -> bool:
    """Is ``name`` declared by a statement directly in ``block`` (its own scope)?"""
    stmts = gs.block_statements(block)
    for n in parsing.captures(_BLOCK_DECLS, block, "name"):
        if gs.text(n) != name:
            continue
        if any(gs.is_inside(n, st) and st.type in ("short_var_declaration", "var_declaration", "const_declaration") for st in stmts):
            return True
    return False


def _classify_range(c: Candidate, fctx, clause) -> Use:
    src = fctx.source
    right = clause.child_by_field_name("right")
    left = clause.child_by_field_name("left")
    stmt = clause.parent
    body = stmt.child_by_field_name("body")
    u = Use(fctx, right, "range")
    if c.ttl:  # otter's All() is an iter.Seq2[K, V]: every range form stays as it is
        u.edits.append(Edit(right.start_byte, right.end_byte, f"{c.name}.All()".encode(), fctx.path))
        return u
    keys = f"{c.name}.Keys()".encode()
    if left is None:
        u.edits.append(Edit(right.start_byte, right.end_byte, keys, fctx.path))
        return u
    op = next((ch for ch in clause.children if ch.type in (":=", "=")), None)
    if op is None or op.type != ":=":
        u.why = "a range over the map assigning existing variables (=) cannot be expressed"
        return u
    names = [gs.text(n) for n in _named(left)]
    k = names[0]
    v = names[1] if len(names) > 1 else "_"
    if v == "_":
        new_left = "_, " + k if k != "_" else None
        if new_left is None:
            # `for _ := range m` / `for _, _ := range m` -> `for range m.Keys()`
            u.edits.append(Edit(left.start_byte, right.end_byte, b"range " + keys, fctx.path))
        else:
            u.edits.append(Edit(left.start_byte, left.end_byte, new_left.encode(), fctx.path))
            u.edits.append(Edit(right.start_byte, right.end_byte, keys, fctx.path))
        return u
    if body is None or not body.children or body.children[0].type != "{":
        u.why = "the range loop has no body to insert the lookup into"
        return u
    lbrace = body.children[0]
    nl = src.find(b"\n", lbrace.end_byte)
    rest = src[lbrace.end_byte : nl if nl >= 0 else len(src)].strip()
    if nl < 0 or (rest and not rest.startswith(b"//")) or not _named(body):
        u.why = "a one-line range loop over the map cannot be rewritten"
        return u
    if _declares_in_block(body, v):
        u.why = f"the loop body redeclares {v}"
        return u
    if k == "_":
        func = gs.enclosing_function(stmt) or stmt
        k = gs.free_name(func, "k")
    u.edits.append(Edit(left.start_byte, left.end_byte, f"_, {k}".encode(), fctx.path))
    u.edits.append(Edit(right.start_byte, right.end_byte, keys, fctx.path))
    indent = gs.indent_of(src, stmt) + b"\t"
    peek = gs.insert_line_after(src, lbrace, f"{v}, _ := {c.name}.Peek({k})", indent=indent)
    u.edits.append(Edit(peek.start, peek.end, peek.text, fctx.path))
    return u


def _uses_value(index) -> bool:
    """Is the value looked up used (not `_, ok := m[k]`, an insert-if-absent check)?"""
    p = index.parent
    if p.type == "expression_list" and p.parent.type in ("assignment_statement", "short_var_declaration"):
        stmt = p.parent
        if stmt.child_by_field_name("right") == p:
            lhs = _named(stmt.child_by_field_name("left"))
            return not lhs or gs.text(lhs[0]) != "_"
    return True


def _is_set(map_type) -> bool:
    """map[K]bool / map[K]struct{}: a set of seen keys, not a cache of values."""
    val = map_type.child_by_field_name("value")
    return gs.text(val).replace(" ", "") in ("bool", "struct{}")


def _finite_keys(map_type) -> bool:
    """Keys from a finite domain of the program (its types)."""
    key = gs.text(map_type.child_by_field_name("key")).replace(" ", "")
    return key.endswith(("reflect.Type", "types.Type"))


def _identity_values(map_type) -> str | None:
    val = map_type.child_by_field_name("value")
    if val.type == "channel_type":
        return "channels"
    t = gs.text(val).replace(" ", "").lstrip("*")
    if t.startswith("sync."):
        return t
    return None


# ---- sync.Map ------------------------------------------------------------------

def _sync_map_finding(c: Candidate, files):
    stores, removes, loads = set(), False, set()
    for fctx in files:
        if c.name.encode() not in fctx.source:
            continue  # no use here: not parsed
        for ident in gs.identifiers(fctx.root, c.name):
            if ident == c.name_node:
                continue
            if _is_shadowing(ident):
                return None
            p = ident.parent
            if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
                method = gs.text(p.child_by_field_name("field"))
                func = _top_func(ident)
                if method in _SYNC_REMOVE:
                    removes = True
                elif method in ("Store", "LoadOrStore", "Swap"):
                    if func is not None and _func_name(ident) != "init":
                        stores.add(func.id)
                elif method in ("Load",):
                    loads.add(func.id if func else None)
                if method in ("Load", "LoadOrStore", "Store") and _type_keyed(p):
                    return None
            else:
                return None  # passed around: we cannot tell
    if removes or not (stores & loads):
        return None
    return c.fctx.finding(
        _RULE,
        c.name_node,
        f"package-level sync.Map {c.name} is used as a cache and entries are never deleted: it grows without bound "
        f"(no automatic fix: use a size-bounded cache such as {LRU_MODULE}, or delete stale entries)",
    )


_PARAMS = parsing.query("(parameter_declaration name: (identifier) @name type: (_) @type)")


def _type_keyed(selector) -> bool:
    """m.Load(t) with t a parameter of type reflect.Type: keys from the program's finite set of types."""
    call = selector.parent
    if call.type != "call_expression":
        return False
    args = _named(call.child_by_field_name("arguments"))
    if not args or args[0].type != "identifier":
        return False
    func = gs.enclosing_function(call)
    if func is None:
        return False
    name = gs.text(args[0])
    for caps in parsing.matches(_PARAMS, func.child_by_field_name("parameters")):
        if gs.text(caps["name"][0]) == name:
            return gs.text(caps["type"][0]).replace(" ", "").endswith("reflect.Type")
    return False


# ---- the rule ----------------------------------------------------------------

def _lru_imports(fctx) -> list[str]:
    """Names the file refers to golang-lru/v2 by; its package clause says `lru`
    (which the path does not tell: `default_package_name` guesses golang_lru)."""
    return [i.name or "lru" for i in fctx.imports if i.path == LRU_MODULE]


def _lru_name_problem(fctx) -> str | None:
    """Why `lru` cannot be used in the declaring file, or None."""
    names = _lru_imports(fctx)
    if any(n not in (".", "_") for n in names):
        return None
    if any(n == b"lru" for n in (m.text for m in parsing.captures(_LRU_WORD, fctx.root, "id"))):
        return "the name lru is already used in the declaring file"
    if any(i.local == "lru" for i in fctx.imports):
        return "another package is imported as lru in the declaring file"
    if names:
        return f"{LRU_MODULE} is imported with a dot or blank name"
    return None


def _otter_name_problems(fctx) -> list[str]:
    out = []
    words = {m.text for m in parsing.captures(_LRU_WORD, fctx.root, "id")}
    for path, name in ((OTTER_MODULE, "otter"), ("time", "time")):
        imported = [i for i in fctx.imports if i.path == path]
        if imported:
            if any(i.name not in (None, name) for i in imported):
                out.append(f"{path} is imported under another name")
        elif name.encode() in words or any(i.local == name for i in fctx.imports):
            out.append(f"the name {name} is already used in the declaring file")
    return out


def _lru_local(fctx) -> str:
    names = sorted(n for n in _lru_imports(fctx) if n not in (".", "_"))
    return names[0] if names else "lru"


def _declaration_edit(c: Candidate, size: int, lru: str, ttl_expr: str | None = None):
    """Edit turning the var_spec into `name, _ = lru.New[K, V](size)` (or an
    otter.Cache with expiry), gofmt-aligned."""
    fctx = c.fctx
    src = fctx.source
    key = gs.text(c.map_type.child_by_field_name("key"))
    val = gs.text(c.map_type.child_by_field_name("value"))
    if ttl_expr is not None:
        new_spec = (
            f"{c.name} = otter.Must(&otter.Options[{key}, {val}]{{MaximumSize: {size}, "
            f"ExpiryCalculator: otter.ExpiryWriting[{key}, {val}]({ttl_expr})}})"
        ).encode()
    else:
        new_spec = f"{c.name}, _ = {lru}.New[{key}, {val}]({size})".encode()
    if gs.has_comment_between(src, c.spec.start_byte, c.spec.end_byte):
        return None, "a comment inside the declaration would be lost"
    decl = c.spec.parent if c.spec.parent.type == "var_declaration" else c.spec.parent.parent
    new_decl = src[decl.start_byte : c.spec.start_byte] + new_spec + src[c.spec.end_byte : decl.end_byte]
    if c.spec.parent.type == "var_spec_list":
        formatted = _gofmt_decl(new_decl, gs.eol_at(src, decl.start_byte))
        if formatted is not None:
            new_decl = formatted
    return Edit(decl.start_byte, decl.end_byte, new_decl, fctx.path), None


@functools.cache
def _gofmt_stmt(stmt: str, indent: str) -> str | None:
    """``stmt`` (its first line unindented, later lines indented as in the file,
    at ``indent``) as gofmt prints it there, without the first line's indent."""
    out = _gofmt_decl(f"func _() {{\n{indent}{stmt}\n}}".encode(), b"\n")
    if out is None:
        return None
    lines = out.decode().split("\n")
    if len(lines) < 3 or lines[0] != "func _() {" or lines[-1] != "}":
        return None
    body = lines[1:-1]
    if any(line and not line.startswith("\t") for line in body):
        return None
    body = [line[1:] for line in body]
    return "\n".join([body[0]] + [indent + line if line else line for line in body[1:]])


def _gofmt_decl(decl: bytes, eol: bytes) -> bytes | None:
    """gofmt a top-level declaration (to realign a var block), or None."""
    exe = shutil.which("gofmt")
    if exe is None:
        return None
    prefix = b"package p\n\n"
    try:
        proc = subprocess.run([exe], input=prefix + decl.replace(b"\r\n", b"\n") + b"\n", capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or not proc.stdout.startswith(prefix):
        return None
    out = proc.stdout[len(prefix) :].rstrip(b"\n")
    return out.replace(b"\n", eol) if eol != b"\n" else out


def _module_problem(fctx, module: str) -> str | None:
    """Why the fix's requirement cannot be added to the file's module, or None."""
    mod = find_gomod(os.path.dirname(os.path.abspath(fctx.path)))
    if mod is None:
        return None  # reported by `go get`'s note: no go.mod
    if mod.module in ("std", "cmd"):
        return f"the {mod.module} module (the Go distribution) cannot require {module}"
    vendor = os.path.join(mod.root, "vendor")
    if os.path.isdir(vendor) and not os.path.isdir(os.path.join(vendor, *module.split("/"))):
        return f"the module vendors its dependencies and {module} is not vendored (go get, then go mod vendor)"
    return None


def _unread_users(c: Candidate, files) -> str | None:
    """A .go file of the directory that was not read (generated, ...) but names the map."""
    directory = os.path.dirname(c.fctx.path)
    known = {os.path.abspath(f.path) for f in files}
    word = re.compile(rb"\b" + re.escape(c.name.encode()) + rb"\b")
    try:
        names = sorted(os.listdir(directory or "."))
    except OSError:
        return None
    for name in names:
        path = os.path.join(directory, name)
        if not name.endswith(".go") or os.path.abspath(path) in known:
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if word.search(data):
            return name
    return None


# ---- the default shape (outside the preview) ------------------------------------

_PARAM_NAMES = parsing.query(
    """
    (parameter_declaration name: (identifier) @name)
    (variadic_parameter_declaration name: (identifier) @name)
    """
)
_LOCAL_DEFS = parsing.query(
    """
    (short_var_declaration left: (expression_list) @left right: (expression_list) @right) @def
    (assignment_statement left: (expression_list) @left right: (expression_list) @right) @def
    (var_spec value: (expression_list) @right) @def
    """
)
_IDENTS_IN = parsing.query("(identifier) @id")
_COMPARE = parsing.query("(binary_expression left: (_) @l operator: [\"==\" \"!=\"] right: (_) @r)")


def _exported_func(func) -> bool:
    name = func.child_by_field_name("name")
    return name is not None and gs.text(name)[:1].isupper()


def _outside_keys(func) -> set[str]:
    """Names in ``func`` derived from its parameters (one step of assignment at a time)."""
    params = func.child_by_field_name("parameters")
    tainted = {gs.text(n) for n in parsing.captures(_PARAM_NAMES, params, "name")} if params is not None else set()
    body = gs.function_body(func)
    if body is None or not tainted:
        return tainted
    defs = []
    for caps in parsing.matches(_LOCAL_DEFS, body):
        right = {gs.text(n) for n in parsing.captures(_IDENTS_IN, caps["right"][0], "id")}
        left = caps.get("left") or [caps["def"][0]]
        names = {gs.text(n) for n in left[0].named_children if n.type == "identifier"} if "left" in caps else {
            gs.text(n) for n in caps["def"][0].children_by_field_name("name")}
        defs.append((names, right))
    for _ in range(4):
        grown = False
        for names, right in defs:
            if right & tainted and not names <= tainted:
                tainted |= names
                grown = True
        if not grown:
            break
    return tainted


def _preview_only(uses, cache_func_ids) -> bool:
    """Is this map cache outside the default shape (reported only with --preview)?"""
    for u in uses:
        func = _top_func(u.node)
        if func is not None and func.id in cache_func_ids:
            continue
        if u.kind in ("read", "range") or (u.kind == "other" and not (u.why or "").endswith("redeclared in an inner scope")):
            return True  # read back elsewhere (looked up, ranged over, handed on): a registry
    for u in uses:
        if u.kind != "write":
            continue
        func = _top_func(u.node)
        if func is None or func.id not in cache_func_ids:
            continue
        if not _exported_func(func):
            return True  # the key does not come straight from outside the package
        key = u.node.child_by_field_name("index")
        names = {gs.text(n) for n in parsing.captures(_IDENTS_IN, key, "id")} | ({gs.text(key)} if key.type == "identifier" else set())
        if not names & _outside_keys(func):
            return True
    for u in uses:
        if u.kind != "read":
            continue
        p = u.node.parent
        if p.type != "expression_list" or p.parent.type not in ("assignment_statement", "short_var_declaration"):
            continue
        lhs = _named(p.parent.child_by_field_name("left"))
        if not lhs or gs.text(lhs[0]) == "_":
            continue
        value = gs.text(lhs[0])
        func = _top_func(u.node)
        for caps in parsing.matches(_COMPARE, func):
            sides = [caps["l"][0], caps["r"][0]]
            if any(gs.text(s) == value for s in sides) and not any(s.type == "nil" for s in sides):
                return True  # a looked-up value compared by identity
    return False


def _check_map(c: Candidate, files, settings, all_files):
    c.ttl = settings.option("cache_ttl") or None
    uses: list[Use] = []
    for fctx in files:
        if c.name.encode() not in fctx.source:
            continue  # no use here: not parsed
        for ident in sorted(gs.identifiers(fctx.root, c.name), key=lambda n: n.start_byte):
            uses.append(_classify(c, fctx, ident))
    kinds = {u.kind for u in uses}
    if kinds & {"remove", "bound"}:
        return None
    if _is_set(c.map_type) or _finite_keys(c.map_type):
        return None
    writer_funcs = {_top_func(u.node).id for u in uses if u.kind == "write" and _func_name(u.node) not in (None, "init")}
    reader_funcs = {_top_func(u.node).id for u in uses if u.kind == "read" and _top_func(u.node) is not None and _uses_value(u.node)}
    if not (writer_funcs & reader_funcs):
        return None  # a lookup table or a registry, not a cache
    if any(u.kind == "len" and _top_func(u.node) is not None and _top_func(u.node).id in writer_funcs for u in uses):
        return None  # the size is looked at where entries are added: a bound or IDs (n = len(m) + 1)
    cache_funcs = sorted({_func_name(u.node) for u in uses if u.kind == "write" and _top_func(u.node).id in reader_funcs})
    fctx = c.fctx
    base = (
        f"package-level map {c.name} is used as a cache (filled in {', '.join(cache_funcs)}) and never evicted: "
        f"it grows with every new key"
    )
    problems = [f"{u.why} ({u.where})" for u in uses if u.why]
    identity = _identity_values(c.map_type)
    if identity:
        problems.insert(0, f"the values are {identity}, whose identity matters: an evicted key would get a new one")
    if c.name[0].isupper():
        problems.insert(0, f"{c.name} is exported: other packages may use it")
    ttl_expr = None
    if c.ttl:
        ttl_expr = duration_expr(c.ttl)
        if ttl_expr is None:
            problems.insert(0, f"--cache-ttl {c.ttl!r} is not a duration like 90s, 5m or 1h30m")
        if not fctx.go_at_least(1, 24, unknown=False):
            problems.insert(0, f"--cache-ttl uses {OTTER_MODULE}, which needs go >= 1.24 in go.mod")
        problems.extend(_otter_name_problems(fctx))
    elif fctx.go_version is not None and fctx.go_version < (1, 18):
        problems.insert(0, "the module's go version is below 1.18 (no generics)")
    why_module = _module_problem(fctx, OTTER_MODULE if c.ttl else LRU_MODULE)
    if why_module:
        problems.append(why_module)
    hidden = _unread_users(c, all_files)
    if hidden:
        problems.append(f"it is used in {hidden}, which gofixleaks does not edit (generated or unreadable)")
    why_lru = None if c.ttl else _lru_name_problem(fctx)
    if why_lru:
        problems.append(why_lru)
    decl_edit = None
    size = int(settings.option("cache_size", DEFAULT_SIZE) or DEFAULT_SIZE)
    if not problems:
        decl_edit, why = _declaration_edit(c, size, _lru_local(fctx), ttl_expr)
        if why:
            problems.append(why)
    if problems:
        return fctx.finding(_RULE, c.name_node, base + f" (no automatic fix: {problems[0]})")
    edits = [decl_edit] + [e for u in uses for e in u.edits]
    if c.ttl:
        fix = Fix(
            f"Replace map {c.name} with an otter.Cache ({size} entries, expiring {c.ttl} after each write)",
            tuple(edits),
            safety=Safety.UNSAFE,
            imports=(OTTER_MODULE, "time"),
            requires=(f"{OTTER_MODULE}@{OTTER_VERSION}",),
        )
        return fctx.finding(
            _RULE, c.name_node, base + f"; bound it with otter.Cache (expiry {c.ttl}) from {OTTER_MODULE}", fix
        )
    fix = Fix(
        f"Replace map {c.name} with a size-bounded lru.Cache ({size} entries)",
        tuple(edits),
        safety=Safety.UNSAFE,
        imports=(LRU_MODULE,),
        requires=(f"{LRU_MODULE}@{LRU_VERSION}",),
    )
    return fctx.finding(_RULE, c.name_node, base + f"; bound it with lru.Cache from {LRU_MODULE}", fix)


def check_package(pkg):
    if not pkg.settings.preview:
        return  # the whole rule is preview (PREVIEW_SHAPES["all"])
    selected = set(pkg.sources)  # the files asked for; siblings are read for their uses only
    files_all = pkg.files()
    by_name: dict[str, list] = {}
    for f in files_all:
        if f.package_name:
            by_name.setdefault(f.package_name, []).append(f)
    for files in by_name.values():
        for fctx in files:
            if fctx.path not in selected or not prefilter(fctx.source):
                continue
            for c in _candidates(fctx):
                if c.kind == "syncmap":
                    # report-only, and outside the default shape's evidence: preview
                    finding = _sync_map_finding(c, files)
                else:
                    finding = _check_map(c, files, pkg.settings, files_all)
                if finding is not None:
                    yield finding
