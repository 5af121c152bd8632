"""LK102 unstopped-ticker."""

from __future__ import annotations

import sys

from gofixleaks import gosyntax as gs
from gofixleaks import lifetime, parsing
from gofixleaks.model import Edit, Fix

CODE = "LK102"
NAME = "unstopped-ticker"
SUMMARY = "ticker or timer is never stopped (time.NewTicker, time.NewTimer, time.Tick, time.After in a loop)"
TRIGGERS = (b"NewTicker", b"NewTimer", b"Tick(", b"After(")
FIXABLE = True


def prefilter(source: bytes) -> bool:
    """``"time"`` imported and one of the triggers present (``After(`` alone is common)."""
    return b'"time"' in source and any(t in source for t in TRIGGERS)


# reported only with --preview: not a leak since Go 1.23
PREVIEW_SHAPES = {
    "style-go1.23": "an unstopped ticker or timer at go >= 1.23 (style only)",
    "test-timer": "a time.After in a select loop or an unstopped time.NewTimer in a _test.go file (each timer lives until it fires, within the test)",
}

DOC = """
## What it does
Finds runtime timers that are never released:

- `t := time.NewTicker(d)` or `time.NewTimer(d)` with no `t.Stop()` anywhere
  in the function (deferred closures and goroutines started there included),
  when `t` does not escape;
- `time.Tick(d)` outside `main`, tests and functions that never return;
- `time.After(d)` as a case of a `select` inside a `for` loop (not when a
  `return` follows the `select` in its block: it runs once per loop; nor
  when every other case leaves the loop and there is no `default`: an
  iteration that goes on took the timer's case, so that timer fired; a
  case that sets the loop condition's flag to `false` with only `continue`
  after the `select` leaves the loop too).

## Why is this bad?
Before Go 1.23, a ticker that is never stopped stays in the runtime's timer
heap forever and keeps firing, even when nothing references it any more; an
unstopped timer stays there until it fires.  `time.Tick` gives no way to stop
its ticker at all, and `time.After(time.Minute)` in a `select` loop that
usually takes another case starts one more timer per iteration, each kept
(with its channel) for a full minute.  A busy loop piles up thousands.

**Go 1.23 changed this.**  Since Go 1.23 (the `go` line of the module's
`go.mod` is 1.23 or later), unreferenced timers and tickers are garbage
collected even if never stopped, and `time.After` / `time.Tick` no longer
leak.  So for a module at go >= 1.23 the rule only reports an unstopped
`NewTicker`/`NewTimer` as a matter of style (stopping says when the ticker's
work ends), without a fix, and only in preview.  Preview (`--preview`,
`preview = true`): these style reports are not a leak, and was 8 of 8 "style only" on reviewed real
services; it does not report `time.Tick` or `time.After` there at all.  By
default the rule is silent for a module at go >= 1.23.  Also preview: in
`_test.go` files, `time.After` in a select loop and an unstopped
`time.NewTimer` (a one-shot timer lives only until it fires, and a test's
loops are short: on reviewed real modules (raft, go-redis) 0 of 9 such
findings were a real leak: 200 ms timeouts per received RPC, a poll until a
deadline).  Unstopped tickers in tests (they keep firing for the life of the
test binary) stay reported.  Without a `go.mod`, the rule assumes a current Go.  A ticker
driving a goroutine that never exits is a goroutine leak, whatever the
version: LK201 reports that, not LK102.

## Example
```go
func poll(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			check()
		case <-done:
			return
		}
	}
}
```

## Use instead
```go
func poll(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			check()
		case <-done:
			return
		}
	}
}
```

## Fix safety
All fixes are offered only for modules at go < 1.23, and are safe:

- `NewTicker`/`NewTimer`: `defer t.Stop()` right after the creation.  When
  `t` is used only inside one goroutine literal started by the function, the
  defer goes at the top of that goroutine instead (stopping it when the
  function returns would starve the goroutine).
- `time.Tick(d)` as `c := time.Tick(d)` or `for ... range time.Tick(d)`:
  `ticker := time.NewTicker(d)` and `defer ticker.Stop()` before the
  statement, and `ticker.C` in place of the call.
- `case <-time.After(d):` in a `select` in a loop: one timer, created before
  the loop and at once stopped and drained (`if !timer.Stop() { <-timer.C }`),
  with `defer timer.Stop()`; `timer.Reset(d)` right before the `select`
  (so `d` is still evaluated on every iteration); the case reads `timer.C`;
  and every other case of that `select` starts with the same stop-and-drain.
  That keeps the pre-1.23 contract of `Reset` (only on a stopped or expired
  timer whose channel is drained) on every path, without the race of a
  non-blocking drain (a value sent just after it would make the next
  `select` time out at once).  The same code stays correct if the module
  later moves to go >= 1.23 (there, `Stop` on a running timer whose value was
  not received returns true, so the drain is skipped).

Report only, no fix, when: the creation sits in a loop (stop it at the end
of each iteration), `t` is shared by the function and a goroutine (or by
several goroutines), `time.Tick`'s channel is used by a goroutine or closure
or in another shape, or `time.After` is in a nested loop, in a `select` with
another `time.After`, in a function with `goto`, or its duration calls a
function (it is evaluated once more, before the loop) or uses a variable
declared inside the loop.

No finding when `t` escapes (returned, stored, passed to a function, sent,
captured by a closure other than a deferred one, handed to a `go` call as an
argument), when `Stop` is called on it anywhere in the function, in `main`
of package `main`, or in a function that never returns (an endless loop with
no `return` or `break`).

## References
- https://pkg.go.dev/time#NewTicker ("Stop the ticker to release associated resources")
- https://pkg.go.dev/time#Tick (the Go 1.23 change)
- https://go.dev/doc/go1.23#timer-changes
"""

