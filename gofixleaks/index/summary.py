"""Function summaries, computed on demand and iterated to a fixed point.

Two facts per module function:

- :meth:`Summaries.fresh_results`: the result positions that return a *fresh
  resource* of a kind in :data:`stdlib.RESOURCES` (a project helper returning
  an ``*http.Response`` whose body it did not close): every ``return`` gives
  ``nil``, a resource-producing call, or a local variable holding one that
  the function neither releases nor hands to anything else.
- :meth:`Summaries.param_effect`: what the function does with its parameter N:
  ``CLOSE`` (closes or releases it on some path), ``ESCAPE`` (returns,
  stores, sends, captures it, or gives it to code the index cannot see),
  ``READ`` (only reads it).

Mutual recursion: a summary asked for while it is being computed starts at
the bottom of its lattice (``READ``, no fresh result) and every summary of
that cycle is recomputed until nothing changes (a least fixed point: a
parameter is ``READ`` only when no path closes or lets it escape).
"""

from __future__ import annotations

from .. import parsing
from . import scope, stdlib
from .module import Func, ModuleIndex, PackageIndex, _import_path

Node = parsing.Node

READ, CLOSE, ESCAPE = "read", "close", "escape"
_ORDER = {READ: 0, CLOSE: 1, ESCAPE: 2}
_RETURNS = parsing.query("(return_statement) @r")
_FUNCS = ("function_declaration", "method_declaration", "func_literal")
_MAX_ROUNDS = 6


