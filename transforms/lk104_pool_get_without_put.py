"""LK104 pool-get-without-put."""

from __future__ import annotations

import sys

from gofixleaks import gosyntax as gs
from gofixleaks import lifetime, parsing
from gofixleaks.index import scope
from gofixleaks.model import Fix

CODE = "LK104"
NAME = "pool-get-without-put"
SUMMARY = "object taken from a sync.Pool is never put back"
# the pool's declaration names sync.Pool; a file using a pool declared in a
# sibling file usually spells `...Pool.Get()` / `...pool.Get()`
TRIGGERS = (b"sync.Pool", b"ool.Get()", b"ool.Put(")
FIXABLE = True

DOC = """
## What it does
Finds `x := p.Get()` or `x := p.Get().(*T)` on a `sync.Pool` (a variable
declared as `sync.Pool{...}`, `&sync.Pool{...}`, `sync.Pool` or
`*sync.Pool`, or a struct field declared with that type) where the function
never puts `x` back with `Put` and `x` does not escape.

It also reports, without a fix:
- a pool whose `New` returns a non-pointer (`make([]byte, n)`, a composite
  literal, a literal) while a `Get` asserts a pointer type (`.(*[]byte)`): the
  type assertion panics at run time whenever the pool is empty;
- a `Put` of a non-pointer value (`p.Put(buf[:0])`, a `[]byte` variable, a
  struct value): storing it in the pool's `any` allocates on every `Put`
  (staticcheck's SA6002).

## Why is this bad?
This is not a memory leak in the strict sense: an object taken with `Get`
and never put back is an ordinary heap object, and the garbage collector frees
it once it is unreachable.  The pool does not keep a reference to objects it
has handed out.  The cost is lost reuse: every call allocates a fresh object
through `New` (and, for buffers, grows it again), so the pool does nothing
but add overhead, and the allocations and GC work it was meant to save come
back in full.

## Example
```go
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(w io.Writer, v int) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	fmt.Fprintf(buf, "value=%d\\n", v)
	_, err := w.Write(buf.Bytes())
	return err
}
```

## Use instead
```go
func render(w io.Writer, v int) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	fmt.Fprintf(buf, "value=%d\\n", v)
	_, err := w.Write(buf.Bytes())
	return err
}
```

## Fix safety
The fix inserts `defer p.Put(x)` right after the `Get`, on the same pool.  It
is safe because it is offered only when the code shows that nothing uses the
object after the function returns: every use of `x` is a method call whose
result is discarded or is a number, an error or a copy (`Len`, `Write`,
`WriteString`, `Reset`, `String` of a `*bytes.Buffer` or `*strings.Builder`,
...), a method result that aliases the object (`buf.Bytes()`) passed straight
to a copier (`w.Write(...)`, `string(...)`, `copy`, `append(dst, b...)`), a
write to one of its fields, a `nil` comparison, or `x` given as the writer to
`fmt.Fprint*`, `io.WriteString`, `io.Copy*`, `binary.Write` or
`json/xml/gob.NewEncoder(x).Encode(...)`.  `defer` runs after the return
values are computed, so `return buf.String()` copies before the `Put`.

The methods called on `x` must not keep it either: for a type of the same
package, gofixleaks reads the methods called (and the methods they call on
their receiver): none may start a goroutine, create a closure, or pass,
return or store the receiver.  A type of another package gets a fix only when
it is a known one (`bytes.Buffer`, `strings.Builder`, `bufio.Reader/Writer`,
`gzip`, `flate` and `zlib` writers, ...) or when no method of it is called.
Field reads are allowed only for number, bool and string fields of a local
struct type (a slice or pointer field would alias the object).

A deferred `Put` of an object that is still in use would hand it to another
goroutine: a data race the fix would introduce.  So there is no finding at
all when `x` or a value that may alias it escapes: `x` returned, stored,
sent, captured by a closure or goroutine, passed to any other function, or
dereferenced (`*x`); `buf.Bytes()` (or any method result not known to copy)
returned, assigned or stored; and none when `x` is put back anywhere (with
any `Put`, also in a deferred closure).

Uses are scope-correct (the module index's bindings): another variable of
the same name in a sibling block is another object.  `buf := *bp` after
`bp := pool.Get().(*[]byte)` is an alias: `buf`'s uses are the object's
(`len`, `cap`, `buf = append(buf[:0], ...)`, `*bp = buf` keep it local).
A `Put` of a non-pointer is reported wherever it is, a deferred closure
included (the variable is resolved through the closure).

Report without a fix when: the `Get` is inside a loop (put it back at the end
of each iteration), `x` is reassigned, the `Get` asserts a non-pointer type
(the pool should hold pointers), `x` is declared in an
`if`/`switch` initializer, or a method called on `x` may keep it.

Not matched (false negatives): `x = p.Get()` assigning an existing variable,
`x, ok := p.Get().(T)`, a pool reached through another package or a function
call, a struct field whose name other structs of the package use for
something else, `New` functions set outside the pool's declaration, and
files that neither spell `sync.Pool` nor call `Get`/`Put` on a name ending
in `pool`/`Pool` (the byte prefilter).

Go version: the same for every version.

## References
- https://pkg.go.dev/sync#Pool
- https://staticcheck.dev/docs/checks/#SA6002 (storing non-pointer values in sync.Pool allocates memory)
"""

