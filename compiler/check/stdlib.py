"""The modules a SmartStream may import: ``json.loads`` and ``json.dumps``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import ANY, BYTES, EXCEPTION, INT, NONE, RECORD, STR, TupleType, Type
from . import infer

if TYPE_CHECKING:
    from .checker import Checker


def json_call(ck: Checker, call: n.Call, attr: str) -> Type:
    """``json.loads(s)`` and ``json.dumps(obj, ...)``: the json module's functions ssc compiles."""
    if attr == "loads":
        for kw in call.keywords:
            why = sem.JSON_REFUSED.get(kw.name)
            raise CompileError(f"json.loads(): {kw.name}= is not supported" + (f": {why}" if why else ""),
                               kw.span)
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
    if attr == "dumps":
        if len(call.args) != 1:
            raise CompileError("json.dumps() takes one value and keyword options", call.span)
        # a display may mix types, as JSON does ({"a": 1, "b": [None]}): typed as an Any
        ty = ck.expr_against(call.args[0], ANY) if isinstance(call.args[0], infer.DISPLAYS) else \
            ck.expr(call.args[0])
        if ty != ANY and isinstance(call.args[0], infer.DISPLAYS):
            ck.coerce(call.args[0], ANY, given=ty)
            ty = ANY
        if infer.contains_set(ty) or ty in (BYTES, RECORD, EXCEPTION):
            raise CompileError(f"Object of type {ty} is not JSON serializable", call.args[0].span)
        given: list[n.Expr | None] = [None] * len(sem.JSON_DUMPS_OPTIONS)
        for kw in call.keywords:
            if kw.name not in sem.JSON_DUMPS_OPTIONS:
                why = sem.JSON_REFUSED.get(kw.name)
                raise CompileError(f"json.dumps(): {kw.name}= is not supported" + (f": {why}" if why else ""),
                                   kw.span)
            index = sem.JSON_DUMPS_OPTIONS.index(kw.name)
            if given[index] is not None:
                raise CompileError(f"json.dumps() got multiple values for argument '{kw.name}'", kw.span)
            given[index] = kw.value
            if kw.name == "indent":
                indent = ck.expr(kw.value)
                if indent not in (INT, STR, NONE):
                    raise CompileError(f"json.dumps(): indent must be an int, a str or None, not {indent}",
                                       kw.value.span)
            elif kw.name == "separators":
                seps = ck.expr(kw.value)
                if seps != NONE and seps != TupleType((STR, STR)):
                    raise CompileError(f"json.dumps(): separators must be a (str, str) tuple or None, not {seps}",
                                       kw.value.span)
            else:
                ck.truth(kw.value)
        ck.arguments[call] = (call.args[0], *given)
        ck.ops[call] = sem.JSON_DUMPS
        return STR
    if attr in ("load", "dump"):
        raise CompileError(f"json.{attr}() reads or writes a file, which a SmartStream has none of: use "
                           f"json.{attr}s()", call.func.span)
    raise CompileError(f"module 'json' has no function '{attr}' in ssc (it has loads and dumps)", call.func.span)
