"""Comparisons: a chain ``a < b < c`` evaluated once per operand, the emitters of each
kind of link, and the order of str and bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import ANY, BYTES, NONE, STR, DictType, OptionalType, SetType, TupleType, Type
from .layout import F64, I1, I8, I32, I64, PTR, TABLE_MIN_ITEMS
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import Emitter


def lower_compare(fl: FunctionLowering, expr: n.Compare) -> ir.Value:
    """``a < b < c``: each operand evaluated once, left to right; each link by its operation
    (``typed.links``), stopping at the first False::

        %l0 = <a < b>;  br %l0, cmp.next, cmp.done
        cmp.next:  %l1 = <b < c>;  br cmp.done
        cmp.done:  phi [%l0, ...], [%l1, ...]
    """
    operands = (expr.left, *expr.comparators)
    done = fl.function.append_basic_block("cmp.done")
    incoming = []
    lhs = fl.value(expr.left)
    for index, op in enumerate(fl.typed.links[expr]):
        right = operands[index + 1]
        rhs = fl.value(right)
        result = fl.apply_op(op, [(lhs, fl.operand_type(operands[index])), (rhs, fl.operand_type(right))])
        incoming.append((result, fl.builder.block))
        if index < len(expr.ops) - 1:
            following = fl.function.append_basic_block("cmp.next")
            fl.builder.cbranch(result, following, done)
            fl.builder.position_at_end(following)
        lhs = rhs
    fl.builder.branch(done)
    fl.builder.position_at_end(done)
    return fl.phi(I1, incoming)


# ---- the emitters of comparison links: (fl, [lhs, rhs], [lty, rty], op) -> i1 ----------
# ``op.operator`` is the link's operator; the code of it the guest takes is
# semantics.COMPARE_CODES's.


def _code(op: sem.Op) -> ir.Constant:
    return ir.Constant(I32, sem.COMPARE_CODES.get(op.operator, 0))


def _flag(fl: FunctionLowering, call: Callable[[ir.Value], ir.Value]) -> ir.Value:
    """A guest comparison writing its 0/1 result to a byte: ``call(out)`` gives the status."""
    out = fl.entry_slot(I8)
    fl.check_status(call(out))
    return fl.builder.trunc(fl.builder.load(out), I1)


def _int_compare(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return fl.builder.icmp_signed(op.operator, args[0], args[1])


def _float_compare(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    b = fl.builder
    return b.fcmp_unordered(op.operator, *args) if op.operator == "!=" else b.fcmp_ordered(op.operator, *args)


def _int_float_compare(swapped: bool) -> Emitter:
    """int <op> float exactly (ssc_int_float_compare); a float on the left is swapped, and so is the order."""
    def emit(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
        code = sem.COMPARE_CODES.get(op.operator, 0)
        lhs, rhs = args
        if swapped:
            lhs, rhs = rhs, lhs
            code = {2: 4, 3: 5, 4: 2, 5: 3}.get(code, code)
        out = fl.entry_slot(I8)
        fl.call("ssc_int_float_compare", lhs, rhs, ir.Constant(I32, code), out)
        return fl.builder.trunc(fl.builder.load(out), I1)
    return emit


def _bytes_order(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return fl.builder.icmp_signed(op.operator, bytes_order(fl, args[0], args[1]), ir.Constant(I32, 0))


def _is_none(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``x is None``: an optional's absence; a value of another type is never None."""
    value, ty = (args[0], types[0]) if types[1] == NONE else (args[1], types[1])
    if isinstance(ty, OptionalType):
        return fl.builder.not_(fl.builder.extract_value(value, 0))
    return ir.Constant(I1, 1 if ty == NONE else 0)