_RULE = sys.modules[__name__]

_CALLS = parsing.query(
    """
    (call_expression
      function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)
      arguments: (argument_list) @args) @call
    """
)
_LOCAL_DECLS = parsing.query(
    """
    (parameter_declaration name: (identifier) @name)
    (var_spec name: (identifier) @name)
    (short_var_declaration left: (expression_list (identifier) @name))
    (range_clause left: (expression_list (identifier) @name))
    (const_spec name: (identifier) @name)
    """
)
_RETURNS = parsing.query("(return_statement) @r")
_GOTOS = parsing.query("(goto_statement) @g")
_BREAKS = parsing.query("(break_statement) @b")
_IDENT_OR_CALL = parsing.query(
    """
    (identifier) @id
    (call_expression function: (_) @fn) @call
    (unary_expression operator: "<-") @recv
    """
)

_STYLE_123 = " (go >= 1.23: an unreferenced ticker or timer is collected even if never stopped, so this is style only; no automatic fix)"


# ---- small yes/no helpers ----------------------------------------------------

def _own(node, func) -> bool:
    return gs.enclosing_function(node) == func


def _is_main(ctx, func) -> bool:
    return func.type == "function_declaration" and gs.text(func.child_by_field_name("name")) == "main" and ctx.package_name == "main"


def _is_test(ctx, func) -> bool:
    return ctx.path.endswith("_test.go")


def _is_ticker_channel(ctx, expr) -> bool:
    """``x.C`` or ``time.Tick(...)``: a channel that is never closed."""
    if expr is None:
        return False
    if expr.type == "selector_expression":
        return gs.text(expr.child_by_field_name("field")) == "C"
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        return fn.type == "selector_expression" and gs.text(fn.child_by_field_name("operand")) in ctx.local_names("time") and gs.text(fn.child_by_field_name("field")) == "Tick"
    return False


def _endless_loop(ctx, loop) -> bool:
    """A ``for`` with no condition (or ranging over a ticker channel) that nothing breaks out of."""
    body = loop.child_by_field_name("body")
    for child in loop.named_children:
        if child == body:
            continue
        if child.type == "range_clause":
            if not _is_ticker_channel(ctx, child.child_by_field_name("right")):
                return False
        elif child.type == "for_clause":
            if child.child_by_field_name("condition") is not None:
                return False
        elif child.type != "comment":
            return False  # for cond { ... }
    label = None
    if loop.parent is not None and loop.parent.type == "labeled_statement":
        label = gs.text(loop.parent.child_by_field_name("label"))
    for brk in parsing.captures(_BREAKS, loop, "b"):
        if gs.enclosing_function(brk) != gs.enclosing_function(loop):
            continue
        if brk.named_children:
            if gs.text(brk.named_children[0]) == label:
                return False
            continue
        for anc in gs.ancestors(brk):
            if anc == loop:
                return False  # an unlabelled break of this loop
            if anc.type in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
                break
    return True


