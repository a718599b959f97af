"""Numeric widening as CPython does it at run time: a local that holds an int on one path
and a float on another is an ``int | float`` (an Any, which holds either), as its value is
in CPython, where an int stays an int (``x: float = 0`` then ``print(x)`` prints ``0``).

    total = 0                  # int | float: the int 0 until a float is added
    for w in words:
        total += float(w)
    x: float = 0               # int | float: a float annotation takes an int, kept as it is

A local bound to numbers of two types where ssc cannot make a new variable of it (inside a
block, ``+=``, or an annotated ``float`` given an int) is found by the discovery walks of
``partial.seed``: ``widen`` records it (``ck.refinements``), and the checking walk declares
it an Any from its first binding (``seeded``). Where such a local meets a place of one
number type (a ``float`` parameter or result), CPython would pass its int on unchanged, so
ssc refuses it with the hint to make it a float (``refuse_narrowing``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError
from ..types import ANY, BOOL, FLOAT, INT, Type

if TYPE_CHECKING:
    from ..typed import FunctionInfo
    from .checker import Checker

#: The types whose values a local may mix into an int | float.
NUMBERS = frozenset({INT, FLOAT, BOOL})


def may_widen(info: FunctionInfo) -> bool:
    """Whether a body may widen a local: it has ``x += v`` of a name, or an annotated float."""
    from .partial import walk
    for stmt in walk(info.node.body):
        match stmt:
            case n.AugAssign(target=n.Name()):
                return True
            case n.AnnAssign(annotation=n.Name(id="float"), target=n.Name()):
                return True
            case n.Assign() if _in_block(stmt, info.node.body):
                return True
    return False


def _in_block(stmt: n.Stmt, body: tuple[n.Stmt, ...]) -> bool:
    """Whether an assignment is inside a block (not one of the function's own statements)."""
    return not any(stmt is own for own in body)


def seeded(ck: Checker, key: str, ty: Type) -> Type:
    """The type local ``key``, first bound to a number of type ``ty``, is declared with: an Any
    where the discovery walks found it widened."""
    assert ck.function is not None
    if ty in NUMBERS and ck.seeds.get(ck.function.node, {}).get(key) == ANY:
        return ANY
    return ty


def widen(ck: Checker, key: str, known: Type, ty: Type) -> bool:
    """While discovering: local ``key`` (of type ``known``) is given a number of another type
    ``ty``; record it as an int | float (True), or False where that is no widening."""
    if ck.refinements is None or known == ty or known not in NUMBERS or ty not in NUMBERS:
        return False
    ck.refinements[key] = ANY
    return True


def is_widened(ck: Checker, expr: n.Expr) -> bool:
    """Whether ``expr`` reads a local widened to an int | float."""
    if ck.function is None or not isinstance(expr, n.Name):
        return False
    key = ck.local_key(expr.id)
    return key is not None and ck.seeds.get(ck.function.node, {}).get(key) == ANY


def refuse_narrowing(ck: Checker, expr: n.Expr, target: Type) -> None:
    """Refuse a widened local where a value of one number type ``target`` is wanted."""
    if target in NUMBERS and is_widened(ck, expr):
        assert isinstance(expr, n.Name)
        raise CompileError(f"'{expr.id}' is an int or a float here (int | float: it is given both), and "
                           f"CPython would pass an int on as it is where a {target} is annotated: make it "
                           f"a {target} from the start (e.g. {expr.id} = 0.0), or convert it: "
                           f"{target}({expr.id})", expr.span)