class Summaries:
    def __init__(self, index: ModuleIndex):
        self.index = index
        self._memo: dict[tuple, object] = {}
        self._active: list[tuple] = []
        self._seed: dict[tuple, object] = {}
        self._cyclic = False
        self._funcs: dict[tuple, tuple[Func, PackageIndex]] = {}

    # ---- the fixed point ---------------------------------------------------------

    def _get(self, key: tuple, bottom, compute):
        if key in self._memo:
            return self._memo[key]
        if key in self._active:
            self._cyclic = True
            return self._seed.get(key, bottom)
        outermost = not self._active
        self._active.append(key)
        try:
            value = compute()
        finally:
            self._active.pop()
        self._seed[key] = value
        if not outermost:
            return value
        # the outermost query: when a cycle was cut, recompute everything this
        # query touched from the current values until nothing changes
        for _ in range(_MAX_ROUNDS if self._cyclic else 0):
            changed = False
            for k in list(self._seed):
                self._active.append(k)
                try:
                    nv = self._recompute(k)
                finally:
                    self._active.pop()
                if nv != self._seed[k]:
                    self._seed[k] = nv
                    changed = True
            if not changed:
                break
        value = self._seed[key]
        self._memo.update(self._seed)
        self._seed.clear()
        self._cyclic = False
        return value

    def _recompute(self, key: tuple):
        fp = self._funcs[key[1]]
        return self._param_effect(fp, key[2]) if key[0] == "param" else self._fresh(fp)

    def _key(self, kind: str, fn: Func, pk: PackageIndex, *rest) -> tuple:
        fid = (fn.file.path, hash(fn.file.source), fn.node.start_byte)
        self._funcs[fid] = (fn, pk)
        return (kind, fid, *rest)

    # ---- public ------------------------------------------------------------------

    def param_effect(self, fn: Func, pk: PackageIndex, i: int) -> str:
        key = self._key("param", fn, pk, i)
        return self._get(key, READ, lambda: self._param_effect((fn, pk), i))

    def fresh_results(self, fn: Func, pk: PackageIndex) -> dict[int, str]:
        key = self._key("fresh", fn, pk)
        return self._get(key, {}, lambda: self._fresh((fn, pk)))

    # ---- what a function does with a variable -----------------------------------

    def call_effect(self, fctx, pk: PackageIndex, call: Node, arg_index: int) -> str:
        """What ``call`` does with its argument number ``arg_index``."""
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            if op.type == "identifier" and _import_path(fctx, op.text.decode()) and scope.binding(op) is None:
                path = next((imp.path for imp in fctx.imports if imp.local == op.text.decode()), None)
                if path and stdlib.read_only(path, fn.child_by_field_name("field").text.decode()):
                    return READ
        target = self.index.call_target(fctx, pk, call)
        if target is None:
            return ESCAPE
        f, fpk = target
        params = _param_names(f.node)
        if arg_index >= len(params) or params[arg_index] is None or params[arg_index] == "...":
            return ESCAPE
        return self.param_effect(f, fpk, arg_index)

    def variable_effect(self, fctx, pk: PackageIndex, decl: Node, body: Node, release: tuple[str, ...] = ("Body.Close", "Close")) -> str:
        """How the variable declared by ``decl`` is used in ``body``:
        the join of its uses' effects."""
        worst = READ
        for use in scope.uses(decl, body):
            if use == decl:
                continue
            eff = self.use_effect(fctx, pk, use, body, release)
            if _ORDER[eff] > _ORDER[worst]:
                worst = eff
                if worst == ESCAPE:
                    break
        return worst

    def use_effect(self, fctx, pk: PackageIndex, ident: Node, body: Node, release=("Body.Close", "Close")) -> str:
        inner = _within_literal(ident, body)
        eff = self._use_effect(fctx, pk, ident, release)
        if inner and eff == READ:
            return ESCAPE  # a closure or goroutine may run after the function
        return eff

    def _use_effect(self, fctx, pk: PackageIndex, ident: Node, release) -> str:
        p = ident.parent
        if p.type in ("var_spec", "parameter_declaration"):
            return READ
        if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
            fieldname = p.child_by_field_name("field").text.decode()
            q = p.parent
            # v.Close() / v.Stop()
            if q.type == "call_expression" and q.child_by_field_name("function") == p:
                return CLOSE if fieldname in release else READ
            if fieldname == "Body":
                if q.type == "selector_expression" and q.child_by_field_name("operand") == p:
                    meth = q.child_by_field_name("field").text.decode()
                    if meth == "Close" and q.parent.type == "call_expression":
                        return CLOSE
                    return READ
                if q.type == "argument_list":
                    idx = _arg_index(q, p)
                    if _body_reader(fctx, q.parent):
                        return READ
                    eff = self.call_effect(fctx, pk, q.parent, idx)
                    return READ if eff == READ else (CLOSE if eff == CLOSE else ESCAPE)
                return ESCAPE
            return READ
        if p.type == "call_expression" and p.child_by_field_name("function") == ident:
            return CLOSE  # cancel(): a function value released by calling it
        if p.type == "argument_list":
            return self.call_effect(fctx, pk, p.parent, _arg_index(p, ident))
        if p.type == "binary_expression" and p.child_by_field_name("operator").text in (b"==", b"!="):
            return READ
        if p.type == "expression_list" and p.parent.type in ("assignment_statement", "short_var_declaration") and p.parent.child_by_field_name("left") == p:
            return READ  # reassigned: the old value is lost (the caller sees the reassignment)
        return ESCAPE

    # ---- the two facts -------------------------------------------------------------

    def _param_effect(self, fp, i: int) -> str:
        fn, pk = fp
        params = _param_decls(fn.node)
        if i >= len(params) or params[i] is None:
            return ESCAPE
        body = fn.node.child_by_field_name("body")
        if body is None:
            return ESCAPE
        return self.variable_effect(fn.file, pk, params[i], fn.node)

    def _fresh(self, fp) -> dict[int, str]:
        fn, pk = fp
        results = self.index.result_types(fn, pk)
        kinds = {i: t for i, t in enumerate(results) if t in stdlib.RESOURCES}
        if not kinds:
            return {}
        body = fn.node.child_by_field_name("body")
        if body is None:
            return {}
        named = _named_results(fn.node)
        out = dict(kinds)
        returns = [r for r in parsing.captures(_RETURNS, body, "r") if _owner(r) == fn.node]
        if not returns:
            return {}
        for r in returns:
            exprs = [c for c in r.named_children[0].named_children if c.type != "comment"] if r.named_children else []
            if not exprs:
                if named:
                    return {}  # bare return of named results: not followed
                continue
            if len(exprs) == 1 and len(results) > 1 and exprs[0].type == "call_expression":
                # return f(...) giving all the results
                res = self._producer_kinds(fn.file, pk, exprs[0])
                for i in list(out):
                    if res.get(i) != out[i]:
                        out.pop(i)
                continue
            for i in list(out):
                if i >= len(exprs) or not self._fresh_expr(fn, pk, exprs[i], out[i], body):
                    out.pop(i)
            if not out:
                return {}
        return out

    def _producer_kinds(self, fctx, pk: PackageIndex, call: Node) -> dict[int, str]:
        """Result positions of ``call`` that are fresh resources."""
        target = self.index.call_target(fctx, pk, call)
        if target is not None:
            return self.fresh_results(*target)
        res = self.index.call_results(fctx, pk, call)
        return {i: t for i, t in enumerate(res) if t in stdlib.RESOURCES}

    def _fresh_expr(self, fn: Func, pk: PackageIndex, e: Node, kind: str, body: Node) -> bool:
        if e.type == "nil":
            return True
        if e.type == "call_expression":
            return self._producer_kinds(fn.file, pk, e).get(0) == kind
        if e.type != "identifier":
            return False
        d = scope.binding(e)
        if d is None or d.parent.type not in ("expression_list",) or d.parent.parent.type != "short_var_declaration":
            return False
        decl = d.parent.parent
        names = [c for c in decl.child_by_field_name("left").named_children]
        vals = [c for c in decl.child_by_field_name("right").named_children if c.type != "comment"]
        pos = names.index(d)
        if len(vals) == 1 and vals[0].type == "call_expression":
            if self._producer_kinds(fn.file, pk, vals[0]).get(pos) != kind:
                return False
        elif len(vals) == len(names):
            if self._producer_kinds(fn.file, pk, vals[pos]).get(0) != kind:
                return False
        else:
            return False
        # the helper must not release it nor give it away (other than returning it)
        for use in scope.uses(d, fn.node):
            if use == d:
                continue
            if _returned(use):
                continue
            eff = self.use_effect(fn.file, pk, use, fn.node)
            if eff != READ:
                return False
        return True


