"""LK107 defer-in-loop."""

from __future__ import annotations

import re
import sys

from gofixleaks import gosyntax as gs
from gofixleaks import lifetime, parsing
from gofixleaks.model import Edit, Fix, Safety
from gofixleaks.transforms import lk106_unclosed_file as lk106

CODE = "LK107"
NAME = "defer-in-loop"
SUMMARY = "defer inside a loop runs only when the function returns"
TRIGGERS = (b"defer",)
FIXABLE = True
# reported only with --preview: on reviewed real services (grpc, syncthing,
# coredns, etcd) nearly every defer in a test's loop was a table of a few
# cases whose resources the test's return releases (debatable, not a leak)
PREVIEW_SHAPES = {
    "test-file": "a defer in a loop of a _test.go file (released when the test returns)",
    "case-table": "a defer in a range over a table written in the code (`for _, tc := range []T{...}`, or a local `tests := []T{...}`): a fixed number held",
    "timeout-cancel": "only `defer cancel()` of context.WithTimeout/WithDeadline in the loop: each context is released when its timeout fires",
}

DOC = """
## What it does
Finds `defer` statements directly inside the body of a `for` loop (a
three-clause, condition, infinite or `range` loop), in the same function as
the loop: not inside a function literal within the body.  One finding per
loop, on its first `defer`.  A `defer` followed, in its own block, by a
`return` or by a `break` out of the loop runs at most once per run of the
loop, and is not reported.

Preview (`--preview`, `preview = true`): in `_test.go` files the rule
reports only in preview.  A test's loops run over small tables of cases and
the test's return releases what they deferred; on reviewed real services
almost every such finding was debatable (held until the test returns, not
a leak).

Also preview, outside tests: a loop that ranges over a table written in the
code (`for _, tc := range []T{...}`, or over a local variable declared
`tests := []T{...}` in the function), which holds a fixed number of
resources until the return (minio-go's functional test program: 5 of 6 such
findings debatable); and a loop whose only defers are `cancel()` of
`context.WithTimeout`/`WithDeadline` (each context leaves its parent when its
timeout fires, like a `time.After` timer: raft's replication poll).

Not reported either, because holding until the return is the intent or
holds nothing:

- what the deferred call releases is meant to outlive the iteration: it is
  declared outside the loop body and not reassigned there (`defer
  conns[i].Close()`, a range variable over a collection), released through
  a package function (`defer os.Remove(name)`), appended, stored, sent,
  returned, used by a goroutine or a function literal, registers a
  callback, or is not used after the `defer` (a listener or subscription
  kept for its side effect); a deferred function literal that only assigns
  (restores state at the return);
- `ctx, cancel := context.WithCancel(context.Background())` (or `TODO`,
  `WithCancelCause`) with `defer cancel()`: such a context is registered
  with no parent and starts no timer.

## Why is this bad?
A deferred call runs when the *function* returns, not at the end of the
iteration.  Every iteration keeps what it deferred to release (an open file,
a lock, a connection, a timer) until the whole loop is done and the function
returns, and the deferred calls themselves pile up in memory.  A loop over
a thousand files holds a thousand descriptors and fails with "too many open
files" under a default `ulimit -n` of 1024.

## Example
```go
func sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		n, err := io.Copy(io.Discard, f)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
```

## Use instead
When nothing after the `defer` can leave the iteration early, the smallest
change: call it at the end of the iteration.
```go
for _, p := range paths {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, f)
	total += n
	f.Close()
}
```
Otherwise (here, the `return` after the `defer`), a function literal per
iteration:
```go
func sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		if err := func() error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			n, err := io.Copy(io.Discard, f)
			if err != nil {
				return err
			}
			total += n
			return nil
		}(); err != nil {
			return 0, err
		}
	}
	return total, nil
}
```

## Fix safety
The smallest fix first.  When every `defer` of the loop is a statement of
the loop body itself (not inside an `if`), and nothing after the first one
can leave the iteration early (no `return`, `continue` or `break` aimed at
this loop, labeled `break`/`continue`, `goto`, label or `panic` on the
way), each `defer` line is removed and its call added as a plain statement
at the end of the body, in reverse order (a few changed lines; a comment
trailing the `defer` moves with the call).  A `defer` evaluates its callee
and arguments at once, so this is done only when they hold no call and no
variable they name is assigned after the `defer`.  One difference remains:
a panic in the rest of the iteration no longer runs the call (with `defer`
it ran while the panic unwound); a file close is safe regardless, a lock is
not, which is why other calls are unsafe (below).

Otherwise the fix moves the loop body into a function literal called once
per iteration (re-indented by one tab), so each iteration's deferred calls
run at its end.  Variables of the enclosing function are captured by reference and
the literal runs synchronously, so reads and writes to them are unchanged.

- A body without `return`: `func() { body }()`; a `continue` aimed at this
  loop becomes `return`.
- A body with `return`s, in a function whose last result is `error`: the
  literal returns `error`; each `return ..., e` becomes `return e`, and after
  the call `if err := func() error { ... }(); err != nil { return ..., err }`
  returns from the function.  This is done only when every such `e` is surely
  non-nil (`fmt.Errorf(...)`, `errors.New(...)`, `&T{...}`, or `err` right
  inside `if err != nil {`), so that "nil" can keep meaning "go on", and every
  other returned value is the same literal (`0`, `nil`, `""`, `false`, ...)
  in all of them, so it can be written once after the call.  A `continue`
  becomes `return nil`, and `return nil` ends the literal unless the body
  already ends in a terminating statement.

The fix is **safe** when every deferred call in the body is `f.Close()` on a
file opened in the body (every assignment to `f` there is a fresh
`os.Open`, `os.Create` or `os.OpenFile`) that stays there (used only through
its methods, known readers and writers like `io.Copy` or `bufio.NewScanner`,
and nil checks): nothing deferred can be needed after the iteration.  Otherwise
(a lock, a cleanup of something stored outside the loop, a file appended to
a slice) it is **unsafe**, applied only with `--unsafe-fixes`:
releasing at the end of the iteration could free something still in use.
What a deferred call releases that surely outlives the iteration is not
reported at all (see What it does): the callee's variable declared outside
the loop body (except `x.Unlock()` after `x.Lock()` in the same body), a
package function as the callee, the variable (or one declared with it,
`srv, cleanup, err := start()`, or a local made from it) appended, put in a
composite literal, assigned to anything but a local of the body, sent,
returned, used in a goroutine or another function literal, a call on or
with it that also gets a function (`nc.Subscribe(subj, cb)`: a callback that
runs after the iteration), or none of them used after the `defer`.  A
variable declared outside the body but assigned in it (`ctx, cancel =
context.WithTimeout(...)` in a retry loop) piles up per iteration: it is
reported, without a fix.  A deferred function literal that does anything
but call methods of such variables is reported without a fix.

No fix, only a report, when the body:
- uses `break` aimed at this loop, a labeled `break` or `continue`, `goto`
  or labels;
- has a bare `return`, or a `return` whose values cannot be carried as
  described above;
- calls `recover` anywhere: called directly in the body it would no longer
  be called by the deferred function, and in a deferred closure a recovered
  panic would now resume the loop instead of returning from the function;
- contains a multi-line raw string or comment (re-indenting would change
  it);
- has `return`s and ends in a `switch`, `select` or infinite `for` (whether
  that terminates, and so whether `return nil` must follow, is not checked).

Go version: the same for every version.  Since Go 1.22 each iteration has
its own loop variables, but that does not matter here: the literal is called
at once, inside the iteration.  A `defer` in the body of a range-over-func
loop (Go 1.23) also runs when the enclosing function returns, and is
reported the same way.

## References
- https://go.dev/ref/spec#Defer_statements
- https://go.dev/doc/effective_go#defer
- https://github.com/golang/go/wiki/CommonMistakes
"""

