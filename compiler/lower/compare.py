"""Comparisons: a chain ``a < b < c`` evaluated once per operand, and each link by
its operation; orders of str and bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import ANY, BOOL, BYTES, FLOAT, INT, NONE, STR, DictType, OptionalType, SetType, TupleType, Type
from . import subscripts
from .layout import F64, I1, I8, I32, I64, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering


def lower_compare(fl: FunctionLowering, expr: n.Compare) -> ir.Value:
    """``a < b < c``: each link evaluated once, left to right, stopping at the first False."""
    operands = (expr.left, *expr.comparators)
    done = fl.function.append_basic_block("cmp.done")
    incoming = []
    lhs = fl.value(expr.left)
    for index, op_text in enumerate(expr.ops):
        right = operands[index + 1]
        rhs = fl.value(right)
        op = fl.typed.links[expr][index]
        result = compare_link(fl, expr, index, op, op_text, lhs, fl.operand_type(operands[index]), rhs,
                                   fl.operand_type(right))
        incoming.append((result, fl.builder.block))
        if index < len(expr.ops) - 1:
            following = fl.function.append_basic_block("cmp.next")
            fl.builder.cbranch(result, following, done)
            fl.builder.position_at_end(following)
        lhs = rhs
    fl.builder.branch(done)
    fl.builder.position_at_end(done)
    if len(incoming) == 1:
        phi = fl.builder.phi(I1)
        phi.add_incoming(*incoming[0])
        return phi
    phi = fl.builder.phi(I1)
    for value, block in incoming:
        phi.add_incoming(value, block)
    return phi


def compare_link(fl: FunctionLowering, expr: n.Compare, index: int, op: sem.Op, op_text: str, lhs: ir.Value, lty: Type,
                 rhs: ir.Value, rty: Type) -> ir.Value:
    b = fl.builder
    code = sem.COMPARE_CODES.get(op_text, 0)
    impl = op.impl
    if impl == "int_compare":
        result = b.icmp_signed(op_text, lhs, rhs)
    elif impl == "float_compare":
        result = b.fcmp_unordered(op_text, lhs, rhs) if op_text == "!=" else b.fcmp_ordered(op_text, lhs, rhs)
    elif impl in ("int_float_compare", "float_int_compare"):
        if impl == "float_int_compare":
            lhs, rhs = rhs, lhs
            code = {2: 4, 3: 5, 4: 2, 5: 3}.get(code, code)
        out = fl.entry_slot(I8)
        fl.call("ssc_int_float_compare", lhs, rhs, ir.Constant(I32, code), out)
        result = b.trunc(b.load(out), I1)
    elif impl == "bytes_order":
        result = b.icmp_signed(op_text, bytes_order(fl, lhs, rhs), ir.Constant(I32, 0))
    elif impl == "is_none":
        value, ty = (lhs, lty) if rty == NONE else (rhs, rty)
        if isinstance(ty, OptionalType):
            result = b.not_(b.extract_value(value, 0))
        else:
            result = ir.Constant(I1, 1 if ty == NONE else 0)
    elif impl == "value_eq":
        result = b.icmp_signed("!=", fl.call("ssc_value_eq", fl.context.descriptor(lty), fl.spill(lhs),
                                               fl.spill(rhs)), ir.Constant(I32, 0))
    elif impl == "value_order":
        out = fl.entry_slot(I8)
        fl.check_status(fl.call("ssc_value_compare", fl.context.descriptor(lty), fl.spill(lhs),
                                    fl.spill(rhs), ir.Constant(I32, code), out))
        result = b.trunc(b.load(out), I1)
    elif impl == "tuple_contains":
        assert isinstance(rty, TupleType)
        item_op = op.inner
        assert item_op is not None
        result = ir.Constant(I1, 0)
        for position, item_ty in enumerate(rty.items):
            item = b.extract_value(rhs, position)
            same = compare_link(fl, expr, index, item_op, "==", lhs, item_ty, item, item_ty)
            result = b.or_(result, same)
    elif impl == sem.ANY_COMPARE.impl and op_text in ("==", "!=") and \
            any(str_constant(e) for e in (expr.left, *expr.comparators)[index:index + 2]):
        # == against a str constant: equal only to a str with the same text
        value = rhs if str_constant((expr.left, *expr.comparators)[index]) else lhs
        constant = lhs if value is rhs else rhs
        same = fl.call_c("ssc_any_eq_str", I32, [value, constant])
        result = b.icmp_signed("!=" if op_text == "==" else "==", same, ir.Constant(I32, 0))
    elif impl == sem.ANY_COMPARE.impl and number_constant((expr.left, *expr.comparators), index) is not None:
        # x < 100 against an int or float constant: no boxing, no code for other operand types
        number = number_constant((expr.left, *expr.comparators), index)
        value = lhs
        is_float = isinstance(number, float)
        out = fl.entry_slot(I8)
        fl.check_status(fl.call_c("ssc_any_compare_float" if is_float else "ssc_any_compare_int", I32,
                                      [value, ir.Constant(F64 if is_float else I64, number),
                                       ir.Constant(I32, code), out]))
        result = b.trunc(b.load(out), I1)
    elif impl == sem.ANY_COMPARE.impl:
        out = fl.entry_slot(I8)
        fl.check_status(fl.call_c("ssc_any_compare", I32, [lhs, rhs, ir.Constant(I32, code), out]))
        result = b.trunc(b.load(out), I1)
    elif impl == sem.ANY_IS_NONE.impl:
        value = lhs if lty == ANY else rhs
        result = b.icmp_signed("==", b.load(value, typ=I32), ir.Constant(I32, sem.ANY_ISINSTANCE_TAGS["None"]))
    elif impl == sem.ANY_CONTAINS.impl:
        out = fl.entry_slot(I8)
        fl.check_status(fl.call_c("ssc_any_contains", I32, [rhs, lhs, out]))
        result = b.trunc(b.load(out), I1)
    elif impl == sem.ANY_IN_ITEMS.impl:
        assert isinstance(rty, TupleType)
        right = (expr.left, *expr.comparators)[index + 1]
        literal = right.elts if isinstance(right, n.Tuple) else None
        result = ir.Constant(I1, 0)
        for position, item_ty in enumerate(rty.items):
            element = literal[position] if literal is not None else None
            if isinstance(element, n.Constant) and item_ty != ANY:
                item = fl.context.any_constant(element.value)
            else:
                item = fl.convert(b.extract_value(rhs, position), item_ty, ANY)
            equality = "ssc_any_eq_str" if element is not None and str_constant(element) else "ssc_any_eq"
            same = fl.call_c(equality, I32, [lhs, item])
            result = b.or_(result, b.icmp_signed("!=", same, ir.Constant(I32, 0)))
    elif impl == "list_contains":
        out = fl.entry_slot(I8)
        fl.check_status(fl.call_c("ssc_list_contains", I32, [rhs, fl.spill(lhs), out]))
        result = b.trunc(b.load(out), I1)
    elif impl == "dict_contains":
        key_ty = rty.key if isinstance(rty, DictType) else rty.elem if isinstance(rty, SetType) else None
        lookup = "ssc_dict_lookup_text" if key_ty in (STR, BYTES) else "ssc_dict_lookup"
        found = fl.call_c(lookup, PTR, [rhs, fl.spill(lhs)])
        result = b.icmp_unsigned("!=", found, ir.Constant(PTR, None))
    else:
        return fl.apply_op(op, [(lhs, lty), (rhs, rty)])
    if op.negate:
        result = b.not_(result)
    return result


def order(fl: FunctionLowering, a: ir.Value, b_value: ir.Value, ty: Type, op_text: str) -> ir.Value:
    """``a < b`` (or another order) for two values of type ``ty``, as CPython compares them."""
    b = fl.builder
    if ty in (INT, BOOL):
        return b.icmp_signed(op_text, a, b_value)
    if ty == FLOAT:
        return b.fcmp_ordered(op_text, a, b_value)
    if ty in (STR, BYTES):
        return b.icmp_signed(op_text, bytes_order(fl, a, b_value), ir.Constant(I32, 0))
    out = fl.entry_slot(I8)
    fl.check_status(fl.call("ssc_value_compare", fl.context.descriptor(ty), fl.spill(a),
                                fl.spill(b_value), ir.Constant(I32, sem.COMPARE_CODES[op_text]), out))
    return b.trunc(b.load(out), I1)


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


def number_constant(operands: tuple[n.Expr, ...], index: int) -> int | float | None:
    """The int or float constant on the right of comparison link ``index`` (on the left, a
    TypeError's message would name the operands the other way round)."""
    expr = operands[index + 1]
    value = subscripts.literal_int(expr)
    if value is None and isinstance(expr, n.Constant) and isinstance(expr.value, float):
        value = expr.value
    return value if value is not None and not isinstance(value, bool) else None


def str_constant(expr: n.Expr) -> bool:
    return isinstance(expr, n.Constant) and isinstance(expr.value, str)


def constant_length(value: ir.Value) -> int | None:
    """The length of a constant str/bytes value ({ptr, len} literal), else None."""
    if isinstance(value, ir.Constant) and isinstance(value.constant, (list, tuple)) and len(value.constant) == 2:
        length = value.constant[1]
        if isinstance(length, ir.Constant) and isinstance(length.constant, int):
            return length.constant
    return None
