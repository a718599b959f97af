"""Truthiness and boxing (a typed value as an Any)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import semantics as sem
from ..types import ANY, BOOL, FLOAT, INT, NONE, STR, DictType, ListType, OptionalType, TupleType, Type, family
from .layout import F64, I1, I8, I32, I64, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering


def truth(fl: FunctionLowering, op: sem.Op, value: ir.Value, ty: Type) -> ir.Value:
    """bool(value) for a value of type ``ty``, by the checker's truth op."""
    b = fl.builder
    match op.impl:
        case "identity":
            return value
        case "int_truth":
            return b.icmp_signed("!=", value, ir.Constant(I64, 0))
        case "float_truth":
            return b.fcmp_unordered("!=", value, ir.Constant(F64, 0.0))
        case "len_truth":
            return b.icmp_signed("!=", b.extract_value(value, 1), ir.Constant(I32, 0))
        case "false":
            return ir.Constant(I1, 0)
        case "true":
            return ir.Constant(I1, 1)
        case "tuple_truth":
            assert isinstance(ty, TupleType)
            return ir.Constant(I1, 1 if ty.items else 0)
        case "container_truth":
            return b.icmp_signed("!=", fl.list_len(value), ir.Constant(I32, 0))
        case "any_truth":
            return b.icmp_signed("!=", fl.call_c("ssc_any_truth", I32, [value]), ir.Constant(I32, 0))
        case "optional_truth":
            assert isinstance(ty, OptionalType)
            present = b.extract_value(value, 0)
            inner_op = sem.TRUTH[family(ty.inner)]
            with b.if_else(present) as (then, otherwise):
                with then:
                    then_block = b.block
                    inner = truth(fl, inner_op, b.extract_value(value, 1), ty.inner)
                    then_end = b.block
                with otherwise:
                    else_block = b.block
            del then_block
            phi = b.phi(I1)
            phi.add_incoming(inner, then_end)
            phi.add_incoming(ir.Constant(I1, 0), else_block)
            return phi
    raise AssertionError(op.impl)


def box(fl: FunctionLowering, value: ir.Value, source: Type) -> ir.Value:
    """``value`` of type ``source`` as an Any (a pointer to an ssc_any box)."""
    b = fl.builder
    if source == NONE:
        return fl.context.any_constant(None)
    if source == BOOL:
        return b.select(value, fl.context.any_constant(True), fl.context.any_constant(False))
    if source == INT:
        return fl.call_c("ssc_any_from_int", PTR, [value])
    if source == FLOAT:
        return fl.call_c("ssc_any_from_float", PTR, [value])
    if source == STR:
        return fl.call_c("ssc_any_from_str", PTR, list(fl.parts(value)))
    if source in (ListType(ANY), DictType(ANY, ANY)):
        # already a dynamic list or dict: the box shares it, as Python shares objects
        box = fl.call_c("ssc_alloc", PTR, [ir.Constant(I32, 16)])
        tag = sem.ANY_ISINSTANCE_TAGS[family(source)]
        b.store(ir.Constant(I32, tag), box)
        b.store(ir.Constant(I32, 0), b.gep(box, [ir.Constant(I32, 4)], source_etype=I8))
        b.store(value, b.gep(box, [ir.Constant(I32, 8)], source_etype=I8))
        return box
    out = fl.entry_slot(PTR)
    fl.check_status(fl.call_c("ssc_any_box", I32, [fl.context.descriptor(source), fl.spill(value), out]))
    return b.load(out)
