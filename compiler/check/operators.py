"""Operators: binary (with the numeric promotions), boolean (``and``/``or`` as values)
and comparisons (each link of a chain gets its operation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Coercion
from ..types import (ANY, BOOL, BYTES, CLASS, ELEM, FLOAT, INT, NONE, STR, ClassType, DictType, EnumType, ListType,
                     OptionalType, SetType, TupleType, Type, VarTupleType, family, is_boxable, is_hashable)
from . import enums, flow, formatting, infer, iterables, objects, partial, stdlib_collections

if TYPE_CHECKING:
    from .checker import Checker


def check_binop(ck: Checker, expr: n.BinOp) -> Type:
    if expr.op == "%":
        template = formatting.template_of(ck, expr.left)
        if template is not None:   # printf-style formatting: "%s=%d" % (k, v)
            return formatting.percent(ck, expr, template)
    if expr.op in sem.SET_OPERATORS and (is_key_view(expr.left) or is_key_view(expr.right)):
        return key_view_op(ck, expr)
    lhs, rhs = ck.expr(expr.left), ck.expr(expr.right)
    op, result = binary_op(ck, expr, expr.op, lhs, rhs, expr.left, expr.right)
    ck.ops[expr] = op
    return result


def is_key_view(expr: n.Expr) -> bool:
    """Whether ``expr`` is ``d.keys()``: a view that set operators take as a set."""
    return isinstance(expr, n.Call) and isinstance(expr.func, n.Attribute) and expr.func.attr == "keys" \
        and not expr.args and not expr.keywords


def key_view_op(ck: Checker, expr: n.BinOp) -> Type:
    """``d.keys() - other.keys()`` (``| & ^``, with a set or any iterable on the other side): as
    CPython's dict_keys does it, a new set of the items of both operands."""
    left = iterables.unordered_iteration(ck, expr.left)
    right = iterables.unordered_iteration(ck, expr.right)
    if left.item != right.item or not is_hashable(left.item):
        raise CompileError(f"unsupported operand type(s) for {expr.op}: the keys of a view hold {left.item} "
                           f"and the other operand {right.item}: they must have one hashable type", expr.span)
    ck.iterations[expr.left], ck.iterations[expr.right] = left, right
    ck.ops[expr] = sem.KEY_VIEW_OPERATOR.bind({ELEM: left.item}).comparing(expr.op)
    return SetType(left.item)


def check_unary(ck: Checker, expr: n.UnaryOp) -> Type:
    """``not x`` (x by truthiness), ``-x``, ``+x``, ``~x`` (a bool operand as an int)."""
    op, operand = expr.op, expr.operand
    if op == "not":
        ck.truth(operand)
        ck.ops[expr] = sem.BOOL_NOT
        return BOOL
    ty = ck.expr(operand)
    if ty == ANY:
        ck.ops[expr] = sem.ANY_UNARY[op]
        return ANY
    if ty == BOOL and op in ("-", "+", "~"):
        ck.convert(operand, BOOL, INT)
        ty = INT
    found = sem.UNARY.get((op, ty))
    if found is None:
        raise CompileError(f"bad operand type for unary {op}: '{ty}'", expr.span)
    ck.ops[expr] = found
    return found.result


def bool_value(ck: Checker, expr: n.BoolOp) -> Type:
    """``a or b`` as a value: the first truthy operand (``and``: the first falsy), like CPython.

    Each operand but the last gets its truth op in ``ck.truths``, and the
    conversion of its value to the result in ``ck.results``.
    """
    op, values = expr.op, expr.values
    saved = ck.flow
    ck.flow = saved.copy()
    results: list[Type] = []
    for index, value in enumerate(values):
        ty = ck.expr(value)
        returned = ty
        if index < len(values) - 1:
            if family(ty) not in sem.TRUTH_FAMILIES:
                raise CompileError(f"the truth value of a {ty} is not supported", value.span)
            ck.truths[value] = sem.TRUTH
            if op == "or" and isinstance(ty, OptionalType):
                returned = ty.inner  # returned only when truthy, so present
            narrowing = flow.narrowing(ck, value)
            if narrowing is not None and narrowing[2] == (op == "and"):
                ck.flow.narrow[narrowing[0]] = narrowing[1]
        results.append(returned)
    ck.flow = saved
    result: Type | None = results[0]
    for ty in results[1:]:
        result = infer.join(result, ty) if result is not None else None
    if result is None:
        raise CompileError(f"the operands of '{op}' have different types ({', '.join(map(str, results))}): "
                           f"its value would be either", expr.span)
    for value, returned in zip(values, results):
        if result == ANY and isinstance(value, infer.DISPLAYS):
            ck.expr_against(value, ANY)
        if ck.types[value] != result:
            ck.results[value] = Coercion(ck.types[value], result, sem.conversion(ck.types[value], result))
    ck.ops[expr] = sem.SHORT_CIRCUIT.at(result)
    return result


