"""LK103 lost-cancel."""

from __future__ import annotations

import sys

from gofixleaks import gosyntax as gs
from gofixleaks import index, lifetime, parsing
from gofixleaks.model import Edit, Fix, Safety

CODE = "LK103"
NAME = "lost-cancel"
SUMMARY = "the cancel function of a derived context is discarded or not called on every path"
TRIGGERS = (b"WithCancel", b"WithTimeout", b"WithDeadline")
FIXABLE = True


def prefilter(source: bytes) -> bool:
    """``"context"`` imported and one of the triggers present."""
    return b'"context"' in source and any(t in source for t in TRIGGERS)


DOC = """
## What it does
Finds calls of `context.WithCancel`, `WithTimeout`, `WithDeadline` and their
`...Cause` forms whose cancel function is discarded (`ctx, _ := ...`) or is
neither deferred nor called on every path out of the function (the shapes
`go vet`'s `lostcancel` pass reports).  A module function that returns a
fresh cancel func (the module index's summary: it comes from
`context.WithX` and the function neither calls it nor hands it elsewhere,
like `func withDeadline(p) (context.Context, context.CancelFunc)`) is
followed the same way, when the variable receiving it is named like a
cancel func (`cancel`, `cancelCtx`, `stopCancel`...).

## Why is this bad?
A derived context registers itself with its parent (and `WithTimeout` /
`WithDeadline` also start a runtime timer).  Until the cancel function is
called, or the parent is done, or the deadline passes, the child stays in the
parent's children map: with a long-lived parent (a server's base context,
`context.Background()` wrapped once), every call that forgets to cancel keeps
one more context, its timer and everything its values reference.  With
`time.Hour` timeouts that is megabytes per thousands of requests.

## Example
```go
func fetch(parent context.Context, url string) error {
	ctx, _ := context.WithTimeout(parent, time.Hour)
	return get(ctx, url)
}
```

## Use instead
```go
func fetch(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout(parent, time.Hour)
	defer cancel()
	return get(ctx, url)
}
```

## Fix safety
`ctx, _ := ...` gets the cancel function a name free in the function
(`cancel`, `cancel2`, ...) and `defer cancel()` right after (for
`WithCancelCause`, `defer cancel(nil)`).  `ctx, _ = ...` (plain assignment)
also gets a `var cancel context.CancelFunc` line before it.  `ctx, cancel :=`
where `cancel` is not deferred and not called on every path gets
`defer cancel()` right after the call; calling cancel a second time is
harmless, so the existing calls stay.

The fix is safe when nothing derived from the context outlives the function:
the context (or a value built from it, followed through local assignments
such as `req, err := http.NewRequestWithContext(ctx, ...)`) is not sent on a
channel, stored in a field, map, slice element, pointer or package variable,
used inside a goroutine or a closure other than a deferred one, nor reaches a
`return` of a function whose results are not all plain values (`error`,
numbers, `bool`, `string`, `time.Duration`).  Otherwise the deferred cancel
would cancel work that is still running (a goroutine, a returned
`*sql.Rows`, request or response body), so the fix is marked unsafe and
applied only with `--unsafe-fixes`.  The one assumption: a function that is
passed the context (or a value built from it) as an argument does not keep
it beyond the call (the way `context` asks callers to use it).

No fix, only a report, when the call sits in a loop (a defer would hold every
iteration's context until the function returns: cancel at the end of each
iteration), or in an `if`/`switch` initializer, or when the context is
returned while its cancel is discarded (return the cancel function too).

No finding when cancel escapes: returned, stored, passed to a function, used
inside a closure or goroutine, or reassigned; and none when it is deferred
(directly or in a deferred closure) on every path after the call, or called
on every path (the analysis is syntactic: a `cancel()` or `defer cancel()`
statement before each `return` and before falling off the end; panics are
not paths).  A `defer cancel()` inside one branch covers that branch only:
a use in a branch that does not reach every return is not "used on all
paths", as `go vet`'s lostcancel says.

Go version: the same for every version.

## References
- https://pkg.go.dev/context#WithCancel ("failing to call the CancelFunc leaks the child and its children until the parent is canceled")
- https://pkg.go.dev/golang.org/x/tools/go/analysis/passes/lostcancel
"""

