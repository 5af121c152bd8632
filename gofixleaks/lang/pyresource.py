"""A resource held in a local variable of a Python function: PY101-PY104.

The shape (three lines)::

    f = open(path)          # a constructor the rule knows, into a plain local
    data = f.read()         # used by the next statements of the same block
    f.close()               # or never closed; not in a `finally`

What the rules share:

- *released*: ``with f``, ``with closing(f)``, ``stack.enter_context(f)``,
  ``f.close`` passed as a callback, or a release method (``close``,
  ``shutdown``, ``wait``...) in a ``finally`` block or right after the
  assignment.  Rules whose resource is released by any call at all (pools,
  processes: "never shut down", "never waited") say so with ``any_release``.
- *escapes*: the value, or a value that keeps it (an alias: ``r =
  csv.reader(f)``, ``cur = conn.cursor()``), is returned, yielded, stored in
  an attribute, subscript, container or global, appended, registered, or used
  by a nested function, lambda or class.  An escaping resource is someone
  else's to close: no finding.
- *the fix*: ``with CALL as f:`` (or ``with contextlib.closing(CALL) as f:``)
  covering the statements from the assignment to the last use of ``f`` or of
  anything computed from it, when they are consecutive statements of one
  block; only those lines are re-indented (one indent unit inserted at each
  line start, lines inside multi-line strings left alone), a trailing
  ``f.close()`` line is removed.  Otherwise the finding is reported without a
  fix.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import libcst as cst

from ..model import Edit, Fix, Safety
from .pycontext import PyFileContext, children, dotted, mentions, name_uses, walk

# calls whose result keeps no reference to their arguments
CONSUMERS = frozenset(
    {
        "json.load", "pickle.load", "marshal.load", "tomllib.load", "yaml.safe_load", "yaml.load",
        "yaml.full_load", "list", "tuple", "set", "frozenset", "sorted", "len", "sum", "min", "max",
        "any", "all", "print", "str", "bytes", "bytearray", "int", "float", "bool", "repr",
        "shutil.copyfileobj", "hashlib.file_digest", "isinstance", "hasattr", "getattr", "id",
        "os.fstat", "os.fsync", "select.select", "json.dump", "pickle.dump", "marshal.dump",
        "yaml.dump", "yaml.safe_dump", "plistlib.load", "plistlib.dump", "fcntl.flock",
        "fcntl.lockf", "fcntl.fcntl", "subprocess.run", "subprocess.call", "subprocess.check_call",
        "subprocess.check_output", "subprocess.Popen", "os.fchmod", "os.fchown", "os.ftruncate",
        "type", "callable", "vars", "dir", "format", "hash", "next",
    }
)
# calls that keep the object they are given in the value they return (an
# alias, tracked like the resource itself), and nothing else
WRAPPERS = frozenset(
    {
        "csv.reader", "csv.writer", "csv.DictReader", "csv.DictWriter", "io.TextIOWrapper",
        "io.BufferedReader", "io.BufferedWriter", "codecs.getreader", "codecs.getwriter",
        "iter", "enumerate", "zip", "map", "filter", "reversed", "itertools.islice", "itertools.chain",
    }
)
# attributes that are plain data, not bound methods or owned objects
DATA_ATTRS = frozenset(
    {
        "name", "closed", "mode", "encoding", "errors", "newlines", "pid", "returncode", "args",
        "family", "type", "proto", "status", "reason", "code", "url", "headers", "length",
        "total_changes", "in_transaction", "isolation_level", "row_factory", "host", "port",
        "timeout", "cookies", "auth", "verify", "closed", "_max_workers",
    }
)


@dataclass(frozen=True)
class Spec:
    """What one rule looks for."""

    # qualified constructor -> "with" (a context manager that releases it) or
    # "closing" (not one, or one whose __exit__ does more than close)
    constructors: dict[str, str]
    releases: frozenset[str]  # methods that release it
    noun: str  # "file", "connection", ...
    any_release: bool = False  # any release call anywhere is enough (no finding)
    retaining_methods: frozenset[str] = frozenset()  # results that keep the resource
    retaining_attrs: frozenset[str] = frozenset()  # attributes that keep it (p.stdout)
    escape_methods: frozenset[str] = frozenset()  # calls that hand the resource over (sock.detach())
    safety: Safety = Safety.SAFE
    extra: dict = field(default_factory=dict)


@dataclass
class Candidate:
    """One resource in a local: what the rule module needs to word its finding."""

    name: str
    call: cst.Call
    qualname: str
    stmt: cst.SimpleStatementLine
    function: cst.FunctionDef
    closed_somewhere: bool
    fix: Fix | None
    why_no_fix: str | None
    uses: list = field(default_factory=list)  # method names called on the resource


def candidates(ctx: PyFileContext, spec: Spec) -> list[Candidate]:
    out: list[Candidate] = []
    for fn in walk(ctx.module):
        if not isinstance(fn, cst.FunctionDef):
            continue
        for stmt, name, call, qual in _assignments(ctx, fn, spec):
            c = _analyse(ctx, spec, fn, stmt, name, call, qual)
            if c is not None:
                out.append(c)
    return out


def no_fix_note(c: Candidate, hint: str = "; use a with block") -> str:
    """What a finding without a fix ends with: why there is none."""
    return f" (no automatic fix: {c.why_no_fix}{hint})"


def unclosed_findings(ctx: PyFileContext, rule, spec: Spec, never: str = "is never closed") -> list:
    """The findings of a rule whose resource is closed (PY101, PY102): one per
    candidate, "never closed" (``never``) or closed but not on every path."""
    out = []
    for c in candidates(ctx, spec):
        how = f"is closed, but not when an exception is raised before `{c.name}.close()`" if c.closed_somewhere else never
        msg = f"the {spec.noun} from {c.qualname}() in `{c.name}` {how}"
        if c.fix is None:
            msg += no_fix_note(c)
        out.append(ctx.finding(rule, c.call, msg, c.fix))
    return out


def discarded_calls(ctx: PyFileContext, spec: Spec) -> list[tuple[cst.Call, str]]:
    """Constructor calls whose result is thrown away (``subprocess.Popen(cmd)`` as a statement)."""
    out = []
    for node in walk(ctx.module):
        if isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
            q = ctx.qualname(node.value.func)
            if q in spec.constructors:
                out.append((node.value, q))
    return out


# ---- finding the assignments ---------------------------------------------------

def _own_statements(fn: cst.FunctionDef):
    """Every node of ``fn``'s body, not descending into nested functions, classes or lambdas."""
    stack = list(reversed(children(fn.body)))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        stack.extend(reversed(children(n)))


