"""The modules a SmartStream may import (``import json``), each a table of its functions.

``MODULES[module][name]`` is how a call ``module.name(...)`` is checked:
either a row of ``semantics.MODULE_FUNCTIONS`` (an operation, or a tuple of
overloads, whose arguments are matched to its parameters like a method's:
the runtime function does the rest), or a checker function of its own for a
function whose arguments need more (json.dumps's options, json.loads's
messages). ``MISSING[module]`` explains a name the module lacks.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Callable

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import ANY, BYTES, EXCEPTION, INT, NONE, RECORD, STR, TupleType, Type, is_boxable
from . import (calls, checker, classes, hashes, infer, regex, stdlib_collections, stdlib_datetime, stdlib_functools,
               stdlib_itertools, stdlib_operator)

if TYPE_CHECKING:
    from .checker import Checker


def module_of(ck: Checker, receiver: n.Expr) -> str | None:
    """The imported module ``receiver`` names: ``json``, or ``urllib.parse`` after ``import
    urllib.parse``; None for another value."""
    match receiver:
        case n.Name(id=name) if name in ck.modules and ck.local_key(name) is None and name not in ck.constants:
            return ck.modules[name]
        case n.Attribute(value=n.Name(id=package), attr=module) if f"{package}.{module}" in ck.modules \
                and ck.local_key(package) is None and package not in ck.constants:
            return ck.modules[f"{package}.{module}"]
    return None


def module_call(ck: Checker, call: n.Call, module: str, name: str) -> Type:
    """``module.name(...)``: by the module's table."""
    function = MODULES[module].get(name)
    if function is None:
        raise MISSING.get(module, _missing)(call, module, name)
    if isinstance(function, (sem.Op, tuple)):
        candidates = function if isinstance(function, tuple) else (function,)
        try:
            op = calls.resolve_overload(ck, call, f"{module}.{name}", candidates, {})
        except calls.TextMismatch as err:
            if module not in BYTES_MODULES:
                raise
            raise CompileError(f"{module}.{name}() takes bytes, not str (a bytes-like object is required, not "
                               f"'str'): encode the str first (s.encode())", err.span) from None
        ck.ops[call] = op
        if op.result in (sem.URL_SPLIT_RESULT, sem.URL_PARSE_RESULT):   # its repr, fields, ... as a named tuple's
            ck.record_classes.setdefault(op.result.name, classes.RecordClass(op.result, (None,) * len(op.result.fields),
                                                                             {}))
        if module in CODEC_ERROR_MODULES and op.raises:
            ck.exception_code(sem.CODEC_ERROR)   # numbered for the runtime to raise (guest/codecs.c)
        return op.result
    return function(ck, call)


def import_from(ck: Checker, stmt: n.ImportFrom) -> list[tuple[n.Name, n.Constant]]:
    """``from json import loads, dumps as d``: each name a function of the module's table,
    bound so that a call ``d(...)`` is checked as ``json.dumps(...)`` (calls.call), or one of
    the module's exception classes (``MODULE_EXCEPTIONS``: caught by its name), or a constant
    (``from math import pi``: returned, for the caller to bind as ``pi = 3.141592653589793``).
    Class-like names (``from collections import Counter``) are toplevel.CLASS_MODULES's instead."""
    assert stmt.module is not None
    constants: list[tuple[n.Name, n.Constant]] = []
    for alias in stmt.names:
        local = alias.asname or alias.name
        constant = sem.MODULE_CONSTANTS.get((stmt.module, alias.name))
        if constant is not None:
            constants.append((n.Name(alias.span, local), n.Constant(alias.span, constant.constant)))
        elif alias.name in MODULES[stmt.module]:
            ck.module_functions[local] = (stmt.module, alias.name)
        elif alias.name in MODULE_EXCEPTIONS.get(stmt.module, ()) and local == alias.name:
            pass   # an exception class known by its name (except JSONDecodeError)
        elif alias.name in MODULE_EXCEPTIONS.get(stmt.module, ()):
            raise CompileError(f"'{alias.name}' cannot be renamed: import it as '{alias.name}'", alias.span)
        else:
            named = n.Call(alias.span, n.Name(alias.span, alias.name), (), ())
            raise MISSING.get(stmt.module, _missing)(named, stmt.module, alias.name)
    return constants


def has_attribute(module: str) -> bool:
    """Whether ``module`` has constants (``math.pi``), read by ``module_attribute``."""
    return any(key[0] == module for key in sem.MODULE_CONSTANTS)


def module_attribute(ck: Checker, expr: n.Attribute, module: str) -> Type:
    """``math.pi``: a constant of the module; a function of it can only be called."""
    constant = sem.MODULE_CONSTANTS.get((module, expr.attr))
    if constant is not None:
        ck.ops[expr] = constant
        return constant.result
    if expr.attr in MODULES[module]:
        raise CompileError(f"'{module}.{expr.attr}' can only be called, or passed where a function value is "
                           f"applied (map(), filter(), key=)", expr.span)
    names = sorted(name for (owner, name) in sem.MODULE_CONSTANTS if owner == module)
    raise CompileError(f"module '{module}' has no attribute '{expr.attr}' in ssc (its constants are "
                       f"{', '.join(names)})", expr.span)


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


