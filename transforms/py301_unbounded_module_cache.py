"""PY301 unbounded-module-cache."""

from __future__ import annotations

import sys

CODE = "PY301"
NAME = "unbounded-module-cache"
LANGUAGE = "python"
SUMMARY = "module-level dict filled on lookup misses in one function and never evicted"
TRIGGERS = (b"= {}", b"= dict()", b"] = ")
FIXABLE = True

DEFAULT_SIZE = 10000

DOC = """
## What it does
Finds a module-level dict (`_cache = {}` or `dict()`) used by one function
only, which looks a key up in it and stores into it under a key made of its
parameters, and never removes anything: no `del`, `pop`, `popitem`,
`clear`, reassignment, or `len()` check.

## Why is this bad?
The leak guide's first leak, in Python: every distinct key adds an entry
that stays for the life of the process.  Keyed by user input (hosts, ids,
paths), the dict grows without bound; each entry also keeps its value (a
client, a parsed document) alive.

## Example
```python
_clients = {}


def get_client(host):
    if host in _clients:
        return _clients[host]
    client = make_client(host)
    _clients[host] = client
    return client
```

## Use instead
```python
import functools


@functools.lru_cache(maxsize=10000)
def get_client(host):
    client = make_client(host)
    return client
```

## Fix safety
Unsafe (`--unsafe-fixes`), as LK301: a bounded cache evicts, so a caller can
get a new object for a key it asked for before; code that relies on the
identity of cached values (compares them with `is`, mutates them as shared
state) changes behaviour.  The size is `--cache-size N` (default 10000;
`cache-size` in the configuration).  `lru_cache` also keys by how the
function is called (`f(1)` and `f(x=1)` are two entries) and needs hashable
arguments (the dict needed hashable keys too).

The fix is offered when the key is exactly the function's parameters (one
name, or a tuple of all of them in order), the function has no other
decorator, and the bookkeeping has one of the usual shapes: a hit check at
the top (`if key in cache: return cache[key]`, a `cache.get(key)` tested
against `None`, or `try: return cache[key]` / `except KeyError`) with
`cache[key] = value` / `return value` at the end, or
`if key not in cache: cache[key] = expr` / `return cache[key]`.  The dict,
its `global` statement and the bookkeeping are removed,
`@functools.lru_cache(maxsize=N)` is added.  Other shapes are reported
without a fix.

Not reported: dicts used by more than one function or at module level
(lookup tables, registries), keys that do not come from the parameters, and
dicts that are evicted or bounded in any way.

## References
- https://docs.python.org/3/library/functools.html#functools.lru_cache
- https://github.com/golang/go/wiki (the leak guide's unbounded map cache, LK301)
"""


def check(ctx):
    import libcst as cst

    from gofixleaks.lang.pycontext import name_uses

    mod = sys.modules[__name__]
    out = []
    for stmt in ctx.module.body:
        dict_name = _dict_definition(stmt, cst)
        if dict_name is None:
            continue
        uses = [u for u in name_uses(ctx.module, {dict_name}) if not _inside(ctx, u, stmt)]
        fns = {id(_top_function(ctx, u, cst)) for u in uses}
        if not uses or len(fns) != 1 or None in [_top_function(ctx, uses[0], cst)]:
            continue
        fn = _top_function(ctx, uses[0], cst)
        if fn is None or not _only_grows(ctx, fn, dict_name, uses, cst):
            continue
        key = _stored_key(ctx, fn, dict_name, cst)
        if key is None:
            continue
        params = _params(fn, cst)
        key_names = {n.value for n in name_uses(key, params)} if params else set()
        all_names = {n.value for n in name_uses(key, {n.value for n in _all_names(key, cst)})}
        if not key_names or not all_names <= params:
            continue
        msg = (
            f"`{dict_name}` is filled in {fn.name.value}() on every miss and never evicted: "
            f"it grows with every distinct key"
        )
        fix, why = _fix(ctx, stmt, fn, dict_name, key, cst)
        if fix is None:
            msg += f" (no automatic fix: {why})"
        out.append(ctx.finding(mod, stmt.body[0], msg, fix))
    return out


def _all_names(node, cst):
    from gofixleaks.lang.pycontext import walk

    return [n for n in walk(node) if isinstance(n, cst.Name)]


def _dict_definition(stmt, cst):
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    s = stmt.body[0]
    if isinstance(s, cst.Assign) and len(s.targets) == 1:
        target, value = s.targets[0].target, s.value
    elif isinstance(s, cst.AnnAssign) and s.value is not None:
        target, value = s.target, s.value
    else:
        return None
    if not isinstance(target, cst.Name):
        return None
    empty = (isinstance(value, cst.Dict) and not value.elements) or (
        isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict" and not value.args
    )
    return target.value if empty else None


def _inside(ctx, node, container) -> bool:
    return any(a is container for a in ctx.ancestors(node))


def _top_function(ctx, node, cst):
    """The module-level function ``node`` is in (None at module level or in a class)."""
    chain = [a for a in ctx.ancestors(node)]
    for i, a in enumerate(chain):
        if isinstance(a, cst.FunctionDef) and i + 1 < len(chain) and isinstance(chain[i + 1], cst.Module):
            return a
        if isinstance(a, cst.ClassDef):
            return None
    return None