def binary_op(ck: Checker, expr: n.Expr, op: str, lhs: Type, rhs: Type, left: n.Expr,
              right: n.Expr) -> tuple[sem.Op, Type]:
    stdlib_collections.refuse_operator(op, lhs, rhs, expr)
    if ANY in (lhs, rhs):
        to_any(ck, left, lhs, expr)
        to_any(ck, right, rhs, expr)
        return sem.ANY_BINARY[op], ANY
    if op in sem.ARITHMETIC or op in sem.BITWISE:
        if not (op in sem.BITWISE and lhs == BOOL and rhs == BOOL):
            lhs, rhs = promote(ck, left, lhs, right, rhs, op)
    if op == "**" and (lhs, rhs) == (INT, INT):
        exponent = infer.constant_int(right)
        if exponent is None:
            raise CompileError("int ** int needs a constant exponent: its result is an int or a float "
                               "depending on the exponent's sign (write float(x) ** n for a float)", expr.span)
        found = sem.INT_POW_NEGATIVE if exponent < 0 else sem.BINARY[("**", INT, INT)]
        return found, found.result
    if op == "**" and (lhs, rhs) == (FLOAT, FLOAT):
        raise CompileError("float ** float is not supported: its result depends on the C library's pow(); "
                           "use an int exponent", expr.span)
    found = sem.BINARY.get((op, lhs, rhs))
    if found is not None:
        return found, found.result
    generic = generic_binary(ck, op, lhs, rhs)
    if generic is not None:
        return generic, generic.result
    if op == "%" and lhs == STR:
        raise CompileError("printf-style '%' formatting needs a constant template in ssc (a string literal "
                           "or a module constant): write the string literal, or use an f-string", expr.span)
    if op == "%" and lhs == BYTES:
        raise CompileError("printf-style '%' formatting of bytes is not supported: format a str (an f-string) "
                           "and encode it", expr.span)
    raise CompileError(f"unsupported operand type(s) for {op}: '{lhs}' and '{rhs}'{infer.none_hint(lhs) or infer.none_hint(rhs)}", expr.span)


def to_any(ck: Checker, expr: n.Expr, ty: Type, context: n.Node) -> None:
    """Record the conversion of ``expr`` (of type ``ty``) to Any, for an operation with an Any."""
    if ty == ANY:
        return
    if family(ty) == "set":
        raise CompileError(f"a {ty} cannot be combined with an Any (a JSON value): a JSON value is never a "
                           f"set, so CPython raises TypeError here; convert it first (set(x), or str(x) for "
                           f"one item), or test its items with 'x in s'", context.span)
    if not is_boxable(ty):
        raise CompileError(f"a {ty} cannot be combined with an Any (a JSON value): only None, bool, int, "
                           f"float, str, and lists and dicts of them can", context.span)
    ck.convert(expr, ty, ANY)


def generic_binary(ck: Checker, op: str, lhs: Type, rhs: Type) -> sem.Op | None:
    """Sequence operators: repetition (``s * 3``) and list concatenation."""
    if op == "*" and lhs in (STR, BYTES, BOOL, INT) and rhs in (STR, BYTES, INT):
        seq, count = (lhs, rhs) if lhs in (STR, BYTES) else (rhs, lhs)
        if count == INT and seq in (STR, BYTES):
            return (sem.SEQUENCE_REPEAT if lhs == seq else sem.SEQUENCE_REPEAT_SWAPPED).at(seq)
    if op == "*" and isinstance(lhs, ListType) and rhs == INT:
        return sem.LIST_REPEAT.at(lhs)
    if op == "+" and isinstance(lhs, ListType) and lhs == rhs:
        return sem.LIST_CONCAT.at(lhs)
    if op == "+" and isinstance(lhs, TupleType) and isinstance(rhs, TupleType):
        return sem.TUPLE_CONCAT.at(TupleType(lhs.items + rhs.items))
    if op in sem.SET_OPERATORS and isinstance(lhs, SetType) and lhs == rhs:
        return sem.SET_OPERATORS[op].at(lhs)
    if op == "|" and isinstance(lhs, DictType) and lhs == rhs:
        return sem.DICT_OR.at(lhs)
    return None