def _math_missing(call: n.Call, module: str, name: str) -> CompileError:
    """A math function ssc lacks: what to write instead, where there is something."""
    instead = MATH_ALTERNATIVES.get(name, "")
    have = ", ".join(sorted(MODULES["math"]))
    return CompileError(f"module 'math' has no function '{name}' in ssc{instead} (it has {have})", call.func.span)


_NOT_YET = (": the trigonometric and hyperbolic functions are not supported yet (CPython takes them from the C "
            "library, whose last bits ssc does not reproduce yet)")
#: What to write for a math function ssc lacks.
MATH_ALTERNATIVES = {
    **{name: _NOT_YET for name in ("sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh",
                                   "asinh", "acosh", "atanh", "hypot", "dist")},
    "pow": ": use x ** n with an int exponent",
    "prod": ": multiply in a loop",
}


def _string_missing(call: n.Call, module: str, name: str) -> CompileError:
    instead = (": use an f-string, or str.format with a constant template" if name in ("Template", "Formatter")
               else "")
    return CompileError(f"module 'string' has no function '{name}' in ssc{instead} (it has capwords and the "
                        f"constants)", call.func.span)
def listed_missing(call: n.Call, module: str, name: str) -> CompileError:
    """A function a module lacks in ssc: the nearest it has, and the list."""
    names = sorted(MODULES[module])
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    nearest = f": the nearest is {module}.{near[0]}()" if near else ""
    return CompileError(f"module '{module}' has no function '{name}' in ssc{nearest} (it has "
                        f"{', '.join(names)})", call.func.span)


def _json_missing(call: n.Call, module: str, name: str) -> CompileError:
    if name in ("load", "dump"):
        return CompileError(f"json.{name}() reads or writes a file, which a SmartStream has none of: use "
                            f"json.{name}s()", call.func.span)
    return CompileError(f"module 'json' has no function '{name}' in ssc (it has loads and dumps)", call.func.span)


def _unicodedata_missing(call: n.Call, module: str, name: str) -> CompileError:
    have = ", ".join(sorted(MODULES["unicodedata"]))
    return CompileError(f"module 'unicodedata' has no function '{name}' in ssc (it has {have})", call.func.span)

#: The modules whose functions raise binascii.Error.
CODEC_ERROR_MODULES = ("base64", "binascii")
#: The modules whose functions take bytes where a str is refused (CPython's TypeError).
BYTES_MODULES = ("base64", "binascii", "zlib")

Function = Callable[["Checker", n.Call], Type]
#: Each importable module's functions: a semantics row (module functions of
#: semantics.MODULE_FUNCTIONS), or a checker of its own.
MODULES: dict[str, dict[str, Function | sem.Op | tuple[sem.Op, ...]]] = {
    "json": {"loads": json_loads, "dumps": json_dumps},
    "re": regex.functions(),  # type: ignore[dict-item]
    "hashlib": hashes.functions(),  # type: ignore[dict-item]
    "operator": stdlib_operator.functions(),  # type: ignore[dict-item]
    "itertools": stdlib_itertools.functions(),  # type: ignore[dict-item]
    "collections": stdlib_collections.functions(),  # type: ignore[dict-item]
    "functools": stdlib_functools.functions(),  # type: ignore[dict-item]
}
for (_module, _name), _row in sem.MODULE_FUNCTIONS.items():
    MODULES.setdefault(_module, {})[_name] = _row
#: The exception classes ``from MODULE import NAME`` may name (each one of semantics.EXCEPTION_NAMES).
MODULE_EXCEPTIONS: dict[str, frozenset[str]] = {"json": frozenset({"JSONDecodeError"})}
MISSING: dict[str, Callable[[n.Call, str, str], CompileError]] = {"json": _json_missing, "re": regex.missing,
                                                                  "math": _math_missing, "string": _string_missing,
                                                                  "operator": stdlib_operator.missing,
                                                                  "itertools": stdlib_itertools.missing,
                                                                  "collections": stdlib_collections.missing_call,
                                                                  "functools": stdlib_functools.missing,
                                                                  "unicodedata": _unicodedata_missing}
MISSING.update(dict.fromkeys(("base64", "binascii", "zlib", "hashlib", "urllib.parse"), listed_missing))
MODULES["datetime"] = {name: (lambda ck, call, name=name: stdlib_datetime.module_class(ck, call, name))
                       for name in sem.DATETIME_CLASSES}
MISSING.update({"datetime": stdlib_datetime.datetime_missing, "time": stdlib_datetime.time_missing})