_GET_PUT = parsing.query(
    """
    (call_expression
      function: (selector_expression operand: (_) @pool field: (field_identifier) @method)
      arguments: (argument_list) @args) @call
    """
)
_FIELDS = parsing.query("(field_declaration name: (field_identifier) @name type: (_) @type)")
_RETURNS = parsing.query("(return_statement (expression_list . (_) @value))")
_FUNCS = parsing.query("(function_declaration name: (identifier) @name body: (block) @body)")

_RULE = sys.modules[__name__]

PUT, USE, ESCAPE, REASSIGN = "put", "use", "escape", "reassign"

# methods whose results never alias the receiver (numbers, errors, nothing)
_SCALAR_METHODS = {
    "Len", "Cap", "Available", "Reset", "Grow", "Truncate", "Write", "WriteString",
    "WriteByte", "WriteRune", "ReadFrom", "WriteTo", "Flush", "Size",
}
# String copies for these types (bytes.Buffer), or returns bytes the type never rewrites (strings.Builder)
_COPYING_STRING = {("bytes", "Buffer"), ("strings", "Builder")}
# functions that take x as the writer (or reader) and keep nothing of it
_WRITER_FUNCS = {
    "fmt": {"Fprint", "Fprintf", "Fprintln"},
    "io": {"WriteString"},
    "encoding/binary": {"Write"},
}
_COPY_FUNCS = {"io": {"Copy", "CopyN", "CopyBuffer"}}
_ENCODERS = {"encoding/json": {"NewEncoder"}, "encoding/xml": {"NewEncoder"}, "encoding/gob": {"NewEncoder"}}


# ---- which receivers are a sync.Pool ------------------------------------------

def _sync_names(ctx) -> set[str]:
    return ctx.local_names("sync")


def _is_pool_type(node, sync: set[str]) -> bool:
    t = gs.text(node).replace(" ", "").lstrip("*")
    return any(t == f"{s}.Pool" for s in sync)


def _pool_literal(node, sync: set[str]):
    """The `sync.Pool{...}` composite literal of a declaration's value (or None)."""
    if node is None:
        return None
    if node.type == "unary_expression" and gs.text(node.child_by_field_name("operator")) == "&":
        node = node.child_by_field_name("operand")
    if node is not None and node.type == "composite_literal" and _is_pool_type(node.child_by_field_name("type"), sync):
        return node
    return None


