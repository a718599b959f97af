"""Expressions: the dispatch by node, names, constants, operators, ``and``/``or``,
displays and comprehensions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import DictType, ListType, SetType, Type, family
from . import calls, compare, fstrings, registry, stmts, subscripts
from .layout import I1, I32, PTR
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def lower_expr(fl: FunctionLowering, expr: n.Expr) -> ir.Value:
    ty = fl.typed.types[expr]
    match expr:
        case n.Constant(value=value):
            return fl.constant(value, ty)
        case n.Name():
            return load_name(fl, expr)
        case n.BinOp(left=left, right=right):
            return binary(fl, fl.typed.ops[expr], expr, left, fl.value(left), right, fl.value(right))
        case n.UnaryOp(operand=operand):
            return fl.apply_op(fl.typed.ops[expr], [(fl.value(operand), fl.operand_type(operand))])
        case n.Compare():
            return compare.lower_compare(fl, expr)
        case n.BoolOp():
            op = fl.typed.ops[expr]
            return registry.node_emitter(op)(fl, expr, op)
        case n.IfExp(test=test, body=body, orelse=orelse):
            cond = fl.value(test)
            then_block = fl.function.append_basic_block("ifexp.then")
            else_block = fl.function.append_basic_block("ifexp.else")
            end = fl.function.append_basic_block("ifexp.end")
            fl.builder.cbranch(cond, then_block, else_block)
            incoming = []
            for block, part in ((then_block, body), (else_block, orelse)):
                fl.builder.position_at_end(block)
                incoming.append((fl.value(part), fl.builder.block))
                fl.builder.branch(end)
            fl.builder.position_at_end(end)
            phi = fl.builder.phi(llvm_type(ty))
            for value, block in incoming:
                phi.add_incoming(value, block)
            return phi
        case n.Call():
            return calls.lower_call(fl, expr)
        case n.Attribute(value=receiver):
            value = fl.apply_op(fl.typed.ops[expr], [(fl.value(receiver), fl.typed.types[receiver])])
            if expr in fl.typed.narrowed:
                return fl.builder.extract_value(value, 1)  # known present
            return value
        case n.Subscript():
            return subscripts.subscript(fl, expr)
        case n.Tuple(elts=elts):
            result: ir.Value = ir.Constant(llvm_type(ty), ir.Undefined)
            for index, elt in enumerate(elts):
                result = fl.builder.insert_value(result, fl.value(elt), index)
            return result
        case n.List(elts=elts):
            assert isinstance(ty, ListType)
            lst = fl.call("ssc_list_new", fl.context.descriptor(ty.elem), ir.Constant(I32, len(elts)))
            for elt in elts:
                fl.call("ssc_list_append", lst, fl.spill(fl.value(elt)))
            return lst
        case n.Set(elts=elts):
            assert isinstance(ty, SetType)
            result = fl.new_dict(ty)
            for elt in elts:
                fl.check_status(fl.call_c("ssc_set_add", I32, [result, fl.spill(fl.value(elt))]))
            return result
        case n.Dict(keys=keys, values=values):
            assert isinstance(ty, DictType)
            result = fl.new_dict(ty)
            for key, value in zip(keys, values):
                k = fl.value(key)  # type: ignore[arg-type]
                v = fl.value(value)
                fl.dict_setitem(ty, result, k, v)
            return result
        case n.ListComp() | n.SetComp() | n.DictComp():
            return comprehension(fl, expr, ty)
        case n.JoinedStr():
            return fstrings.fstring(fl, expr)
    raise AssertionError(f"the checker let {type(expr).__name__} through")


def load_name(fl: FunctionLowering, expr: n.Name) -> ir.Value:
    binding = fl.typed.bindings[expr]
    if binding.kind == "state":
        return fl.builder.load(fl.context.state_global(binding.key, binding.declared),
                                 typ=llvm_type(binding.declared), name=expr.id)
    if binding.kind == "constant":
        info = fl.typed.constants[binding.key]
        if family(info.type) in ("list", "dict", "set"):
            return fl.builder.load(fl.context.constant_global(binding.key, info.type), typ=PTR)
        return fl.value(info.value)   # a scalar or a tuple: the literal, converted to the constant's type
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


def short_circuit_truth(fl: FunctionLowering, expr: n.BoolOp, operation: sem.Op) -> ir.Value:
    """``a and b`` as a condition: evaluate left to right, stop at the first False (``or``: True)."""
    op, values = expr.op, expr.values
    done = fl.function.append_basic_block(f"{op}.done")
    incoming = []
    for value in values[:-1]:
        result = fl.value(value)
        incoming.append((result, fl.builder.block))
        following = fl.function.append_basic_block(f"{op}.next")
        if op == "and":
            fl.builder.cbranch(result, following, done)
        else:
            fl.builder.cbranch(result, done, following)
        fl.builder.position_at_end(following)
    last = fl.value(values[-1])
    incoming.append((last, fl.builder.block))
    fl.builder.branch(done)
    fl.builder.position_at_end(done)
    phi = fl.builder.phi(I1, name=op)
    for result, block in incoming:
        phi.add_incoming(result, block)
    return phi


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
            if op == "and":
                fl.builder.cbranch(truthy, following, leave)
            else:
                fl.builder.cbranch(truthy, leave, following)
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
    phi = fl.builder.phi(llvm_type(ty))
    for result, block in incoming:
        phi.add_incoming(result, block)
    return phi


def comprehension(fl: FunctionLowering, expr: n.ListComp | n.SetComp | n.DictComp, ty: Type) -> ir.Value:
    if isinstance(ty, ListType):
        result = fl.call("ssc_list_new", fl.context.descriptor(ty.elem), ir.Constant(I32, 0))
    else:
        result = fl.new_dict(ty)  # type: ignore[arg-type]
    done = fl.function.append_basic_block("comp.done")

    def level(index: int, after: ir.Block) -> None:
        generator = expr.generators[index]
        iteration = fl.typed.iterations[generator]

        def body(item: ir.Value, next_block: ir.Block) -> None:
            stmts.store_target(fl, generator.target, item, iteration.item)
            for cond in generator.ifs:
                keep = fl.function.append_basic_block("comp.keep")
                fl.builder.cbranch(fl.value(cond), keep, next_block)
                fl.builder.position_at_end(keep)
            if index + 1 < len(expr.generators):
                inner_done = fl.function.append_basic_block("comp.inner.done")
                level(index + 1, inner_done)
                fl.builder.branch(next_block)
                return
            if isinstance(expr, n.DictComp):
                key, value = fl.value(expr.key), fl.value(expr.value)
                fl.dict_setitem(ty, result, key, value)
            elif isinstance(expr, n.SetComp):
                fl.check_status(fl.call_c("ssc_set_add", I32, [result, fl.spill(fl.value(expr.elt))]))
            else:
                fl.call("ssc_list_append", result, fl.spill(fl.value(expr.elt)))

        fl.iterate(iteration, body, after)

    level(0, done)
    return result


#: The emitters of ``and``/``or``: SHORT_CIRCUIT_TRUTH and SHORT_CIRCUIT.
EMITTERS: dict[str, NodeEmitter] = {
    "short_circuit_truth": short_circuit_truth,   # type: ignore[dict-item]
    "short_circuit": short_circuit,               # type: ignore[dict-item]
}
