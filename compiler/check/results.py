"""Return types inferred from the body, as mypy infers a lambda's.

A function without a return annotation (``def map(record: Record):``,
``def clean(s: str):``) is walked once aside (``checker.Suspended``: what
the walk records and reports is forgotten) with its returns collected
instead of converted; its result is the join of their types, None for a
bare ``return`` and for reaching the end:

    def label(n: int):          # -> str | None
        if n > 0:
            return "pos"

Types that have no join but that an Any holds (``return 1`` and
``return "x"``) make an Any, so the value is what CPython's would be. An
entry function's result must fit its role: the join if the role accepts
it, else the first of the role's candidates every return converts to
(``toplevel.ENTRY_SHAPES``). A recursive call met while the body is
walked aside is skipped, so the other returns decide (``fact`` below is an
int), and the body is then checked with that result like any other:

    def fact(n: int):
        if n < 2:
            return 1
        return n * fact(n - 1)
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from .. import semantics as sem
from ..errors import CompileError
from ..typed import Coercion, FunctionInfo
from ..types import ANY, NONE, Type, is_boxable
from . import checker, infer

if TYPE_CHECKING:
    from .checker import Checker


def infer_result(ck: Checker, info: FunctionInfo) -> None:
    """Set ``info.result`` from its body's returns, if it is not known yet (UNKNOWN when the body
    has errors that hide it: they are reported when the body is checked). Called where the program
    uses one of its functions (a call, a key=, a re.sub repl): the function may change module
    state, so what the flow knew of a state variable is forgotten (``flow.narrowing``)."""
    ck.flow = ck.flow.forget({name for name, constant in ck.constants.items() if constant.state})
    if info.result is not None:
        return
    if info in ck.inferring:   # a recursive call: the return it is in tells nothing (the others do)
        raise checker.Silent(f"'{info.node.name}' is being inferred", info.node.span)
    from .toplevel import walk_body
    ck.inferring.append(info)
    try:
        with checker.Suspended(ck):
            errors_before = len(ck.errors)
            ck.returned = []
            walk_body(ck, info)
            returned = ck.returned + ([NONE] if not ck.flow.terminated else [])
            failed = len(ck.errors) > errors_before
    finally:
        ck.inferring.remove(info)
    info.result = fit(ck, info, returned, failed)


def fit(ck: Checker, info: FunctionInfo, returned: list[Type], failed: bool) -> Type:
    """The result type of ``info`` given the types its returns gave."""
    from .toplevel import ENTRY_SHAPES, check_entry_signature
    if not returned:   # every path raises (or has an error)
        return infer.UNKNOWN if failed else NONE
    joined = join_all(returned)
    entry = next((e for e in (ck.entry, *ck.auxiliary.values()) if e is not None and e.function is info.node), None)
    if entry is None:
        if joined is None or infer.has_unknown(joined):
            if failed:
                return infer.UNKNOWN
            raise CompileError(f"cannot infer the return type of '{info.node.name}' (it returns "
                               f"{' or '.join(sorted({str(t) for t in returned}))}): annotate it, e.g. "
                               f"'-> {example(returned)}'", info.node.span)
        return joined
    shape = ENTRY_SHAPES[entry.role]
    result = joined if joined is not None and shape.accepts(joined) else next(  # type: ignore[operator]
        (c for c in shape.candidates if all(infer.assignable(t, c, allow_encode=True) for t in returned)), None)
    if result is None:
        if failed:
            return infer.UNKNOWN
        check_entry_signature(ck, entry.role, info.node, info.params, joined or returned[0])
    assert result is not None
    replaced = dataclasses.replace(entry, result=result)
    if entry is ck.entry:
        ck.entry = replaced
    else:
        ck.auxiliary[entry.role] = replaced
    return result


def join_all(types: list[Type]) -> Type | None:
    """The common type of ``types``; an Any where they have none but each is JSON-shaped."""
    result: Type | None = types[0]
    for ty in types[1:]:
        joined = infer.join(result, ty) if result is not None else None
        if joined is None:
            return ANY if all(is_boxable(t) for t in types) else None
        result = joined
    return result


def example(returned: list[Type]) -> str:
    known = [t for t in returned if not infer.has_unknown(t) and t != infer.UNKNOWN]
    return str(known[0]) if known else "list[str]"


def implicit_none(ck: Checker, info: FunctionInfo) -> Coercion:
    """The conversion of the None an inferred function returns by reaching its end."""
    assert info.result is not None
    return Coercion(NONE, info.result, sem.conversion(NONE, info.result))