class Pool:
    """A recognised pool: how to name it, and its New function (if known)."""

    def __init__(self, literal=None, fctx=None):
        self.literal = literal  # the sync.Pool{...} literal, or None
        self.fctx = fctx  # the file that declares it


def _declared_pool(fctx, decl) -> Pool | bool:
    """Pool (a declared pool variable), or False (not a pool)."""
    sync = _sync_names(fctx)
    if decl.type is not None and _is_pool_type(decl.type, sync):
        return Pool(_pool_literal(decl.value, sync), fctx)
    if _pool_literal(decl.value, sync) is not None:
        return Pool(_pool_literal(decl.value, sync), fctx)
    return False


def _pool_of(ctx, recv) -> Pool | None:
    if recv.type == "identifier":
        return gs.resolve(ctx, recv, _declared_pool, b"Pool")
    if recv.type == "selector_expression":
        op, field = recv.child_by_field_name("operand"), gs.text(recv.child_by_field_name("field"))
        if op.type == "identifier" and any(gs.text(op) in ctx.local_names(i.path) for i in ctx.imports):
            return None  # otherpkg.Pool: declared elsewhere
        # every struct field of that name in the package must be a pool
        found = None
        for f in [ctx] + ctx.sibling_files():
            if field.encode() not in f.source:
                continue
            sync = _sync_names(f)
            for caps in parsing.matches(_FIELDS, f.root):
                if field not in (gs.text(n) for n in caps["name"]):
                    continue
                if not _is_pool_type(caps["type"][0], sync):
                    return None
                found = found or Pool(None, f)
        return found
    return None


# ---- value shapes ----------------------------------------------------------------

def _unparen(node):
    while node is not None and node.type == "parenthesized_expression":
        node = node.named_children[0] if node.named_children else None
    return node


def _non_pointer(node) -> str | None:
    """A short description if ``node`` is certainly a value of a non-pointer type."""
    node = _unparen(node)
    if node is None:
        return None
    t = node.type
    if t == "call_expression":
        fn = node.child_by_field_name("function")
        if fn.type == "identifier" and gs.text(fn) == "make":
            return gs.text(node)
        if fn.type in ("slice_type", "array_type"):  # []byte(s)
            return gs.text(node)
        return None
    if t == "composite_literal":
        if node.parent is not None and node.parent.type == "unary_expression":
            return None
        return gs.text(node)
    if t in ("interpreted_string_literal", "raw_string_literal", "int_literal", "float_literal", "rune_literal"):
        return gs.text(node)
    if t == "slice_expression":
        return gs.text(node)
    return None


def _allocating_value(node) -> bool:
    """Is ``node`` certainly a non-pointer-shaped value (boxing it allocates)?"""
    node = _unparen(node)
    if node is None:
        return False
    if node.type == "slice_expression":
        return True
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if fn.type == "identifier" and gs.text(fn) == "make":
            return first is not None and first.type in ("slice_type", "array_type")
        return fn.type in ("slice_type", "array_type")
    if node.type == "composite_literal":
        if node.parent is not None and node.parent.type == "unary_expression":
            return False
        typ = node.child_by_field_name("type")
        return typ is not None and typ.type in ("slice_type", "array_type", "struct_type", "implicit_length_array_type")
    if node.type == "type_assertion_expression":
        typ = node.child_by_field_name("type")
        return typ is not None and typ.type in ("slice_type", "array_type")
    return False


