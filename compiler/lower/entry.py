"""Module constants and state, the adapters that fit the user's entry function to
its C driver, and the exported entries (filter, map, ..., init, look_back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from ... import abi
from .. import guest_abi
from .. import semantics as sem
from ..types import NONE, OptionalType, TupleType, Type, family
from .function import FunctionLowering
from .layout import BYTES_T, I1, I8, I32, PTR, STATE_VAR_T, VOID
from .reprs import llvm_type

if TYPE_CHECKING:
    from .context import ModuleContext


def emit_constants(context: ModuleContext) -> ir.Function | None:
    """``ssc.constants``: builds the module's container constants at the start of every entry call.

    Batch memory is released between calls, so tables are rebuilt each time
    (they are frozen, so the program cannot tell). Scalars and tuples need no
    code: each use emits the literal.
    """
    tables = [c for c in context.typed.constants.values() if family(c.type) in ("list", "dict", "set")]
    if not tables:
        return None
    function = ir.Function(context.module, ir.FunctionType(I32, [PTR]), name="ssc.constants")
    function.linkage = "internal"
    lowering = FunctionLowering(context, None, function)
    for constant in tables:
        value = lowering.value(constant.value)
        lowering.builder.store(value, context.constant_global(constant.name, constant.type))
    lowering.builder.ret(ir.Constant(I32, 0))
    return function


def emit_exception_classes(context: ModuleContext) -> None:
    """``ssc_exception_names`` and ``ssc_exception_parents``: the module's exception classes by
    code (the runtime's, then the program's: ``typed.exceptions``), which the runtime reads to
    match ``except`` clauses and to write an error's hint."""
    classes = context.typed.exceptions
    names = []
    for exc in classes:   # C strings, packed (alignment 1), as the C compiler lays out its literals
        text = bytearray(context.typed.exception_names[exc.code].encode() + b"\0")
        glob = ir.GlobalVariable(context.module, ir.ArrayType(I8, len(text)), name=f".exc.{exc.code}")
        glob.global_constant, glob.linkage, glob.unnamed_addr, glob.align = True, "private", True, 1
        glob.initializer = ir.Constant(ir.ArrayType(I8, len(text)), text)
        names.append(glob)
    codes = {exc.name: exc.code for exc in classes}
    parents = [ir.Constant(I8, codes[exc.parent] if exc.parent else -1) for exc in classes]
    for name, element, values in (("ssc_exception_names", PTR, names), ("ssc_exception_parents", I8, parents)):
        table = ir.GlobalVariable(context.module, ir.ArrayType(element, len(values)), name=name)
        table.global_constant = True
        table.initializer = ir.Constant(ir.ArrayType(element, len(values)), values)
    if sem.CODEC_ERROR in codes:   # binascii.Error's code, for guest/codecs.c (a weak ValueError there)
        code = ir.GlobalVariable(context.module, I32, name="ssc_binascii_error")
        code.global_constant = True
        code.initializer = ir.Constant(I32, codes[sem.CODEC_ERROR])


def emit_state(context: ModuleContext) -> ir.Function | None:
    """Module state: ``ssc.state_init`` gives the state variables their first values once.

    It runs at the start of the instance's first entry call (CPython runs the
    module body at import), then tells the C runtime, which from then on
    moves the state out of each finished batch's memory (core.c alloc). The
    table ``ssc_state_vars`` (type descriptor, address) and ``ssc_state_count``
    replace the C runtime's weak "no state" definitions.
    """
    states = [c for c in context.typed.constants.values() if c.state]
    if not states:
        return None
    ready = ir.GlobalVariable(context.module, I1, name="py.state.ready")
    ready.linkage = "internal"
    ready.initializer = ir.Constant(I1, 0)
    function = ir.Function(context.module, ir.FunctionType(I32, []), name="ssc.state_init")
    function.linkage = "internal"
    lowering = FunctionLowering(context, None, function)
    b = lowering.builder
    first = function.append_basic_block("first")
    done = function.append_basic_block("done")
    b.cbranch(b.load(ready), done, first)
    b.position_at_end(done)
    b.ret(ir.Constant(I32, 0))
    b.position_at_end(first)
    for constant in states:
        b.store(lowering.value(constant.value), context.state_global(constant.name, constant.type))
    b.store(ir.Constant(I1, 1), ready)
    b.call(context.function("ssc_state_ready", ir.FunctionType(VOID, [])), [])
    b.ret(ir.Constant(I32, 0))
    table_t = ir.ArrayType(STATE_VAR_T, len(states))
    table = ir.GlobalVariable(context.module, table_t, name="ssc_state_vars")
    table.global_constant = True
    table.initializer = ir.Constant(table_t, [
        ir.Constant(STATE_VAR_T, [context.descriptor(c.type), context.state_global(c.name, c.type)]) for c in states])
    count = ir.GlobalVariable(context.module, I32, name="ssc_state_count")
    count.global_constant = True
    count.initializer = ir.Constant(I32, len(states))
    return function


def _adapter(context: ModuleContext, role: str) -> tuple[ir.Function, ir.IRBuilder]:
    """The adapter of ``role``, of the function type its driver calls (guest_abi.ADAPTERS)."""
    function = ir.Function(context.module, guest_abi.adapter_type(role), name=f"ssc.adapter.{role}")
    function.linkage = "internal"
    return function, ir.IRBuilder(function.append_basic_block("entry"))


