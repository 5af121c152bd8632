"""PY302 cache-on-method."""

from __future__ import annotations

import sys

CODE = "PY302"
NAME = "cache-on-method"
LANGUAGE = "python"
SUMMARY = "functools.lru_cache / functools.cache on a method keeps every instance alive"
TRIGGERS = (b"cache",)
FIXABLE = True

_CACHES = ("functools.lru_cache", "functools.cache")

DOC = """
## What it does
Finds `functools.lru_cache` or `functools.cache` used as a decorator on a
method (a function defined in a class body that is not a `staticmethod` or
`classmethod`).

## Why is this bad?
The cache lives on the function, shared by the whole class, and its keys
include `self`: every instance the method was ever called on stays
reachable from the cache, with everything it references, for as long as the
cache holds the entry (forever with `functools.cache`; until 128 newer calls
push it out with the default `lru_cache`).  Objects that should die with a
request or a connection live on.

## Example
```python
class Tokenizer:
    @functools.lru_cache(maxsize=None)
    def normalize(self, word):
        return word.casefold()
```

## Use instead
```python
class Tokenizer:
    @staticmethod
    @functools.lru_cache(maxsize=None)
    def normalize(word):
        return word.casefold()
```
When the result depends on the instance: cache in a module-level function of
the fields it needs, use `functools.cached_property` for a method without
arguments, or give each instance its own cache in `__init__`
(`self._lookup = functools.lru_cache(maxsize=N)(self._lookup_uncached)`,
freed with the instance by the cycle collector).

## Fix safety
Unsafe, and only when the method never uses its first parameter (`self`):
the fix adds `@staticmethod` and removes that parameter, so the cache keys by
the other arguments only (the same results: they never depended on the
instance).  Calls through the instance (`obj.m(x)`) and the class
(`Cls.m(x)`) keep working, but a call spelled `Cls.m(obj, x)` or a subclass
overriding `m` as an instance method would break.  Methods that use `self`
are reported with the options above.

Python version: `functools.cache` exists from 3.9; the message names what the
project's `requires-python` allows.

## References
- https://docs.python.org/3/faq/programming.html#how-do-i-cache-method-calls
- https://docs.python.org/3/library/functools.html#functools.cached_property
- flake8-bugbear B019 (report only)
"""


def _cache_decorator(ctx, deco, cst):
    d = deco.decorator
    target = d.func if isinstance(d, cst.Call) else d
    return ctx.qualname(target) in _CACHES


def check(ctx):
    import libcst as cst

    from gofixleaks.lang.pycontext import mentions, walk

    mod = sys.modules[__name__]
    out = []
    for cls in walk(ctx.module):
        if not isinstance(cls, cst.ClassDef) or not isinstance(cls.body, cst.IndentedBlock):
            continue
        for fn in cls.body.body:
            if not isinstance(fn, cst.FunctionDef):
                continue
            caches = [d for d in fn.decorators if _cache_decorator(ctx, d, cst)]
            if not caches:
                continue
            others = [ctx.qualname(d.decorator) for d in fn.decorators if d not in caches]
            if any(o in ("staticmethod", "classmethod") for o in others):
                continue
            params = fn.params.posonly_params or fn.params.params
            if not params:
                continue
            first = params[0].name.value
            uses_self = mentions(fn.body, {first}) or any(
                mentions(p.default, {first}) for p in (*fn.params.params, *fn.params.kwonly_params) if p.default is not None
            )
            msg = (
                f"{ctx.code(caches[0].decorator).strip()} on method {fn.name.value}() keeps every `{first}` it is called on "
                f"alive for the life of the cache"
            )
            fix = None
            if uses_self:
                msg += (
                    f" (no automatic fix: the method uses `{first}`; cache a module-level function of the fields it needs "
                    f"(with {'functools.cache' if ctx.python_at_least(3, 9) else 'functools.lru_cache(maxsize=None)'} or a bounded lru_cache), "
                    f"use functools.cached_property, or a per-instance cache set in __init__)"
                )
            elif others:
                msg += " (no automatic fix: the method has other decorators)"
            else:
                fix = _fix(ctx, fn, caches[0], params, cst)
                msg += f" (it never uses `{first}`: a staticmethod under the cache does the same"
                msg += ")" if fix else "; no automatic fix for this parameter list)"
            out.append(ctx.finding(mod, caches[0].decorator, msg, fix))
    return out


def _fix(ctx, fn, deco, params, cst):
    from gofixleaks.model import Edit, Fix, Safety

    edits = []
    line = ctx.lines(fn.decorators[0])[0]
    indent = ctx.indent_of(fn)
    edits.append(Edit(ctx.line_start(line), ctx.line_start(line), indent + b"@staticmethod" + ctx.newline))
    a, b = ctx.span(params[0])
    if len(params) > 1:
        b = ctx.span(params[1])[0]  # up to the next parameter
    elif isinstance(fn.params.star_arg, (cst.Param, cst.ParamStar)) or fn.params.kwonly_params or fn.params.star_kwarg is not None:
        return None
    else:
        tail = ctx.source[b:]
        stripped = tail.lstrip(b" ")
        if stripped.startswith(b","):  # a trailing comma after the only parameter goes too
            b += len(tail) - len(stripped) + 1
    if b"\n" in ctx.source[a:b] or b"#" in ctx.source[a:b]:
        return None
    edits.append(Edit(a, b, b""))
    return Fix(f"Make {fn.name.value}() a staticmethod (drop `{params[0].name.value}`)", tuple(edits), Safety.UNSAFE)
