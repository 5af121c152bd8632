"""LK303 finalizer-misuse."""

from __future__ import annotations

import re
import sys

from gofixleaks import gosyntax as gs
from gofixleaks import parsing
from gofixleaks.model import Edit, Fix, Safety

CODE = "LK303"
NAME = "finalizer-misuse"
SUMMARY = "finalizer keeps its object alive, or uses it where runtime.AddCleanup should"
FIXABLE = True
TRIGGERS = (b"SetFinalizer(",)

DOC = """
## What it does
Checks `runtime.SetFinalizer(obj, func(p *T) { ... })` calls whose finalizer
is a function literal:

- the literal refers to `obj` itself (a captured variable) instead of its
  parameter: reported as a leak;
- the literal uses its parameter (`p.f`, `p.Close()`, passes `p` on):
  reported with the Go 1.24 guidance that new code should prefer
  `runtime.AddCleanup`.

A finalizer that does not touch its object (a log line, a counter) is fine and
not reported.

## Why is this bad?
A finalizer is a GC root: whatever it references stays reachable.  A
finalizer closure that captures `obj` keeps `obj` reachable forever, so `obj`
is never collected and the finalizer never runs; everything `obj` references
leaks with it.

A finalizer that uses its object resurrects it: the object and everything it
references survive one more GC cycle, objects in a reference cycle with a
finalizer may never be freed, and only one finalizer per object is allowed.
`runtime.AddCleanup` (Go 1.24) fixes all three: the cleanup receives a value
instead of the object, the object is freed at once, cycles are collected, and
several cleanups may be attached.

## Example
```go
runtime.SetFinalizer(obj, func(o *MyObj) {
	fmt.Println(*o.config)
})
```

## Use instead
```go
runtime.AddCleanup(obj, func(config *Config) {
	fmt.Println(*config)
}, obj.config)
```

## Fix safety
With go >= 1.24 in go.mod, an **unsafe** fix rewrites the call to
`runtime.AddCleanup(obj, func(f F) { ... }, obj.f)` when every use of the
object in the finalizer (its parameter, or the captured `obj`) is a read of
one and the same field `f` whose type `F` is declared in a struct type of the
package, `obj` is a plain variable, and no `runtime.SetFinalizer(x, nil)` in
the package cancels a finalizer (a cleanup is cancelled differently, with
`Cleanup.Stop`).  It is unsafe because `obj.f` is now read when the cleanup
is attached, not when the object dies: a field assigned later is not seen;
and the cleanup may run concurrently with other cleanups, as finalizers do
not.  Method calls on the object, several fields, writes to fields or
passing the object on get the report only.

Go version: below 1.24 (or without a go.mod) `runtime.AddCleanup` does not
exist and both cases are reported without a fix; the capture is reported for
every version.

## References
- https://pkg.go.dev/runtime#SetFinalizer
- https://pkg.go.dev/runtime#AddCleanup ("new code should prefer AddCleanup")
- https://go.dev/doc/gc-guide#Finalizers_cleanups_and_weak_pointers
"""

_RULE = sys.modules[__name__]

_CALLS = parsing.query(
    """
    (expression_statement
      (call_expression
        function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)
        arguments: (argument_list) @args) @call) @stmt
    """
)
_STRUCT_FIELDS = parsing.query(
    """
    (type_spec name: (type_identifier) @type
      type: (struct_type (field_declaration_list (field_declaration) @field)))
    """
)
_CANCEL = re.compile(rb"SetFinalizer\([^()\n]*,\s*nil\s*\)")


def _named(node):
    return [c for c in node.named_children if c.type != "comment"]


def _param(lit):
    """(name or None, type node) of a one-parameter func literal, or None."""
    params = lit.child_by_field_name("parameters")
    decls = [d for d in _named(params) if d.type == "parameter_declaration"]
    if len(decls) != 1:
        return None
    names = decls[0].children_by_field_name("name")
    if len(names) > 1:
        return None
    name = gs.text(names[0]) if names else None
    return (None if name == "_" else name), decls[0].child_by_field_name("type")


def _refs(body, name):
    """Identifier nodes spelled ``name`` in ``body`` (not struct field keys)."""
    if not name:
        return []
    return sorted(gs.identifiers(body, name), key=lambda n: n.start_byte)


def _single_field(refs):
    """The field name if every ref is a read of ``ref.field`` of one field, else None."""
    field = None
    for r in refs:
        p = r.parent
        if p.type != "selector_expression" or p.child_by_field_name("operand") != r:
            return None
        f = gs.text(p.child_by_field_name("field"))
        if field is not None and f != field:
            return None
        field = f
        q = p.parent
        if q.type == "call_expression" and q.child_by_field_name("function") == p:
            return None  # a method call (or a func field: we cannot tell)
        if q.type == "unary_expression" and gs.text(q.child_by_field_name("operator")) == "&":
            return None
        if q.type in ("inc_statement", "dec_statement"):
            return None
        if q.type == "expression_list" and q.parent.type == "assignment_statement" and q.parent.child_by_field_name("left") == q:
            return None
        if q.type == "selector_expression":
            return None  # p.f.g: f's own members, keep it simple
    return field