def _allocating_ident(ident) -> bool:
    """Is the variable ``ident`` resolves to (through closures too: a Put in
    a deferred func literal) certainly a slice or array?"""
    d = scope.binding(ident)
    if d is None:
        return False
    p = d.parent
    if p.type in ("parameter_declaration", "var_spec"):
        t = p.child_by_field_name("type")
        if t is not None:
            return t.type in ("slice_type", "array_type")
        values = p.child_by_field_name("value")
        names = list(p.children_by_field_name("name"))
    elif p.type == "expression_list" and p.parent.type == "short_var_declaration":
        values = p.parent.child_by_field_name("right")
        names = [c for c in p.named_children if c.type != "comment"]
    else:
        return False
    vals = [c for c in values.named_children if c.type != "comment"] if values is not None else []
    if len(vals) != len(names) or d not in names:
        return False
    value = vals[names.index(d)]
    return _allocating_value(value) or _deref_of_slice_pointer(value)


def _deref_of_slice_pointer(value) -> bool:
    """``*bp`` where ``bp := pool.Get().(*[]byte)``: a slice value."""
    value = _unparen(value)
    if value is None or value.type != "unary_expression" or gs.text(value.child_by_field_name("operator")) != "*":
        return False
    op = _unparen(value.child_by_field_name("operand"))
    if op is None or op.type != "identifier":
        return False
    d = scope.binding(op)
    if d is None or d.parent.type != "expression_list" or d.parent.parent.type != "short_var_declaration":
        return False
    vals = [c for c in d.parent.parent.child_by_field_name("right").named_children if c.type != "comment"]
    if len(vals) != 1 or vals[0].type != "type_assertion_expression":
        return False
    t = vals[0].child_by_field_name("type")
    return t is not None and t.type == "pointer_type" and any(c.type in ("slice_type", "array_type") for c in t.named_children)


def _new_function_body(pool: Pool):
    lit = pool.literal
    if lit is None:
        return None
    body = lit.child_by_field_name("body")
    for el in body.named_children:
        if el.type != "keyed_element":
            continue
        key, value = el.child_by_field_name("key"), el.child_by_field_name("value")
        if key is None or value is None or gs.text(key) != "New":
            continue
        v = value.named_children[0] if value.type == "literal_element" and value.named_children else value
        if v.type == "func_literal":
            return v.child_by_field_name("body")
        if v.type == "identifier":
            for caps in parsing.matches(_FUNCS, pool.fctx.root):
                if gs.text(caps["name"][0]) == gs.text(v):
                    return caps["body"][0]
    return None


def _new_returns_non_pointer(pool: Pool) -> str | None:
    body = _new_function_body(pool)
    if body is None:
        return None
    owner = body.parent
    for value in parsing.captures(_RETURNS, body, "value"):
        if gs.enclosing_function(value) != owner:
            continue
        desc = _non_pointer(value)
        if desc is not None:
            return desc
    return None


# ---- uses of the object --------------------------------------------------------

def _is_call_named(call, names) -> bool:
    fn = call.child_by_field_name("function")
    return fn is not None and fn.type == "selector_expression" and gs.text(fn.child_by_field_name("field")) in names


def _arg_index(arg) -> int:
    return [c for c in arg.parent.named_children if c.type != "comment"].index(arg)


def _copied_result(ctx, call) -> bool:
    """Is the result of ``call`` (a method result that may alias x) only copied?"""
    p = call.parent
    if p.type == "variadic_argument":  # append(dst, buf.Bytes()...)
        outer = p.parent.parent
        fn = outer.child_by_field_name("function")
        return fn.type == "identifier" and gs.text(fn) == "append"
    if p.type != "argument_list":
        return False
    outer = p.parent
    fn = outer.child_by_field_name("function")
    if fn.type == "identifier" and gs.text(fn) in ("string", "copy", "len", "cap"):
        return True
    if fn.type == "selector_expression" and gs.text(fn.child_by_field_name("field")) in ("Write", "WriteString"):
        return len(p.named_children) == 1  # io.Writer: "Write must not retain p"
    return False


def _asserted_type(get_call):
    p = get_call.parent
    if p.type == "type_assertion_expression" and p.child_by_field_name("operand") == get_call:
        return p.child_by_field_name("type")
    return None