_RULE = sys.modules[__name__]

_FUNCS = {
    "WithCancel": "CancelFunc",
    "WithTimeout": "CancelFunc",
    "WithDeadline": "CancelFunc",
    "WithCancelCause": "CancelCauseFunc",
    "WithTimeoutCause": "CancelFunc",
    "WithDeadlineCause": "CancelFunc",
}
_NOT_TAINTED = {"_", "err"}


# ---- the cancel variable --------------------------------------------------------

def _is_call_of(ident) -> bool:
    """``cancel()`` / ``cancel(err)``: ident is the callee."""
    p = ident.parent
    return p.type == "call_expression" and p.child_by_field_name("function") == ident


def _cancel_status(ctx, func, body, assign, name: str) -> str:
    """'escapes', 'deferred', 'uncalled' or 'called' (somewhere, as a plain call)."""
    if lifetime.outlives(func, assign, name):
        return "escapes"  # a result, a package variable, a field...: someone else may call it
    status = "uncalled"
    # the whole body: in a loop, or with a reused variable, uses may come before the call
    for ident in gs.identifiers(body, name):
        if lifetime.is_assigned(ident):
            continue  # assigned here or reassigned: neither calls nor hands it on
        if ident.parent.type == "var_spec" and ident.parent.child_by_field_name("value") is None:
            continue  # var cancel context.CancelFunc: a declaration
        if gs.within(ident, ("defer_statement",), body):
            if _is_call_of(ident) or ident.parent.type == "argument_list":
                if _dominates(gs.enclosing(ident, ("defer_statement",)), assign):
                    status = "deferred"
                elif status == "uncalled":
                    # deferred only in a branch: it covers the exits after it
                    # in that branch, not every path (vet's lostcancel)
                    status = "called"
                continue
        if not _is_call_of(ident) or lifetime.in_closure(ident, body):
            return "escapes"
        if status == "uncalled":
            status = "called"
    return status


def _dominates(defer, assign) -> bool:
    """Is the ``defer`` statement on every path after ``assign``: in the
    statement list holding ``assign`` or in one enclosing it, after it (and
    not in a nested function literal)?"""
    if defer is None or defer.start_byte < assign.end_byte:
        return False
    lst = defer.parent
    if lst is None or lst.type != "statement_list":
        return False
    if gs.enclosing_function(defer) != gs.enclosing_function(assign):
        return False
    return gs.is_inside(assign, lst)


def _is_cancel_stmt(stmt, name: str) -> bool:
    if stmt.type == "defer_statement" and stmt.named_children:
        call = stmt.named_children[0]  # defer cancel(): every exit after it cancels
        return call.type == "call_expression" and gs.text(call.child_by_field_name("function")) == name
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    return call.type == "call_expression" and gs.text(call.child_by_field_name("function")) == name


def _exits_covered(stmt, name: str, in_loop: bool) -> bool:
    """Does every return (and, in a loop, break/continue) inside ``stmt`` come after a cancel() of its own block?"""
    kinds = ("return_statement", "break_statement", "continue_statement", "goto_statement") if in_loop else ("return_statement", "goto_statement")
    for node in gs.jumps(stmt):
        if node.type not in kinds or gs.enclosing_function(node) != gs.enclosing_function(stmt):
            continue
        if node.type in ("break_statement", "continue_statement") and _loop_inside(node, stmt):
            continue
        if not _preceded_by_cancel(node, stmt, name):
            return False
    return True


