"""Scope-correct bindings: which declaration an identifier resolves to.

Go's lexical scopes, read from the syntax tree: a block's statement list (a
name is visible from the end of its declaration to the end of the list), the
headers of ``if``/``for``/``switch``/``select`` cases, function and literal
parameters and results, method receivers.  A ``:=`` that redeclares a name of
the same scope binds the earlier variable (Go reuses it).

:func:`binding` returns the identifier node that declares the variable an
identifier refers to (None: a package-level name, an import, a builtin, or
a field); :func:`uses` lists every identifier of a function bound to one
declaration, so that a ``Close`` of another variable of the same name (a
sibling scope, a shadowing ``:=``) never counts for this one.
"""

from __future__ import annotations

from .. import parsing

Node = parsing.Node

_IDENTS = parsing.query("(identifier) @id")
_FUNCS = ("function_declaration", "method_declaration", "func_literal")
_HEADERS = ("if_statement", "for_statement", "expression_switch_statement", "type_switch_statement")


def _decl_names(stmt: Node) -> list[Node]:
    """The identifiers a statement of a statement list (or a header) declares."""
    t = stmt.type
    if t == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        return [c for c in left.named_children if c.type == "identifier"]
    if t in ("var_declaration", "const_declaration"):
        out = []
        for spec in stmt.named_children:
            specs = spec.named_children if spec.type in ("var_spec_list", "const_spec_list") else [spec]
            for s in specs:
                if s.type in ("var_spec", "const_spec"):
                    out += [c for c in s.children_by_field_name("name") if c.type == "identifier"]
        return out
    if t == "labeled_statement":
        inner = [c for c in stmt.named_children if c.type != "label_name"]
        return _decl_names(inner[0]) if inner else []
    return []


def _value_part(stmt: Node) -> Node | None:
    """The part of a declaration evaluated before its names exist (``x := f(x)``)."""
    if stmt.type == "short_var_declaration":
        return stmt.child_by_field_name("right")
    return None


def _visible(stmt: Node, ident: Node) -> bool:
    """Are ``stmt``'s names visible at ``ident`` (declared before, not in its own value)?"""
    if stmt.start_byte > ident.start_byte:
        return False
    value = _value_part(stmt)
    if value is not None and value.start_byte <= ident.start_byte < value.end_byte:
        return False
    if stmt.type in ("var_declaration", "const_declaration"):
        return stmt.end_byte <= ident.start_byte or _declares_ident(stmt, ident)
    return True


def _declares_ident(stmt: Node, ident: Node) -> bool:
    return any(n == ident for n in _decl_names(stmt))


def _params(func: Node) -> list[Node]:
    out = []
    for field in ("receiver", "parameters", "result"):
        lst = func.child_by_field_name(field)
        if lst is None or lst.type != "parameter_list":
            continue
        for p in lst.named_children:
            if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
                out += [c for c in p.children_by_field_name("name") if c.type == "identifier"]
    return out


def _scope_decls(scope: Node, ident: Node) -> list[Node]:
    """Declarations of ``scope`` itself visible at ``ident``, earliest first."""
    t = scope.type
    if t == "statement_list":
        out = []
        for stmt in scope.named_children:
            if stmt.start_byte > ident.start_byte:
                break
            if _visible(stmt, ident):
                out += _decl_names(stmt)
        return out
    if t in _HEADERS:
        out = []
        for c in scope.named_children:
            if c.type == "short_var_declaration" and _visible(c, ident):
                out += _decl_names(c)
            elif c.type == "for_clause":
                init = c.child_by_field_name("initializer")
                if init is not None and _visible(init, ident):
                    out += _decl_names(init)
            elif c.type == "range_clause" and any(x.type == ":=" for x in c.children):
                right = c.child_by_field_name("right")
                if right is None or not (right.start_byte <= ident.start_byte < right.end_byte):
                    left = c.child_by_field_name("left")
                    out += [x for x in left.named_children if x.type == "identifier"]
            elif c.type == "expression_list" and t == "type_switch_statement" and c == scope.child_by_field_name("alias"):
                out += [x for x in c.named_children if x.type == "identifier"]
        return out
    if t == "communication_case":
        comm = scope.child_by_field_name("communication")
        if comm is not None and comm.type == "receive_statement" and any(x.type == ":=" for x in comm.children):
            left = comm.child_by_field_name("left")
            return [x for x in left.named_children if x.type == "identifier"] if left is not None else []
        return []
    if t in _FUNCS:
        return _params(scope)
    return []


def binding(ident: Node) -> Node | None:
    """The identifier that declares the variable ``ident`` refers to, or None
    (package-level, imported, builtin, or not a variable)."""
    name = ident.text
    for scope in _ancestors(ident):
        for d in _scope_decls(scope, ident):
            if d.text == name:
                return d
        if scope.type in ("function_declaration", "method_declaration"):
            return None
    return None


def _ancestors(node: Node):
    n = node.parent
    while n is not None:
        yield n
        n = n.parent


def uses(decl: Node, within: Node | None = None) -> list[Node]:
    """Every identifier below ``within`` (default: the function declaring
    ``decl``) that resolves to ``decl`` (``decl`` itself included)."""
    if within is None:
        within = decl
        while within is not None and within.type not in _FUNCS:
            within = within.parent
        if within is None:
            return [decl]
    name = decl.text
    return [
        n for n in parsing.captures(_IDENTS, within, "id", decl.start_byte, within.end_byte)
        if n.text == name and n.start_byte >= decl.start_byte and (n == decl or binding(n) == decl)
    ]


def scope_of(decl: Node) -> Node:
    """The node that bounds where ``decl`` is visible (a statement list, a header, a function)."""
    p = decl.parent
    while p is not None and p.type not in ("statement_list", "communication_case", *_HEADERS, *_FUNCS):
        p = p.parent
    return p if p is not None else decl
