"""functools.reduce(f, xs[, initial]), its function value applied where it is written
(check/functions.py), and functools's caching decorators on a helper function: ``@lru_cache(maxsize=...)``,
``@lru_cache`` and ``@cache`` (``functools.X`` or imported by name).

Memoisation is unobservable when the cached function has no side effects and its arguments
and result cannot be changed in place: then the function is compiled as the plain function
it decorates (its results are the ones the cache would return). The checker shows that:

- its parameters and result are immutable values (int, float, bool, str, bytes, None, enum
  members, and tuples and optionals of those): no caller can change a cached argument or
  result in place, and equal arguments give equal results;
- its body prints nothing, declares no ``global``/``nonlocal``, reads no module variable that
  some function changes (module state), and calls only helper functions that pass the same
  test; it is not recursive (without its cache, a recursive function like ``fib`` would take
  exponential time: that is refused, naming the loop to write).

An exception is not cached by CPython either: it is raised at each call, as here. Anything
else is refused, naming what to write instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import BOOL, BYTES, FLOAT, INT, NONE, STR, EnumType, OptionalType, TupleType, Type
from . import functions as function_values
from . import scopes

if TYPE_CHECKING:
    from .checker import Checker

DECORATORS = ("lru_cache", "cache")
CHANGES = ": the cache would change what the program does (remove the decorator)"


def functions() -> dict[str, object]:
    """functools's table for check/stdlib.py's MODULES: reduce, and its decorators, which cannot be
    called elsewhere."""
    table: dict[str, object] = {name: (lambda ck, call, name=name: _not_decorating(call, name))
                                for name in DECORATORS}
    table["reduce"] = reduce_call
    return table


def reduce_call(ck: Checker, call: n.Call) -> Type:
    """``reduce(f, xs[, initial])``: ``f`` applied to the accumulator (``initial``, else the first
    item) and each item in turn; its result must keep the accumulator's type."""
    if call.keywords:
        raise CompileError("reduce() takes no keyword arguments", call.keywords[0].span)
    if not 2 <= len(call.args) <= 3:
        raise CompileError(f"reduce expected {'at least 2' if len(call.args) < 2 else 'at most 3'} arguments, "
                           f"got {len(call.args)}", call.span)
    fn, xs = call.args[0], call.args[1]
    iteration = ck.iteration(xs)
    ck.iterations[xs] = iteration
    acc = ck.expr(call.args[2]) if len(call.args) == 3 else iteration.item
    application = function_values.apply(ck, fn, (acc, iteration.item), "reduce()")
    if application.result != acc:
        where = "the initial value's" if len(call.args) == 3 else "the items'"
        raise CompileError(f"reduce()'s function returns a {application.result} from an accumulator of "
                           f"{where} type {acc}: give an initial value of type {application.result}", fn.span)
    ck.ops[call] = sem.REDUCE.at(acc)
    return acc


def missing(call: n.Call, module: str, name: str) -> CompileError:
    return CompileError(f"module 'functools' has no function '{name}' in ssc (it has reduce, and lru_cache and "
                        f"cache as decorators of a helper function without side effects; write a loop for the others)",
                        call.func.span)


def _not_decorating(call: n.Call, name: str) -> CompileError:
    raise CompileError(f"functools.{name} can only decorate a helper function: write @{name} on the line "
                       f"above its def", call.span)


def _name(ck: Checker, expr: n.Expr) -> str | None:
    """The functools decorator ``expr`` names (``lru_cache``, ``functools.cache``), if any."""
    match expr:
        case n.Attribute(value=n.Name(id=module), attr=attr) if ck.modules.get(module) == "functools":
            return attr
        case n.Name(id=name) if ck.module_functions.get(name, ("", ""))[0] == "functools":
            return ck.module_functions[name][1]
    return None


def is_cache(ck: Checker, deco: n.Expr) -> bool:
    """Whether ``deco`` is one of functools's caching decorators, its arguments checked."""
    if isinstance(deco, n.Call) and _name(ck, deco.func) == "lru_cache":
        _check_arguments(deco)
        return True
    if isinstance(deco, n.Call) and _name(ck, deco.func) == "cache":
        raise CompileError("cache() takes no arguments: write @cache, or @lru_cache(maxsize=...)", deco.span)
    return _name(ck, deco) in DECORATORS


