"""Calls: the program's functions, builtins and methods by their operation, and
json.dumps's options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import INT, NONE, STR, PrimType, Type
from . import exceptions, fstrings, registry, stmts
from .layout import BUF_T, BYTES_T, I32, I64, JSON_OPTS_T
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def lower_call(fl: FunctionLowering, call: n.Call) -> ir.Value:
    """A call by its operation: an emitter that takes the call node, or the receiver of a
    method (``typed.receivers``) and the arguments the checker matched to the operation's
    parameters (``typed.arguments``; defaults filled in), else the call's arguments."""
    op = fl.typed.ops[call]
    if registry.emits_node(op):
        return registry.node_emitter(op)(fl, call, op)
    receiver = fl.typed.receivers.get(call)
    given = fl.typed.arguments.get(call)
    args: list[tuple[ir.Value, Type]] = []
    by_ref: list[bool] = []
    if receiver is not None:
        args.append((fl.value(receiver), fl.typed.types[receiver]))
        by_ref.append(False)
    if given is not None:
        early = in_source_order(fl, call)
        for param, arg in zip(op.params, given):
            args.append(early[id(arg)] if id(arg) in early else fl.argument(arg, param))
            by_ref.append(is_placeholder(param.type))
    elif receiver is None:
        args = [(fl.value(arg), fl.operand_type(arg)) for arg in call.args]
        by_ref = [False] * len(args)
    return fl.apply_op(op, args, by_ref)


def in_source_order(fl: FunctionLowering, call: n.Call) -> dict[int, tuple[ir.Value, Type]]:
    """A call with keyword arguments evaluates its arguments as written, positional then
    keywords left to right, as CPython does (``f(b=int(x), a=int(y))`` raises for x
    first), before they are passed in parameter order: their values by node. Without
    keywords the parameter order is the source order, and nothing is evaluated here (nor for
    a property, whose call is an attribute)."""
    if not isinstance(call, n.Call) or not call.keywords:
        return {}
    return {id(arg): (fl.value(arg), fl.operand_type(arg)) for arg in (*call.args, *(kw.value for kw in call.keywords))}


# ---- the emitters of calls that evaluate their arguments themselves: (fl, call, op) ----


def _call_function(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """A call of the program's function ``py.NAME(ptr %result, args...)``, counted against
    CPython's recursion limit (ssc_call_enter / ssc_call_leave)."""
    binding = fl.typed.bindings[call]
    callee = fl.context.functions[binding.key]
    early = in_source_order(fl, call)
    args = [early[id(arg)][0] if id(arg) in early else fl.value(arg)  # type: ignore[arg-type]
            for arg in fl.typed.arguments[call]]
    slot = fl.entry_slot(llvm_type(op.result))
    fl.check_status(fl.call("ssc_call_enter"))
    status = fl.builder.call(callee, [slot, *args])
    fl.call("ssc_call_leave")
    fl.check_status(status)
    return fl.builder.load(slot)


def _any_str_method(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``x.upper()`` for an Any x: x as a str (AttributeError naming the method otherwise),
    then the str method (``op.inner``)."""
    assert isinstance(call.func, n.Attribute) and op.inner is not None
    text = fl.entry_slot(BYTES_T)
    name = fl.context.constant_bytes(call.func.attr.encode() + b"\0")
    fl.check_status(fl.call_c("ssc_any_expect_str", I32,
                              [fl.value(call.func.value), fl.builder.extract_value(name, 0), text]))
    args = [(fl.builder.load(text), STR)]
    early = in_source_order(fl, call)
    for param, arg in zip(op.inner.params, fl.typed.arguments.get(call, ())):
        args.append(early[id(arg)] if id(arg) in early else fl.argument(arg, param))
    return fl.apply_op(op.inner, args, [False] * len(args))


def json_dumps(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
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
    return fstrings.buffer_text(fl, buf)




def _print(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """print(...): its text (the f-string the checker made of it), written out by ssc_print."""
    text = fl.value(fl.typed.arguments[call][0])  # type: ignore[arg-type]
    fl.call("ssc_print", *fl.parts(text))
    return ir.Constant(ir.IntType(1), 0)


def is_placeholder(ty: Type) -> bool:
    return isinstance(ty, PrimType) and ty.name in ("T", "K", "V")


#: The emitters of these calls' operations.
def _str_format(fl: FunctionLowering, node: n.Expr, op: sem.Op) -> ir.Value:
    """``template.format(args...)`` and ``template % args``: the arguments (``typed.arguments``)
    evaluated once each, in order, then the f-string the checker made of the template
    (``typed.formats``), whose fields (``n.FormatArgument``) read them."""
    values = fl.typed.arguments[node]
    fl.format_arguments.append([fl.value(value) for value in values])  # type: ignore[arg-type]
    text = fstrings.fstring(fl, fl.typed.formats[node])
    fl.format_arguments.pop()
    return text


def _record_new(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``Click(user, page, ms=5)``: the arguments evaluated in the order written, then the
    defaults, each into its field of the instance's struct."""
    return _instance(fl, call, [*call.args, *(kw.value for kw in call.keywords)], op)


def _record_replace(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``p._replace(x=1)``: p into its hidden local, then the new instance, its keywords evaluated
    in the order written and its other fields read from p."""
    for store in fl.typed.constructions[call].stores:
        stmts.store_target(fl, store.target, fl.value(store.value), fl.operand_type(store.value))
    return _instance(fl, call, [kw.value for kw in call.keywords], op)


def _instance(fl: FunctionLowering, call: n.Call, written: list[n.Expr], op: sem.Op) -> ir.Value:
    """An instance of ``op.result`` from ``typed.arguments[call]`` (its fields), those ``written``
    evaluated first, in order."""
    values = {id(arg): fl.value(arg) for arg in written}
    instance = ir.Constant(llvm_type(op.result), ir.Undefined)
    for index, arg in enumerate(fl.typed.arguments[call]):
        assert arg is not None
        value = values[id(arg)] if id(arg) in values else fl.value(arg)
        instance = fl.builder.insert_value(instance, value, index)
    return instance


def _enum_lookup(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``Color(value)``: the value stored, then each member's test in turn; none: ValueError."""
    lookup = fl.typed.lookups[call]
    store = lookup.store
    stmts.store_target(fl, store.target, fl.value(store.value), fl.operand_type(store.value))
    found = fl.function.append_basic_block("enum.found")
    incoming = []
    for test, key in zip(lookup.tests, lookup.keys):
        following = fl.function.append_basic_block("enum.next")
        hit = fl.value(test)
        incoming.append((ir.Constant(I64, key), fl.builder.block))
        fl.builder.cbranch(hit, found, following)
        fl.builder.position_at_end(following)
    exceptions.raise_with(fl, sem.EXCEPTION_CODES["ValueError"], fl.value(lookup.message), STR)
    fl.builder.branch(fl.raise_block)
    fl.builder.position_at_end(found)
    member = fl.builder.phi(I64)
    for key, block in incoming:
        member.add_incoming(key, block)
    return member


EMITTERS: dict[str, NodeEmitter] = {
    "call_function": _call_function,
    "enum_lookup": _enum_lookup,
    "record_new": _record_new,
    "record_replace": _record_replace,
    "str_format": _str_format,
    "any_str_method": _any_str_method,
    "json_dumps": json_dumps,
    "print": _print,
}
