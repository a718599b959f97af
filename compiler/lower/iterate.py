"""``for`` loops: the cursor, the next item and the advance of each kind of iterable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from ..typed import Iteration
from ..types import ANY, NONE, DictType, ListType, SetType, TupleType
from . import subscripts
from .layout import BYTES_T, I1, I8, I32, I64, ITER_T
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering


def cursors(fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
    """Evaluate the iterable and set up the cursor slots of ``it``."""
    if it.kind == "range":
        start_e, stop_e, step_e = it.source
        start = fl.value(start_e) if start_e is not None else ir.Constant(I64, 0)
        stop = fl.value(stop_e)  # type: ignore[arg-type]
        step = fl.value(step_e) if step_e is not None else ir.Constant(I64, 1)
        if step_e is not None:
            zero = fl.builder.icmp_signed("==", step, ir.Constant(I64, 0))
            with fl.builder.if_then(zero, likely=False):
                fl.raise_text("ValueError", "range() arg 3 must not be zero")
        cursor = fl.entry_slot(I64)
        fl.builder.store(start, cursor)
        return [cursor, stop, step]
    if it.kind in ("enumerate", "zip"):
        slots = []
        for part in it.parts:
            slots.extend(cursors(fl, part))
        if it.kind == "enumerate":
            start = fl.value(it.source[0]) if it.source[0] is not None else ir.Constant(I64, 0)
            counter = fl.entry_slot(I64)
            fl.builder.store(start, counter)
            slots.append(counter)
        return slots
    source = it.source[0]
    assert source is not None
    value = fl.value(source)
    if it.kind == "any":   # iter(x): a snapshot list of x's keys, items or characters
        value = fl.call_runtime("ssc_any_iter", [(value, ANY)], ListType(ANY))
    cursor = fl.entry_slot(I32)
    fl.builder.store(ir.Constant(I32, 0), cursor)
    if it.kind.startswith("dict_") or it.kind == "set":
        state = fl.entry_slot(ITER_T)
        length = fl.builder.load(value, typ=I32)
        start = fl.builder.insert_value(ir.Constant(ITER_T, None), length, 1)
        fl.builder.store(start, state)
        return [state, value]
    holder = fl.entry_slot(value.type)
    fl.builder.store(value, holder)
    return [cursor, holder]


def next_item(fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
    """In the loop head: branch to ``done`` when exhausted, else produce the item."""
    b = fl.builder
    if it.kind not in ("enumerate", "zip"):
        more = fl.function.append_basic_block("for.item")
    if it.kind == "range":
        cursor, stop, step = cursors
        current = b.load(cursor)
        up = b.icmp_signed(">", step, ir.Constant(I64, 0))
        below = b.icmp_signed("<", current, stop)
        above = b.icmp_signed(">", current, stop)
        b.cbranch(b.select(up, below, above), more, done)
        b.position_at_end(more)
        return current
    if it.kind == "enumerate":
        inner = next_item(fl, it.parts[0], cursors[:-1], done)
        count = b.load(cursors[-1])
        pair = ir.Constant(llvm_type(it.item), ir.Undefined)
        pair = b.insert_value(b.insert_value(pair, count, 0), inner, 1)
        return pair
    if it.kind == "zip":
        result = ir.Constant(llvm_type(it.item), ir.Undefined)
        offset = 0
        for index, part in enumerate(it.parts):
            width = cursor_count(part)
            item = next_item(fl, part, cursors[offset:offset + width], done)
            result = b.insert_value(result, item, index)
            offset += width
        return result
    if it.kind.startswith("dict_") or it.kind == "set":
        state, container = cursors
        source_ty = fl.typed.types[it.source[0]]
        if isinstance(source_ty, DictType):
            key_ty, value_ty = source_ty.key, source_ty.value
        else:
            assert isinstance(source_ty, SetType)
            key_ty, value_ty = source_ty.elem, NONE
        key_slot = fl.entry_slot(llvm_type(key_ty))
        flag = fl.entry_slot(I8)
        if isinstance(source_ty, DictType):
            value_slot = fl.entry_slot(llvm_type(value_ty))
            status = fl.call_c("ssc_dict_iter_next", I32, [container, state, key_slot, value_slot, flag])
        else:
            status = fl.call_c("ssc_set_iter_next", I32, [container, state, key_slot, flag])
        fl.check_status(status)
        b.cbranch(b.trunc(b.load(flag), I1), more, done)
        b.position_at_end(more)
        key = b.load(key_slot)
        if it.kind in ("dict_keys", "set"):
            return key
        value = b.load(value_slot)
        if it.kind == "dict_values":
            return value
        pair = ir.Constant(llvm_type(it.item), ir.Undefined)
        return b.insert_value(b.insert_value(pair, key, 0), value, 1)
    cursor, holder = cursors
    index = b.load(cursor)
    container = b.load(holder)
    if it.kind in ("list", "any"):
        b.cbranch(b.icmp_signed("<", index, fl.list_len(container)), more, done)
        b.position_at_end(more)
        return subscripts.list_item(fl, container, index, it.item)
    if it.kind == "tuple":
        ty = fl.typed.types[it.source[0]]
        assert isinstance(ty, TupleType)
        b.cbranch(b.icmp_signed("<", index, ir.Constant(I32, len(ty.items))), more, done)
        b.position_at_end(more)
        return subscripts.tuple_item_dynamic(fl, container, ty, index)
    ptr, length = fl.parts(container)
    b.cbranch(b.icmp_signed("<", index, length), more, done)
    b.position_at_end(more)
    if it.kind == "bytes":
        byte = b.load(b.gep(ptr, [index], source_etype=I8), typ=I8)
        return b.zext(byte, I64)
    # str: one code point, as a str of its UTF-8 bytes
    lead = b.load(b.gep(ptr, [index], source_etype=I8), typ=I8)
    width = utf8_width(fl, lead)
    item = ir.Constant(BYTES_T, ir.Undefined)
    item = b.insert_value(item, b.gep(ptr, [index], source_etype=I8), 0)
    return b.insert_value(item, width, 1)


def advance(fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
    b = fl.builder
    if it.kind == "range":
        cursor, _, step = cursors
        b.store(b.add(b.load(cursor), step), cursor)
    elif it.kind == "enumerate":
        advance(fl, it.parts[0], cursors[:-1])
        b.store(b.add(b.load(cursors[-1]), ir.Constant(I64, 1)), cursors[-1])
    elif it.kind == "zip":
        offset = 0
        for part in it.parts:
            width = cursor_count(part)
            advance(fl, part, cursors[offset:offset + width])
            offset += width
    elif it.kind.startswith("dict_") or it.kind == "set":
        pass  # ssc_dict_next moves its cursor
    elif it.kind == "str":
        cursor, holder = cursors
        ptr, _ = fl.parts(b.load(holder))
        index = b.load(cursor)
        width = utf8_width(fl, b.load(b.gep(ptr, [index], source_etype=I8), typ=I8))
        b.store(b.add(index, width), cursor)
    else:
        cursor = cursors[0]
        b.store(b.add(b.load(cursor), ir.Constant(I32, 1)), cursor)


def utf8_width(fl: FunctionLowering, lead: ir.Value) -> ir.Value:
    """Bytes in the UTF-8 sequence that starts with byte ``lead``: 1 to 4.

    ASCII is a branch marked likely rather than arithmetic: the next
    position then need not wait for this byte's load, so a loop over
    mostly-ASCII text runs at the speed of its body."""
    b = fl.builder
    lead = b.zext(lead, I32)
    ascii_block = b.block
    with b.if_then(b.icmp_unsigned(">=", lead, ir.Constant(I32, 0x80)), likely=False):
        two = b.icmp_unsigned(">=", lead, ir.Constant(I32, 0xC0))
        three = b.icmp_unsigned(">=", lead, ir.Constant(I32, 0xE0))
        four = b.icmp_unsigned(">=", lead, ir.Constant(I32, 0xF0))
        wide = b.add(ir.Constant(I32, 1), b.zext(two, I32))
        wide = b.add(wide, b.zext(three, I32))
        wide = b.add(wide, b.zext(four, I32))
        wide_block = b.block
    width = b.phi(I32)
    width.add_incoming(ir.Constant(I32, 1), ascii_block)
    width.add_incoming(wide, wide_block)
    return width


def cursor_count(it: Iteration) -> int:
    if it.kind == "range":
        return 3
    if it.kind == "enumerate":
        return cursor_count(it.parts[0]) + 1
    if it.kind == "zip":
        return sum(cursor_count(p) for p in it.parts)
    return 2