def _value_eq(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    same = fl.call("ssc_value_eq", fl.context.descriptor(types[0]), fl.spill(args[0]), fl.spill(args[1]))
    return fl.builder.icmp_signed("!=", same, ir.Constant(I32, 0))


def _value_order(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return _flag(fl, lambda out: fl.call("ssc_value_compare", fl.context.descriptor(types[0]), fl.spill(args[0]),
                                         fl.spill(args[1]), _code(op), out))


def _tuple_contains(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``x in (a, b)``: x == a or x == b, each by the item comparison (``op.inner``)."""
    lhs, rhs = args
    rty = types[1]
    assert isinstance(rty, TupleType) and op.inner is not None
    if isinstance(rhs, ir.Constant) and len(rty.items) >= TABLE_MIN_ITEMS and len(set(rty.items)) == 1:
        return _constant_tuple_contains(fl, lhs, rhs, rty.items[0], op.inner)
    result: ir.Value = ir.Constant(I1, 0)
    for position, item_ty in enumerate(rty.items):
        same = fl.apply_op(op.inner, [(lhs, item_ty), (fl.builder.extract_value(rhs, position), item_ty)])
        result = fl.builder.or_(result, same)
    return result


def _constant_tuple_contains(fl: FunctionLowering, lhs: ir.Value, rhs: ir.Constant, item_ty: Type,
                             inner: sem.Op) -> ir.Value:
    """``x in T`` for a long tuple constant of one item type: a loop over its items in a constant
    table (10,000 unrolled comparisons took LLVM's optimizer minutes and gigabytes)."""
    found = fl.entry_slot(I1)
    fl.builder.store(ir.Constant(I1, 0), found)

    def compare(at: list[ir.Value]) -> None:
        item = fl.builder.load(at[0], typ=llvm_type(item_ty))
        same = fl.apply_op(inner, [(lhs, item_ty), (item, item_ty)])
        fl.builder.store(fl.builder.or_(fl.builder.load(found, typ=I1), same), found)

    fl.table_loop([[item] for item in rhs.constant], compare)
    return fl.builder.load(found, typ=I1)


def _any_eq_str(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """An Any == a str constant (its box, made at compile time): equal only to a str of that text."""
    constant, value = (args[0], args[1]) if op.constant == 0 else (args[1], args[0])
    same = fl.call_c("ssc_any_eq_str", I32, [value, constant])
    return fl.builder.icmp_signed("!=" if op.operator == "==" else "==", same, ir.Constant(I32, 0))


def _any_compare_number(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """An Any <op> the int or float constant ``op.constant`` (the right operand, not boxed)."""
    is_float = op.impl == sem.ANY_COMPARE_FLOAT.impl
    number = ir.Constant(F64 if is_float else I64, op.constant)
    name = "ssc_any_compare_float" if is_float else "ssc_any_compare_int"
    return _flag(fl, lambda out: fl.call_c(name, I32, [args[0], number, _code(op), out]))


def _any_compare(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return _flag(fl, lambda out: fl.call_c("ssc_any_compare", I32, [args[0], args[1], _code(op), out]))


def _any_is_none(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    value = args[0] if types[0] == ANY else args[1]
    tag = fl.builder.load(value, typ=I32)
    return fl.builder.icmp_signed("==", tag, ir.Constant(I32, sem.ANY_ISINSTANCE_TAGS["None"]))


def _any_in_items(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """An Any in a tuple: == with each item, a constant one boxed at compile time (``op.constant``)."""
    lhs, rhs = args
    rty = types[1]
    assert isinstance(rty, TupleType)
    b = fl.builder
    result: ir.Value = ir.Constant(I1, 0)
    for position, (item_ty, (constant, value)) in enumerate(zip(rty.items, op.constant)):  # type: ignore[call-overload]
        if constant:
            item = fl.context.any_constant(value)
        else:
            item = fl.convert(b.extract_value(rhs, position), item_ty, ANY)
        equality = "ssc_any_eq_str" if constant and isinstance(value, str) else "ssc_any_eq"
        same = fl.call_c(equality, I32, [lhs, item])
        result = b.or_(result, b.icmp_signed("!=", same, ir.Constant(I32, 0)))
    return result


def _any_contains(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return _flag(fl, lambda out: fl.call_c("ssc_any_contains", I32, [args[1], args[0], out]))


def _list_contains(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return _flag(fl, lambda out: fl.call_c("ssc_list_contains", I32, [args[1], fl.spill(args[0]), out]))


def _dict_contains(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``k in d`` (``x in s``): a look-up; str and bytes keys by the text look-up."""
    rty = types[1]
    key_ty = rty.key if isinstance(rty, DictType) else rty.elem if isinstance(rty, SetType) else None
    lookup = "ssc_dict_lookup_text" if key_ty in (STR, BYTES) else "ssc_dict_lookup"
    found = fl.call_c(lookup, PTR, [args[1], fl.spill(args[0])])
    return fl.builder.icmp_unsigned("!=", found, ir.Constant(PTR, None))


def _any_in_hashed(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``x in s`` of an Any x and a set or dict keyed by Any: x hashed (checked) first."""
    fl.check_status(fl.call_c("ssc_any_check_hashable", I32, [args[0]]))
    return _dict_contains(fl, args, types, op)


def _any_in_text_keys(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``x in s`` of an Any x and a set[str] (a dict keyed by str): x hashed (checked) first; a
    str x looked up by its text, any other x equal to no key::

        check_hashable(x); found = 0
        if x.tag == str: ssc_any_as_str(x, &text); found = lookup_text(s, &text) != NULL"""
    b = fl.builder
    fl.check_status(fl.call_c("ssc_any_check_hashable", I32, [args[0]]))
    found = fl.entry_slot(I1)
    b.store(ir.Constant(I1, 0), found)
    tag = b.load(args[0], typ=I32)
    with b.if_then(b.icmp_signed("==", tag, ir.Constant(I32, sem.ANY_ISINSTANCE_TAGS["str"]))):
        text = fl.entry_slot(llvm_type(STR))
        fl.call_c("ssc_any_as_str", I32, [args[0], text])
        b.store(_dict_contains(fl, [b.load(text), args[1]], [STR, types[1]], op), found)
    return b.load(found)


#: The emitters of the comparison operations (semantics COMPARE, CONTAINS and their kin).
EMITTERS: dict[str, Emitter] = {
    "int_compare": _int_compare,
    "float_compare": _float_compare,
    "int_float_compare": _int_float_compare(swapped=False),
    "float_int_compare": _int_float_compare(swapped=True),
    "bytes_order": _bytes_order,
    "is_none": _is_none,
    "value_eq": _value_eq,
    "value_order": _value_order,
    "tuple_contains": _tuple_contains,
    "list_contains": _list_contains,
    "dict_contains": _dict_contains,
    "any_in_hashed": _any_in_hashed,
    "any_in_text_keys": _any_in_text_keys,
    "any_compare": _any_compare,
    "any_eq_str": _any_eq_str,
    "any_compare_int": _any_compare_number,
    "any_compare_float": _any_compare_number,
    "any_is_none": _any_is_none,
    "any_in_items": _any_in_items,
    "any_contains": _any_contains,
}


def bytes_order(fl: FunctionLowering, lhs: ir.Value, rhs: ir.Value) -> ir.Value:
    """``ssc_bytes_order`` of two str or bytes (-1, 0 or 1), its usual case inline: the
    first bytes differ (an empty value sorts first: it counts as byte -1)."""
    b = fl.builder
    firsts = []
    lengths = []
    for ptr, length in (fl.parts(lhs), fl.parts(rhs)):
        empty = b.icmp_signed("<=", length, ir.Constant(I32, 0))
        nowhere = b.bitcast(b.extract_value(fl.context.constant_bytes(b""), 0), ptr.type)
        safe = b.select(empty, nowhere, ptr)   # an empty value's pointer may be one past the end
        byte = b.zext(b.load(safe, typ=I8), I32)
        firsts.append(b.select(empty, ir.Constant(I32, -1), byte))
        lengths.append(length)
    differ = b.icmp_signed("!=", firsts[0], firsts[1])
    quick = b.select(b.icmp_signed("<", firsts[0], firsts[1]), ir.Constant(I32, -1), ir.Constant(I32, 1))
    for side, value in enumerate((lhs, rhs)):
        if constant_length(value) == 1:
            # Against a one-byte constant the first bytes decide, or else the
            # other's length does: no call, and no branch (x <= "9" stays a select).
            longer = b.icmp_signed(">", lengths[1 - side], ir.Constant(I32, 1))
            tie = b.select(longer, ir.Constant(I32, 1 if side == 1 else -1), ir.Constant(I32, 0))
            return b.select(differ, quick, tie)
    before = b.block
    with b.if_then(b.not_(differ), likely=False):
        slow = fl.call("ssc_bytes_order", *fl.parts(lhs), *fl.parts(rhs))
        slow_block = b.block
    order = b.phi(I32)
    order.add_incoming(quick, before)
    order.add_incoming(slow, slow_block)
    return order


def constant_length(value: ir.Value) -> int | None:
    """The length of a constant str/bytes value ({ptr, len} literal), else None."""
    if isinstance(value, ir.Constant) and isinstance(value.constant, (list, tuple)) and len(value.constant) == 2:
        length = value.constant[1]
        if isinstance(length, ir.Constant) and isinstance(length.constant, int):
            return length.constant
    return None
