"""LK202 abandoned-sender."""

from __future__ import annotations

import re
import sys

from gofixleaks import gosyntax as gs
from gofixleaks import parsing
from gofixleaks.model import Edit, Fix

CODE = "LK202"
NAME = "abandoned-sender"
SUMMARY = "goroutine can block forever sending on an unbuffered channel nobody will receive from"
TRIGGERS = (b"make(chan",)
FIXABLE = True
# reported only with --preview
PREVIEW_SHAPES = {"test-file": "a goroutine abandoned in a _test.go file (mostly only when the test fails)"}

DOC = """
## What it does
Finds an unbuffered channel, made in a function with `make(chan T)` (or
`make(chan T, 0)`, alone or with others: `errc, resc := make(chan error),
make(chan T)`, each checked and fixed on its own), that goroutines started in the same function send to,
while the function can stop listening before it has received every value:
it waits in a `select` that can take another case (a timeout, `ctx.Done()`,
another channel, a `default`), or it returns (an early `return`, the end of
the block that holds the channel) before the receive.

Preview (`--preview`, `preview = true`): in `_test.go` files the rule
reports only in preview; on reviewed real modules (go-redis, grpc, nats.go, echo, fasthttp,
syncthing) 1 of 7 such findings was a real leak: the function listens again
later, or stops listening only on a path where the test fails.

## Why is this bad?
A send on an unbuffered channel blocks until someone receives.  Once the
function has returned without receiving, nobody ever will: the goroutine
blocks forever, with its stack and everything it references.  A service
leaks one goroutine per timed-out or cancelled request, the most common
goroutine leak in production Go.

## Example
```go
func fetch(ctx context.Context, url string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- download(url)
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-ctx.Done():
		return "", ctx.Err() // the goroutine blocks forever on ch <- ...
	}
}
```

## Use instead
```go
func fetch(ctx context.Context, url string) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- download(url)
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
```

## Fix safety
The fix gives the channel a buffer as large as the number of values that can
ever be sent to it (`make(chan T)` becomes `make(chan T, 1)` for one
goroutine sending once; `make(chan T, 0)` has its `0` replaced), the first
strategy of the GFix research tool.  No send can block any more, so the
goroutine always finishes.  It is safe because every condition below is
checked:

- the channel is a local variable whose every use is visible: it is only
  sent to (by goroutine function literals started in the same function, not
  in a loop), received from (by the function itself, outside any closure),
  or closed by a sending goroutine after its send.  It is not returned,
  stored, passed to a function, sent on a channel, ranged over, compared,
  given to `len`/`cap`, or redeclared;
- each goroutine sends at most once (one send statement, or several on
  different paths), with a plain send statement, and after the send it
  does nothing more: the only statements allowed after the send
  are a bare `return` and `close(ch)`, and its only allowed deferred call is
  `defer close(ch)`.  With an unbuffered channel, code after the send runs
  only once the receiver has taken the value (a handshake); with a buffer it
  would run without waiting, or run although nobody ever receives, so such
  goroutines are reported without a fix (this includes `defer wg.Done()`,
  `defer mu.Unlock()` and deferred `recover`).  What happens before the send
  is unchanged: a send still happens before the receive that gets its
  value.

Reported without a fix: a goroutine sends in a loop (the number of values is
unknown: a buffer of the right size cannot be chosen), sends more than once,
or does more work after its send; goroutines are started in a loop, each
sending once unconditionally, and the function can stop listening after
fewer receives than the loop may start goroutines ("first answer wins").

No finding at all: the channel is already buffered (or its size is not the
literal `0`), the function receives every value on every path, a goroutine
sends from a `select` (it has its own way out, such as a done case or a
`default`), the channel is ranged over (the producer-closes-it pattern), the
channel escapes, goroutines started in a loop send conditionally, or the
function uses `goto`.

How sends are counted: sends on mutually exclusive paths of a goroutine
(the branches of an `if`, the cases of a `switch` or `select`) are one
value, so a goroutine with four exclusive sends and a function that always
receives once is not reported.

How receives are counted: along every path from the `go` statement to a
`return` (or to the end of the block that holds the channel, or a
`break`/`continue` out of it), through `if`, `switch`, `select` and nested
blocks; `panic`, `os.Exit`, `log.Fatal` and `t.Fatal` paths are ignored.  The
analysis cannot count loop iterations, so a loop that receives is assumed to
receive enough when it ends normally, and an exit from inside it counts only
when it comes from a `select` case that is not a receive from the channel
(a timeout, `ctx.Done()`, `default`) before any receive in the iteration.
Known false negatives: a loop that retries a `select` with a timeout a fixed
number of times, and an error-returning receive loop over several senders.

Go version: the same for every version.

## References
- https://go.dev/ref/spec#Send_statements ("communication blocks until the send can proceed")
- https://go.dev/ref/mem#chan ("a send on a channel is synchronized before the completion of the corresponding receive")
- https://github.com/uber-go/goleak
- GFix: Automatically Fixing Blocking Misuse of Channel in Go (Liu et al., ASPLOS 2021): https://doi.org/10.1145/3445814.3446756
"""

