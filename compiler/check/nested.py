"""Nested functions: a ``def`` inside a function, which may read the enclosing function's
variables (its captures), called by name after its ``def``.

A nested function becomes a function of the module (``FunctionInfo.key``: ``outer.name``) that
takes its captures as parameters after its own; each call passes the captured variables' values
at the time of the call, which is CPython's late binding as long as the nested function only
reads them (one that assigns a name makes it its own local, as in CPython; ``nonlocal`` is
refused)::

    def entry(record):              def entry.ok(err, limit):   (module function)
        limit = 3                       return err < limit
        def ok(err):
            return err < limit
        return ok(2)                return entry.ok(2, limit)
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError
from ..typed import FunctionInfo
from . import annotate, generics, scopes, toplevel

if TYPE_CHECKING:
    from .checker import Checker


def check_nested_def(ck: Checker, func: n.FunctionDef) -> None:
    """A ``def`` in a function body: registered under ``outer.name`` with its captures, and its
    body checked from a position of its own."""
    outer = ck.function
    assert outer is not None
    if outer.captures or outer.key:
        raise CompileError("a function nested in a nested function is not supported: define it in the "
                           "enclosing function or at module level", func.span)
    if func.decorators:
        raise CompileError("a nested function takes no decorator", func.decorators[0].span)
    untyped = next((p for p in func.params if generics.is_generic(func) and generics.untyped(p)), None)
    if untyped is not None:
        raise CompileError(f"parameter '{untyped.name}' of the nested function '{func.name}' needs a type "
                           f"annotation: only a module-level helper takes its parameters' types from its calls "
                           f"(move '{func.name}' to module level, or annotate it)", untyped.span)
    params = toplevel.check_params(ck, func.params)
    own = {name for name, _ in params} | scopes.bound_names(func.body) | scopes.global_names(func.body)
    read = names_read(func.body) - own - {func.name}
    for name in read & set(ck.nested):   # a call of a nested function defined before: its captures too
        read |= set(ck.functions[ck.nested[name]].captures)
    captures = []
    for name in sorted(read - set(ck.nested)):
        key = ck.local_key(name)
        if key is None:
            continue   # a module name, a builtin
        ty = outer.locals.get(key)
        if ty is None:
            raise CompileError(f"the nested function '{func.name}' reads '{name}', which is not assigned before "
                               f"its 'def': assign it first", func.span)
        captures.append((name, ty))
    result = annotate.annotation(ck, func.returns) if func.returns is not None else None
    key = f"{outer.name}.{func.name}"
    info = FunctionInfo(func, params + tuple(captures), result,
                        defaults=tuple(p.default for p in func.params) + (None,) * len(captures),
                        key=key, captures=tuple(name for name, _ in captures))
    ck.functions[key] = info
    ck.nested[func.name] = key
    saved = {name: getattr(ck, name) for name in POSITION}
    try:
        toplevel.check_function_body(ck, info)
    finally:
        for name, value in saved.items():
            setattr(ck, name, value)


def capture_arguments(ck: Checker, call: n.Call, info: FunctionInfo) -> tuple[n.Expr, ...]:
    """The captured variables a call of a nested function passes, read where it is called."""
    loads = []
    for (name, ty) in info.params[len(info.params) - len(info.captures):]:
        if ck.local_key(name) != ck.versions.get(name, name):   # (a local rebound before the def: redefine.py)
            raise CompileError(f"'{info.node.name}' reads the enclosing function's '{name}', which a comprehension "
                               f"variable hides here: rename one of them", call.span)
        load = n.Name(call.span, name)
        ck.coerce(load, ty)
        loads.append(load)
    return tuple(loads)


#: The checker's position in the enclosing function, kept while a nested one is checked.
POSITION = ("function", "local_names", "versions", "redefinable", "globals_here", "flow", "loops", "scopes",
            "in_handler", "readonly_ok", "returned", "poisoned", "nested")


def captured(ck: Checker, outer: FunctionInfo) -> set[str]:
    """The variables of ``outer`` that its nested functions capture."""
    return {name for info in ck.functions.values() if info.key.startswith(f"{outer.name}.") for name in info.captures}


def names_read(node: object) -> set[str]:
    """Every name a tree of nodes mentions (``n.Name``), in nested expressions and blocks."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, n.Name):
            found.add(item.id)
        elif isinstance(item, tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item) if f.name != "span")
    return found