def _assignments(ctx, fn, spec):
    for node in _own_statements(fn):
        if not isinstance(node, cst.SimpleStatementLine):
            continue
        for small in node.body:
            if not isinstance(small, cst.Assign) or len(small.targets) != 1:
                continue
            target = small.targets[0].target
            if not isinstance(target, cst.Name) or not isinstance(small.value, cst.Call):
                continue
            q = ctx.qualname(small.value.func)
            if q in spec.constructors:
                yield node, target.value, small.value, q


# ---- what a value keeps --------------------------------------------------------

def retains(ctx, spec: Spec, expr, names: set[str]) -> bool:
    """May the value of ``expr`` hold a reference to one of ``names``?"""
    if isinstance(expr, cst.Name):
        return expr.value in names
    if isinstance(expr, cst.Attribute):
        if retains(ctx, spec, expr.value, names):
            # a method value (`pool.map`) keeps its object; known data does not
            return expr.attr.value in spec.retaining_attrs or expr.attr.value not in DATA_ATTRS
        return False
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and retains(ctx, spec, func.value, names):
            return func.attr.value in spec.retaining_methods
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.SimpleString) and func.attr.value == "join":
            return False
        if ctx.qualname(func) in CONSUMERS:
            return False
        if isinstance(func, cst.Attribute) and not mentions(func.value, names) and func.attr.value in ("read", "write", "decode", "encode", "format", "get"):
            return False
        return any(retains(ctx, spec, a.value, names) for a in expr.args) or retains(ctx, spec, func, names)
    if isinstance(expr, cst.Await):
        return retains(ctx, spec, expr.expression, names)
    if isinstance(expr, cst.From):
        return retains(ctx, spec, expr.item, names)
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return any(retains(ctx, spec, e.value, names) for e in expr.elements)
    if isinstance(expr, cst.Dict):
        return any(retains(ctx, spec, e.value, names) or retains(ctx, spec, e.key, names) for e in expr.elements if isinstance(e, cst.DictElement))
    if isinstance(expr, cst.IfExp):
        return retains(ctx, spec, expr.body, names) or retains(ctx, spec, expr.orelse, names)
    if isinstance(expr, cst.BooleanOperation):
        return retains(ctx, spec, expr.left, names) or retains(ctx, spec, expr.right, names)
    if isinstance(expr, (cst.GeneratorExp, cst.Lambda)):
        return mentions(expr, names)  # lazy: runs later, with what it mentions
    if isinstance(expr, (cst.ListComp, cst.SetComp, cst.DictComp)):
        # eager: keeps what its elements keep (loop variables over kept values count)
        inner = set(names)
        comp = expr.for_in
        while comp is not None:
            if retains(ctx, spec, comp.iter, inner) or mentions(comp.iter, inner):
                inner |= {n.value for n in walk(comp.target) if isinstance(n, cst.Name)}
            comp = comp.inner_for_in
        if isinstance(expr, cst.DictComp):
            return retains(ctx, spec, expr.key, inner) or retains(ctx, spec, expr.value, inner)
        return retains(ctx, spec, expr.elt, inner)
    if isinstance(expr, cst.NamedExpr):
        return retains(ctx, spec, expr.value, names)
    if isinstance(expr, cst.StarredElement):
        return retains(ctx, spec, expr.value, names)
    return False


