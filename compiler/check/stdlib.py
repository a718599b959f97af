"""The modules a SmartStream may import (``import json``), each a table of its functions.

``MODULES[module][name]`` is how a call ``module.name(...)`` is checked:
either a row of ``semantics.MODULE_FUNCTIONS`` (an operation, or a tuple of
overloads, whose arguments are matched to its parameters like a method's:
the runtime function does the rest), or a checker function of its own for a
function whose arguments need more (json.dumps's options, json.loads's
messages). ``MISSING[module]`` explains a name the module lacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import ANY, BYTES, EXCEPTION, INT, NONE, RECORD, STR, TupleType, Type, is_boxable
from . import calls, checker, infer, regex

if TYPE_CHECKING:
    from .checker import Checker


def module_call(ck: Checker, call: n.Call, module: str, name: str) -> Type:
    """``module.name(...)``: by the module's table."""
    function = MODULES[module].get(name)
    if function is None:
        raise MISSING.get(module, _missing)(call, module, name)
    if isinstance(function, (sem.Op, tuple)):
        candidates = function if isinstance(function, tuple) else (function,)
        op = calls.resolve_overload(ck, call, f"{module}.{name}", candidates, {})
        ck.ops[call] = op
        return op.result
    return function(ck, call)


def json_loads(ck: Checker, call: n.Call) -> Type:
    """``json.loads(s)`` of a str or bytes (an Any converted to a str): an Any."""
    for kw in call.keywords:
        raise CompileError(f"json.loads(): {kw.name}= is not supported{_refused(kw.name)}", kw.span)
    if len(call.args) != 1:
        raise CompileError("json.loads() takes one argument, the JSON text (str or bytes)", call.span)
    ty = ck.expr(call.args[0])
    if ty == ANY:
        ck.coerce(call.args[0], STR, given=ty)
        ty = STR
    op = sem.JSON_LOADS.get(ty)
    ck.arguments[call] = (call.args[0],)
    if op is None:
        raise CompileError(f"the JSON object must be str, bytes or bytearray, not {ty}", call.args[0].span)
    ck.ops[call] = op
    return ANY


def json_dumps(ck: Checker, call: n.Call) -> Type:
    """``json.dumps(obj, indent=..., separators=..., sort_keys=..., ensure_ascii=...,
    allow_nan=...)``: the arguments recorded in the order of semantics.JSON_DUMPS_OPTIONS."""
    if len(call.args) != 1:
        raise CompileError("json.dumps() takes one value and keyword options", call.span)
    # a display may mix types, as JSON does ({"a": 1, "b": [None]}): typed as an Any
    obj = call.args[0]
    ty = dynamic_display(ck, obj) if isinstance(obj, infer.DISPLAYS) else ck.expr(obj)
    if ty != ANY and isinstance(obj, infer.DISPLAYS) and is_boxable(ty):
        ck.coerce(obj, ANY, given=ty)
        ty = ANY
    if infer.contains_set(ty) or ty in (BYTES, RECORD, EXCEPTION):
        raise CompileError(f"Object of type {ty} is not JSON serializable", obj.span)
    instance = infer.dataclass_inside(ty)   # a named tuple is a tuple: a JSON array
    if instance is not None:
        raise CompileError(f"Object of type {instance} is not JSON serializable (dataclasses.asdict is not "
                           f"supported: build the dict)", obj.span)
    given: list[n.Expr | None] = [None] * len(sem.JSON_DUMPS_OPTIONS)
    for kw in call.keywords:
        if kw.name not in sem.JSON_DUMPS_OPTIONS:
            raise CompileError(f"json.dumps(): {kw.name}= is not supported{_refused(kw.name)}", kw.span)
        index = sem.JSON_DUMPS_OPTIONS.index(kw.name)
        if given[index] is not None:
            raise CompileError(f"json.dumps() got multiple values for argument '{kw.name}'", kw.span)
        given[index] = kw.value
        _dumps_option(ck, kw)
    ck.arguments[call] = (obj, *given)
    ck.ops[call] = sem.JSON_DUMPS
    return STR


def dynamic_display(ck: Checker, obj: n.Expr) -> Type:
    """A display passed to json.dumps, typed as an Any; or, when an item cannot be one (a
    tuple key: CPython's TypeError at run time), as typed on its own."""
    try:
        with checker.Trial(ck):
            ck.expr_against(obj, ANY)
    except CompileError:
        return ck.expr(obj)
    return ck.expr_against(obj, ANY)


def _dumps_option(ck: Checker, kw: n.Keyword) -> None:
    if kw.name == "indent":
        indent = ck.expr(kw.value)
        if indent not in (INT, STR, NONE):
            raise CompileError(f"json.dumps(): indent must be an int, a str or None, not {indent}", kw.value.span)
    elif kw.name == "separators":
        seps = ck.expr(kw.value)
        if seps != NONE and seps != TupleType((STR, STR)):
            raise CompileError(f"json.dumps(): separators must be a (str, str) tuple or None, not {seps}",
                               kw.value.span)
    else:
        ck.truth(kw.value)


def _refused(name: str) -> str:
    why = sem.JSON_REFUSED.get(name)
    return f": {why}" if why else ""


def _missing(call: n.Call, module: str, name: str) -> CompileError:
    return CompileError(f"module '{module}' has no function '{name}' in ssc", call.func.span)


def _json_missing(call: n.Call, module: str, name: str) -> CompileError:
    if name in ("load", "dump"):
        return CompileError(f"json.{name}() reads or writes a file, which a SmartStream has none of: use "
                            f"json.{name}s()", call.func.span)
    return CompileError(f"module 'json' has no function '{name}' in ssc (it has loads and dumps)", call.func.span)


def _unicodedata_missing(call: n.Call, module: str, name: str) -> CompileError:
    have = ", ".join(sorted(MODULES["unicodedata"]))
    return CompileError(f"module 'unicodedata' has no function '{name}' in ssc (it has {have})", call.func.span)


Function = Callable[["Checker", n.Call], Type]
#: Each importable module's functions: a semantics row (module functions of
#: semantics.MODULE_FUNCTIONS), or a checker of its own.
MODULES: dict[str, dict[str, Function | sem.Op | tuple[sem.Op, ...]]] = {
    "json": {"loads": json_loads, "dumps": json_dumps},
    "re": regex.functions(),  # type: ignore[dict-item]
}
for (_module, _name), _row in sem.MODULE_FUNCTIONS.items():
    MODULES.setdefault(_module, {})[_name] = _row
MISSING: dict[str, Callable[[n.Call, str, str], CompileError]] = {"json": _json_missing, "re": regex.missing,
                                                                   "unicodedata": _unicodedata_missing}
