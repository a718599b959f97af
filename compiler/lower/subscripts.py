"""Indexing and slicing: ``x[i]``, ``x[a:b:c]``, and list items in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import INT, OptionalType, TupleType, Type
from . import stmts
from .layout import I1, I8, I32, I64, PTR
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering


def subscript(fl: FunctionLowering, expr: n.Subscript) -> ir.Value:
    op = fl.typed.ops[expr]
    container = fl.value(expr.value)
    container_ty = fl.typed.types[expr.value]
    if isinstance(expr.index, n.Slice):
        if op.impl == sem.TUPLE_SLICE.impl:
            result: ir.Value = ir.Constant(llvm_type(op.result), ir.Undefined)
            for position, source in enumerate(op.constant):  # type: ignore[arg-type]
                result = fl.builder.insert_value(result, fl.builder.extract_value(container, source),
                                                   position)
            return result
        bounds = []
        for part in (expr.index.lower, expr.index.upper, expr.index.step):
            if part is None:
                bounds.append((ir.Constant(llvm_type(OptionalType(INT)), [ir.Constant(I1, 0),
                                                                           ir.Constant(I64, 0)]),
                               OptionalType(INT)))
            else:
                bounds.append((fl.value(part), OptionalType(INT)))
        return fl.apply_op(op, [(container, container_ty), *bounds])
    if op.impl == sem.TUPLE_GET.impl:
        return fl.builder.extract_value(container, op.constant)
    index = fl.value(expr.index)
    if op.impl == "tuple_get_dynamic":
        assert isinstance(container_ty, TupleType)
        b = fl.builder
        count = ir.Constant(I64, len(container_ty.items))
        position = b.select(b.icmp_signed("<", index, ir.Constant(I64, 0)), b.add(index, count), index)
        with b.if_then(b.icmp_unsigned(">=", position, count), likely=False):
            fl.raise_text("IndexError", "tuple index out of range")
        return tuple_item_dynamic(fl, container, container_ty, b.trunc(position, I32))
    return fl.apply_op(op, [(container, container_ty), (index, stmts.index_type(fl, expr))])


def list_slot(fl: FunctionLowering, lst: ir.Value, index: ir.Value, message: str, elem_ty: ir.Type) -> ir.Value:
    """Address of ``lst[index]`` with Python's negative indices; IndexError(message) outside."""
    b = fl.builder
    length = b.sext(fl.list_len(lst), I64)
    negative = b.icmp_signed("<", index, ir.Constant(I64, 0))
    position = b.select(negative, b.add(index, length), index)
    outside = b.icmp_unsigned(">=", position, length)
    with b.if_then(outside, likely=False):
        fl.raise_text("IndexError", message)
    data = b.load(b.gep(lst, [ir.Constant(I32, 8)], inbounds=True, source_etype=I8), typ=PTR)
    return b.gep(data, [b.trunc(position, I32)], source_etype=elem_ty)


def list_item(fl: FunctionLowering, lst: ir.Value, index: ir.Value, elem: Type) -> ir.Value:
    b = fl.builder
    data = b.load(b.gep(lst, [ir.Constant(I32, 8)], inbounds=True, source_etype=I8), typ=PTR)
    return b.load(b.gep(data, [index], source_etype=llvm_type(elem)), typ=llvm_type(elem))


def tuple_item_dynamic(fl: FunctionLowering, value: ir.Value, ty: TupleType, index: ir.Value) -> ir.Value:
    slot = fl.spill(value)
    return fl.builder.load(fl.builder.gep(slot, [ir.Constant(I32, 0), index],
                                              source_etype=ir.ArrayType(llvm_type(ty.items[0]), len(ty.items))),
                             typ=llvm_type(ty.items[0]))


def literal_int(expr: n.Expr | None) -> int | None:
    match expr:
        case n.Constant(value=int() as value):
            return value
        case n.UnaryOp(op="-", operand=n.Constant(value=int() as value)):
            return -value
    return None
