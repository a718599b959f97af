"""The emitters of the implicit conversions (``semantics.CONVERSIONS``) and of truthiness.

Each takes the value and its type (``types[0]``) and gives the value of
``op.result``. Boxing, unboxing and truth belong to the representation of
the type (``reprs``); the structural ones (optionals, tuples) convert
their parts with ``fl.convert``, by the same rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import semantics as sem
from ..types import NONE, ListType, OptionalType, TupleType, Type, VarTupleType
from . import reprs
from .layout import F64, I1, I32, I64

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import Emitter


def truth(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """bool(value), as the value's representation tests it."""
    return reprs.of(types[0]).truth(fl, args[0])


def box(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """A typed value as an Any (a pointer to an ssc_any box)."""
    return reprs.of(types[0]).box(fl, args[0])


def box_constant(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """A constant as an Any: a box made at compile time (the constant is not evaluated)."""
    return fl.context.any_constant(op.constant)


def unbox(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """An Any as a value of the result's type, checked at run time."""
    return reprs.of(op.result).unbox(fl, args[0])


def unwrap_optional(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``T | None`` known to be present, as its value."""
    source = types[0]
    assert isinstance(source, OptionalType)
    return fl.convert(fl.builder.extract_value(args[0], 1), source.inner, op.result)


def wrap_optional(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """None, a value, or another optional, as ``T | None``."""
    b = fl.builder
    source, target = types[0], op.result
    assert isinstance(target, OptionalType)
    # zero, not undef, in an absent value: C parameters are noundef
    wrapped = ir.Constant(reprs.llvm_type(target), None)
    if source == NONE:
        return b.insert_value(wrapped, ir.Constant(I1, 0), 0)
    if isinstance(source, OptionalType):
        present = b.extract_value(args[0], 0)
        inner = fl.convert(b.extract_value(args[0], 1), source.inner, target.inner)
    else:
        present, inner = ir.Constant(I1, 1), fl.convert(args[0], source, target.inner)
    wrapped = b.insert_value(wrapped, present, 0)
    return b.insert_value(wrapped, inner, 1)


def tuple_to_list(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """A tuple as a new list of its items."""
    source, target = types[0], op.result
    assert isinstance(source, TupleType) and isinstance(target, (ListType, VarTupleType))
    lst = fl.call("ssc_list_new", fl.context.descriptor(target.elem), ir.Constant(I32, len(source.items)))
    for index, item_ty in enumerate(source.items):
        item = fl.convert(fl.builder.extract_value(args[0], index), item_ty, target.elem)
        fl.call("ssc_list_append", lst, fl.spill(item))
    return lst


def tuple_items(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """A tuple converted item by item."""
    source, target = types[0], op.result
    assert isinstance(source, TupleType) and isinstance(target, TupleType)
    result: ir.Value = ir.Constant(reprs.llvm_type(target), ir.Undefined)
    for index, (s, t) in enumerate(zip(source.items, target.items)):
        item = fl.convert(fl.builder.extract_value(args[0], index), s, t)
        result = fl.builder.insert_value(result, item, index)
    return result


#: The emitters of the conversions (semantics.CONVERSIONS, BOX_CONSTANT) and of TRUTH.
EMITTERS: dict[str, Emitter] = {
    "identity": lambda fl, args, types, op: args[0],
    "truth": truth,
    "box": box,
    "box_constant": box_constant,
    "unbox": unbox,
    "bool_to_int": lambda fl, args, types, op: fl.builder.zext(args[0], I64),
    "bool_to_float": lambda fl, args, types, op: fl.builder.uitofp(args[0], F64),
    "int_to_float": lambda fl, args, types, op: fl.builder.sitofp(args[0], F64),
    "unwrap_optional": unwrap_optional,
    "wrap_optional": wrap_optional,
    "tuple_to_list": tuple_to_list,
    "tuple_items": tuple_items,
}
