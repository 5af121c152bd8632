"""LK101 unclosed-response-body."""

from __future__ import annotations

import sys

from gofixleaks import gosyntax as gs
from gofixleaks import index, lifetime, parsing
from gofixleaks.index import scope

CODE = "LK101"
NAME = "unclosed-response-body"
SUMMARY = "HTTP response body is never closed"
TRIGGERS = (b'"net/http"',)
FIXABLE = True

DOC = """
## What it does
Finds `*http.Response` values from `net/http`'s `Get`, `Head`, `Post`,
`PostForm`, from `Do`, `Get`, `Head`, `Post`, `PostForm` on an
`*http.Client`, or from a function of the module that returns a fresh
response (a project helper such as `get(url) (*http.Response, error)` that
does not close the body itself), whose `Body` is never closed.

The client's type and the helpers come from the module index
(docs/index.md): `http.DefaultClient`, a parameter, variable or struct field
declared `*http.Client`, `http.Client{...}`, `ts.Client()` on an
`*httptest.Server`, a constructor of the module returning `*http.Client`.
Closes belong to the variable they resolve to: a `Close` of another
variable of the same name (a sibling block, a shadowing `:=`) does not hide
this one.

## Why is this bad?
Until the body is closed, the connection cannot be reused or released: the
transport keeps its read and write goroutines, its buffers and its file
descriptor alive.  A service that leaks one body per request grows in
goroutines and sockets until it runs out of memory or descriptors.

## Example
```go
resp, err := http.Get(url)
if err != nil {
	return err
}
return decode(resp.StatusCode)
```

## Use instead
```go
resp, err := http.Get(url)
if err != nil {
	return err
}
defer resp.Body.Close()
return decode(resp.StatusCode)
```

## Fix safety
The fix inserts `defer resp.Body.Close()` right after the `if err != nil`
block that checks the call; it is safe: that block always leaves the function
(return, panic, `log.Fatal`, ...), so `resp` is non-nil where the defer runs,
and `defer` evaluates `resp.Body` at once, so a later reassignment of `resp`
does not change which body is closed.

No fix, only a report, when: the error is discarded or not checked right
after the call, the check does not always leave, the request sits in a loop
(a defer would hold every body until the function returns; close it at the
end of each iteration), or the response is discarded with `_`.

No finding at all when the response escapes (returned, stored in a field,
map, slice or global, sent on a channel, captured by a goroutine or a
closure, passed to a function that may keep or close it), when it is closed
in any way (directly, in a deferred closure, or by a helper given `resp` or
`resp.Body` whose summary says it closes it), or when the code expects the
request to fail (`if err == nil` or `if resp != nil` right after the call: a
test of an error path).  A response passed only to functions that read it
(`fmt`, `log`, `strconv`, `errors`, `json.Marshal`..., a reader of its body
such as `io.ReadAll(resp.Body)`, or a module function whose summary says it
only reads its parameter) is still open, and reported.

Go version: the same for every version.

## References
- https://pkg.go.dev/net/http#Client.Do ("the caller must close the response body")
- https://pkg.go.dev/net/http#Response
"""

_PKG_FUNCS = {"Get", "Head", "Post", "PostForm"}
_CLIENT_METHODS = {"Do", "Get", "Head", "Post", "PostForm"}

# functions that read a body to the end without closing or keeping it
_CONSUMERS = {
    "io": {"ReadAll", "Copy", "CopyN", "CopyBuffer", "ReadFull", "ReadAtLeast"},
    "io/ioutil": {"ReadAll"},
}
# functions that wrap a body in a reader (which must not escape either)
_WRAPPERS = {
    "io": {"LimitReader", "TeeReader", "MultiReader", "NopCloser"},
    "encoding/json": {"NewDecoder"},
    "encoding/xml": {"NewDecoder"},
    "encoding/csv": {"NewReader"},
    "bufio": {"NewReader", "NewReaderSize", "NewScanner"},
    "compress/gzip": {"NewReader"},
}

