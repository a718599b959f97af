"""Statements: assignments and their targets, ``if``, ``while``, ``for``, ``return``,
``break``/``continue``, ``assert`` and ``del``."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..typed import Unpacking
from ..types import ListType, TupleType, Type, VarTupleType, tuple_view
from . import exceptions, exprs, function, patterns, registry, subscripts
from .layout import I1, I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering


def lower_stmt(fl: FunctionLowering, stmt: n.Stmt) -> None:
    """One statement, by its lowering in ``statements()``."""
    statements()[type(stmt)](fl, stmt)


def lower_expr_stmt(fl: FunctionLowering, stmt: n.ExprStmt) -> None:
    if not isinstance(stmt.value, n.Constant):   # a docstring or a bare literal: nothing to do
        fl.value(stmt.value)


def lower_assign(fl: FunctionLowering, stmt: n.Assign | n.AnnAssign) -> None:
    """``a = b = value``, ``name: T = value``: the value once, stored into each target; an
    assignment with an operation of its own (BUILDER_NEW) by its emitter."""
    op = fl.typed.ops.get(stmt)
    if op is not None:
        registry.node_emitter(op)(fl, stmt, op)
    elif isinstance(stmt, n.AnnAssign):
        if stmt.value is not None:
            store_target(fl, stmt.target, fl.value(stmt.value), fl.typed.types[stmt.target])
    else:
        result = fl.value(stmt.value)
        for target in stmt.targets:
            store_target(fl, target, result, fl.operand_type(stmt.value))


def lower_return(fl: FunctionLowering, stmt: n.Return) -> None:
    """Store the value through ``%result`` (after the ``finally`` blocks around it), return 0."""
    if stmt.value is not None:
        result = fl.value(stmt.value)
        check = fl.typed.ops.get(stmt)
        if check is not None:   # CHECK_ENCODABLE
            assert fl.info is not None
            fl.apply_op(check, [(result, fl.info.result)])
        slot = fl.builder.alloca(result.type) if fl.state.finals else None
        if slot is not None:
            fl.builder.store(result, slot)
        exceptions.unwind(fl, 0, 0)
        if fl.builder.block.is_terminated:
            return
        fl.builder.store(fl.builder.load(slot) if slot is not None else result, fl.function.args[0])
    else:
        exceptions.unwind(fl, 0, 0)
        if fl.builder.block.is_terminated:
            return
    fl.builder.ret(ir.Constant(I32, 0))


def lower_nothing(fl: FunctionLowering, stmt: n.Stmt) -> None:
    """``pass``; ``global`` only changes what names refer to (the checker's bindings)."""


def lower_if(fl: FunctionLowering, stmt: n.If) -> None:
    cond = fl.value(stmt.test)
    then_block = fl.function.append_basic_block("if.then")
    else_block = fl.function.append_basic_block("if.else")
    end = fl.function.append_basic_block("if.end")
    fl.builder.cbranch(cond, then_block, else_block)
    for block, stmts in ((then_block, stmt.body), (else_block, stmt.orelse)):
        fl.builder.position_at_end(block)
        fl.block(stmts)
        if not fl.builder.block.is_terminated:
            fl.builder.branch(end)
    fl.builder.position_at_end(end)


def lower_break(fl: FunctionLowering, stmt: n.Break | n.Continue) -> None:
    """``break`` / ``continue``: the ``finally`` blocks inside the loop, then out of it / its next."""
    loop = fl.state.loops[-1]
    exceptions.unwind(fl, loop.finally_depth, len(fl.state.handlers))
    if not fl.builder.block.is_terminated:
        fl.builder.branch(loop.break_block if isinstance(stmt, n.Break) else loop.continue_block)


def lower_assert(fl: FunctionLowering, stmt: n.Assert) -> None:
    ok = fl.value(stmt.test)
    fail = fl.function.append_basic_block("assert.fail")
    done = fl.function.append_basic_block("assert.ok")
    fl.builder.cbranch(ok, done, fail)
    fl.builder.position_at_end(fail)
    code = sem.EXCEPTION_CODES["AssertionError"]
    if stmt.msg is None:
        fl.call("ssc_raise", ir.Constant(I32, code), ir.Constant(PTR, None), ir.Constant(I32, 0))
    else:
        exceptions.raise_with(fl, code, fl.value(stmt.msg), fl.typed.types[stmt.msg])
    fl.builder.branch(fl.raise_block)
    fl.builder.position_at_end(done)


def lower_delete(fl: FunctionLowering, stmt: n.Delete) -> None:
    for target in stmt.targets:
        assert isinstance(target, n.Subscript)
        container = fl.value(target.value)
        index = fl.value(target.index)
        fl.apply_op(fl.typed.ops[target], [(container, fl.typed.types[target.value]),
                                           (index, fl.operand_type(target.index))])


def store_target(fl: FunctionLowering, target: n.Expr, value: ir.Value, ty: Type) -> None:
    """Store ``value`` (of type ``ty``) into a name, a tuple of targets or an item."""
    match target:
        case n.Name():
            binding = fl.typed.bindings[target]
            slot = fl.context.state_global(binding.key, binding.declared) if binding.kind == "state" \
                else fl.slots[binding.key]
            fl.builder.store(fl.convert(value, ty, binding.declared), slot)
            if binding.key in fl.flags and binding.kind == "local":
                fl.builder.store(ir.Constant(I1, 1), fl.flags[binding.key])
        case n.Tuple() | n.List() if target in fl.typed.unpackings:
            store_starred(fl, fl.typed.unpackings[target], value, ty)
        case n.Tuple(elts=elts) | n.List(elts=elts):
            ty = tuple_view(ty)   # a named tuple unpacks as the tuple it is (one layout)
            if isinstance(ty, TupleType):
                for index, (elt, item) in enumerate(zip(elts, ty.items)):
                    store_target(fl, elt, fl.builder.extract_value(value, index), item)
            else:
                assert isinstance(ty, (ListType, VarTupleType))
                length = fl.list_len(value)
                fl.check_status(fl.call("ssc_unpack_check", length, ir.Constant(I32, len(elts))))
                items = [subscripts.list_item(fl, value, ir.Constant(I32, i), ty.elem) for i in range(len(elts))]
                for elt, item in zip(elts, items):
                    store_target(fl, elt, item, ty.elem)
        case n.Subscript():
            container = fl.value(target.value)
            index = fl.value(target.index)
            store_item(fl, target, container, index, value, ty)
        case n.Attribute():
            fl.apply_op(fl.typed.stores[target], [(fl.value(target.value), fl.typed.types[target.value]), (value, ty)])
        case _:
            raise AssertionError(target)


def store_starred(fl: FunctionLowering, unpacking: Unpacking, value: ir.Value, ty: Type) -> None:
    """``a, *rest, b = value`` (check/unpacking.py)::

        store $u <- value
        [ssc_unpack_at_least(len($u), least)]    ; a list: ValueError when too short
        store a <- $u[0]; store rest <- $u[1:-1]; store b <- $u[-1]
    """
    store_target(fl, unpacking.subject, value, ty)
    if unpacking.checked:
        length = fl.list_len(value)
        fl.check_status(fl.call("ssc_unpack_at_least", length, ir.Constant(I32, unpacking.least)))
    for target, part in unpacking.stores:
        store_target(fl, target, fl.value(part), fl.operand_type(part))


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
    if isinstance(target, n.Attribute):   # an object's attribute: the object evaluated once
        obj = (fl.value(target.value), fl.typed.types[target.value])
        current = fl.apply_op(fl.typed.ops[target], [obj])
        if target in fl.typed.narrowed:
            current = fl.builder.extract_value(current, 1)
        result = exprs.binary(fl, op, stmt, None, current, stmt.value, fl.value(stmt.value))
        coercion = fl.typed.coercions.get(stmt)
        fl.apply_op(fl.typed.stores[target], [obj, (result, coercion.source if coercion else op.result)])
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


@functools.cache
def statements() -> dict[type, Callable[[FunctionLowering, Any], None]]:
    """The lowering of each kind of statement (made on first use: its modules import this one)."""
    return {
        n.ExprStmt: lower_expr_stmt,
        n.Assign: lower_assign,
        n.AnnAssign: lower_assign,
        n.AugAssign: lower_aug_assign,
        n.Return: lower_return,
        n.Pass: lower_nothing,
        n.Global: lower_nothing,
        n.If: lower_if,
        n.While: lower_while,
        n.For: lower_for,
        n.Break: lower_break,
        n.Continue: lower_break,
        n.Raise: exceptions.lower_raise,
        n.Assert: lower_assert,
        n.Try: exceptions.lower_try,
        n.Delete: lower_delete,
        n.FunctionDef: lower_nothing,   # a nested function is a function of the module (check/nested.py)
        n.Match: patterns.lower_match,
    }
