"""Small yes/no and lookup helpers over Go syntax trees, shared by the rules.

They walk *up* from a node (a few parents) or query a bounded byte range; none
walks every node of a tree.  Two also take a file context (``ctx``): for the
names a package is imported by (:func:`pkg_func`) and the package's other
files (:func:`resolve`).
"""

from __future__ import annotations

from typing import NamedTuple

from . import parsing
from .model import Edit

Node = parsing.Node

FUNC_TYPES = ("function_declaration", "method_declaration", "func_literal")
LOOP_TYPES = ("for_statement",)

_IDENTS = parsing.query("(identifier) @id")
_CALLS = parsing.query("(call_expression function: (_) @fn arguments: (argument_list) @args) @call")
_PAIR_CALLS = parsing.query(
    """
    (short_var_declaration
      left: (expression_list) @lhs
      right: (expression_list . (call_expression
        function: (selector_expression operand: (_) @recv field: (field_identifier) @method)
        arguments: (argument_list) @args) @call .)) @assign
    (assignment_statement
      left: (expression_list) @lhs
      right: (expression_list . (call_expression
        function: (selector_expression operand: (_) @recv field: (field_identifier) @method)
        arguments: (argument_list) @args) @call .)) @assign
    """
)
_JUMPS = parsing.query(
    """
    (return_statement) @jump
    (goto_statement) @jump
    (break_statement) @jump
    (continue_statement) @jump
    """
)
_TYPED_DECLS = parsing.query(
    """
    (parameter_declaration name: (identifier) @name type: (_) @type)
    (var_spec name: (identifier) @name type: (_)? @type value: (expression_list . (_) @value)?)
    (short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . (_) @value))
    """
)
_BINDERS = parsing.query(
    """
    (short_var_declaration left: (expression_list (identifier) @id))
    (var_spec name: (identifier) @id)
    (parameter_declaration name: (identifier) @id)
    (variadic_parameter_declaration name: (identifier) @id)
    (range_clause left: (expression_list (identifier) @id))
    (type_switch_statement alias: (expression_list (identifier) @id))
    (receive_statement left: (expression_list (identifier) @id))
    """
)


def text(node: Node | None) -> str:
    return "" if node is None else node.text.decode("utf-8", "replace")


def ancestors(node: Node):
    p = node.parent
    while p is not None:
        yield p
        p = p.parent


def enclosing(node: Node, types) -> Node | None:
    for p in ancestors(node):
        if p.type in types:
            return p
    return None


def enclosing_function(node: Node) -> Node | None:
    return enclosing(node, FUNC_TYPES)


def function_body(func: Node) -> Node | None:
    return func.child_by_field_name("body")


def is_inside(node: Node, container: Node) -> bool:
    return container.start_byte <= node.start_byte and node.end_byte <= container.end_byte


def within(node: Node, types, stop: Node) -> bool:
    """Is ``node`` inside a node of one of ``types`` that is itself inside ``stop``?"""
    for p in ancestors(node):
        if p == stop:
            return False
        if p.type in types:
            return True
    return False


def is_deferred_literal(lit: Node) -> bool:
    """Is the function literal ``lit`` called by a defer statement (``defer func() {...}()``)?"""
    call = lit.parent
    return call is not None and call.type == "call_expression" and call.parent is not None and call.parent.type == "defer_statement"


def loop_between(node: Node, stop: Node | None) -> Node | None:
    """The innermost for statement enclosing ``node`` below ``stop`` (a function;
    None: the function ``node`` is in)."""
    for p in ancestors(node):
        if p == stop or p.type in FUNC_TYPES:
            return None
        if p.type in LOOP_TYPES:
            return p
    return None


def statement_of(node: Node) -> Node | None:
    """The statement (a child of a statement_list) that contains ``node``."""
    cur = node
    while cur.parent is not None:
        if cur.parent.type == "statement_list":
            return cur
        if cur.type in FUNC_TYPES:
            return None
        cur = cur.parent
    return None


def next_statement(stmt: Node) -> Node | None:
    sib = stmt.next_named_sibling
    while sib is not None and sib.type == "comment":
        sib = sib.next_named_sibling
    return sib


