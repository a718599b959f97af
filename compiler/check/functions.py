"""Function values: a lambda, a function of the program, a builtin (``len``, ``int``) or a
type's method (``str.lower``), applied where it is written: a ``key=`` function (``sorted``,
``list.sort``, ``min``, ``max``), ``map``, ``filter``, ``functools.reduce`` and
``itertools.accumulate``.

A function value is checked as its body with its parameters bound to the argument types in a
scope of its own (``typed.Application``): a lambda's own body, or, for a named function, a
call of it on the parameters. The lowering stores the arguments into the parameters' slots
and evaluates the body, so nothing is made at run time, and a lambda reads the variables it
captures when it is applied, as CPython's late binding does::

    sorted(words, key=lambda w: (-counts[w], w))      body (-counts[w], w), w: str
    max(words, key=len)                                body len(<arg0>), <arg0>: str
    max(counts, key=counts.get)                        body counts.get(<arg0>)
    sorted(names, key=str.lower)                       body <arg0>.lower()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..pyversion import PythonVersion
from ..typed import Application, Iteration
from ..types import NONE, ListType, Type
from . import assigns, exprs, iterables, stdlib_operator

if TYPE_CHECKING:
    from .checker import Checker

#: The builtin types whose methods may be named as functions (``str.lower``, ``bytes.hex``).
METHOD_OWNERS = frozenset({"str", "bytes", "list", "dict", "set", "int", "float"})


#: What a function kept as a value is told: where a function value is accepted.
APPLIED_HINT = ", or passed where it is applied: as the key= of sorted(), list.sort(), min() or max(), or to map() " \
    "or filter()"


def apply(ck: Checker, fn: n.Expr, args: tuple[Type, ...], what: str) -> Application:
    """Check the function value ``fn`` applied to arguments of types ``args`` (``what`` names
    its use, for errors); record the application (``ck.applications[fn]``) and return it."""
    params, body = shape(ck, fn, len(args), what)
    assert ck.function is not None
    ck.counter += 1
    scope = {param.id: f"{param.id}.lambda{ck.counter}" for param in params}
    saved_flow = ck.flow.copy()
    ck.scopes.append(scope)
    try:
        for param, ty in zip(params, args):
            assigns.assign(ck, param, ty, None)
        result = ck.expr(body)
    finally:
        ck.scopes.pop()
        lost = set(saved_flow.narrow) - set(ck.flow.narrow)   # a function it calls may change module state
        ck.flow = saved_flow.forget(lost)
    application = Application(params, body, result)
    ck.applications[fn] = application
    return application


def shape(ck: Checker, fn: n.Expr, arity: int, what: str) -> tuple[tuple[n.Name, ...], n.Expr]:
    """The parameters and body of the function value ``fn`` called with ``arity`` arguments."""
    operator_body = stdlib_operator.body(ck, fn, synthetic_names(fn, arity))
    if operator_body is not None:   # key=operator.itemgetter("name"): x["name"]
        return synthetic_names(fn, arity), operator_body
    match fn:
        case n.Lambda(params=params, body=body):
            names = [p.id for p in params]
            for index, name in enumerate(names):
                if name in names[:index]:
                    raise CompileError(f"duplicate argument '{name}' in function definition", fn.span)
            if len(params) != arity:
                raise CompileError(arity_message("<lambda>", len(params), arity, names), fn.span)
            return params, body
        case n.Name(id=name) if ck.local_key(name) is None and (name in ck.functions or name in ck.generics
                                                                  or exprs.is_builtin(ck, name)
                                                                  or name in ck.module_functions):
            loads = synthetic_names(fn, arity)
            return synthetic_names(fn, arity), n.Call(fn.span, fn, loads, ())
        case n.Attribute(value=n.Name(id=owner), attr=attr) if owner in METHOD_OWNERS and arity >= 1 \
                and ck.local_key(owner) is None and exprs.is_builtin(ck, owner):
            loads = synthetic_names(fn, arity)
            return synthetic_names(fn, arity), n.Call(fn.span, n.Attribute(fn.span, loads[0], attr), loads[1:], ())
        case n.Attribute(value=n.Name() as receiver, attr=attr):   # a bound method: key=counts.get
            loads = synthetic_names(fn, arity)
            return synthetic_names(fn, arity), n.Call(fn.span, n.Attribute(fn.span, receiver, attr), loads, ())
    raise CompileError(f"{what} takes a lambda or the name of a function (a function of the program, a builtin "
                       f"such as len, a method such as str.lower, or a variable's method such as counts.get)",
                       fn.span)


def synthetic_names(fn: n.Expr, arity: int) -> tuple[n.Name, ...]:
    """The parameters of a named function's application: names no program can write."""
    return tuple(n.Name(fn.span, f"<arg{index}>") for index in range(arity))