_RULE = sys.modules[__name__]

_MAKES = parsing.query(
    """
    (short_var_declaration
      left: (expression_list . (identifier) @name .)
      right: (expression_list . (call_expression
        function: (identifier) @make
        arguments: (argument_list . (channel_type) @type) @args) @call .)) @decl
    (var_spec
      name: (identifier) @name
      value: (expression_list . (call_expression
        function: (identifier) @make
        arguments: (argument_list . (channel_type) @type) @args) @call .)) @decl
    """
)
# `errc, resc := make(chan error), make(chan int)`: several channels at once
_MULTI = parsing.query(
    """
    (short_var_declaration
      left: (expression_list (identifier) (identifier))
      right: (expression_list (call_expression) (call_expression))) @decl
    """
)
_GOTOS = parsing.query("(goto_statement) @goto")
_DEFERS = parsing.query("(defer_statement) @defer")

_BIDI_CHAN = re.compile(r"chan\b(?!\s*<-)")
_SWITCHES = ("select_statement", "expression_switch_statement", "type_switch_statement")
_BREAKABLE = _SWITCHES + ("for_statement",)
INF = 1 << 30


class _GiveUp(Exception):
    """The function is too complex to be sure of: no finding."""


def prefilter(source: bytes) -> bool:
    return b"make(chan" in source and b"go " in source


# ---- small yes/no helpers ---------------------------------------------------

def _unbuffered(args) -> bool:
    """make(chan T) or make(chan T, 0), T a bidirectional channel type."""
    items = [c for c in args.named_children if c.type != "comment"]
    if not _BIDI_CHAN.match(gs.text(items[0])):
        return False
    return len(items) == 1 or (len(items) == 2 and items[1].type == "int_literal" and gs.text(items[1]) == "0")


def _goroutine_of(node, func):
    """The go statement whose function literal (directly inside ``func``) holds ``node``."""
    lit = gs.enclosing_function(node)
    if lit is None or lit.type != "func_literal":
        return None
    call = lit.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != lit:
        return None
    go = call.parent
    if go is None or go.type != "go_statement" or gs.enclosing_function(go) != func:
        return None
    return go


def _is_close_of(node, ident) -> bool:
    """Is ``node`` the statement or call ``close(ident)``?"""
    if node.type == "expression_statement" and node.named_children:
        node = node.named_children[0]
    if node.type != "call_expression":
        return False
    fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    items = [c for c in args.named_children if c.type != "comment"]
    return gs.text(fn) == "close" and len(items) == 1 and gs.text(items[0]) == ident


def _short(call) -> str:
    """A call's text for a message: `func() {...}()` for a deferred literal."""
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is not None and fn.type == "func_literal":
        return "func() {...}()"
    return " ".join(gs.text(call).split())


def _outer_loop(node, top):
    """The outermost for statement between ``node`` and ``top``, or None."""
    found = None
    for p in gs.ancestors(node):
        if p == top:
            return found
        if p.type == "for_statement":
            found = p
    return found


def _iterations(loop) -> int | None:
    """How many times ``for i := 0; i < K; i++`` or ``for range K`` runs (K a literal)."""
    lit = None
    for c in loop.named_children:
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            lit = right if right is not None and right.type == "int_literal" else None
        elif c.type == "for_clause":
            init, cond, upd = (c.child_by_field_name(f) for f in ("initializer", "condition", "update"))
            if init is None or cond is None or upd is None or cond.type != "binary_expression":
                return None
            var = gs.text(cond.child_by_field_name("left"))
            if gs.text(cond.child_by_field_name("operator")) != "<" or " ".join(gs.text(init).split()) != f"{var} := 0" or gs.text(upd) != f"{var}++":
                return None
            lit = cond.child_by_field_name("right")
            lit = lit if lit.type == "int_literal" else None
    if lit is None:
        return None
    try:
        return int(gs.text(lit).replace("_", ""), 0)
    except ValueError:
        return None