def statements_after(stmt: Node):
    """The statements that follow ``stmt`` in its statement list, in order."""
    sib = next_statement(stmt)
    while sib is not None:
        yield sib
        sib = next_statement(sib)


def block_statements(block: Node | None) -> list[Node]:
    if block is None:
        return []
    for child in block.named_children:
        if child.type == "statement_list":
            return [c for c in child.named_children if c.type != "comment"]
    return []


_EXITS = {
    ("log", "Fatal"), ("log", "Fatalf"), ("log", "Fatalln"),
    ("log", "Panic"), ("log", "Panicf"), ("log", "Panicln"),
    ("os", "Exit"),
}


def is_terminating(stmt: Node | None) -> bool:
    """Does this statement never fall through (return, panic, break, ...)?"""
    if stmt is None:
        return False
    t = stmt.type
    if t in ("return_statement", "goto_statement", "break_statement", "continue_statement"):
        return True
    if t == "block":
        stmts = block_statements(stmt)
        return bool(stmts) and is_terminating(stmts[-1])
    if t == "expression_statement":
        call = stmt.named_children[0] if stmt.named_children else None
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            if fn.type == "identifier" and text(fn) == "panic":
                return True
            if fn.type == "selector_expression":
                op = fn.child_by_field_name("operand")
                field = fn.child_by_field_name("field")
                if (text(op), text(field)) in _EXITS:
                    return True
                # t.Fatal / t.Fatalf / b.Fatal in tests
                if text(field) in ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"):
                    return True
        return False
    if t == "if_statement":
        alt = stmt.child_by_field_name("alternative")
        return alt is not None and is_terminating(stmt.child_by_field_name("consequence")) and is_terminating(alt)
    return False


def err_check_after(stmt: Node, err_name: str) -> tuple[Node | None, str | None]:
    """The ``if err != nil { <leaves> }`` right after ``stmt``, or (None, reason why not).

    ``<leaves>``: the block always leaves (see :func:`is_terminating`), with no
    else branch and no initializer, so the value assigned with ``err`` is
    usable after the if statement.
    """
    nxt = next_statement(stmt)
    if nxt is None or nxt.type != "if_statement":
        return None, "the error is not checked right after the call"
    if nxt.child_by_field_name("initializer") is not None:
        return None, "the error check has an initializer"
    cond = nxt.child_by_field_name("condition")
    ok = (
        cond is not None
        and cond.type == "binary_expression"
        and text(cond.child_by_field_name("left")) == err_name
        and text(cond.child_by_field_name("operator")) == "!="
        and cond.child_by_field_name("right").type == "nil"
    )
    if not ok:
        return None, "the error is not checked right after the call"
    if nxt.child_by_field_name("alternative") is not None:
        return None, "the error check has an else branch"
    if not is_terminating(nxt.child_by_field_name("consequence")):
        return None, "the error check does not always leave the function"
    return nxt, None


def jumps(scope: Node, start: int | None = None, end: int | None = None) -> list[Node]:
    """The return, goto, break and continue statements inside ``scope`` (nested
    literals' too), or those that overlap the byte range ``start``-``end`` of it."""
    return parsing.captures(_JUMPS, scope, "jump", start, end)


def identifiers(scope: Node, name: str, start: int | None = None) -> list[Node]:
    """Identifier nodes spelled ``name`` inside ``scope`` (from byte ``start``)."""
    lo = scope.start_byte if start is None else start
    word = name.encode()
    if not word:
        return []
    # every such node spans an occurrence of the name's bytes: look only there
    # (a byte search, then one descent per occurrence, not a walk of the scope)
    text_ = scope.text
    base = scope.start_byte
    out = []
    i = text_.find(word, max(lo - base, 0))
    while i >= 0:
        s = base + i
        node = scope.descendant_for_byte_range(s, s + len(word))
        if node is not None and node.type == "identifier" and node.start_byte == s and node.end_byte == s + len(word):
            out.append(node)
        i = text_.find(word, i + 1)
    return out


_SELECTOR_CALLS = parsing.query(
    """
    (call_expression
      function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)
      arguments: (argument_list) @args) @call
    """
)


