"""A local rebound to a value of another type: a new variable, as mypy's ``--allow-redefinition``.

People convert a value in place of its text:

    name, qty = line.split()
    qty = int(qty)          # qty: str, then qty: int

An assignment statement directly in the function's body (not in a branch,
loop, ``try`` or ``with`` block) runs after everything before it and before
everything after it, so when it gives a local a value of another type it
starts a new variable under the same name: its own slot (key
``qty@4:5``, where the binding is), which every later read takes; the
value itself (``int(qty)``) still reads the old one. Inside a block the
two types would meet where the paths join, so there the change is
refused, with the hint to give the new value its own name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError
from ..types import Type
from . import nested

if TYPE_CHECKING:
    from .checker import Checker


def top_level_targets(body: tuple[n.Stmt, ...]) -> set[n.Name]:
    """The names assignment statements directly in ``body`` bind (tuple targets' items too)."""
    found: set[n.Name] = set()
    for stmt in body:
        if isinstance(stmt, n.Assign):
            for target in stmt.targets:
                found |= names_in(target)
    return found


def names_in(target: n.Expr) -> set[n.Name]:
    match target:
        case n.Name():
            return {target}
        case n.Tuple(elts=elts) | n.List(elts=elts):
            return set().union(*(names_in(elt) for elt in elts))
    return set()


def new_binding(ck: Checker, target: n.Name, known: Type, ty: Type) -> str:
    """The slot key of a new variable ``target`` of type ``ty`` starts (its old one has type
    ``known``), made current for the reads that follow; an error where it cannot start one."""
    if target not in ck.redefinable or ck.scopes:
        raise CompileError(f"'{target.id}' has type {known} and cannot change type to {ty} here: inside a "
                           f"branch or loop both types would reach the code after it; give the {ty} value a "
                           f"name of its own (or change the type in the function's own statements, outside "
                           f"any block)", target.span)
    assert ck.function is not None
    if target.id in nested.captured(ck, ck.function):
        raise CompileError(f"'{target.id}' has type {known} and cannot change type to {ty}: a nested function "
                           f"defined before reads it as {known}; give the {ty} value a name of its own",
                           target.span)
    key = f"{target.id}@{target.span.line}:{target.span.col}"
    ck.versions[target.id] = key
    return key
