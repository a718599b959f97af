"""Statements: the dispatch, control flow (``if``, ``while``, ``for``, ``try``), ``raise``
and ``assert``. Unreachable statements are recorded, not checked."""

from __future__ import annotations

import builtins
import functools
from typing import TYPE_CHECKING, Any, Callable

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import EXCEPTION, NONE
from . import assigns, checker, classes, flow, infer, nested, partial, patterns, scopes

if TYPE_CHECKING:
    from .checker import Checker


def describe(node: object) -> str:
    """A construct's name for error messages: ``'for' loops``, ``subscripts``."""
    return CONSTRUCT_NAMES.get(type(node), type(node).__name__)


CONSTRUCT_NAMES = {
    n.If: "'if' statements", n.While: "'while' loops", n.For: "'for' loops", n.Try: "'try' statements",
    n.Raise: "'raise' statements", n.Assert: "'assert' statements", n.Delete: "'del' statements",
    n.Global: "'global' statements", n.Break: "'break' statements", n.Continue: "'continue' statements",
    n.AugAssign: "augmented assignments (like '+=')", n.FunctionDef: "nested functions",
    n.Subscript: "subscripts and slicing", n.Slice: "slices", n.IfExp: "conditional expressions",
    n.List: "list displays", n.Dict: "dict displays", n.Set: "set displays",
    n.ListComp: "list comprehensions", n.SetComp: "set comprehensions", n.DictComp: "dict comprehensions",
    n.GeneratorExp: "generator expressions", n.Starred: "starred expressions",
    n.Import: "'import' statements", n.ImportFrom: "'from ... import' statements",
    n.Match: "'match' statements",
}


def block(ck: Checker, body: tuple[n.Stmt, ...]) -> None:
    for stmt in body:
        if ck.flow.terminated:
            ck.unreachable.add(stmt)
            break  # unreachable code is not checked, as it never runs
        try:
            check_stmt(ck, stmt)
        except CompileError as err:
            if not isinstance(err, checker.Silent):
                ck.errors.append(err)
            if ck.refinements is not None:   # discovering partial types: the uses inside still tell
                partial.salvage(ck, stmt)
            if isinstance(stmt, (n.Return, n.Raise, n.Break, n.Continue)):
                ck.flow.terminated = True  # it would leave the block, even with an error in it
            if isinstance(stmt, (n.Assign, n.AnnAssign, n.AugAssign, n.For, n.Match)):
                ck.poisoned |= scopes.bound_names((stmt,))
            if isinstance(stmt, n.FunctionDef):
                ck.poisoned.add(stmt.name)


def check_stmt(ck: Checker, stmt: n.Stmt) -> None:
    """Check one statement by its checker in ``statements()`` (a refusal when there is none)."""
    statements().get(type(stmt), refuse)(ck, stmt)


def check_expr_stmt(ck: Checker, stmt: n.ExprStmt) -> None:
    ck.expr(stmt.value)


def check_return(ck: Checker, stmt: n.Return) -> None:
    assert ck.function is not None
    if ck.returned is not None or ck.function.result == infer.UNKNOWN:
        # the result is being inferred (results.py), or could not be: the value is checked on its own
        if ck.returned is not None:
            ck.returned.append(NONE if stmt.value is None else ck.expr(stmt.value))
        elif stmt.value is not None:
            ck.expr(stmt.value)
    elif stmt.value is None:
        if ck.function.result != NONE:
            raise CompileError(f"'return' needs a value of type {ck.function.result}", stmt.span)
    else:
        entry = is_entry(ck)
        # an entry's (key, value) pair is typed on its own, then encoded where str is given for bytes
        given = ck.expr(stmt.value) if entry and isinstance(stmt.value, n.Tuple) else None
        ck.coerce(stmt.value, ck.function.result, entry_result=entry, given=given)  # type: ignore[arg-type]
        transform = ck.entry is not None and ck.function.node is ck.entry.function
        if transform and "json" in ck.modules.values() and infer.holds_str(ck.function.result):
            ck.ops[stmt] = sem.CHECK_ENCODABLE
    ck.flow.terminated = True