def _stmt_of(ctx, node):
    """The statement (simple line or compound) that contains ``node``."""
    for a in [node, *ctx.ancestors(node)]:
        if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            return a
    return None


def _in_finally(ctx, node, fn) -> bool:
    for a in ctx.ancestors(node):
        if a is fn:
            return False
        if isinstance(a, cst.Finally):
            return True
    return False


def _in_nested_scope(ctx, node, fn) -> bool:
    for a in ctx.ancestors(node):
        if a is fn:
            return False
        if isinstance(a, (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.GeneratorExp, cst.ListComp, cst.SetComp, cst.DictComp)):
            return not isinstance(a, (cst.GeneratorExp, cst.ListComp, cst.SetComp, cst.DictComp))
    return False


# ---- one candidate ----------------------------------------------------------------

def _analyse(ctx, spec, fn, stmt, name, call, qual) -> Candidate | None:
    if qual in spec.extra.get("name_retains", ()):
        # NamedTemporaryFile: the file on disk lives as long as the object, so
        # its `.name` handed anywhere keeps needing it open
        spec = dataclasses.replace(spec, retaining_attrs=spec.retaining_attrs | {"name"})
    if len(stmt.body) != 1:
        return _report(ctx, fn, stmt, name, call, qual, False, "the assignment shares its line with other statements")
    narrow = {name}  # the resource and the values that keep it (the with block covers them)
    closed = False
    release_safe = False
    assigned = 0
    method_uses = []
    # globals / nonlocals
    for node in _own_statements(fn):
        if isinstance(node, (cst.Global, cst.Nonlocal)) and any(n.name.value == name for n in node.names):
            return None
    changed = True
    uses = list(name_uses(fn.body, {name}))
    while changed:
        changed = False
        for node in _own_statements(fn):
            if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)) and node.value is not None:
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                tnames = {n.value for t in targets for n in walk(t) if isinstance(n, cst.Name)}
                if retains(ctx, spec, node.value, narrow):
                    if isinstance(node, cst.Assign) and all(isinstance(t, cst.Name) for t in targets):
                        if not tnames <= narrow:
                            narrow |= tnames
                            changed = True
                    else:
                        return None  # stored in an attribute, subscript, unpacked: escapes
    for n in _own_statements(fn):
        if isinstance(n, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name for t in n.targets):
            assigned += 1
    # every use of the resource and of what keeps it
    in_call = {id(n) for n in walk(call)}  # `file = open(file)`: the old value
    for use in name_uses(fn.body, narrow):
        if id(use) in in_call:
            continue
        if _in_nested_scope(ctx, use, fn):
            return None  # a closure, nested function or class uses it
        parent = ctx.parent(use)
        # f.method(...) / f.attr
        if isinstance(parent, cst.Attribute) and parent.value is use:
            grand = ctx.parent(parent)
            attr = parent.attr.value
            is_call = isinstance(grand, cst.Call) and grand.func is parent
            if attr in spec.releases and use.value == name:
                if not is_call:
                    return None  # f.close handed over as a callback
                closed = True
                if spec.any_release:
                    return None
                if _in_finally(ctx, use, fn) or _right_after(ctx, stmt, use):
                    release_safe = True
            if attr in spec.escape_methods:
                return None
            if is_call and use.value == name:
                method_uses.append(attr)
            # and on: `return conn.cursor()` hands the connection over
        for a in [use, *ctx.ancestors(use)]:
            if a is fn:
                break
            if isinstance(a, cst.WithItem):
                return None  # with f: / with closing(f):
            if isinstance(a, (cst.Return, cst.Yield)) and a.value is not None and retains(ctx, spec, a.value, narrow):
                return None
            if isinstance(a, cst.Arg):
                call_node = ctx.parent(a)
                if isinstance(call_node, cst.Call) and retains(ctx, spec, a.value, narrow):
                    # handed to a call: it may keep it (`self.prebind(sock)`
                    # stores a server socket), unless the call is known not to
                    if ctx.qualname(call_node.func) not in CONSUMERS | WRAPPERS:
                        return None
            if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                break
    if release_safe or _never_returns_after(ctx, stmt):
        return None
    if assigned > 1:
        return _report(ctx, fn, stmt, name, call, qual, closed, f"`{name}` is assigned more than once", method_uses)
    fix, why = _with_fix(ctx, spec, fn, stmt, name, call, qual, narrow)
    return Candidate(name, call, qual, stmt, fn, closed, fix, why, method_uses)