def _call_user(builder: ir.IRBuilder, user: ir.Function, result_type: ir.Type,
               args: list[ir.Value]) -> ir.Value:
    """Call the user's function; on a raise return -1; else load its result."""
    slot = builder.alloca(result_type)
    status = builder.call(user, [slot, *args])
    raised = builder.icmp_signed("<", status, ir.Constant(I32, 0))
    with builder.if_then(raised, likely=False):
        builder.ret(ir.Constant(I32, -1))
    return builder.load(slot)


def _filter_adapter(context: ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record)``: 1 keep, 0 drop, -1 raised (core.c ssc_filter_fn)."""
    function, builder = _adapter(context, role)
    keep = _call_user(builder, user, I1, [function.args[0]])
    builder.ret(builder.zext(keep, I32))
    return function


def _set_key_value(context: ModuleContext, builder: ir.IRBuilder, out: ir.Value, pair: ir.Value,
                   result: TupleType) -> None:
    """Store a map's (key, value) result into the driver's ssc_key_value."""
    key_type, key = result.items[0], builder.extract_value(pair, 0)
    if key_type == NONE:
        present, key_bytes = ir.Constant(I32, 0), ir.Constant(BYTES_T, None)
    elif isinstance(key_type, OptionalType):
        present, key_bytes = builder.zext(builder.extract_value(key, 0), I32), builder.extract_value(key, 1)
    else:
        present, key_bytes = ir.Constant(I32, 1), key
    value = builder.extract_value(pair, 1)
    builder.call(context.function("ssc_key_value_set"), [
        out, present, builder.extract_value(key_bytes, 0), builder.extract_value(key_bytes, 1),
        builder.extract_value(value, 0), builder.extract_value(value, 1)])


def _map_adapter(context: ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record, ptr key_value)``: 0 ok, -1 raised (core.c ssc_map_fn)."""
    assert isinstance(result, TupleType)
    function, builder = _adapter(context, role)
    pair = _call_user(builder, user, llvm_type(result), [function.args[0]])
    _set_key_value(context, builder, function.args[1], pair, result)
    builder.ret(ir.Constant(I32, 0))
    return function


def _filter_map_adapter(context: ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record, ptr key_value)``: 1 keep (key_value set), 0 drop (None), -1 raised."""
    assert isinstance(result, OptionalType) and isinstance(result.inner, TupleType)
    function, builder = _adapter(context, role)
    maybe = _call_user(builder, user, llvm_type(result), [function.args[0]])
    with builder.if_then(builder.not_(builder.extract_value(maybe, 0))):
        builder.ret(ir.Constant(I32, 0))
    _set_key_value(context, builder, function.args[1], builder.extract_value(maybe, 1), result.inner)
    builder.ret(ir.Constant(I32, 1))
    return function


def _array_map_adapter(context: ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record, ptr list_out)``: 0 with the list stored, -1 raised (ssc_array_map_fn)."""
    function, builder = _adapter(context, role)
    items = _call_user(builder, user, PTR, [function.args[0]])
    builder.store(items, function.args[1])
    builder.ret(ir.Constant(I32, 0))
    return function


def _status_adapter(context: ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """init ``i32 (ptr params)`` / look_back ``i32 (ptr record)``: 0 ok, -1 raised."""
    function, builder = _adapter(context, role)
    _call_user(builder, user, I1, [function.args[0]])
    builder.ret(ir.Constant(I32, 0))
    return function


def _aggregate_adapter(context: ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr acc, i32 acc_len, ptr record, ptr out)``: 0 ok, -1 raised (ssc_aggregate_fn)."""
    function, builder = _adapter(context, role)
    acc = ir.Constant(BYTES_T, ir.Undefined)
    acc = builder.insert_value(builder.insert_value(acc, function.args[0], 0), function.args[1], 1)
    new_acc = _call_user(builder, user, BYTES_T, [acc, function.args[2]])
    builder.store(new_acc, function.args[3])
    builder.ret(ir.Constant(I32, 0))
    return function


ENTRY_ADAPTERS = {
    "filter": _filter_adapter,
    "map": _map_adapter,
    "filter_map": _filter_map_adapter,
    "array_map": _array_map_adapter,
    "aggregate": _aggregate_adapter,
    "init": _status_adapter,
    "look_back": _status_adapter,
}


def emit_entry(context: ModuleContext, role: str, adapter: ir.Function, constants: ir.Function | None,
                state: ir.Function | None, target: abi.Abi) -> None:
    """An exported entry calling its C driver with the adapted user function.

    Legacy ABI: ``i32 @filter(ptr, i32)`` (§2 "Module shape") calls
    ``ssc_drive_filter_legacy``; SmartModule ABI: ``i32 @filter(ptr, i32,
    i32 version)`` (§3) passes the version to ``ssc_drive_filter``, and
    ``init``/``look_back`` likewise.
    """
    legacy = target is abi.Abi.SMARTSTREAM
    fnty = ir.FunctionType(I32, [PTR, I32] if legacy else [PTR, I32, I32])
    entry = ir.Function(context.module, fnty, name=role)
    builder = ir.IRBuilder(entry.append_basic_block("entry"))
    if state is not None:
        builder.call(state, [])
    if constants is not None:
        builder.call(constants, [ir.Constant(PTR, None)])
    if legacy:
        driver = context.function(f"ssc_drive_{role}_legacy")
        builder.ret(builder.call(driver, [entry.args[0], entry.args[1], adapter]))
    else:
        driver = context.function(f"ssc_drive_{role}")
        builder.ret(builder.call(driver, [entry.args[0], entry.args[1], entry.args[2], adapter]))