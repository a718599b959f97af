"""Expressions: the dispatch by node, names, constants, operators, ``and``/``or``,
displays and comprehensions."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import DictType, ListType, SetType, family
from . import calls, compare, fstrings, iterate, registry, stmts, subscripts
from .layout import I1, I32, PTR, TABLE_MIN_ITEMS
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def lower_expr(fl: FunctionLowering, expr: n.Expr) -> ir.Value:
    """The value of ``expr`` (before its conversion, ``fl.value``), by its lowering in ``expressions()``."""
    return expressions()[type(expr)](fl, expr)


def lower_constant(fl: FunctionLowering, expr: n.Constant) -> ir.Value:
    return fl.constant(expr.value, fl.typed.types[expr])


def lower_binop(fl: FunctionLowering, expr: n.BinOp) -> ir.Value:
    op = fl.typed.ops[expr]
    if registry.emits_node(op):   # "%s" % x: the f-string it is; d.keys() - other: the operands walked
        return registry.node_emitter(op)(fl, expr, op)
    return binary(fl, fl.typed.ops[expr], expr, expr.left, fl.value(expr.left), expr.right, fl.value(expr.right))


def lower_unary(fl: FunctionLowering, expr: n.UnaryOp) -> ir.Value:
    return fl.apply_op(fl.typed.ops[expr], [(fl.value(expr.operand), fl.operand_type(expr.operand))])


def lower_by_op(fl: FunctionLowering, expr: n.BoolOp | n.GeneratorExp) -> ir.Value:
    """An expression whose operation evaluates it (``and``/``or``; a generator expression made
    into the list or set its consumer wants)."""
    op = fl.typed.ops[expr]
    return registry.node_emitter(op)(fl, expr, op)


def lower_if_exp(fl: FunctionLowering, expr: n.IfExp) -> ir.Value:
    """``a if c else b``: a branch each way, the value a phi where they meet."""
    cond = fl.value(expr.test)
    then_block = fl.function.append_basic_block("ifexp.then")
    else_block = fl.function.append_basic_block("ifexp.else")
    end = fl.function.append_basic_block("ifexp.end")
    fl.builder.cbranch(cond, then_block, else_block)
    incoming = []
    for block, part in ((then_block, expr.body), (else_block, expr.orelse)):
        fl.builder.position_at_end(block)
        incoming.append((fl.value(part), fl.builder.block))
        fl.builder.branch(end)
    fl.builder.position_at_end(end)
    return fl.phi(llvm_type(fl.typed.types[expr]), incoming)


def lower_attribute(fl: FunctionLowering, expr: n.Attribute) -> ir.Value:
    """``record.key`` by its operation (a property's: its call); its value where the checker knows
    it is present. A module's attribute (``re.IGNORECASE``) has no receiver: the checker typed
    no value there."""
    op = fl.typed.ops[expr]
    if registry.emits_node(op):
        return registry.node_emitter(op)(fl, expr, op)
    if expr.value not in fl.typed.types:
        return fl.apply_op(op, [])
    value = fl.apply_op(fl.typed.ops[expr], [(fl.value(expr.value), fl.typed.types[expr.value])])
    if expr in fl.typed.narrowed:
        return fl.builder.extract_value(value, 1)  # known present
    return value


def lower_tuple(fl: FunctionLowering, expr: n.Tuple) -> ir.Value:
    """A tuple as a struct value; of constants, a constant struct (an insertvalue chain of
    10,000 items took LLVM's optimizer more than 3 GB)."""
    ty = llvm_type(fl.typed.types[expr])
    items = [fl.value(elt) for elt in expr.elts]
    if all(isinstance(item, ir.Constant) for item in items):
        return ir.Constant(ty, items)
    result: ir.Value = ir.Constant(ty, ir.Undefined)
    for index, item in enumerate(items):
        result = fl.builder.insert_value(result, item, index)
    return result


def lower_list(fl: FunctionLowering, expr: n.List) -> ir.Value:
    ty = fl.typed.types[expr]
    assert isinstance(ty, ListType)
    lst = fl.call("ssc_list_new", fl.context.descriptor(ty.elem), ir.Constant(I32, len(expr.elts)))
    items = [fl.value(elt) for elt in expr.elts]
    if _table_worthy([items]):
        fl.table_loop([[item] for item in items], lambda at: fl.call("ssc_list_append", lst, at[0]))
        return lst
    for item in items:
        fl.call("ssc_list_append", lst, fl.spill(item))
    return lst


def lower_set(fl: FunctionLowering, expr: n.Set) -> ir.Value:
    ty = fl.typed.types[expr]
    assert isinstance(ty, SetType)
    result = fl.new_dict(ty)
    items = [fl.value(elt) for elt in expr.elts]
    if _table_worthy([items]):
        fl.table_loop([[item] for item in items],
                        lambda at: fl.check_status(fl.call_c("ssc_set_add", I32, [result, at[0]])))
        return result
    for item in items:
        fl.check_status(fl.call_c("ssc_set_add", I32, [result, fl.spill(item)]))
    return result


def lower_dict(fl: FunctionLowering, expr: n.Dict) -> ir.Value:
    ty = fl.typed.types[expr]
    assert isinstance(ty, DictType)
    result = fl.new_dict(ty)
    keys, values = [], []
    for key, value in zip(expr.keys, expr.values):
        keys.append(fl.value(key))  # type: ignore[arg-type]
        values.append(fl.value(value))
    if _table_worthy([keys, values]):
        fl.table_loop([list(pair) for pair in zip(keys, values)],
                        lambda at: fl.dict_setitem_at(ty, result, at[0], at[1]))
        return result
    for k, v in zip(keys, values):
        fl.dict_setitem(ty, result, k, v)
    return result


def _table_worthy(columns: list[list[ir.Value]]) -> bool:
    """A display long enough and constant enough to fill from a constant table (``fl.table_loop``)."""
    return len(columns[0]) >= TABLE_MIN_ITEMS and all(isinstance(v, ir.Constant) for c in columns for v in c)


def lower_named_expr(fl: FunctionLowering, expr: n.NamedExpr) -> ir.Value:
    """``(x := v)``: v stored into x, and the value as stored (of x's type)."""
    value = fl.value(expr.value)
    stmts.store_target(fl, expr.target, value, fl.operand_type(expr.value))
    binding = fl.typed.bindings[expr.target]
    return fl.convert(value, fl.operand_type(expr.value), binding.declared)


def load_name(fl: FunctionLowering, expr: n.Name) -> ir.Value:
    op = fl.typed.ops.get(expr)
    if op is not None:   # a builtin class as a value (CLASS_VALUE)
        return registry.node_emitter(op)(fl, expr, op)
    binding = fl.typed.bindings[expr]
    if binding.kind == "class":   # Color in Color.RED: no value (the member is a constant)
        return ir.Constant(I1, 0)
    if binding.kind == "state":
        state = fl.builder.load(fl.context.state_global(binding.key, binding.declared),
                                typ=llvm_type(binding.declared), name=expr.id)
        return fl.builder.extract_value(state, 1) if expr in fl.typed.narrowed else state
    if binding.kind == "constant":
        info = fl.typed.constants[binding.key]
        if family(info.type) in ("list", "dict", "set"):
            return fl.builder.load(fl.context.constant_global(binding.key, info.type), typ=PTR)
        return fl.value(info.value)   # a scalar or a tuple: the literal, converted to the constant's type
    unbound = fl.typed.unbound.get(expr)
    if unbound is not None:   # a loop may have left it unassigned
        missing = fl.builder.not_(fl.builder.load(fl.flags[binding.key]))
        with fl.builder.if_then(missing, likely=False):
            fl.raise_text("UnboundLocalError", unbound)
    value = fl.builder.load(fl.slots[binding.key], name=expr.id)
    if expr in fl.typed.narrowed:
        return fl.builder.extract_value(value, 1)
    return value


def binary(fl: FunctionLowering, op: sem.Op, expr: n.Node, left: n.Expr | None, lhs: ir.Value, right: n.Expr,
           rhs: ir.Value) -> ir.Value:
    lty = fl.operand_type(left) if left is not None else op.result
    if left is not None and isinstance(expr, n.AugAssign):
        lty = fl.operand_type(left)
    return fl.apply_op(op, [(lhs, lty), (rhs, fl.operand_type(right))])


def _go_on(fl: FunctionLowering, op: str, truthy: ir.Value, following: ir.Block, stop: ir.Block) -> None:
    """``and`` goes on to its next operand while they are true, ``or`` while they are false."""
    if op == "and":
        fl.builder.cbranch(truthy, following, stop)
    else:
        fl.builder.cbranch(truthy, stop, following)


def short_circuit_truth(fl: FunctionLowering, expr: n.BoolOp, operation: sem.Op) -> ir.Value:
    """``a and b`` as a condition: evaluate left to right, stop at the first False (``or``: True)."""
    op, values = expr.op, expr.values
    done = fl.function.append_basic_block(f"{op}.done")
    incoming = []
    for value in values[:-1]:
        result = fl.value(value)
        incoming.append((result, fl.builder.block))
        following = fl.function.append_basic_block(f"{op}.next")
        _go_on(fl, op, result, following, done)
        fl.builder.position_at_end(following)
    last = fl.value(values[-1])
    incoming.append((last, fl.builder.block))
    fl.builder.branch(done)
    fl.builder.position_at_end(done)
    return fl.phi(I1, incoming, name=op)


def short_circuit(fl: FunctionLowering, expr: n.BoolOp, operation: sem.Op) -> ir.Value:
    """``a or b`` as a value: the first truthy operand, converted to the result type."""
    op, values, ty = expr.op, expr.values, operation.result
    done = fl.function.append_basic_block(f"{op}.done")
    incoming = []
    for index, value in enumerate(values):
        raw = fl.value(value)
        coercion = fl.typed.results.get(value)
        if index < len(values) - 1:
            truth_op = fl.typed.truths[value]
            truthy = fl.apply_op(truth_op, [(raw, fl.typed.types[value])])
            following = fl.function.append_basic_block(f"{op}.next")
            leave = fl.function.append_basic_block(f"{op}.take")
            _go_on(fl, op, truthy, following, leave)
            fl.builder.position_at_end(leave)
            result = fl.apply_op(coercion.op, [(raw, coercion.source)]) if coercion else raw
            incoming.append((result, fl.builder.block))
            fl.builder.branch(done)
            fl.builder.position_at_end(following)
        else:
            result = fl.apply_op(coercion.op, [(raw, coercion.source)]) if coercion else raw
            incoming.append((result, fl.builder.block))
            fl.builder.branch(done)
    fl.builder.position_at_end(done)
    return fl.phi(llvm_type(ty), incoming)


def comprehension(fl: FunctionLowering, expr: n.ListComp | n.SetComp | n.DictComp) -> ir.Value:
    """A new list, set or dict, filled by nested loops over the generators."""
    ty = fl.typed.types[expr]
    if isinstance(ty, ListType):
        result = fl.call("ssc_list_new", fl.context.descriptor(ty.elem), ir.Constant(I32, 0))
    else:
        result = fl.new_dict(ty)  # type: ignore[arg-type]
    done = fl.function.append_basic_block("comp.done")

    def emit(next_block: ir.Block) -> None:
        if isinstance(expr, n.DictComp):
            key, value = fl.value(expr.key), fl.value(expr.value)
            fl.dict_setitem(ty, result, key, value)
        elif isinstance(expr, n.SetComp):
            fl.check_status(fl.call_c("ssc_set_add", I32, [result, fl.spill(fl.value(expr.elt))]))
        else:
            fl.call("ssc_list_append", result, fl.spill(fl.value(expr.elt)))

    iterate.walk_clauses(fl, expr.generators, emit, done)
    return result


#: The emitters of ``and``/``or``: SHORT_CIRCUIT_TRUTH and SHORT_CIRCUIT.
EMITTERS: dict[str, NodeEmitter] = {
    "short_circuit_truth": short_circuit_truth,   # type: ignore[dict-item]
    "short_circuit": short_circuit,               # type: ignore[dict-item]
}


@functools.cache
def expressions() -> dict[type, Callable[[FunctionLowering, Any], ir.Value]]:
    """The lowering of each kind of expression (made on first use: its modules import this one)."""
    return {
        n.Constant: lower_constant,
        n.Name: load_name,
        n.BinOp: lower_binop,
        n.UnaryOp: lower_unary,
        n.Compare: compare.lower_compare,
        n.BoolOp: lower_by_op,
        n.GeneratorExp: lower_by_op,
        n.IfExp: lower_if_exp,
        n.Call: calls.lower_call,
        n.Attribute: lower_attribute,
        n.Subscript: subscripts.subscript,
        n.Tuple: lower_tuple,
        n.List: lower_list,
        n.Set: lower_set,
        n.Dict: lower_dict,
        n.ListComp: comprehension,
        n.SetComp: comprehension,
        n.DictComp: comprehension,
        n.JoinedStr: fstrings.fstring,
        n.NamedExpr: lower_named_expr,
        n.FormatArgument: lambda fl, expr: fl.format_arguments[-1][expr.index],
    }
