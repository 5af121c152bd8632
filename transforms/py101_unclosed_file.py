"""PY101 unclosed-file."""

from __future__ import annotations

import functools
import sys

CODE = "PY101"
NAME = "unclosed-file"
LANGUAGE = "python"
SUMMARY = "file from open() held in a local and not closed on every path"
TRIGGERS = (b"open(", b"TemporaryFile(")
FIXABLE = True

CONSTRUCTORS = {
    "open": "with",
    "io.open": "with",
    "gzip.open": "with",
    "bz2.open": "with",
    "lzma.open": "with",
    "tempfile.TemporaryFile": "with",
    "tempfile.NamedTemporaryFile": "with",
}

DOC = """
## What it does
Finds a file from `open()` (also `io.open`, `gzip.open`, `bz2.open`,
`lzma.open`, `tempfile.TemporaryFile` and `NamedTemporaryFile`) assigned to a
local variable of a function that is neither returned nor stored, and not
closed on every path: never closed, or closed by a `close()` call that an
exception raised before it skips.

## Why is this bad?
The descriptor stays open until the file object is collected.  CPython
collects it when the last reference goes, but an exception's traceback holds
the frame (and the file) for as long as the exception lives (logged, stored,
re-raised up the stack), other interpreters (PyPy) collect it much later, and
unflushed writes are lost if the process dies first.  Python itself warns:
run with `-W error::ResourceWarning` and every such file is an error.

## Example
```python
def first_line(path):
    f = open(path)
    line = f.readline()
    f.close()
    return line
```

## Use instead
```python
def first_line(path):
    with open(path) as f:
        line = f.readline()
    return line
```

## Fix safety
Safe.  The fix turns the assignment into `with open(...) as f:` over the
statements that follow it in the same block, up to the last one that uses
`f` or anything computed from it (so every use stays inside the block); only
those lines are re-indented (lines inside a multi-line string are left as
they are) and a trailing `f.close()` line is removed.  The file is closed
when the block is left, normally or by an exception: earlier than before,
never while it is still used.

No fix, only a report, when the uses are not consecutive statements of the
assignment's block (the file is also used after an enclosing `if` or `try`),
the variable is assigned more than once, or nothing uses it.

No finding when the file is closed in a `finally` block or right after the
assignment, used in a `with` statement, handed to `ExitStack.enter_context`,
or escapes: returned, yielded, stored in an attribute, container or global,
appended, passed to something that keeps it (`csv.reader(f)` returned), or
used by a nested function.  The path of a `NamedTemporaryFile` (`f.name`)
handed to a call counts as the file itself (the file on disk is deleted when
the object is closed).  Only function bodies are checked (a script's
module-level file lives as long as the script).

Python version: the same for every version.

## References
- https://docs.python.org/3/library/functions.html#open
- https://docs.python.org/3/reference/compound_stmts.html#the-with-statement
- https://docs.python.org/3/library/exceptions.html#ResourceWarning
- ruff SIM115, pylint R1732 (report only)
"""


@functools.cache
def _spec():
    from gofixleaks.lang.pyresource import Spec

    return Spec(
        constructors=CONSTRUCTORS, releases=frozenset({"close"}), noun="file", retaining_attrs=frozenset({"buffer", "raw"}), escape_methods=frozenset({"detach"}),
        extra={"name_retains": ("tempfile.NamedTemporaryFile",)},
    )


def check(ctx):
    from gofixleaks.lang.pyresource import unclosed_findings

    return unclosed_findings(ctx, sys.modules[__name__], _spec(), never="is never closed; its descriptor stays open until the object is collected")