def _only_grows(ctx, fn, name, uses, cst) -> bool:
    """Read and stored, never evicted, bounded, reassigned or handed elsewhere."""
    stored = read = False
    for u in uses:
        p = ctx.parent(u)
        if isinstance(p, cst.Attribute) and p.value is u:
            if p.attr.value == "get":
                read = True
                continue
            if p.attr.value == "setdefault":
                read = stored = True
                continue
            return False  # pop, popitem, clear, update, keys, values...: more than a cache
        if isinstance(p, cst.Subscript) and p.value is u:
            gp = ctx.parent(p)
            if isinstance(gp, cst.AssignTarget):
                stored = True
            elif isinstance(gp, cst.Del):
                return False
            elif isinstance(gp, cst.AugAssign) and gp.target is p:
                return False  # counters, not caches
            else:
                read = True
            continue
        if isinstance(p, cst.ComparisonTarget) and isinstance(p.operator, (cst.In, cst.NotIn)):
            read = True
            continue
        if isinstance(p, (cst.Global, cst.NameItem)):
            continue
        return False  # len(cache), passed, returned, iterated, reassigned
    return stored and read


def _stored_key(ctx, fn, name, cst):
    from gofixleaks.lang.pycontext import walk

    keys = []
    for n in walk(fn):
        if isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Subscript) and isinstance(n.target.value, cst.Name) and n.target.value.value == name:
            sl = n.target.slice
            if len(sl) == 1 and isinstance(sl[0].slice, cst.Index):
                keys.append(sl[0].slice.value)
    if len(keys) != 1:
        return None
    return keys[0]


def _params(fn, cst) -> set[str]:
    p = fn.params
    return {x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)}


# ---- the fix ------------------------------------------------------------------

def _fix(ctx, dict_stmt, fn, name, key, cst):
    from gofixleaks.model import Edit, Fix, Safety

    p = fn.params
    if fn.decorators:
        return None, "the function has decorators"
    if fn.asynchronous is not None:
        return None, "an async function (lru_cache would cache the coroutine)"
    if isinstance(p.star_arg, (cst.Param, cst.ParamStar)) or p.star_kwarg is not None or p.kwonly_params or p.posonly_params:
        return None, "the function takes *args, **kwargs or keyword-only parameters"
    names = [x.name.value for x in p.params]
    k = ctx.code(key).strip()
    if not (len(names) == 1 and isinstance(key, cst.Name) and key.value == names[0]) and not (
        isinstance(key, cst.Tuple) and [ctx.code(e.value).strip() for e in key.elements] == names
    ):
        return None, f"the key {k} is not exactly the parameters ({', '.join(names)})"
    body = list(fn.body.body)
    removed: list[cst.CSTNode] = []
    edits: list[Edit] = []
    start = 1 if body and _is_docstring(body[0], cst) else 0
    while start < len(body) and _is_global(body[start], name, cst):
        removed.append(body[start])
        start += 1
    rest = body[start:]
    shape = None
    if len(rest) >= 3 and _hit_check(rest[0], name, cst):
        guard = [rest[0]]
        rest2 = rest[1:]
        shape = "hit"
    elif len(rest) >= 4 and _get_check(rest[0], rest[1], name, cst):
        guard = [rest[0], rest[1]]
        rest2 = rest[2:]
        shape = "hit"
    if shape == "hit":
        store, ret = rest2[-2], rest2[-1]
        v = _store_value(store, name, cst)
        if not (isinstance(v, cst.Name) and isinstance(ret, cst.SimpleStatementLine) and _returns_name(ret, v.value, cst)):
            return None, "the store and return at the end are not `cache[key] = value` / `return value`"
        removed += guard + [store]
        for s in removed:
            edits.append(_delete_lines(ctx, s))
    elif len(rest) == 2 and _miss_fill(rest[0], name, cst) is not None and _returns_lookup(rest[1], name, cst):
        expr = _miss_fill(rest[0], name, cst)
        for s in removed:
            edits.append(_delete_lines(ctx, s))
        a, _ = ctx.span(rest[0])
        _, b = ctx.span(rest[1].body[0])
        e0, e1 = ctx.span(expr)
        edits.append(Edit(a, b, b"return " + ctx.source[e0:e1]))
        removed += rest
    else:
        return None, "the lookup and store do not have one of the usual shapes"
    # nothing else may still use the dict
    from gofixleaks.lang.pycontext import name_uses

    gone = {id(n) for s in removed for n in _walk(s)}
    if any(id(u) not in gone for u in name_uses(fn, {name})):
        return None, f"`{name}` is used elsewhere in the function"
    edits.append(_delete_definition(ctx, dict_stmt))
    size = ctx.settings.option("cache_size", DEFAULT_SIZE)
    deco_name = None
    for local, full in ctx.imports.items():
        if full == "functools.lru_cache":
            deco_name = local
    imports = []
    if deco_name is None:
        deco_name = "functools.lru_cache"
        e = ctx.import_edit("functools")
        if e is not None:
            imports.append(e)
    # an import that goes where the dict's line is deleted: one edit
    for imp in list(imports):
        for e in list(edits):
            if e.start == imp.start and e.end > e.start:
                edits.remove(e)
                imports.remove(imp)
                edits.append(Edit(e.start, e.end, imp.text))
    def_line = ctx.lines(fn)[0]
    edits.append(Edit(ctx.line_start(def_line), ctx.line_start(def_line), b"@" + deco_name.encode() + b"(maxsize=" + str(size).encode() + b")" + ctx.newline))
    return Fix(f"Replace `{name}` with @functools.lru_cache(maxsize={size})", tuple(edits + imports), Safety.UNSAFE), None