def _never_returns(ctx, func) -> bool:
    """No return in the function, and it ends in an endless loop."""
    body = gs.function_body(func)
    if body is None:
        return False
    if any(_own(r, func) for r in parsing.captures(_RETURNS, body, "r")):
        return False
    if any(_own(g, func) for g in parsing.captures(_GOTOS, body, "g")):
        return False
    stmts = gs.block_statements(body)
    if not stmts:
        return False
    last = stmts[-1]
    if last.type == "labeled_statement":
        last = next((c for c in last.named_children if c.type == "for_statement"), None)
    return last is not None and last.type == "for_statement" and _endless_loop(ctx, last)


def _go_literal(node, body):
    """The ``go func(){...}()`` literal that ``node`` is inside (below ``body``), if any."""
    for anc in gs.ancestors(node):
        if anc == body:
            return None
        if anc.type == "func_literal":
            call = anc.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == anc and call.parent.type == "go_statement":
                return anc
    return None


def _classify(func, body, ident):
    """('stop' | 'use' | 'escape', go literal or None) for one occurrence of the variable.

    The value (``t`` or ``t.C``) escapes when it is returned, stored, sent,
    assigned, or ``t`` itself is passed to a function; once it is received
    from or called (``<-t.C``, ``t.Reset(d)``) what flows on is a plain value.
    Closures and goroutines are judged all the way up.
    """
    p = ident.parent
    top = ident
    if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        if gs.text(p.child_by_field_name("field")) == "Stop":
            return "stop", None
        top = p  # t.C, t.Reset: judge where the expression goes
    elif p.type == "var_spec" and p.child_by_field_name("value") is None:
        return "use", None  # var t *time.Timer: a declaration, no value
    flowing = True
    for anc in gs.ancestors(top):
        if anc == body:
            break
        t = anc.type
        if t == "func_literal":
            lit = _go_literal(ident, body)
            if lit is not None:
                return "use", lit
            if gs.is_deferred_literal(anc):
                return "use", None
            return "escape", None
        if t == "go_statement":
            return "escape", None  # go f(t.C): an argument of a goroutine call
        if flowing:
            if t == "argument_list":
                if top == ident:
                    return "escape", None  # the ticker itself handed to a function
                flowing = False  # f(t.C): a synchronous reader
            elif t in ("call_expression", "binary_expression") or (t == "unary_expression" and gs.text(anc.child_by_field_name("operator")) == "<-"):
                flowing = False
            elif t in ("return_statement", "send_statement", "composite_literal", "keyed_element", "literal_element", "var_spec"):
                return "escape", None
            elif t in ("assignment_statement", "short_var_declaration"):
                return "escape", None  # stored elsewhere, or reassigned: not followed
    return "use", None


_PLAIN_FLOW = ("expression_statement", "short_var_declaration", "assignment_statement", "expression_list", "parenthesized_expression", "unary_expression")


def _received_unconditionally(stmt, name: str) -> bool:
    """Is ``<-t.C`` received by a later statement of the same block that every path reaches?

    Then the timer has fired: it is out of the runtime heap, nothing to stop.
    """
    for sib in gs.statements_after(stmt):
        for ident in gs.identifiers(sib, name):
            sel = ident.parent
            if sel.type != "selector_expression" or gs.text(sel.child_by_field_name("field")) != "C":
                continue
            u = sel.parent
            if u.type != "unary_expression" or gs.text(u.child_by_field_name("operator")) != "<-":
                continue
            node = u
            while node != sib and node.parent.type in _PLAIN_FLOW + ("if_statement",):
                if node.parent.type == "if_statement" and node.parent.child_by_field_name("initializer") != node:
                    break
                node = node.parent
            if node == sib:
                return True
        if any(_own(r, gs.enclosing_function(stmt)) for r in gs.jumps(sib)):
            return False
    return False




