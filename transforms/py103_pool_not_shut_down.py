"""PY103 pool-not-shut-down."""

from __future__ import annotations

import functools
import sys

CODE = "PY103"
NAME = "pool-not-shut-down"
LANGUAGE = "python"
SUMMARY = "process or thread pool held in a local and never closed or shut down"
TRIGGERS = (b"Pool(", b"PoolExecutor(")
FIXABLE = True

CONSTRUCTORS = {
    "multiprocessing.Pool": "with",
    "multiprocessing.pool.Pool": "with",
    "multiprocessing.pool.ThreadPool": "with",
    "concurrent.futures.ThreadPoolExecutor": "with",
    "concurrent.futures.ProcessPoolExecutor": "with",
}
# calls whose results are complete when they return (multiprocessing's map)
_EAGER = frozenset({"map", "starmap", "apply"})

DOC = """
## What it does
Finds a `multiprocessing.Pool` (or `ThreadPool`) or a
`concurrent.futures.ThreadPoolExecutor` / `ProcessPoolExecutor` assigned to a
local variable of a function and never closed, shut down, terminated or
joined, when it does not escape (returned, stored, handed over).

## Why is this bad?
Each pool keeps its worker processes or threads (and their pipes, queues and
a handler thread) until the pool object is collected; a function that makes a
pool per call leaks a set of workers per call.  Since Python 3.8,
`multiprocessing` warns (ResourceWarning) about a pool collected while still
running; an executor never shut down keeps its threads until the interpreter
exits.

## Example
```python
def squares(xs):
    pool = multiprocessing.Pool(4)
    return pool.map(square, xs)
```

## Use instead
```python
def squares(xs):
    with multiprocessing.Pool(4) as pool:
        return pool.map(square, xs)
```

## Fix safety
The fix is a `with` block over the statements that use the pool, and every
value made from it (futures, `AsyncResult`s, `imap` iterators: the block
covers their uses).  Leaving the block terminates a `multiprocessing` pool
and shuts an executor down, waiting for its work.  Safe when every use of the
pool is an eager call (`map`, `starmap`, `apply` of a `multiprocessing` pool;
the executors' `map` is lazy): the work is done before the block ends either
way.  Unsafe otherwise: the function now waits for (executor) or cancels
(`Pool.terminate`) work it used to leave running.

No fix, only a report, when the uses are not consecutive statements of the
assignment's block.  No finding when the pool is closed, shut down,
terminated or joined anywhere, used in a `with`, or escapes.

Python version: the same for every supported version.

## References
- https://docs.python.org/3/library/multiprocessing.html#multiprocessing.pool.Pool
- https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.shutdown
"""


@functools.cache
def _spec():
    from gofixleaks.lang.pyresource import Spec

    return Spec(
        constructors=CONSTRUCTORS,
        releases=frozenset({"close", "shutdown", "terminate", "join"}),
        noun="pool",
        any_release=True,
        # results that need the pool running (an executor's lazy map does not:
        # shutdown waits for its futures, which the iterator then returns)
        retaining_methods=frozenset({"submit", "apply_async", "map_async", "starmap_async", "imap", "imap_unordered"}),
    )


def check(ctx):
    from gofixleaks.lang.pyresource import candidates, no_fix_note
    from gofixleaks.model import Fix, Safety

    out = []
    for c in candidates(ctx, _spec()):
        msg = f"the pool from {c.qualname}() in `{c.name}` is never shut down; its workers stay alive until it is collected"
        fix = c.fix
        if fix is None:
            msg += no_fix_note(c)
        else:
            eager = c.uses and all(u in _EAGER for u in c.uses) and c.qualname.startswith("multiprocessing")
            if not eager:
                fix = Fix(fix.title, fix.edits, Safety.UNSAFE)
                msg += " (the with block waits for or cancels the pool's pending work: unsafe fix)"
        out.append(ctx.finding(sys.modules[__name__], c.call, msg, fix))
    return out
