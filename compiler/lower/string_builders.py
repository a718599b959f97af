"""Lists that only build a string, kept as a growing buffer of the joined text
(``check.string_builders``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from .layout import BUF_T, BYTES_T, I1, I8, I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def builder_slot(fl: FunctionLowering, name: n.Expr) -> ir.Value | None:
    """The slot of a string-builder local (BUILDER_T), when ``name`` is one."""
    binding = fl.typed.bindings.get(name) if isinstance(name, n.Name) else None
    if fl.info is None or binding is None or binding.key not in fl.info.builders:
        return None
    return fl.slots[binding.key]


def builder_new(fl: FunctionLowering, stmt: n.Assign | n.AnnAssign, op: sem.Op) -> ir.Value:
    """``parts: list[str] = []``: an empty buffer (32 bytes) and no items yet."""
    target = stmt.targets[0] if isinstance(stmt, n.Assign) else stmt.target
    slot = builder_slot(fl, target)
    builder_buffer_call(fl, slot, "ssc_buf_init", ir.Constant(I32, 32))
    fl.builder.store(ir.Constant(I32, 0), fl.builder.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 1)]))
    return ir.Constant(I1, 0)


def builder_join(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``SEP.join(parts)``: the text so far (a later append writes past its end)."""
    b = fl.builder
    slot = builder_slot(fl, call.args[0])
    buf = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)])
    ptr = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)]), typ=PTR)
    length = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)]), typ=I32)
    return b.insert_value(b.insert_value(ir.Constant(BYTES_T, ir.Undefined), ptr, 0), length, 1)


def builder_append(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``parts.append(x)``: the separator (after the first item), then x; one byte inline."""
    b = fl.builder
    assert isinstance(call.func, n.Attribute)
    slot = builder_slot(fl, call.func.value)
    binding = fl.typed.bindings[call.func.value]
    separator = fl.info.builders[binding.key]
    item = fl.value(call.args[0])
    buf = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)])
    count_slot = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 1)])
    count = b.load(count_slot, typ=I32)
    if separator:
        with b.if_then(b.icmp_signed(">", count, ir.Constant(I32, 0))):
            builder_buffer_call(fl, slot, "ssc_buf_put", *fl.parts(fl.context.constant_bytes(separator)))
    b.store(b.add(count, ir.Constant(I32, 1)), count_slot)
    ptr, length = fl.parts(item)
    used_slot = b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)])
    used = b.load(used_slot, typ=I32)
    cap = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 2)]), typ=I32)
    one_fits = b.and_(b.icmp_signed("==", length, ir.Constant(I32, 1)), b.icmp_signed("<", used, cap))
    with b.if_else(one_fits, likely=True) as (fast, slow):
        with fast:   # a character: one byte stored, no call
            data = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)]), typ=PTR)
            b.store(b.load(ptr, typ=I8), b.gep(data, [used], source_etype=I8))
            b.store(b.add(used, ir.Constant(I32, 1)), used_slot)
        with slow:
            builder_buffer_call(fl, slot, "ssc_buf_put", ptr, length)
    return ir.Constant(I1, 0)


def builder_buffer_call(fl: FunctionLowering, slot: ir.Value, name: str, *args: ir.Value) -> None:
    """Call ``name`` (ssc_buf_init, ssc_buf_put) on a string builder's buffer through a
    copy of it, so that the builder's own slot never escapes and LLVM can keep its
    fields in registers across a loop of appends."""
    b = fl.builder
    buf = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)])
    temp = fl.entry_slot(BUF_T)
    b.store(b.load(buf, typ=BUF_T), temp)
    fl.call(name, temp, *args)
    b.store(b.load(temp, typ=BUF_T), buf)


#: The emitters of BUILDER_NEW, BUILDER_APPEND and BUILDER_JOIN.
EMITTERS: dict[str, NodeEmitter] = {
    "builder_new": builder_new,   # type: ignore[dict-item]
    "builder_append": builder_append,
    "builder_join": builder_join,
}