_DEFERS = parsing.query("(defer_statement) @defer")
_BODY_NODES = parsing.query(
    """
    (return_statement) @return
    (break_statement) @break
    (continue_statement) @continue
    (goto_statement) @goto
    (labeled_statement) @label
    (raw_string_literal) @raw
    (comment) @comment
    (defer_statement) @defer
    (call_expression function: (identifier) @builtin)
    """
)

_BREAK_TARGETS = ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")
_LITERALS = ("nil", "true", "false", "int_literal", "float_literal", "imaginary_literal", "rune_literal", "interpreted_string_literal")
_RULE = sys.modules[__name__]


# strings, raw strings, runes and comments: their braces and words are not code
_NOT_CODE = re.compile(rb'"(?:[^"\\\n]|\\.)*"|`[^`]*`|//[^\n]*|/\*[\s\S]*?\*/|\'(?:[^\'\\\n]|\\.)*\'')
_LOOP_WORDS = re.compile(rb"\b(?:for|defer)\b|\n\}")


def prefilter(source: bytes) -> bool:
    """Is some ``defer`` nested deeper than a ``for`` of the same top-level
    declaration?  (A defer in a loop's body is: the body's brace opens after
    the ``for``.)  Brace depth is counted outside strings and comments;
    depth 0 after a closing brace ends a declaration.  Never false for a
    file the rule reports in (it only skips parsing files it cannot)."""
    if b"defer" not in source or b"for" not in source:
        return False
    code = _NOT_CODE.sub(b"", source)
    depth, pos, shallowest_for = 0, 0, None
    for m in _LOOP_WORDS.finditer(code):
        end = m.end()
        depth += code.count(b"{", pos, end) - code.count(b"}", pos, end)
        pos = end
        word = m.group()
        if word == b"for":
            if shallowest_for is None or depth < shallowest_for:
                shallowest_for = depth
        elif word == b"defer":
            if shallowest_for is not None and depth > shallowest_for:
                return True
        elif depth == 0:
            shallowest_for = None
    return False


class Refused(Exception):
    """Why the loop body cannot be moved (report only)."""


class Outlives(Refused):
    """What the deferred call releases is meant to live until the function
    returns (kept after the loop, stored, handed on): not a leak, no report."""


def _same_func(node, func) -> bool:
    return gs.enclosing_function(node) == func


def _target(stmt, body) -> str:
    """What an unlabeled break/continue inside ``body`` aims at: "loop" (ours) or "inner"."""
    for anc in gs.ancestors(stmt):
        if anc == body:
            return "loop"
        if anc.type == "for_statement":
            return "inner"
        if stmt.type == "break_statement" and anc.type in _BREAK_TARGETS:
            return "inner"
    return "loop"


