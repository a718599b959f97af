"""Stage 2: ``nodes.Module`` -> ``TypedModule``.

``check(module)`` decides everything about the program: the entry point and
its kind, the helper functions and module constants, the type of every
expression, the operation every operator, call, subscript and attribute
resolves to (from ``semantics``), every implicit conversion, how each loop
iterates, what each name refers to, and where an optional value is known to
be present. It rejects whatever is outside the typed subset with a
``CompileError`` that names the construct and its line. The lowering only
reads these tables (``typed.TypedModule``).

    >>> typed = check(parse(SOURCE, "filter.py"))        # doctest: +SKIP
    >>> typed.entry.kind
    <Kind.FILTER: 0>

The package, by concern (each function takes the ``Checker`` first; a
statement or expression is checked by its function in
``stmts.statements()`` / ``exprs.expressions()``):

    checker.py      the state: tables, position, flow facts; the recursive entry points
    toplevel.py     the module: imports, constants, signatures, entry shapes, bodies
    classes.py      class definitions: the program's exception classes
    annotate.py     annotations -> types
    stmts.py        statements and control flow
    assigns.py      assignment targets, locals, ``del``, ``+=``
    flow.py         flow facts, conditions, narrowing, truthiness
    exprs.py        expressions, names, attributes, implicit conversions
    displays.py     tuples, lists, sets and dicts, typed by where they are used
    subscripts.py   ``x[i]`` and ``x[a:b:c]``
    operators.py    unary, binary, boolean operators and comparisons
    fstrings.py     f-strings and their fields' formatters
    calls.py        calls, arguments, methods, overloads
    builtin_calls.py  builtins whose types depend on their arguments
    stdlib.py       the importable modules, each a table of its functions
    regex.py        import re: its functions and flags, patterns compiled at compile time
    regex_objects.py  Pattern and Match methods, attributes and items, typed by the pattern
    iterables.py    what a ``for`` loop or comprehension iterates
    consumers.py    builtins that consume an iterable as they go (any, all, dict(pairs), ...)
    functions.py    function values (lambdas, key= functions) applied where they are written
    infer.py        relations between types: join, assignable, ...
    results.py      return types inferred from a body's returns
    partial.py      locals and module state typed by their later uses (``out = []``)
    consteval.py    module constants computed at compile time, as CPython does at import
    scopes.py       which names a block binds, declares global or mutates
    string_builders.py  lists that only build a string

Errors are collected statement by statement; if there are any, ``check``
raises ``CompileErrors`` with all of them in source order.
"""

from __future__ import annotations

from ... import abi
from .. import nodes as n
from .. import semantics as sem
from ..pyversion import PythonVersion
from ..errors import CompileErrors
from ..typed import Binding, Coercion, ConstantInfo, EntryPoint, FunctionInfo, Iteration, TypedModule
from . import toplevel
from .checker import Checker
from .stmts import describe

__all__ = ["check", "describe", "TypedModule", "Binding", "Coercion", "ConstantInfo", "EntryPoint", "FunctionInfo",
           "Iteration"]


def check(module: n.Module, target: abi.Abi = abi.Abi.SMARTSTREAM, python: PythonVersion | None = None) -> TypedModule:
    """Type-check a parsed module for ABI ``target`` and the Python version ``python`` (default: the
    running one; it picks the operations whose behaviour differs by version); raise ``CompileErrors``
    listing every problem."""
    ck = Checker(module, target, python if python is not None else PythonVersion.of(None))
    toplevel.check_module(ck)
    if ck.errors:
        ck.errors.sort(key=lambda e: (e.span.line, e.span.col) if e.span else (0, 0))
        raise CompileErrors(ck.errors)
    assert ck.entry is not None
    return TypedModule(module, target, ck.entry, ck.auxiliary, ck.functions, ck.constants, ck.types, ck.ops,
                       ck.links, ck.stores, ck.receivers, ck.truths, ck.results, ck.coercions, ck.bindings, ck.narrowed, ck.iterations, ck.handlers, ck.arguments,
                       ck.unreachable, ck.unbound, tuple(ck.exceptions),
                       tuple(exc.name if exc.name in ck.exception_classes else sem.exception_class_name(exc.name, ck.python.number)
                             for exc in ck.exceptions),
                       ck.subjects, ck.patterns, ck.formats, ck.applications, ck.constructions, ck.lookups,
                       ck.unpackings, ck.equivalents)
