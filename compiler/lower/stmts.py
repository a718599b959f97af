"""Statements: assignments and their targets, ``if``, ``while``, ``for``, ``return``,
``break``/``continue``, ``assert`` and ``del``."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import STR, ListType, OptionalType, TupleType, Type
from . import exceptions, exprs, function, string_builders, subscripts
from .layout import I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering


def lower_stmt(fl: FunctionLowering, stmt: n.Stmt) -> None:
    match stmt:
        case n.ExprStmt(value=n.Constant()):
            pass  # a docstring or a bare literal: nothing to do
        case n.ExprStmt(value=value):
            fl.value(value)
        case n.Assign(targets=(n.Name() as target,)) | n.AnnAssign(target=n.Name() as target) \
                if string_builders.builder_slot(fl, target) is not None:
            slot = string_builders.builder_slot(fl, target)
            string_builders.builder_buffer_call(fl, slot, "ssc_buf_init", ir.Constant(I32, 32))
            fl.builder.store(ir.Constant(I32, 0), fl.builder.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 1)]))
        case n.Assign(targets=targets, value=value):
            result = fl.value(value)
            for target in targets:
                store_target(fl, target, result, fl.typed.types[value] if value not in fl.typed.coercions
                                  else fl.typed.coercions[value].target)
        case n.AnnAssign(target=target, value=value):
            if value is not None:
                store_target(fl, target, fl.value(value), fl.typed.types[target])
        case n.AugAssign():
            lower_aug_assign(fl, stmt)
        case n.Return(value=value):
            if value is not None:
                result = fl.value(value)
                if fl.typed.surrogates and fl.info is not None and fl.info.node is fl.typed.entry.function \
                        and holds_str(fl.info.result):
                    # the driver encodes the result's str values: refuse a lone surrogate as CPython does
                    fl.check_status(fl.call_c("ssc_check_encodable", I32, [
                        fl.context.descriptor(fl.info.result), fl.spill(result)]))
                slot = fl.builder.alloca(result.type) if fl.state.finals else None
                if slot is not None:
                    fl.builder.store(result, slot)
                exceptions.unwind(fl, 0, 0)
                if fl.builder.block.is_terminated:
                    return
                fl.builder.store(fl.builder.load(slot) if slot is not None else result,
                                   fl.function.args[0])
            else:
                exceptions.unwind(fl, 0, 0)
                if fl.builder.block.is_terminated:
                    return
            fl.builder.ret(ir.Constant(I32, 0))
        case n.Pass() | n.Global():
            pass  # a global declaration only changes what names refer to (the checker's bindings)
        case n.If(test=test, body=body, orelse=orelse):
            cond = fl.value(test)
            then_block = fl.function.append_basic_block("if.then")
            else_block = fl.function.append_basic_block("if.else")
            end = fl.function.append_basic_block("if.end")
            fl.builder.cbranch(cond, then_block, else_block)
            for block, stmts in ((then_block, body), (else_block, orelse)):
                fl.builder.position_at_end(block)
                fl.block(stmts)
                if not fl.builder.block.is_terminated:
                    fl.builder.branch(end)
            fl.builder.position_at_end(end)
        case n.While():
            lower_while(fl, stmt)
        case n.For():
            lower_for(fl, stmt)
        case n.Break():
            loop = fl.state.loops[-1]
            exceptions.unwind(fl, loop.finally_depth, len(fl.state.handlers))
            if not fl.builder.block.is_terminated:
                fl.builder.branch(loop.break_block)
        case n.Continue():
            loop = fl.state.loops[-1]
            exceptions.unwind(fl, loop.finally_depth, len(fl.state.handlers))
            if not fl.builder.block.is_terminated:
                fl.builder.branch(loop.continue_block)
        case n.Raise():
            exceptions.lower_raise(fl, stmt)
        case n.Assert(test=test, msg=msg):
            ok = fl.value(test)
            fail = fl.function.append_basic_block("assert.fail")
            done = fl.function.append_basic_block("assert.ok")
            fl.builder.cbranch(ok, done, fail)
            fl.builder.position_at_end(fail)
            code = sem.EXCEPTION_CODES["AssertionError"]
            if msg is None:
                fl.call("ssc_raise", ir.Constant(I32, code), ir.Constant(PTR, None), ir.Constant(I32, 0))
            else:
                exceptions.raise_with(fl, code, fl.value(msg), fl.typed.types[msg])
            fl.builder.branch(fl.raise_block)
            fl.builder.position_at_end(done)
        case n.Try():
            exceptions.lower_try(fl, stmt)
        case n.Delete(targets=targets):
            for target in targets:
                assert isinstance(target, n.Subscript)
                container = fl.value(target.value)
                index = fl.value(target.index)
                fl.apply_op(fl.typed.ops[target], [(container, fl.typed.types[target.value]),
                                                   (index, fl.operand_type(target.index))])
        case _:
            raise AssertionError(f"the checker let {type(stmt).__name__} through")


def store_target(fl: FunctionLowering, target: n.Expr, value: ir.Value, ty: Type) -> None:
    """Store ``value`` (of type ``ty``) into a name, a tuple of targets or an item."""
    match target:
        case n.Name():
            binding = fl.typed.bindings[target]
            slot = fl.context.state_global(binding.key, binding.declared) if binding.kind == "state" \
                else fl.slots[binding.key]
            fl.builder.store(fl.convert(value, ty, binding.declared), slot)
        case n.Tuple(elts=elts) | n.List(elts=elts):
            if isinstance(ty, TupleType):
                for index, (elt, item) in enumerate(zip(elts, ty.items)):
                    store_target(fl, elt, fl.builder.extract_value(value, index), item)
            else:
                assert isinstance(ty, ListType)
                length = fl.list_len(value)
                fl.check_status(fl.call("ssc_unpack_check", length, ir.Constant(I32, len(elts))))
                items = [subscripts.list_item(fl, value, ir.Constant(I32, i), ty.elem) for i in range(len(elts))]
                for elt, item in zip(elts, items):
                    store_target(fl, elt, item, ty.elem)
        case n.Subscript():
            container = fl.value(target.value)
            index = fl.value(target.index)
            store_item(fl, target, container, index, value, ty)
        case _:
            raise AssertionError(target)


def store_item(fl: FunctionLowering, target: n.Subscript, container: ir.Value, index: ir.Value, value: ir.Value,
               ty: Type) -> None:
    """``x[i] = value`` by the store the checker recorded (``typed.stores``)."""
    fl.apply_op(fl.typed.stores[target], [(container, fl.typed.types[target.value]),
                                          (index, fl.operand_type(target.index)), (value, ty)])


def lower_aug_assign(fl: FunctionLowering, stmt: n.AugAssign) -> None:
    op = fl.typed.ops[stmt]
    target = stmt.target
    if isinstance(target, n.Name):
        current = fl.value(target)
        result = exprs.binary(fl, op, stmt, target, current, stmt.value, fl.value(stmt.value))
        coercion = fl.typed.coercions.get(stmt)
        ty = coercion.source if coercion else op.result
        store_target(fl, target, result, ty)
        return
    assert isinstance(target, n.Subscript)
    container = fl.value(target.value)
    index = fl.value(target.index)
    current = fl.apply_op(fl.typed.ops[target], [(container, fl.typed.types[target.value]),
                                                 (index, fl.operand_type(target.index))])
    coercion_current = fl.typed.coercions.get(target)
    if coercion_current is not None:
        current = fl.apply_op(coercion_current.op, [(current, coercion_current.source)])
    result = exprs.binary(fl, op, stmt, None, current, stmt.value, fl.value(stmt.value))
    coercion = fl.typed.coercions.get(stmt)
    store_item(fl, target, container, index, result, coercion.source if coercion else op.result)


@contextmanager
def loop(fl: FunctionLowering, continue_block: ir.Block, break_block: ir.Block) -> Iterator[None]:
    fl.state.loops.append(function.Loop(continue_block, break_block, len(fl.state.finals)))
    try:
        yield
    finally:
        fl.state.loops.pop()


def lower_while(fl: FunctionLowering, stmt: n.While) -> None:
    head = fl.function.append_basic_block("while.head")
    body = fl.function.append_basic_block("while.body")
    orelse = fl.function.append_basic_block("while.else")
    end = fl.function.append_basic_block("while.end")
    fl.builder.branch(head)
    fl.builder.position_at_end(head)
    fl.builder.cbranch(fl.value(stmt.test), body, orelse)
    fl.builder.position_at_end(body)
    with loop(fl, head, end):
        fl.block(stmt.body)
    if not fl.builder.block.is_terminated:
        fl.builder.branch(head)
    fl.builder.position_at_end(orelse)
    fl.block(stmt.orelse)
    if not fl.builder.block.is_terminated:
        fl.builder.branch(end)
    fl.builder.position_at_end(end)


def lower_for(fl: FunctionLowering, stmt: n.For) -> None:
    iteration = fl.typed.iterations[stmt]
    end = fl.function.append_basic_block("for.end")
    orelse = fl.function.append_basic_block("for.else")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        store_target(fl, stmt.target, item, iteration.item)
        with loop(fl, next_block, end):
            fl.block(stmt.body)

    fl.iterate(iteration, body, orelse)
    fl.block(stmt.orelse)
    if not fl.builder.block.is_terminated:
        fl.builder.branch(end)
    fl.builder.position_at_end(end)


def holds_str(ty: Type) -> bool:
    match ty:
        case OptionalType(inner=inner) | ListType(elem=inner):
            return holds_str(inner)
        case TupleType(items=items):
            return any(holds_str(t) for t in items)
    return ty == STR
