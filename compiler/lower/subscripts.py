"""Indexing and slicing: ``x[i]``, ``x[a:b:c]``, and list items in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import ANY, BYTES, INT, NONE, STR, DictType, ListType, OptionalType, TupleType, Type
from .layout import I1, I8, I32, I64, LIST_DATA, PTR, VOID
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import Emitter


def subscript(fl: FunctionLowering, expr: n.Subscript) -> ir.Value:
    """``x[i]`` and ``x[a:b:c]`` by their operation. An index (or the bounds of a slice) the
    checker fixed (``op.constant``: a tuple's) is not evaluated; an absent bound is an absent
    ``int | None``."""
    op = fl.typed.ops[expr]
    args = [(fl.value(expr.value), fl.typed.types[expr.value])]
    if op.constant is None and isinstance(expr.index, n.Slice):
        for part in (expr.index.lower, expr.index.upper, expr.index.step):
            if part is None:
                absent = ir.Constant(llvm_type(OptionalType(INT)), [ir.Constant(I1, 0), ir.Constant(I64, 0)])
                args.append((absent, OptionalType(INT)))
            else:
                args.append((fl.value(part), OptionalType(INT)))
    elif op.constant is None:
        args.append((fl.value(expr.index), fl.operand_type(expr.index)))
    return fl.apply_op(op, args)


# ---- emitters: (fl, [container, index or bounds...], types, op) ---------------------


def _tuple_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return fl.builder.extract_value(args[0], op.constant)


def _tuple_slice(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """The items at the positions ``op.constant`` as a new tuple."""
    result: ir.Value = ir.Constant(llvm_type(op.result), ir.Undefined)
    for position, source in enumerate(op.constant):  # type: ignore[arg-type]
        result = fl.builder.insert_value(result, fl.builder.extract_value(args[0], source), position)
    return result


def _tuple_get_dynamic(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``t[i]`` for a tuple whose items have one type: IndexError outside it."""
    container, index = args
    container_ty = types[0]
    assert isinstance(container_ty, TupleType)
    b = fl.builder
    count = ir.Constant(I64, len(container_ty.items))
    position = b.select(b.icmp_signed("<", index, ir.Constant(I64, 0)), b.add(index, count), index)
    with b.if_then(b.icmp_unsigned(">=", position, count), likely=False):
        fl.raise_text("IndexError", "tuple index out of range")
    return tuple_item_dynamic(fl, container, container_ty, b.trunc(position, I32))


def _list_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    elem = llvm_type(op.result)
    slot = list_slot(fl, args[0], args[1], "list index out of range", elem)
    return fl.builder.load(slot, typ=elem)


def _vartuple_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``t[i]`` of a ``tuple[T, ...]``: as a list's item, with a tuple's IndexError."""
    elem = llvm_type(op.result)
    slot = list_slot(fl, args[0], args[1], "tuple index out of range", elem)
    return fl.builder.load(slot, typ=elem)


def _dict_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``d[k]``: a look-up, KeyError(k) when missing (a str key's message without the generic printer)."""
    b = fl.builder
    lookup = "ssc_dict_lookup_text" if types[1] in (STR, BYTES) else "ssc_dict_lookup"
    found = fl.call_c(lookup, PTR, [args[0], fl.spill(args[1])])
    missing = b.icmp_unsigned("==", found, ir.Constant(PTR, None))
    with b.if_then(missing, likely=False):
        if types[1] == STR:   # the key's repr without the printer of every type
            fl.call_c("ssc_raise_str_key", VOID, list(fl.parts(args[1])))
        else:
            fl.call("ssc_raise_value", ir.Constant(I32, sem.EXCEPTION_CODES["KeyError"]),
                    fl.context.descriptor(types[1]), fl.spill(args[1]))
        b.branch(fl.raise_block)
    return b.load(found, typ=llvm_type(op.result))


def _dict_get_any(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``d.get(k, default)`` with a default of another type than the values (semantics.DICT_GET_ANY):
    the value found, boxed, else the default (boxed by its conversion)."""
    b = fl.builder
    container_ty = types[0]
    assert isinstance(container_ty, DictType)
    lookup = "ssc_dict_lookup_text" if types[1] in (STR, BYTES) else "ssc_dict_lookup"
    found = fl.call_c(lookup, PTR, [args[0], fl.spill(args[1])])
    before = b.block
    with b.if_then(b.icmp_unsigned("!=", found, ir.Constant(PTR, None))):
        boxed = fl.convert(b.load(found, typ=llvm_type(container_ty.value)), container_ty.value, ANY)
        present = b.block
    return fl.phi(llvm_type(ANY), [(args[2], before), (boxed, present)])


def _list_store(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``xs[i] = v`` in place: IndexError outside the list."""
    container, index, value = args
    container_ty = types[0]
    assert isinstance(container_ty, ListType)
    value = fl.convert(value, types[2], container_ty.elem)
    slot = list_slot(fl, container, index, "list assignment index out of range", llvm_type(container_ty.elem))
    fl.builder.store(value, slot)
    return ir.Constant(I1, 0)


def _dict_store(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    container_ty = types[0]
    assert isinstance(container_ty, DictType)
    value = fl.convert(args[2], types[2], container_ty.value)
    fl.dict_setitem(container_ty, args[0], args[1], value)
    return ir.Constant(I1, 0)


def _any_setitem(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    item = fl.convert(args[2], types[2], ANY)
    fl.check_status(fl.call_c("ssc_any_setitem", I32, [args[0], args[1], item]))
    return ir.Constant(I1, 0)


#: The emitters of subscripts, item stores and deletes (semantics SUBSCRIPTS, STORES, DELETES, ...).
EMITTERS: dict[str, Emitter] = {
    "tuple_get": _tuple_get,
    "tuple_slice": _tuple_slice,
    "tuple_get_dynamic": _tuple_get_dynamic,
    "list_get": _list_get,
    "vartuple_get": _vartuple_get,
    "dict_get": _dict_get,
    "dict_get_any": _dict_get_any,
    "str_get": lambda fl, args, types, op: fl.call_runtime("ssc_str_getitem", [(args[0], STR), (args[1], INT)],
                                                          STR),
    "bytes_get": lambda fl, args, types, op: fl.call_runtime("ssc_bytes_getitem",
                                                            [(args[0], BYTES), (args[1], INT)], INT),
    "list_store": _list_store,
    "dict_store": _dict_store,
    "any_setitem": _any_setitem,
    "list_delete": lambda fl, args, types, op: fl.call_runtime("ssc_list_del", [(args[0], types[0]),
                                                                                (args[1], INT)], NONE),
    "dict_delete": lambda fl, args, types, op: fl.call_runtime("ssc_dict_delitem", [(args[0], types[0]),
                                                                                    (args[1], types[1])],
                                                               NONE, [False, True]),
}


def list_slot(fl: FunctionLowering, lst: ir.Value, index: ir.Value, message: str, elem_ty: ir.Type) -> ir.Value:
    """Address of ``lst[index]`` with Python's negative indices; IndexError(message) outside."""
    b = fl.builder
    length = b.sext(fl.list_len(lst), I64)
    negative = b.icmp_signed("<", index, ir.Constant(I64, 0))
    position = b.select(negative, b.add(index, length), index)
    outside = b.icmp_unsigned(">=", position, length)
    with b.if_then(outside, likely=False):
        fl.raise_text("IndexError", message)
    data = b.load(b.gep(lst, [ir.Constant(I32, LIST_DATA)], inbounds=True, source_etype=I8), typ=PTR)
    return b.gep(data, [b.trunc(position, I32)], source_etype=elem_ty)


def list_item(fl: FunctionLowering, lst: ir.Value, index: ir.Value, elem: Type) -> ir.Value:
    b = fl.builder
    data = b.load(b.gep(lst, [ir.Constant(I32, LIST_DATA)], inbounds=True, source_etype=I8), typ=PTR)
    return b.load(b.gep(data, [index], source_etype=llvm_type(elem)), typ=llvm_type(elem))


def tuple_item_dynamic(fl: FunctionLowering, value: ir.Value, ty: TupleType, index: ir.Value) -> ir.Value:
    slot = fl.spill(value)
    return fl.builder.load(fl.builder.gep(slot, [ir.Constant(I32, 0), index],
                                              source_etype=ir.ArrayType(llvm_type(ty.items[0]), len(ty.items))),
                             typ=llvm_type(ty.items[0]))