def _unconditional(send) -> bool:
    """Is ``send`` a top-level statement of its goroutine's function literal?"""
    return send.parent.type == "statement_list" and send.parent.parent.parent.type == "func_literal"


# ---- the sending goroutine ----------------------------------------------------

def _inert_after_send(send, lit, ch: str) -> bool:
    """After ``send``, does the goroutine do nothing but `return` or `close(ch)`?

    ``ch <- v``
    ``close(ch)``    allowed
    ``return``       allowed, and the path ends here
    """
    body = lit.child_by_field_name("body")
    node = send
    while node != body:
        if node == lit or node.type == "for_statement":
            return False
        if node.parent.type == "statement_list":
            for s in gs.statements_after(node):
                if s.type == "return_statement":
                    return not s.named_children
                if not _is_close_of(s, ch):
                    return False
        node = node.parent
    return True


def _goroutine_report(go, sends, ch: str):
    """(fixable, sends-per-run or None when unknown, why-not) for one goroutine."""
    lit = go.named_children[0].child_by_field_name("function")
    body = lit.child_by_field_name("body")
    if any(gs.within(s, gs.LOOP_TYPES, lit) for s in sends) or parsing.captures(_GOTOS, body, "goto"):
        return False, None, "a goroutine sends in a loop (or uses goto), so the number of values is unknown"
    # every send followed only by `return` / `close(ch)`: at most one send runs
    if not all(_inert_after_send(s, lit, ch) for s in sends):
        most = _most_sends(body, sends) if len(sends) > 1 else 1
        if most is None or most > 1:
            return False, len(sends) if most is None else most, "a goroutine can send more than once"
        # sends on mutually exclusive paths (if/else, switch cases): one value
        return False, 1, "the goroutine does more after its send, which with a buffer would run before the value is received"
    for d in parsing.captures(_DEFERS, body, "defer"):
        if gs.enclosing_function(d) != lit:
            continue
        call = d.named_children[0] if d.named_children else None
        if call is None or not _is_close_of(call, ch):
            return False, 1, f"the goroutine defers `{_short(call)}`, which would run before the value is received"
    return True, 1, None


class _Unsure(Exception):
    pass


def _most_sends(body, sends) -> int | None:
    """The most sends on one path through the goroutine's ``body`` (sends
    on mutually exclusive paths, the branches of an if or the cases of a
    switch or select, count as one value); None when unsure (jumps)."""
    starts = [s.start_byte for s in sends]

    def count(node) -> int:
        return sum(1 for s in starts if node.start_byte <= s < node.end_byte)

    def seq(f1, f2):  # (most on paths that go on, most on paths that returned)
        fall = None if f1[0] is None or f2[0] is None else f1[0] + f2[0]
        exits = [x for x in (f1[1], None if f1[0] is None or f2[1] is None else f1[0] + f2[1]) if x is not None]
        return fall, max(exits) if exits else None

    def alt(f1, f2):
        return (max((x for x in (f1[0], f2[0]) if x is not None), default=None),
                max((x for x in (f1[1], f2[1]) if x is not None), default=None))

    def block(stmts):
        flow = (0, None)
        for s in stmts:
            flow = seq(flow, stmt(s))
            if flow[0] is None:
                break
        return flow

    def stmt(s):
        t = s.type
        if t == "return_statement":
            return None, count(s)
        if t in ("break_statement", "continue_statement", "goto_statement", "labeled_statement", "fallthrough_statement"):
            raise _Unsure
        if t == "block":
            return block(gs.block_statements(s))
        if t == "if_statement":
            head = count(s.child_by_field_name("condition")) + (count(s.child_by_field_name("initializer")) if s.child_by_field_name("initializer") else 0)
            other = s.child_by_field_name("alternative")
            return seq((head, None), alt(stmt(s.child_by_field_name("consequence")), stmt(other) if other is not None else (0, None)))
        if t in _SWITCHES:
            cases = [c for c in s.named_children if c.type in ("communication_case", "expression_case", "type_case", "default_case")]
            if sum(count(c) for c in s.named_children if c not in cases):
                raise _Unsure
            flow = None
            for c in cases:
                f = seq((sum(count(g) for g in c.named_children if g.type != "statement_list"), None), block(gs.block_statements(c)))
                flow = f if flow is None else alt(flow, f)
            if flow is None or (s.type != "select_statement" and not any(c.type == "default_case" for c in cases)):
                flow = (0, None) if flow is None else alt(flow, (0, None))
            return flow
        if t == "for_statement":
            if count(s):
                raise _Unsure
            return 0, None
        return count(s), None

    try:
        fall, exit_ = block(gs.block_statements(body))
    except _Unsure:
        return None
    return max(x for x in (fall, exit_, 0) if x is not None)


