"""Displays: tuples, lists, sets and dicts, written out or typed by where they are used.

On their own, a display's items have one common type (``items``: T and None
to T | None); items of different JSON-shaped types (``{"n": len(t), "top": w}``)
make the display's items ``Any``, as they are inline in ``json.dumps``, so that
each keeps its own type as in CPython. Where a type is wanted
(``against``), the items are checked against it, so that
``xs: list[int | None] = [1, None]`` and ``d: dict[str, list[int]] = {"x": []}``
type as declared, and ``xs: list[int] = list()`` is an empty list[int]; so does a repeated
display, ``grid: list[list[str]] = [[]] * 3``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import ANY, BYTES, FLOAT, INT, STR, DictType, ListType, SetType, TupleType, Type, is_boxable, is_hashable
from . import exprs, infer, iterables, operators, stdlib_collections

if TYPE_CHECKING:
    from .checker import Checker


def check_tuple(ck: Checker, expr: n.Tuple) -> Type:
    if any(isinstance(e, n.Starred) for e in expr.elts):
        raise CompileError("starred expressions are not supported", expr.span)
    return TupleType(tuple(ck.expr(e) for e in expr.elts))


def check_list(ck: Checker, expr: n.List) -> Type:
    if not expr.elts:
        return ListType(infer.UNKNOWN)
    return ListType(items(ck, expr.elts, "list"))


def check_set(ck: Checker, expr: n.Set) -> Type:
    elem = items(ck, expr.elts, "set")
    if not is_hashable(elem):
        raise CompileError(f"set items must be hashable, and {elem} is not", expr.span)
    return SetType(elem)


def check_dict(ck: Checker, expr: n.Dict) -> Type:
    if not expr.keys:
        return DictType(infer.UNKNOWN, infer.UNKNOWN)
    if any(k is None for k in expr.keys):
        raise CompileError("'**' in dict displays is not supported", expr.span)
    key = items(ck, expr.keys, "dict key")  # type: ignore[arg-type]
    if not is_hashable(key):
        raise CompileError(f"dict keys must be hashable (numbers, text, tuples of them), not {key}", expr.span)
    return DictType(key, items(ck, expr.values, "dict value"))


def items(ck: Checker, elts: tuple[n.Expr, ...], what: str) -> Type:
    """The common type of a display's items (int and float mix to float, T and None to T | None)."""
    types = [ck.expr(e) for e in elts]
    result: Type | None = types[0]
    for ty in types[1:]:
        result = infer.join(result, ty) if result is not None else None
    if result is None:
        result = _mixed(types, elts, what)
    for elt, ty in zip(elts, types):
        ck.coerce(elt, result, given=ty)
    return result


def _mixed(types: list[Type], elts: tuple[n.Expr, ...], what: str) -> Type:
    """``Any`` for items of different JSON-shaped types; ints mixed with floats only stay refused
    (whether they widen to float is the numeric inference's decision)."""
    shown = ", ".join(sorted({str(t) for t in types}))
    numbers = all(t in (INT, FLOAT) for t in types)
    if all(is_boxable(t) for t in types) and not numbers:
        return ANY
    hint = "" if numbers else (
        ": items of different types make an Any only when each is a JSON value "
        "(None, bool, int, float, str, or a list or dict of them)")
    raise CompileError(f"{what} items must have one type, not {shown}{hint}", elts[0].span)


def against(ck: Checker, expr: n.Expr, expected: Type) -> Type | None:
    """The type of display ``expr`` checked against ``expected``, or None when it is not a
    display of that type (then it is checked on its own)."""
    match expr:
        case n.ListComp() if isinstance(expected, ListType):
            return iterables.comprehension(ck, expr, expected.elem)
        case n.SetComp() if isinstance(expected, SetType):
            return iterables.comprehension(ck, expr, expected.elem)
        case n.DictComp() if isinstance(expected, DictType):
            return iterables.comprehension(ck, expr, key_value=(expected.key, expected.value))
        case n.List(elts=elts) if isinstance(expected, ListType):
            return _each(ck, elts, [expected.elem] * len(elts), expected)
        case n.Set(elts=elts) if elts and isinstance(expected, SetType):
            return _each(ck, elts, [expected.elem] * len(elts), expected)
        case n.Dict(keys=keys, values=values) if isinstance(expected, DictType) and all(k is not None for k in keys):
            for key, value in zip(keys, values):
                ck.coerce(key, expected.key)  # type: ignore[arg-type]
                ck.coerce(value, expected.value)
            return expected
        case n.Tuple(elts=elts) if isinstance(expected, TupleType) and len(elts) == len(expected.items) \
                and not any(isinstance(e, n.Starred) for e in elts):
            return _each(ck, elts, list(expected.items), expected)
        case n.Call(func=n.Name(id=("list" | "dict" | "set") as name), args=(), keywords=()) \
                if exprs.is_builtin(ck, name) and isinstance(expected, _EMPTY[name][0]):
            ck.ops[expr] = _EMPTY[name][1].at(expected)
            return expected
        case n.Call() if stdlib_collections.is_constructor(ck, expr):
            return stdlib_collections.against(ck, expr, expected)
        case n.BinOp(op="*", left=n.List() | n.ListComp() as left, right=right) if isinstance(expected, ListType):
            lhs = exprs.expr_against(ck, left, expected)   # [[]] * 3: the display typed by the context
            op, result = operators.binary_op(ck, expr, "*", lhs, ck.expr(right), left, right)
            ck.ops[expr] = op
            return result
    return None


def _each(ck: Checker, elts: tuple[n.Expr, ...], wanted: list[Type], result: Type) -> Type:
    for elt, item in zip(elts, wanted):
        ck.coerce(elt, item)
    return result


#: ``list()``, ``dict()``, ``set()`` where a container type is wanted: the type and the operation.
_EMPTY = {"list": (ListType, sem.LIST_NEW), "dict": (DictType, sem.DICT_NEW), "set": (SetType, sem.SET_NEW)}
