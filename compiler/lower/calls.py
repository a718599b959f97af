"""Calls: the program's functions, builtins and methods by their operation, and
json.dumps's options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import INT, NONE, STR, PrimType, Type
from . import emitters, string_builders
from .layout import BUF_T, BYTES_T, I32, I64, JSON_OPTS_T, PTR
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering


def lower_call(fl: FunctionLowering, call: n.Call) -> ir.Value:
    op = fl.typed.ops[call]
    if op.impl in ("builder_append", "builder_join"):
        return string_builders.builder_call(fl, call, op)
    if op.impl == sem.JSON_DUMPS.impl:
        return json_dumps(fl, call)
    if op.impl in ("ssc_json_loads_str", "ssc_json_loads_bytes"):
        return fl.apply_op(op, [(fl.value(call.args[0]), fl.operand_type(call.args[0]))])
    if op.impl == sem.ANY_STR_METHOD.impl:
        assert isinstance(call.func, n.Attribute)
        text = fl.entry_slot(BYTES_T)
        name = fl.context.constant_bytes(call.func.attr.encode() + b"\0")
        fl.check_status(fl.call_c("ssc_any_expect_str", I32,
                                      [fl.value(call.func.value), fl.builder.extract_value(name, 0), text]))
        inner = op.inner
        assert inner is not None
        args = [(fl.builder.load(text), STR)]
        for param, arg in zip(inner.params, fl.typed.arguments.get(call, ())):
            args.append(fl.argument(arg, param))
        return fl.apply_op(inner, args, [False] * len(args))
    if op.impl == "call_function":
        binding = fl.typed.bindings[call]
        callee = fl.context.functions[binding.key]
        args = [fl.value(arg) for arg in fl.typed.arguments[call]]  # type: ignore[arg-type]
        slot = fl.entry_slot(llvm_type(op.result))
        # CPython's recursion limit: count the nesting around the call
        fl.check_status(fl.call("ssc_call_enter"))
        status = fl.builder.call(callee, [slot, *args])
        fl.call("ssc_call_leave")
        fl.check_status(status)
        return fl.builder.load(slot)
    if isinstance(call.func, n.Attribute):
        receiver = call.func.value
        args = [(fl.value(receiver), fl.typed.types[receiver])]
        by_ref = [False]
        if call in fl.typed.arguments:
            for param, arg in zip(op.params, fl.typed.arguments[call]):
                args.append(fl.argument(arg, param))
                by_ref.append(is_placeholder(param.type))
        return fl.apply_op(op, args, by_ref)
    if call in fl.typed.arguments:
        args = [fl.argument(arg, param) for param, arg in zip(op.params, fl.typed.arguments[call])]
        return fl.apply_op(op, args, [is_placeholder(param.type) for param in op.params])
    special = emitters.SPECIAL_CALLS.get(op.impl)
    if special is not None:
        return special(fl, call, op)
    return fl.apply_op(op, [(fl.value(arg), fl.operand_type(arg)) for arg in call.args])


def json_dumps(fl: FunctionLowering, call: n.Call) -> ir.Value:
    """json.dumps(obj, indent=..., separators=..., sort_keys=..., ensure_ascii=..., allow_nan=...):
    the options gathered into an ssc_json_opts, then ssc_json_dumps."""
    b = fl.builder
    obj, indent, separators, sort_keys, ensure_ascii, allow_nan = fl.typed.arguments[call]
    assert obj is not None
    value = fl.value(obj)
    obj_ty = fl.operand_type(obj)
    has_indent = indent is not None and fl.typed.types[indent] != NONE
    indent_text: ir.Value = fl.context.constant_bytes(b"")
    if has_indent:
        assert indent is not None
        given = fl.value(indent)
        if fl.typed.types[indent] == STR:
            indent_text = given
        else:   # an int n: n spaces (none when n < 0)
            width = b.select(b.icmp_signed("<", given, ir.Constant(I64, 0)), ir.Constant(I64, 0), given)
            indent_text = fl.call_runtime("ssc_str_repeat", [(fl.context.constant_bytes(b" "), STR),
                                                               (width, INT)], STR)
    item_sep = fl.context.constant_bytes(b"," if has_indent else b", ")
    key_sep = fl.context.constant_bytes(b": ")
    if separators is not None and fl.typed.types[separators] != NONE:
        pair = fl.value(separators)
        item_sep, key_sep = b.extract_value(pair, 0), b.extract_value(pair, 1)
    flags = []
    for option, default in ((sort_keys, 0), (ensure_ascii, 1), (allow_nan, 1)):
        flags.append(b.zext(fl.value(option), I32) if option is not None else ir.Constant(I32, default))
    opts: ir.Value = ir.Constant(JSON_OPTS_T, ir.Undefined)
    for position, part in enumerate((ir.Constant(I32, int(has_indent)), indent_text, item_sep, key_sep, *flags)):
        opts = b.insert_value(opts, part, position)
    buf = fl.entry_slot(BUF_T)
    fl.call("ssc_buf_init", buf, ir.Constant(I32, 256))   # a JSON record's text, usually
    fl.check_status(fl.call_c("ssc_json_dumps", I32, [buf, fl.context.descriptor(obj_ty), fl.spill(value),
                                                         fl.spill(opts)]))
    return buffer_text(fl, buf)


def buffer_text(fl: FunctionLowering, buf: ir.Value) -> ir.Value:
    """The {ptr, len} of an ssc_buf's contents."""
    b = fl.builder
    ptr = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=BUF_T), typ=PTR)
    length = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=BUF_T), typ=I32)
    result = ir.Constant(BYTES_T, ir.Undefined)
    return b.insert_value(b.insert_value(result, ptr, 0), length, 1)


def is_placeholder(ty: Type) -> bool:
    return isinstance(ty, PrimType) and ty.name in ("T", "K", "V")
