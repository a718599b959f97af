"""The operator module: its functions as function values (``key=operator.itemgetter("name")``,
``map(operator.neg, xs)``, ``from operator import attrgetter``), each checked as the
expression it stands for, applied where it is written (check/functions.py): ``operator.add``
applied to ``a, b`` is ``a + b``, ``itemgetter("k", 0)`` applied to ``x`` is ``(x["k"], x[0])``.
A direct call (``operator.add(a, b)``) is refused with the expression to write instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError

if TYPE_CHECKING:
    from .checker import Checker

BINARY = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//", "mod": "%", "pow": "**",
          "and_": "&", "or_": "|", "xor": "^", "lshift": "<<", "rshift": ">>", "concat": "+"}
COMPARE = {"lt": "<", "le": "<=", "eq": "==", "ne": "!=", "ge": ">=", "gt": ">", "is_": "is", "is_not": "is not",
           "contains": "in"}
UNARY = {"neg": "-", "pos": "+", "not_": "not", "invert": "~", "inv": "~"}
BUILTINS = {"truth": "bool", "abs": "abs"}
GETTERS = ("itemgetter", "attrgetter")
NAMES = frozenset({*BINARY, *COMPARE, *UNARY, *BUILTINS, *GETTERS})


def functions() -> dict[str, object]:
    """The operator module's table for check/stdlib.py's MODULES: each name, called directly, is refused."""
    return {name: (lambda ck, call, name=name: _direct_call(call, name)) for name in NAMES}


def missing(call: n.Call, module: str, name: str) -> CompileError:
    instead = ": use a lambda, key=lambda x: x.method(...)" if name == "methodcaller" else ""
    return CompileError(f"module 'operator' has no function '{name}' in ssc{instead} (it has {', '.join(sorted(NAMES))}, "
                        f"as function values)", call.func.span)


def _direct_call(call: n.Call, name: str) -> CompileError:
    if name in BINARY or name in COMPARE:
        symbol = BINARY.get(name) or COMPARE[name]
        instead = f"a {symbol} b" if name != "contains" else "b in a"
    elif name in UNARY:
        instead = f"{UNARY[name]}{' ' * (name == 'not_')}a"
    elif name in BUILTINS:
        instead = f"{BUILTINS[name]}(a)"
    else:
        instead = "x[key]" if name == "itemgetter" else "x.name"
    raise CompileError(f"operator.{name}() is supported as a function value (the key= of sorted(), list.sort(), "
                       f"min() or max(); map(); filter()): to call it, write {instead}", call.span)


def operator_name(ck: Checker, fn: n.Expr) -> str | None:
    """The operator function ``fn`` names (``operator.add``, or ``add`` from ``from operator import add``)."""
    match fn:
        case n.Attribute(value=n.Name(id=module), attr=attr) if ck.modules.get(module) == "operator" \
                and ck.local_key(module) is None and attr in NAMES:
            return attr
        case n.Name(id=name) if ck.local_key(name) is None and ck.module_functions.get(name, ("", ""))[0] == "operator":
            return ck.module_functions[name][1]
    return None


def body(ck: Checker, fn: n.Expr, params: tuple[n.Name, ...]) -> n.Expr | None:
    """The expression the operator function value ``fn`` stands for, applied to ``params``; None
    when ``fn`` is none of them."""
    getter = operator_name(ck, fn.func) if isinstance(fn, n.Call) else None
    if getter in GETTERS:
        assert isinstance(fn, n.Call)
        return _getter(fn, getter, params)
    name = operator_name(ck, fn)
    if name is None:
        return None
    if name in GETTERS:
        raise CompileError(f"operator.{name} is called with the keys first: operator.{name}(key)", fn.span)
    wanted = 1 if name in UNARY or name in BUILTINS else 2
    if len(params) != wanted:
        raise CompileError(f"{name} expected {wanted} argument{'s' * (wanted > 1)}, got {len(params)}", fn.span)
    span = fn.span
    if name in BINARY:
        return n.BinOp(span, BINARY[name], params[0], params[1])
    if name == "contains":
        return n.Compare(span, params[1], ("in",), (params[0],))
    if name in COMPARE:
        return n.Compare(span, params[0], (COMPARE[name],), (params[1],))
    if name in UNARY:
        return n.UnaryOp(span, UNARY[name], params[0])
    return n.Call(span, n.Name(span, BUILTINS[name]), (params[0],), ())


def _getter(fn: n.Call, name: str, params: tuple[n.Name, ...]) -> n.Expr:
    if fn.keywords or not fn.args:
        raise CompileError(f"{name} expected 1 argument, got 0" if not fn.args else
                           f"{name}() does not take keyword arguments", fn.span)
    if len(params) != 1:
        raise CompileError(f"{name} expected 1 argument, got {len(params)}", fn.span)
    items = [_get(fn, name, key, params[0]) for key in fn.args]
    return items[0] if len(items) == 1 else n.Tuple(fn.span, tuple(items))


def _get(fn: n.Call, name: str, key: n.Expr, item: n.Name) -> n.Expr:
    if name == "itemgetter":
        return n.Subscript(fn.span, item, key)
    if not (isinstance(key, n.Constant) and isinstance(key.value, str)):
        raise CompileError("attrgetter() takes the attribute names as str literals", key.span)
    value: n.Expr = item
    for part in key.value.split("."):
        value = n.Attribute(fn.span, value, part)
    return value