# ---- NewTicker / NewTimer ------------------------------------------------------

def _creation(call):
    """(statement, variable node) for ``t := time.NewTicker(d)`` / ``t = ...`` / ``var t = ...``."""
    el = call.parent
    if el is None or el.type != "expression_list" or len(el.named_children) != 1:
        return None, None
    stmt = el.parent
    if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("right") == el:
        left = stmt.child_by_field_name("left").named_children
        if len(left) == 1 and left[0].type == "identifier":
            return stmt, left[0]
    if stmt.type == "var_spec":
        names = stmt.children_by_field_name("name")
        if len(names) == 1:
            decl = stmt.parent
            while decl is not None and decl.type != "var_declaration":
                decl = decl.parent
            if decl is not None and len([c for c in decl.named_children if c.type == "var_spec"]) == 1:
                return decl, names[0]
    return None, None


def _check_new(ctx, call, pkg, fn, taken):
    stmt, var = _creation(call)
    if stmt is None:
        return None
    name = gs.text(var)
    if name == "_":
        return None
    func = gs.enclosing_function(stmt)
    body = gs.function_body(func) if func is not None else None
    if body is None or _is_main(ctx, func):
        return None
    if lifetime.outlives(func, stmt, name):
        return None  # a result, a field, a package variable...
    lits = set()
    outside = False
    # the whole body: in a loop, a Stop (or an escape) may come before the creation
    for ident in gs.identifiers(body, name):
        if ident == var:
            continue
        kind, lit = _classify(func, body, ident)
        if kind in ("stop", "escape"):
            return None
        if lit is not None:
            lits.add(lit.id)
            golit = lit
        else:
            outside = True
    what = "ticker" if fn == "NewTicker" else "timer"
    if what == "timer" and _received_unconditionally(stmt, name):
        return None
    message = f"the {what} from {pkg}.{fn} is never stopped"
    message += "; before Go 1.23 it stays in the runtime timer heap" + (" and keeps firing" if what == "ticker" else " until it fires")
    if lits and (outside or len(lits) > 1):
        if _never_returns(ctx, func):
            return None
        if ctx.go_at_least(1, 23):
            return ctx.finding(_RULE, call, message + _STYLE_123)
        return ctx.finding(_RULE, call, message + " (used by the function and a goroutine: stop it where its last user is done; no automatic fix)")
    if lits:
        if _never_returns(ctx, golit):
            return None  # the goroutine never exits: LK201's case
        target = golit
    else:
        if _never_returns(ctx, func):
            return None
        target = None
    if ctx.go_at_least(1, 23):
        return ctx.finding(_RULE, call, message + _STYLE_123)
    line = f"defer {name}.Stop()"
    if target is not None:
        first = gs.block_statements(gs.function_body(target))
        if not first or gs.line_start(ctx.source, first[0].start_byte) <= gs.function_body(target).start_byte:
            return ctx.finding(_RULE, call, message + " (it is used only by a one-line goroutine; no automatic fix)")
        edit = gs.insert_line_before(ctx.source, first[0], line)
        return ctx.finding(_RULE, call, message + " (it is used only by the goroutine: stop it when the goroutine exits)", Fix(f"Add {line} in the goroutine", (edit,)))
    if gs.statement_of(stmt) != stmt:
        return ctx.finding(_RULE, call, message + " (no automatic fix for this statement's position)")
    if gs.loop_between(stmt, func) is not None:
        return ctx.finding(_RULE, call, message + " (inside a loop: stop it at the end of each iteration; no automatic fix)")
    return ctx.finding(_RULE, call, message, Fix(f"Add {line}", (gs.insert_line_after(ctx.source, stmt, line),)))


# ---- time.Tick ----------------------------------------------------------------

