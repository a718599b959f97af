"""f-strings (each field by its formatter) and ``str()``/``repr()`` through the
generic printer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import BOOL, EXCEPTION, STR, Type
from .layout import BUF_T, BYTES_T, I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering


def fstring(fl: FunctionLowering, expr: n.JoinedStr) -> ir.Value:
    """An f-string: its parts appended to one ssc_buf, then {ptr, len}."""
    buf = fl.entry_slot(BUF_T)
    fl.call("ssc_buf_init", buf, ir.Constant(I32, 32))
    for part in expr.values:
        if isinstance(part, n.Constant):
            text = fl.context.constant_bytes(str(part.value).encode())
            fl.call("ssc_buf_put", buf, *fl.parts(text))
            continue
        assert isinstance(part, n.FormattedValue)
        value = fl.value(part.value)
        ty = fl.typed.types[part]
        formatter = fl.typed.ops[part]
        if part.format_spec is not None:
            spec = fl.parts(fl.value(part.format_spec))
        else:
            spec = (ir.Constant(PTR, None), ir.Constant(I32, 0))
        if ty == EXCEPTION:
            value, ty = fl.builder.extract_value(value, 1), STR
        if formatter.impl == sem.ANY_FORMAT.impl:
            conversion = ord(part.conversion) if part.conversion else 0
            fl.check_status(fl.call_c(formatter.impl, I32, [buf, value, ir.Constant(I32, conversion), *spec]))
            continue
        if formatter.impl == sem.FORMAT_ANY.impl:
            conversion = ord(part.conversion) if part.conversion else 0
            fl.check_status(fl.call(formatter.impl, buf, fl.context.descriptor(ty), fl.spill(value),
                                        ir.Constant(I32, conversion), *spec))
            continue
        operand = fl.parts(value) if formatter.params[0].type == STR else (value,)
        if formatter.params[0].type == BOOL:
            operand = (fl.builder.zext(value, I32),)
        parsed = fl.typed.format_specs.get(part)
        spec = (fl.context.format_spec(parsed),) if parsed is not None else ()
        result = fl.call(formatter.impl, buf, *operand, *spec)
        if formatter.raises:
            fl.check_status(result)
    ptr = fl.builder.load(fl.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=BUF_T), typ=PTR)
    length = fl.builder.load(fl.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=BUF_T), typ=I32)
    result = ir.Constant(BYTES_T, ir.Undefined)
    return fl.builder.insert_value(fl.builder.insert_value(result, ptr, 0), length, 1)


def text_of(fl: FunctionLowering, value: ir.Value, ty: Type, how: str) -> ir.Value:
    """str(value) or repr(value) (``how``) through the generic printer."""
    buf = fl.entry_slot(BUF_T)
    fl.call("ssc_buf_init", buf, ir.Constant(I32, 16))
    fl.call(f"ssc_buf_value_{how}", buf, fl.context.descriptor(ty), fl.spill(value))
    ptr = fl.builder.load(fl.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=BUF_T), typ=PTR)
    length = fl.builder.load(fl.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=BUF_T), typ=I32)
    result = ir.Constant(BYTES_T, ir.Undefined)
    return fl.builder.insert_value(fl.builder.insert_value(result, ptr, 0), length, 1)