def _string_copies(ctx, typ) -> bool:
    if typ is None or typ.type != "pointer_type":
        return False
    inner = typ.named_children[0] if typ.named_children else None
    if inner is None or inner.type != "qualified_type":
        return False
    pkg = gs.text(inner.child_by_field_name("package"))
    name = gs.text(inner.child_by_field_name("name"))
    return any((path, name) in _COPYING_STRING and pkg in ctx.local_names(path) for path in ("bytes", "strings"))


_SCALAR_TYPES = {
    "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "uintptr", "byte", "rune", "float32", "float64",
}
_STRUCT_FIELDS = parsing.query(
    """
    (type_spec name: (type_identifier) @name type: (struct_type
      (field_declaration_list (field_declaration name: (field_identifier) @field type: (type_identifier) @type))))
    """
)


def _scalar_fields(ctx, typ) -> set[str]:
    """Fields of basic types (copied when read) of the local struct ``*T``."""
    if typ is None or typ.type != "pointer_type" or not typ.named_children or typ.named_children[0].type != "type_identifier":
        return set()
    tname = gs.text(typ.named_children[0])
    out = set()
    for f in [ctx] + ctx.sibling_files():
        if tname.encode() not in f.source:
            continue
        for caps in parsing.matches(_STRUCT_FIELDS, f.root):
            if gs.text(caps["name"][0]) == tname and gs.text(caps["type"][0]) in _SCALAR_TYPES:
                out.update(gs.text(n) for n in caps["field"])
    return out


def _inside_put(ident) -> bool:
    node = ident
    while node.parent is not None and node.parent.type in ("slice_expression", "unary_expression", "parenthesized_expression"):
        node = node.parent
    p = node.parent
    return p is not None and p.type == "argument_list" and _is_call_named(p.parent, {"Put"})


def _classify(ctx, ident, body, typ) -> str:
    if _inside_put(ident):
        return PUT
    if lifetime.in_closure(ident, body):
        return ESCAPE
    p = ident.parent
    if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        q = p.parent
        method = gs.text(p.child_by_field_name("field"))
        if q.type == "call_expression" and q.child_by_field_name("function") == p:
            if q.parent.type == "expression_statement" or method in _SCALAR_METHODS:
                return USE
            if method == "String" and _string_copies(ctx, typ):
                return USE
            return USE if _copied_result(ctx, q) else ESCAPE
        # x.f = v: a write into the object
        if q.type == "expression_list" and q.parent.type == "assignment_statement" and q.parent.child_by_field_name("left") == q:
            return USE
        # x.n read, where n is a number, bool or string field of a local struct type
        if method in _scalar_fields(ctx, typ):
            return USE
        return ESCAPE
    if p.type == "argument_list":
        call = p.parent
        idx = _arg_index(ident)
        if idx == 0 and gs.pkg_func(ctx, call, _WRITER_FUNCS):
            return USE
        if idx in (0, 1) and gs.pkg_func(ctx, call, _COPY_FUNCS):
            return USE
        if gs.pkg_func(ctx, call, _ENCODERS):
            chain = call.parent
            if chain.type == "selector_expression" and gs.text(chain.child_by_field_name("field")) == "Encode" and chain.parent.type == "call_expression":
                return USE
        return ESCAPE
    if lifetime.is_compared(ident):
        other = p.child_by_field_name("right") if p.child_by_field_name("left") == ident else p.child_by_field_name("left")
        return USE if other is not None and other.type == "nil" else ESCAPE
    if p.type == "expression_list" and p.parent.type == "assignment_statement" and p.parent.child_by_field_name("left") == p:
        return REASSIGN
    return ESCAPE