# ---- the receiving function: fewest receives on a path that stops listening ----
# A flow is (fall, exit, brk): the fewest receives on the paths that go on to the
# next statement, that stop listening (return, or leave the channel's block), and
# that break out of the nearest select/switch/for; None when there is no such path.

def _add(a, b):
    return None if a is None or b is None else min(a + b, INF)


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


def _seq(f1, f2):
    return (_add(f1[0], f2[0]), _min(f1[1], _add(f1[0], f2[1])), _min(f1[2], _add(f1[0], f2[2])))


def _alt(f1, f2):
    return (_min(f1[0], f2[0]), _min(f1[1], f2[1]), _min(f1[2], f2[2]))


class _Receiver:
    def __init__(self, receives: list, scope):
        self.starts = sorted(r.start_byte for r in receives)
        self.scope = scope
        self.loops: list = []  # enclosing loops that receive

    def _exit(self, s, n: int) -> int:
        """Receives on an exit path at ``s``.  Inside a loop that receives, an
        exit counts only from a select case that is not a receive from the
        channel (a timeout, ctx.Done(), default): any other exit may depend on
        how many values the loop has received (a counter), so assume enough."""
        if not self.loops:
            return n
        for p in gs.ancestors(s):
            if p == self.loops[-1]:
                break
            if p.type in ("communication_case", "default_case") and p.parent.type == "select_statement":
                if not any(self.count(g) for g in p.named_children if g.type != "statement_list"):
                    return n
                break
        return INF

    def count(self, node) -> int:
        if node is None:
            return 0
        return sum(1 for s in self.starts if node.start_byte <= s < node.end_byte)

    def block(self, stmts) -> tuple:
        flow = (0, None, None)
        for s in stmts:
            flow = _seq(flow, self.stmt(s))
            if flow[0] is None:
                break
        return flow

    def _leaves_scope(self, target) -> bool:
        return target is None or not gs.is_inside(target, self.scope)

    def _jump(self, s) -> tuple:
        label = next((c for c in s.named_children if c.type == "label_name"), None)
        kinds = _BREAKABLE if s.type == "break_statement" else ("for_statement",)
        if label is not None:
            target = next((p for p in gs.ancestors(s) if p.type == "labeled_statement" and gs.text(p.named_children[0]) == gs.text(label)), None)
            return (None, self._exit(s, 0), None) if self._leaves_scope(target) else (None, None, None)
        target = gs.enclosing(s, kinds + gs.FUNC_TYPES)
        if self._leaves_scope(target):
            return (None, self._exit(s, 0), None)
        if s.type == "break_statement":
            return (None, None, 0)
        return (None, None, None)  # continue: back to the loop head

    def stmt(self, s) -> tuple:
        t = s.type
        if t == "return_statement":
            return (None, self._exit(s, self.count(s)), None)
        if t in ("break_statement", "continue_statement"):
            return self._jump(s)
        if t == "goto_statement":
            raise _GiveUp
        if t == "fallthrough_statement":
            return (None, None, None)
        if t == "expression_statement" and gs.is_terminating(s):
            return (None, None, None)  # panic, os.Exit, log.Fatal: the program stops
        if t == "block":
            return self.block(gs.block_statements(s))
        if t == "labeled_statement":
            inner = s.named_children[1:]
            return self.stmt(inner[0]) if inner else (0, None, None)
        if t == "if_statement":
            head = self.count(s.child_by_field_name("initializer")) + self.count(s.child_by_field_name("condition"))
            cons = self.stmt(s.child_by_field_name("consequence"))
            alt = s.child_by_field_name("alternative")
            other = self.stmt(alt) if alt is not None else (0, None, None)
            return _seq((head, None, None), _alt(cons, other))
        if t in _SWITCHES:
            return self._switch(s)
        if t == "for_statement":
            return self._loop(s)
        return (self.count(s), None, None)

    def _switch(self, s) -> tuple:
        cases = [c for c in s.named_children if c.type in ("communication_case", "expression_case", "type_case", "default_case")]
        head = sum(self.count(c) for c in s.named_children if c not in cases)
        flow = None
        for c in cases:
            guard = sum(self.count(g) for g in c.named_children if g.type != "statement_list")
            f = _seq((guard, None, None), self.block(gs.block_statements(c)))
            flow = f if flow is None else _alt(flow, f)
        if s.type != "select_statement" and not any(c.type == "default_case" for c in cases):
            flow = (0, None, None) if flow is None else _alt(flow, (0, None, None))
        if flow is None:  # select {} blocks forever
            return (None, None, None)
        flow = (_min(flow[0], flow[2]), flow[1], None)
        return _seq((head, None, None), flow)

    def _loop(self, s) -> tuple:
        body = s.child_by_field_name("body")
        if self.count(s) - self.count(body) > 0:
            raise _GiveUp  # a receive in the loop header
        receives = self.count(body) > 0
        if receives:
            self.loops.append(s)
        b = self.block(gs.block_statements(body))
        if receives:
            self.loops.pop()
        forever = all(c == body for c in s.named_children if c.type != "comment")  # for { ... }
        ends = b[2] is not None or not forever
        fall = (INF if receives else 0) if ends else None
        # an exit in the first iteration before any receive is a real path;
        # exits after a receive may come after more iterations: assume enough
        exit_ = b[1] if not receives or b[1] in (None, 0) else INF
        return (fall, exit_, None)

    def after(self, start) -> int | None:
        """Fewest receives on a path from ``start`` (a statement) until the
        function stops listening: a return, or the end of the channel's block."""
        flow = (0, None, None)
        node = start
        while True:
            flow = _seq(flow, self.block(gs.statements_after(node)))
            lst = node.parent
            if lst == self.scope:
                return _min(flow[1], flow[0])
            p = lst.parent
            while True:
                if p.type in _SWITCHES:
                    flow = (_min(flow[0], flow[2]), flow[1], None)
                if p.type == "for_statement" or p.type in gs.FUNC_TYPES:
                    raise _GiveUp
                if p.parent is not None and p.parent.type == "statement_list":
                    break
                p = p.parent
            node = p


