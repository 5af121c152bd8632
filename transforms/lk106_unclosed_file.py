"""LK106 unclosed-file."""

from __future__ import annotations

import re
import sys

from gofixleaks import gosyntax as gs
from gofixleaks import lifetime, parsing
from gofixleaks.model import Fix, Safety

CODE = "LK106"
NAME = "unclosed-file"
SUMMARY = "file from os.Open, os.Create or os.OpenFile is never closed"
TRIGGERS = (b"os.Open", b"os.Create")
FIXABLE = True

# reported only with --preview (README "Preview")
PREVIEW_SHAPES = {"go-run-program": "a file left open in a `//go:build ignore` program (a go:generate or go run script that exits)"}


_BUILD_IGNORE = re.compile(rb"^//go:build ignore[ \t]*\r?$", re.M)


def _go_run_program(source: bytes) -> bool:
    """A ``//go:build ignore`` file before its package clause: a program run
    by hand or by ``go generate`` (``go run gen.go``), not built with the module."""
    head = source.split(b"\npackage ", 1)[0]
    return _BUILD_IGNORE.search(head) is not None

DOC = """
## What it does
Finds `*os.File` values from `os.Open`, `os.Create`, `os.CreateTemp` or
`os.OpenFile` that are assigned to a local variable and never closed: no
`f.Close()` anywhere in the function (directly, deferred, or in a deferred
closure), and the file does not escape.

## Why is this bad?
Every open file holds a file descriptor.  A process has a limited number of
them (`ulimit -n`, often 1024); a function that leaks one per call fails,
sooner or later, with "too many open files", and so does every other part of
the program that needs a descriptor (sockets included).  The runtime closes
an unreachable `*os.File` from a finalizer, but only when the garbage
collector happens to run: a program that opens files faster than it allocates
memory runs out of descriptors first.

For a file opened for writing, `Close` can also report that the written data
did not reach the disk (full disk, quota, NFS): dropping it loses data
silently.

## Example
```go
func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(f)
	sc.Scan()
	return sc.Text(), sc.Err()
}
```

## Use instead
```go
func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	return sc.Text(), sc.Err()
}
```

For a file opened for writing, keep the error of `Close`:
```go
func save(path string, data []byte) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	_, err = f.Write(data)
	return err
}
```

## Fix safety
Read-only files (`os.Open`, or `os.OpenFile` whose flags name `O_RDONLY` and
no write flag): the fix inserts `defer f.Close()` right after the
`if err != nil` block that checks the call, and is safe: that block always
leaves the function, so `f` is non-nil where the defer runs, `defer`
evaluates `f` at once (a later reassignment does not change which file is
closed), and the close error of a read-only file carries no information.

Writable files (`os.Create`, `os.CreateTemp`, or `os.OpenFile` with
`O_WRONLY`, `O_RDWR`, `O_CREATE`, `O_APPEND`, `O_TRUNC`, or flags the rule
cannot read): the fix is unsafe (applied only with `--unsafe-fixes`), and
offered only when the function has a named `error` result and the call sits
in the function's top block (so that name surely means the result): it adds
a deferred closure that closes the file and stores the `Close` error in that
result when no other error is returned.  That changes behaviour: the function now returns an error
it used to ignore.  Without a named error result, the finding is report-only
(a plain `defer f.Close()` would drop the error that tells that data was
lost).

No fix, only a report, when: the error is discarded or not checked right
after the call, the check does not always leave, or the call sits in a loop
(a defer would hold every file until the function returns; close it at the
end of each iteration, see LK107).

No finding at all when the file is closed anywhere in the function, or
escapes: returned, a named result, stored in a field, map, slice, global or
other variable, sent on a channel, passed to a function other than a known
reader or writer (`io.ReadAll`, `io.Copy`, `fmt.Fprintf`, `bufio.NewScanner`,
`json.NewDecoder`, ...: for a wrapper, only when the wrapper itself is used
only through its methods), used as a method value, asked for its descriptor
(`Fd`, `SyscallConn`), or used in a closure or goroutine.

Preview (`--preview`, `preview = true`): in a `//go:build ignore` file (a
program run by `go generate` or `go run`, not part of the module's build)
the rule reports only in preview; on reviewed real modules (syncthing,
coredns) 1 of 3 such findings was a real leak: these programs open a file
or two and exit, and the operating system closes them.

Go version: the same for every version.

## References
- https://pkg.go.dev/os#File.Close
- https://pkg.go.dev/os#Open
- https://go.dev/doc/effective_go#defer
"""

