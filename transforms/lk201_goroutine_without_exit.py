"""LK201 goroutine-without-exit.

A package-level rule: the goroutine's function may be declared in another
file, and the fix (threading a ``context.Context``) updates call sites in
every file of the package.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

from gofixleaks import gosyntax as gs
from gofixleaks import index, parsing
from gofixleaks.linesearch import search_lines
from gofixleaks.model import Edit, Fix, Safety

CODE = "LK201"
NAME = "goroutine-without-exit"
SUMMARY = "goroutine loops forever with no way to stop it"
TRIGGERS = (b"go ",)
FIXABLE = True

# reported only with --preview (README "Preview")
PREVIEW_SHAPES = {"object-lifetime": "a goroutine that lives as long as the object its constructor returns (report only: stop it from the object's Close)"}

DOC = """
## What it does
Finds a `go` statement whose function (a function literal, or a function or
method declared in the same package) runs an endless loop with no way out and
blocks inside it: a channel send or receive, `for range t.C` over a ticker or
timer made by `time.NewTicker`/`time.NewTimer` (and never reassigned),
`for range time.Tick(d)`, `time.Sleep`, or a `select` without a `default`
case.

A way out is a `return`, a `break` that leaves the loop, a `goto`, `panic`,
`runtime.Goexit`, `os.Exit`/`log.Fatal`-like calls, or any receive from
`x.Done()` or from a channel named like `done`, `quit`, `stop`, `closing`.
Such loops are left alone, and so are `for v := range ch` loops (the channel
may be closed), goroutines that live as long as the program (see Fix
safety), and loops that only spin (`select` with `default`).

## Why is this bad?
Nothing can stop such a goroutine: once its consumer goes away it blocks
forever on the channel, or ticks forever, holding its stack and everything it
references.  Each call of the function that starts it leaks one more
goroutine.

## Example
```go
func fetchData() <-chan string {
	ch := make(chan string)
	go func() {
		for {
			ch <- "data"
		}
	}()
	return ch
}
```

## Use instead
```go
func fetchData(ctx context.Context) <-chan string {
	ch := make(chan string)
	go func() {
		for {
			select {
			case ch <- "data":
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}
```

## Fix safety
The fix threads a context into the goroutine:

- a fix counts only if a context that really gets cancelled reaches the
  goroutine: the one in scope at the `go` statement (a `context.Context`
  parameter, whatever its name; a local `ctx, cancel := context.WithCancel(...)`
  -like variable, not `context.Background()`/`TODO()`; `r.Context()` of an
  `*http.Request` parameter; `t.Context()` of a `*testing.T/B/F` at go >=
  1.24; a `context.Context` field of the method's receiver); when there is
  none, `ctx context.Context` becomes the first parameter of the function
  holding the `go` statement (and of the named function the goroutine runs,
  when it lacks one), and every call site in the package is updated: a
  caller with a context passes it; a caller without one that is itself an
  unexported function gets the parameter too (up to three callers up);
  the others pass `context.TODO()`, and the finding lists them, as they can
  still leak.  When every call site would pass `context.TODO()`, or every
  caller of the function providing the context passes
  `context.Background()`/`TODO()`, nothing would ever stop the goroutine:
  no fix, a report;
- inside the loop, `ch <- v`, `<-ch` and `v = <-ch` become a `select` with a
  `case <-ctx.Done(): return`; `v := <-ch` (or `v, ok := <-ch`) becomes
  `select { case <-ctx.Done(): return; case v := <-ch: rest }` where `rest` is
  the statements after it in its block, moved one level in (v's scope is the
  same); an existing `select` gets that case;
  `time.Sleep(d)` becomes a `select` on `ctx.Done()` and a timer;
  `for range t.C { body }` becomes `for { select { case <-ctx.Done(): return;
  case <-t.C: body } }` with `defer t.Stop()` at the start of the goroutine;
  `for range time.Tick(d)` becomes the same loop over
  `ticker := time.NewTicker(d)` (stopped by a defer) when `d` is a positive
  constant such as `5 * time.Minute` (with any other `d` it is reported only:
  `time.NewTicker` panics where `time.Tick` returns nil for `d <= 0`).

The fix is safe when only unexported functions change, or exported ones of
package `main` or of a package under `internal/` (only the module can call
them); it is unsafe (applied with `--unsafe-fixes`) when it changes a
library's exported function: callers outside the module must then pass a
context.  An exported function called from another package of the module
(found through the module index) is report-only: that call site would not
be updated and the module would no longer build.  After the fix the goroutine stops when the context is
cancelled, so a consumer that keeps receiving after cancelling waits forever:
that is the intended new contract.

Report only (no fix) when: the goroutine lives as long as an object (it is
started in a constructor, a function returning a type of the package, and
works for the object it returns: a method of that type, or a literal using
the returned variable): tying it to the constructor's context would stop
the object's work under a cancellable caller, so the advice names the
object's `Close`/`Stop` method to stop it from; the function to change is an
exported method of a library package, or of package main/internal/ with a
call site that does not resolve to it through the module index (the
receiver's type from declarations and constructors); is used as a value (passed
as a callback, assigned), implements an interface method of the package, has
unnamed parameters, or is a function literal without a context in scope; the
goroutine's function returns values; the context's name is declared more
than once in the function providing it (it could be shadowed); a call site
passes another call's results (`f(g())` with a multi-value `g`); a blocking
operation sits where a `select` cannot replace it (`f(<-ch)`, `out <- <-in`,
a send or receive in an `if` or `for` header, a nested range over a ticker, an
empty `select {}`); a statement to rewrite spans several lines; a body to move
(`for range t.C`, or the rest after `v := <-ch`) holds a multi-line raw
string or block comment, a `break` whose meaning would change, a trailing
`fallthrough`, or sits on one line with its braces; `context` is dot-imported
or its name is taken; the function's name appears where the fix cannot
update it (a generated or unreadable file of the directory, assembly, C, a
`//export` or `//go:linkname` directive); the function is a `Test`,
`Benchmark`, `Example` or `Fuzz` function of a `_test.go` file (its
signature is fixed), `main` or `init`.

Not reported: goroutines started once per program: from `main.main`,
`init`, a CLI command's `Run`/`RunE`/`PreRun`.../`Action` (a function literal
or function given to such a field of a composite literal, as in cobra and
urfave/cli, or a `Run`/`Execute` method of a type named `...Cmd`/`...Command`/`...CLI`,
as kong's command structs),
from a function whose every use in the module (other packages of the module
included, through the index) is a call made once, not in a loop, from such
code (directly or through up to two such functions; a call from a
`_test.go` file or a use as a value keeps the finding), inside
`once.Do(func() {...})` or a function run only by `once.Do(f)`, or
behind a start-once guard (`if started { return
}` followed by `started = ...` before the `go` statement).
Blocking calls other than these (a mutex, `WaitGroup.Wait`, network reads) are
not rewritten: the goroutine stops at its next recognized blocking point.

Preview (`--preview`, `preview = true`): the object-lifetime shape above
(report only) is reported only in preview: such objects are usually made
once per process (on reviewed real modules, fasthttp's FS cache cleaner,
stopped only when `CleanStop` is given, was debatable, and no such finding
was a real leak).

Go version: from `go 1.23` on, `time.Sleep(d)` becomes
`case <-time.After(d):` (unreferenced timers are collected); before, a
`time.NewTimer(d)` that is stopped when the context ends.

## References
- https://pkg.go.dev/context
- https://go.dev/blog/pipelines ("Explicit cancellation")
- https://pkg.go.dev/time#NewTicker ("Stop the ticker to release associated resources")
- https://github.com/uber-go/goleak
"""

_RULE = sys.modules[__name__]

_GO_RE = re.compile(rb"(?m)^[ \t]*go[ \t]+(?:func[ \t]*\(|[A-Za-z_][\w.]*[ \t]*\()")


def prefilter(source: bytes) -> bool:
    # _GO_RE.search, tried only at the lines holding "go " or "go\t"
    return search_lines(_GO_RE, source, (b"go ", b"go\t"))


_GO = parsing.query("(go_statement (call_expression function: (_) @fn arguments: (argument_list) @args) @call) @go")
_FUNCS = parsing.query(
    """
    (source_file (function_declaration name: (identifier) @name) @func)
    (source_file (method_declaration name: (field_identifier) @name) @func)
    """
)
# everything inside a loop that tells whether it blocks or can end
_OPS = parsing.query(
    """
    (send_statement) @send
    (unary_expression operator: "<-") @recv
    (select_statement) @select
    (return_statement) @exit
    (goto_statement) @exit
    (break_statement) @break
    (call_expression function: (_) @callee) @call
    (for_statement (range_clause)) @range
    """
)
_FIELD_IDS = parsing.query("(field_identifier) @f")
_LOCAL_DECLS = parsing.query(
    """
    (short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . (call_expression function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)))) @decl
    (var_spec name: (identifier) @name value: (expression_list . (call_expression function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)))) @decl
    """
)
_DECL_NAMES = parsing.query(
    """
    (parameter_declaration name: (identifier) @n)
    (variadic_parameter_declaration name: (identifier) @n)
    (var_spec name: (identifier) @n)
    (const_spec name: (identifier) @n)
    (short_var_declaration left: (expression_list (identifier) @n))
    (range_clause left: (expression_list (identifier) @n))
    (receive_statement left: (expression_list (identifier) @n))
    (type_switch_statement alias: (expression_list (identifier) @n))
    """
)
_MULTILINE_TOKENS = parsing.query("[(raw_string_literal) (comment)] @t")

_CONTEXT_CTORS = {
    "Background", "TODO", "WithCancel", "WithTimeout", "WithDeadline", "WithValue",
    "WithoutCancel", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause",
}
# contexts nothing ever cancels: a goroutine tied to one still leaks
_NEVER_CANCELLED = {"Background", "TODO", "WithoutCancel"}
_STOP_NAME = re.compile(
    r"(?i)^(done|quit|stop|stopped|closing|closed|close|exit|shutdown|die|dying|kill|cancel|cancelled|canceled|term|terminate|finish|finished)"
    r"(c|ch|chan)?$"
)
_EXIT_FUNCS = {"panic"}
_EXIT_METHODS = {"Exit", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Goexit", "FailNow", "SkipNow", "Skip", "Skipf"}
_TEST_FUNC = re.compile(r"^(Test|Benchmark|Example|Fuzz)([^a-z]|$)")
_BREAKABLE = ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")


class Refuse(Exception):
    """Why a finding gets no fix."""


# ---- small yes/no helpers --------------------------------------------------

def _owner(node):
    return gs.enclosing_function(node)


def _is_exported(name: str) -> bool:
    return name[:1].isupper()


def _func_name(func) -> str:
    n = func.child_by_field_name("name")
    return gs.text(n) if n is not None else ""


def _results(func) -> bool:
    return func.child_by_field_name("result") is not None


def _one_line(node) -> bool:
    return node.start_point[0] == node.end_point[0]


def _receiver_base(method) -> str | None:
    recv = method.child_by_field_name("receiver")
    decls = [c for c in recv.named_children if c.type == "parameter_declaration"] if recv else []
    if len(decls) != 1:
        return None
    t = gs.text(decls[0].child_by_field_name("type")).lstrip("*").strip()
    return t.split("[", 1)[0].strip()


def _receiver_name(method) -> str | None:
    recv = method.child_by_field_name("receiver")
    decls = [c for c in recv.named_children if c.type == "parameter_declaration"] if recv else []
    if len(decls) != 1:
        return None
    n = decls[0].child_by_field_name("name")
    return gs.text(n) if n is not None else None


def _context_types(fctx) -> set[str]:
    return {f"{n}.Context" for n in fctx.local_names("context")}


def _ctx_param(func, fctx) -> tuple[str | None, bool]:
    """(name of the function's context.Context parameter, whether one exists at all)."""
    params = func.child_by_field_name("parameters")
    types = _context_types(fctx)
    if params is None or not types:
        return None, False
    for p in params.named_children:
        if p.type != "parameter_declaration":
            continue
        if gs.text(p.child_by_field_name("type")).replace(" ", "") not in types:
            continue
        names = [c for c in p.named_children if c.type == "identifier"]
        for n in names:
            if gs.text(n) != "_":
                return gs.text(n), True
        return None, True
    return None, False


def _ctx_local(func, node, fctx) -> str | None:
    """A context variable declared in ``func`` before ``node``, in a block enclosing it."""
    pkgs = fctx.local_names("context")
    if not pkgs:
        return None
    body = gs.function_body(func)
    if body is None:
        return None
    best = None
    for caps in parsing.matches(_LOCAL_DECLS, body, body.start_byte, node.start_byte):
        decl = caps["decl"][0]
        if decl.end_byte > node.start_byte or _owner(decl) != func:
            continue
        if gs.text(caps["pkg"][0]) not in pkgs or gs.text(caps["fn"][0]) not in _CONTEXT_CTORS:
            continue
        stmt = decl
        while stmt.type in ("var_spec", "var_spec_list", "var_declaration") and stmt.parent.type != "statement_list":
            stmt = stmt.parent
        scope = stmt.parent
        if scope.type != "statement_list" or not gs.is_inside(node, scope):
            continue
        name = gs.text(caps["name"][0])
        if name == "_":
            continue
        if gs.text(caps["fn"][0]) in _NEVER_CANCELLED:
            best = None if best == name else best  # context.Background(): nothing cancels it
        else:
            best = name
    return best


def _ctx_in_scope(fctx, node, new_names: dict[int, str]) -> str | None:
    """The context a call or go statement at ``node`` can use, innermost first."""
    for func in gs.ancestors(node):
        if func.type not in gs.FUNC_TYPES:
            continue
        if func.id in new_names:
            return new_names[func.id]
        name, exists = _ctx_param(func, fctx)
        local = _ctx_local(func, node, fctx)
        if local or name:
            name = local or name
            # declared once in the function (the parameter or the local context):
            # no other variable of that name can shadow it at ``node``
            if sum(1 for n in parsing.captures(_DECL_NAMES, func, "n") if gs.text(n) == name) != 1:
                raise Refuse(f"{name} is declared more than once in the function providing the context")
            return name
        if exists:
            raise Refuse("the function's context parameter is unnamed or '_'")
        derived = _ctx_from_params(fctx, func)
        if derived:
            return derived
    return None


def _param_of_type(fctx, func, pkg_path: str, names: tuple[str, ...]) -> str | None:
    """The name of ``func``'s parameter (or receiver) of type ``*pkg.Name``, declared once."""
    locals_ = fctx.local_names(pkg_path)
    if not locals_:
        return None
    want = {f"*{p}.{n}" for p in locals_ for n in names}
    for field in ("parameters", "receiver"):
        params = func.child_by_field_name(field)
        if params is None:
            continue
        for p in params.named_children:
            if p.type != "parameter_declaration" or gs.text(p.child_by_field_name("type")).replace(" ", "") not in want:
                continue
            for n in p.children_by_field_name("name"):
                name = gs.text(n)
                if name != "_" and sum(1 for d in parsing.captures(_DECL_NAMES, func, "n") if gs.text(d) == name) == 1:
                    return name
    return None


def _ctx_from_params(fctx, func) -> str | None:
    """A context that gets cancelled, reachable from ``func``'s parameters:
    ``r.Context()`` of an ``*http.Request`` (cancelled when the request ends),
    ``t.Context()`` of a ``*testing.T/B/F`` (go >= 1.24: cancelled when the
    test ends), or a ``context.Context`` field of the method's receiver."""
    r = _param_of_type(fctx, func, "net/http", ("Request",))
    if r:
        return f"{r}.Context()"
    if fctx.go_at_least(1, 24, unknown=False):
        t = _param_of_type(fctx, func, "testing", ("T", "B", "F"))
        if t:
            return f"{t}.Context()"
    if func.type == "method_declaration":
        recv = _receiver_name(func)
        fi = index.for_file(fctx)
        base = _receiver_base(func)
        if recv and recv != "_" and fi is not None and base:
            for fname, ffile, ftype in fi.package.fields_of(base):
                if fi.module.type_of_type(ffile, fi.package, ftype) == "context.Context":
                    if sum(1 for d in parsing.captures(_DECL_NAMES, func, "n") if gs.text(d) == recv) == 1:
                        return f"{recv}.{fname}"
    return None


def _declares(scope, name: str) -> bool:
    """Is ``name`` declared anywhere inside ``scope`` (a parameter, variable, ...)?"""
    return any(gs.text(n) == name for n in parsing.captures(_DECL_NAMES, scope, "n"))


def _is_stop_signal(recv) -> bool:
    """``<-ctx.Done()``, ``<-done``, ``<-s.quit``: the loop already listens for an end."""
    op = recv.child_by_field_name("operand")
    while op is not None and op.type == "parenthesized_expression":
        op = op.named_children[0] if op.named_children else None
    if op is None:
        return False
    if op.type == "call_expression":
        fn = op.child_by_field_name("function")
        return fn.type == "selector_expression" and gs.text(fn.child_by_field_name("field")) == "Done"
    if op.type == "identifier":
        return bool(_STOP_NAME.match(gs.text(op)))
    if op.type == "selector_expression":
        return bool(_STOP_NAME.match(gs.text(op.child_by_field_name("field"))))
    return False


def _is_exit_call(call) -> bool:
    fn = call.child_by_field_name("function")
    if fn.type == "identifier":
        return gs.text(fn) in _EXIT_FUNCS
    if fn.type == "selector_expression":
        return gs.text(fn.child_by_field_name("field")) in _EXIT_METHODS
    return False


def _break_target(brk):
    for p in gs.ancestors(brk):
        if p.type in gs.FUNC_TYPES:
            return None
        if p.type in _BREAKABLE:
            return p
    return None


def _in_statement_list(node) -> bool:
    return node.parent is not None and node.parent.type == "statement_list"


def _timer_made_by(fctx, name: str, scopes, before: int) -> bool:
    """Is ``name`` a ticker or timer from time.NewTicker/NewTimer declared in one of
    ``scopes``, and never assigned again?"""
    times = fctx.local_names("time")
    for scope in scopes:
        for ident in gs.identifiers(scope, name):
            p = ident.parent
            if p.type == "expression_list" and p.parent.type == "assignment_statement" and p.parent.child_by_field_name("left") == p:
                return False
    for scope in scopes:
        body = gs.function_body(scope)
        if body is None:
            continue
        for caps in parsing.matches(_LOCAL_DECLS, body, body.start_byte, before):
            if gs.text(caps["name"][0]) != name or caps["decl"][0].end_byte > before:
                continue
            if gs.text(caps["pkg"][0]) in times and gs.text(caps["fn"][0]) in ("NewTicker", "NewTimer"):
                return True
    return False


def _ticker_range(fctx, loop, scopes) -> str | None:
    """``for range t.C`` over a ticker/timer ``t``: returns ``t``."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if clause is None:
        return None
    right = clause.child_by_field_name("right")
    if right is None or right.type != "selector_expression" or gs.text(right.child_by_field_name("field")) != "C":
        return None
    op = right.child_by_field_name("operand")
    if op.type != "identifier":
        return None
    name = gs.text(op)
    return name if _timer_made_by(fctx, name, scopes, loop.start_byte) else None


def _tick_call(fctx, loop):
    """``for range time.Tick(d)``: returns the call."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    if right is None or right.type != "call_expression":
        return None
    fn = right.child_by_field_name("function")
    if (
        fn.type == "selector_expression"
        and gs.text(fn.child_by_field_name("operand")) in fctx.local_names("time")
        and gs.text(fn.child_by_field_name("field")) == "Tick"
    ):
        return right
    return None


def _forever(loop) -> bool:
    """``for { ... }``: no clause, no condition."""
    return all(c.type in ("for", "block", "comment") for c in loop.children)


# ---- the analysis of one goroutine function ---------------------------------

@dataclass
class Loop:
    node: object  # the for_statement
    stmt: object  # the statement in the body's list (a labeled_statement or the loop)
    ticker: str | None  # name of the ticker for `for range t.C`
    tick: object = None  # the time.Tick(d) call of `for range time.Tick(d)`
    rewrites: list = field(default_factory=list)  # (kind, node)
    unfixable: str | None = None


def _analyze(fctx, func, outer_scopes) -> Loop | None:
    """The endless, blocking, exitless top-level loop of goroutine function ``func``."""
    body = gs.function_body(func)
    for stmt in gs.block_statements(body):
        loop = stmt
        while loop.type == "labeled_statement":
            inner = [c for c in loop.named_children if c.type not in ("label_name", "comment")]
            if not inner:
                break
            loop = inner[0]
        if loop.type != "for_statement":
            continue
        ticker = tick = None
        if not _forever(loop):
            ticker = _ticker_range(fctx, loop, [func, *outer_scopes])
            tick = _tick_call(fctx, loop) if ticker is None else None
            if ticker is None and tick is None:
                continue
        return _classify_loop(fctx, func, Loop(loop, stmt, ticker, tick))
    return None


def _classify_loop(fctx, func, lp: Loop) -> Loop | None:
    loop = lp.node
    lbody = loop.child_by_field_name("body")
    blocking = lp.ticker is not None or lp.tick is not None
    times = fctx.local_names("time")
    for caps in parsing.matches(_OPS, lbody):
        kind, node = next((k, v[0]) for k, v in caps.items() if k != "callee")
        if _owner(node) != func:
            continue  # inside a nested function literal
        if kind == "exit":
            return None
        if kind == "break":
            if any(c.type == "label_name" for c in node.named_children) or _break_target(node) == loop:
                return None
        elif kind == "call":
            if _is_exit_call(node):
                return None
            fn = node.child_by_field_name("function")
            if (
                fn.type == "selector_expression"
                and gs.text(fn.child_by_field_name("operand")) in times
                and gs.text(fn.child_by_field_name("field")) == "Sleep"
            ):
                blocking = True
                if node.parent.type == "expression_statement" and _in_statement_list(node.parent):
                    lp.rewrites.append(("sleep", node.parent))
                else:
                    lp.unfixable = lp.unfixable or "time.Sleep sits where a select cannot replace it"
        elif kind == "recv":
            if _is_stop_signal(node):
                return None
            p = node.parent
            if p.type == "receive_statement" and p.parent.type == "communication_case":
                continue  # a select case: the select is handled
            blocking = True
            if p.type == "expression_statement" and _in_statement_list(p):
                lp.rewrites.append(("comm", p))
            elif (
                p.type == "expression_list"
                and p.parent.type == "assignment_statement"
                and p.parent.child_by_field_name("right") == p
                and len(p.named_children) == 1
                and gs.text(p.parent.child_by_field_name("operator")) == "="
                and all(c.type == "identifier" for c in p.parent.child_by_field_name("left").named_children)
                and _in_statement_list(p.parent)
            ):
                lp.rewrites.append(("comm", p.parent))
            elif (
                p.type == "expression_list"
                and p.parent.type == "short_var_declaration"
                and p.parent.child_by_field_name("right") == p
                and len(p.named_children) == 1
                and _in_statement_list(p.parent)
            ):
                lp.rewrites.append(("define", p.parent))
            else:
                lp.unfixable = lp.unfixable or f"the receive `{gs.text(node)}` sits where a select cannot replace it"
        elif kind == "send":
            if node.parent.type == "communication_case":
                continue
            blocking = True
            if _in_statement_list(node):
                lp.rewrites.append(("comm", node))
            else:
                lp.unfixable = lp.unfixable or f"the send `{gs.text(node)}` sits where a select cannot replace it"
        elif kind == "select":
            cases = [c for c in node.named_children if c.type in ("communication_case", "default_case")]
            if any(c.type == "default_case" for c in cases):
                continue
            blocking = True
            if not cases:
                lp.unfixable = lp.unfixable or "an empty select {} blocks forever"
            else:
                lp.rewrites.append(("select", node))
        elif kind == "range":
            if _ticker_range(fctx, node, [func]) is not None:
                blocking = True
                lp.unfixable = lp.unfixable or "a nested range over a ticker"
    if not blocking:
        return None
    return lp


# ---- resolving the goroutine's function -----------------------------------

class Package:
    """The package's files, read and parsed only when they mention a name."""

    def __init__(self, pkg, name):
        self.pkg = pkg
        self.name = name
        self._all = None
        self._funcs: dict[str, list] = {}

    def files(self, word: str, pattern: re.Pattern | None = None):
        """The package's files whose bytes mention ``word`` (and match ``pattern``);
        siblings are read on the first call, and parsed only when they match."""
        if self._all is None:
            self._all = self.pkg.files()  # not parsed yet
        w = word.encode()
        return [
            f for f in self._all
            if w in f.source and (pattern is None or pattern.search(f.source)) and f.package_name == self.name
        ]

    def funcs(self, name: str):
        """[(file ctx, func node, name)] for the top-level functions and methods called ``name``."""
        if name not in self._funcs:
            decl = re.compile(rb"(?m)^func\s*(?:\([^)]*\)\s*)?" + re.escape(name.encode()) + rb"\s*[\[(]")
            if self._all is None:
                self._all = self.pkg.files()
            self._funcs[name] = [
                (f, caps["func"][0], name)
                for f in self._all
                if name.encode() in f.source and decl.search(f.source) and f.package_name == self.name
                for caps in parsing.matches(_FUNCS, f.root)
                if gs.text(caps["name"][0]) == name
            ]
        return self._funcs[name]


def _resolve(pk: Package, fctx, go_func, fn):
    """The declaration a ``go f(...)`` / ``go x.m(...)`` runs, as (file, node), or None."""
    if fn.type == "identifier":
        name = gs.text(fn)
        if any(_declares(f, name) for f in gs.ancestors(fn) if f.type in gs.FUNC_TYPES):
            return None  # a local function value, not the package's function
        found = [(f, d) for f, d, n in pk.funcs(name) if d.type == "function_declaration"]
        return found[0] if len(found) == 1 else None
    if fn.type != "selector_expression":
        return None
    op, name = fn.child_by_field_name("operand"), gs.text(fn.child_by_field_name("field"))
    methods = [(f, d) for f, d, n in pk.funcs(name) if d.type == "method_declaration"]
    if (
        go_func is not None
        and go_func.type == "method_declaration"
        and op.type == "identifier"
        and gs.text(op) == _receiver_name(go_func)
    ):
        base = _receiver_base(go_func)
        same = [(f, d) for f, d in methods if _receiver_base(d) == base]
        return same[0] if len(same) == 1 else None
    if not _is_exported(name) and len(methods) == 1 and not _field_named(pk, name, methods[0][1]):
        return methods[0]
    return None


def _field_named(pk: Package, name: str, method) -> bool:
    """Is ``name`` also a struct field or an interface method in the package?"""
    # both start a line (after indentation), possibly after other field names
    line = re.compile(rb"(?m)^[ \t]+(?:\w+[ \t]*,[ \t]*)*" + re.escape(name.encode()) + rb"\b")
    for f in pk.files(name, line):
        for n in parsing.captures(_FIELD_IDS, f.root, "f"):
            if gs.text(n) != name or n == method.child_by_field_name("name"):
                continue
            if n.parent.type in ("field_declaration", "method_elem", "method_spec"):
                return True
    return False


# ---- the fix ----------------------------------------------------------------

@dataclass
class Plan:
    edits: list = field(default_factory=list)
    imports: set = field(default_factory=set)  # file paths needing "context"
    todo_sites: list = field(default_factory=list)
    exported: list = field(default_factory=list)
    ctxpkg: dict = field(default_factory=dict)  # path -> local name of package context


def _ctxpkg(plan: Plan, fctx) -> str:
    """The name of package context in ``fctx`` (importing it if needed)."""
    if fctx.path in plan.ctxpkg:
        return plan.ctxpkg[fctx.path]
    if any(i.path == "context" and i.name == "." for i in fctx.imports):
        raise Refuse(f"{_short(fctx.path)} dot-imports context")
    names = sorted(fctx.local_names("context"))
    if names:
        name = names[0]
    else:
        if any(i.local == "context" for i in fctx.imports) or gs.identifiers(fctx.root, "context"):
            raise Refuse(f"the name context is taken in {_short(fctx.path)}")
        name = "context"
        plan.imports.add(fctx.path)
    plan.ctxpkg[fctx.path] = name
    return name


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _insert_first(source: bytes, lst, text: str, path: str) -> Edit:
    """Insert ``text`` as the first element of a parameter or argument list."""
    open_paren = lst.children[0]
    items = [c for c in lst.named_children if c.type != "comment"]
    if not items:
        if lst.named_child_count:
            raise Refuse("a comment inside an empty list")
        return Edit(open_paren.end_byte, open_paren.end_byte, text.encode(), path)
    first = items[0]
    if first.start_point[0] == open_paren.start_point[0]:
        return Edit(open_paren.end_byte, open_paren.end_byte, (text + ", ").encode(), path)
    e = gs.insert_line_before(source, first, text + ",")
    return Edit(e.start, e.end, e.text, path)


def _mentioned_outside_go(pk: Package, name: str) -> str | None:
    """A file of the directory the fix cannot update that names ``name``: a
    generated or unreadable .go file, assembly, C (cgo), or a ``//export`` /
    ``//go:linkname`` directive in the package."""
    word = re.compile(rb"(?<![\w.])" + re.escape(name.encode()) + rb"(?!\w)")
    directive = re.compile(rb"//(?:export[ \t]+|go:linkname[ \t]+\S*[ \t]*\S*?)" + re.escape(name.encode()) + rb"\b")
    for f in pk.files(name):  # reads the siblings first
        if directive.search(f.source):
            return f"a //export or //go:linkname directive ({_short(f.path)})"
    known = {os.path.normpath(p) for p in pk.pkg.sources}
    try:
        entries = sorted(os.listdir(pk.pkg.directory or "."))
    except OSError:
        return None
    for entry in entries:
        path = os.path.normpath(os.path.join(pk.pkg.directory or ".", entry))
        if path in known or not entry.endswith((".go", ".s", ".c", ".h")):
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if entry.endswith(".s"):
            hit = re.search(rb"\xc2\xb7" + re.escape(name.encode()) + rb"\b", data)
        else:
            hit = word.search(data)
        if hit:
            return entry
    return None


def _check_changeable(pk: Package, fctx, func) -> list:
    """Call sites (file, call, args) of ``func``, or Refuse why its signature cannot change."""
    name = _func_name(func)
    resolve_sites = False
    if func.type == "method_declaration" and _is_exported(name):
        if not _private_api(fctx):
            raise Refuse(f"{name} is an exported method of a library package: its callers outside the module cannot be updated")
        resolve_sites = True  # every call site must resolve to this method through the index
    if _is_exported(name) and func.type == "function_declaration" and fctx.package_name != "main":
        uses = _uses_in_module(pk, fctx, func)
        here = os.path.dirname(os.path.abspath(fctx.path))
        outside = [(f, n) for f, n in (uses or []) if os.path.dirname(os.path.abspath(f.path)) != here or f.package_name != fctx.package_name]
        if uses is None or outside:
            where = f" ({_short(outside[0][0].path)}:{outside[0][1].start_point[0] + 1})" if outside else ""
            raise Refuse(f"{name} is called from another package of the module{where}: the fix cannot update that call site")
    if name in ("main", "init") and func.type == "function_declaration":
        raise Refuse(f"{name} cannot take parameters")
    if fctx.path.endswith("_test.go") and _TEST_FUNC.match(name) and func.type == "function_declaration":
        raise Refuse(f"{name} is run by go test: its signature is fixed")
    params = func.child_by_field_name("parameters")
    for p in params.named_children:
        if p.type in ("parameter_declaration", "variadic_parameter_declaration") and p.child_by_field_name("name") is None:
            raise Refuse(f"{name} has unnamed parameters")
    if func.child_by_field_name("type_parameters") is not None:
        raise Refuse(f"{name} is generic")
    hidden = _mentioned_outside_go(pk, name)
    if hidden:
        raise Refuse(f"{name} is named in {hidden}, which the fix cannot update")
    sites = []
    if func.type == "function_declaration":
        name_node = func.child_by_field_name("name")
        for f in pk.files(name):
            if name.encode() not in f.source:
                continue
            for ident in gs.identifiers(f.root, name):
                if ident == name_node:
                    continue
                call = ident.parent
                if call.type == "call_expression" and call.child_by_field_name("function") == ident:
                    sites.append((f, call, call.child_by_field_name("arguments")))
                else:
                    raise Refuse(f"{name} is used as a value or shadowed ({_short(f.path)}:{ident.start_point[0] + 1})")
        return sites
    methods = [d for _, d, n in pk.funcs(name) if d.type == "method_declaration"]
    if len(methods) != 1:
        raise Refuse(f"several methods are named {name}")
    if _field_named(pk, name, func):
        raise Refuse(f"{name} is also a field or an interface method")
    if resolve_sites and fctx.package_name != "main":
        fi = index.for_file(fctx)
        if fi is None or fi.package.import_path is None:
            raise Refuse(f"{name}'s package is not in a module")
        for d in fi.module.importers(fi.package.import_path):
            if any(name.encode() in f.source for f in fi.module.package(d).files):
                raise Refuse(f"{name} may be called from another package of the module ({os.path.relpath(d, fi.module.root)})")
    base = _receiver_base(func)
    name_node = func.child_by_field_name("name")
    for f in pk.files(name):
        if name.encode() not in f.source:
            continue
        for n in parsing.captures(_FIELD_IDS, f.root, "f"):
            if gs.text(n) != name or n == name_node:
                continue
            sel = n.parent
            call = sel.parent
            if sel.type == "selector_expression" and call.type == "call_expression" and call.child_by_field_name("function") == sel:
                if resolve_sites and not _receiver_is(f, sel.child_by_field_name("operand"), base):
                    raise Refuse(f"a call of {name} does not resolve to ({base}).{name} through the index ({_short(f.path)}:{n.start_point[0] + 1})")
                sites.append((f, call, call.child_by_field_name("arguments")))
            else:
                raise Refuse(f"the method {name} is used as a value ({_short(f.path)}:{n.start_point[0] + 1})")
    return sites


def _private_api(fctx) -> bool:
    """Package main, or a package under internal/: its exported names are
    reachable only from the module itself."""
    if fctx.package_name == "main":
        return True
    fi = index.for_file(fctx)
    path = fi.package.import_path if fi is not None else None
    return path is not None and ("/internal/" in f"/{path}/")


def _receiver_is(fctx, operand, base: str | None) -> bool:
    """Is ``operand``'s type (through the index) the package's type ``base``?"""
    fi = index.for_file(fctx)
    return fi is not None and base is not None and fi.expr_type(operand) == fi.package.key(base)


def _single_value(pk: Package, call) -> bool:
    """Does ``call`` (an argument) give one value?  Known only for package functions."""
    fn = call.child_by_field_name("function")
    if fn.type != "identifier":
        return False
    found = [d for _, d, n in pk.funcs(gs.text(fn)) if d.type == "function_declaration"]
    if len(found) != 1:
        return False
    result = found[0].child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return True
    decls = [c for c in result.named_children if c.type == "parameter_declaration"]
    return len(decls) == 1 and sum(1 for c in decls[0].named_children if c.type == "identifier") <= 1


_MAX_UP = 3  # how many callers up a context is threaded


def _thread(pk: Package, plan: Plan, changes: list) -> None:
    """Add a context parameter to each (file, func, name) of ``changes`` and
    update their call sites.  A call site with no context of its own that
    sits in a function whose signature can change gets one threaded in turn
    (up to ``_MAX_UP`` callers up), so that a context that really gets
    cancelled reaches the goroutine; when every call site would pass
    ``context.TODO()``, nothing would ever stop it: no fix."""
    new_names = {func.id: name for _, func, name in changes}
    depth = {func.id: 0 for _, func, _ in changes}
    work = list(changes)
    sites_of: dict[int, list] = {}
    real = todo = 0
    i = 0
    while i < len(work):
        fctx, func, name = work[i]
        i += 1
        sites = _check_changeable(pk, fctx, func)
        sites_of[func.id] = sites
        for f, call, args in sites:
            caller = _owner(call)
            if caller is None or caller.id in new_names:
                continue
            try:
                has = _ctx_in_scope(f, call, new_names)
            except Refuse:
                has = "?"
            if has is None and depth[func.id] + 1 < _MAX_UP and _can_thread(pk, f, caller):
                cname = gs.free_name(caller, "ctx")
                new_names[caller.id] = cname
                depth[caller.id] = depth[func.id] + 1
                work.append((f, caller, cname))
    for fctx, func, name in work:
        if _is_exported(_func_name(func)):
            plan.exported.append(_func_name(func))
        ctype = f"{_ctxpkg(plan, fctx)}.Context"
        plan.edits.append(_insert_first(fctx.source, func.child_by_field_name("parameters"), f"{name} {ctype}", fctx.path))
        arity = sum(
            max(1, sum(1 for c in p.named_children if c.type == "identifier"))
            for p in func.child_by_field_name("parameters").named_children
            if p.type in ("parameter_declaration", "variadic_parameter_declaration")
        )
        for f, call, args in sites_of[func.id]:
            items = [c for c in args.named_children if c.type != "comment"]
            if arity >= 2 and len(items) == 1 and items[0].type == "call_expression" and not _single_value(pk, items[0]):
                raise Refuse(f"a call site passes a call's results to {_func_name(func)} ({_short(f.path)}:{call.start_point[0] + 1})")
            arg = _ctx_in_scope(f, call, new_names)
            caller = _owner(call)
            if arg is None:
                arg = f"{_ctxpkg(plan, f)}.TODO()"
                plan.todo_sites.append(f"{_short(f.path)}:{call.start_point[0] + 1}")
                todo += 1
            elif caller is None or caller.id not in depth:
                # a caller with its own context (a threaded caller or a
                # recursive call passes the new parameter: counted at its sites)
                if _background_only(pk, f, call) is None:
                    real += 1
                else:
                    todo += 1  # the caller's own callers all pass context.Background()
            plan.edits.append(_insert_first(f.source, args, arg, f.path))
    if todo and not real:
        raise Refuse(
            "no caller has a context that gets cancelled (every call site would pass context.TODO(): "
            + ", ".join(plan.todo_sites) + "); nothing would stop the goroutine"
        )


def _can_thread(pk: Package, fctx, func) -> bool:
    """May ``func`` (a caller without a context) get a context parameter too?"""
    if func.type != "function_declaration":
        return False
    name = _func_name(func)
    if _is_exported(name) or name in ("main", "init"):
        return False
    if fctx.path.endswith("_test.go") and _TEST_FUNC.match(name):
        return False
    try:
        _check_changeable(pk, fctx, func)
    except Refuse:
        return False
    return True


_UNITS = "Nanosecond|Microsecond|Millisecond|Second|Minute|Hour"


def _positive_constant_duration(arg: str, tm: str) -> bool:
    """``time.Second``, ``5 * time.Minute``, ``time.Hour * 2``: constant and > 0."""
    unit = rf"{re.escape(tm)}\.(?:{_UNITS})"
    m = re.fullmatch(rf"(?:([0-9]+)\s*\*\s*)?{unit}(?:\s*\*\s*([0-9]+))?", arg)
    if m is None or (m.group(1) and m.group(2)):
        return False
    n = m.group(1) or m.group(2) or "1"
    return int(n) > 0


class Regions:
    """Byte ranges of whole lines that move one level in (under a new select)."""

    def __init__(self, src: bytes):
        self.src = src
        self.spans: list[tuple[int, int]] = []

    def add(self, first: int, last: int, holder) -> None:
        """Move the lines from the one holding ``first`` to the one holding ``last``."""
        lo = gs.line_start(self.src, first)
        hi = self.src.find(b"\n", last)
        hi = len(self.src) if hi < 0 else hi + 1
        for tok in parsing.captures(_MULTILINE_TOKENS, holder, "t", lo, hi):
            if tok.start_byte < hi and tok.end_byte > lo and not _one_line(tok):
                raise Refuse("a moved body holds a multi-line raw string or comment")
        self.spans.append((lo, hi))

    def depth(self, pos: int) -> int:
        return sum(1 for lo, hi in self.spans if lo <= pos < hi)

    def edits(self, path: str) -> list:
        """One insertion of tabs at the start of every non-blank moved line."""
        out = []
        seen: set[int] = set()
        for lo, hi in self.spans:
            pos = lo
            while pos < hi:
                nxt = self.src.find(b"\n", pos)
                nxt = hi if nxt < 0 else nxt + 1
                if pos not in seen and self.src[pos:nxt].strip():
                    seen.add(pos)
                    out.append(Edit(pos, pos, b"\t" * self.depth(pos), path))
                pos = nxt
        return out


def _rewrite_loop(fctx, func, lp: Loop, ctx: str, plan: Plan) -> None:
    src, path = fctx.source, fctx.path
    if _results(func):
        raise Refuse("the goroutine's function returns values")
    regions = Regions(src)
    closes: dict[int, list[tuple[int, str]]] = {}  # position -> [(depth, text)]
    if lp.ticker is not None or lp.tick is not None:
        _rewrite_ticker(fctx, func, lp, ctx, plan, regions)
    for kind, node in lp.rewrites:
        if kind == "define":
            _move_rest(fctx, node, regions, closes)
    taken: set[str] = set()
    for kind, node in lp.rewrites:
        if kind != "select" and not _one_line(node):
            raise Refuse(f"`{gs.text(node).splitlines()[0]}...` spans several lines")
        ind = gs.indent_of(src, node).decode() + "\t" * regions.depth(node.start_byte)
        eol = gs.eol_at(src, node.start_byte).decode()
        done = [f"case <-{ctx}.Done():", "\treturn"]
        # a comment trailing the statement stays on the statement's new first line
        end, note = node.end_byte, ""
        after = node.next_sibling
        if kind != "select" and after is not None and after.type == "comment" and after.start_point[0] == node.end_point[0]:
            if not _one_line(after):
                raise Refuse("a block comment follows the statement")
            end, note = after.end_byte, " " + gs.text(after)
        if kind == "comm":
            lines = ["select {", f"case {gs.text(node)}:{note}", *done, "}"]
        elif kind == "define":
            lines = ["select {", *done, f"case {gs.text(node)}:{note}"]
        elif kind == "sleep":
            call = node.named_children[0]
            tm = gs.text(call.child_by_field_name("function").child_by_field_name("operand"))
            arg = gs.text(call.child_by_field_name("arguments"))[1:-1].strip()
            if fctx.go_at_least(1, 23, unknown=False):
                lines = ["select {" + note, *done, f"case <-{tm}.After({arg}):", "}"]
            else:
                timer = gs.free_name(func, "timer", taken)
                taken.add(timer)
                lines = [
                    f"{timer} := {tm}.NewTimer({arg}){note}", "select {", f"case <-{ctx}.Done():",
                    f"\t{timer}.Stop()", "\treturn", f"case <-{timer}.C:", "}",
                ]
        else:  # an existing select: add the case first
            brace = next(c for c in node.children if c.type == "{")
            pos = gs.line_end(src, brace.end_byte)
            text = eol + ind + done[0] + eol + ind + done[1]
            plan.edits.append(Edit(pos, pos, text.encode(), path))
            continue
        text = eol.join(lines[:1] + [ind + ln for ln in lines[1:]])
        plan.edits.append(Edit(node.start_byte, end, text.encode(), path))
    plan.edits.extend(regions.edits(path))
    for pos, items in closes.items():
        items.sort(key=lambda it: -it[0])
        plan.edits.append(Edit(pos, pos, "".join(text for _, text in items).encode(), path))


def _move_rest(fctx, decl, regions: Regions, closes) -> None:
    """``v := <-ch; rest`` becomes ``select { ...; case v := <-ch: rest }``: the
    statements after ``decl`` in its list move into the new case."""
    src = fctx.source
    rest = [c for c in decl.parent.named_children if c.start_byte >= decl.end_byte]
    stmts = [c for c in rest if c.type != "comment"]
    if not stmts:
        raise Refuse(f"nothing follows `{gs.text(decl)}`")
    last = rest[-1]
    if decl.parent.parent is not None and decl.parent.parent.type in ("expression_case", "default_case", "type_case"):
        if any(c.type == "fallthrough_statement" for c in stmts):
            raise Refuse("the statements to move end with fallthrough")
    for caps in parsing.matches(_OPS, decl.parent, decl.end_byte, last.end_byte):
        brk = caps.get("break", [None])[0]
        if brk is None or brk.start_byte < decl.end_byte or brk.named_children or _owner(brk) != _owner(decl):
            continue
        target = _break_target(brk)
        if target is not None and not (target.start_byte >= decl.end_byte):
            raise Refuse("a break after the receive would leave the new select instead")
    if rest[0].start_point[0] == decl.end_point[0] and rest[0].type != "comment":
        raise Refuse("a statement follows the receive on its line")
    first = rest[0] if rest[0].start_point[0] != decl.end_point[0] else (rest[1] if len(rest) > 1 else None)
    if first is None:
        raise Refuse(f"nothing follows `{gs.text(decl)}`")
    regions.add(first.start_byte, last.end_byte, decl.parent)
    eol = gs.eol_at(src, decl.start_byte).decode()
    depth = regions.depth(decl.start_byte)
    ind = gs.indent_of(src, decl).decode() + "\t" * depth
    pos = gs.line_end(src, last.end_byte)
    closes.setdefault(pos, []).append((depth, f"{eol}{ind}}}"))


def _rewrite_ticker(fctx, func, lp: Loop, ctx: str, plan: Plan, regions: Regions) -> None:
    src, path = fctx.source, fctx.path
    loop = lp.node
    body = loop.child_by_field_name("body")
    clause = next(c for c in loop.named_children if c.type == "range_clause")
    open_brace, close_brace = body.children[0], body.children[-1]
    if open_brace.start_point[0] == close_brace.start_point[0]:
        raise Refuse("the ticker loop sits on one line")
    if gs.line_end(src, open_brace.end_byte) != open_brace.end_byte:
        raise Refuse("text follows the ticker loop's opening brace")
    if src[gs.line_start(src, close_brace.start_byte) : close_brace.start_byte].strip():
        raise Refuse("text precedes the ticker loop's closing brace")
    for caps in parsing.matches(_OPS, body):
        if "break" in caps:
            brk = caps["break"][0]
            if not brk.named_children and _break_target(brk) == loop:
                raise Refuse("a break in the ticker loop's body would leave the select, not the loop")
    before = []  # lines to put before the loop
    ticker = lp.ticker
    if lp.tick is not None:
        tm = gs.text(lp.tick.child_by_field_name("function").child_by_field_name("operand"))
        arg = gs.text(lp.tick.child_by_field_name("arguments"))[1:-1].strip()
        if not _positive_constant_duration(arg, tm):
            raise Refuse(
                f"time.Tick({arg}): time.NewTicker panics where time.Tick returns nil (d <= 0); "
                "only a positive constant duration is rewritten"
            )
        ticker = gs.free_name(func, "ticker")
        before.append(f"{ticker} := {tm}.NewTicker({arg})")
    before.append(f"defer {ticker}.Stop()")
    left = clause.child_by_field_name("left")
    recv = f"<-{ticker}.C"
    if left is not None:
        op = next(c for c in clause.children if c.type in (":=", "="))
        recv = f"{gs.text(left)} {op.type} {recv}"
    ind = gs.indent_of(src, loop).decode()
    eol = gs.eol_at(src, loop.start_byte).decode()
    head = [
        "for {", "\tselect {", f"\tcase <-{ctx}.Done():", "\t\treturn", f"\tcase {recv}:",
    ]
    text = eol.join(head[:1] + [ind + ln for ln in head[1:]])
    plan.edits.append(Edit(loop.start_byte, open_brace.end_byte, text.encode(), path))
    # every line of the body moves one level in
    first = src.find(b"\n", open_brace.end_byte) + 1
    last_line = gs.line_start(src, close_brace.start_byte)
    if first < last_line:
        regions.add(first, last_line - 1, body)
    plan.edits.append(Edit(close_brace.start_byte, close_brace.start_byte, f"\t}}{eol}{ind}".encode(), path))
    at = gs.line_start(src, lp.stmt.start_byte)
    plan.edits.append(Edit(at, at, "".join(f"{ind}{line}{eol}" for line in before).encode(), path))


# ---- the check ----------------------------------------------------------------

# the fields of a CLI command that hold what the command runs (cobra, urfave/cli)
_CLI_KEYS = {
    "Run", "RunE", "PreRun", "PreRunE", "PostRun", "PostRunE", "PersistentPreRun", "PersistentPreRunE",
    "PersistentPostRun", "PersistentPostRunE", "Action", "Before", "After",
}
_CLI_RECEIVER = re.compile(r"(?i)(cmd|command|cli)$")


def _cli_value(node) -> bool:
    """Is ``node`` the value of a ``Run:``/``RunE:``/``Action:`` field in a composite literal?"""
    el = node.parent
    if el is None or el.type != "literal_element":
        return False
    kv = el.parent
    if kv is None or kv.type != "keyed_element" or kv.named_children[-1] != el:
        return False
    return gs.text(kv.named_children[0]) in _CLI_KEYS


def _skip_enclosing(fctx, func, go_node, pk=None) -> bool:
    """Goroutines started once per program: by main.main or init, a CLI
    command's Run/RunE/Action, inside a ``once.Do(func() {...})``, behind a
    start-once guard, or (with ``pk``) in a function called only from those."""
    if _once_context(fctx, func):
        return True
    if func.type != "func_literal" and _start_once_guard(func, go_node):
        return True
    return pk is not None and _called_once_from_main(pk, fctx, func, 3)


def _once_context(fctx, func) -> bool:
    """Does ``func`` itself run once per process?"""
    if func.type == "func_literal":
        if _cli_value(func):
            return True
        call = func.parent.parent if func.parent is not None else None
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            if fn.type == "selector_expression" and gs.text(fn.child_by_field_name("field")) == "Do":
                return True
        return False
    name = _func_name(func)
    if func.type == "function_declaration" and (name == "init" or (name == "main" and fctx.package_name == "main")):
        return True
    if func.type == "method_declaration" and name in ("Run", "RunE", "Execute"):
        return bool(_CLI_RECEIVER.search(_receiver_base(func) or ""))
    return False


def _uses_in_module(pk, fctx, func):
    """(file, identifier) for every use of the function ``func`` in its
    package and, when exported, in the other packages of the module that
    import it (found through the index); None when they cannot be listed."""
    name = _func_name(func)
    name_node = func.child_by_field_name("name")
    out = []
    for f in pk.files(name):
        for ident in gs.identifiers(f.root, name):
            if ident != name_node:
                out.append((f, ident))
    if not _is_exported(name) or fctx.package_name == "main" or fctx.path.endswith("_test.go"):
        return out  # nothing outside the package can call it
    fi = index.for_file(fctx)
    if fi is None or fi.package.import_path is None:
        return out  # no module (no go.mod): nothing else can import it
    path = fi.package.import_path
    here = os.path.abspath(os.path.dirname(fctx.path))
    for d in fi.module.importers(path):
        if os.path.abspath(d) == here:
            continue
        main_pk = fi.module.package(d)
        others = list(main_pk.files) if main_pk is not None else []
        if main_pk is not None and main_pk.name:
            ext = fi.module.package(d, main_pk.name + "_test")
            others += ext.files if ext is not None else []
        for other in others:
            if name.encode() not in other.source:
                continue
            locals_ = other.local_names(path)
            for n in parsing.captures(_FIELD_IDS, other.root, "f"):
                sel = n.parent
                if gs.text(n) == name and sel.type == "selector_expression" and gs.text(sel.child_by_field_name("operand")) in locals_:
                    out.append((other, sel))
    return out


def _once_do_argument(ident) -> bool:
    """Is ``ident`` the only argument of ``once.Do(f)`` (fasthttp's
    ``serverDateOnce.Do(updateServerDate)``)?  Then ``f`` runs once per process."""
    args = ident.parent
    if args is None or args.type != "argument_list" or [c for c in args.named_children if c.type != "comment"] != [ident]:
        return False
    fn = args.parent.child_by_field_name("function")
    return fn is not None and fn.type == "selector_expression" and gs.text(fn.child_by_field_name("field")) == "Do"


def _called_once_from_main(pk, fctx, func, depth: int) -> bool:
    """A function whose every use in the module (outside tests) is a call made
    once (not in a loop) from a function that runs once per process (``main``,
    ``init``, a CLI command's Run/RunE/Action, a ``once.Do``), or its use as
    such a CLI field's value, directly or through such functions: its
    goroutines live as long as the program, like those ``main`` starts."""
    if depth <= 0 or func.type != "function_declaration":
        return False
    if _once_context(fctx, func):
        return True
    name = _func_name(func)
    uses = _uses_in_module(pk, fctx, func)
    if not uses:
        return False
    for f, ident in uses:
        if f.path.endswith("_test.go"):
            return False
        if _cli_value(ident) or _once_do_argument(ident):
            continue
        call = ident.parent
        if call.type != "call_expression" or call.child_by_field_name("function") != ident:
            return False
        caller = gs.enclosing_function(call)
        if caller is None or gs.loop_between(call, caller) is not None:
            return False
        if caller.type == "function_declaration" and _func_name(caller) == name:
            return False
        if _once_context(f, caller):
            continue
        same = os.path.dirname(os.path.abspath(f.path)) == os.path.dirname(os.path.abspath(fctx.path))
        if not _called_once_from_main(pk if same else _OtherPackage(f), f, caller, depth - 1):
            return False
    return True


class _OtherPackage:
    """What :func:`_called_once_from_main` needs of a :class:`Package`, for a
    caller in another package of the module (read through the index)."""

    def __init__(self, fctx):
        fi = index.for_file(fctx)
        self._files = fi.package.files if fi is not None else [fctx]

    def files(self, word: str, pattern=None):
        return [f for f in self._files if word.encode() in f.source]


def _start_once_guard(func, go_node) -> bool:
    """``if started { return }; started = true; ...; go ...``: one goroutine per program.

    The guard is a top-level ``if`` whose only statement is ``return`` and whose
    condition mentions a variable that a later top-level assignment (before the
    ``go`` statement) sets.
    """
    stmts = gs.block_statements(gs.function_body(func))
    guards: list[str] = []
    for stmt in stmts:
        if stmt.start_byte >= go_node.start_byte:
            break
        if stmt.type == "if_statement" and stmt.child_by_field_name("alternative") is None:
            body = gs.block_statements(stmt.child_by_field_name("consequence"))
            if len(body) == 1 and body[0].type == "return_statement" and not body[0].named_children:
                guards.append(gs.text(stmt.child_by_field_name("condition")))
        elif stmt.type == "assignment_statement" and guards:
            for target in stmt.child_by_field_name("left").named_children:
                name = gs.text(target)
                if any(re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", g) for g in guards):
                    return True
    return False


def check_package(pkg):
    checked = [pkg.file(p) for p in pkg.selected_paths]
    packages: dict[str | None, Package] = {}
    for fctx in checked:
        if not prefilter(fctx.source):
            continue
        pk = packages.setdefault(fctx.package_name, Package(pkg, fctx.package_name))
        for caps in parsing.matches(_GO, fctx.root):
            go_node, fn = caps["go"][0], caps["fn"][0]
            encl = _owner(go_node)
            if encl is None or _skip_enclosing(fctx, encl, go_node):
                continue
            if fn.type == "func_literal":
                gfile, gfunc = fctx, fn
            else:
                target = _resolve(pk, fctx, encl, fn)
                if target is None:
                    continue
                gfile, gfunc = target
                if gfunc == encl:
                    continue
            scopes = [a for a in gs.ancestors(go_node) if a.type in gs.FUNC_TYPES] if gfunc.type == "func_literal" else []
            lp = _analyze(gfile, gfunc, scopes)
            if lp is None:
                continue
            # a function called only from once-per-process code (the callers
            # are looked up only now: the loop analysis is cheaper)
            if _called_once_from_main(pk, fctx, encl, 3):
                continue
            if not fctx.settings.preview and _object_lifetime(fctx, go_node, gfunc):
                continue  # an object's goroutine (report only): preview (PREVIEW_SHAPES)
            yield _finding(pk, fctx, go_node, encl, gfile, gfunc, lp)


def _finding(pk, fctx, go_node, encl, gfile, gfunc, lp: Loop):
    what = "a ticker loop" if lp.ticker or lp.tick is not None else "an endless loop"
    who = "the goroutine" if gfunc.type == "func_literal" else f"the goroutine {_func_name(gfunc)}"
    message = f"{who} runs {what} that blocks and has no way out (no return, break or ctx.Done() case): it leaks"
    try:
        plan = _plan(pk, fctx, go_node, encl, gfile, gfunc, lp)
    except Refuse as why:
        return fctx.finding(_RULE, go_node, f"{message} (no automatic fix: {why})", end_node=go_node.child(0))
    imports = tuple(sorted((p, "context") for p in plan.imports))
    # exported names of package main or internal/ are only the module's own
    safety = Safety.UNSAFE if plan.exported and not _private_api(fctx) else Safety.SAFE
    title = "Stop the goroutine when its context is cancelled"
    notes = []
    if plan.exported:
        notes.append(f"changes the signature of exported {', '.join(sorted(set(plan.exported)))}")
    if plan.todo_sites:
        notes.append("call sites given context.TODO() can still leak: " + ", ".join(plan.todo_sites))
    if notes:
        message += " (" + "; ".join(notes) + ")"
    fix = Fix(title, tuple(plan.edits), safety=safety, imports=imports)
    return fctx.finding(_RULE, go_node, message, fix, end_node=go_node.child(0))


_RETURNS = parsing.query("(return_statement (expression_list . (_) @first)) @ret")
_STOPPERS = ("Close", "Stop", "Shutdown", "Cancel")


def _object_lifetime(fctx, go_node, gfunc) -> str | None:
    """Advice when the goroutine lives as long as an object: it is started in
    a constructor (a function returning a type of the package) and works for
    the object it returns (a method of that type, or a literal or arguments
    using the returned variable).  Such a goroutine must not be tied to the
    constructor's context: stop it from the object's Close/Stop method."""
    top = None
    for a in gs.ancestors(go_node):
        if a.type in ("function_declaration", "method_declaration"):
            top = a
            break
    if top is None or top.type != "function_declaration":
        return None
    fi = index.for_file(fctx)
    if fi is None:
        return None
    fn = fi.package.func(_func_name(top))
    if fn is None or fn.node != top:
        return None
    results = fi.module.result_types(fn, fi.package)
    prefix = (fi.package.import_path or fi.package.directory) + "."
    tname = next((t[len(prefix):] for t in results if t and t.startswith(prefix)), None)
    if tname is None:
        return None
    returned = set()
    for caps in parsing.matches(_RETURNS, top):
        first = caps["first"][0]
        while first.type in ("unary_expression", "parenthesized_expression") and first.named_children:
            first = first.named_children[-1]
        if first.type == "identifier":
            d = index.scope.binding(first)
            if d is not None:
                returned.add(d.id)
    tied = gfunc.type == "method_declaration" and _receiver_base(gfunc) == tname
    if not tied:
        for ident in parsing.captures(parsing.query("(identifier) @i"), go_node, "i"):
            d = index.scope.binding(ident)
            if d is not None and d.id in returned:
                tied = True
                break
    if not tied:
        return None
    stop = next((m for m in _STOPPERS if fi.package.method(tname, m) is not None), None)
    where = f"stop it from (*{tname}).{stop}" if stop else f"give {tname} a Close or Stop method that stops it"
    return (
        f"the goroutine lives as long as the {tname} that {_func_name(top)} returns: tying it to "
        f"{_func_name(top)}'s context would stop the object's work under a cancellable caller; {where}"
    )


def _background_only(pk, fctx, go_node) -> str | None:
    """When the context in scope is a parameter of the enclosing function and
    every call site of that function passes context.Background()/TODO(),
    nothing ever cancels it: why there is no fix."""
    for func in gs.ancestors(go_node):
        if func.type not in gs.FUNC_TYPES:
            continue
        name, _exists = _ctx_param(func, fctx)
        if name is None:
            if _ctx_local(func, go_node, fctx):
                return None
            continue
        if func.type == "func_literal":
            return None
        params = [p for p in func.child_by_field_name("parameters").named_children if p.type == "parameter_declaration"]
        pos = 0
        for p in params:
            names = [gs.text(c) for c in p.children_by_field_name("name")]
            if name in names:
                pos += names.index(name)
                break
            pos += max(1, len(names))
        try:
            sites = _check_changeable(pk, fctx, func)
        except Refuse:
            return None
        if not sites:
            return None
        cpkgs = {p for f, _, _ in sites for p in f.local_names("context")}
        for f, call, args in sites:
            items = [c for c in args.named_children if c.type != "comment"]
            if pos >= len(items):
                return None
            arg = gs.text(items[pos]).replace(" ", "")
            if not any(arg in (f"{c}.Background()", f"{c}.TODO()") for c in cpkgs):
                return None
        return f"every caller of {_func_name(func)} passes context.Background() or context.TODO(): nothing cancels {name}"
    return None


def _plan(pk, fctx, go_node, encl, gfile, gfunc, lp: Loop) -> Plan:
    if lp.unfixable:
        raise Refuse(lp.unfixable)
    advice = _object_lifetime(fctx, go_node, gfunc)
    if advice:
        raise Refuse(advice)
    plan = Plan()
    changes = []
    if gfunc.type == "func_literal":
        ctx = _ctx_in_scope(fctx, go_node, {})
        if ctx is not None:
            why = _background_only(pk, fctx, go_node)
            if why:
                raise Refuse(why)
        if ctx is None:
            if encl.type == "func_literal":
                raise Refuse("no context in scope in the enclosing function literal")
            ctx = gs.free_name(encl, "ctx")
            changes.append((fctx, encl, ctx))
        elif _declares(gfunc, ctx):
            raise Refuse(f"the goroutine redeclares {ctx}")
    else:
        ctx, exists = _ctx_param(gfunc, gfile)
        if exists and ctx is None:
            raise Refuse(f"{_func_name(gfunc)}'s context parameter is unnamed or '_'")
        if ctx is None:
            ctx = gs.free_name(gfunc, "ctx")
            changes.append((gfile, gfunc, ctx))
            if _ctx_in_scope(fctx, go_node, {}) is None:
                if encl.type == "func_literal":
                    raise Refuse("no context in scope in the enclosing function literal")
                changes.append((fctx, encl, gs.free_name(encl, "ctx")))
        elif _declares(gs.function_body(gfunc), ctx):
            raise Refuse(f"{_func_name(gfunc)} redeclares {ctx}")
    _thread(pk, plan, changes)
    _rewrite_loop(gfile, gfunc, lp, ctx, plan)
    return plan