def _leading_comments(source: bytes, stmt):
    """``stmt``, or the first of the comment lines right above it (they describe it)."""
    def before(node):
        prev = node.prev_named_sibling
        if prev is None and node.parent is not None and node.parent.type == "statement_list":
            prev = node.parent.prev_named_sibling  # comments before a block's first statement
        return prev

    cur = stmt
    prev = before(cur)
    while prev is not None and prev.type == "comment" and prev.end_point[0] == cur.start_point[0] - 1 and not source[gs.line_start(source, prev.start_byte):prev.start_byte].strip():
        cur = prev
        prev = before(cur)
    return cur


def _lines_before(source: bytes, stmt, lines: list[str]) -> Edit:
    start = gs.line_start(source, stmt.start_byte)
    ind = gs.indent_of(source, stmt)
    if stmt.type == "labeled_statement" and stmt.named_children:
        ind = gs.indent_of(source, stmt.named_children[-1])  # gofmt outdents the label itself
    eol = gs.eol_at(source, stmt.start_byte)
    return Edit(start, start, b"".join(ind + line.encode() + eol for line in lines))


def _check_tick(ctx, call, pkg, args, taken):
    if ctx.go_at_least(1, 23):
        return None
    func = gs.enclosing_function(call)
    body = gs.function_body(func) if func is not None else None
    if body is None or _is_main(ctx, func) or _is_test(ctx, func) or _never_returns(ctx, func):
        return None
    message = f"{pkg}.Tick's ticker can never be stopped; before Go 1.23 it keeps firing and is never collected"
    parent = call.parent
    stmt = None
    if parent.type == "range_clause" and parent.child_by_field_name("right") == call:
        stmt = gs.statement_of(parent.parent)
    elif parent.type == "expression_list" and parent.parent.type == "short_var_declaration" and len(parent.named_children) == 1:
        decl = parent.parent
        left = decl.child_by_field_name("left").named_children
        if len(left) == 1 and left[0].type == "identifier" and gs.statement_of(decl) == decl:
            for ident in gs.identifiers(body, gs.text(left[0]), decl.end_byte):
                kind, lit = _classify(func, body, ident)
                if kind != "use" or lit is not None or ident.parent.type == "argument_list":
                    return ctx.finding(_RULE, call, message + " (its channel is passed on or used by a goroutine or closure: use time.NewTicker and stop it where the last user is done; no automatic fix)")
            stmt = decl
    if stmt is None:
        return ctx.finding(_RULE, call, message + " (use time.NewTicker and defer Stop; no automatic fix for this shape)")
    if gs.loop_between(stmt, func) is not None:
        return ctx.finding(_RULE, call, message + " (inside a loop; no automatic fix)")
    name = gs.free_name(func, "ticker", taken.setdefault(func.id, set()))
    taken[func.id].add(name)
    lines = [f"{name} := {pkg}.NewTicker{gs.text(args)}", f"defer {name}.Stop()"]
    edits = (_lines_before(ctx.source, _leading_comments(ctx.source, stmt), lines), Edit(call.start_byte, call.end_byte, f"{name}.C".encode()))
    return ctx.finding(_RULE, call, message, Fix(f"Replace {pkg}.Tick with {pkg}.NewTicker and defer {name}.Stop()", edits))


# ---- time.After in a select loop ----------------------------------------------------

def _after_case(call):
    """The select statement when ``call`` is ``case <-time.After(d):`` / ``case v := <-time.After(d):``."""
    u = call.parent
    if u is None or u.type != "unary_expression" or gs.text(u.child_by_field_name("operator")) != "<-":
        return None
    comm = u.parent
    if comm is None:
        return None
    if comm.type == "receive_statement" and comm.child_by_field_name("right") == u:
        case = comm.parent
    elif comm.type == "expression_statement":
        case = comm.parent
    else:
        case = comm
    if case is None or case.type != "communication_case" or case.child_by_field_name("communication") not in (comm, u):
        return None
    return case.parent if case.parent is not None and case.parent.type == "select_statement" else None


_JUMPS = parsing.query("[(continue_statement) (goto_statement) (break_statement) (labeled_statement)] @j")


def _returns_after(select) -> bool:
    """Is ``select`` followed, in its own statement list, by a ``return`` with
    no jump before it?  Then it runs once per run of the loop (websocket's
    ``case <-interrupt: ...; select { case <-done: case <-time.After(d): };
    return``): no timers pile up."""
    sib = select.next_named_sibling
    while sib is not None:
        if sib.type == "return_statement":
            return True
        if sib.type != "comment" and parsing.captures(_JUMPS, sib, "j"):
            return False
        sib = sib.next_named_sibling
    return False