# ---- the rule ---------------------------------------------------------------

def _analyze(func, scope, decl_stmt, ch: str):
    """None (no finding) or (fixable, capacity, why-stops-listening, why-no-fix)."""
    sends: dict = {}  # go statement -> its sends
    receives, closes = [], []
    for ident in gs.identifiers(scope, ch, decl_stmt.end_byte):
        p = ident.parent
        if p.type == "send_statement" and p.child_by_field_name("channel") == ident:
            go = _goroutine_of(p, func)
            if go is None or p.parent.type == "communication_case":
                return None  # sent by the function itself, a closure, or from a select
            sends.setdefault(go, []).append(p)
        elif p.type == "unary_expression" and gs.text(p.child_by_field_name("operator")) == "<-":
            if gs.enclosing_function(p) != func:
                return None  # received in a goroutine or a closure
            receives.append(p)
        elif p.type == "argument_list" and _is_close_of(p.parent, ch):
            if _goroutine_of(p, func) is None:
                return None
            closes.append(p)
        else:
            return None  # escapes, is redeclared, ranged over, compared...
    if not sends:
        return None
    gos = sorted(sends, key=lambda g: g.start_byte)
    if any(_goroutine_of(c, func) not in sends for c in closes):
        return None
    loops = {_outer_loop(g, scope) for g in gos}
    if loops != {None}:
        # goroutines started in one loop: the number of senders is not a constant
        if len(loops) != 1 or None in loops:
            return None
        last = next(iter(loops))
        if last.parent.type == "labeled_statement":
            last = last.parent
        if last.parent.type != "statement_list":
            return None
    elif any(g.parent != gos[0].parent or g.parent.type != "statement_list" for g in gos):
        return None  # goroutines started in different blocks
    else:
        last = gos[-1]
    if len(gos) > 1 and last == gos[-1]:
        between = gs.jumps(gos[0].parent, gos[0].end_byte, last.start_byte)
        if any(gos[0].end_byte <= j.start_byte < last.start_byte for j in between):
            return None
    if any(r.start_byte < last.end_byte for r in receives):
        return None
    if parsing.captures(_GOTOS, scope, "goto"):
        return None
    reports = [_goroutine_report(g, sends[g], ch) for g in gos]
    try:
        fewest = _Receiver(receives, scope).after(last)
    except _GiveUp:
        return None
    if fewest is None:
        return None  # never stops listening (or never returns)
    counts = [n for _, n, _ in reports]
    in_loop = last != gos[-1]
    if in_loop:
        iterations = _iterations(last)
        if fewest >= INF or (iterations is not None and fewest >= iterations):
            return None
        if not all(_unconditional(x) for g in gos for x in sends[g]):
            return None  # maybe only some goroutines send (`if last { ch <- v }`)
        reports = [(False, None, "goroutines are started in a loop, so the number of values is unknown")]
    elif None in counts:
        if fewest > 0:
            return None
    elif fewest >= sum(counts):
        return None
    in_select = any(
        r.parent.type == "receive_statement" and r.parent.parent.type == "communication_case"
        and sum(1 for c in r.parent.parent.parent.named_children if c.type in ("communication_case", "default_case")) > 1
        for r in receives
    )
    if not receives:
        why = "the function never receives from it"
    elif in_loop:
        why = f"the function can stop listening after receiving {fewest} value{'s' if fewest != 1 else ''}, while goroutines started in a loop may send more"
    elif fewest > 0:
        why = f"the function can stop listening after receiving {fewest} of up to {sum(counts)} values"
    elif in_select:
        why = "the function can take another select case and stop listening before receiving"
    else:
        why = "the function can return before receiving"
    why_not = next((w for ok, _, w in reports if not ok), None)
    return why_not is None, len(gos), why, why_not


