"""PY201 dangling-task."""

from __future__ import annotations

import sys

CODE = "PY201"
NAME = "dangling-task"
LANGUAGE = "python"
SUMMARY = "the task from asyncio.create_task / ensure_future / loop.create_task is discarded"
TRIGGERS = (b"create_task(", b"ensure_future(")
FIXABLE = True

SET_NAME = "_background_tasks"

DOC = """
## What it does
Finds a call to `asyncio.create_task`, `asyncio.ensure_future` or
`loop.create_task` (on an event loop: a name or attribute ending in `loop`,
or `asyncio.get_event_loop()` / `get_running_loop()`) used as a statement,
its task thrown away.

## Why is this bad?
The event loop keeps only a weak reference to its tasks.  A task nobody else
references can be garbage-collected while it is still running: it then
disappears mid-flight, without an error (at most "Task was destroyed but it
is pending!" in the log).  The asyncio documentation says to keep a
reference to every task started in the background.

## Example
```python
async def handle(event):
    asyncio.create_task(notify(event))
```

## Use instead
```python
_background_tasks = set()


async def handle(event):
    task = asyncio.create_task(notify(event))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
```

## Fix safety
Safe.  The fix keeps each task in a module-level set (`_background_tasks`,
added after the imports) until it is done: the task runs exactly as before,
it just cannot be collected early.  The task gets a local name not used in
the function (`task`, else `task_1`...).  A task created as part of a longer
statement (`a(); asyncio.create_task(b())`) is reported without a fix.

No finding when the result is kept (assigned, awaited, returned, passed on),
or for `create_task` on a `TaskGroup` (it keeps its tasks).  With
`requires-python >= 3.11` the message also suggests `asyncio.TaskGroup`.

## References
- https://docs.python.org/3/library/asyncio-task.html#asyncio.create_task
- https://docs.python.org/3/library/asyncio-task.html#task-groups
- ruff RUF006 (report only)
"""


def _is_loop(ctx, expr) -> bool:
    import libcst as cst

    from gofixleaks.lang.pycontext import dotted

    if isinstance(expr, cst.Call):
        return ctx.qualname(expr.func) in ("asyncio.get_event_loop", "asyncio.get_running_loop", "asyncio.new_event_loop")
    d = dotted(expr)
    return d is not None and d.split(".")[-1].lower().endswith("loop")


def check(ctx):
    import libcst as cst

    from gofixleaks.lang.pycontext import walk
    from gofixleaks.model import Edit, Fix

    mod = sys.modules[__name__]
    out = []
    for line in walk(ctx.module):
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for small in line.body:
            if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
                continue
            call = small.value
            q = ctx.qualname(call.func)
            if q in ("asyncio.create_task", "asyncio.ensure_future"):
                what = q
            elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "create_task" and _is_loop(ctx, call.func.value):
                what = "loop.create_task"
            else:
                continue
            msg = f"the task from {what}() is discarded: the event loop keeps only a weak reference, so it can be collected before it finishes"
            if ctx.python_at_least(3, 11):
                msg += " (or start it in an asyncio.TaskGroup)"
            fix = None
            if len(line.body) == 1 and isinstance(ctx.parent(line), cst.IndentedBlock):
                fix = _fix(ctx, line, small, Edit, Fix)
            else:
                msg += " (no automatic fix: the call shares its line with other statements)"
            out.append(ctx.finding(mod, call, msg, fix))
    return out


def _function_names(ctx, node) -> set[str]:
    import libcst as cst

    from gofixleaks.lang.pycontext import walk

    fn = next((a for a in ctx.ancestors(node) if isinstance(a, cst.FunctionDef)), ctx.module)
    return {n.value for n in walk(fn) if isinstance(n, cst.Name)}


def _fix(ctx, line, small, Edit, Fix):
    used = _function_names(ctx, line)
    name = "task"
    k = 1
    while name in used:
        name = f"task_{k}"
        k += 1
    nl = ctx.newline
    indent = ctx.indent_of(line)
    start, _ = ctx.span(small)
    last = ctx.lines(line)[1]
    after = ctx.line_end(last)
    lead = b"" if ctx.source[:after].endswith(b"\n") else nl  # the last line of a file without a final newline
    task = name.encode()
    more = (
        lead
        + indent + SET_NAME.encode() + b".add(" + task + b")" + nl
        + indent + task + b".add_done_callback(" + SET_NAME.encode() + b".discard)"
        + (b"" if lead else nl)
    )
    edits = [Edit(start, start, task + b" = "), Edit(after, after, more)]
    if not _has_set(ctx):
        pos = ctx.header_end()
        edits.append(Edit(pos, pos, nl + SET_NAME.encode() + b" = set()" + nl))
    return Fix(f"Keep the task in {SET_NAME} until it is done", tuple(edits))


def _has_set(ctx) -> bool:
    import libcst as cst

    for stmt in ctx.module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for s in stmt.body:
                if isinstance(s, (cst.Assign, cst.AnnAssign)):
                    targets = [t.target for t in s.targets] if isinstance(s, cst.Assign) else [s.target]
                    if any(isinstance(t, cst.Name) and t.value == SET_NAME for t in targets):
                        return True
    return False