CLOSE, USE, ESCAPE, REASSIGN = "close", "use", "escape", "reassign"
_RULE = sys.modules[__name__]


def _http_names(ctx) -> set[str]:
    return ctx.local_names("net/http")


def _is_http_call(ctx, recv, method: str, func) -> bool:
    http = _http_names(ctx)
    rtext = gs.text(recv)
    if recv.type == "identifier" and rtext in http:
        return method in _PKG_FUNCS
    if method not in _CLIENT_METHODS:
        return False
    if recv.type == "selector_expression":
        op, field = recv.child_by_field_name("operand"), recv.child_by_field_name("field")
        if op.type == "identifier" and gs.text(op) in http:
            return gs.text(field) == "DefaultClient"
    # the receiver's type through the index: a parameter, variable or field
    # declared *http.Client, http.Client{...}, ts.Client(), a constructor of
    # the module returning *http.Client
    fi = index.for_file(ctx)
    return fi is not None and fi.expr_type(recv) == "net/http.Client"


def _reader_call(ctx, call) -> bool:
    """Is ``call`` a known reader of the body that keeps nothing of it?"""
    if gs.pkg_func(ctx, call, _CONSUMERS):
        return True
    if not gs.pkg_func(ctx, call, _WRAPPERS):
        return False
    parent = call.parent
    if parent.type == "selector_expression":  # json.NewDecoder(resp.Body).Decode(&v)
        return True
    # dec := json.NewDecoder(resp.Body): a local reader, used in place
    return parent.type == "expression_list" and parent.parent.type == "short_var_declaration"


def _only_reads(ctx, args, arg) -> bool:
    """Does the call owning ``args`` only read its argument ``arg`` (a table of
    standard functions, or a module function whose summary says so)?"""
    fi = index.for_file(ctx)
    if fi is None:
        return False
    items = [c for c in args.named_children if c.type != "comment"]
    i = next((k for k, c in enumerate(items) if c == arg), -1)
    return i >= 0 and fi.call_effect(args.parent, i) == index.READ


def _classify(ctx, ident, body) -> str:
    """How one occurrence of the response variable is used."""
    p = ident.parent
    kind = ESCAPE
    if p.type in ("var_spec", "parameter_declaration"):
        kind = USE  # its declaration
    elif p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        field = gs.text(p.child_by_field_name("field"))
        if field != "Body":
            kind = USE
        else:
            q = p.parent
            if q.type == "selector_expression" and q.child_by_field_name("operand") == p:
                meth = gs.text(q.child_by_field_name("field"))
                kind = CLOSE if meth == "Close" and q.parent.type == "call_expression" else USE
            elif q.type == "argument_list":
                # a reader of the body, or a helper that only reads it; any
                # other helper given resp.Body may close it: never fix
                kind = USE if _reader_call(ctx, q.parent) or _only_reads(ctx, q, p) else CLOSE
            else:
                kind = ESCAPE
    elif p.type == "argument_list":
        # a helper given resp may close it (no finding), unless the index
        # knows it only reads it (fmt, log, a project helper reading fields)
        kind = USE if _only_reads(ctx, p, ident) else CLOSE
    elif lifetime.is_compared(ident):
        kind = USE
    elif lifetime.is_assigned(ident):
        kind = REASSIGN
    # uses inside a closure or goroutine: the closure may outlive the function
    if kind != CLOSE and lifetime.in_closure(ident, body):
        return ESCAPE
    return kind


_ID_PAIRS = parsing.query(
    """
    (short_var_declaration
      left: (expression_list) @lhs
      right: (expression_list . (call_expression function: (identifier) @fn arguments: (argument_list)) @call .)) @assign
    (assignment_statement
      left: (expression_list) @lhs
      right: (expression_list . (call_expression function: (identifier) @fn arguments: (argument_list)) @call .)) @assign
    """
)