def arity_message(name: str, params: int, given: int, names: list[str]) -> str:
    """CPython's TypeError for a call of a function of ``params`` positional parameters."""
    if given < params:
        return missing_message(name, names[given:])
    return (f"{name}() takes {params} positional argument{'s' * (params != 1)} but {given} "
            f"{'was' if given == 1 else 'were'} given")


def invalid_keyword(ck: Checker, function: str, keyword: str) -> str:
    """CPython's TypeError for a keyword argument a builtin does not take (3.13 rewords it)."""
    if ck.python >= PythonVersion(3, 13):
        return f"{function}() got an unexpected keyword argument '{keyword}'"
    return f"'{keyword}' is an invalid keyword argument for {function}()"


def missing_message(name: str, missing: list[str]) -> str:
    """CPython's TypeError for a call without the required arguments ``missing``."""
    quoted = [repr(m) for m in missing]
    listed = " and ".join(quoted) if len(quoted) <= 2 else ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    return f"{name}() missing {len(missing)} required positional argument{'s' * (len(missing) > 1)}: {listed}"


def refuse_value(ck: Checker, fn: n.Lambda) -> Type:
    """A lambda kept as a value: refused (only applied where it is written)."""
    raise CompileError("a lambda is applied where it is written: as the key= of sorted(), list.sort(), min() "
                       "or max(), or the function of map() or filter(); to keep it, define a function with "
                       "'def'", fn.span)



def sort_keywords(ck: Checker, call: n.Call, elem: Type) -> bool:
    """The ``key=`` and ``reverse=`` of ``sorted(xs, ...)`` or ``xs.sort(...)`` over items of
    type ``elem``; whether there is a key function (None is none, as in CPython)."""
    keyed = False
    for kw in call.keywords:
        if kw.name == "reverse":
            ck.truth(kw.value)
        elif kw.name == "key":
            keyed = not (isinstance(kw.value, n.Constant) and kw.value.value is None)
            if keyed:
                apply(ck, kw.value, (elem,), "key=")
        else:
            raise CompileError(invalid_keyword(ck, "sort", kw.name), kw.span)
    return keyed


def list_sort(ck: Checker, call: n.Call, ty: ListType) -> Type:
    """``xs.sort(key=f, reverse=r)``: in place, stably (by the items' keys)."""
    if call.args:
        raise CompileError("sort() takes no positional arguments", call.args[0].span)
    keyed = sort_keywords(ck, call, ty.elem)
    if keyed:
        ck.ops[call] = sem.LIST_SORT_BY_KEY
    else:
        reverse = next((kw.value for kw in call.keywords if kw.name == "reverse"), None)
        ck.ops[call] = sem.LIST_SORT
        ck.arguments[call] = (reverse,)
    return NONE


def map_filter_iteration(ck: Checker, call: n.Call, name: str) -> Iteration:
    """``map(f, xs, ...)`` and ``filter(f, xs)``, iterated as the generator expressions they
    are (``(f(x) for x in xs)``, ``(x for x in xs if f(x))``; ``map`` of several iterables zips
    them, ``filter(None, xs)`` keeps the true items): walked where they are written."""
    if call.keywords:
        raise CompileError(f"{name}() takes no keyword arguments", call.keywords[0].span)
    args = call.args
    if name == "map" and len(args) < 2:
        raise CompileError("map() must have at least two arguments.", call.span)
    if name == "filter" and len(args) != 2:
        raise CompileError(f"filter expected 2 arguments, got {len(args)}", call.span)
    fn, sources = args[0], args[1:]
    source = sources[0] if len(sources) == 1 else n.Call(call.span, n.Name(call.span, "zip"), sources, ())
    if name == "filter" and isinstance(fn, n.Constant) and fn.value is None:
        (param,) = synthetic_names(fn, 1)
        element: n.Expr = n.Name(fn.span, param.id)
        ifs: tuple[n.Expr, ...] = (n.Name(fn.span, param.id),)
    else:
        params, body = shape(ck, fn, len(sources), f"{name}()")
        param = params[0] if len(params) == 1 else n.Tuple(fn.span, params)   # type: ignore[assignment]
        element, ifs = (body, ()) if name == "map" else (n.Name(fn.span, params[0].id), (body,))
    clause = n.Comprehension(call.span, param, source, ifs)
    return iterables.generator_iteration(ck, n.GeneratorExp(call.span, element, (clause,)))