def _alias_of(ident):
    """``buf := *bp`` (one name, one value): the identifier ``buf`` declares."""
    deref = ident.parent
    if deref.type != "unary_expression" or gs.text(deref.child_by_field_name("operator")) != "*":
        return None
    lst = deref.parent
    if lst.type != "expression_list" or len(lst.named_children) != 1 or lst.parent.type != "short_var_declaration":
        return None
    decl = lst.parent
    if decl.child_by_field_name("right") != lst:
        return None
    left = [c for c in decl.child_by_field_name("left").named_children if c.type != "comment"]
    return left[0] if len(left) == 1 and left[0].type == "identifier" and gs.text(left[0]) != "_" else None


def _classify_alias(ctx, ident, alias, body) -> str:
    """A use of ``buf`` in ``buf := *bp``: ``len``/``cap``, ``buf = append(buf[:0], ...)``
    (it stays in the object's backing array or grows away from it) and
    ``*bp = buf`` (written back) keep it local; the rest as for the object."""
    if lifetime.in_closure(ident, body):
        return PUT if _inside_put(ident) else ESCAPE
    node = ident
    while node.parent is not None and node.parent.type in ("slice_expression", "parenthesized_expression"):
        node = node.parent
    p = node.parent
    if p.type == "argument_list":
        call = p.parent
        fn = gs.text(call.child_by_field_name("function"))
        if fn in ("len", "cap"):
            return USE
        if fn == "append" and _arg_index(node) == 0 and _assigned_back(call, alias):
            return USE
    if p.type == "expression_list" and p.parent.type == "assignment_statement":
        stmt = p.parent
        if stmt.child_by_field_name("left") == p:
            right = [c for c in stmt.child_by_field_name("right").named_children if c.type != "comment"]
            if len(right) == 1 and right[0].type == "call_expression" and gs.text(right[0].child_by_field_name("function")) == "append":
                return USE  # buf = append(...): checked at the append
        else:
            left = [c for c in stmt.child_by_field_name("left").named_children if c.type != "comment"]
            if len(left) == 1 and left[0].type == "unary_expression" and gs.text(left[0].child_by_field_name("operator")) == "*":
                return USE  # *bp = buf: written back into the object
    return _classify(ctx, ident, body, None)


def _assigned_back(call, alias) -> bool:
    """``alias = append(alias..., ...)``: the call is the whole right side of an
    assignment to the alias itself."""
    lst = call.parent
    if lst is None or lst.type != "expression_list" or lst.parent.type != "assignment_statement":
        return False
    left = [c for c in lst.parent.child_by_field_name("left").named_children if c.type != "comment"]
    return len(left) == 1 and left[0].type == "identifier" and scope.binding(left[0]) == alias


def _simple_receiver(recv) -> bool:
    if recv.type == "identifier":
        return True
    if recv.type == "selector_expression":
        return _simple_receiver(recv.child_by_field_name("operand"))
    return False


# ---- may the pooled type's methods keep the object? ------------------------------------

# types whose methods never keep their receiver (no goroutines, no registries)
_KNOWN_TYPES = {
    ("bytes", "Buffer"), ("bytes", "Reader"), ("strings", "Builder"), ("strings", "Reader"),
    ("bufio", "Reader"), ("bufio", "Writer"), ("compress/gzip", "Writer"), ("compress/gzip", "Reader"),
    ("compress/flate", "Writer"), ("compress/zlib", "Writer"),
}
# methods a writer function (fmt.Fprintf(x, ...), io.Copy(x, r), ...) calls on x
_IMPLICIT_METHODS = ("Write", "WriteString", "WriteByte", "ReadFrom", "Read", "WriteTo")

_METHODS = parsing.query(
    """
    (method_declaration
      receiver: (parameter_list (parameter_declaration name: (identifier)? @recv type: (_) @rtype))
      name: (field_identifier) @name
      body: (block) @body)
    """
)
_GO_OR_LITERAL = parsing.query("[(go_statement) (func_literal)] @x")