def _pairs(ctx):
    """(assign, call, first, second, is_helper) for ``resp, err := <call>``:
    net/http calls, and calls of module functions whose summary says they
    return a fresh response (a project helper)."""
    out = []
    for pair in gs.pair_calls(ctx.root):
        out.append((pair.assign, pair.call, pair.recv, pair.method, pair.first, pair.second))
    for caps in parsing.matches(_ID_PAIRS, ctx.root):
        names = [n for n in caps["lhs"][0].named_children if n.type != "comment"]
        if len(names) == 2 and all(n.type == "identifier" for n in names):
            out.append((caps["assign"][0], caps["call"][0], None, None, names[0], names[1]))
    out.sort(key=lambda t: t[1].start_byte)
    return out


def _helper_response(ctx, call) -> bool:
    """Is ``call`` a module function returning a fresh *http.Response first?"""
    fi = index.for_file(ctx)
    if fi is None or not fi.may_return(call, b"Response"):
        return False  # the callee's header does not even spell Response
    return fi.call_target(call) is not None and fi.fresh_results(call).get(0) == "net/http.Response"


def _expects_failure(assign, resp_name: str, err_name: str) -> bool:
    """``if err == nil { t.Error(...) }`` or ``if resp != nil {...}`` right
    after the call (or in its ``if`` header): the code expects the request to
    fail (a test of an error path); a body leaks only when it already failed."""
    stmt = assign
    cond = None
    if stmt.parent is not None and stmt.parent.type == "if_statement" and stmt.parent.child_by_field_name("initializer") == stmt:
        cond = stmt.parent.child_by_field_name("condition")
    else:
        nxt = gs.next_statement(stmt) if stmt.parent is not None and stmt.parent.type == "statement_list" else None
        if nxt is not None and nxt.type == "if_statement" and nxt.child_by_field_name("initializer") is None:
            cond = nxt.child_by_field_name("condition")
    if cond is None:
        return False
    text = gs.text(cond).replace(" ", "")
    return text == f"{err_name}==nil" or (resp_name != "_" and text == f"{resp_name}!=nil")


def check(ctx):
    if not _http_names(ctx):
        return
    seen: dict[tuple, bool] = {}
    for assign, call, recv, method, first, second in _pairs(ctx):
        func = gs.enclosing_function(assign)
        if func is None:
            continue
        helper = False
        if recv is None or not _is_http_call(ctx, recv, method, func):
            if not _helper_response(ctx, call):
                continue
            helper = True
        body = gs.function_body(func)
        resp_name, err_name = gs.text(first), gs.text(second)
        callee = gs.text(call.child_by_field_name("function"))
        if _expects_failure(assign, resp_name, err_name):
            continue
        if resp_name == "_":
            yield ctx.finding(
                _RULE, call,
                f"the response of {callee} is discarded, so its body is never closed; assign it and close the body",
            )
            continue
        # the variable ``first`` stores into: its own declaration or the one it resolves to
        decl = scope.binding(first)
        if decl is None:
            continue  # a package-level variable: it outlives the function
        key = (decl.id,)
        if key not in seen:
            kinds = [_classify(ctx, ident, body) for ident in scope.uses(decl, func) if ident.start_byte >= body.start_byte or ident == decl]
            seen[key] = (
                CLOSE in kinds
                or ESCAPE in kinds
                or lifetime.named_result(func, resp_name)
                or gs.enclosing_function(decl) != func
            )
        if seen[key]:
            continue
        rule = _RULE
        source = f"the helper {callee}" if helper else callee
        message = f"the body of the response from {source} is never closed; the connection and its goroutines leak"
        check_stmt, why = lifetime.close_site(assign, func, err_name, "close the body")
        if check_stmt is None:
            yield ctx.finding(rule, call, message + f" ({why}; no automatic fix)")
            continue
        yield ctx.finding(rule, call, message, lifetime.add_line_after(ctx.source, check_stmt, f"defer {resp_name}.Body.Close()"))