def _result_types(func) -> list[str] | None:
    """The result types, one per value (None: no results)."""
    res = func.child_by_field_name("result")
    if res is None:
        return None
    if res.type != "parameter_list":
        return [gs.text(res)]
    out = []
    for decl in res.named_children:
        if decl.type != "parameter_declaration":
            continue
        t = gs.text(decl.child_by_field_name("type"))
        names = decl.children_by_field_name("name")
        out.extend([t] * max(1, len(names)))
    return out


def _is_literal(expr) -> bool:
    if expr.type == "unary_expression" and gs.text(expr.child_by_field_name("operator")) == "-":
        expr = expr.child_by_field_name("operand")
        return expr.type in ("int_literal", "float_literal")
    return expr.type in _LITERALS


def _surely_non_nil(ctx, expr) -> bool:
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        if fn.type == "selector_expression":
            pkg, name = gs.text(fn.child_by_field_name("operand")), gs.text(fn.child_by_field_name("field"))
            return (name == "Errorf" and pkg in ctx.local_names("fmt")) or (name == "New" and pkg in ctx.local_names("errors"))
        return False
    if expr.type == "unary_expression":
        return gs.text(expr.child_by_field_name("operator")) == "&" and expr.child_by_field_name("operand").type == "composite_literal"
    if expr.type != "identifier":
        return False
    # return err, right inside `if err != nil {`, err not assigned before it there
    ret = expr.parent.parent
    stmts = ret.parent
    block = stmts.parent if stmts is not None else None
    if_stmt = block.parent if block is not None else None
    if stmts is None or stmts.type != "statement_list" or if_stmt is None or if_stmt.type != "if_statement" or if_stmt.child_by_field_name("consequence") != block:
        return False
    cond = if_stmt.child_by_field_name("condition")
    name = gs.text(expr)
    if not (
        cond.type == "binary_expression"
        and gs.text(cond.child_by_field_name("left")) == name
        and gs.text(cond.child_by_field_name("operator")) == "!="
        and cond.child_by_field_name("right").type == "nil"
    ):
        return False
    for prior in stmts.named_children:
        if prior == ret:
            return True
        if prior.type == "comment" or not gs.identifiers(prior, name):
            continue
        # only a plain call may mention it before the return (log.Print(err)), never &err
        if prior.type != "expression_statement" or f"&{name}" in gs.text(prior).replace(" ", ""):
            return False
    return False


def _terminates(stmt) -> bool:
    """Is ``stmt`` (the body's last statement) terminating in the spec's sense? Raises when unsure."""
    t = stmt.type
    if t in ("return_statement", "continue_statement"):
        return True
    if t == "block":
        stmts = gs.block_statements(stmt)
        return bool(stmts) and _terminates(stmts[-1])
    if t == "expression_statement":
        call = stmt.named_children[0] if stmt.named_children else None
        fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        return fn is not None and fn.type == "identifier" and gs.text(fn) == "panic"
    if t == "if_statement":
        alt = stmt.child_by_field_name("alternative")
        return alt is not None and _terminates(stmt.child_by_field_name("consequence")) and _terminates(alt)
    if t in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
        if t == "for_statement" and any(c.type in ("for_clause", "range_clause") or c.is_named and c != stmt.child_by_field_name("body") for c in stmt.children):
            return False  # a loop with a condition or range clause never terminates in the spec's sense
        raise Refused(f"the body ends in a {t.replace('_', ' ')}")
    return False