def check_nothing(ck: Checker, stmt: n.Stmt) -> None:
    """``pass``, and ``global`` (checked with the function: check_function_body)."""


def check_break(ck: Checker, stmt: n.Break | n.Continue) -> None:
    if not ck.loops:
        raise CompileError(f"'{'break' if isinstance(stmt, n.Break) else 'continue'}' outside a loop", stmt.span)
    if isinstance(stmt, n.Break):
        ck.loops[-1].breaks.append(ck.flow.copy())
    ck.flow.terminated = True


def check_assert(ck: Checker, stmt: n.Assert) -> None:
    truth = ck.condition(stmt.test)
    ck.flow = flow.merge([truth[0]])
    if stmt.msg is not None:
        ck.expr(stmt.msg)


def check_delete(ck: Checker, stmt: n.Delete) -> None:
    for target in stmt.targets:
        assigns.check_delete(ck, target)


def refuse(ck: Checker, stmt: n.Stmt) -> None:
    """A statement the language does not have, with what to write instead."""
    match stmt:
        case n.ClassDef():
            raise CompileError("classes are defined at module level", stmt.span)
        case n.Import() | n.ImportFrom():
            raise CompileError("imports belong at module level", stmt.span)
        case n.UnsupportedStmt(what=what):
            raise CompileError(f"{what} are not supported{ALTERNATIVES.get(what, '')}", stmt.span)
    raise CompileError(f"{describe(stmt)} are not supported", stmt.span)


def is_entry(ck: Checker) -> bool:
    entries = [ck.entry, *ck.auxiliary.values()]
    return ck.function is not None and any(e is not None and ck.function.node is e.function
                                             for e in entries)


def check_if(ck: Checker, stmt: n.If) -> None:
    yes, no = ck.condition(stmt.test)
    ck.flow = yes
    ck.block(stmt.body)
    after_body = ck.flow
    ck.flow = no
    ck.block(stmt.orelse)
    ck.flow = flow.merge([after_body, ck.flow])


def check_while(ck: Checker, stmt: n.While) -> None:
    changed = scopes.bound_names(stmt.body) | scopes.bound_names(stmt.orelse)
    start = ck.flow.forget(changed)
    ck.flow = start
    yes, no = ck.condition(stmt.test)
    loop = flow.Loop()
    ck.loops.append(loop)
    ck.flow = yes
    ck.block(stmt.body)
    ck.loops.pop()
    ck.flow = no
    ck.flow.looped |= {ck.local_key(name) or name for name in changed}
    forever = isinstance(stmt.test, n.Constant) and stmt.test.value is True
    if forever:
        ck.flow = flow.Flow(set(), {}, True)
    ck.block(stmt.orelse)
    ck.flow = flow.merge([ck.flow, *loop.breaks])


def check_for(ck: Checker, stmt: n.For) -> None:
    changed = scopes.bound_names(stmt.body) | scopes.bound_names(stmt.orelse) | scopes.target_names(stmt.target)
    iteration = ck.iteration(stmt.iter)
    ck.iterations[stmt] = iteration
    ck.flow = ck.flow.forget(changed)
    start = ck.flow.copy()
    assigns.assign(ck, stmt.target, iteration.item, None)
    loop = flow.Loop()
    ck.loops.append(loop)
    ck.block(stmt.body)
    ck.loops.pop()
    ck.flow = start
    ck.flow.looped |= {ck.local_key(name) or name for name in changed}
    ck.block(stmt.orelse)
    ck.flow = flow.merge([ck.flow, *loop.breaks])


