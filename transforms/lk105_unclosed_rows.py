"""LK105 unclosed-rows."""

from __future__ import annotations

import re
import sys

from gofixleaks import gosyntax as gs
from gofixleaks import lifetime, parsing

CODE = "LK105"
NAME = "unclosed-rows"
SUMMARY = "database/sql rows or prepared statement is never closed"
TRIGGERS = (b".Query(", b".QueryContext(", b".Prepare(", b".PrepareContext(")
FIXABLE = True
# reported only with --preview
PREVIEW_SHAPES = {
    "test-file": "rows or statements left open in a _test.go file (mostly on paths where the test fails)",
    "go-run-program": "rows or statements left open in a `//go:build ignore` program (a go:generate or go run script that exits)",
}


_BUILD_IGNORE = re.compile(rb"^//go:build ignore[ \t]*\r?$", re.M)


def _go_run_program(source: bytes) -> bool:
    """A ``//go:build ignore`` file before its package clause: a program run
    by hand or by ``go generate`` (``go run gen.go``), not built with the module."""
    head = source.split(b"\npackage ", 1)[0]
    return _BUILD_IGNORE.search(head) is not None

DOC = """
## What it does
Finds `*sql.Rows` from `Query` / `QueryContext` and `*sql.Stmt` from
`Prepare` / `PrepareContext` (package `database/sql`) that are never closed.
The receiver must be recognisable as a `*sql.DB`, `*sql.Tx`, `*sql.Conn` or
`*sql.Stmt` from the syntax: a parameter, variable or struct field declared
with that type, a variable from `sql.Open` / `sql.OpenDB`, or a variable from
`Begin`, `BeginTx`, `Conn`, `Prepare` or `PrepareContext` on such a value,
or from a function of the package declared to return one
(`db := openTestDB(t)`).

It also reports, without a fix, a `for rows.Next() { ... }` loop with no
`rows.Err()` call after it.

`QueryRow` is not reported: `Row.Scan` closes its rows.  A statement from
`Tx.Prepare` is not reported: it is closed when the transaction ends.

Preview (`--preview`, `preview = true`): in `_test.go` files the rule
reports only in preview; on reviewed real modules (lib/pq, pgx, go-sql-driver/mysql) 1 of 8 such
findings was a real leak: rows left open only on paths where the test
fails at once, statements the test's deferred `db.Close` closes, queries
expected to fail.  The same in a `//go:build ignore` file (a program run by
`go generate` or `go run`, not part of the module's build): lib/pq's
`oid/gen.go` reads its rows to the end and exits.

## Why is this bad?
Open rows hold their connection: it cannot go back to the pool until the rows
are closed.  `Rows.Next` closes them when it returns `false`, so a loop that
always runs to its end releases the connection; but any early `return`,
`break`, `panic` or failed `Scan` inside the loop, or not iterating at all,
keeps the connection busy for good (nothing closes it later: the rows have no
finalizer).  Each leaked rows costs one connection; with `SetMaxOpenConns`
the pool runs dry and every later query blocks forever, without it the
database runs out of connections.  A prepared statement that is never closed
keeps a server-side statement (and client memory) on every connection it was
prepared on, for the life of the `*sql.DB`.

Without `rows.Err()` after the loop, an error that ended the iteration early
(a network error, a cancelled context) looks like the end of the results.

## Example
```go
rows, err := db.QueryContext(ctx, "SELECT name FROM users")
if err != nil {
	return nil, err
}
var names []string
for rows.Next() {
	var n string
	if err := rows.Scan(&n); err != nil {
		return nil, err // the connection stays busy
	}
	names = append(names, n)
}
return names, nil
```

## Use instead
```go
rows, err := db.QueryContext(ctx, "SELECT name FROM users")
if err != nil {
	return nil, err
}
defer rows.Close()
var names []string
for rows.Next() {
	var n string
	if err := rows.Scan(&n); err != nil {
		return nil, err
	}
	names = append(names, n)
}
return names, rows.Err()
```

## Fix safety
The fix inserts `defer rows.Close()` (or `defer stmt.Close()`) right after
the `if err != nil` block that checks the call.  It is safe: that block
always leaves the function, so the value is non-nil where the defer runs;
`Close` may be called more than once (a loop that ran to its end already
closed the rows) and `defer` evaluates `rows` at once, so a later
reassignment does not change what is closed.  Closing rows after a
transaction's `Commit` is a no-op (the commit closed them).

No fix, only a report, when: the error is discarded or not checked right
after the call, the check does not always leave, the call sits in a loop
(close at the end of each iteration instead), or the result is discarded
with `_`.  The missing `rows.Err()` is report-only: where to check it, and
what to do with the error, depends on the function.

No finding when the value escapes (returned, stored, sent, captured by a
closure or goroutine, passed to any function, which may close it) or is
closed anywhere in the function (directly or in a deferred closure).

Go version: the same for every version.

## References
- https://pkg.go.dev/database/sql#Rows.Close
- https://pkg.go.dev/database/sql#Rows.Err
- https://pkg.go.dev/database/sql#DB.Prepare
- https://go.dev/doc/database/querying#multiple_rows
"""

