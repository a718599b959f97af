"""The dicts of ``collections`` (check/stdlib_collections.py): a Counter's and a defaultdict's
``d[k]``, counting an iterable's items, and an expression computed as the one the checker
made of it (``typed.equivalents``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import BYTES, FLOAT, INT, STR, DictType, ListType, SetType, Type
from .layout import I32, I64, PTR
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import Emitter, NodeEmitter


def _lookup(fl: FunctionLowering, d: ir.Value, key: ir.Value, key_type: Type) -> ir.Value:
    """A pointer to ``d[key]``'s value, or null."""
    name = "ssc_dict_lookup_text" if key_type in (STR, BYTES) else "ssc_dict_lookup"
    return fl.call_c(name, PTR, [d, fl.spill(key)])


def _counter_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``c[k]``: the count, 0 when k is missing (nothing inserted)."""
    b = fl.builder
    found = _lookup(fl, args[0], args[1], types[1])
    before = b.block
    with b.if_then(b.icmp_unsigned("!=", found, ir.Constant(PTR, None))):
        count = b.load(found, typ=I64)
        present = b.block
    return fl.phi(I64, [(ir.Constant(I64, 0), before), (count, present)])


def _defaultdict_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``d[k]``: the value, or, when k is missing, the factory's value, inserted first."""
    b = fl.builder
    ty = types[0]
    assert isinstance(ty, DictType)
    found = _lookup(fl, args[0], args[1], types[1])
    with b.if_else(b.icmp_unsigned("==", found, ir.Constant(PTR, None)), likely=False) as (missing, present):
        with missing:
            made = _made(fl, ty.value, ty.factory)
            fl.dict_setitem(ty, args[0], args[1], made)
            made_block = b.block
        with present:
            value = b.load(found, typ=llvm_type(ty.value))
            present_block = b.block
    return fl.phi(llvm_type(ty.value), [(made, made_block), (value, present_block)])


def _made(fl: FunctionLowering, ty: Type, factory: object) -> ir.Value:
    """What a defaultdict's factory returns: 0, 0.0, '', False, an empty container, or the lambda's constant."""
    if isinstance(factory, n.Expr):
        return fl.value(factory)
    if isinstance(ty, ListType):
        return fl.call("ssc_list_new", fl.context.descriptor(ty.elem), ir.Constant(I32, 0))
    if isinstance(ty, (DictType, SetType)):
        return fl.new_dict(ty)
    return fl.constant({INT: 0, FLOAT: 0.0, STR: ""}.get(ty, False), ty)


def _counter_count(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``Counter(iterable)`` (a new Counter, ``op.constant``) or ``c.update(iterable)``: one more for each item."""
    b = fl.builder
    source = call.args[0]
    if op.constant:
        ty = op.result
        counter = fl.new_dict(ty)
    else:
        receiver = fl.typed.receivers[call]
        ty = fl.typed.types[receiver]
        counter = fl.value(receiver)
    assert isinstance(ty, DictType)
    iteration = fl.typed.iterations[source]
    done = fl.function.append_basic_block("count.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        found = _lookup(fl, counter, item, ty.key)
        with b.if_else(b.icmp_unsigned("==", found, ir.Constant(PTR, None))) as (missing, present):
            with missing:
                fl.dict_setitem(ty, counter, item, ir.Constant(I64, 1))
            with present:
                b.store(b.add(b.load(found, typ=I64), ir.Constant(I64, 1)), found)

    fl.iterate(iteration, body, done)
    return counter if op.constant else ir.Constant(llvm_type(op.result), 0)


EMITTERS: dict[str, Emitter] = {
    "counter_get": _counter_get,
    "defaultdict_get": _defaultdict_get,
}
NODE_EMITTERS: dict[str, NodeEmitter] = {
    "counter_count": _counter_count,
    "equivalent": lambda fl, node, op: fl.value(fl.typed.equivalents[node]),
}