def _walk(n):
    from gofixleaks.lang.pycontext import walk

    return walk(n)


def _delete_lines(ctx, stmt):
    from gofixleaks.model import Edit

    a, b = ctx.lines(stmt)
    return Edit(ctx.line_start(a), ctx.line_end(b), b"")


def _delete_definition(ctx, stmt):
    """The dict's line, and the blank lines above it when blank lines follow
    (so the blank lines between the imports and the function stay as they were)."""
    from gofixleaks.model import Edit

    a, b = ctx.lines(stmt)
    start = ctx.line_start(a)
    if b < ctx.line_count() and not ctx.line_text(b + 1).strip():
        while a > 1 and not ctx.line_text(a - 1).strip():
            a -= 1
        start = ctx.line_start(a)
    return Edit(start, ctx.line_end(b), b"")


def _is_docstring(s, cst) -> bool:
    return isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Expr) and isinstance(s.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _is_global(s, name, cst) -> bool:
    return isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Global) and [n.name.value for n in s.body[0].names] == [name]


def _is_lookup(e, name, cst) -> bool:
    return isinstance(e, cst.Subscript) and isinstance(e.value, cst.Name) and e.value.value == name


def _returns_lookup(s, name, cst) -> bool:
    return isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Return) and s.body[0].value is not None and _is_lookup(s.body[0].value, name, cst)


def _returns_name(s, v, cst) -> bool:
    return len(s.body) == 1 and isinstance(s.body[0], cst.Return) and isinstance(s.body[0].value, cst.Name) and s.body[0].value.value == v


def _membership(test, name, cst, op):
    return (
        isinstance(test, cst.Comparison)
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, op)
        and isinstance(test.comparisons[0].comparator, cst.Name)
        and test.comparisons[0].comparator.value == name
    )


def _body(s, cst):
    if isinstance(s.body, cst.IndentedBlock):
        return list(s.body.body)
    return [s.body]


def _hit_check(s, name, cst) -> bool:
    """``if key in cache: return cache[key]`` or ``try: return cache[key] except KeyError: pass``."""
    if isinstance(s, cst.If) and s.orelse is None and _membership(s.test, name, cst, cst.In):
        b = _body(s, cst)
        return len(b) == 1 and _returns_lookup(b[0], name, cst)
    if isinstance(s, cst.Try) and not s.orelse and s.finalbody is None and len(s.handlers) == 1:
        b = _body(s, cst)
        h = s.handlers[0]
        return (
            len(b) == 1
            and _returns_lookup(b[0], name, cst)
            and isinstance(h.type, cst.Name)
            and h.type.value == "KeyError"
            and h.name is None
            and all(isinstance(x, cst.SimpleStatementLine) and all(isinstance(y, cst.Pass) for y in x.body) for x in _body(h, cst))
        )
    return False


def _get_check(a, b, name, cst) -> bool:
    """``v = cache.get(key)`` then ``if v is not None: return v``."""
    if not (isinstance(a, cst.SimpleStatementLine) and len(a.body) == 1 and isinstance(a.body[0], cst.Assign)):
        return False
    asg = a.body[0]
    call = asg.value
    if not (len(asg.targets) == 1 and isinstance(asg.targets[0].target, cst.Name) and isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
        return False
    if not (isinstance(call.func.value, cst.Name) and call.func.value.value == name and call.func.attr.value == "get" and len(call.args) == 1):
        return False
    v = asg.targets[0].target.value
    if not (isinstance(b, cst.If) and b.orelse is None and isinstance(b.test, cst.Comparison) and len(b.test.comparisons) == 1):
        return False
    c = b.test.comparisons[0]
    if not (isinstance(b.test.left, cst.Name) and b.test.left.value == v and isinstance(c.operator, cst.IsNot) and isinstance(c.comparator, cst.Name) and c.comparator.value == "None"):
        return False
    body = _body(b, cst)
    return len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) and _returns_name(body[0], v, cst)


def _store_value(s, name, cst):
    if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Assign) and len(s.body[0].targets) == 1 and _is_lookup(s.body[0].targets[0].target, name, cst):
        return s.body[0].value
    return None


def _miss_fill(s, name, cst):
    """``if key not in cache: cache[key] = expr`` -> expr."""
    if isinstance(s, cst.If) and s.orelse is None and _membership(s.test, name, cst, cst.NotIn):
        b = _body(s, cst)
        if len(b) == 1:
            return _store_value(b[0], name, cst)
    return None