_RESULTS = parsing.query("(parameter_declaration name: (identifier) @name type: (_) @type)")

_OPENERS = {"Open", "Create", "CreateTemp", "OpenFile"}
_WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREATE", "O_APPEND", "O_TRUNC")

# functions that read or write a file given to them and keep nothing of it
_CONSUMERS = {
    "io": {"ReadAll", "Copy", "CopyN", "CopyBuffer", "ReadFull", "ReadAtLeast", "WriteString"},
    "io/ioutil": {"ReadAll"},
    "fmt": {"Fprint", "Fprintf", "Fprintln", "Fscan", "Fscanf", "Fscanln"},
    "encoding/binary": {"Read", "Write"},
}
# functions that wrap it in a reader or writer (which must stay local too)
_WRAPPERS = {
    "io": {"LimitReader", "NewSectionReader"},
    "bufio": {"NewReader", "NewReaderSize", "NewScanner", "NewWriter", "NewWriterSize"},
    "encoding/json": {"NewDecoder", "NewEncoder"},
    "encoding/xml": {"NewDecoder", "NewEncoder"},
    "encoding/csv": {"NewReader", "NewWriter"},
}
# methods that hand out the descriptor itself
_ESCAPING_METHODS = {"Fd", "SyscallConn"}

CLOSE, USE, ESCAPE = "close", "use", "escape"
_RULE = sys.modules[__name__]


def prefilter(source: bytes) -> bool:
    """``"os"`` imported and something called like an opener (any import name)."""
    return b'"os"' in source and (b".Open" in source or b".Create" in source)


def _local_reader(ctx, call, body, depth: int = 0) -> bool:
    """Is the wrapper ``call`` used in place, or kept in a local used only through its methods?"""
    parent = call.parent
    if parent.type == "selector_expression":  # json.NewDecoder(f).Decode(&v)
        return parent.parent.type == "call_expression"
    if parent.type == "argument_list":  # io.ReadAll(io.LimitReader(f, n))
        outer = parent.parent
        return depth < 3 and bool(gs.pkg_func(ctx, outer, _CONSUMERS) or (gs.pkg_func(ctx, outer, _WRAPPERS) and _local_reader(ctx, outer, body, depth + 1)))
    if not (parent.type == "expression_list" and parent.parent.type == "short_var_declaration"):
        return False
    decl = parent.parent
    lhs = [n for n in decl.child_by_field_name("left").named_children if n.type != "comment"]
    rhs = [n for n in parent.named_children if n.type != "comment"]
    if len(lhs) != 1 or len(rhs) != 1 or lhs[0].type != "identifier":
        return False
    name = gs.text(lhs[0])
    for ident in gs.identifiers(body, name):
        if ident == lhs[0]:
            continue
        if lifetime.in_closure(ident, body):
            return False
        p = ident.parent
        if p.type == "selector_expression" and p.child_by_field_name("operand") == ident and p.parent.type == "call_expression":
            continue  # sc.Scan()
        if p.type == "argument_list" and gs.pkg_func(ctx, p.parent, _CONSUMERS):
            continue  # io.Copy(dst, br)
        return False
    return True


def _classify(ctx, ident, body) -> str:
    """How one occurrence of the file variable is used."""
    p = ident.parent
    kind = ESCAPE
    if p.type in ("var_spec", "parameter_declaration"):
        kind = USE  # its declaration
    elif p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        method = gs.text(p.child_by_field_name("field"))
        called = p.parent.type == "call_expression" and p.parent.child_by_field_name("function") == p
        if called and method == "Close":
            kind = CLOSE
        elif called and method not in _ESCAPING_METHODS:
            kind = USE
    elif p.type == "argument_list":
        call = p.parent
        if gs.pkg_func(ctx, call, _CONSUMERS) or (gs.pkg_func(ctx, call, _WRAPPERS) and _local_reader(ctx, call, body)):
            kind = USE
    elif lifetime.is_compared(ident):
        kind = USE
    elif lifetime.is_assigned(ident):
        kind = USE  # (re)assigned: the defer has already taken its value
    if kind != CLOSE and lifetime.in_closure(ident, body):
        return ESCAPE
    return kind


def _results(func) -> list[tuple[str, str]]:
    """(name, type) of the named results of ``func``."""
    result = func.child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return []
    out = []
    for caps in parsing.matches(_RESULTS, result):
        out.append((gs.text(caps["name"][0]), gs.text(caps["type"][0])))
    return out