def _called_methods(idents) -> tuple[set[str], bool]:
    """(methods called on x, whether x is handed to a writer function)."""
    called, implicit = set(), False
    for ident in idents:
        p = ident.parent
        if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
            q = p.parent
            if q.type == "call_expression" and q.child_by_field_name("function") == p:
                called.add(gs.text(p.child_by_field_name("field")))
        elif p.type == "argument_list" and not _is_call_named(p.parent, {"Put"}):
            implicit = True
    return called, implicit


def _local_methods(ctx, type_name: str) -> dict[str, tuple]:
    """{method name: (receiver identifier or None, body)} of the package's type."""
    out: dict[str, tuple] = {}
    for f in [ctx] + ctx.sibling_files():
        if type_name.encode() not in f.source:
            continue
        for caps in parsing.matches(_METHODS, f.root):
            rtype = gs.text(caps["rtype"][0]).replace(" ", "").lstrip("*")
            if rtype.split("[", 1)[0] != type_name:
                continue
            recv = caps["recv"][0] if "recv" in caps else None
            out[gs.text(caps["name"][0])] = (recv, caps["body"][0])
    return out


def _method_keeps_receiver(methods, name: str, seen: set[str]) -> bool:
    """Might method ``name`` keep its receiver beyond the call (shallow check)?"""
    if name in seen:
        return False
    seen.add(name)
    recv, body = methods[name]
    if parsing.captures(_GO_OR_LITERAL, body, "x"):
        return True  # a goroutine or closure may outlive the call
    if recv is None or gs.text(recv) == "_":
        return False
    for ident in gs.identifiers(body, gs.text(recv)):
        p = ident.parent
        if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
            q = p.parent
            if q.type == "call_expression" and q.child_by_field_name("function") == p:
                callee = gs.text(p.child_by_field_name("field"))
                if callee in methods and _method_keeps_receiver(methods, callee, seen):
                    return True
            continue  # r.field, or a method not declared on the type (promoted): fine
        if lifetime.is_compared(ident):
            continue
        return True  # r passed, returned, stored or assigned
    return False


def _type_keeps_nothing(ctx, typ, idents) -> str | None:
    """Why the methods called on x might keep it (None: they cannot)."""
    inner = typ.named_children[0] if typ.named_children else None
    if inner is None:
        return "unknown type"
    if inner.type == "qualified_type":
        pkg = gs.text(inner.child_by_field_name("package"))
        tname = gs.text(inner.child_by_field_name("name"))
        if any(tname == n and pkg in ctx.local_names(path) for path, n in _KNOWN_TYPES):
            return None
        called, implicit = _called_methods(idents)
        if not called and not implicit:
            return None
        return f"the methods of {gs.text(inner)} may keep the object"
    if inner.type in ("type_identifier", "generic_type"):
        tname = gs.text(inner).split("[", 1)[0]
        methods = _local_methods(ctx, tname)
        called, implicit = _called_methods(idents)
        if implicit:
            called |= {m for m in _IMPLICIT_METHODS if m in methods}
        for m in sorted(called):
            if m not in methods:
                return f"{tname}.{m} is not declared in this package"
            if _method_keeps_receiver(methods, m, set()):
                return f"{tname}.{m} may keep the object (a goroutine, closure, or the receiver stored)"
        return None
    return None  # *[]byte and the like have no methods


# ---- the check -------------------------------------------------------------------

def _declared_get(get_expr):
    """(statement, variable) for `x := <get>` / `var x = <get>`, else None."""
    lst = get_expr.parent
    if lst is None or lst.type != "expression_list" or len(lst.named_children) != 1:
        return None
    decl = lst.parent
    if decl.type == "short_var_declaration" and decl.child_by_field_name("right") == lst:
        left = [c for c in decl.child_by_field_name("left").named_children if c.type != "comment"]
        if len(left) != 1 or left[0].type != "identifier":
            return None
        return decl, left[0]
    if decl.type == "var_spec" and decl.child_by_field_name("value") == lst:
        names = decl.children_by_field_name("name")
        if len(names) != 1 or decl.parent.type != "var_declaration":
            return None
        return decl.parent, names[0]
    return None