def _returned(ident: Node) -> bool:
    p = ident.parent
    return p.type == "expression_list" and p.parent.type == "return_statement"


def _owner(node: Node) -> Node | None:
    n = node.parent
    while n is not None and n.type not in _FUNCS:
        n = n.parent
    return n


def _within_literal(ident: Node, body: Node) -> bool:
    n = ident.parent
    while n is not None and n != body:
        if n.type in ("func_literal", "go_statement"):
            return True
        n = n.parent
    return False


def _arg_index(args: Node, node: Node) -> int:
    items = [c for c in args.named_children if c.type != "comment"]
    return next((k for k, c in enumerate(items) if c == node), -1)


def _param_decls(func: Node) -> list[Node | None]:
    params = func.child_by_field_name("parameters")
    out: list[Node | None] = []
    if params is None:
        return out
    for p in params.named_children:
        if p.type == "parameter_declaration":
            names = [c for c in p.children_by_field_name("name") if c.type == "identifier"]
            out += names or [None]
        elif p.type == "variadic_parameter_declaration":
            out.append(None)
    return out


def _param_names(func: Node) -> list[str | None]:
    return [None if d is None else d.text.decode() for d in _param_decls(func)]


def _named_results(func: Node) -> bool:
    r = func.child_by_field_name("result")
    return r is not None and r.type == "parameter_list" and any(
        c.type == "parameter_declaration" and c.child_by_field_name("name") is not None for c in r.named_children
    )


_BODY_READERS = {
    "io": {"ReadAll", "Copy", "CopyN", "CopyBuffer", "ReadFull", "ReadAtLeast"},
    "io/ioutil": {"ReadAll"},
}
_BODY_WRAPPERS = {
    "encoding/json": {"NewDecoder"},
    "encoding/xml": {"NewDecoder"},
    "bufio": {"NewReader", "NewScanner"},
}


def _body_reader(fctx, call: Node) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    op = fn.child_by_field_name("operand")
    if op.type != "identifier":
        return False
    name = fn.child_by_field_name("field").text.decode()
    path = next((imp.path for imp in fctx.imports if imp.local == op.text.decode()), None)
    if path in _BODY_READERS and name in _BODY_READERS[path]:
        return True
    if path in _BODY_WRAPPERS and name in _BODY_WRAPPERS[path]:
        return call.parent.type == "selector_expression"  # json.NewDecoder(r.Body).Decode(&v)
    return False