def _writable(ctx, func_name: str, args) -> str | None:
    """Why the file may be written (None: read-only)."""
    if func_name in ("Create", "CreateTemp"):
        return "created for writing"
    if func_name == "Open":
        return None
    argv = [n for n in args.named_children if n.type != "comment"]
    if len(argv) < 2:
        return "opened with flags the rule cannot read"
    flags = gs.text(argv[1])
    if any(w in flags for w in _WRITE_FLAGS):
        return "opened for writing"
    if "O_RDONLY" in flags:
        return None
    return "opened with flags the rule cannot read"


def _close_keeping_error(ctx, func, assign, check_stmt, fname: str) -> tuple[Fix | None, str | None]:
    """The unsafe fix for a writable file (a deferred close storing its error
    in the named error result), or (None, why not)."""
    errs = [n for n, t in _results(func) if t == "error" and n != "_"]
    if not errs:
        return None, "no named error result to keep the Close error in"
    if assign.parent is None or assign.parent.parent != gs.function_body(func):
        # only in the top block does the result's name surely mean the result
        return None, "opened in a nested block, where the error result's name may be shadowed"
    err = errs[-1]
    cerr = gs.free_name(func, "cerr")
    src = ctx.source
    eol = gs.eol_at(src, check_stmt.end_byte).decode()
    ind = gs.indent_of(src, check_stmt).decode()
    text = eol.join(
        [
            "defer func() {",
            f"{ind}\tif {cerr} := {fname}.Close(); {cerr} != nil && {err} == nil {{",
            f"{ind}\t\t{err} = {cerr}",
            f"{ind}\t}}",
            f"{ind}}}()",
        ]
    )
    edit = gs.insert_line_after(src, check_stmt, text)
    return Fix(f"Close {fname} in a deferred closure that keeps its error in {err}", (edit,), safety=Safety.UNSAFE), None


def check(ctx):
    os_names = ctx.local_names("os")
    if not os_names:
        return
    if _go_run_program(ctx.source) and not ctx.settings.preview:
        return  # preview (PREVIEW_SHAPES)
    seen: dict[tuple[int, str], bool] = {}
    for pair in gs.pair_calls(ctx.root):
        assign, call, func_name = pair.assign, pair.call, pair.method
        if pair.recv.type != "identifier" or gs.text(pair.recv) not in os_names or func_name not in _OPENERS:
            continue
        func = gs.enclosing_function(assign)
        if func is None:
            continue
        body = gs.function_body(func)
        fname, err_name = gs.text(pair.first), gs.text(pair.second)
        callee = gs.text(call.child_by_field_name("function"))
        why_writable = _writable(ctx, func_name, pair.args)
        if fname == "_":
            yield ctx.finding(_RULE, call, f"the file from {callee} is discarded, so it is never closed; assign it and close it")
            continue
        key = (func.id, fname)
        if key not in seen:
            kinds = {_classify(ctx, ident, body) for ident in gs.identifiers(body, fname)}
            seen[key] = (
                CLOSE in kinds
                or ESCAPE in kinds
                or lifetime.outlives(func, assign, fname)
            )
        if seen[key]:
            continue
        if why_writable:
            message = f"the file {fname} from {callee} ({why_writable}) is never closed; its descriptor leaks and a failed Close (lost data) goes unnoticed"
        else:
            message = f"the file {fname} from {callee} is never closed; its descriptor leaks until the garbage collector finalizes it"
        check_stmt, why = lifetime.close_site(assign, func, err_name, "close the file")
        if check_stmt is None:
            yield ctx.finding(_RULE, call, message + f" ({why}; no automatic fix)")
            continue
        if why_writable:
            fix, why = _close_keeping_error(ctx, func, assign, check_stmt, fname)
            if fix is None:
                yield ctx.finding(_RULE, call, message + f" ({why}; no automatic fix)")
            else:
                yield ctx.finding(_RULE, call, message, fix)
            continue
        yield ctx.finding(_RULE, call, message, lifetime.add_line_after(ctx.source, check_stmt, f"defer {fname}.Close()"))


def stays_local(ctx, name: str, scope) -> bool:
    """Is every use of ``name`` inside ``scope`` a method call, a close, a known
    reader/writer or a nil comparison (so the value does not leave ``scope``)?

    Shared with LK107, which moves a loop body holding ``defer f.Close()``.
    """
    return all(_classify(ctx, ident, scope) in (USE, CLOSE) for ident in gs.identifiers(scope, name))
