"""What the index knows of the standard library without reading it: result
types of a few constructors and methods, package variables, and the functions
that neither close nor retain their arguments.

Types are written ``import/path.Name`` (pointers dropped).
"""

from __future__ import annotations

# package-level functions: (import path, name) -> result types, in order
FUNC_RESULTS: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("net/http/httptest", "NewServer"): ("net/http/httptest.Server",),
    ("net/http/httptest", "NewTLSServer"): ("net/http/httptest.Server",),
    ("net/http/httptest", "NewUnstartedServer"): ("net/http/httptest.Server",),
    ("net/http/httptest", "NewRecorder"): ("net/http/httptest.ResponseRecorder",),
    ("net/http", "Get"): ("net/http.Response", None),
    ("net/http", "Head"): ("net/http.Response", None),
    ("net/http", "Post"): ("net/http.Response", None),
    ("net/http", "PostForm"): ("net/http.Response", None),
    ("net/http", "NewRequest"): ("net/http.Request", None),
    ("net/http", "NewRequestWithContext"): ("net/http.Request", None),
    ("os", "Open"): ("os.File", None),
    ("os", "Create"): ("os.File", None),
    ("os", "OpenFile"): ("os.File", None),
    ("os", "CreateTemp"): ("os.File", None),
    ("context", "WithCancel"): ("context.Context", "context.CancelFunc"),
    ("context", "WithTimeout"): ("context.Context", "context.CancelFunc"),
    ("context", "WithDeadline"): ("context.Context", "context.CancelFunc"),
}

# methods: (receiver type, name) -> result types
METHOD_RESULTS: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("net/http/httptest.Server", "Client"): ("net/http.Client",),
    ("net/http.Client", "Do"): ("net/http.Response", None),
    ("net/http.Client", "Get"): ("net/http.Response", None),
    ("net/http.Client", "Head"): ("net/http.Response", None),
    ("net/http.Client", "Post"): ("net/http.Response", None),
    ("net/http.Client", "PostForm"): ("net/http.Response", None),
    ("net/http.Transport", "RoundTrip"): ("net/http.Response", None),
    ("database/sql.DB", "Query"): ("database/sql.Rows", None),
    ("database/sql.DB", "QueryContext"): ("database/sql.Rows", None),
    ("database/sql.Tx", "Query"): ("database/sql.Rows", None),
    ("database/sql.Tx", "QueryContext"): ("database/sql.Rows", None),
    ("database/sql.Conn", "QueryContext"): ("database/sql.Rows", None),
    ("database/sql.Stmt", "Query"): ("database/sql.Rows", None),
    ("database/sql.Stmt", "QueryContext"): ("database/sql.Rows", None),
    ("net/http.Request", "Context"): ("context.Context",),
    ("testing.T", "Context"): ("context.Context",),
    ("testing.B", "Context"): ("context.Context",),
}

# package variables: (import path, name) -> type
VARS: dict[tuple[str, str], str] = {
    ("net/http", "DefaultClient"): "net/http.Client",
    ("net/http", "DefaultTransport"): "net/http.RoundTripper",
}

# A fresh resource of each kind: how it is released.  ``Body`` means
# ``x.Body.Close()``; otherwise ``x.<method>()``.
RESOURCES: dict[str, tuple[str, ...]] = {
    "net/http.Response": ("Body.Close",),
    "os.File": ("Close",),
    "database/sql.Rows": ("Close",),
    "context.CancelFunc": ("()",),  # released by calling it
}

# functions that neither close nor keep any argument (whole packages, or names)
READ_ONLY: dict[str, frozenset[str] | None] = {
    "fmt": frozenset({
        "Print", "Printf", "Println", "Sprint", "Sprintf", "Sprintln", "Fprint", "Fprintf", "Fprintln",
        "Errorf", "Append", "Appendf", "Appendln",
    }),
    "log": frozenset({"Print", "Printf", "Println", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"}),
    "log/slog": frozenset({"Debug", "Info", "Warn", "Error", "Any"}),
    "strconv": None,
    "errors": frozenset({"Is", "As", "New", "Unwrap"}),
    "strings": None,
    "bytes": frozenset({"Equal", "Compare", "Contains", "HasPrefix", "HasSuffix", "Index"}),
    "encoding/json": frozenset({"Marshal", "MarshalIndent"}),
    "encoding/xml": frozenset({"Marshal", "MarshalIndent"}),
    "reflect": frozenset({"TypeOf", "DeepEqual"}),
}


def read_only(path: str, name: str) -> bool:
    if path not in READ_ONLY:
        return False
    names = READ_ONLY[path]
    return names is None or name in names