def check(ctx):
    sync = _sync_names(ctx)
    if not sync and not ctx.package:
        return
    for caps in parsing.matches(_GET_PUT, ctx.root):
        method = gs.text(caps["method"][0])
        if method not in ("Get", "Put"):
            continue
        call, recv, args = caps["call"][0], caps["pool"][0], caps["args"][0]
        arglist = [a for a in args.named_children if a.type != "comment"]
        if method == "Get" and arglist or method == "Put" and len(arglist) != 1:
            continue
        pool = _pool_of(ctx, recv)
        if pool is None:
            continue
        rtext = gs.text(recv)
        if method == "Put":
            arg = arglist[0]
            if _allocating_value(arg) or (arg.type == "identifier" and _allocating_ident(arg)):
                yield ctx.finding(
                    _RULE, call,
                    f"{rtext}.Put of a non-pointer value ({gs.text(arg)}): converting it to `any` allocates on every Put; "
                    "pool pointers instead (e.g. *[]byte) (no automatic fix)",
                )
            continue
        yield from _check_get(ctx, call, recv, rtext, pool)


def _check_get(ctx, call, recv, rtext, pool):
    typ = _asserted_type(call)
    if typ is not None and typ.type == "pointer_type":
        bad_new = _new_returns_non_pointer(pool)
        if bad_new is not None:
            yield ctx.finding(
                _RULE, call,
                f"{rtext}'s New returns a non-pointer ({bad_new}) but this Get asserts {gs.text(typ)}: "
                "the type assertion panics whenever the pool is empty; make New return a pointer (no automatic fix)",
            )
            return
    get_expr = typ.parent if typ is not None else call
    found = _declared_get(get_expr)
    if found is None:
        return
    stmt, var = found
    name = gs.text(var)
    if name == "_":
        return
    func = gs.enclosing_function(stmt)
    if func is None:
        return
    body = gs.function_body(func)
    # the uses of this variable (scope-correct: another x elsewhere is another variable)
    idents = [ident for ident in scope.uses(var, func) if ident != var]
    kinds = set()
    for ident in idents:
        alias = _alias_of(ident)
        if alias is not None:
            # buf := *bp: buf is the object's contents; its uses are the object's
            kinds |= {_classify_alias(ctx, a, alias, body) for a in scope.uses(alias, func) if a != alias}
            continue
        kinds.add(_classify(ctx, ident, body, typ))
    if PUT in kinds or ESCAPE in kinds:
        return
    message = f"the object taken from {rtext} with Get is never put back: the pool never reuses it, so every call allocates anew"
    if stmt.parent is None or stmt.parent.type != "statement_list":
        yield ctx.finding(_RULE, call, message + " (no automatic fix: Get sits in an initializer)")
        return
    if gs.loop_between(stmt, func) is not None:
        yield ctx.finding(_RULE, call, message + " (inside a loop: put it back at the end of each iteration; no automatic fix)")
        return
    if REASSIGN in kinds:
        yield ctx.finding(_RULE, call, message + f" ({name} is reassigned; no automatic fix)")
        return
    if typ is not None and typ.type != "pointer_type":
        yield ctx.finding(_RULE, call, message + f" (Get asserts the non-pointer type {gs.text(typ)}: pool pointers instead; no automatic fix)")
        return
    if not _simple_receiver(recv):
        yield ctx.finding(_RULE, call, message + " (no automatic fix)")
        return
    why = _type_keeps_nothing(ctx, typ, idents) if typ is not None else None
    if why:
        yield ctx.finding(_RULE, call, message + f" ({why}; no automatic fix)")
        return
    line = f"defer {rtext}.Put({name})"
    yield ctx.finding(_RULE, call, message, Fix(f"Add {line}", (gs.insert_line_after(ctx.source, stmt, line),)))