def _loop_inside(node, stop) -> bool:
    """Is a break/continue aimed at a for/switch/select inside ``stop`` (unlabelled)?"""
    if node.named_children:  # labelled: may leave anything
        return False
    targets = ("for_statement",) if node.type == "continue_statement" else ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")
    for anc in gs.ancestors(node):
        if anc == stop:
            return anc.type in targets
        if anc.type in targets:
            return True
    return False


def _preceded_by_cancel(node, stop, name: str) -> bool:
    cur = node
    while cur != stop and cur.parent is not None:
        if cur.parent.type == "statement_list":
            sib = cur.prev_named_sibling
            while sib is not None:
                if _is_cancel_stmt(sib, name):
                    return True
                sib = sib.prev_named_sibling
        cur = cur.parent
    return False


def _ensures(stmt, name: str, in_loop: bool) -> bool:
    """Does every way through ``stmt`` call cancel, or never come out (panic, os.Exit, endless loop)?"""
    t = stmt.type
    if _is_cancel_stmt(stmt, name):
        return True
    if t == "expression_statement":
        return gs.is_terminating(stmt)  # panic, log.Fatal, os.Exit, t.Fatal...
    if t == "block":
        return _seq_ensures(gs.block_statements(stmt), name, in_loop)
    if t == "if_statement":
        alt = stmt.child_by_field_name("alternative")
        return alt is not None and _ensures(stmt.child_by_field_name("consequence"), name, in_loop) and _ensures(alt, name, in_loop)
    if t in ("expression_switch_statement", "type_switch_statement", "select_statement"):
        cases = [c for c in stmt.named_children if c.type in ("expression_case", "type_case", "default_case", "communication_case")]
        if t != "select_statement" and not any(c.type == "default_case" for c in cases):
            return False
        nxt = False
        for case in reversed(cases):
            stmts = [c for c in (case.named_children[-1].named_children if case.named_children and case.named_children[-1].type == "statement_list" else ()) if c.type != "comment"]
            if stmts and stmts[-1].type == "fallthrough_statement":
                ok = _seq_ensures(stmts[:-1], name, in_loop) or (nxt and all(_exits_covered(s, name, in_loop) for s in stmts))
            else:
                ok = _seq_ensures(stmts, name, in_loop)
            if not ok:
                return False
            nxt = ok
        return True
    if t == "for_statement":
        return not any(c.type in ("for_clause", "range_clause") or c.type not in ("block", "comment") for c in stmt.named_children if c != stmt.child_by_field_name("body")) and not _has_break(stmt)
    return False


