"""How a local variable holding a resource lives in its function.

Shared by the rules that follow one value from where it is created to where
it is closed, stopped or cancelled (a response body, rows, a file, a cancel
function, a ticker): yes/no helpers about one occurrence of the variable and
about the function that declares it, and where a ``defer v.Close()`` can go.
"""

from __future__ import annotations

from . import gosyntax as gs
from . import parsing
from .model import Fix

Node = parsing.Node

# a use below one of these may run after the function has returned
CLOSURE_TYPES = ("func_literal", "go_statement")

_LOCAL_DECLS = parsing.query(
    """
    (parameter_declaration name: (identifier) @name)
    (variadic_parameter_declaration name: (identifier) @name)
    (var_spec name: (identifier) @name)
    (const_spec name: (identifier) @name)
    (short_var_declaration left: (expression_list (identifier) @name))
    (range_clause left: (expression_list (identifier) @name))
    """
)
_RESULT_NAMES = parsing.query("(parameter_declaration name: (identifier) @name)")


# ---- one occurrence of the variable -----------------------------------------

def in_closure(node: Node, body: Node) -> bool:
    """Is ``node`` inside a function literal or a go statement (below ``body``)?"""
    return gs.within(node, CLOSURE_TYPES, body)


def is_assigned(ident: Node) -> bool:
    """Is ``ident`` a target on the left of ``=`` or ``:=``?"""
    p = ident.parent
    return (
        p.type == "expression_list"
        and p.parent.type in ("assignment_statement", "short_var_declaration")
        and p.parent.child_by_field_name("left") == p
    )


def is_compared(ident: Node) -> bool:
    """Is ``ident`` an operand of ``==`` or ``!=``?"""
    p = ident.parent
    return p.type == "binary_expression" and gs.text(p.child_by_field_name("operator")) in ("==", "!=")


# ---- the function -------------------------------------------------------------

def declared_in(func: Node, name: str) -> bool:
    """Is ``name`` declared by ``func`` itself (parameter or local), not by a nested literal?"""
    return any(gs.text(n) == name and gs.enclosing_function(n) == func for n in parsing.captures(_LOCAL_DECLS, func, "name"))


def named_result(func: Node, name: str) -> bool:
    """Is ``name`` one of ``func``'s named results?"""
    result = func.child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return False
    return any(gs.text(n) == name for n in parsing.captures(_RESULT_NAMES, result, "name"))


def outlives(func: Node, assign: Node, name: str) -> bool:
    """Does the variable ``name`` that ``assign`` stores into live beyond ``func``:
    a named result, or (plain ``=``) a variable ``func`` does not declare (a
    package variable, a captured one)?"""
    return named_result(func, name) or (assign.type == "assignment_statement" and not declared_in(func, name))


# ---- the fix ------------------------------------------------------------------

def close_site(assign: Node, func: Node, err_name: str, then: str) -> tuple[Node | None, str | None]:
    """Where ``defer v.Close()`` can go for ``v, err := open(...)`` at ``assign``.

    The ``if err != nil { <leaves> }`` right after ``assign``, or (None, why
    there is no fix): the call sits in a loop, the error is discarded (the
    reason then says "check it, then <then>"), or it is not checked as
    :func:`gosyntax.err_check_after` wants.
    """
    if gs.loop_between(assign, func) is not None:
        return None, "inside a loop: close it at the end of each iteration"
    if err_name == "_":
        return None, f"the error is discarded: check it, then {then}"
    return gs.err_check_after(assign, err_name)


def add_line_after(source: bytes, node: Node, line: str) -> Fix:
    """The safe fix "Add <line>": ``line`` on a new line after ``node``."""
    return Fix(f"Add {line}", (gs.insert_line_after(source, node, line),))