def _loop_condition_idents(loop) -> set[str]:
    """The identifiers of ``loop``'s condition (``for ok {``, ``for i := 0; i < n && ok; i++ {``)."""
    body = loop.child_by_field_name("body")
    cond = None
    for child in loop.named_children:
        if child.type == "for_clause":
            cond = child.child_by_field_name("condition")
        elif child != body and child.type not in ("range_clause", "comment"):
            cond = child
    out: set[str] = set()
    stack = [cond] if cond is not None else []
    while stack:
        n = stack.pop()
        if n.type == "identifier":
            out.add(gs.text(n))
        stack.extend(n.named_children)
    return out


def _clears_loop_flag(last, select, loop) -> bool:
    """Is ``last`` ``flag = false`` for a ``flag`` the loop's condition reads,
    with nothing but a plain ``continue`` after the ``select`` in the loop's
    body?  Then that case ends the loop (go-redis's dial retry: ``case
    <-ctx.Done(): shouldLoop = false; case <-time.After(backoff):``)."""
    if loop is None or last.type != "assignment_statement":
        return False
    left, right = last.child_by_field_name("left"), last.child_by_field_name("right")
    lhs = [n for n in left.named_children if n.type != "comment"] if left is not None else []
    rhs = [n for n in right.named_children if n.type != "comment"] if right is not None else []
    if len(lhs) != 1 or len(rhs) != 1 or lhs[0].type != "identifier" or rhs[0].type != "false":
        return False
    if last.child_by_field_name("operator") is not None and gs.text(last.child_by_field_name("operator")) != "=":
        return False  # not a plain assignment
    # the statements after the select in its own list: a plain ``continue``
    # (the next thing is the loop's condition), or nothing when that list is
    # the loop's body itself
    siblings = [n for n in select.parent.named_children if n.type != "comment"]
    rest = siblings[siblings.index(select) + 1:]
    if rest:
        if not (len(rest) == 1 and rest[0].type == "continue_statement" and not rest[0].named_child_count):
            return False
    else:
        body = loop.child_by_field_name("body")
        if body is None or select not in gs.block_statements(body):
            return False
    return gs.text(lhs[0]) in _loop_condition_idents(loop)


def _only_exits_besides(select, call, loop=None) -> bool:
    """Does every other case of ``select`` leave the loop (its last statement
    a ``return``, a ``panic``, a labeled ``break``/``goto``, or ``flag =
    false`` for the loop condition's flag right before the next check), with
    no ``default``?  Then each iteration that goes on took the timer's own
    case, so the timer fired: none piles up (raft's ``select { case
    <-shutdownCh: return; case <-time.After(d): }``)."""
    for case in select.named_children:
        if case.type == "default_case":
            return False
        if case.type != "communication_case" or gs.is_inside(call, case):
            continue
        stmts = gs.block_statements(case)
        last = stmts[-1] if stmts else None
        if last is None:
            return False
        if last.type == "return_statement" or (last.type == "expression_statement" and gs.is_terminating(last)):
            continue
        if last.type in ("break_statement", "goto_statement") and last.named_child_count:
            continue
        if _clears_loop_flag(last, select, loop):
            continue
        return False
    return True


def _duration_ok(ctx, dur, loop, pkg) -> str | None:
    """Why ``dur`` cannot be evaluated once more before the select (or None)."""
    for caps in parsing.matches(_IDENT_OR_CALL, dur):
        if "call" in caps:
            fn = caps["fn"][0]
            if gs.text(fn) != f"{pkg}.Duration":
                return "the duration calls a function"
        if "recv" in caps:
            return "the duration receives from a channel"
    return None