_FIELDS = parsing.query(
    """
    (field_declaration name: (field_identifier) @name type: (_) @type)
    (field_declaration . type: (_) @type .)
    """
)
_FUNCS = parsing.query("(function_declaration name: (identifier) @name result: (_) @result)")
_NEXT_LOOPS = parsing.query(
    """
    (for_statement (call_expression
      function: (selector_expression operand: (identifier) @rows field: (field_identifier) @next)) @cond) @loop
    (for_statement (for_clause condition: (call_expression
      function: (selector_expression operand: (identifier) @rows field: (field_identifier) @next)) @cond)) @loop
    """
)

_RULE = sys.modules[__name__]

HANDLES = ("DB", "Tx", "Conn", "Stmt")
_QUERY = {"Query", "QueryContext"}
_PREPARE = {"Prepare", "PrepareContext"}
# what a method called on a handle of kind K returns (only the kinds we track)
_RESULT_KIND = {
    ("DB", "Begin"): "Tx", ("DB", "BeginTx"): "Tx", ("DB", "Conn"): "Conn",
    ("Conn", "BeginTx"): "Tx",
    ("DB", "Prepare"): "Stmt", ("DB", "PrepareContext"): "Stmt",
    ("Tx", "Prepare"): "Stmt", ("Tx", "PrepareContext"): "Stmt",
    ("Conn", "Prepare"): "Stmt", ("Conn", "PrepareContext"): "Stmt",
    ("Tx", "Stmt"): "Stmt", ("Tx", "StmtContext"): "Stmt",
}

CLOSE, USE, ESCAPE, REASSIGN = "close", "use", "escape", "reassign"


# ---- which receivers are database/sql handles ------------------------------------

def _sql_names(fctx) -> set[str]:
    return fctx.local_names("database/sql")


def _kind_of_type(node, sql: set[str]) -> str | None:
    t = gs.text(node).replace(" ", "")
    if not t.startswith("*"):
        return None  # the handles are used through pointers
    t = t[1:]
    for s in sql:
        for h in HANDLES:
            if t == f"{s}.{h}":
                return h
    return None


def _kind_of_value(fctx, value, depth: int) -> str | None:
    if value is None or value.type != "call_expression" or depth > 4:
        return None
    fn = value.child_by_field_name("function")
    if fn.type == "identifier":
        return _kind_of_func_result(fctx, gs.text(fn))
    if fn.type != "selector_expression":
        return None
    op, method = fn.child_by_field_name("operand"), gs.text(fn.child_by_field_name("field"))
    if op.type == "identifier" and gs.text(op) in _sql_names(fctx):
        return "DB" if method in ("Open", "OpenDB") else None
    kind = _kind_of(fctx, op, depth + 1)
    return _RESULT_KIND.get((kind, method)) if kind else None


def _kind_of_func_result(fctx, name: str) -> str | None:
    """The handle kind of the (first) result of the package's function ``name``."""
    for f in [fctx] + fctx.sibling_files():
        if name.encode() not in f.source:
            continue
        for caps in parsing.matches(_FUNCS, f.root):
            if gs.text(caps["name"][0]) != name:
                continue
            res = caps["result"][0]
            if res.type == "parameter_list":
                params = [c for c in res.named_children if c.type == "parameter_declaration"]
                res = params[0].child_by_field_name("type") if params else None
            return _kind_of_type(res, _sql_names(f)) if res is not None else None
    return None


def _declared_kind(fctx, decl, depth: int) -> str:
    """The handle kind of a declared variable, or "" (not a handle)."""
    if decl.type is not None:
        return _kind_of_type(decl.type, _sql_names(fctx)) or ""
    if decl.value is not None:
        return _kind_of_value(fctx, decl.value, depth) or ""
    return ""


def _kind_of(fctx, recv, depth: int = 0) -> str | None:
    if recv.type == "identifier":
        return gs.resolve(fctx, recv, lambda f, decl: _declared_kind(f, decl, depth), b"database/sql")
    if recv.type == "selector_expression":
        op, field = recv.child_by_field_name("operand"), gs.text(recv.child_by_field_name("field"))
        if op.type == "identifier" and any(gs.text(op) == i.local for i in fctx.imports):
            return None  # otherpkg.DB: declared elsewhere
        # every struct field of that name in the package must have the same handle type
        kinds = set()
        for f in [fctx] + fctx.sibling_files():
            if field.encode() not in f.source:
                continue
            sql = _sql_names(f)
            for caps in parsing.matches(_FIELDS, f.root):
                typ = caps["type"][0]
                if "name" in caps:  # a named field
                    if field in (gs.text(n) for n in caps["name"]):
                        kinds.add(_kind_of_type(typ, sql))
                    continue
                # an embedded field: *sql.DB is named DB, *pkg.T is named T
                embedded = typ.child_by_field_name("name") if typ.type == "qualified_type" else typ
                if embedded is not None and gs.text(embedded) == field:
                    kinds.add(_kind_of_type(typ.parent, sql))
        return kinds.pop() if len(kinds) == 1 else None
    return None