def check_raise(ck: Checker, stmt: n.Raise) -> None:
    """``raise``, ``raise E(msg)``, ``raise e``, ``raise E(msg) from e`` / ``from None``.

    The cause only sets ``__cause__`` (or suppresses the context), which a
    record's error hint, ``f"{type(e).__name__}: {e}"``, does not show: it is
    checked and not evaluated, so it must be a value without effects.
    """
    if stmt.cause is not None:
        if stmt.exc is None:
            raise CompileError("invalid syntax: a bare 'raise' takes no 'from'", stmt.cause.span)
        exception_cause(ck, stmt.cause)
    if stmt.exc is None:
        if not ck.in_handler:
            raise CompileError("a bare 'raise' re-raises the exception being handled, so it belongs in an "
                               "'except' block", stmt.span)
    else:
        exception_value(ck, stmt.exc)
    ck.flow.terminated = True


def exception_cause(ck: Checker, cause: n.Expr) -> None:
    """The ``from`` part of a raise: None, a caught exception, or an exception class."""
    match cause:
        case n.Constant(value=None):
            return
        case n.Name(id=name) if ck.local_key(name) is None and classes.is_exception_class(ck, name):
            return
        case n.Name():
            if ck.expr(cause) == EXCEPTION:
                return
    raise CompileError("the cause of 'raise ... from' must be None, a caught exception ('except E as e:' "
                       "then 'raise X from e') or an exception class", cause.span)


def exception_value(ck: Checker, expr: n.Expr) -> None:
    """``ValueError("msg")``, ``ValueError``, or a caught exception ``e``."""
    match expr:
        case n.Call(func=n.Name(id=name), args=args, keywords=keywords) if name in ck.exception_classes \
                and ck.local_key(name) is None:
            classes.construction(ck, expr, args, keywords, ck.exception_classes[name])
            return
        case n.Name(id=name) if name in ck.exception_classes and ck.local_key(name) is None:
            classes.construction(ck, expr, (), (), ck.exception_classes[name])
            return
        case n.Name(id=name) if classes.is_exception_class(ck, name) and ck.local_key(name) is None:
            ck.types[expr] = EXCEPTION
            ck.ops[expr] = sem.EXCEPTION_NEW.with_constant(ck.exception_code(name))
            return
        case n.Call(func=n.Name(id="UnicodeDecodeError")) | n.Name(id="UnicodeDecodeError") \
                if ck.local_key("UnicodeDecodeError") is None:
            raise CompileError("UnicodeDecodeError takes 5 arguments in CPython (encoding, object, start, "
                               "end, reason); ssc raises it only from bytes.decode(): raise ValueError or "
                               "UnicodeError instead", expr.span)
        case n.Call(func=n.Name(id=name), args=args, keywords=keywords) \
                if classes.is_exception_class(ck, name) and ck.local_key(name) is None:
            if keywords:
                raise CompileError(f"{name}() takes no keyword arguments", keywords[0].span)
            if len(args) > 1:
                raise CompileError(f"{name}() with more than one argument is not supported: pass one "
                                   f"message", args[1].span)
            if args:
                ck.expr(args[0])
            ck.types[expr] = EXCEPTION
            ck.ops[expr] = sem.EXCEPTION_NEW.with_constant(ck.exception_code(name))
            return
        case n.Name(id=name) | n.Call(func=n.Name(id=name)) if name[:1].isupper() and \
                hasattr(builtins, name) and ck.local_key(name) is None:
            raise CompileError(f"raising {name} is not supported; ssc raises "
                               f"{', '.join(sorted(sem.EXCEPTION_NAMES))}", expr.span)
    ty = ck.expr(expr)
    if ty != EXCEPTION:
        raise CompileError(f"exceptions must be exception classes or instances, not {ty}", expr.span)