def selector_calls(root: Node, names: tuple[str, ...]) -> list[dict[str, list[Node]]]:
    """The matches of ``pkg.fn(args)`` calls (captures ``pkg``, ``fn``,
    ``args``, ``call``) whose ``fn`` is one of ``names``, in the query's
    order.  In a tree without errors they are found from the names' bytes
    (one descent per occurrence, not a walk of every call of the file);
    tests/test_speed_exactness.py checks this against the query."""
    if root.has_error:
        return [c for c in parsing.matches(_SELECTOR_CALLS, root) if text(c["fn"][0]) in names]
    src, base = root.text, root.start_byte
    found: dict[int, dict[str, list[Node]]] = {}
    for name in names:
        word = name.encode()
        i = src.find(word) if word else -1
        while i >= 0:
            s = base + i
            i = src.find(word, i + 1)
            fn = root.descendant_for_byte_range(s, s + len(word))
            if fn is None or fn.type != "field_identifier" or fn.start_byte != s or fn.end_byte != s + len(word):
                continue
            sel = fn.parent
            if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("field") != fn:
                continue
            pkg, call = sel.child_by_field_name("operand"), sel.parent
            if pkg is None or pkg.type != "identifier" or call is None or call.type != "call_expression":
                continue
            args = call.child_by_field_name("arguments")
            if call.child_by_field_name("function") != sel or args is None or args.type != "argument_list":
                continue
            found[call.start_byte] = {"pkg": [pkg], "fn": [fn], "args": [args], "call": [call]}
    return [found[k] for k in sorted(found)]


def calls(scope: Node, start: int | None = None) -> list[tuple[Node, Node, Node]]:
    """(call, function, arguments) triples inside ``scope``."""
    lo = scope.start_byte if start is None else start
    out = []
    for caps in parsing.matches(_CALLS, scope, lo, scope.end_byte):
        call = caps["call"][0]
        if call.start_byte >= lo:
            out.append((call, caps["fn"][0], caps["args"][0]))
    return out


class PairCall(NamedTuple):
    """``a, b := recv.method(args)`` or ``a, b = recv.method(args)``."""

    assign: Node  # the short_var_declaration or assignment_statement
    call: Node
    recv: Node
    method: str
    args: Node  # the argument_list
    first: Node  # a (an identifier)
    second: Node  # b (an identifier)


def pair_calls(root: Node) -> tuple[PairCall, ...]:
    """Every :class:`PairCall` in ``root``: two plain identifiers on the left,
    one method (or package function) call on the right.  Several rules ask
    for the same file's: the last few answers are kept (trees are never
    edited, and a kept node keeps its tree alive, so equal means same)."""
    for node, pairs in _PAIR_MEMO:
        if node == root:
            return pairs
    pairs = tuple(_pair_calls(root))
    _PAIR_MEMO.insert(0, (root, pairs))
    del _PAIR_MEMO[4:]
    return pairs


_PAIR_MEMO: list[tuple[Node, tuple[PairCall, ...]]] = []


def _pair_calls(root: Node):
    for caps in parsing.matches(_PAIR_CALLS, root):
        names = [n for n in caps["lhs"][0].named_children if n.type != "comment"]
        if len(names) != 2 or any(n.type != "identifier" for n in names):
            continue
        yield PairCall(
            caps["assign"][0], caps["call"][0], caps["recv"][0], text(caps["method"][0]), caps["args"][0], names[0], names[1]
        )


def bindings(scope: Node, name: str) -> list[Node]:
    """The identifiers that bind ``name`` inside ``scope``: declarations, parameters,
    range variables, type-switch aliases, receive targets."""
    return [i for i in parsing.captures(_BINDERS, scope, "id") if text(i) == name]


class Declaration(NamedTuple):
    """A parameter, ``var`` or (first) ``:=`` name with its declared type and first value."""

    name: Node
    type: Node | None
    value: Node | None


def declarations(scope: Node, name: str):
    """The declarations of ``name`` inside ``scope`` (nested literals' too), in order."""
    for caps in parsing.matches(_TYPED_DECLS, scope):
        n = caps["name"][0]
        if text(n) == name:
            yield Declaration(n, caps["type"][0] if "type" in caps else None, caps["value"][0] if "value" in caps else None)