def _has_break(loop) -> bool:
    for node in gs.jumps(loop):
        if node.type == "break_statement" and gs.enclosing_function(node) == gs.enclosing_function(loop):
            if node.named_children or not _loop_inside(node, loop) or gs.enclosing(node, ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")) == loop:
                return True
        if node.type in ("return_statement", "goto_statement") and gs.enclosing_function(node) == gs.enclosing_function(loop):
            return True
    return False


def _seq_ensures(stmts, name: str, in_loop: bool) -> bool:
    for s in stmts:
        if _ensures(s, name, in_loop):
            return True
        if not _exits_covered(s, name, in_loop):
            return False
    return False


def _called_on_every_path(assign, func, name: str) -> bool:
    """Syntactic: a cancel() statement comes before every exit after ``assign``."""
    in_loop = gs.loop_between(assign, func) is not None
    stmt = assign
    while True:
        for sib in gs.statements_after(stmt):
            if _ensures(sib, name, in_loop):
                return True
            if not _exits_covered(sib, name, in_loop):
                return False
        # fell off the end of stmt's statement list: climb to the enclosing statement
        up = stmt.parent  # statement_list
        owner = up.parent if up is not None else None
        if owner is None or owner.type in gs.FUNC_TYPES or owner == gs.function_body(func):
            return False  # the function returns here
        enclosing = gs.statement_of(owner)
        if enclosing is None or enclosing.type == "for_statement":
            return False
        if gs.enclosing_function(enclosing) != func:
            return False
        stmt = enclosing


# ---- does anything built from the context outlive the function? -----------------

def _escapes(func, body, name: str, start: int) -> str | None:
    """Why the context (or a local value built from it) outlives the function, or None."""
    tainted = [name]
    seen = {name}
    while tainted:
        cur = tainted.pop()
        for ident in gs.identifiers(body, cur, start):
            why, new = _use(func, body, ident)
            if why:
                return f"{gs.text(ident)} {why}"
            for n in new:
                if n not in seen:
                    seen.add(n)
                    tainted.append(n)
    return None


def _use(func, body, ident):
    """(reason it escapes or None, names it flows into) for one occurrence."""
    child = ident
    for anc in gs.ancestors(ident):
        if anc == body:
            return None, ()
        t = anc.type
        if t == "return_statement":
            if _plain_results(func):
                return None, ()  # an error, a number...: cannot carry the context
            return "reaches a return statement", ()
        if t == "go_statement":
            return "is used by a goroutine", ()
        if t == "func_literal":
            if not gs.is_deferred_literal(anc):
                return "is captured by a closure", ()
        if t == "send_statement" and anc.child_by_field_name("value") == child:
            return "is sent on a channel", ()
        if t in ("assignment_statement", "short_var_declaration") and anc.child_by_field_name("right") == child:
            out = []
            for target in anc.child_by_field_name("left").named_children:
                if target.type != "identifier":
                    return "is stored in a field, map or pointer", ()
                tname = gs.text(target)
                if tname in _NOT_TAINTED:
                    continue
                if lifetime.named_result(func, tname):
                    return f"flows into the result {tname}", ()
                if t == "assignment_statement" and not lifetime.declared_in(func, tname):
                    return f"is stored in {tname}, which outlives the function", ()
                out.append(tname)
            return None, out
        if t == "var_spec" and anc.child_by_field_name("value") == child:
            return None, [gs.text(n) for n in anc.children_by_field_name("name") if gs.text(n) not in _NOT_TAINTED]
        if t == "range_clause" and anc.child_by_field_name("right") == child:
            left = anc.child_by_field_name("left")
            return None, [gs.text(n) for n in (left.named_children if left else ()) if n.type == "identifier" and gs.text(n) not in _NOT_TAINTED]
        child = anc
    return None, ()


_PLAIN = {
    "error", "bool", "string", "byte", "rune", "uintptr", "int", "int8", "int16", "int32", "int64",
    "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "complex64", "complex128",
    "time.Duration",
}


def _plain_results(func) -> bool:
    """Are all the function's result types ones that cannot hold a context (error, numbers, ...)?"""
    result = func.child_by_field_name("result")
    if result is None:
        return True
    if result.type != "parameter_list":
        return gs.text(result) in _PLAIN
    return all(gs.text(p.child_by_field_name("type")) in _PLAIN for p in result.named_children if p.type == "parameter_declaration")


# ---- the rule ------------------------------------------------------------------

def check(ctx):
    pkgs = ctx.local_names("context")
    if not pkgs:
        return
    taken: dict[int, set[str]] = {}  # names given by this run's fixes, per function
    for pair in _pairs(ctx):
        pkg, fn = (gs.text(pair.recv), pair.method) if pair.recv is not None else (None, None)
        if pair.recv is None or pair.recv.type != "identifier" or pkg not in pkgs or fn not in _FUNCS:
            # a helper: only when the second variable is named like a cancel
            # func (a cheap filter before the index is asked)
            if "cancel" not in gs.text(pair.second).lower() or not _helper_cancel(ctx, pair.call):
                continue
            pkg, fn = sorted(pkgs)[0], None  # a project helper returning a fresh cancel func
        assign, call = pair.assign, pair.call
        func = gs.enclosing_function(assign)
        body = gs.function_body(func) if func is not None else None
        if body is None:
            continue
        ctx_name, cancel_name = gs.text(pair.first), gs.text(pair.second)
        finding = _check_one(ctx, assign, call, func, body, pkg, fn, ctx_name, cancel_name, pair.second, taken.setdefault(func.id, set()))
        if finding is not None:
            yield finding


class _Pair:
    def __init__(self, assign, call, recv, method, first, second):
        self.assign, self.call, self.recv, self.method, self.first, self.second = assign, call, recv, method, first, second


_ID_PAIRS = parsing.query(
    """
    (short_var_declaration
      left: (expression_list . (identifier) . (identifier) .)
      right: (expression_list . (call_expression function: (identifier)) @call .)) @assign
    """
)


def _pairs(ctx):
    """``ctx, cancel := <call>``: context.WithX calls and calls of module functions."""
    out = [_Pair(p.assign, p.call, p.recv, p.method, p.first, p.second) for p in gs.pair_calls(ctx.root)]
    for caps in parsing.matches(_ID_PAIRS, ctx.root):
        assign = caps["assign"][0]
        names = [c for c in assign.child_by_field_name("left").named_children if c.type == "identifier"]
        out.append(_Pair(assign, caps["call"][0], None, None, names[0], names[1]))
    out.sort(key=lambda p: p.call.start_byte)
    return out


def _helper_cancel(ctx, call) -> bool:
    """Is ``call`` a module function (the module index's summary) returning a
    fresh cancel func second (``func withTimeout(...) (context.Context, context.CancelFunc)``
    that neither calls it nor hands it elsewhere)?"""
    fi = index.for_file(ctx)
    if fi is None or not fi.may_return(call, b"CancelFunc"):
        return False
    return fi.call_target(call) is not None and fi.fresh_results(call).get(1) == "context.CancelFunc"


def _check_one(ctx, assign, call, func, body, pkg, fn, ctx_name, cancel_name, cancel_node, taken):
    callee = f"{pkg}.{fn}" if fn else f"the helper {gs.text(call.child_by_field_name('function'))}"
    cause = fn is not None and _FUNCS[fn] == "CancelCauseFunc"
    if cancel_name == "_":
        message = f"the cancel function returned by {callee} is discarded; the context stays registered with its parent until the parent is done"
    else:
        status = _cancel_status(ctx, func, body, assign, cancel_name)
        if status in ("escapes", "deferred"):
            return None
        if status == "called" and _called_on_every_path(assign, func, cancel_name):
            return None
        message = f"{cancel_name} (from {callee}) is not deferred and not called on every path; the context stays registered with its parent"
    if gs.statement_of(assign) != assign:
        return ctx.finding(_RULE, call, message + " (in an if/switch initializer; no automatic fix)")
    if gs.loop_between(assign, func) is not None:
        return ctx.finding(_RULE, call, message + " (inside a loop: cancel at the end of each iteration; no automatic fix)")
    why = _escapes(func, body, ctx_name, assign.end_byte) if ctx_name != "_" else None
    if cancel_name == "_" and why and why.endswith("reaches a return statement"):
        return ctx.finding(_RULE, call, message + f" ({why}: return the cancel function too; no automatic fix)")
    edits = []
    name = cancel_name
    if cancel_name == "_":
        name = gs.free_name(func, "cancel", taken)
        taken.add(name)
        edits.append(Edit(cancel_node.start_byte, cancel_node.end_byte, name.encode()))
        if assign.type == "assignment_statement":
            edits.append(gs.insert_line_before(ctx.source, assign, f"var {name} {pkg}.{_FUNCS[fn] if fn else 'CancelFunc'}"))
    line = f"defer {name}(nil)" if cause else f"defer {name}()"
    edits.append(gs.insert_line_after(ctx.source, assign, line))
    title = f"Add {line}" if cancel_name != "_" else f"Name the cancel function {name} and add {line}"
    if why:
        fix = Fix(title, tuple(edits), safety=Safety.UNSAFE)
        message += f" (unsafe fix: {why}, a deferred cancel would cancel it while still in use)"
    else:
        fix = Fix(title, tuple(edits))
    return ctx.finding(_RULE, call, message, fix)
