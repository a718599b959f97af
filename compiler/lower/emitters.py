"""The emitters of the operations on numbers, text, records and lists, and of Any's operators.

Each takes the operands' values and types: ``(fl, args, types, op) -> value``
(see ``registry``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import semantics as sem
from ..types import BOOL, BYTES, EXCEPTION, INT, STR, OptionalType, TupleType, Type
from . import fstrings
from .layout import BYTES_T, F64, I1, I8, I32, I64, LIST_CAP, LIST_DATA, PTR
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import Emitter


def checked_int(op: str) -> Emitter:
    """``llvm.s{add,sub}.with.overflow.i64``: OverflowError outside int64."""
    def emit(fl: FunctionLowering, args: list[ir.Value], types: list[Type], o: sem.Op) -> ir.Value:
        pair = fl.builder.call(fl.context.overflow_intrinsic(op), args)
        overflowed = fl.builder.extract_value(pair, 1)
        with fl.builder.if_then(overflowed, likely=False):
            fl.call("ssc_raise_int_overflow")
            fl.builder.branch(fl.raise_block)
        return fl.builder.extract_value(pair, 0)
    return emit


def _int_mul(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(I64)
    fl.check_status(fl.call("ssc_int_mul", args[0], args[1], out))
    return fl.builder.load(out)


def _int_neg(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return checked_int("ssub")(fl, [ir.Constant(I64, 0), args[0]], types, op)


def _concat(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    fl.call("ssc_concat", *fl.parts(args[0]), *fl.parts(args[1]), out)
    return fl.builder.load(out)


def _contains(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    needle, haystack = args
    index = fl.call("ssc_find", *fl.parts(haystack), *fl.parts(needle))
    return fl.builder.icmp_signed(">=", index, ir.Constant(I32, 0))


def _equal(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    same = fl.call("ssc_equal", *fl.parts(args[0]), *fl.parts(args[1]))
    return fl.builder.icmp_signed("!=", same, ir.Constant(I32, 0))


def _int_parser(runtime_name: str) -> Emitter:
    def emit(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
        out = fl.entry_slot(I64)
        fl.check_status(fl.call(runtime_name, *fl.parts(args[0]), out))
        return fl.builder.load(out)
    return emit


def _int_to_str(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    fl.call("ssc_int_to_str", args[0], out)
    return fl.builder.load(out)


def _utf8_decode(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    fl.check_status(fl.call("ssc_utf8_check", *fl.parts(args[0])))
    return args[0]


def _record_key(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    present = fl.builder.trunc(fl.call("ssc_record_key", args[0], out), I1)
    result = ir.Constant(llvm_type(OptionalType(BYTES)), ir.Undefined)
    result = fl.builder.insert_value(result, present, 0)
    return fl.builder.insert_value(result, fl.builder.load(out), 1)


def _record_value(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    fl.call("ssc_record_value", args[0], out)
    return fl.builder.load(out)


def _enum_select(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """The constant of an enum member (``op.constant``: (member's int, constant) pairs): a chain
    of selects, the last member's the default."""
    def constant(value: object) -> ir.Value:   # a str's {ptr, len} with a plain pointer, as any str's
        made = fl.constant(value, op.result)
        if op.result != STR:
            return made
        ptr, length = made.constant  # type: ignore[attr-defined]
        return ir.Constant(BYTES_T, [ptr.bitcast(PTR), length])

    pairs = list(op.constant)  # type: ignore[call-overload]
    chosen = constant(pairs[-1][1])
    for key, value in reversed(pairs[:-1]):
        hit = fl.builder.icmp_signed("==", args[0], ir.Constant(I64, key))
        chosen = fl.builder.select(hit, constant(value), chosen)
    return chosen


def _value_text(how: str) -> Emitter:
    def emit(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
        ty = types[0]
        if how == "str" and ty == EXCEPTION:
            return fl.builder.extract_value(args[0], 1)
        if how == "str" and ty == STR:
            return args[0]
        if how == "str" and ty == INT:
            return _int_to_str(fl, args, types, op)
        return fstrings.text_of(fl, args[0], ty, how)
    return emit


def _list_append(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``xs.append(x)``: stored in place while the list has room (ssc_list's
    len, cap, data), else ssc_list_append grows it."""
    b = fl.builder
    lst, value = args
    elem = llvm_type(types[1])
    length = fl.list_len(lst)
    cap = b.load(b.gep(lst, [ir.Constant(I32, LIST_CAP)], inbounds=True, source_etype=I8), typ=I32)
    with b.if_else(b.icmp_signed("<", length, cap), likely=True) as (room, grow):
        with room:
            data = b.load(b.gep(lst, [ir.Constant(I32, LIST_DATA)], inbounds=True, source_etype=I8), typ=PTR)
            b.store(value, b.gep(data, [length], source_etype=elem))
            b.store(b.add(length, ir.Constant(I32, 1)), lst)
        with grow:
            fl.call("ssc_list_append", lst, fl.spill(value))
    return ir.Constant(I1, 0)


def _float_op(name: str) -> Emitter:
    return lambda fl, args, types, op: getattr(fl.builder, name)(args[0], args[1])


def _sequence_repeat(swapped: bool) -> Emitter:
    def emit(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
        seq, count = (args[1], args[0]) if swapped else (args[0], args[1])
        name = "ssc_str_repeat" if op.result == STR else "ssc_bytes_repeat"
        return fl.call_runtime(name, [(seq, op.result), (count, INT)], op.result)
    return emit


def _tuple_concat(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    result: ir.Value = ir.Constant(llvm_type(op.result), ir.Undefined)
    position = 0
    for value, ty in zip(args, types):
        assert isinstance(ty, TupleType)
        for index in range(len(ty.items)):
            result = fl.builder.insert_value(result, fl.builder.extract_value(value, index), position)
            position += 1
    return result


def _utf8_encode_checked(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    fl.check_status(fl.call_c("ssc_utf8_encode_check", I32, list(fl.parts(args[0]))))
    return args[0]


def _any_operator(fl: FunctionLowering, name: str, op: sem.Op, args: list[ir.Value]) -> ir.Value:
    """ssc_any_binary / ssc_any_unary: the operator's code (op.constant) first, the result through an out."""
    out = fl.entry_slot(PTR)
    fl.check_status(fl.call_c(name, I32, [ir.Constant(I32, op.constant), *args, out]))
    return fl.builder.load(out)


def _container_len(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return fl.builder.sext(fl.list_len(args[0]), I64)


def _str_len(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return fl.call_runtime("ssc_str_len", [(args[0], STR)], INT)


def _check_encodable(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """UnicodeEncodeError if a str in the value holds a lone surrogate (ssc_check_encodable)."""
    fl.check_status(fl.call_c("ssc_check_encodable", I32, [fl.context.descriptor(types[0]), fl.spill(args[0])]))
    return ir.Constant(I1, 0)


#: The emitters of the operations of numbers, text, records, lists and Any's operators.
EMITTERS: dict[str, Emitter] = {
    "module_constant": lambda fl, args, types, op: fl.constant(op.constant, op.result),   # math.pi
    "int_add": checked_int("sadd"),
    "int_sub": checked_int("ssub"),
    "int_mul": _int_mul,
    "int_neg": _int_neg,
    "int_and": lambda fl, args, types, op: fl.builder.and_(args[0], args[1]),
    "int_or": lambda fl, args, types, op: fl.builder.or_(args[0], args[1]),
    "int_xor": lambda fl, args, types, op: fl.builder.xor(args[0], args[1]),
    "int_invert": lambda fl, args, types, op: fl.builder.xor(args[0], ir.Constant(I64, -1)),
    "float_add": _float_op("fadd"),
    "float_sub": _float_op("fsub"),
    "float_mul": _float_op("fmul"),
    "float_neg": lambda fl, args, types, op: fl.builder.fneg(args[0]),
    "float_abs": lambda fl, args, types, op: fl.builder.call(
        fl.context.intrinsic("llvm.fabs.f64", ir.FunctionType(F64, [F64])), [args[0]]),
    "bool_not": lambda fl, args, types, op: fl.builder.not_(args[0]),
    "concat": _concat,
    "contains": _contains,
    "equal": _equal,
    "int_from_str": _int_parser("ssc_int_from_str"),
    "int_from_bytes": _int_parser("ssc_int_from_bytes"),
    "int_to_str": _int_to_str,
    "empty_str": lambda fl, args, types, op: fl.context.constant_bytes(b""),
    "value_str": _value_text("str"),
    "value_repr": _value_text("repr"),
    "bytes_len": lambda fl, args, types, op: fl.builder.sext(fl.builder.extract_value(args[0], 1), I64),
    "str_len": _str_len,
    "container_len": _container_len,
    "tuple_len": lambda fl, args, types, op: ir.Constant(I64, len(types[0].items)),  # type: ignore[union-attr]
    "utf8_decode": _utf8_decode,
    "utf8_encode": lambda fl, args, types, op: args[0],
    "utf8_encode_checked": _utf8_encode_checked,
    "check_encodable": _check_encodable,
    "record_key": _record_key,
    "record_value": _record_value,
    "record_field": lambda fl, args, types, op: fl.builder.extract_value(args[0], op.constant),
    "enum_member": lambda fl, args, types, op: ir.Constant(I64, op.constant),
    "enum_select": _enum_select,
    "record_offset": lambda fl, args, types, op: fl.call("ssc_record_offset", args[0]),
    "record_timestamp": lambda fl, args, types, op: fl.call("ssc_record_timestamp", args[0]),
    "list_append": _list_append,
    "sequence_repeat": _sequence_repeat(False),
    "sequence_repeat_swapped": _sequence_repeat(True),
    "list_concat": lambda fl, args, types, op: fl.call_runtime("ssc_list_concat", list(zip(args, types)),
                                                               op.result),
    "list_repeat": lambda fl, args, types, op: fl.call_runtime("ssc_list_repeat", list(zip(args, types)),
                                                               op.result),
    "tuple_concat": _tuple_concat,
    "any_binary": lambda fl, args, types, op: _any_operator(fl, "ssc_any_binary", op, args),
    "any_unary": lambda fl, args, types, op: _any_operator(fl, "ssc_any_unary", op, args),
    "any_inplace": lambda fl, args, types, op: _any_operator(fl, "ssc_any_inplace", op, args),
    "bytes_contains_int": lambda fl, args, types, op: fl.call_runtime(
        "ssc_bytes_contains_byte", [(args[1], BYTES), (args[0], INT)], BOOL),
}