def _check_after(ctx, call, pkg, args, taken):
    if ctx.go_at_least(1, 23):
        return None
    select = _after_case(call)
    if select is None:
        return None
    func = gs.enclosing_function(call)
    loop = gs.loop_between(select, func) if func is not None else None
    if loop is None or _returns_after(select) or _only_exits_besides(select, call, loop):
        return None
    message = f"{pkg}.After in a select loop starts a new timer on every iteration; before Go 1.23 each one stays until it fires"
    def report(why):
        return ctx.finding(_RULE, call, message + f" ({why}; no automatic fix)")
    afters = [c for c in parsing.captures(_CALLS, select, "call") if _after_case(c) == select]
    if len(afters) != 1:
        return report("the select has several timeouts")
    if gs.loop_between(loop, func) is not None:
        return report("nested loops")
    if any(_own(g, func) for g in parsing.captures(_GOTOS, func, "g")):
        return report("the function uses goto")
    arglist = [a for a in args.named_children if a.type != "comment"]
    if len(arglist) != 1:
        return None
    dur = arglist[0]
    why = _duration_ok(ctx, dur, loop, pkg)
    if why is None:
        for ident in parsing.captures(_IDENT_OR_CALL, dur, "id"):
            if any(n.text == ident.text and gs.is_inside(n, loop) for n in parsing.captures(_LOCAL_DECLS, loop, "name")):
                why = f"the duration uses {gs.text(ident)}, declared inside the loop"
                break
    if why:
        return report(why)
    loop_stmt = gs.statement_of(loop)
    if loop_stmt is None or gs.statement_of(select) != select:
        return report("unusual statement position")
    cases = [c for c in select.named_children if c.type in ("communication_case", "default_case")]
    name = gs.free_name(func, "timer", taken.setdefault(func.id, set()))
    taken[func.id].add(name)
    d = gs.text(dur)
    # the pre-1.23 contract of Reset: only on a stopped or expired timer with
    # a drained channel; every path keeps that true at the top of the loop
    edits = [
        _lines_before(ctx.source, _leading_comments(ctx.source, loop_stmt), [
            f"{name} := {pkg}.NewTimer({d})",
            f"if !{name}.Stop() {{",
            f"\t<-{name}.C",
            "}",
            f"defer {name}.Stop()",
        ]),
        _lines_before(ctx.source, select, [f"{name}.Reset({d})"]),
        Edit(call.start_byte, call.end_byte, f"{name}.C".encode()),
    ]
    for case in cases:
        if gs.is_inside(call, case):
            continue  # the timer's own case: its value was received
        header = case.child_by_field_name("communication") if case.type == "communication_case" else case.children[0]
        ind = gs.indent_of(ctx.source, case) + b"\t"
        eol = gs.eol_at(ctx.source, header.end_byte)
        pos = gs.line_end(ctx.source, header.end_byte)
        text = b"".join(eol + ind + line.encode() for line in (f"if !{name}.Stop() {{", f"\t<-{name}.C", "}"))
        edits.append(Edit(pos, pos, text))
    return ctx.finding(_RULE, call, message, Fix(f"Reuse one {pkg}.NewTimer across iterations", tuple(edits)))


# ---- the rule ------------------------------------------------------------------

def check(ctx):
    pkgs = ctx.local_names("time")
    if not pkgs:
        return
    if ctx.go_at_least(1, 23) and not ctx.settings.preview:
        return  # at go >= 1.23 the rule reports only style, in preview (PREVIEW_SHAPES)
    taken: dict[int, set[str]] = {}
    for caps in gs.selector_calls(ctx.root, ("NewTicker", "NewTimer", "Tick", "After")):  # _CALLS, by the names' bytes
        pkg, fn = gs.text(caps["pkg"][0]), gs.text(caps["fn"][0])
        if pkg not in pkgs:
            continue
        call, args = caps["call"][0], caps["args"][0]
        if fn in ("After", "NewTimer") and ctx.path.endswith("_test.go") and not ctx.settings.preview:
            continue  # a test's one-shot timers: preview (PREVIEW_SHAPES)
        if fn in ("NewTicker", "NewTimer"):
            f = _check_new(ctx, call, pkg, fn, taken)
        elif fn == "Tick":
            f = _check_tick(ctx, call, pkg, args, taken)
        elif fn == "After":
            f = _check_after(ctx, call, pkg, args, taken)
        else:
            continue
        if f is not None:
            yield f
