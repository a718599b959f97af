"""``raise`` and ``try``/``except``/``finally``: raise targets, handlers, and the
``finally`` blocks run on every way out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import STR, Type
from . import function, registry, stmts
from .layout import EXCEPTION_T, I1, I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def lower_raise(fl: FunctionLowering, stmt: n.Raise) -> None:
    """``raise``: a bare one re-raises the exception being handled; ``raise E(msg)`` (an
    EXCEPTION_NEW) makes one; ``raise e`` raises a caught one again. Then to the raise target."""
    exc = stmt.exc
    if exc is None:
        fl.call("ssc_exc_restore", fl.state.handlers[-1].saved)
    elif exc in fl.typed.ops:
        op = fl.typed.ops[exc]
        registry.node_emitter(op)(fl, exc, op)
    else:
        fl.call("ssc_exc_restore", fl.spill(fl.value(exc)))
    fl.builder.branch(fl.raise_block)


def exception_new(fl: FunctionLowering, exc: n.Expr, op: sem.Op) -> ir.Value:
    """``ValueError`` or ``ValueError(msg)``: the pending exception of class ``op.constant``.
    A program's class (``typed.Construction``): its ``__init__``'s arguments stored into their
    hidden locals, then its message."""
    construction = fl.typed.constructions.get(exc)
    if construction is not None:
        for store in construction.stores:
            stmts.store_target(fl, store.target, fl.value(store.value), fl.operand_type(store.value))
        message = construction.message
    else:
        message = exc.args[0] if isinstance(exc, n.Call) and exc.args else None
    if message is not None:
        raise_with(fl, op.constant, fl.value(message), fl.typed.types[message])  # type: ignore[arg-type]
    else:
        fl.call("ssc_raise", ir.Constant(I32, op.constant), ir.Constant(PTR, None), ir.Constant(I32, 0))
    return ir.Constant(I1, 0)


def raise_with(fl: FunctionLowering, code: int, value: ir.Value, ty: Type) -> None:
    """Set the pending exception ``E(value)``: message str(value) (repr for KeyError)."""
    if ty == STR and code != sem.EXCEPTION_CODES["KeyError"]:
        fl.call("ssc_raise", ir.Constant(I32, code), *fl.parts(value))
    else:
        fl.call("ssc_raise_value", ir.Constant(I32, code), fl.context.descriptor(ty), fl.spill(value))


def lower_try(fl: FunctionLowering, stmt: n.Try) -> None:
    """``try``: the body raises to the handlers' dispatch; the else block and the handlers
    raise to the ``finally`` block's exception path (or out); every way out runs ``finally``::

        body -> else -> finally -> try.end
        except: match each handler's class -> its body -> finally -> try.end;  none -> finally.exc
        finally.exc: fetch the exception, finally, restore it, raise on
    """
    outer = fl.state.raise_target
    end = fl.function.append_basic_block("try.end")
    # an exception escaping the handlers (or the else block) runs finally, then propagates
    if stmt.finalbody:
        unwind_block = fl.function.append_basic_block("finally.exc")
        fl.state.finals.append(function.Finally(stmt.finalbody, outer, len(fl.state.handlers)))
    else:
        unwind_block = outer
    dispatch = fl.function.append_basic_block("except") if stmt.handlers else unwind_block
    fl.state.raise_target = dispatch
    fl.block(stmt.body)
    fl.state.raise_target = unwind_block
    if not fl.builder.block.is_terminated:
        fl.block(stmt.orelse)
    _leave(fl, stmt, end)
    if stmt.handlers:
        fl.builder.position_at_end(dispatch)
        for handler in stmt.handlers:
            _lower_handler(fl, stmt, handler, end)
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


def _lower_handler(fl: FunctionLowering, stmt: n.Try, handler: n.ExceptHandler, end: ir.Block) -> None:
    """``except E as e:`` (``except (E, F) as e:``): if the pending exception is an E (or an F),
    fetch it (into e) and run the body; else on to the next handler."""
    matched = fl.function.append_basic_block("except.match")
    following = fl.function.append_basic_block("except.next")
    for code in fl.typed.handlers[handler]:
        hit = fl.call("ssc_exc_matches", ir.Constant(I32, code))
        other = fl.function.append_basic_block("except.other")
        fl.builder.cbranch(fl.builder.icmp_signed("!=", hit, ir.Constant(I32, 0)), matched, other)
        fl.builder.position_at_end(other)
    fl.builder.branch(following)
    fl.builder.position_at_end(matched)
    saved = fl.entry_slot(EXCEPTION_T)
    fl.call("ssc_exc_fetch", saved)
    binding = fl.typed.bindings.get(handler)
    if binding is not None:
        fl.builder.store(fl.builder.load(saved), fl.slots[binding.key])
    fl.state.handlers.append(function.Handler(saved))
    fl.block(handler.body)
    fl.state.handlers.pop()
    _leave(fl, stmt, end)
    fl.builder.position_at_end(following)


def _leave(fl: FunctionLowering, stmt: n.Try, end: ir.Block) -> None:
    """The normal way out of a block of the try statement: its finally block, then ``end``."""
    if not fl.builder.block.is_terminated:
        run_finally(fl, stmt)
        if not fl.builder.block.is_terminated:
            fl.builder.branch(end)


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


#: The emitter of EXCEPTION_NEW.
EMITTERS: dict[str, NodeEmitter] = {"exception_new": exception_new}   # type: ignore[dict-item]