def in_place(op: sem.Op, operator: str, target: Type) -> sem.Op:
    """The in-place form of ``target op= value``, where it has one (a set's ``|=`` changes the set
    itself, a dict's ``|=``, a list's ``+=`` and ``*=``); else ``op`` (``x += 1`` binds a new value)."""
    if isinstance(target, ListType) and op.impl in (sem.LIST_CONCAT.impl, sem.LIST_REPEAT.impl):
        return sem.LIST_INPLACE[operator].at(target)
    if op.impl == sem.SET_OPERATORS.get(operator, op).impl and isinstance(target, SetType):
        return sem.SET_INPLACE[operator].at(target)
    if op.impl == sem.DICT_OR.impl:
        return sem.DICT_IOR.at(target)
    return op


def promote(ck: Checker, left: n.Expr, lhs: Type, right: n.Expr, rhs: Type, op: str) -> tuple[Type, Type]:
    """Python's numeric tower for arithmetic: bool -> int -> float."""
    numeric = (BOOL, INT, FLOAT)
    if lhs not in numeric or rhs not in numeric:
        return lhs, rhs
    if op in sem.BITWISE:
        target_l = target_r = INT
    elif op == "**" and rhs != FLOAT:
        target_l, target_r = (FLOAT if lhs == FLOAT else INT), INT
    else:
        target_l = target_r = FLOAT if FLOAT in (lhs, rhs) else INT
    for expr, source, target in ((left, lhs, target_l), (right, rhs, target_r)):
        if source != target:
            ck.convert(expr, source, target)
    return target_l, target_r


def compare(ck: Checker, expr: n.Compare) -> Type:
    operands = (expr.left, *expr.comparators)
    types: list[Type] = []
    links: list[sem.Op] = []
    for index, op in enumerate(expr.ops):
        left, right = operands[index], operands[index + 1]
        if index == 0:
            if op in ("in", "not in"):
                types.append(ck.expr(left))
            else:
                types.append(ck.expr(left))
        if op in ("in", "not in"):
            ck.readonly_ok = True
        types.append(ck.expr(right))
        if op in ("in", "not in") and partial.is_partial(types[-1]):   # `k in seen` tells seen's item type
            partial.refine(ck, right, partial.with_item(types[-1], types[index]))
        links.append(compare_op(ck, expr, op, left, types[index], right, types[index + 1]).comparing(op))
    ck.links[expr] = tuple(links)
    return BOOL


def compare_op(ck: Checker, expr: n.Compare, op: str, left: n.Expr, lhs: Type, right: n.Expr, rhs: Type) -> sem.Op:
    if ANY in (lhs, rhs):
        return any_compare_op(ck, expr, op, left, lhs, right, rhs)
    if op in ("is", "is not") and lhs == rhs and (isinstance(lhs, EnumType) or lhs == CLASS):   # singletons
        return sem.COMPARE[("==" if op == "is" else "!=", INT, INT)].comparing("==" if op == "is" else "!=")
    identity = objects.identity(ck, op, left, lhs, right, rhs)
    if identity is not None:
        return identity
    if op in ("is", "is not"):
        if NONE not in (lhs, rhs):
            raise CompileError("'is' is only supported with None (x is None): use == to compare values",
                               expr.span)
        return sem.IS_NONE.negated(op == "is not")
    if op in ("==", "!=") and NONE in (lhs, rhs):
        return sem.IS_NONE.negated(op == "!=")
    if op in ("==", "!=") and stdlib_collections.counters(lhs, rhs):   # a missing count is 0 (3.10+)
        return sem.COUNTER_EQ.negated(op == "!=")
    if op in ("in", "not in"):
        return contains_op(ck, expr, op, left, lhs, right, rhs)
    if isinstance(lhs, EnumType) or isinstance(rhs, EnumType):
        if lhs == rhs and op in ("==", "!="):   # an Enum's members: the same one (their index)
            return sem.COMPARE[(op, INT, INT)]
        if all(not isinstance(t, EnumType) or t.int_enum for t in (lhs, rhs)):   # an IntEnum is an int
            return compare_op(ck, expr, op, left, enums.as_int(ck, left, lhs), right, enums.as_int(ck, right, rhs))
    if lhs == BOOL and rhs in (INT, FLOAT):
        ck.convert(left, BOOL, INT)
        lhs = INT
    if rhs == BOOL and lhs in (INT, FLOAT):
        ck.convert(right, BOOL, INT)
        rhs = INT
    found = sem.COMPARE.get((op, lhs, rhs))
    if found is not None:
        return found
    if lhs == rhs and isinstance(lhs, ClassType):   # CPython's generated __eq__, __lt__: the fields' tuples
        if op in ("==", "!="):
            return sem.GENERIC_EQUALITY.negated(op == "!=")
        if lhs.ordered:
            return sem.GENERIC_ORDER
    if lhs == rhs and family(lhs) in ("tuple", "list", "dict", "set", "Optional", "vartuple"):
        if op in ("==", "!="):
            return sem.GENERIC_EQUALITY.negated(op == "!=")
        if family(lhs) in ("tuple", "list", "set", "vartuple"):   # a set's order: subset and superset
            return sem.GENERIC_ORDER
    joined = infer.join(lhs, rhs)
    if op in ("==", "!=") and isinstance(joined, (OptionalType, VarTupleType)):
        ck.coerce(left, joined, given=lhs)
        ck.coerce(right, joined, given=rhs)
        return sem.GENERIC_EQUALITY.negated(op == "!=")
    if op in ("==", "!="):
        raise CompileError(f"comparing {lhs} with {rhs} is always {'False' if op == '==' else 'True'} in "
                           f"Python: convert one side first", expr.span)
    raise CompileError(f"'{op}' not supported between instances of '{lhs}' and '{rhs}'", expr.span)