def _never_returns_after(ctx, stmt) -> bool:
    """Is ``stmt`` followed, in its block, by a ``while True:`` loop that
    neither breaks nor returns (a script's or server's main loop, left only
    by exiting the process)?  A resource held there lives as long as the
    process: not a leak."""
    block = ctx.parent(stmt)
    body = list(getattr(block, "body", ()) or ())
    if stmt not in body:
        return False
    for s in body[body.index(stmt) + 1 :]:
        if isinstance(s, cst.While) and (
            (isinstance(s.test, cst.Name) and s.test.value == "True") or (isinstance(s.test, cst.Integer) and s.test.value == "1")
        ):
            if not any(isinstance(n, (cst.Break, cst.Return)) for n in _loop_own_nodes(s)):
                return True
    return False


def _loop_own_nodes(loop):
    """The nodes of a loop's body, not inside nested loops (their breaks are
    theirs), functions or classes (their returns are theirs)."""
    stack = list(children(loop.body))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, (cst.For, cst.While, cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            if isinstance(n, (cst.For, cst.While)):
                stack.extend(c for c in children(n) if c is not n.body)  # orelse
                stack.extend(m for m in walk(n.body) if isinstance(m, cst.Return))
            continue
        stack.extend(children(n))


def _report(ctx, fn, stmt, name, call, qual, closed, why, uses=None):
    return Candidate(name, call, qual, stmt, fn, closed, None, why, uses or [])


def _right_after(ctx, stmt, use) -> bool:
    """Is ``use`` in the statement right after ``stmt`` in the same block (nothing can raise between)?"""
    block = ctx.parent(stmt)
    body = getattr(block, "body", None)
    if not isinstance(body, (list, tuple)) or stmt not in body:
        return False
    i = body.index(stmt)
    return i + 1 < len(body) and _stmt_of(ctx, use) is body[i + 1] and isinstance(body[i + 1], cst.SimpleStatementLine)


# ---- the fix: a with block ---------------------------------------------------------

def _with_fix(ctx, spec, fn, stmt, name, call, qual, broad: set[str]):
    """``broad``: the resource's name and the names of values that keep it."""
    block = ctx.parent(stmt)
    body = getattr(block, "body", None)
    if not isinstance(block, cst.IndentedBlock) or not isinstance(body, (list, tuple)):
        return None, "the assignment is not in an indented block"
    i = list(body).index(stmt)
    # the block ends at the last statement using the resource (or what keeps
    # it); another resource of the same kind opened inside extends it to its
    # own last use, so that its own fix can nest inside (never a with block
    # that ends between another resource's assignment and its uses)
    names = set(broad)
    last = i
    while True:
        for j in range(i + 1, len(body)):
            if mentions(body[j], names):
                last = max(last, j)
        inner = {
            t.target.value
            for s in body[i + 1 : last + 1]
            for n in walk(s)
            if isinstance(n, cst.Assign) and isinstance(n.value, cst.Call) and ctx.qualname(n.value.func) in spec.constructors
            for t in n.targets
            if isinstance(t.target, cst.Name)
        }
        if inner <= names:
            break
        names |= inner
    # a use outside this block (after it, or in an enclosing block) cannot be covered
    inside = {id(n) for s in body[i : last + 1] for n in walk(s)}
    for use in name_uses(fn.body, names):
        if id(use) not in inside:
            return None, f"`{name}` (or a value made from it) is used outside the statements that follow the assignment in its block"
    covered = list(body[i + 1 : last + 1])
    if not covered:
        return None, f"`{name}` is not used after the assignment"
    edits: list[Edit] = []
    removed_close = None
    # a trailing `f.close()` alone on its line is dropped (the with closes)
    tail = covered[-1]
    if len(covered) > 1 and _is_release_line(ctx, spec, tail, name):
        s_line, e_line = ctx.lines(tail)
        text = ctx.line_text(s_line).strip()
        if s_line == e_line and text.endswith(b")") and b"#" not in text:
            removed_close = s_line
            covered = covered[:-1]
            last_line = ctx.lines(covered[-1])[1]
        else:
            last_line = e_line
    else:
        last_line = ctx.lines(tail)[1]
    # the header
    assign = stmt.body[0]
    a_start, a_end = ctx.span(assign)
    c_start, c_end = ctx.span(call)
    call_text = ctx.source[c_start:c_end]
    imports = []
    mode = spec.constructors[qual]
    if mode == "closing":
        local = _closing_name(ctx)
        if local is None:
            local = "contextlib.closing"
            e = ctx.import_edit("contextlib")
            if e is not None:
                imports.append(e)
        header = b"with " + local.encode() + b"(" + call_text + b") as " + name.encode() + b":"
    else:
        header = b"with " + call_text + b" as " + name.encode() + b":"
    edits.append(Edit(a_start, a_end, header))
    # re-indent the covered lines
    first_line = ctx.lines(stmt)[1] + 1
    in_string = _string_continuation_lines(ctx, covered)
    indent = ctx.indent_of(stmt)
    unit = b"\t" if indent.startswith(b"\t") else (ctx.indent_unit if not ctx.indent_unit.startswith(b"\t") else b"    ")
    # one edit over the covered lines (the bytes that change are the indent
    # units inserted at each line start): a fix nested in this block then
    # overlaps it and waits for the next round, instead of merging with it
    region = []
    for line in range(first_line, last_line + 1):
        text = ctx.line_text(line)
        region.append(text if not text.strip() or line in in_string else unit + text)
    text = b"".join(region)
    end = ctx.line_end(last_line)
    if removed_close is not None:
        # the dropped close line goes with the region (and, when it was the
        # file's last line without a final newline, so does the newline before it)
        end = ctx.line_end(removed_close)
        if not ctx.source.endswith(b"\n") and end == len(ctx.source):
            text = text[: -len(ctx.newline)] if text.endswith(ctx.newline) else text.rstrip(b"\r\n")
    edits.append(Edit(ctx.line_start(first_line), end, text))
    title = f"Use `with {'contextlib.closing(...)' if mode == 'closing' else qual + '(...)'} as {name}:`"
    return Fix(title, tuple(edits + imports), spec.safety), None


def _is_release_line(ctx, spec, stmt, name) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    e = stmt.body[0]
    if not isinstance(e, cst.Expr) or not isinstance(e.value, cst.Call) or e.value.args:
        return False
    f = e.value.func
    return isinstance(f, cst.Attribute) and dotted(f.value) == name and f.attr.value == "close"  # quit, shutdown... do more


def _closing_name(ctx) -> str | None:
    for local, full in ctx.imports.items():
        if full == "contextlib.closing":
            return local
    for local, full in ctx.imports.items():
        if full == "contextlib":
            return f"{local}.closing"
    return None


def _string_continuation_lines(ctx, stmts) -> set[int]:
    """Lines that start inside a multi-line string literal (never re-indented:
    that would change the string)."""
    out: set[int] = set()
    for s in stmts:
        for n in walk(s):
            if isinstance(n, (cst.SimpleString, cst.FormattedString)):
                a, b = ctx.lines(n)
                out.update(range(a + 1, b + 1))
    return out