def _plan(ctx, loop, func):
    """The replacement text for the body (the function-literal wrapper) or raises Refused."""
    src = ctx.source
    body = loop.child_by_field_name("body")
    found = _body_nodes(body)
    for n in found.get("raw", []) + found.get("comment", []):
        if b"\n" in n.text:
            raise Refused("the body holds a multi-line raw string or comment")
    if found.get("goto"):
        raise Refused("the body uses goto")
    if found.get("label"):
        raise Refused("the body has labels")
    replacements: list[tuple[int, int, str]] = []
    continues = []
    for kind in ("break", "continue"):
        for n in found.get(kind, []):
            if not _same_func(n, func):
                continue
            if n.named_child_count:
                raise Refused(f"the body uses a labeled {kind}")
            if _target(n, body) == "loop":
                if kind == "break":
                    raise Refused("the body uses break")
                continues.append(n)
    returns = [n for n in found.get("return", []) if _same_func(n, func)]

    # the shape of the literal
    after: str | None = None
    if not returns:
        head, cont_text, tail_return = "func() {", "return", None
    else:
        types = _result_types(func)
        if not types:
            raise Refused("the body returns from a function without results")
        if types[-1] != "error":
            raise Refused("the body returns, and the function's last result is not an error")
        consts = None
        for ret in returns:
            lst = ret.named_children[0] if ret.named_children else None
            exprs = [] if lst is None else [e for e in (lst.named_children if lst.type == "expression_list" else [lst]) if e.type != "comment"]
            if len(exprs) != len(types):
                raise Refused("the body has a return whose values cannot be carried out of a function literal")
            if not _surely_non_nil(ctx, exprs[-1]):
                raise Refused(f"the body returns {gs.text(exprs[-1])}, which may be nil, and nil from the literal would mean 'go on'")
            others = exprs[:-1]
            if not all(_is_literal(e) for e in others):
                raise Refused("the body returns values other than literals along with the error")
            texts = [gs.text(e) for e in others]
            if consts is None:
                consts = texts
            elif consts != texts:
                raise Refused("the body's returns differ in their other values")
            if others:
                replacements.append((lst.start_byte, lst.end_byte, gs.text(exprs[-1])))
        head, cont_text, tail_return = "if err := func() error {", "return nil", "return nil"
        after = "return " + ", ".join([*consts, "err"])
    for n in continues:
        replacements.append((n.start_byte, n.end_byte, cont_text))
    stmts = gs.block_statements(body)
    if tail_return is not None and stmts and _terminates(stmts[-1]):
        tail_return = None

    # the layout: `{` ends its line, `}` alone on its line
    open_end = gs.line_end(src, body.start_byte)
    if src[body.start_byte + 1 : open_end].strip():
        raise Refused("the loop's opening brace is followed by code or a comment")
    close = body.end_byte - 1
    close_line = gs.line_start(src, close)
    indent = src[close_line:close]
    if indent.strip():
        raise Refused("the loop's closing brace does not stand on its own line")
    eol = gs.eol_at(src, body.start_byte)
    content_start = open_end + len(eol)
    content = bytearray(src[content_start:close_line])
    for start, end, new in sorted(replacements, reverse=True):
        content[start - content_start : end - content_start] = new.encode()
    lines = bytes(content).split(b"\n")
    out = [b"{", indent + b"\t" + head.encode()]
    for line in lines[:-1] if lines and lines[-1] == b"" else lines:
        out.append(b"\t" + line.rstrip(b"\r") if line.strip() else line.rstrip(b"\r"))
    if tail_return:
        out.append(indent + b"\t\t" + tail_return.encode())
    if after is None:
        out.append(indent + b"\t}()")
    else:
        out.extend([indent + b"\t}(); err != nil {", indent + b"\t\t" + after.encode(), indent + b"\t}"])
    out.append(indent + b"}")
    return eol.join(out)


def _body_nodes(body) -> dict[str, list]:
    found: dict[str, list] = {}
    for caps in parsing.matches(_BODY_NODES, body):
        for kind, nodes in caps.items():
            for n in nodes:
                found.setdefault(kind, []).append(n)
    return found