def contains_op(ck: Checker, expr: n.Compare, op: str, left: n.Expr, lhs: Type, right: n.Expr,
                rhs: Type) -> sem.Op:
    """``x in c`` (``not in``: negated): a substring, a byte of bytes, an item of a container (x
    converted to its item type), an item of a tuple of one item type (compared with each)."""
    negate = op == "not in"
    if rhs == BYTES and lhs in (INT, BOOL):
        if lhs == BOOL:
            ck.convert(left, BOOL, INT)
        return sem.BYTES_CONTAINS_INT.negated(negate)
    found = sem.COMPARE.get((op, lhs, rhs))
    if found is not None:
        return found
    container_op = sem.CONTAINS.get(family(rhs))
    if container_op is not None:
        element = infer.container_element(rhs)
        if element is not None and infer.assignable(lhs, element):
            if lhs != element:
                ck.convert(left, lhs, element)
            return container_op.negated(negate)
        if isinstance(rhs, TupleType) and rhs.items and len(set(rhs.items)) == 1 \
                and infer.assignable(lhs, rhs.items[0]):
            item = rhs.items[0]
            if lhs != item:
                ck.convert(left, lhs, item)
            item_eq = compare_op(ck, expr, "==", left, item, right, item).comparing("==")
            return container_op.negated(negate).around(item_eq)
    raise CompileError(f"'{op}' is not supported between '{lhs}' and '{rhs}'", expr.span)


def any_compare_op(ck: Checker, expr: n.Compare, op: str, left: n.Expr, lhs: Type, right: n.Expr,
                   rhs: Type) -> sem.Op:
    """A comparison with an Any side: decided at run time, as CPython decides it."""
    negate = op in ("not in", "is not")
    if op in ("is", "is not"):
        if NONE not in (lhs, rhs):
            raise CompileError("'is' is only supported with None (x is None): use == to compare values",
                               expr.span)
        return sem.ANY_IS_NONE.negated(negate)
    if op in ("in", "not in") and family(rhs) in ("set", "dict", "list") and infer.container_element(rhs) == ANY:
        # x in seen, with seen a set[Any] (a dict keyed by Any, a list[Any]): x looked up as it is
        return (sem.CONTAINS["list"] if family(rhs) == "list" else sem.ANY_IN_HASHED).negated(negate)
    if op in ("in", "not in") and family(rhs) in ("set", "dict") and infer.container_element(rhs) == STR:
        # x in CURRENCIES, with CURRENCIES a set[str] (a dict keyed by str): a str x looked up
        return sem.ANY_IN_TEXT_KEYS.negated(negate)
    if op in ("in", "not in") and rhs != ANY:
        # x in (a, b) / x in [a, b] / x in d, with x an Any: each item compared with ==
        if isinstance(rhs, TupleType) and all(is_boxable(t) for t in rhs.items):
            literal = right.elts if isinstance(right, n.Tuple) else (None,) * len(rhs.items)
            items = tuple((True, e.value) if isinstance(e, n.Constant) and t != ANY else (False, None)
                          for e, t in zip(literal, rhs.items))
            return sem.ANY_IN_ITEMS.negated(negate).with_constant(items)
        to_any(ck, right, rhs, expr)
    else:
        to_any(ck, left, lhs, expr)
        to_any(ck, right, rhs, expr)
    if op in ("in", "not in"):
        return sem.ANY_CONTAINS.negated(negate)
    if op in ("==", "!=") and (infer.is_str_constant(left) or infer.is_str_constant(right)):
        return sem.ANY_EQ_STR.with_constant(0 if infer.is_str_constant(left) else 1)
    number = infer.number_literal(right)
    if number is not None:
        return (sem.ANY_COMPARE_FLOAT if isinstance(number, float) else sem.ANY_COMPARE_INT).with_constant(number)
    return sem.ANY_COMPARE
