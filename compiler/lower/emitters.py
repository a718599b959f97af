"""The emitters of ``semantics``' operations, keyed by ``impl``: ``IMPLS`` take the
operands' values, ``SPECIAL_CALLS`` the call node (their arguments are not plain values)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import BOOL, BYTES, EXCEPTION, FLOAT, INT, NONE, STR, ListType, OptionalType, SetType, TupleType, Type
from . import compare, convert, fstrings, subscripts
from .layout import BYTES_T, F64, I1, I8, I32, I64, PTR, VOID
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering


Emitter = Callable[["FunctionLowering", list[ir.Value], list[Type], sem.Op], ir.Value]


def _checked_int(op: str) -> Emitter:
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
    return _checked_int("ssub")(fl, [ir.Constant(I64, 0), args[0]], types, op)


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


def _list_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    elem = llvm_type(op.result)
    slot = subscripts.list_slot(fl, args[0], args[1], "list index out of range", elem)
    return fl.builder.load(slot, typ=elem)


def _list_append(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``xs.append(x)``: stored in place while the list has room (ssc_list's
    len, cap, data), else ssc_list_append grows it."""
    b = fl.builder
    lst, value = args
    elem = llvm_type(types[1])
    length = fl.list_len(lst)
    cap = b.load(b.gep(lst, [ir.Constant(I32, 4)], inbounds=True, source_etype=I8), typ=I32)
    with b.if_else(b.icmp_signed("<", length, cap), likely=True) as (room, grow):
        with room:
            data = b.load(b.gep(lst, [ir.Constant(I32, 8)], inbounds=True, source_etype=I8), typ=PTR)
            b.store(value, b.gep(data, [length], source_etype=elem))
            b.store(b.add(length, ir.Constant(I32, 1)), lst)
        with grow:
            fl.call("ssc_list_append", lst, fl.spill(value))
    return ir.Constant(I1, 0)