def declaration_in(scope: Node, name: str) -> Declaration | None:
    """The first declaration of ``name`` that belongs to ``scope``: a function's
    own (not a nested literal's), or for a source file a package-level one."""
    owner = None if scope.type == "source_file" else scope
    return next((d for d in declarations(scope, name) if enclosing_function(d.name) == owner), None)


def resolve(fctx, ident: Node, judge, marker: bytes):
    """What ``judge(file_ctx, declaration)`` says of the variable ``ident`` names.

    The declaration is looked up in the enclosing functions (innermost first),
    then at package level in ``fctx``'s file, then in the package's other files
    that contain ``marker``.  ``judge`` returns a true value for a match and a
    false one (not None) for "declared, but not what we look for".  None when
    the name is not found, or is bound locally in a way :func:`declaration_in`
    does not read (``a, x := ...``, a range variable, ...).
    """
    name = text(ident)
    scopes = [n for n in ancestors(ident) if n.type in FUNC_TYPES]

    def first(f, where):
        for scope in where:
            decl = declaration_in(scope, name)
            if decl is not None:
                return judge(f, decl)
        return None

    found = first(fctx, scopes)
    if found is None and any(bindings(scope, name) for scope in scopes):
        return None
    if found is None:
        found = first(fctx, [fctx.root])
    if found is None:
        for f in fctx.sibling_files():
            if name.encode() in f.source and marker in f.source:
                found = first(f, [f.root])
                if found is not None:
                    break
    return found or None


def pkg_func(ctx, call: Node, table) -> str | None:
    """The function's name if ``call`` is ``pkg.F(...)`` with F in ``table[import path]``
    (``pkg`` being any name the file imports that path by)."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    op = fn.child_by_field_name("operand")
    if op.type != "identifier":
        return None
    name = text(fn.child_by_field_name("field"))
    for path, names in table.items():
        if name in names and text(op) in ctx.local_names(path):
            return name
    return None


def names_declared(scope: Node) -> set[str]:
    """Every identifier spelled in ``scope`` (a cheap over-approximation of names in use)."""
    return {n.text.decode() for n in parsing.captures(_IDENTS, scope, "id")}


def free_name(scope: Node, base: str, also_taken: set[str] = frozenset()) -> str:
    used = names_declared(scope) | set(also_taken)
    if base not in used:
        return base
    i = 2
    while f"{base}{i}" in used:
        i += 1
    return f"{base}{i}"


# ---- text positions -------------------------------------------------------

def line_start(source: bytes, pos: int) -> int:
    return source.rfind(b"\n", 0, pos) + 1


def line_end(source: bytes, pos: int) -> int:
    """Index of the line terminator (the \\r of \\r\\n, or \\n) of pos's line."""
    i = source.find(b"\n", pos)
    if i < 0:
        return len(source)
    return i - 1 if i > 0 and source[i - 1 : i] == b"\r" else i


def eol_at(source: bytes, pos: int) -> bytes:
    """The line terminator used at pos's line (falls back to the file's first)."""
    i = source.find(b"\n", pos)
    if i < 0:
        i = source.find(b"\n")
        if i < 0:
            return b"\n"
    return b"\r\n" if i > 0 and source[i - 1 : i] == b"\r" else b"\n"


def indent_of(source: bytes, node: Node) -> bytes:
    start = line_start(source, node.start_byte)
    prefix = source[start : node.start_byte]
    return prefix if not prefix.strip() else prefix[: len(prefix) - len(prefix.lstrip())]


def insert_line_after(source: bytes, node: Node, line: str, indent: bytes | None = None) -> Edit:
    """An edit adding ``line`` on a new line after the line where ``node`` ends.

    The new line takes the indentation of ``node``'s first line (or ``indent``);
    a comment trailing the node stays on its line.
    """
    pos = line_end(source, node.end_byte)
    ind = indent_of(source, node) if indent is None else indent
    return Edit(pos, pos, eol_at(source, node.end_byte) + ind + line.encode())


def insert_line_before(source: bytes, node: Node, line: str) -> Edit:
    start = line_start(source, node.start_byte)
    ind = indent_of(source, node)
    return Edit(start, start, ind + line.encode() + eol_at(source, node.start_byte))


def has_comment_between(source: bytes, start: int, end: int) -> bool:
    return b"//" in source[start:end] or b"/*" in source[start:end]
