"""Objects of the program's plain classes (check/objects.py): made, their attributes read
and stored through the pointer every name for them shares, compared by identity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import Type
from . import reprs
from .layout import I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import Emitter, NodeEmitter


def _object_new(fl: FunctionLowering, call: n.Expr, op: sem.Op) -> ir.Value:
    """``Stats(name)``: zeroed memory (not forwarded) from ssc_alloc, stored into the hidden
    local ``__init__`` receives, then ``__init__``'s call; the object is the pointer."""
    heap = reprs.of(op.result).heap  # type: ignore[attr-defined]
    size = heap.get_abi_size(reprs.TARGET_DATA)
    obj = fl.call_c("ssc_alloc", PTR, [ir.Constant(I32, size)])
    fl.builder.store(ir.Constant(heap, None), obj)
    from . import stmts
    stmts.store_target(fl, fl.typed.constructions[call].stores[0].target, obj, op.result)
    init = fl.typed.arguments[call][0]
    if init is not None:
        fl.value(init)
    return obj


def attribute_type(ty: Type, index: int) -> Type:
    return reprs.of(ty).fields[index].ty  # type: ignore[attr-defined]


def _object_field(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    representation = reprs.of(types[0])
    return fl.builder.load(representation.attribute(fl, args[0], op.constant),  # type: ignore[attr-defined]
                           typ=reprs.llvm_type(attribute_type(types[0], op.constant)))  # type: ignore[arg-type]


def _object_setfield(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    representation = reprs.of(types[0])
    value = fl.convert(args[1], types[1], attribute_type(types[0], op.constant))  # type: ignore[arg-type]
    fl.builder.store(value, representation.attribute(fl, args[0], op.constant))  # type: ignore[attr-defined]
    return ir.Constant(ir.IntType(1), 0)


EMITTERS: dict[str, Emitter] = {
    "object_field": _object_field,
    "object_setfield": _object_setfield,
    "object_is": lambda fl, args, types, op: fl.builder.icmp_unsigned("==", args[0], args[1]),
}

NODE_EMITTERS: dict[str, NodeEmitter] = {
    "object_new": _object_new,
}