def _check_arguments(deco: n.Call) -> None:
    if len(deco.args) > 2:
        raise CompileError(f"lru_cache() takes from 0 to 2 positional arguments but {len(deco.args)} were given",
                           deco.span)
    given = dict(zip(("maxsize", "typed"), deco.args))
    for kw in deco.keywords:
        if kw.name not in ("maxsize", "typed") or kw.name in given:
            raise CompileError(f"lru_cache() got an unexpected keyword argument '{kw.name}'", kw.span)
        given[kw.name] = kw.value
    maxsize, typed = given.get("maxsize"), given.get("typed")
    if maxsize is not None and not (isinstance(maxsize, n.Constant) and type(maxsize.value) in (int, type(None))):
        raise CompileError("lru_cache(): maxsize must be an int literal or None here (write the number: maxsize=128)", maxsize.span)
    if typed is not None and not (isinstance(typed, n.Constant) and type(typed.value) is bool):
        raise CompileError("lru_cache(): typed must be True or False here", typed.span)


def _immutable(ty: Type) -> bool:
    if isinstance(ty, OptionalType):
        return _immutable(ty.inner)
    if isinstance(ty, TupleType):
        return all(_immutable(item) for item in ty.items)
    return ty in (INT, FLOAT, BOOL, STR, BYTES, NONE) or isinstance(ty, EnumType)


def check_signature(ck: Checker, func: n.FunctionDef, params: tuple[tuple[str, Type], ...],
                    result: Type | None) -> None:
    """A cached function's parameters, annotated result and body (see the module's docstring)."""
    for (name, ty), param in zip(params, func.params):
        if not _immutable(ty):
            raise CompileError(f"a cached function's parameters must be immutable values (int, float, bool, str, "
                               f"bytes, tuples of those): '{name}' is a {ty}; remove the decorator",
                               param.span)
    if result is not None:
        check_result(func, result)
    defs = {stmt.name: (stmt,) for stmt in ck.module.body if isinstance(stmt, n.FunctionDef)}
    defs |= {stmt.name: tuple(item for item in stmt.body if isinstance(item, n.FunctionDef))
             for stmt in ck.module.body if isinstance(stmt, n.ClassDef)}   # constructing one runs its methods
    reason = _side_effect(ck, func.name, (func,), defs, {func.name})
    if reason is not None:
        node, what = reason
        raise CompileError(f"'{func.name}' is cached, but {what}", getattr(node, "span"))


def check_results(ck: Checker) -> None:
    """Each cached function's result, once inferred from its returns (check/results.py)."""
    for name in ck.cached:
        info = ck.functions.get(name)
        if info is not None and info.result is not None and info.node.returns is None:
            try:
                check_result(info.node, info.result)
            except CompileError as err:
                ck.errors.append(err)


def check_result(func: n.FunctionDef, result: Type) -> None:
    if not _immutable(result):
        raise CompileError(f"a cached function's result must be an immutable value (int, float, bool, str, bytes, "
                           f"tuples of those), not {result}: a caller could change the cached one; remove the "
                           f"decorator", func.span)


def _side_effect(ck: Checker, root: str, funcs: tuple[n.FunctionDef, ...],
                 defs: dict[str, tuple[n.FunctionDef, ...]], seen: set[str]) -> tuple[object, str] | None:
    """A node of ``funcs`` (or of a helper or class they use) with an effect the cache of ``root``
    would change (a side effect, or ``root``'s own recursion), and what it does."""
    for node in scopes.walk(tuple(stmt for func in funcs for stmt in func.body)):
        match node:
            case n.Call(func=n.Name(id="print")):
                return node, "it prints" + CHANGES
            case n.Global():
                return node, "it changes a variable outside it" + CHANGES
            case n.Name(id=name) if name == root:
                return node, ("it calls itself: ssc compiles it without its cache, so its recursion could take "
                              "exponential time; write it as a loop, keeping the results it needs in a list or "
                              "dict, and remove the decorator")
            case n.Name(id=name) if name in ck.state_names:
                return node, f"it reads the module variable '{name}', which a function changes" + CHANGES
            case n.Name(id=name) if name in defs and name not in seen:
                seen.add(name)
                found = _side_effect(ck, root, defs[name], defs, seen)
                if found is not None:
                    return found
    return None
