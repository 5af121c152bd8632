"""PY102 unclosed-connection."""

from __future__ import annotations

import functools
import sys

CODE = "PY102"
NAME = "unclosed-connection"
LANGUAGE = "python"
SUMMARY = "socket, HTTP, database or mail connection held in a local and not closed on every path"
TRIGGERS = (b"socket", b"Connection(", b"urlopen(", b"connect(", b"Session(", b"session(", b"Client(", b"FTP", b"SMTP")
FIXABLE = True

# "closing": not a context manager (HTTPConnection), or one whose __exit__
# does more than close (sqlite3 commits or rolls back and stays open; FTP and
# SMTP send QUIT): contextlib.closing(...) closes, and only closes
CONSTRUCTORS = {
    "socket.socket": "with",
    "socket.create_connection": "with",
    "urllib.request.urlopen": "with",
    "requests.Session": "with",
    "requests.session": "with",
    "httpx.Client": "with",
    "http.client.HTTPConnection": "closing",
    "http.client.HTTPSConnection": "closing",
    "sqlite3.connect": "closing",
    "ftplib.FTP": "closing",
    "ftplib.FTP_TLS": "closing",
    "smtplib.SMTP": "closing",
    "smtplib.SMTP_SSL": "closing",
}

DOC = """
## What it does
Finds a connection assigned to a local variable of a function that is
neither returned nor stored, and not closed on every path: sockets
(`socket.socket`, `socket.create_connection`), `http.client.HTTPConnection`
and `HTTPSConnection`, `urllib.request.urlopen` responses, `sqlite3.connect`,
`requests.Session()`, `httpx.Client()`, `ftplib.FTP`, `smtplib.SMTP`.

## Why is this bad?
A connection holds a socket (a descriptor, and a peer waiting on the other
end) or a database handle with its locks.  Until it is closed, it stays open:
forever if anything keeps the object (an exception's traceback keeps the
frame), until the next collection otherwise.  A service that leaks one per
request runs out of descriptors or of server-side connection slots.

## Example
```python
def fetch(host):
    conn = http.client.HTTPSConnection(host)
    conn.request("GET", "/")
    body = conn.getresponse().read()
    conn.close()
    return body
```

## Use instead
```python
def fetch(host):
    with contextlib.closing(http.client.HTTPSConnection(host)) as conn:
        conn.request("GET", "/")
        body = conn.getresponse().read()
    return body
```

## Fix safety
Safe.  The fix is a `with` block over the statements that use the connection
(as for PY101).  Types whose context manager only closes are used directly
(`socket`, `urlopen`, `requests.Session`, `httpx.Client`); for the others the
fix uses `contextlib.closing(...)` (adding `import contextlib` when needed):
`http.client` connections are not context managers, a `sqlite3` connection's
`with` commits or rolls back but does not close, and the `with` of `FTP` and
`SMTP` also sends QUIT.  `closing` only calls `close()`, which is what the
code meant and what a collected connection would do.

No fix, only a report, when the uses are not consecutive statements of the
assignment's block; no finding when the connection is closed in `finally`,
used in a `with`, or escapes (returned, stored, a cursor or file made from it
returned: `conn.cursor()`, `conn.execute(...)`, `sock.makefile()`).

Python version: the same for every version.

## References
- https://docs.python.org/3/library/contextlib.html#contextlib.closing
- https://docs.python.org/3/library/sqlite3.html#sqlite3-connection-context-manager
- https://docs.python.org/3/library/socket.html#socket.socket.close
"""


@functools.cache
def _spec():
    from gofixleaks.lang.pyresource import Spec

    return Spec(
        constructors=CONSTRUCTORS,
        releases=frozenset({"close", "quit"}),
        noun="connection",
        retaining_methods=frozenset({"makefile", "cursor", "execute", "executemany", "executescript", "dup", "backup", "iterdump"}),
        escape_methods=frozenset({"detach"}),
    )


def check(ctx):
    from gofixleaks.lang.pyresource import unclosed_findings

    return unclosed_findings(ctx, sys.modules[__name__], _spec())
