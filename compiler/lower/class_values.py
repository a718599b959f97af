"""The builtin classes as values (check/class_values.py): an int, the class's isinstance mask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from .layout import I1, I8, I32, I64

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def _class_value(fl: FunctionLowering, node: n.Expr, op: sem.Op) -> ir.Value:
    """``int`` (a name), ``type(x)`` of a value of a known class (x evaluated, for what it does):
    the mask ``op.constant``."""
    if isinstance(node, n.Call):
        fl.value(node.args[0])
    return ir.Constant(I64, op.constant)


def _any_isinstance_class(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``isinstance(x, t)`` of an Any x: ssc_any_isinstance(x, (i32) t)."""
    value = fl.value(call.args[0])
    mask = fl.builder.trunc(fl.value(call.args[1]), I32)
    out = fl.entry_slot(I8)
    fl.call_c("ssc_any_isinstance", I32, [value, mask, out])
    return fl.builder.trunc(fl.builder.load(out), I1)


def _isinstance_class(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``isinstance(x, t)`` of an x of a known class: its bit (``op.constant``) in t's mask."""
    fl.value(call.args[0])
    bit = fl.builder.and_(fl.value(call.args[1]), ir.Constant(I64, op.constant))
    return fl.builder.icmp_unsigned("!=", bit, ir.Constant(I64, 0))


#: The emitters of class values' operations (they take the node).
NODE_EMITTERS: dict[str, NodeEmitter] = {
    "class_value": _class_value,
    "any_isinstance_class": _any_isinstance_class,
    "isinstance_class": _isinstance_class,
}
