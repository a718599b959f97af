"""Subscripts: ``x[i]`` and ``x[a:b:c]`` (as values; as targets: assigns.py).

A tuple's index and a tuple's slice bounds are constants (or, for an index
into a tuple whose items have one type, any int), so that the item's type
is known; the operation carries them (``Op.constant``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import (ANY, BYTES, INT, STR, DictType, ListType, MatchType, TupleType, Type, VarTupleType, family, optional,
                     tuple_view)
from . import infer, operators, regex_objects, stdlib_collections

if TYPE_CHECKING:
    from .checker import Checker


def subscript(ck: Checker, expr: n.Subscript) -> Type:
    """``x[i]``; an item of a frozen module table that is itself a container (``GROUPS[k]`` of a
    dict of sets) may only be read where the table itself may (``ck.readonly_ok``)."""
    readonly, ck.readonly_ok = ck.readonly_ok, True
    container = tuple_view(ck.expr(expr.value))
    result = item(ck, expr, container)
    table = frozen_table(ck, expr.value)
    if not readonly and family(result) in ("list", "dict", "set") and table is not None:
        raise CompileError(f"the items of the module table '{table}' are frozen too: read them directly (x in "
                           f"{table}[k], for x in {table}[k], {table}[k].get(x)) or copy one first "
                           f"({family(result)}({table}[k]))", expr.span)
    return result


def frozen_table(ck: Checker, expr: n.Expr) -> str | None:
    """The module constant ``expr`` is, or is an item of, if any."""
    if isinstance(expr, n.Subscript):
        return frozen_table(ck, expr.value)
    binding = ck.bindings.get(expr)
    return binding.key if binding is not None and binding.kind == "constant" else None


def item(ck: Checker, expr: n.Subscript, container: Type) -> Type:
    if isinstance(container, ListType) and container.kind:
        ck.ops[expr] = stdlib_collections.deque_index(ck, expr, container, ck.expr(expr.index)
                                                      if not isinstance(expr.index, n.Slice) else container)
        return ck.ops[expr].result
    if isinstance(expr.index, n.Slice):
        for part in (expr.index.lower, expr.index.upper, expr.index.step):
            if part is not None:
                ck.coerce(part, optional(INT))
        op = slice_op(expr, expr.index, container)
    elif container == ANY:
        operators.to_any(ck, expr.index, ck.expr(expr.index), expr)
        op = sem.ANY_GETITEM_STR if infer.is_str_constant(expr.index) else sem.ANY_GETITEM
    else:
        op = index_op(ck, expr, container, ck.expr(expr.index))
    ck.ops[expr] = op
    return op.result


def slice_op(expr: n.Subscript, bounds: n.Slice, container: Type) -> sem.Op:
    """``x[a:b:c]``: a slice of a str, bytes, list or Any; of a tuple with constant bounds."""
    if container == ANY:
        return sem.ANY_GETSLICE
    if container in (STR, BYTES) or isinstance(container, ListType):
        return sem.SLICES[family(container)].at(container)
    if isinstance(container, TupleType):
        given = (bounds.lower, bounds.upper, bounds.step)
        parts = [infer.constant_int(p) if p is not None else None for p in given]
        if any(p is not None and v is None for p, v in zip(given, parts)) or parts[2] == 0:
            raise CompileError("slicing a tuple needs constant bounds (and a non-zero step)", expr.span)
        indices = range(len(container.items))[slice(*parts)]
        result = TupleType(tuple(container.items[i] for i in indices))
        return sem.TUPLE_SLICE.at(result).with_constant(tuple(indices))
    raise CompileError(f"'{container}' object is not subscriptable with a slice", expr.span)


def index_op(ck: Checker, expr: n.Subscript, container: Type, index: Type) -> sem.Op:
    """``x[i]`` of a dict (by key), a list, a tuple, a str or bytes (by int)."""
    match container:
        case DictType(kind="Counter" | "defaultdict"):
            return stdlib_collections.subscript_op(ck, expr, container, index)
        case DictType(key=key, value=value):
            ck.coerce(expr.index, key, given=index)
            return sem.SUBSCRIPTS["dict"].at(value)
        case ListType(elem=elem) | VarTupleType(elem=elem):
            ck.coerce(expr.index, INT, given=index)
            return sem.SUBSCRIPTS[family(container)].at(elem)
        case TupleType(items=items):
            ck.coerce(expr.index, INT, given=index)
            return tuple_index_op(expr, container, items)
        case MatchType():
            return regex_objects.match_item(ck, expr, container)
    if container in (STR, BYTES):
        ck.coerce(expr.index, INT, given=index)
        return sem.SUBSCRIPTS[family(container)]
    raise CompileError(f"'{container}' object is not subscriptable", expr.span)


def tuple_index_op(expr: n.Subscript, container: TupleType, items: tuple[Type, ...]) -> sem.Op:
    position = infer.constant_int(expr.index)
    if position is not None:
        if not -len(items) <= position < len(items):
            raise CompileError("tuple index out of range", expr.index.span)
        return sem.TUPLE_GET.at(items[position]).with_constant(position % len(items))
    if len(set(items)) != 1:
        raise CompileError(f"indexing a {container} needs a constant index, as its items have "
                           f"different types", expr.index.span)
    return sem.TUPLE_GET_DYNAMIC.at(items[0])
