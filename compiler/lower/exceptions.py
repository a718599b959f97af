"""``raise`` and ``try``/``except``/``finally``: raise targets, handlers, and the
``finally`` blocks run on every way out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import EXCEPTION, STR, Type
from . import function
from .layout import EXCEPTION_T, I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering


def lower_raise(fl: FunctionLowering, stmt: n.Raise) -> None:
    if stmt.exc is None:
        handler = fl.state.handlers[-1]
        fl.call("ssc_exc_restore", handler.saved)
        fl.builder.branch(fl.raise_block)
        return
    exc = stmt.exc
    match exc:
        case n.Name(id=name) if fl.typed.types.get(exc) == EXCEPTION and exc not in fl.typed.bindings:
            fl.call("ssc_raise", ir.Constant(I32, sem.EXCEPTION_CODES[name]), ir.Constant(PTR, None),
                      ir.Constant(I32, 0))
        case n.Call(func=n.Name(id=name), args=args):
            code = sem.EXCEPTION_CODES[name]
            if not args:
                fl.call("ssc_raise", ir.Constant(I32, code), ir.Constant(PTR, None), ir.Constant(I32, 0))
            else:
                raise_with(fl, code, fl.value(args[0]), fl.typed.types[args[0]])
        case _:
            value = fl.value(exc)
            fl.call("ssc_exc_restore", fl.spill(value))
    fl.builder.branch(fl.raise_block)


def raise_with(fl: FunctionLowering, code: int, value: ir.Value, ty: Type) -> None:
    """Set the pending exception ``E(value)``: message str(value) (repr for KeyError)."""
    if ty == STR and code != sem.EXCEPTION_CODES["KeyError"]:
        fl.call("ssc_raise", ir.Constant(I32, code), *fl.parts(value))
    else:
        fl.call("ssc_raise_value", ir.Constant(I32, code), fl.context.descriptor(ty), fl.spill(value))


def lower_try(fl: FunctionLowering, stmt: n.Try) -> None:
    outer = fl.state.raise_target
    end = fl.function.append_basic_block("try.end")
    # an exception escaping the handlers (or the else block) runs finally, then propagates
    if stmt.finalbody:
        unwind_block = fl.function.append_basic_block("finally.exc")
        fl.state.finals.append(function.Finally(stmt.finalbody, outer, len(fl.state.handlers)))
    else:
        unwind_block = outer
    dispatch = fl.function.append_basic_block("except") if stmt.handlers else unwind_block
    # body
    fl.state.raise_target = dispatch
    fl.block(stmt.body)
    fl.state.raise_target = unwind_block
    if not fl.builder.block.is_terminated:
        fl.block(stmt.orelse)
    if not fl.builder.block.is_terminated:
        run_finally(fl, stmt)
        if not fl.builder.block.is_terminated:
            fl.builder.branch(end)
    # handlers
    if stmt.handlers:
        fl.builder.position_at_end(dispatch)
        for handler in stmt.handlers:
            matched = fl.function.append_basic_block("except.match")
            following = fl.function.append_basic_block("except.next")
            code = fl.typed.handlers[handler]
            hit = fl.call("ssc_exc_matches", ir.Constant(I32, code))
            fl.builder.cbranch(fl.builder.icmp_signed("!=", hit, ir.Constant(I32, 0)), matched, following)
            fl.builder.position_at_end(matched)
            saved = fl.entry_slot(EXCEPTION_T)
            fl.call("ssc_exc_fetch", saved)
            binding = fl.typed.bindings.get(handler)
            if binding is not None:
                fl.builder.store(fl.builder.load(saved), fl.slots[binding.key])
            fl.state.handlers.append(function.Handler(saved))
            fl.block(handler.body)
            fl.state.handlers.pop()
            if not fl.builder.block.is_terminated:
                run_finally(fl, stmt)
                if not fl.builder.block.is_terminated:
                    fl.builder.branch(end)
            fl.builder.position_at_end(following)
        fl.builder.branch(unwind_block)
    if stmt.finalbody:
        final = fl.state.finals.pop()
        fl.builder.position_at_end(unwind_block)
        saved = fl.entry_slot(EXCEPTION_T)
        fl.call("ssc_exc_fetch", saved)
        fl.state.raise_target = outer
        fl.block(final.body)
        if not fl.builder.block.is_terminated:
            fl.call("ssc_exc_restore", saved)
            fl.builder.branch(outer)
    fl.state.raise_target = outer
    fl.builder.position_at_end(end)


def run_finally(fl: FunctionLowering, stmt: n.Try) -> None:
    """The normal way out of a try statement: run its finally block, if any."""
    if stmt.finalbody:
        final = fl.state.finals.pop()
        saved_target = fl.state.raise_target
        fl.state.raise_target = final.raise_target
        fl.block(final.body)
        fl.state.raise_target = saved_target
        fl.state.finals.append(final)


def unwind(fl: FunctionLowering, depth: int, handler_depth: int) -> None:
    """Before return/break/continue: run the finally blocks above ``depth``, innermost first."""
    finals = fl.state.finals
    saved_target = fl.state.raise_target
    for index in range(len(finals) - 1, depth - 1, -1):
        final = finals[index]
        fl.state.finals = finals[:index]
        fl.state.raise_target = final.raise_target
        fl.block(final.body)
        if fl.builder.block.is_terminated:
            break
    fl.state.finals = finals
    fl.state.raise_target = saved_target