def check_try(ck: Checker, stmt: n.Try) -> None:
    changed = (scopes.bound_names(stmt.body) | scopes.bound_names(stmt.orelse) | scopes.bound_names(stmt.finalbody)
               | {h.name for h in stmt.handlers if h.name} | scopes.handler_names(stmt.handlers))
    start = ck.flow.copy()
    ck.block(stmt.body)
    ck.block(stmt.orelse)
    ends = [ck.flow]
    for handler in stmt.handlers:
        ck.flow = start.forget(changed)
        if handler.type is None:
            ck.handlers[handler] = (ck.exception_code("Exception"),)
        else:
            ck.handlers[handler] = handler_types(ck, handler.type)
        if handler.name is not None:
            target = n.Name(handler.span, handler.name)
            assigns.declare(ck, target, EXCEPTION)
            assigns.bind_target(ck, target, EXCEPTION)
            ck.types[handler] = EXCEPTION
            ck.bindings[handler] = ck.bindings[target]
        ck.in_handler += 1
        json_error = is_json_error(ck, handler)
        ck.json_errors.append(handler.name if json_error else None)
        try:
            ck.block(handler.body)
        finally:
            ck.json_errors.pop()
        ck.in_handler -= 1
        ends.append(ck.flow)
    after = flow.merge(ends)
    if stmt.finalbody:
        ck.flow = start.forget(changed)
        ck.block(stmt.finalbody)
        if ck.flow.terminated:
            after = flow.Flow(set(), {}, True)
        else:
            after.assigned |= ck.flow.assigned
    ck.flow = after


def is_json_error(ck: Checker, handler: n.ExceptHandler) -> bool:
    """Whether ``except json.JSONDecodeError as e:`` binds e to a JSONDecodeError only, all through
    its body (which neither rebinds e nor catches into it), so e.msg, e.pos... may be read."""
    return (handler.name is not None and ck.handlers[handler] == (ck.exception_code("JSONDecodeError"),)
            and handler.name not in scopes.bound_names(handler.body))


def handler_types(ck: Checker, expr: n.Expr) -> tuple[int, ...]:
    """The classes an ``except`` clause catches: one, or a tuple of them, ``except (A, B):``."""
    if isinstance(expr, n.Tuple):   # `except ():` catches nothing, as in CPython
        return tuple(code for elt in expr.elts for code in handler_types(ck, elt))
    return (handler_type(ck, expr),)


def handler_type(ck: Checker, expr: n.Expr) -> int:
    match expr:
        case n.Attribute(value=n.Name(id=module), attr="JSONDecodeError") if ck.modules.get(module) == "json":
            return ck.exception_code("JSONDecodeError")
        case n.Attribute(value=n.Name(id=module), attr="error") if ck.modules.get(module) == "re":
            return ck.exception_code("error")
        case n.Attribute(value=n.Name(id=module), attr="Error") if ck.modules.get(module) == "binascii":
            return ck.exception_code(sem.CODEC_ERROR)
        case n.Name(id=name) if classes.is_exception_class(ck, name):
            return ck.exception_code(name)
        case n.Name(id="BaseException"):
            raise CompileError("'except BaseException' is not supported: catch Exception", expr.span)
        case n.Name(id=name) if name in ck.broken_constants:
            raise checker.Silent(f"'{name}' had an error", expr.span)
        case n.Name(id=name):
            raise CompileError(f"'{name}' is not an exception type ssc knows (it knows "
                               f"{', '.join(sorted(sem.EXCEPTION_NAMES))})", expr.span)
    raise CompileError("an 'except' clause names an exception type, or a tuple of them", expr.span)


ALTERNATIVES = {
    "'with' statements": ": a SmartStream has no resources to manage",
}


@functools.cache
def statements() -> dict[type, Callable[[Checker, Any], None]]:
    """The checker of each kind of statement; one a statement lacks is refused (``refuse``).
    (A function, made on first use: the checkers' modules import this one.)"""
    return {
        n.ExprStmt: check_expr_stmt,
        n.Assign: assigns.check_assign,
        n.AnnAssign: assigns.check_ann_assign,
        n.AugAssign: assigns.check_aug_assign,
        n.Return: check_return,
        n.Pass: check_nothing,
        n.Global: check_nothing,
        n.If: check_if,
        n.While: check_while,
        n.For: check_for,
        n.Break: check_break,
        n.Continue: check_break,
        n.Raise: check_raise,
        n.Assert: check_assert,
        n.Try: check_try,
        n.Delete: check_delete,
        n.FunctionDef: nested.check_nested_def,
        n.Match: patterns.check_match,
    }