# ---- uses of the rows / statement ---------------------------------------------------

def _classify(ident, body) -> str:
    p = ident.parent
    kind = ESCAPE
    if p.type in ("var_spec", "parameter_declaration"):
        kind = USE
    elif p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        q = p.parent
        method = gs.text(p.child_by_field_name("field"))
        is_call = q.type == "call_expression" and q.child_by_field_name("function") == p
        if is_call:
            kind = CLOSE if method == "Close" else USE
        else:
            kind = ESCAPE  # a method value such as defer-less `f := rows.Close`
    elif p.type == "argument_list":
        kind = CLOSE  # a helper given the rows may close them: never fix
    elif lifetime.is_compared(ident):
        kind = USE
    elif lifetime.is_assigned(ident):
        kind = REASSIGN
    if kind != CLOSE and lifetime.in_closure(ident, body):
        return ESCAPE
    return kind


def _unchecked_next_loops(body, name: str, after: int):
    """`for name.Next()` loops (after byte ``after``) with no name.Err() call after them."""
    loops = []
    for caps in parsing.matches(_NEXT_LOOPS, body):
        if gs.text(caps["rows"][0]) != name or gs.text(caps["next"][0]) != "Next":
            continue
        loop = caps["loop"][0]
        if loop.start_byte < after or caps["cond"][0].child_by_field_name("arguments").named_child_count:
            continue
        loops.append((loop, caps["cond"][0]))
    out = []
    for loop, cond in loops:
        checked = False
        for call, fn, _args in gs.calls(body, loop.end_byte):
            if fn.type == "selector_expression" and gs.text(fn.child_by_field_name("operand")) == name and gs.text(fn.child_by_field_name("field")) == "Err":
                checked = True
                break
        if not checked:
            out.append((loop, cond))
    return out


# ---- the check ------------------------------------------------------------------------

def check(ctx):
    if (ctx.path.endswith("_test.go") or _go_run_program(ctx.source)) and not ctx.settings.preview:
        return  # preview (PREVIEW_SHAPES)
    seen: dict[tuple[int, str], tuple[bool, bool, bool]] = {}
    reported_loops: set[int] = set()
    for pair in gs.pair_calls(ctx.root):
        assign, call, method = pair.assign, pair.call, pair.method
        if method not in _QUERY and method not in _PREPARE:
            continue
        func = gs.enclosing_function(assign)
        if func is None:
            continue
        kind = _kind_of(ctx, pair.recv)
        if kind is None or (method in _PREPARE and kind not in ("DB", "Conn")):
            continue  # unknown receiver; Tx statements close with the transaction
        what = "rows" if method in _QUERY else "statement"
        body = gs.function_body(func)
        var, err_name = gs.text(pair.first), gs.text(pair.second)
        callee = gs.text(call.child_by_field_name("function"))
        if var == "_":
            if what == "rows":
                msg = f"the rows returned by {callee} are discarded, so they are never closed and hold their connection; use Exec, or close them"
            else:
                msg = f"the statement prepared by {callee} is discarded, so it is never closed"
            yield ctx.finding(_RULE, call, msg)
            continue
        key = (func.id, var)
        if key not in seen:
            idents = gs.identifiers(body, var)
            kinds = {_classify(ident, body) for ident in idents}
            passed = any(i.parent.type == "argument_list" for i in idents)
            escaped = (
                ESCAPE in kinds
                or lifetime.named_result(func, var)
                or (assign.type == "assignment_statement" and gs.declaration_in(func, var) is None)
            )
            seen[key] = (escaped, CLOSE in kinds, passed)
        escaped, closed, passed = seen[key]
        if escaped:
            continue
        if what == "rows" and not passed:
            for loop, cond in _unchecked_next_loops(body, var, assign.end_byte):
                if loop.id not in reported_loops:
                    reported_loops.add(loop.id)
                    yield ctx.finding(
                        _RULE, cond,
                        f"{var}.Next() loop without a {var}.Err() check after it: an error that ends the iteration "
                        "early looks like the end of the results (no automatic fix)",
                    )
        if closed:
            continue
        if what == "rows":
            message = f"the rows returned by {callee} are never closed; an early return or break leaves the connection busy for good"
        else:
            message = f"the statement prepared by {callee} is never closed; it stays prepared on its connections for the life of the DB"
        check_stmt, why = lifetime.close_site(assign, func, err_name, "close")
        if check_stmt is None:
            yield ctx.finding(_RULE, call, message + f" ({why}; no automatic fix)")
            continue
        yield ctx.finding(_RULE, call, message, lifetime.add_line_after(ctx.source, check_stmt, f"defer {var}.Close()"))