def _buffer_edit(ctx, args, capacity: int):
    items = [c for c in args.named_children if c.type != "comment"]
    if gs.has_comment_between(ctx.source, args.start_byte, args.end_byte):
        return None
    if len(items) == 2:
        return Edit(items[1].start_byte, items[1].end_byte, str(capacity).encode())
    close = args.end_byte - 1
    if ctx.source[close:close + 1] != b")" or items[0].end_byte != close:
        return None  # a trailing comma or a line break: leave it to a human
    return Edit(close, close, f", {capacity}".encode())


def _declared_channels(root):
    """(declaration, name, make call, its arguments, channel type) for each
    channel made in a declaration, one or several per statement."""
    for caps in parsing.matches(_MAKES, root):
        if gs.text(caps["make"][0]) == "make":
            yield caps["decl"][0], caps["name"][0], caps["call"][0], caps["args"][0], caps["type"][0]
    for decl in parsing.captures(_MULTI, root, "decl"):
        names = [n for n in decl.child_by_field_name("left").named_children if n.type != "comment"]
        values = [v for v in decl.child_by_field_name("right").named_children if v.type != "comment"]
        if len(names) != len(values):
            continue
        for name, value in zip(names, values):
            fn, args = value.child_by_field_name("function"), value.child_by_field_name("arguments")
            items = [a for a in args.named_children if a.type != "comment"] if args is not None else []
            if value.type == "call_expression" and gs.text(fn) == "make" and items and items[0].type == "channel_type":
                yield decl, name, value, args, items[0]


def check(ctx):
    if ctx.path.endswith("_test.go") and not ctx.settings.preview:
        return  # preview (PREVIEW_SHAPES)
    for decl, name, call, args, chan_type_node in _declared_channels(ctx.root):
        if not _unbuffered(args):
            continue
        if decl.type == "var_spec" and len(decl.children_by_field_name("name")) != 1:
            continue
        func = gs.enclosing_function(decl)
        stmt = gs.statement_of(decl)
        if func is None or stmt is None or stmt.parent is None or stmt.parent.type != "statement_list":
            continue
        ch = gs.text(name)
        if ch == "_":
            continue
        found = _analyze(func, stmt.parent, stmt, ch)
        if found is None:
            continue
        fixable, capacity, why, why_not = found
        chan_type = gs.text(chan_type_node)
        message = f"a goroutine can block forever sending on unbuffered channel {ch}: {why}"
        edit = _buffer_edit(ctx, args, capacity) if fixable else None
        if edit is None:
            reason = why_not or "the make call spans lines or holds a comment"
            yield ctx.finding(_RULE, call, message + f" ({reason}; no automatic fix)")
            continue
        fix = Fix(f"Make {ch} buffered: make({chan_type}, {capacity})", (edit,))
        yield ctx.finding(_RULE, call, message + f"; make it buffered (capacity {capacity})", fix)