def _safety(ctx, loop, func):
    """The fix's safety, or raises Refused (no fix of any shape) / Outlives (no report)."""
    body = loop.child_by_field_name("body")
    found = _body_nodes(body)
    if any(gs.text(b) == "recover" for b in found.get("builtin", [])):
        raise Refused("the body calls recover")
    # safe when every deferred call closes a file opened in the body that stays there
    safe = True
    for d in found.get("defer", []):
        if not _same_func(d, func):
            continue
        call = d.named_children[0] if d.named_children else None
        fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        recv = fn.child_by_field_name("operand") if fn is not None and fn.type == "selector_expression" else None
        if not (
            recv is not None
            and recv.type == "identifier"
            and gs.text(fn.child_by_field_name("field")) == "Close"
            and not [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
            and _opened_here(ctx, gs.text(recv), body)
            and lk106.stays_local(ctx, gs.text(recv), body)
        ):
            safe = False
            break
    if not safe:
        for d in found.get("defer", []):
            if _same_func(d, func):
                _check_stays_in_iteration(ctx, d, body, func)
    return Safety.SAFE if safe else Safety.UNSAFE


_DECLARED = parsing.query(
    """
    (short_var_declaration left: (expression_list (identifier) @name))
    (var_spec name: (identifier) @name)
    """
)
_NOT_TRACKED = ("_", "err", "ok")
_BUILTINS = frozenset(
    "append cap clear close complex copy delete imag len make max min new panic print println real "
    "recover nil true false iota string int bool byte error any".split()
)


def _declared_in(body, func) -> dict[str, list]:
    """Names declared in ``body`` (outside nested function literals) -> their declaring statements."""
    out: dict[str, list] = {}
    for n in parsing.captures(_DECLARED, body, "name"):
        if not _same_func(n, func):
            continue
        stmt = n.parent.parent if n.parent.type == "expression_list" else n.parent
        out.setdefault(gs.text(n), []).append(stmt)
    return out


def _root(expr):
    """``x`` of ``x``, ``x.a.b``, ``x[i].c``, ``x.m()``; None for anything else."""
    while True:
        if expr.type == "identifier":
            return expr
        if expr.type == "selector_expression":
            expr = expr.child_by_field_name("operand")
        elif expr.type == "index_expression":
            expr = expr.child_by_field_name("operand")
        elif expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        else:
            return None


def _returns_unless_failed(stmt) -> bool:
    """``if err == nil { return }`` (or ``if err == nil || ... { return }``)
    first in a deferred literal: a cleanup for the function's failure, on
    purpose at its return (etcd's listeners: close them all if starting fails)."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return False
    cond = gs.text(stmt.child_by_field_name("condition")).replace(" ", "")
    body = gs.block_statements(stmt.child_by_field_name("consequence"))
    return bool(re.match(r"^\w*[eE]rr==nil(\|\||$)", cond)) and len(body) == 1 and body[0].type == "return_statement" and not body[0].named_children


def _deferred_roots(ctx, call, local: dict) -> list:
    """The variables a deferred call releases: the root of its callee, or for
    ``defer func() {...}()`` the roots of the calls its statements make.
    Refuses a callee that is a package function (what it undoes, a
    registration or a file on disk, may be needed after the iteration)."""
    fn = call.child_by_field_name("function")
    if fn.type == "func_literal":
        roots = []
        stmts = gs.block_statements(fn.child_by_field_name("body"))
        if stmts and all(s.type == "assignment_statement" and not parsing.captures(_CALLS_IN, s, "call") for s in stmts):
            raise Outlives("the deferred function literal restores state when the function returns")
        if stmts and _returns_unless_failed(stmts[0]):
            raise Outlives("the deferred function literal cleans up only when the function fails")
        for stmt in stmts:
            inner = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_children else None
            if inner is None or inner.type != "call_expression":
                raise Refused("the deferred function literal does more than call methods of the iteration's variables")
            roots.extend(_deferred_roots(ctx, inner, local))
        return roots
    args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
    if fn.type == "identifier" and gs.text(fn) == "close" and len(args) == 1 and args[0].type == "identifier" and gs.text(args[0]) in local:
        return [(args[0], fn)]  # close(ch): what it releases is ch
    root = _root(fn)
    if root is None:
        raise Refused(f"the deferred call {gs.text(fn)} is not a method of a variable")
    if gs.text(root) not in local and gs.text(root) in {i.local for i in ctx.imports if i.local}:
        raise Outlives(f"the deferred call {gs.text(fn)} is a package function: what it undoes may be needed after the iteration")
    return [(root, fn)]


def _escapes(ident, body, func, group: set, local: dict) -> str | None:
    """Why the value named by ``ident`` (a use in ``body``) may outlive the
    iteration, or None; a local declared or assigned from it joins ``group``."""
    chain = []
    for a in gs.ancestors(ident):
        if a == body:
            break
        chain.append(a)
    for a in chain:
        if a.type == "go_statement":
            return "a goroutine"
        if a.type == "func_literal" and not (a.parent.type == "call_expression" and a.parent.parent.type == "defer_statement"):
            return "a function literal"
    node = ident
    for a in chain:
        if a.type == "call_expression" and gs.text(a.child_by_field_name("function")) == "append":
            return "append"
        if a.type == "send_statement" and a.child_by_field_name("value") == node:
            return "a channel send"
        if a.type == "return_statement":
            return "a return"
        if a.type == "composite_literal":
            return "a composite literal"
        if a.type in ("assignment_statement", "short_var_declaration") and a.child_by_field_name("right") == node:
            targets = a.child_by_field_name("left").named_children
            if a.type == "assignment_statement":
                for target in targets:
                    if not (target.type == "identifier" and (gs.text(target) in local or gs.text(target) == "_")):
                        return f"an assignment to {gs.text(target)}"
            group.update(gs.text(t) for t in targets if gs.text(t) not in _NOT_TRACKED)
            return None
        if a.type in gs.FUNC_TYPES:
            return None
        node = a
    return None


def _func_valued(arg, func) -> bool:
    """A function literal, or a variable of ``func`` declared as one (``cb := func(...) {...}``)."""
    if arg.type == "func_literal":
        return True
    if arg.type != "identifier":
        return False
    for n in parsing.captures(_DECLARED, func, "name"):
        if gs.text(n) != gs.text(arg) or n.parent.type != "expression_list":
            continue
        decl = n.parent.parent
        right = decl.child_by_field_name("right") if decl.type == "short_var_declaration" else None
        values = [v for v in right.named_children if v.type != "comment"] if right is not None else []
        if len(values) == 1 and values[0].type == "func_literal":
            return True
    return False


def _registers_callback(ident, func) -> str | None:
    """``x.Subscribe(subj, cb)`` / ``x.Consume(func(m Msg) {...})`` / ``watch(x,
    func() {...})``: a call on or with ``ident`` that also gets a function."""
    node = ident
    while node.parent is not None and node.parent.type in ("selector_expression", "index_expression", "parenthesized_expression"):
        if node.parent.type == "selector_expression" and node.parent.child_by_field_name("operand") != node:
            break
        node = node.parent
    parent = node.parent
    if parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == node:
        call = parent
    elif parent is not None and parent.type == "argument_list":
        call = parent.parent
    else:
        return None
    args = call.child_by_field_name("arguments")
    if args is not None and any(_func_valued(a, func) for a in args.named_children):
        return gs.text(call.child_by_field_name("function"))
    return None


def _unlock_of_lock_in_body(sel, body) -> bool:
    """``mu.Lock(); ...; defer mu.Unlock()`` in the body: the lock is taken per
    iteration, so releasing it per iteration is right (the original blocks on
    the second iteration)."""
    if sel.type != "selector_expression" or sel.parent.type != "call_expression":
        return False
    field = gs.text(sel.child_by_field_name("field"))
    lock = {"Unlock": "Lock", "RUnlock": "RLock"}.get(field)
    if lock is None:
        return False
    defer = sel.parent.parent
    want = f"{gs.text(sel.child_by_field_name('operand'))}.{lock}()"
    return any(
        st.type == "expression_statement" and gs.text(st) == want and st.end_byte <= defer.start_byte
        for st in gs.block_statements(body)
    )


def _declared_by_package(ctx, name: str) -> bool:
    """Does the package declare a function ``name`` (shadowing a builtin,
    as coredns's test helper ``delete(t, etc, key)``)?"""
    decl = re.compile(rb"^func " + re.escape(name.encode()) + rb"\(", re.M)
    return any(decl.search(f.source) for f in [ctx, *ctx.sibling_files()])


def _check_stays_in_iteration(ctx, defer, body, func) -> None:
    """Refuse the fix when what ``defer`` releases may be needed after the
    iteration: it is declared outside the loop body (``defer ccs[i].Close()``,
    a range variable), released through a package function
    (``defer registry.Remove(id)``), or it (or a value made from it, or a
    value declared with it) leaves the iteration: stored outside, appended,
    sent, captured by a goroutine or a function literal."""
    call = defer.named_children[0] if defer.named_children else None
    if call is None or call.type != "call_expression":
        raise Refused("the deferred expression is not a call")
    local = _declared_in(body, func)
    roots = _deferred_roots(ctx, call, local)
    group: set[str] = set()
    for root, fn in roots:
        name = gs.text(root)
        if name not in local:
            if _unlock_of_lock_in_body(fn, body):
                continue
            if name in _BUILTINS and not _declared_by_package(ctx, name):
                raise Refused(f"the deferred call is the builtin {name}")
            if _assigned_in(body, name):
                raise Refused(f"{name} is declared outside the loop body and assigned in it: what the deferred call releases may be needed after the iteration")
            raise Outlives(f"{name} is declared outside the loop body: what the deferred call releases may be needed after the iteration")
        group.add(name)
        for stmt in local[name]:
            left = stmt.child_by_field_name("left") if stmt.type == "short_var_declaration" else None
            for n in left.named_children if left is not None else ():
                if gs.text(n) not in _NOT_TRACKED:
                    group.add(gs.text(n))
    seen: set[str] = set()
    while group - seen:
        name = sorted(group - seen)[0]
        seen.add(name)
        for ident in gs.identifiers(body, name):
            why = _escapes(ident, body, func, group, local)
            if why is not None:
                raise Outlives(f"{name} leaves the iteration through {why}: what the deferred call releases may be needed after it")
    for name in sorted(group):
        for ident in gs.identifiers(body, name):
            what = _registers_callback(ident, func)
            if what is not None:
                raise Outlives(f"{what} registers a callback: the iteration sets up something that runs after it")
    # the iteration must work with it after the defer: a subscription, a
    # consumer or a server started and never used again is kept for its side
    # effect, which the function may need until it returns
    if group and not any(
        ident.start_byte >= defer.end_byte
        for name in group
        for ident in gs.identifiers(body, name, defer.end_byte)
    ):
        names = ", ".join(sorted(group))
        raise Outlives(f"{names} {'is' if len(group) == 1 else 'are'} not used after the defer in the body: it may be kept for its side effect until the function returns")


_ASSIGNED = parsing.query(
    """
    (assignment_statement left: (expression_list (identifier) @name))
    (short_var_declaration left: (expression_list (identifier) @name))
    (inc_statement (identifier) @name)
    (dec_statement (identifier) @name)
    (range_clause left: (expression_list (identifier) @name))
    (unary_expression operator: "&" operand: (identifier) @name)
    """
)


def _assigned_in(scope, name: str, start: int | None = None) -> bool:
    """Is ``name`` assigned (or its address taken) in ``scope``, from byte ``start``?"""
    lo = scope.start_byte if start is None else start
    return any(gs.text(n) == name and n.start_byte >= lo for n in parsing.captures(_ASSIGNED, scope, "name", lo, scope.end_byte))


# ---- harmless defers ---------------------------------------------------------------

_TIMEOUT_DECL = parsing.query(
    """
    (short_var_declaration
      left: (expression_list (_) . (identifier) @cancel .)
      right: (expression_list . (call_expression
        function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)) .))
    """
)
_COMPOSITE_DECL = parsing.query(
    """
    (short_var_declaration
      left: (expression_list . (identifier) @name .)
      right: (expression_list . (composite_literal) .))
    (var_spec name: (identifier) @name value: (expression_list . (composite_literal) .))
    """
)


def _timeout_cancel(ctx, defer, body) -> bool:
    """``_, cancel := context.WithTimeout(...); defer cancel()`` in the loop's body."""
    call = defer.named_children[0] if defer.named_children else None
    if call is None or call.type != "call_expression" or call.child_by_field_name("function").type != "identifier":
        return False
    name = gs.text(call.child_by_field_name("function"))
    ctx_names = ctx.local_names("context")
    for caps in parsing.matches(_TIMEOUT_DECL, body):
        if gs.text(caps["cancel"][0]) == name:
            return gs.text(caps["pkg"][0]) in ctx_names and gs.text(caps["fn"][0]) in (
                "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause")
    return False


def _case_table(loop, func) -> bool:
    """Does ``loop`` range over a table written in the code: a composite
    literal, or a local variable of ``func`` declared as one and never assigned again?"""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if clause is None:
        return False
    over = clause.child_by_field_name("right")
    if over is None:
        return False
    if over.type == "composite_literal":
        return True
    if over.type != "identifier":
        return False
    name = gs.text(over)
    decls = [c for c in parsing.captures(_COMPOSITE_DECL, gs.function_body(func), "name") if gs.text(c) == name and c.start_byte < loop.start_byte]
    if not decls:
        return False
    # the name is not assigned again (a table appended to is not fixed)
    return all(not lifetime.is_assigned(i) for i in gs.identifiers(gs.function_body(func), name) if i not in decls)


_CANCEL_DECL = parsing.query(
    """
    (short_var_declaration
      left: (expression_list (_) . (identifier) @cancel .)
      right: (expression_list . (call_expression
        function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)
        arguments: (argument_list . (call_expression
          function: (selector_expression operand: (identifier) @pkg2 field: (field_identifier) @root)
          arguments: (argument_list) @noargs) .)) .))
    """
)


def _harmless_cancel(ctx, defer, body) -> bool:
    """``_, cancel := context.WithCancel(context.Background()); defer cancel()``:
    a context whose parent is Background or TODO is registered nowhere (their
    Done channel is nil) and WithCancel starts no timer, so holding its cancel
    until the function returns holds nothing but the small context itself."""
    call = defer.named_children[0] if defer.named_children else None
    if call is None or call.type != "call_expression" or call.child_by_field_name("function").type != "identifier":
        return False
    name = gs.text(call.child_by_field_name("function"))
    ctx_names = ctx.local_names("context")
    for caps in parsing.matches(_CANCEL_DECL, body):
        if gs.text(caps["cancel"][0]) != name:
            continue
        return (
            gs.text(caps["pkg"][0]) in ctx_names
            and gs.text(caps["pkg2"][0]) in ctx_names
            and gs.text(caps["fn"][0]) in ("WithCancel", "WithCancelCause")
            and gs.text(caps["root"][0]) in ("Background", "TODO")
            and not caps["noargs"][0].named_children
        )
    return False


# ---- the short fix: a plain call at the end of the iteration ---------------------

_CALLS_IN = parsing.query("(call_expression) @call")
_IDS_IN = parsing.query("(identifier) @id")


def _leaves_early(kind: str, node, body, func) -> bool:
    """Can ``node`` (a ``kind`` capture of _BODY_NODES in ``body``) end the
    iteration before its last statement?"""
    if not _same_func(node, func):
        return False
    if kind in ("return", "goto", "label"):
        return True
    if kind in ("break", "continue"):
        return bool(node.named_child_count) or _target(node, body) == "loop"
    return kind == "builtin" and gs.text(node) == "panic"


def _short_fix(ctx, loop, func, defers):
    """Edits replacing each ``defer`` by a plain call at the end of the
    iteration, or None when something after the first defer can leave the
    iteration early (return, continue, break, goto, panic), a defer is not a
    statement of the body itself, or moving a call would change what it
    evaluates."""
    src = ctx.source
    body = loop.child_by_field_name("body")
    stmts = gs.block_statements(body)
    if not stmts or not all(d in stmts for d in defers):
        return None  # a conditional defer: a plain call would need the same condition
    first = min(d.start_byte for d in defers)
    found = _body_nodes(body)
    for kind in ("return", "goto", "break", "continue", "builtin", "label"):
        if any(n.start_byte > first and _leaves_early(kind, n, body, func) for n in found.get(kind, [])):
            return None
    last = stmts[-1]
    if last.type == "for_statement" and not any(c.type in ("for_clause", "range_clause") or c.is_named and c != last.child_by_field_name("body") for c in last.children):
        return None  # an endless loop last: the call would be unreachable
    if last.type in ("return_statement", "continue_statement", "goto_statement"):
        return None
    for d in defers:
        call = d.named_children[0] if d.named_children else None
        if call is None or call.type != "call_expression":
            return None
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn.type != "func_literal":
            # defer evaluates the callee and the arguments at once: they must
            # mean the same at the end of the iteration
            if parsing.captures(_CALLS_IN, args, "call") or parsing.captures(_CALLS_IN, fn, "call"):
                return None
            names = {gs.text(n) for n in parsing.captures(_IDS_IN, fn, "id")} | {gs.text(n) for n in parsing.captures(_IDS_IN, args, "id")}
            if any(_assigned_in(body, n, d.end_byte) for n in names):
                return None
        elif args.named_children:
            return None
        start = gs.line_start(src, d.start_byte)
        end = gs.line_end(src, d.end_byte)
        rest = src[d.end_byte : end].strip()
        if src[start : d.start_byte].strip() or (rest and not (rest.startswith(b"//") and b"*/" not in rest)):
            return None  # not alone on its lines (a trailing line comment moves with it)
    close = body.end_byte - 1
    close_line = gs.line_start(src, close)
    indent = src[close_line:close]
    if indent.strip():
        return None
    eol = gs.eol_at(src, body.start_byte)
    edits = []
    for d in defers:
        start = gs.line_start(src, d.start_byte)
        end = gs.line_end(src, d.end_byte)
        end += len(gs.eol_at(src, d.end_byte)) if end < len(src) else 0
        edits.append(Edit(start, end, b""))
    calls = [
        indent + b"\t" + src[d.named_children[0].start_byte : gs.line_end(src, d.end_byte)] + eol
        for d in sorted(defers, key=lambda n: -n.start_byte)
    ]
    edits.append(Edit(close_line, close_line, b"".join(calls)))
    return tuple(edits)


def _opened_here(ctx, name: str, body) -> bool:
    """Is every assignment to ``name`` in ``body`` a fresh file from os.Open, os.Create or os.OpenFile?"""
    os_names = ctx.local_names("os")
    seen = False
    for ident in gs.identifiers(body, name):
        lst = ident.parent
        stmt = lst.parent if lst.type == "expression_list" else None
        if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement") or stmt.child_by_field_name("left") != lst:
            if lst.type == "var_spec":
                return False
            continue
        right = [n for n in stmt.child_by_field_name("right").named_children if n.type != "comment"]
        fn = right[0].child_by_field_name("function") if len(right) == 1 and right[0].type == "call_expression" else None
        if not (
            fn is not None
            and fn.type == "selector_expression"
            and gs.text(fn.child_by_field_name("operand")) in os_names
            and gs.text(fn.child_by_field_name("field")) in ("Open", "Create", "OpenFile")
            and lst.named_children[0] == ident
        ):
            return False
        seen = True
    return seen


def _runs_once(defer, loop) -> bool:
    """Is ``defer`` followed, in its own statement list, by a return or a break
    out of ``loop``?  Then it runs at most once per run of the loop
    (``if err == nil { defer f.Close(); break }``): nothing piles up."""
    body = loop.child_by_field_name("body")
    sib = defer.next_named_sibling
    while sib is not None:
        if sib.type == "return_statement":
            return True
        if sib.type == "break_statement" and not sib.named_child_count and _target(sib, body) == "loop":
            return True
        sib = sib.next_named_sibling
    return False


def check(ctx):
    if ctx.path.endswith("_test.go") and not ctx.settings.preview:
        return  # a test's defers are released when it returns: preview (PREVIEW_SHAPES)
    loops: dict[int, tuple] = {}
    for d in parsing.captures(_DEFERS, ctx.root, "defer"):
        loop = gs.loop_between(d, None)
        if loop is None or _runs_once(d, loop):
            continue
        if loop.id in loops:
            loops[loop.id][1].append(d)
        else:
            loops[loop.id] = (loop, [d])
    plans = {}
    for loop, defers in loops.values():
        func = gs.enclosing_function(loop)
        if func is None:
            continue
        body = loop.child_by_field_name("body")
        if all(_harmless_cancel(ctx, d, body) for d in defers):
            continue  # nothing is held: WithCancel of Background/TODO
        if not ctx.settings.preview and (_case_table(loop, func) or all(_timeout_cancel(ctx, d, body) for d in defers)):
            continue  # preview (PREVIEW_SHAPES)
        try:
            safety = _safety(ctx, loop, func)
            short = _short_fix(ctx, loop, func, defers)
            if short is not None:
                plans[loop.id] = ("short", short, safety)
            else:
                plans[loop.id] = ("wrap", _plan(ctx, loop, func), safety)
        except Outlives:
            continue  # kept until the function returns on purpose: not a leak
        except Refused as why:
            plans[loop.id] = why
    for loop, defers in loops.values():
        if loop.id not in plans:
            continue
        defers.sort(key=lambda n: n.start_byte)
        first = defers[0]
        what = gs.text(first.named_children[0]) if first.named_children else "the call"
        if "\n" in what or len(what) > 60:
            what = "func() {...}()" if what.startswith("func(") else what.split("(", 1)[0] + "(...)"
        more = f" (and {len(defers) - 1} more defer{'s' if len(defers) > 2 else ''} in this loop)" if len(defers) > 1 else ""
        message = f"defer {what} inside a loop runs only when the function returns, not at the end of each iteration, so what it releases is held until then{more}"
        plan = plans[loop.id]
        if isinstance(plan, Refused):
            yield ctx.finding(_RULE, first, message + f" ({plan}; no automatic fix)")
            continue
        body = loop.child_by_field_name("body")
        # an inner loop with its own fix goes first (the two edits may
        # overlap); this loop's fix follows on the engine's next round
        if any(other.id != loop.id and isinstance(plans.get(other.id), tuple) and gs.is_inside(other, body) for other, _ in loops.values()):
            yield ctx.finding(_RULE, first, message + " (fixed after the inner loop's fix, on the next round)")
            continue
        shape, edits, safety = plan
        if shape == "short":
            title = "Call it at the end of each iteration instead of deferring it" if len(defers) == 1 else "Call them at the end of each iteration instead of deferring them"
            fix = Fix(title, edits, safety=safety)
        else:
            fix = Fix("Move the loop body into a function literal called once per iteration", (Edit(body.start_byte, body.end_byte, edits),), safety=safety)
        yield ctx.finding(_RULE, first, message, fix)
