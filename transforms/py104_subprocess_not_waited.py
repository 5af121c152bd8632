"""PY104 subprocess-not-waited."""

from __future__ import annotations

import functools
import sys

CODE = "PY104"
NAME = "subprocess-not-waited"
LANGUAGE = "python"
SUMMARY = "subprocess.Popen never waited, communicated or used as a context manager"
TRIGGERS = (b"Popen(",)
FIXABLE = True

CONSTRUCTORS = {"subprocess.Popen": "with"}

DOC = """
## What it does
Finds a `subprocess.Popen` whose result is discarded (unless the next
statement exits or replaces the process: `os._exit`, `sys.exit`, `os.exec*`),
or kept in a local
variable of a function that never calls `wait()`, `communicate()` or
`poll()` on it nor uses it in a `with` statement, and does not hand it
elsewhere (return, store, ...).

## Why is this bad?
A child that exits stays a zombie (an entry in the process table, with its
exit status) until its parent waits for it; its pipes stay open in the
parent.  CPython reaps such children only when another `Popen` is created
later, and warns: "subprocess N is still running" (ResourceWarning).  A
long-running service that starts helpers this way accumulates zombies and
descriptors.

## Example
```python
def notify(msg):
    p = subprocess.Popen(["logger", msg])
    log.info("started %d", p.pid)
```

## Use instead
```python
def notify(msg):
    with subprocess.Popen(["logger", msg]) as p:
        log.info("started %d", p.pid)
```

## Fix safety
Unsafe.  `with subprocess.Popen(...) as p:` closes the pipes and waits for
the child when the block ends: the function now blocks until the child
exits, where it used to return at once (a child meant to outlive the call, a
server or a browser, must not be waited for: keep the `Popen` and reap it
later).  A discarded `Popen(...)` is reported without a fix.

No fix when the uses are not consecutive statements of the assignment's
block.

Python version: the same for every supported version.

## References
- https://docs.python.org/3/library/subprocess.html#subprocess.Popen
- https://docs.python.org/3/library/subprocess.html#subprocess.Popen.wait
"""


@functools.cache
def _spec():
    from gofixleaks.lang.pyresource import Spec
    from gofixleaks.model import Safety

    return Spec(
        constructors=CONSTRUCTORS,
        releases=frozenset({"wait", "communicate", "poll", "__exit__"}),
        noun="process",
        any_release=True,
        retaining_attrs=frozenset({"stdin", "stdout", "stderr"}),
        safety=Safety.UNSAFE,
    )


_EXITS = frozenset({"os._exit", "sys.exit", "exit", "quit", "os.execv", "os.execve", "os.execvp", "os.execl", "os.execlp"})


def _exits_next(ctx, call) -> bool:
    """Is the statement after ``call``'s a process exit (tornado's autoreload:
    ``subprocess.Popen(argv)`` then ``os._exit(0)``)?"""
    import libcst as cst

    line = ctx.parent(ctx.parent(call))
    block = ctx.parent(line)
    body = list(getattr(block, "body", ()) or ())
    if line not in body or body.index(line) + 1 >= len(body):
        return False
    nxt = body[body.index(line) + 1]
    if not isinstance(nxt, cst.SimpleStatementLine) or not isinstance(nxt.body[0], cst.Expr):
        return False
    value = nxt.body[0].value
    return isinstance(value, cst.Call) and ctx.qualname(value.func) in _EXITS


def check(ctx):
    from gofixleaks.lang.pyresource import candidates, discarded_calls, no_fix_note

    mod = sys.modules[__name__]
    out = []
    for c in candidates(ctx, _spec()):
        msg = f"the process from subprocess.Popen() in `{c.name}` is never waited for: a zombie and open pipes when it exits"
        if c.fix is None:
            msg += no_fix_note(c, "")
        else:
            msg += " (the fix waits for the child at the end of the block: unsafe)"
        out.append(ctx.finding(mod, c.call, msg, c.fix))
    for call, _q in discarded_calls(ctx, _spec()):
        if _exits_next(ctx, call):
            continue  # the parent exits (or execs) at once: the child is re-parented, never a zombie here
        out.append(ctx.finding(mod, call, "the process from subprocess.Popen() is discarded and never waited for: a zombie when it exits (no automatic fix: keep it and wait, or use subprocess.run)"))
    return out