def _field_type(ctx, type_node, field):
    """The declared type text of ``field`` in the struct named by ``*T`` / ``T``."""
    if type_node is None:
        return None
    t = gs.text(type_node).lstrip("*")
    if not re.fullmatch(r"[A-Za-z_]\w*", t):
        return None
    files = ctx.package.files(ctx.package_name) if ctx.package is not None else [ctx]
    for fctx in files:
        if t.encode() not in fctx.source:
            continue
        for caps in parsing.matches(_STRUCT_FIELDS, fctx.root):
            if gs.text(caps["type"][0]) != t:
                continue
            decl = caps["field"][0]
            if any(gs.text(n) == field for n in decl.children_by_field_name("name")):
                ftype = decl.child_by_field_name("type")
                return gs.text(ftype) if ftype is not None else None
    return None


def _cancels_finalizers(ctx) -> bool:
    files = ctx.package.files(ctx.package_name) if ctx.package is not None else [ctx]
    return any(_CANCEL.search(f.source) for f in files)


def _cleanup_fix(ctx, call, args, obj, lit, pname, ptype, refs):
    if obj.type != "identifier":
        return None, "the object is not a plain variable"
    field = _single_field(refs)
    if field is None:
        return None, "the finalizer needs the object itself or several of its fields, not one field's value"
    ftype = _field_type(ctx, ptype, field)
    if ftype is None:
        return None, f"the type of field {field} is not declared in this package"
    if _cancels_finalizers(ctx):
        return None, "the package cancels finalizers with SetFinalizer(x, nil)"
    body = lit.child_by_field_name("body")
    taken = gs.names_declared(body) | {gs.text(obj)}
    new = field if field not in taken and field != "_" else gs.free_name(body, field, taken)
    src = ctx.source
    fn = call.child_by_field_name("function")
    params = lit.child_by_field_name("parameters")
    edits = [
        Edit(fn.child_by_field_name("field").start_byte, fn.child_by_field_name("field").end_byte, b"AddCleanup"),
        Edit(params.start_byte, params.end_byte, f"({new} {ftype})".encode()),
    ]
    for r in refs:
        sel = r.parent
        edits.append(Edit(sel.start_byte, sel.end_byte, new.encode()))
    # `, obj.f` after the literal (before a trailing comma of a multi-line call)
    edits.append(Edit(lit.end_byte, lit.end_byte, f", {gs.text(obj)}.{field}".encode()))
    if gs.has_comment_between(src, params.start_byte, params.end_byte):
        return None, "a comment in the parameter list would be lost"
    title = f"Use runtime.AddCleanup with {gs.text(obj)}.{field} as the cleanup's argument"
    return Fix(title, tuple(edits), safety=Safety.UNSAFE), None


def check(ctx):
    runtime = ctx.local_names("runtime")
    if not runtime:
        return
    for caps in parsing.matches(_CALLS, ctx.root):
        if gs.text(caps["pkg"][0]) not in runtime or gs.text(caps["fn"][0]) != "SetFinalizer":
            continue
        call = caps["call"][0]
        args = _named(caps["args"][0])
        if len(args) != 2 or args[1].type != "func_literal":
            continue
        obj, lit = args
        param = _param(lit)
        if param is None:
            continue
        pname, ptype = param
        body = lit.child_by_field_name("body")
        if body is None:
            continue
        obj_name = gs.text(obj) if obj.type == "identifier" else None
        captured = _refs(body, obj_name) if obj_name and obj_name != pname else []
        used = _refs(body, pname)
        if not captured and not used:
            continue
        fix = None
        why_no_fix = ""
        if ctx.go_at_least(1, 24, unknown=False):
            fix, why = _cleanup_fix(ctx, call, args, obj, lit, pname, ptype, captured + used)
            if fix is None:
                why_no_fix = f" (no automatic fix to runtime.AddCleanup: {why})"
        else:
            why_no_fix = " (runtime.AddCleanup needs go >= 1.24 in go.mod)"
        if captured:
            msg = (
                f"the finalizer captures {obj_name} itself instead of using its parameter: the finalizer keeps "
                f"{obj_name} reachable, so it is never collected and the finalizer never runs"
            )
        else:
            msg = (
                f"the finalizer uses its object ({gs.text(used[0].parent) if used[0].parent.type == 'selector_expression' else pname}): "
                f"this resurrects {obj_name or 'the object'} for one more GC cycle and a cycle through it is never collected; "
                f"new code should prefer runtime.AddCleanup"
            )
        yield ctx.finding(_RULE, call, msg + (why_no_fix if fix is None else ""), fix)
