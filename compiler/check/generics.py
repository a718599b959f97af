"""Helper functions with unannotated parameters, typed by their calls.

A module-level helper with a parameter that has no annotation (and no
default but None) is generic, as numba's functions are: it is not checked
on its own, but copied once per signature it is called with. A call's
arguments give the types of its unannotated parameters (an omitted one
takes its default's); an annotated parameter keeps its annotation. The
first call with a signature makes a copy: a deep copy of the function's
tree (nodes hash by identity, so each copy has tables of its own),
registered in ``ck.functions`` as ``double.1`` (``FunctionInfo.copy``) and
checked like an annotated helper, its result inferred from its returns:

    def double(x):          # double.1(x: int) and double.2(x: str)
        return x * 2

    double(21), double("ab")

A recursive call with the signature the copy was made for is a call of
that copy (its result comes from its other returns, as for any helper); a
recursive call with other argument types would make copies without end,
so it is refused, as is a helper called with more than ``LIMIT``
signatures and an argument whose type is not known (``[]``). A helper
nothing calls is not checked nor compiled (CPython would not run it
either). Copies are made by the walks that keep what they record: a copy
made while a body is walked aside (``checker.Suspended``: inferring a
result, discovering partial types) is forgotten with the rest.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from .. import nodes as n
from ..errors import CompileError, Span
from ..typed import FunctionInfo
from ..types import Type, family
from . import annotate, checker, infer

if TYPE_CHECKING:
    from .checker import Checker

#: The most signatures one helper is copied for.
LIMIT = 8


@dataclass(frozen=True)
class Generic:
    """A helper typed by its calls: its tree, each parameter's annotation (None when absent),
    the type of each default (None when it has none), a template of its signature (its
    parameters of unknown type) that a call's arguments are matched against, and where each
    signature was first called (named in the errors of its copy's body)."""

    node: n.FunctionDef
    declared: tuple[Type | None, ...]
    defaults: tuple[Type | None, ...]
    template: FunctionInfo
    sites: dict[tuple[Type, ...], Span] = field(default_factory=dict)


class Recursion(CompileError):
    """A copy that calls its helper with other types: its message names both signatures."""


def is_generic(func: n.FunctionDef) -> bool:
    """A helper (no decorator) with a parameter that nothing else types: no annotation, and no
    default but None."""
    return not func.decorators and any(untyped(p) for p in func.params)


def untyped(param: n.Param) -> bool:
    """Whether nothing but a call types ``param``: no annotation, and no default but None."""
    return param.annotation is None and not param.star and (
        param.default is None or isinstance(param.default, n.Constant) and param.default.value is None)


def declare(ck: Checker, func: n.FunctionDef) -> None:
    """Record ``func`` as generic: its annotated parameters and its defaults are checked now."""
    from .toplevel import check_default, check_param
    declared: list[Type | None] = []
    defaults: list[Type | None] = []
    for param in func.params:
        if param.annotation is not None or param.star:
            _, ty = check_param(ck, param, None)
            declared.append(ty)
            defaults.append(ty if param.default is not None else None)
            continue
        declared.append(None)
        defaults.append(check_default(ck, param.default, None) if param.default is not None else None)
    template = FunctionInfo(func, tuple((p.name, infer.UNKNOWN) for p in func.params), None,
                            defaults=tuple(p.default for p in func.params))
    ck.generics[func.name] = Generic(func, tuple(declared), tuple(defaults), template)


def signature(ck: Checker, generic: Generic, given: list[n.Expr | None]) -> tuple[Type, ...]:
    """The parameter types a call gives (its arguments checked aside: the call checks them
    for real): an annotated parameter's annotation, an unannotated one's argument's type, or
    its default's when the argument is omitted."""
    types: list[Type] = []
    with checker.Suspended(ck):
        for param, declared, default, arg in zip(generic.node.params, generic.declared, generic.defaults, given):
            if declared is not None or arg is None:
                ty = declared if declared is not None else default
                assert ty is not None   # the call's arity was checked
                types.append(ty)
                continue
            ty = ck.expr(arg)
            if ty == infer.UNKNOWN or infer.has_unknown(ty):
                raise CompileError(f"cannot infer the type of parameter '{param.name}' of '{generic.node.name}' "
                                   f"from this argument ({ty}): annotate the parameter, e.g. "
                                   f"'{param.name}: {example(ty)}'", arg.span)
            types.append(ty)
    return tuple(types)


def example(ty: Type) -> str:
    """An annotation to suggest for a parameter given an argument of partly unknown type ``ty``."""
    return {"list": "list[str]", "dict": "dict[str, int]", "set": "set[str]"}.get(family(ty), "str")


def specialization(ck: Checker, generic: Generic, types: tuple[Type, ...], call: n.Call) -> FunctionInfo:
    """The copy of ``generic`` for parameter ``types``, made on first use."""
    name = generic.node.name
    made = [info for info in ck.functions.values() if info.copy and info.node.name == name]
    found = next((info for info in made if tuple(ty for _, ty in info.params) == types), None)
    if found is not None:
        return found
    wanted = ", ".join(str(t) for t in types)
    being = [info for info in (ck.function, *ck.inferring) if info is not None and info.copy and
             info.node.name == name]
    if being:
        known = ", ".join(str(t) for _, t in being[0].params)
        raise Recursion(f"'{name}' calls itself with argument types ({wanted}), not the ({known}) it is "
                        f"called with: annotate the parameters of '{name}'", call.span)
    if len(made) >= LIMIT:
        raise CompileError(f"'{name}' is called with more than {LIMIT} different argument types: annotate "
                           f"its parameters", call.span)
    generic.sites.setdefault(types, call.span)
    clone = copy.deepcopy(generic.node)
    result = annotate.annotation(ck, clone.returns) if clone.returns is not None else None
    info = FunctionInfo(clone, tuple((p.name, t) for p, t in zip(clone.params, types)), result,
                        defaults=generic.template.defaults, copy=len(made) + 1)
    ck.functions[info.name] = info
    return info


def check_copies(ck: Checker, check_body: Callable[[Checker, FunctionInfo], None]) -> None:
    """Check the body of each copy made so far, and of those they make, until none is new. An
    error in a copy's body says which call's types it was checked with."""
    checked: set[str] = set()
    reported: set[tuple[str, Span | None]] = set()   # an error another copy has too is reported once
    while pending := [info for info in ck.functions.values() if info.copy and info.name not in checked]:
        for info in pending:
            checked.add(info.name)
            before = len(ck.errors)
            check_body(ck, info)
            types = tuple(ty for _, ty in info.params)
            site = ck.generics[info.node.name].sites.get(types)
            where = f" on line {site.line}" if site is not None else ""
            context = f" (in '{info.node.name}' as called{where} with ({', '.join(map(str, types))}))"
            new = [err for err in ck.errors[before:] if (err.message, err.span) not in reported]
            reported |= {(err.message, err.span) for err in new}
            ck.errors[before:] = [err if isinstance(err, Recursion) else
                                  CompileError(err.message + context, err.span, err.filename, err.source)
                                  for err in new]