def _dict_get(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
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


IMPLS: dict[str, Emitter] = {
    "identity": lambda fl, args, types, op: args[0],
    "truth": convert.truth,
    "box": convert.box,
    "box_constant": convert.box_constant,
    "unbox": convert.unbox,
    "unwrap_optional": convert.unwrap_optional,
    "wrap_optional": convert.wrap_optional,
    "tuple_to_list": convert.tuple_to_list,
    "tuple_items": convert.tuple_items,
    "int_add": _checked_int("sadd"),
    "int_sub": _checked_int("ssub"),
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
    "int_to_float": lambda fl, args, types, op: fl.builder.sitofp(args[0], F64),
    "bool_to_float": lambda fl, args, types, op: fl.builder.uitofp(args[0], F64),
    "bool_to_int": lambda fl, args, types, op: fl.builder.zext(args[0], I64),
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
    "record_key": _record_key,
    "record_value": _record_value,
    "record_offset": lambda fl, args, types, op: fl.call("ssc_record_offset", args[0]),
    "record_timestamp": lambda fl, args, types, op: fl.call("ssc_record_timestamp", args[0]),
    "list_get": _list_get,
    "list_append": _list_append,
    "dict_get": _dict_get,
    "sequence_repeat": _sequence_repeat(False),
    "sequence_repeat_swapped": _sequence_repeat(True),
    "str_get": lambda fl, args, types, op: fl.call_runtime("ssc_str_getitem", [(args[0], STR), (args[1], INT)],
                                                          STR),
    "bytes_get": lambda fl, args, types, op: fl.call_runtime("ssc_bytes_getitem",
                                                            [(args[0], BYTES), (args[1], INT)], INT),
    "list_delete": lambda fl, args, types, op: fl.call_runtime("ssc_list_del", [(args[0], types[0]),
                                                                                (args[1], INT)], NONE),
    "dict_delete": lambda fl, args, types, op: fl.call_runtime("ssc_dict_delitem", [(args[0], types[0]),
                                                                                    (args[1], types[1])],
                                                               NONE, [False, True]),
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


def _materialize(fl: FunctionLowering, expr: n.Expr, copy: bool) -> ir.Value:
    """The items of an iterable argument as a list (``sorted(x)``, ``list(x)``, ``min(x)``)."""
    iteration = fl.typed.iterations[expr]
    if iteration.kind == "list":
        value = fl.value(expr)
        if not copy:
            return value
        return fl.call_runtime("ssc_list_copy", [(value, ListType(iteration.item))], ListType(iteration.item))
    if iteration.kind == "set":
        return fl.call_c("ssc_set_to_list", PTR, [fl.value(expr)])
    result = fl.call("ssc_list_new", fl.context.descriptor(iteration.item), ir.Constant(I32, 0))
    done = fl.function.append_basic_block("materialize.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        fl.call("ssc_list_append", result, fl.spill(item))

    fl.iterate(iteration, body, done)
    return result


def _evaluated(fl: FunctionLowering, expr: n.Expr, result: ir.Value) -> ir.Value:
    """Evaluate ``expr`` for its effects (isinstance's value), then give ``result``."""
    fl.value(expr)
    return result


def _list_from_iter(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    return _materialize(fl, call.args[0], copy=True)


def _set_from_iter(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    assert isinstance(op.result, SetType)
    iteration = fl.typed.iterations[call.args[0]]
    if iteration.kind == "set":
        return fl.call_runtime("ssc_set_copy", [(fl.value(call.args[0]), op.result)], op.result)
    result = fl.new_dict(op.result)
    done = fl.function.append_basic_block("set.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        fl.check_status(fl.call_c("ssc_set_add", I32, [result, fl.spill(item)]))

    fl.iterate(iteration, body, done)
    return result


def _sorted(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    items = _materialize(fl, call.args[0], copy=True)
    reverse: ir.Value = ir.Constant(I32, 0)
    for kw in call.keywords:
        reverse = fl.builder.zext(fl.value(kw.value), I32)
    fl.check_status(fl.call_c("ssc_list_sort", I32, [items, reverse]))
    return items


def _reduce(which: str) -> Callable[[FunctionLowering, n.Call, sem.Op], ir.Value]:
    def emit(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        items = _materialize(fl, call.args[0], copy=False)
        return fl.call_runtime(f"ssc_list_{which}", [(items, ListType(op.result))], op.result, [False])
    return emit


def _sum(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """sum(xs[, start]): left to right from start (0), as CPython 3.11 adds."""
    iteration = fl.typed.iterations[call.args[0]]
    b = fl.builder
    acc = fl.entry_slot(llvm_type(op.result))
    start = fl.value(call.args[1]) if len(call.args) > 1 else \
        (ir.Constant(F64, 0.0) if op.result == FLOAT else ir.Constant(I64, 0))
    b.store(start, acc)
    done = fl.function.append_basic_block("sum.done")
    adder = _checked_int("sadd")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        item_ty = iteration.item
        if item_ty == BOOL:
            item = b.zext(item, I64)
            item_ty = INT
        if op.result == FLOAT:
            if item_ty == INT:
                item = b.sitofp(item, F64)
            b.store(b.fadd(b.load(acc), item), acc)
        else:
            b.store(adder(fl, [b.load(acc), item], [INT, INT], op), acc)

    fl.iterate(iteration, body, done)
    return b.load(acc)


def _extreme_args(which: str) -> Callable[[FunctionLowering, n.Call, sem.Op], ir.Value]:
    """min(a, b, ...) / max(...): the first smallest (largest) argument, compared as CPython does."""
    def emit(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        b = fl.builder
        best = fl.entry_slot(llvm_type(op.result))
        b.store(fl.value(call.args[0]), best)
        for arg in call.args[1:]:
            item = fl.value(arg)
            better = compare.order(fl, item, b.load(best), op.result, "<" if which == "min" else ">")
            b.store(b.select(better, item, b.load(best)), best)
        return b.load(best)
    return emit


def _any_isinstance(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    out = fl.entry_slot(I8)
    fl.call_c("ssc_any_isinstance", I32, [fl.value(call.args[0]), ir.Constant(I32, op.constant), out])
    return fl.builder.trunc(fl.builder.load(out), I1)


#: Calls with their own lowering (their arguments are not plain values).
SPECIAL_CALLS: dict[str, Callable[[FunctionLowering, n.Call, sem.Op], ir.Value]] = {
    "any_isinstance": _any_isinstance,
    "list_from_iter": _list_from_iter,
    "set_from_iter": _set_from_iter,
    "sorted": _sorted,
    "min_iter": _reduce("min"),
    "max_iter": _reduce("max"),
    "sum_iter": _sum,
    "min_args": _extreme_args("min"),
    "max_args": _extreme_args("max"),
    "isinstance_true": lambda fl, call, op: _evaluated(fl, call.args[0], ir.Constant(I1, 1)),
    "isinstance_false": lambda fl, call, op: _evaluated(fl, call.args[0], ir.Constant(I1, 0)),
    "isinstance_present": lambda fl, call, op: fl.builder.extract_value(fl.value(call.args[0]), 0),
    "list_new": lambda fl, call, op: fl.call("ssc_list_new", fl.context.descriptor(op.result.elem),  # type: ignore[union-attr]
                                             ir.Constant(I32, 0)),
    "dict_new": lambda fl, call, op: fl.new_dict(op.result),  # type: ignore[arg-type]
    "set_new": lambda fl, call, op: fl.new_dict(op.result),  # type: ignore[arg-type]
    "dict_copy": lambda fl, call, op: fl.call_runtime("ssc_dict_copy", [(fl.value(call.args[0]), op.result)],
                                                      op.result),
}