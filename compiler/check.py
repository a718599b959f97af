"""Stage 2: ``nodes.Module`` -> ``TypedModule``.

``check(module)`` decides everything about the program: the entry point and
its kind, the helper functions and module constants, the type of every
expression, the operation every operator, call, subscript and attribute
resolves to (from ``semantics``), every implicit conversion, how each loop
iterates, what each name refers to, and where an optional value is known to
be present. It rejects whatever is outside the typed subset with a
``CompileError`` that names the construct and its line. The lowering only
reads these tables.

    >>> typed = check(parse(SOURCE, "filter.py"))        # doctest: +SKIP
    >>> typed.entry.kind
    <Kind.FILTER: 0>

Flow facts. Statements are checked in order with a ``Flow``: the locals
that are definitely assigned, and the optional locals narrowed to their
inner type (``if x is not None:``, ``if x:``, ``if x is None: return``).
Branches are checked with copies and merged where they meet, as CPython's
own definite-assignment rules would have a name bound at run time.

Errors are collected statement by statement; if there are any, ``check``
raises ``CompileErrors`` with all of them in source order.
"""

from __future__ import annotations

import builtins
import codecs
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import abi
from . import nodes as n
from . import semantics as sem
from .errors import CompileError, CompileErrors, Span
from .types import (ANY, BOOL, BYTES, EXCEPTION, FLOAT, INT, NONE, RECORD, STR, TYPE_NAMES, DictType,
                    ListType, OptionalType, SetType, TupleType, Type, bindings, family, is_boxable,
                    is_hashable, optional, substitute)

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

#: The module users import their decorators and Record from.
DSL_MODULE = "smartstream"
DSL_NAMES = frozenset({"smartstream", "Record"})
#: Modules a SmartStream may import: ``import json``.
IMPORTABLE_MODULES = frozenset({"json"})
#: Names a SmartStream may import from typing (annotations only).
TYPING_NAMES = frozenset({"Optional", "Any"})
#: The decorators each ABI has (§2 legacy, §3 current). init and look_back
#: are not transforms: a module has at most one of each beside its transform.
ABI_DECORATORS = {
    abi.Abi.SMARTSTREAM: ("filter", "map", "aggregate"),
    abi.Abi.SMARTMODULE: ("filter", "map", "filter_map", "array_map", "aggregate", "init", "look_back"),
}
AUXILIARY_ROLES = ("init", "look_back")
EXCEPTION_NAMES = frozenset(sem.EXCEPTION_CODES)
GENERIC_TYPE_NAMES = {"list": 1, "set": 1, "dict": 2, "tuple": -1, "Optional": 1}


# ---- what the checker hands the lowering -----------------------------------------


@dataclass(frozen=True, slots=True)
class Coercion:
    """An implicit conversion of an expression's value from ``source`` to ``target``.

    The cases: wrapping into ``T | None``; ``bool -> int -> float`` in
    arithmetic; ``str -> bytes`` (UTF-8, no-op) at an entry's result; any
    value to ``bool`` by truthiness (``truth`` holds the op); tuples item
    by item.
    """

    source: Type
    target: Type
    truth: sem.Op | None = None


@dataclass(frozen=True, slots=True)
class Binding:
    """What a name refers to: a local slot, a module constant or a function."""

    kind: str          # "local", "constant", "function"
    key: str           # the local's slot key, or the constant's / function's name
    declared: Type     # the slot's type (an optional local read narrowed has another type)


@dataclass(frozen=True, slots=True)
class Iteration:
    """How a ``for`` loop or comprehension walks its iterable.

    ``kind``: range, list, tuple, str, bytes, dict_keys, dict_values,
    dict_items, enumerate, zip. ``source`` is the iterable expression (for
    range: the start/stop/step arguments, None when absent; for enumerate:
    the start argument); ``parts`` the inner iterations of enumerate and zip.
    """

    kind: str
    item: Type
    source: tuple[n.Expr | None, ...] = ()
    parts: tuple[Iteration, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """A decorated function: its role (the decorator: ``filter``, ``init``...) and its boundary types."""

    role: str
    function: n.FunctionDef
    params: tuple[tuple[str, Type], ...]
    result: Type


@dataclass
class FunctionInfo:
    """A function: its signature and its locals (slot key -> type).

    ``builders`` are the locals of type list[str] (or list[bytes]) that the
    function only fills with ``.append`` and reads with ``sep.join``: the
    lowering keeps each as a growing buffer of the joined text, not a list
    (key -> the separator, which every join of it uses). See
    ``_string_builders``.
    """

    node: n.FunctionDef
    params: tuple[tuple[str, Type], ...]
    result: Type
    locals: dict[str, Type] = field(default_factory=dict)
    builders: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConstantInfo:
    """A module-level variable: a frozen constant (``LIMIT = 10``, ``LEVELS = {"warn": 1}``),
    or, when some function declares it ``global``, module state that persists across
    records and batches (``state`` is True)."""

    name: str
    type: Type
    value: n.Expr
    span: Span
    state: bool = False


@dataclass
class TypedModule:
    """The checker's output: the tree plus the decisions about it."""

    module: n.Module
    abi: abi.Abi
    entry: EntryPoint                      # the transform
    auxiliary: dict[str, EntryPoint]       # "init" / "look_back", when present
    functions: dict[str, FunctionInfo]
    constants: dict[str, ConstantInfo]
    types: dict[object, Type]
    ops: dict[object, sem.Op]
    coercions: dict[object, Coercion]
    bindings: dict[object, Binding]
    narrowed: set[object]
    iterations: dict[object, Iteration]
    handlers: dict[object, int]
    arguments: dict[object, tuple[n.Expr | None, ...]]
    unreachable: set[object]
    format_specs: dict[object, sem.FormatSpec]   # f-string fields whose spec was parsed here
    # the program imports json, so a str may hold a lone surrogate (from a "\ud800" escape), which
    # encoding to UTF-8 must refuse as CPython does (str.encode(), the entry's str results)
    surrogates: bool = False


def check(module: n.Module, target: abi.Abi = abi.Abi.SMARTSTREAM) -> TypedModule:
    """Type-check a parsed module for ABI ``target``; raise ``CompileErrors`` listing every problem."""
    checker = _Checker(module, target)
    checker.check_module()
    if checker.errors:
        checker.errors.sort(key=lambda e: (e.span.line, e.span.col) if e.span else (0, 0))
        raise CompileErrors(checker.errors)
    assert checker.entry is not None
    return TypedModule(module, target, checker.entry, checker.auxiliary, checker.functions, checker.constants, checker.types, checker.ops,
                       checker.coercions, checker.bindings, checker.narrowed, checker.iterations,
                       checker.handlers, checker.arguments, checker.unreachable, checker.format_specs,
                       "json" in checker.modules.values())


def describe(node: object) -> str:
    """A construct's name for error messages: ``'for' loops``, ``subscripts``."""
    return _CONSTRUCT_NAMES.get(type(node), type(node).__name__)


_CONSTRUCT_NAMES = {
    n.If: "'if' statements", n.While: "'while' loops", n.For: "'for' loops", n.Try: "'try' statements",
    n.Raise: "'raise' statements", n.Assert: "'assert' statements", n.Delete: "'del' statements",
    n.Global: "'global' statements", n.Break: "'break' statements", n.Continue: "'continue' statements",
    n.AugAssign: "augmented assignments (like '+=')", n.FunctionDef: "nested functions",
    n.Subscript: "subscripts and slicing", n.Slice: "slices", n.IfExp: "conditional expressions",
    n.List: "list displays", n.Dict: "dict displays", n.Set: "set displays",
    n.ListComp: "list comprehensions", n.SetComp: "set comprehensions", n.DictComp: "dict comprehensions",
    n.GeneratorExp: "generator expressions", n.Starred: "starred expressions",
    n.Import: "'import' statements", n.ImportFrom: "'from ... import' statements",
}


# ---- flow facts -----------------------------------------------------------------


@dataclass
class Flow:
    """Facts at a point of a function body (see the module docstring)."""

    assigned: set[str] = field(default_factory=set)
    narrow: dict[str, Type] = field(default_factory=dict)
    terminated: bool = False

    def copy(self) -> Flow:
        return Flow(set(self.assigned), dict(self.narrow), self.terminated)

    def forget(self, names: set[str]) -> Flow:
        """The same facts, without narrowing for ``names`` (they may be reassigned)."""
        return Flow(set(self.assigned), {k: v for k, v in self.narrow.items() if k not in names}, self.terminated)


def merge(flows: list[Flow]) -> Flow:
    """Facts that hold after any of ``flows`` (terminated flows do not reach the join)."""
    live = [f for f in flows if not f.terminated]
    if not live:
        return Flow(set(), {}, True)
    first, *rest = live
    assigned = set(first.assigned)
    narrow = dict(first.narrow)
    for f in rest:
        assigned &= f.assigned
        narrow = {k: v for k, v in narrow.items() if f.narrow.get(k) == v}
    return Flow(assigned, narrow, False)


@dataclass
class _Loop:
    breaks: list[Flow] = field(default_factory=list)


class _Silent(CompileError):
    """An error caused by an earlier one (a name whose assignment failed): not reported."""


class _Checker:
    def __init__(self, module: n.Module, target: abi.Abi) -> None:
        self.module = module
        self.target = target
        self.auxiliary: dict[str, EntryPoint] = {}
        self.state_names: set[str] = set()
        self.globals_here: set[str] = set()
        self.errors: list[CompileError] = []
        self.entry: EntryPoint | None = None
        self.functions: dict[str, FunctionInfo] = {}
        self.constants: dict[str, ConstantInfo] = {}
        self.types: dict[object, Type] = {}
        self.ops: dict[object, sem.Op] = {}
        self.format_specs: dict[object, sem.FormatSpec] = {}
        self.coercions: dict[object, Coercion] = {}
        self.bindings: dict[object, Binding] = {}
        self.narrowed: set[object] = set()
        self.iterations: dict[object, Iteration] = {}
        self.handlers: dict[object, int] = {}
        self.arguments: dict[object, tuple[n.Expr | None, ...]] = {}
        self.unreachable: set[object] = set()
        self.poisoned: set[str] = set()        # names whose assignment had an error
        self.broken_constants: set[str] = set()  # module constants whose definition had an error
        self.imported: dict[str, str] = {}   # local name -> smartstream name
        self.modules: dict[str, str] = {}    # local name -> imported module (import json)
        # per function
        self.function: FunctionInfo | None = None
        self.local_names: set[str] = set()
        self.flow = Flow()
        self.loops: list[_Loop] = []
        self.scopes: list[dict[str, str]] = []   # comprehension scopes: name -> slot key
        self.in_handler = 0
        self.counter = 0
        self.readonly_ok = False

    def error(self, message: str, span: Span | None) -> None:
        self.errors.append(CompileError(message, span))

    # ---- module level -------------------------------------------------------

    def check_module(self) -> None:
        functions = [stmt for stmt in self.module.body if isinstance(stmt, n.FunctionDef)]
        # module state: names some function declares global, or whose container it changes in place
        self.state_names = set().union(set(), *(_global_names(f.body) | _mutated_names(f.body) for f in functions))
        defs: list[n.FunctionDef] = []
        for index, stmt in enumerate(self.module.body):
            try:
                match stmt:
                    case n.ImportFrom():
                        self.check_import_from(stmt)
                    case n.Import():
                        self.check_import(stmt)
                    case n.FunctionDef():
                        defs.append(stmt)
                    case n.ExprStmt(value=n.Constant(value=str())) if index == 0:
                        pass  # the module docstring
                    case n.If() if _is_main_guard(stmt.test):
                        pass  # `if __name__ == "__main__":` runs under CPython only
                    case n.Assign() | n.AnnAssign():
                        self.check_constant(stmt)
                    case n.UnsupportedStmt():
                        raise CompileError(f"{stmt.what} are not supported{_ALTERNATIVES.get(stmt.what, '')}",
                                           stmt.span)
                    case _:
                        raise CompileError(
                            f"{describe(stmt)} at module level are not supported: a module holds imports, "
                            f"constants, helper functions and one decorated entry function", stmt.span)
            except CompileError as err:
                self.errors.append(err)
                if isinstance(stmt, (n.Assign, n.AnnAssign)):
                    self.broken_constants |= _bound_names((stmt,))
        for func in defs:
            try:
                self.check_signature(func)
            except CompileError as err:
                self.errors.append(err)
        if self.entry is None and not self.errors:
            transforms = [name for name in ABI_DECORATORS[self.target] if name not in AUXILIARY_ROLES]
            self.error(f"no SmartStream entry point: decorate one function with "
                       f"{', '.join('@smartstream.' + t for t in transforms)}", Span(1, 1, 1, 2))
        for info in list(self.functions.values()):
            self.check_function_body(info)

    def check_import(self, stmt: n.Import) -> None:
        for alias in stmt.names:
            if alias.name not in IMPORTABLE_MODULES:
                raise CompileError(
                    f"'import {alias.name}' is not supported: a SmartStream imports its names with 'from "
                    f"{DSL_MODULE} import smartstream, Record' (and may 'import json')", alias.span)
            self.modules[alias.asname or alias.name] = alias.name

    def check_import_from(self, stmt: n.ImportFrom) -> None:
        if stmt.module == "__future__" and stmt.level == 0:
            return
        if stmt.module == "typing" and stmt.level == 0 and all(a.name in TYPING_NAMES for a in stmt.names):
            for alias in stmt.names:
                self.imported[alias.asname or alias.name] = alias.name
            return
        if stmt.module != DSL_MODULE or stmt.level != 0:
            raise CompileError(f"cannot import from '{'.' * stmt.level}{stmt.module or ''}': a SmartStream can "
                               f"only import from '{DSL_MODULE}' (and Optional and Any from 'typing')", stmt.span)
        for alias in stmt.names:
            if alias.name not in DSL_NAMES:
                raise CompileError(f"'{DSL_MODULE}' has no name '{alias.name}' (it provides "
                                   f"{', '.join(sorted(DSL_NAMES))})", alias.span)
            self.imported[alias.asname or alias.name] = alias.name

    def check_constant(self, stmt: n.Assign | n.AnnAssign) -> None:
        """``NAME = literal`` at module level: a constant, frozen (see docs/language.md)."""
        if isinstance(stmt, n.Assign):
            if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], n.Name):
                raise CompileError("a module constant is assigned to one plain name", stmt.span)
            target, value, declared = stmt.targets[0], stmt.value, None
        else:
            if not isinstance(stmt.target, n.Name) or stmt.value is None:
                raise CompileError("a module constant needs a name and a value", stmt.span)
            target, value, declared = stmt.target, stmt.value, self.annotation(stmt.annotation)
        name = target.id
        if name in self.constants or name in self.imported:
            raise CompileError(f"'{name}' is already defined: module constants are assigned once", target.span)
        _require_literal(value)
        if declared is not None:
            self.coerce(value, declared)
            ty = declared
        else:
            ty = self.expr(value)
        if _has_unknown(ty):
            raise CompileError(f"cannot infer the type of '{name}' from an empty container: annotate it, "
                               f"e.g. '{name}: list[str] = []'", value.span)
        state = name in self.state_names
        if ty == RECORD or _contains_record(ty):
            raise CompileError("a module variable cannot hold a Record: records belong to one batch", value.span)
        if _contains_any(ty):
            raise CompileError("a module variable cannot hold an Any (a JSON value): keep its text, "
                               "json.dumps(value), and json.loads it where it is used", value.span)
        if not state and _nested_mutable(ty):
            raise CompileError(f"a module table holds immutable items (numbers, text, tuples), not {ty}: the "
                               f"table is frozen, so its items must be too", value.span)
        self.constants[name] = ConstantInfo(name, ty, value, target.span, state)
        self.types[target] = ty

    def check_signature(self, func: n.FunctionDef) -> None:
        if func.name in self.functions or func.name in self.constants:
            raise CompileError(f"'{func.name}' is already defined", func.span)
        kind = None
        if func.decorators:
            if len(func.decorators) > 1:
                raise CompileError("an entry function takes exactly one decorator", func.decorators[1].span)
            kind = self.decorator_kind(func.decorators[0])
            taken = self.auxiliary.get(kind) if kind in AUXILIARY_ROLES else self.entry
            if taken is not None:
                first = taken.function
                what = f"one @smartstream.{kind} function" if kind in AUXILIARY_ROLES else \
                    "exactly one transform entry point"
                raise CompileError(f"a module holds {what}, and '{first.name}' (line {first.span.line}) is "
                                   f"already one", func.span)
        params = tuple(self.check_param(p) for p in func.params)
        if func.returns is None:
            what = "entry function" if kind is not None else "function"
            raise CompileError(f"the {what} '{func.name}' needs a return annotation (-> None if it returns "
                               f"nothing)" if kind is None else
                               f"the entry function '{func.name}' needs a return annotation", func.span)
        result = self.annotation(func.returns)
        info = FunctionInfo(func, params, result)
        if kind is not None:
            self.check_entry_signature(kind, func, params, result)
            entry = EntryPoint(kind, func, params, result)
            if kind in AUXILIARY_ROLES:
                self.auxiliary[kind] = entry
            else:
                self.entry = entry
            self.functions = {func.name: info, **self.functions}
        else:
            self.functions[func.name] = info

    def decorator_kind(self, deco: n.Expr) -> str:
        allowed = ABI_DECORATORS[self.target]
        match deco:
            case n.Attribute(value=n.Name(id=owner), attr=attr) if self.imported.get(owner) == "smartstream":
                if attr in allowed:
                    return attr
                if attr in ABI_DECORATORS[abi.Abi.SMARTMODULE]:
                    raise CompileError(f"@smartstream.{attr} exists only in the SmartModule ABI of Fluvio v0.10 "
                                       f"and later: compile with --abi smartmodule", deco.span)
                raise CompileError(f"unknown SmartStream kind '@smartstream.{attr}': the {self.target.value} ABI "
                                   f"has {', '.join(allowed)}", deco.span)
        names = ", ".join(f"@smartstream.{name}" for name in allowed)
        raise CompileError(f"decorators other than {names} are not supported (import them with 'from "
                           f"smartstream import smartstream')", deco.span)

    def check_param(self, param: n.Param) -> tuple[str, Type]:
        if param.default is not None:
            raise CompileError("parameter defaults are not supported: pass every argument", param.default.span)
        if param.annotation is None:
            raise CompileError(f"parameter '{param.name}' needs a type annotation", param.span)
        return param.name, self.annotation(param.annotation)

    def check_entry_signature(self, role: str, func: n.FunctionDef,
                              params: tuple[tuple[str, Type], ...], result: Type) -> None:
        shape = ENTRY_SHAPES[role]
        article = "an" if role[0] in "aeiou" else "a"
        if tuple(ty for _, ty in params) != shape.params:
            raise CompileError(f"{article} {role} function has the signature {shape.signature}", func.span)
        if not shape.accepts(result):  # type: ignore[operator]
            where = func.returns.span if func.returns is not None else func.span
            raise CompileError(f"{article} {role} function returns {shape.results}, not {result}", where)

    # ---- annotations --------------------------------------------------------

    def annotation(self, expr: n.Expr) -> Type:
        """The type an annotation denotes: ``bytes | None``, ``list[tuple[str, int]]``."""
        match expr:
            case n.Name(id=name) if name in TYPE_NAMES:
                if name == "Record" and self.imported.get(name) != "Record":
                    raise CompileError("'Record' must be imported: from smartstream import Record", expr.span)
                return TYPE_NAMES[name]
            case n.Name(id=name) if self.imported.get(name) == "Record":
                return RECORD
            case n.Name(id=name) if self.imported.get(name) == "Any":
                return ANY
            case n.Name(id=name) if name in GENERIC_TYPE_NAMES:
                raise CompileError(f"'{name}' needs its item types, e.g. {_generic_example(name)}", expr.span)
            case n.Constant(value=None):
                return NONE
            case n.BinOp(op="|", left=left, right=right):
                lhs, rhs = self.annotation(left), self.annotation(right)
                if rhs == NONE:
                    return optional(lhs)
                if lhs == NONE:
                    return optional(rhs)
                raise CompileError(f"union types other than 'T | None' are not supported ({lhs} | {rhs})",
                                   expr.span)
            case n.Subscript(value=n.Name(id=name), index=index) if name in GENERIC_TYPE_NAMES or \
                    self.imported.get(name) == "Optional":
                items = index.elts if isinstance(index, n.Tuple) else (index,)
                if self.imported.get(name) == "Optional":
                    name = "Optional"
                if name == "tuple":
                    if any(isinstance(item, n.Constant) and item.value is ... for item in items):
                        raise CompileError("variable-length tuples (tuple[T, ...]) are not supported: use "
                                           "list[T]", expr.span)
                    return TupleType(tuple(self.annotation(item) for item in items))
                if len(items) != GENERIC_TYPE_NAMES[name]:
                    raise CompileError(f"'{name}' takes {GENERIC_TYPE_NAMES[name]} item type(s), e.g. "
                                       f"{_generic_example(name)}", expr.span)
                args = [self.annotation(item) for item in items]
                if name == "Optional":
                    return optional(args[0])
                if name == "list":
                    return ListType(args[0])
                if name == "set":
                    if not is_hashable(args[0]):
                        raise CompileError(f"set items must be hashable, and {args[0]} is not", expr.span)
                    return SetType(args[0])
                if args[0] not in (STR, BYTES, INT, ANY):
                    raise CompileError(f"dict keys must be str, bytes or int, not {args[0]}", expr.span)
                return DictType(args[0], args[1])
            case n.Constant(value=str()):
                raise CompileError("string annotations are not supported: write the type itself", expr.span)
            case n.Name(id="float"):
                return FLOAT
            case n.Name(id=name):
                raise CompileError(f"unknown or unsupported type '{name}'", expr.span)
        raise CompileError("unsupported type annotation", expr.span)

    # ---- function bodies -----------------------------------------------------

    def check_function_body(self, info: FunctionInfo) -> None:
        self.function = info
        self.poisoned = set()
        errors_before = len(self.errors)
        self.globals_here = _global_names(info.node.body)
        for stmt in _global_statements(info.node.body):
            for name in stmt.names:
                constant = self.constants.get(name)
                if constant is None or not constant.state:
                    self.error(f"'global {name}' needs a module-level variable '{name}': assign its first value at "
                               f"module level (e.g. {name}: int = 0)", stmt.span)
                    self.poisoned.add(name)
                elif name in {p for p, _ in info.params}:
                    self.error(f"name '{name}' is parameter and global", stmt.span)
        self.local_names = ({name for name, _ in info.params} | _bound_names(info.node.body)) - self.globals_here
        for name, ty in info.params:
            info.locals[name] = ty
        self.flow = Flow(assigned={name for name, _ in info.params})
        self.loops, self.scopes, self.in_handler = [], [], 0
        self.block(_without_docstring(info.node.body))
        if not self.flow.terminated and info.result != NONE and len(self.errors) == errors_before:
            self.error(f"missing return: '{info.node.name}' can reach its end without returning {info.result}",
                       info.node.span)
        if len(self.errors) == errors_before:
            for key, (separator, calls) in _string_builders(info, self.bindings, self.types).items():
                info.builders[key] = separator
                for call, role in calls:
                    self.ops[call] = sem.Op(role, self.ops[call].result)
        self.function = None

    def block(self, body: tuple[n.Stmt, ...]) -> None:
        for stmt in body:
            if self.flow.terminated:
                self.unreachable.add(stmt)
                break  # unreachable code is not checked, as it never runs
            try:
                self.check_stmt(stmt)
            except CompileError as err:
                if not isinstance(err, _Silent):
                    self.errors.append(err)
                if isinstance(stmt, (n.Return, n.Raise, n.Break, n.Continue)):
                    self.flow.terminated = True  # it would leave the block, even with an error in it
                if isinstance(stmt, (n.Assign, n.AnnAssign, n.AugAssign, n.For)):
                    self.poisoned |= _bound_names((stmt,))
                if isinstance(stmt, n.FunctionDef):
                    self.poisoned.add(stmt.name)

    def check_stmt(self, stmt: n.Stmt) -> None:
        match stmt:
            case n.ExprStmt(value=value):
                self.expr(value)
            case n.Assign(targets=targets, value=value):
                ty = self.expr_against(value, ANY) if self.stores_any(targets) else self.expr(value)
                for target in targets:
                    self.assign(target, ty, value)
            case n.AnnAssign(target=target, annotation=annotation, value=value):
                declared = self.annotation(annotation)
                if not isinstance(target, n.Name):
                    raise CompileError("an annotated assignment needs a plain name as its target", target.span)
                if target.id in self.globals_here:
                    raise CompileError(f"annotated name '{target.id}' can't be global: annotate it where it is "
                                       f"defined, at module level", target.span)
                self.declare(target, declared)
                if value is not None:
                    self.coerce(value, declared)
                    self.bind_target(target, declared)
            case n.AugAssign():
                self.check_aug_assign(stmt)
            case n.Return(value=value):
                assert self.function is not None
                if value is None:
                    if self.function.result != NONE:
                        raise CompileError(f"'return' needs a value of type {self.function.result}", stmt.span)
                else:
                    self.coerce(value, self.function.result, entry_result=self.is_entry())
                self.flow.terminated = True
            case n.Pass():
                pass
            case n.If():
                self.check_if(stmt)
            case n.While():
                self.check_while(stmt)
            case n.For():
                self.check_for(stmt)
            case n.Break() | n.Continue():
                if not self.loops:
                    raise CompileError(f"'{'break' if isinstance(stmt, n.Break) else 'continue'}' outside a loop",
                                       stmt.span)
                if isinstance(stmt, n.Break):
                    self.loops[-1].breaks.append(self.flow.copy())
                self.flow.terminated = True
            case n.Raise():
                self.check_raise(stmt)
            case n.Assert(test=test, msg=msg):
                truth = self.condition(test)
                self.flow = merge([truth[0]])
                if msg is not None:
                    self.expr(msg)
            case n.Try():
                self.check_try(stmt)
            case n.Delete(targets=targets):
                for target in targets:
                    self.check_delete(target)
            case n.Global():
                pass  # checked with the function (check_function_body)
            case n.FunctionDef():
                raise CompileError("nested functions are not supported: define helpers at module level",
                                   stmt.span)
            case n.Import() | n.ImportFrom():
                raise CompileError("imports belong at module level", stmt.span)
            case n.UnsupportedStmt(what=what):
                raise CompileError(f"{what} are not supported{_ALTERNATIVES.get(what, '')}", stmt.span)
            case _:
                raise CompileError(f"{describe(stmt)} are not supported", stmt.span)

    def is_entry(self) -> bool:
        entries = [self.entry, *self.auxiliary.values()]
        return self.function is not None and any(e is not None and self.function.node is e.function
                                                 for e in entries)

    # ---- assignment ------------------------------------------------------------

    def assign(self, target: n.Expr, ty: Type, value: n.Expr | None) -> None:
        """Bind ``target`` to a value of type ``ty`` (``value`` is its expression, when there is one)."""
        match target:
            case n.Name(id=name) if name in self.globals_here and self.local_key(name) is None:
                declared = self.state_type(target)
                if value is not None:
                    self.coerce(value, declared)
                elif not _assignable(ty, declared):
                    raise CompileError(f"'{name}' has type {declared} and cannot change type to {ty}", target.span)
                self.bindings[target] = Binding("state", name, declared)
                self.types[target] = declared
            case n.Name():
                self.declare(target, ty)
                declared = self.local_type(target)
                if value is not None:
                    self.coerce(value, declared)
                elif not _assignable(ty, declared):
                    raise CompileError(f"'{target.id}' has type {declared} and cannot change type to {ty}",
                                       target.span)
                self.bind_target(target, ty)
            case n.Tuple(elts=elts) | n.List(elts=elts):
                items = self.unpack_types(target, ty, len(elts))
                self.types[target] = ty
                for elt, item in zip(elts, items):
                    self.assign(elt, item, None)
            case n.Subscript():
                self.check_store_subscript(target, ty, value)
            case n.Attribute():
                raise CompileError("assignment to attributes is not supported", target.span)
            case n.Starred():
                raise CompileError("starred assignment targets are not supported", target.span)
            case _:
                raise CompileError("cannot assign to this expression", target.span)

    def stores_any(self, targets: tuple[n.Expr, ...]) -> bool:
        """Whether an assignment stores into an Any (``doc["k"] = [1, "a"]``, or a local declared
        Any): its value, a display, is then typed as a dynamic list or dict."""
        if len(targets) != 1:
            return False
        target = targets[0]
        if isinstance(target, n.Subscript) and not isinstance(target.index, n.Slice):
            try:
                with _Trial(self):
                    return self.expr(target.value) == ANY
            except CompileError:
                return False
        if isinstance(target, n.Name) and self.function is not None:
            key = self.local_key(target.id)
            return key is not None and self.function.locals.get(key) == ANY
        return False

    def unpack_types(self, target: n.Expr, ty: Type, count: int) -> list[Type]:
        if isinstance(ty, TupleType):
            if len(ty.items) != count:
                raise CompileError(f"cannot unpack {ty} into {count} names: it has {len(ty.items)} items",
                                   target.span)
            return list(ty.items)
        if isinstance(ty, ListType):
            return [ty.elem] * count
        raise CompileError(f"cannot unpack a value of type {ty} (tuples and lists unpack)", target.span)

    def declare(self, target: n.Name, ty: Type) -> None:
        """Give local ``target`` its type on first assignment; later ones must agree."""
        assert self.function is not None
        key = self.local_key(target.id)
        if key is None:
            if target.id in self.constants:
                raise CompileError(f"'{target.id}' is a module constant and cannot be assigned", target.span)
            raise CompileError(f"cannot assign to '{target.id}' here", target.span)
        known = self.function.locals.get(key)
        if known is None:
            if ty == NONE:
                raise CompileError(f"cannot infer the type of '{target.id}' from None: annotate it, e.g. "
                                   f"'{target.id}: str | None = None'", target.span)
            if _has_unknown(ty):
                raise CompileError(f"cannot infer the type of '{target.id}' from an empty container: annotate "
                                   f"it, e.g. '{target.id}: list[str] = []'", target.span)
            self.function.locals[key] = ty
        elif not _assignable(ty, known):
            raise CompileError(f"'{target.id}' has type {known} and cannot change type to {ty}", target.span)

    def bind_target(self, target: n.Name, ty: Type) -> None:
        """Record a store to local ``target`` and its flow effect."""
        assert self.function is not None
        key = self.local_key(target.id)
        assert key is not None
        declared = self.function.locals[key]
        self.bindings[target] = Binding("local", key, declared)
        self.types[target] = declared
        self.flow.assigned.add(key)
        self.flow.narrow.pop(key, None)
        self.flow.narrow.pop(f"{key}.key", None)
        if isinstance(declared, OptionalType) and ty not in (NONE, declared) and not isinstance(ty, OptionalType):
            self.flow.narrow[key] = declared.inner

    def local_key(self, name: str) -> str | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.local_names:
            return name
        return None

    def state_type(self, target: n.Name) -> Type:
        """The type of module state variable ``target`` (declared ``global`` here)."""
        constant = self.constants.get(target.id)
        if constant is None or not constant.state:
            raise _Silent(f"'{target.id}' is not a state variable", target.span)
        return constant.type

    def local_type(self, target: n.Name) -> Type:
        assert self.function is not None
        key = self.local_key(target.id)
        assert key is not None
        return self.function.locals[key]

    def check_aug_assign(self, stmt: n.AugAssign) -> None:
        """``x += v`` is ``x = x + v``, with ``x`` evaluated once when it is a subscript."""
        target = stmt.target
        if not isinstance(target, (n.Name, n.Subscript)):
            raise CompileError("augmented assignment needs a name or a subscript as its target", target.span)
        current = self.expr(target)
        value = self.expr(stmt.value)
        op, result = self.binary_op(stmt, stmt.op, current, value, target, stmt.value)
        if op.impl == sem.ANY_BINARY.impl:   # list += and dict |= change an Any's object in place
            op = sem.Op(sem.ANY_INPLACE, op.result, op.params, op.raises)
        self.ops[stmt] = op
        if isinstance(target, n.Name):
            is_state = target.id in self.globals_here and self.local_key(target.id) is None
            declared = self.state_type(target) if is_state else \
                self.local_type(target) if self.local_key(target.id) else current
            if not _assignable(result, declared):
                raise CompileError(f"'{target.id}' has type {declared} and cannot change type to {result}",
                                   target.span)
            if result != declared:
                self.coercions[stmt] = Coercion(result, declared)
            if is_state:
                self.bindings[target] = Binding("state", target.id, declared)
            else:
                self.bind_target(target, result)
        else:
            self.reject_frozen(target.value, "assign to items of")
            store = self.store_subscript_op(target, self.types[target.value])
            if result != current:
                if not _assignable(result, current):
                    raise CompileError(f"expected {current}, got {result}", stmt.span)
                self.coercions[stmt] = Coercion(result, current)
            self.ops[(target, "store")] = store

    def check_store_subscript(self, target: n.Subscript, ty: Type, value: n.Expr | None) -> None:
        container = self.expr(target.value)
        self.reject_frozen(target.value, "assign to items of")
        if isinstance(target.index, n.Slice):
            raise CompileError("slice assignment is not supported", target.span)
        index = self.expr(target.index)
        if container == ANY:
            self.to_any(target.index, index, target)
            if value is not None:
                self.coerce(value, ANY)
            elif not _assignable(ty, ANY):
                raise CompileError(f"a {ty} cannot be stored in an Any (a JSON value)", target.span)
            self.ops[(target, "store")] = sem.ANY_SETITEM
            return
        match container:
            case ListType(elem=elem):
                self.coerce(target.index, INT, given=index)
                item = elem
            case DictType(key=key, value=item):
                self.coerce(target.index, key, given=index)
            case _:
                raise CompileError(f"'{container}' object does not support item assignment", target.span)
        if value is not None:
            self.coerce(value, item)
        elif not _assignable(ty, item):
            raise CompileError(f"expected {item}, got {ty}", target.span)
        self.ops[(target, "store")] = self.store_subscript_op(target, container)

    def store_subscript_op(self, target: n.Subscript, container: Type) -> sem.Op:
        if container == ANY:
            return sem.ANY_SETITEM
        if isinstance(container, ListType):
            return sem.Op("list_store", NONE, raises=True)
        if isinstance(container, DictType):
            return sem.Op("dict_store", NONE)
        raise CompileError(f"'{container}' object does not support item assignment", target.span)

    def check_delete(self, target: n.Expr) -> None:
        if not isinstance(target, n.Subscript) or isinstance(target.index, n.Slice):
            raise CompileError("'del' deletes one item of a list or dict: del d[key]", target.span)
        container = self.expr(target.value)
        self.reject_frozen(target.value, "delete items of")
        if container == ANY:
            self.to_any(target.index, self.expr(target.index), target)
            self.ops[target] = sem.ANY_DELITEM_STR if _is_str_constant(target.index) else sem.ANY_DELITEM
            return
        match container:
            case ListType():
                self.coerce(target.index, INT)
                self.ops[target] = sem.Op("list_delete", NONE, raises=True)
            case DictType(key=key):
                self.coerce(target.index, key)
                self.ops[target] = sem.Op("dict_delete", NONE, raises=True)
            case _:
                raise CompileError(f"'{container}' object doesn't support item deletion", target.span)

    # ---- control flow --------------------------------------------------------------

    def check_if(self, stmt: n.If) -> None:
        yes, no = self.condition(stmt.test)
        self.flow = yes
        self.block(stmt.body)
        after_body = self.flow
        self.flow = no
        self.block(stmt.orelse)
        self.flow = merge([after_body, self.flow])

    def check_while(self, stmt: n.While) -> None:
        changed = _bound_names(stmt.body) | _bound_names(stmt.orelse)
        start = self.flow.forget(changed)
        self.flow = start
        yes, no = self.condition(stmt.test)
        loop = _Loop()
        self.loops.append(loop)
        self.flow = yes
        self.block(stmt.body)
        self.loops.pop()
        self.flow = no
        forever = isinstance(stmt.test, n.Constant) and stmt.test.value is True
        if forever:
            self.flow = Flow(set(), {}, True)
        self.block(stmt.orelse)
        self.flow = merge([self.flow, *loop.breaks])

    def check_for(self, stmt: n.For) -> None:
        changed = _bound_names(stmt.body) | _bound_names(stmt.orelse) | _target_names(stmt.target)
        iteration = self.iteration(stmt.iter)
        self.iterations[stmt] = iteration
        self.flow = self.flow.forget(changed)
        start = self.flow.copy()
        self.assign(stmt.target, iteration.item, None)
        loop = _Loop()
        self.loops.append(loop)
        self.block(stmt.body)
        self.loops.pop()
        self.flow = start
        self.block(stmt.orelse)
        self.flow = merge([self.flow, *loop.breaks])

    def check_raise(self, stmt: n.Raise) -> None:
        if stmt.cause is not None:
            raise CompileError("'raise ... from ...' is not supported", stmt.cause.span)
        if stmt.exc is None:
            if not self.in_handler:
                raise CompileError("a bare 'raise' re-raises the exception being handled, so it belongs in an "
                                   "'except' block", stmt.span)
        else:
            self.exception_value(stmt.exc)
        self.flow.terminated = True

    def exception_value(self, expr: n.Expr) -> None:
        """``ValueError("msg")``, ``ValueError``, or a caught exception ``e``."""
        match expr:
            case n.Name(id=name) if name in EXCEPTION_NAMES and self.local_key(name) is None:
                self.types[expr] = EXCEPTION
                self.ops[expr] = sem.Op("exception_new", EXCEPTION)
                return
            case n.Call(func=n.Name(id="UnicodeDecodeError")) | n.Name(id="UnicodeDecodeError") \
                    if self.local_key("UnicodeDecodeError") is None:
                raise CompileError("UnicodeDecodeError takes 5 arguments in CPython (encoding, object, start, "
                                   "end, reason); ssc raises it only from bytes.decode(): raise ValueError or "
                                   "UnicodeError instead", expr.span)
            case n.Call(func=n.Name(id=name), args=args, keywords=keywords) if name in EXCEPTION_NAMES \
                    and self.local_key(name) is None:
                if keywords:
                    raise CompileError(f"{name}() takes no keyword arguments", keywords[0].span)
                if len(args) > 1:
                    raise CompileError(f"{name}() with more than one argument is not supported: pass one "
                                       f"message", args[1].span)
                if args:
                    self.expr(args[0])
                self.types[expr] = EXCEPTION
                self.ops[expr] = sem.Op("exception_new", EXCEPTION)
                return
            case n.Name(id=name) | n.Call(func=n.Name(id=name)) if name[:1].isupper() and \
                    hasattr(builtins, name) and self.local_key(name) is None:
                raise CompileError(f"raising {name} is not supported; ssc raises "
                                   f"{', '.join(sorted(EXCEPTION_NAMES))}", expr.span)
        ty = self.expr(expr)
        if ty != EXCEPTION:
            raise CompileError(f"exceptions must be builtin exception classes or instances, not {ty} "
                               f"(user-defined exceptions are not supported)", expr.span)

    def check_try(self, stmt: n.Try) -> None:
        changed = (_bound_names(stmt.body) | _bound_names(stmt.orelse) | _bound_names(stmt.finalbody)
                   | {h.name for h in stmt.handlers if h.name} | _handler_names(stmt.handlers))
        start = self.flow.copy()
        self.block(stmt.body)
        self.block(stmt.orelse)
        ends = [self.flow]
        for handler in stmt.handlers:
            self.flow = start.forget(changed)
            if handler.type is None:
                self.handlers[handler] = sem.EXCEPTION_CODES["Exception"]
            else:
                self.handlers[handler] = self.handler_type(handler.type)
            if handler.name is not None:
                target = n.Name(handler.span, handler.name)
                self.declare(target, EXCEPTION)
                self.bind_target(target, EXCEPTION)
                self.types[handler] = EXCEPTION
                self.bindings[handler] = self.bindings[target]
            self.in_handler += 1
            self.block(handler.body)
            self.in_handler -= 1
            ends.append(self.flow)
        after = merge(ends)
        if stmt.finalbody:
            self.flow = start.forget(changed)
            self.block(stmt.finalbody)
            if self.flow.terminated:
                after = Flow(set(), {}, True)
            else:
                after.assigned |= self.flow.assigned
        self.flow = after

    def handler_type(self, expr: n.Expr) -> int:
        match expr:
            case n.Attribute(value=n.Name(id=module), attr="JSONDecodeError") if self.modules.get(module) == "json":
                return sem.EXCEPTION_CODES["JSONDecodeError"]
            case n.Name(id=name) if name in EXCEPTION_NAMES:
                return sem.EXCEPTION_CODES[name]
            case n.Name(id="BaseException"):
                raise CompileError("'except BaseException' is not supported: catch Exception", expr.span)
            case n.Tuple():
                raise CompileError("catching a tuple of exception types is not supported: write one 'except' "
                                   "clause per type", expr.span)
            case n.Name(id=name):
                raise CompileError(f"'{name}' is not an exception type ssc knows (it knows "
                                   f"{', '.join(sorted(EXCEPTION_NAMES))})", expr.span)
        raise CompileError("an 'except' clause names one builtin exception type", expr.span)

    # ---- iteration --------------------------------------------------------------

    def iteration(self, expr: n.Expr) -> Iteration:
        """How to iterate over ``expr`` (a for loop's or a comprehension's iterable)."""
        match expr:
            case n.Call(func=n.Name(id="range"), args=args, keywords=()) if self.is_builtin("range"):
                if not 1 <= len(args) <= 3:
                    raise CompileError(f"range expected 1 to 3 arguments, got {len(args)}", expr.span)
                for arg in args:
                    self.coerce(arg, INT)
                if len(args) == 1:
                    source: tuple[n.Expr | None, ...] = (None, args[0], None)
                else:
                    source = (args[0], args[1], args[2] if len(args) == 3 else None)
                return Iteration("range", INT, source)
            case n.Call(func=n.Name(id="enumerate"), args=args, keywords=kws) if self.is_builtin("enumerate"):
                start = None
                if len(args) == 2:
                    start = args[1]
                for kw in kws:
                    if kw.name != "start":
                        raise CompileError(f"enumerate() got an unexpected keyword argument '{kw.name}'",
                                           kw.span)
                    start = kw.value
                if not args or len(args) > 2 or (len(args) == 2 and kws):
                    raise CompileError("enumerate() takes an iterable and an optional start", expr.span)
                if start is not None:
                    self.coerce(start, INT)
                inner = self.iteration(args[0])
                return Iteration("enumerate", TupleType((INT, inner.item)), (start,), (inner,))
            case n.Call(func=n.Name(id="zip"), args=args, keywords=kws) if self.is_builtin("zip"):
                if kws:
                    raise CompileError("zip() keyword arguments are not supported", kws[0].span)
                if not args:
                    raise CompileError("zip() needs at least one iterable", expr.span)
                parts = tuple(self.iteration(arg) for arg in args)
                return Iteration("zip", TupleType(tuple(p.item for p in parts)), (), parts)
            case n.Call(func=n.Attribute(value=receiver, attr=attr), args=(), keywords=()) \
                    if attr in ("items", "keys", "values"):
                self.readonly_ok = True
                ty = self.expr(receiver)
                if isinstance(ty, DictType):
                    self.types[expr] = ty
                    item = {"items": TupleType((ty.key, ty.value)), "keys": ty.key, "values": ty.value}[attr]
                    return Iteration(f"dict_{attr}", item, (receiver,))
        self.readonly_ok = True
        ty = self.expr(expr)
        match ty:
            case _ if ty == ANY:
                return Iteration("any", ANY, (expr,))
            case ListType(elem=elem):
                return Iteration("list", elem, (expr,))
            case DictType(key=key):
                return Iteration("dict_keys", key, (expr,))
            case _ if ty == STR:
                return Iteration("str", STR, (expr,))
            case _ if ty == BYTES:
                return Iteration("bytes", INT, (expr,))
            case TupleType(items=items):
                if len(set(items)) > 1:
                    raise CompileError(f"iterating over a {ty} needs items of one type", expr.span)
                if not items:
                    raise CompileError("iterating over an empty tuple", expr.span)
                return Iteration("tuple", items[0], (expr,))
            case SetType():
                raise CompileError("iterating over a set is not supported: CPython's set order depends on "
                                   "hashing; iterate over sorted(s) instead", expr.span)
        raise CompileError(f"'{ty}' object is not iterable", expr.span)

    # ---- conditions and narrowing -----------------------------------------------

    def condition(self, expr: n.Expr) -> tuple[Flow, Flow]:
        """Check ``expr`` as a condition (truthiness); return the flows where it is true and false."""
        match expr:
            case n.UnaryOp(op="not", operand=operand):
                yes, no = self.condition(operand)
                self.types[expr] = BOOL
                self.ops[expr] = sem.Op("bool_not", BOOL)
                return no, yes
            case n.BoolOp(op=op, values=values):
                return self.bool_condition(expr, op, values)
        base = self.flow
        self.truth(expr)
        yes, no = base.copy(), base.copy()
        narrowing = self.narrowing(expr)
        if narrowing is not None:
            key, inner, when_true = narrowing
            (yes if when_true else no).narrow[key] = inner
        return yes, no

    def bool_condition(self, expr: n.BoolOp, op: str, values: tuple[n.Expr, ...]) -> tuple[Flow, Flow]:
        """``a and b`` as a condition: b is checked where a is true (``or``: false)."""
        exits: list[Flow] = []
        for value in values[:-1]:
            yes, no = self.condition(value)
            exits.append(no if op == "and" else yes)
            self.flow = yes if op == "and" else no
        yes, no = self.condition(values[-1])
        self.types[expr] = BOOL
        self.ops[expr] = sem.Op("short_circuit_truth", BOOL)
        if op == "and":
            return yes, merge(exits + [no])
        return merge(exits + [yes]), no

    def narrowing(self, expr: n.Expr) -> tuple[str, Type, bool] | None:
        """``x is not None`` / ``x`` / ``x is None`` on an optional place: (key, inner, when-true).

        A place is a local, or ``r.key`` of a Record local ``r`` (a record never changes).
        A truthy optional is present, so ``if x:`` narrows as ``if x is not None:`` does.
        """
        match expr:
            case n.Compare(left=left, ops=(op,), comparators=(n.Constant(value=None),)) \
                    if op in ("is", "is not", "==", "!="):
                place = self.optional_place(left)
                if place is not None:
                    return place[0], place[1].inner, op in ("is not", "!=")
            case n.Name() | n.Attribute():
                place = self.optional_place(expr)
                if place is not None:
                    return place[0], place[1].inner, True
        return None

    def optional_place(self, expr: n.Expr) -> tuple[str, OptionalType] | None:
        """The narrowing key and type of an optional local or ``record.key``, else None."""
        if self.function is None:
            return None
        match expr:
            case n.Name(id=name):
                key = self.local_key(name)
                declared = self.function.locals.get(key) if key is not None else None
                if isinstance(declared, OptionalType):
                    return key, declared  # type: ignore[return-value]
            case n.Attribute(value=n.Name(id=name), attr="key"):
                key = self.local_key(name)
                if key is not None and self.function.locals.get(key) == RECORD:
                    return f"{key}.key", OptionalType(BYTES)
        return None

    def truth(self, expr: n.Expr) -> None:
        """Check ``expr`` and convert its value to bool by truthiness."""
        ty = self.expr(expr)
        if ty == BOOL:
            return
        op = sem.TRUTH.get(family(ty))
        if op is None:
            raise CompileError(f"the truth value of a {ty} is not supported", expr.span)
        self.coercions[expr] = Coercion(ty, BOOL, op)

    # ---- conversions ----------------------------------------------------------------

    def coerce(self, expr: n.Expr, target: Type, *, entry_result: bool = False, given: Type | None = None) -> None:
        """Check ``expr`` converts to ``target`` and record the conversion, if any."""
        if target == ANY and given is not None and isinstance(expr, _DISPLAYS):
            given = None   # a display checked on its own: typed again as a dynamic list or dict
        source = given if given is not None else self.expr_against(expr, target)
        if source == target:
            return
        if _assignable(source, target, allow_encode=entry_result):
            self.coercions[expr] = Coercion(source, target)
            return
        raise CompileError(f"expected {target}, got {source}{_none_hint(source)}{_number_hint(source, target)}",
                           expr.span)

    def expr_against(self, expr: n.Expr, expected: Type) -> Type:
        """Check ``expr`` where a value of type ``expected`` is wanted.

        Displays take their type from the context, so that ``d: dict[str, list[int]] = {"x": []}``
        and ``xs: list[int | None] = [1, None]`` type their items by it. Where an Any is wanted,
        a display is a list[Any] or dict[Any, Any], which an Any holds as it is.
        """
        if expected == ANY:
            match expr:
                case n.List() | n.ListComp():
                    expected = ListType(ANY)
                case n.Dict(keys=keys) if all(k is not None for k in keys):
                    expected = DictType(ANY, ANY)
                case n.DictComp():
                    ty = self.comprehension(expr, key_value=(ANY, ANY))
                    self.types[expr] = ty
                    return ty
        match expr:
            case n.ListComp() if isinstance(expected, ListType):
                self.types[expr] = self.comprehension(expr, expected.elem)
                return self.types[expr]
            case n.SetComp() if isinstance(expected, SetType):
                self.types[expr] = self.comprehension(expr, expected.elem)
                return self.types[expr]
            case n.List(elts=elts) if elts and isinstance(expected, ListType):
                for elt in elts:
                    self.coerce(elt, expected.elem)
                self.types[expr] = expected
                return expected
            case n.Set(elts=elts) if elts and isinstance(expected, SetType):
                for elt in elts:
                    self.coerce(elt, expected.elem)
                self.types[expr] = expected
                return expected
            case n.Dict(keys=keys, values=values) if keys and isinstance(expected, DictType) \
                    and all(k is not None for k in keys):
                for key, value in zip(keys, values):
                    self.coerce(key, expected.key)  # type: ignore[arg-type]
                    self.coerce(value, expected.value)
                self.types[expr] = expected
                return expected
            case n.Tuple(elts=elts) if isinstance(expected, TupleType) and len(elts) == len(expected.items) \
                    and not any(isinstance(e, n.Starred) for e in elts):
                for elt, item in zip(elts, expected.items):
                    self.coerce(elt, item)
                self.types[expr] = expected
                return expected
            case n.List(elts=()) if isinstance(expected, ListType):
                self.types[expr] = expected
                return expected
            case n.Dict(keys=()) if isinstance(expected, DictType):
                self.types[expr] = expected
                return expected
            case n.DictComp() if isinstance(expected, DictType):
                self.types[expr] = self.comprehension(expr, key_value=(expected.key, expected.value))
                return self.types[expr]
            case n.Call(func=n.Name(id="set"), args=(), keywords=()) if isinstance(expected, SetType) \
                    and self.is_builtin("set"):
                self.types[expr] = expected
                self.ops[expr] = sem.Op("set_new", expected)
                return expected
            case n.Call(func=n.Name(id=("list" | "dict") as name), args=(), keywords=()) \
                    if self.is_builtin(name) and isinstance(expected, ListType if name == "list" else DictType):
                self.types[expr] = expected
                self.ops[expr] = sem.Op("list_new" if name == "list" else "dict_new", expected)
                return expected
        return self.expr(expr)

    # ---- expressions ----------------------------------------------------------

    def expr(self, expr: n.Expr) -> Type:
        readonly, self.readonly_ok = self.readonly_ok, False
        if readonly and isinstance(expr, n.Name):
            self.readonly_ok = True
        ty = self.infer(expr)
        self.readonly_ok = False
        self.types[expr] = ty
        return ty

    def infer(self, expr: n.Expr) -> Type:
        match expr:
            case n.Constant(value=value):
                return self.constant(expr, value)
            case n.Name(id=name):
                return self.name(expr, name)
            case n.BinOp(op=op, left=left, right=right):
                lhs, rhs = self.expr(left), self.expr(right)
                op_found, result = self.binary_op(expr, op, lhs, rhs, left, right)
                self.ops[expr] = op_found
                return result
            case n.UnaryOp(op="not", operand=operand):
                self.truth(operand)
                self.ops[expr] = sem.Op("bool_not", BOOL)
                return BOOL
            case n.UnaryOp(op=op, operand=operand):
                ty = self.expr(operand)
                if ty == ANY:
                    self.ops[expr] = sem.Op(sem.ANY_UNARY.impl, ANY, (sem.Param("op", INT, sem.ANY_UNARY_CODES[op]),),
                                            raises=True)
                    return ANY
                if ty == BOOL and op in ("-", "+", "~"):
                    self.coercions[operand] = Coercion(BOOL, INT)
                    ty = INT
                found = sem.UNARY.get((op, ty))
                if found is None:
                    raise CompileError(f"bad operand type for unary {op}: '{ty}'", expr.span)
                self.ops[expr] = found
                return found.result
            case n.BoolOp(op=op, values=values):
                return self.bool_value(expr, op, values)
            case n.Compare():
                return self.compare(expr)
            case n.IfExp(test=test, body=body, orelse=orelse):
                saved = self.flow
                yes, no = self.condition(test)
                self.flow = yes
                then_ty = self.expr(body)
                self.flow = no
                else_ty = self.expr(orelse)
                self.flow = saved
                result = _join(then_ty, else_ty)
                if result is None:
                    raise CompileError(f"the branches of a conditional expression have different types: "
                                       f"{then_ty} and {else_ty}", expr.span)
                self.coerce(body, result, given=then_ty)
                self.coerce(orelse, result, given=else_ty)
                return result
            case n.Call():
                return self.call(expr)
            case n.Attribute(value=n.Name(id=module), attr=attr) if module in self.modules \
                    and self.local_key(module) is None:
                raise CompileError(f"'{module}.{attr}' can only be called" if attr in sem.JSON_FUNCTIONS else
                                   f"module '{module}' has no attribute '{attr}' in ssc (it has "
                                   f"{', '.join(sem.JSON_FUNCTIONS)} and JSONDecodeError)", expr.span)
            case n.Attribute(value=value, attr=attr):
                ty = self.expr(value)
                found = sem.ATTRIBUTES.get((ty, attr))
                if found is None:
                    if self.method_ops(ty, attr) is not None:
                        raise CompileError(f"the method '{ty}.{attr}' can only be called", expr.span)
                    raise CompileError(f"'{ty}' object has no attribute '{attr}'", expr.span)
                self.ops[expr] = found
                place = self.optional_place(expr)
                if place is not None and place[0] in self.flow.narrow:
                    self.narrowed.add(expr)
                    return self.flow.narrow[place[0]]
                return found.result
            case n.Subscript():
                return self.subscript(expr)
            case n.Tuple(elts=elts):
                if any(isinstance(e, n.Starred) for e in elts):
                    raise CompileError("starred expressions are not supported", expr.span)
                return TupleType(tuple(self.expr(e) for e in elts))
            case n.List(elts=elts):
                if not elts:
                    return ListType(_UNKNOWN)
                return ListType(self.items(elts, "list"))
            case n.Set(elts=elts):
                elem = self.items(elts, "set")
                if not is_hashable(elem):
                    raise CompileError(f"set items must be hashable, and {elem} is not", expr.span)
                return SetType(elem)
            case n.Dict(keys=keys, values=values):
                if not keys:
                    return DictType(_UNKNOWN, _UNKNOWN)
                if any(k is None for k in keys):
                    raise CompileError("'**' in dict displays is not supported", expr.span)
                key = self.items(keys, "dict key")  # type: ignore[arg-type]
                if key not in (STR, BYTES, INT, ANY):
                    raise CompileError(f"dict keys must be str, bytes or int, not {key}", expr.span)
                return DictType(key, self.items(values, "dict value"))
            case n.ListComp() | n.SetComp() | n.DictComp():
                return self.comprehension(expr)
            case n.JoinedStr(values=values):
                for value in values:
                    if isinstance(value, n.FormattedValue):
                        self.formatted(value)
                    else:
                        self.expr(value)
                return STR
            case n.GeneratorExp():
                raise CompileError("generator expressions are not supported: use a list comprehension",
                                   expr.span)
            case n.Slice():
                raise CompileError("a slice can only appear inside [...]", expr.span)
            case n.Starred():
                raise CompileError("starred expressions are not supported", expr.span)
            case n.Unsupported(what=what):
                raise CompileError(f"{what} are not supported", expr.span)
        raise CompileError(f"{describe(expr)} are not supported", expr.span)

    def items(self, elts: tuple[n.Expr, ...], what: str) -> Type:
        """The common type of a display's items (int and float mix to float, T and None to T | None)."""
        types = [self.expr(e) for e in elts]
        result: Type | None = types[0]
        for ty in types[1:]:
            result = _join(result, ty) if result is not None else None
        if result is None:
            shown = ", ".join(sorted({str(t) for t in types}))
            raise CompileError(f"{what} items must have one type, not {shown}", elts[0].span)
        for elt, ty in zip(elts, types):
            self.coerce(elt, result, given=ty)
        return result

    def formatted(self, value: n.FormattedValue) -> None:
        ty = self.expr(value.value)
        if isinstance(ty, SetType) or _contains_set(ty):
            raise CompileError("formatting a set is not supported: CPython's set order depends on hashing; "
                               "format sorted(s) instead", value.span)
        spec = value.format_spec
        if ty == EXCEPTION and (spec is not None or value.conversion):
            raise CompileError("an exception formats only as {e} (its message)", value.span)
        text = None
        if ty == ANY:
            if spec is not None:
                self.expr(spec)
            self.ops[value] = sem.ANY_FORMAT
            self.types[value] = ty
            return
        if spec is not None:
            self.expr(spec)
            text = _constant_text(spec)
            if text is not None and value.conversion == "":
                sample = _sample(ty)
                if sample is not _NO_SAMPLE:
                    try:
                        format(sample, text)
                    except (ValueError, TypeError) as err:
                        raise CompileError(f"invalid format spec {text!r} for {ty}: {err}", spec.span) from None
                elif text:
                    raise CompileError(f"format spec {text!r} is not supported for {ty}", spec.span)
        formatter = sem.field_formatter(ty, text, spec is not None, value.conversion)
        if formatter.impl in sem.SPEC_DEFAULTS:
            # a constant spec of a known type: parsed here, not at each run
            assert text is not None
            self.format_specs[value] = sem.parse_format_spec(text, *sem.SPEC_DEFAULTS[formatter.impl])
        self.ops[value] = formatter
        if formatter.params and formatter.params[0].type not in (ty, STR if ty == EXCEPTION else ty):
            self.coercions[value.value] = Coercion(ty, formatter.params[0].type)
        self.types[value] = ty

    def bool_value(self, expr: n.BoolOp, op: str, values: tuple[n.Expr, ...]) -> Type:
        """``a or b`` as a value: the first truthy operand (``and``: the first falsy), like CPython.

        Each operand but the last gets its truth op under ``ops[(operand, "truth")]``,
        and the conversion of its value to the result under ``coercions[(operand, "result")]``.
        """
        saved = self.flow
        self.flow = saved.copy()
        results: list[Type] = []
        for index, value in enumerate(values):
            ty = self.expr(value)
            returned = ty
            if index < len(values) - 1:
                truth = sem.TRUTH.get(family(ty))
                if truth is None:
                    raise CompileError(f"the truth value of a {ty} is not supported", value.span)
                self.ops[(value, "truth")] = truth
                if op == "or" and isinstance(ty, OptionalType):
                    returned = ty.inner  # returned only when truthy, so present
                narrowing = self.narrowing(value)
                if narrowing is not None and narrowing[2] == (op == "and"):
                    self.flow.narrow[narrowing[0]] = narrowing[1]
            results.append(returned)
        self.flow = saved
        result: Type | None = results[0]
        for ty in results[1:]:
            result = _join(result, ty) if result is not None else None
        if result is None:
            raise CompileError(f"the operands of '{op}' have different types ({', '.join(map(str, results))}): "
                               f"its value would be either", expr.span)
        for value, returned in zip(values, results):
            if result == ANY and isinstance(value, _DISPLAYS):
                self.expr_against(value, ANY)
            if self.types[value] != result:
                self.coercions[(value, "result")] = Coercion(self.types[value], result)
        self.ops[expr] = sem.Op("short_circuit", result)
        return result

    def binary_op(self, expr: n.Expr, op: str, lhs: Type, rhs: Type, left: n.Expr,
                  right: n.Expr) -> tuple[sem.Op, Type]:
        if ANY in (lhs, rhs):
            self.to_any(left, lhs, expr)
            self.to_any(right, rhs, expr)
            found = sem.Op(sem.ANY_BINARY.impl, ANY, (sem.Param("op", INT, sem.ANY_BINARY_CODES[op]),), raises=True)
            return found, ANY
        if op in sem.ARITHMETIC or op in sem.BITWISE:
            if not (op in sem.BITWISE and lhs == BOOL and rhs == BOOL):
                lhs, rhs = self.promote(left, lhs, right, rhs, op)
        if op == "**" and (lhs, rhs) == (INT, INT):
            exponent = _constant_int(right)
            if exponent is None:
                raise CompileError("int ** int needs a constant exponent: its result is an int or a float "
                                   "depending on the exponent's sign (write float(x) ** n for a float)", expr.span)
            found = sem.INT_POW_NEGATIVE if exponent < 0 else sem.BINARY[("**", INT, INT)]
            return found, found.result
        if op == "**" and (lhs, rhs) == (FLOAT, FLOAT):
            raise CompileError("float ** float is not supported: its result depends on the C library's pow(); "
                               "use an int exponent", expr.span)
        found = sem.BINARY.get((op, lhs, rhs))
        if found is not None:
            return found, found.result
        generic = self.generic_binary(op, lhs, rhs)
        if generic is not None:
            return generic, generic.result
        if op == "%" and lhs in (STR, BYTES):
            raise CompileError("printf-style '%' formatting is not supported: use an f-string", expr.span)
        raise CompileError(f"unsupported operand type(s) for {op}: '{lhs}' and '{rhs}'{_none_hint(lhs) or _none_hint(rhs)}", expr.span)

    def to_any(self, expr: n.Expr, ty: Type, context: n.Node) -> None:
        """Record the conversion of ``expr`` (of type ``ty``) to Any, for an operation with an Any."""
        if ty == ANY:
            return
        if not is_boxable(ty):
            raise CompileError(f"a {ty} cannot be combined with an Any (a JSON value): only None, bool, int, "
                               f"float, str, and lists and dicts of them can", context.span)
        self.coercions[expr] = Coercion(ty, ANY)

    def generic_binary(self, op: str, lhs: Type, rhs: Type) -> sem.Op | None:
        """Sequence operators: repetition (``s * 3``) and list concatenation."""
        if op == "*" and lhs in (STR, BYTES, BOOL, INT) and rhs in (STR, BYTES, INT):
            seq, count = (lhs, rhs) if lhs in (STR, BYTES) else (rhs, lhs)
            if count == INT and seq in (STR, BYTES):
                return sem.Op("sequence_repeat" if lhs == seq else "sequence_repeat_swapped", seq)
        if op == "*" and isinstance(lhs, ListType) and rhs == INT:
            return sem.Op("list_repeat", lhs)
        if op == "+" and isinstance(lhs, ListType) and lhs == rhs:
            return sem.Op("list_concat", lhs)
        if op == "+" and isinstance(lhs, TupleType) and isinstance(rhs, TupleType):
            return sem.Op("tuple_concat", TupleType(lhs.items + rhs.items))
        return None

    def promote(self, left: n.Expr, lhs: Type, right: n.Expr, rhs: Type, op: str) -> tuple[Type, Type]:
        """Python's numeric tower for arithmetic: bool -> int -> float."""
        numeric = (BOOL, INT, FLOAT)
        if lhs not in numeric or rhs not in numeric:
            return lhs, rhs
        if op in sem.BITWISE:
            target_l = target_r = INT
        elif op == "**" and rhs != FLOAT:
            target_l, target_r = (FLOAT if lhs == FLOAT else INT), INT
        else:
            target_l = target_r = FLOAT if FLOAT in (lhs, rhs) else INT
        for expr, source, target in ((left, lhs, target_l), (right, rhs, target_r)):
            if source != target:
                self.coercions[expr] = Coercion(source, target)
        return target_l, target_r

    def compare(self, expr: n.Compare) -> Type:
        operands = (expr.left, *expr.comparators)
        types: list[Type] = []
        for index, op in enumerate(expr.ops):
            left, right = operands[index], operands[index + 1]
            if index == 0:
                if op in ("in", "not in"):
                    types.append(self.expr(left))
                else:
                    types.append(self.expr(left))
            if op in ("in", "not in"):
                self.readonly_ok = True
            types.append(self.expr(right))
            self.ops[(expr, index)] = self.compare_op(expr, op, left, types[index], right, types[index + 1])
        return BOOL

    def compare_op(self, expr: n.Compare, op: str, left: n.Expr, lhs: Type, right: n.Expr, rhs: Type) -> sem.Op:
        if ANY in (lhs, rhs):
            return self.any_compare_op(expr, op, left, lhs, right, rhs)
        if op in ("is", "is not"):
            if NONE not in (lhs, rhs):
                raise CompileError("'is' is only supported with None (x is None): use == to compare values",
                                   expr.span)
            return sem.Op("is_none", BOOL, negate=op == "is not")
        if op in ("==", "!=") and NONE in (lhs, rhs):
            return sem.Op("is_none", BOOL, negate=op == "!=")
        if op in ("in", "not in"):
            negate = op == "not in"
            if rhs == BYTES and lhs in (INT, BOOL):
                if lhs == BOOL:
                    self.coercions[left] = Coercion(BOOL, INT)
                return sem.Op("bytes_contains_int", BOOL, raises=True, negate=negate)
            found = sem.COMPARE.get((op, lhs, rhs))
            if found is not None:
                return found
            container_op = sem.CONTAINS.get(family(rhs))
            if container_op is not None:
                element = _container_element(rhs)
                if element is not None and _assignable(lhs, element):
                    if lhs != element:
                        self.coercions[left] = Coercion(lhs, element)
                    return sem.Op(container_op.impl, BOOL, negate=negate)
                if isinstance(rhs, TupleType) and rhs.items and len(set(rhs.items)) == 1 \
                        and _assignable(lhs, rhs.items[0]):
                    item = rhs.items[0]
                    if lhs != item:
                        self.coercions[left] = Coercion(lhs, item)
                    self.ops[(expr, "item_eq")] = self.compare_op(expr, "==", left, item, right, item)
                    return sem.Op(container_op.impl, BOOL, negate=negate)
            raise CompileError(f"'{op}' is not supported between '{lhs}' and '{rhs}'", expr.span)
        if lhs == BOOL and rhs in (INT, FLOAT):
            self.coercions[left] = Coercion(BOOL, INT)
            lhs = INT
        if rhs == BOOL and lhs in (INT, FLOAT):
            self.coercions[right] = Coercion(BOOL, INT)
            rhs = INT
        found = sem.COMPARE.get((op, lhs, rhs))
        if found is not None:
            return found
        if lhs == rhs and family(lhs) in ("tuple", "list", "dict", "set", "Optional"):
            if op in ("==", "!="):
                return sem.Op("value_eq", BOOL, negate=op == "!=")
            if family(lhs) in ("tuple", "list"):
                return sem.Op("value_order", BOOL, raises=True)
        joined = _join(lhs, rhs)
        if op in ("==", "!=") and isinstance(joined, OptionalType):
            self.coerce(left, joined, given=lhs)
            self.coerce(right, joined, given=rhs)
            return sem.Op("value_eq", BOOL, negate=op == "!=")
        if op in ("==", "!="):
            raise CompileError(f"comparing {lhs} with {rhs} is always {'False' if op == '==' else 'True'} in "
                               f"Python: convert one side first", expr.span)
        raise CompileError(f"'{op}' not supported between instances of '{lhs}' and '{rhs}'", expr.span)

    def any_compare_op(self, expr: n.Compare, op: str, left: n.Expr, lhs: Type, right: n.Expr,
                       rhs: Type) -> sem.Op:
        """A comparison with an Any side: decided at run time, as CPython decides it."""
        negate = op in ("not in", "is not")
        if op in ("is", "is not"):
            if NONE not in (lhs, rhs):
                raise CompileError("'is' is only supported with None (x is None): use == to compare values",
                                   expr.span)
            return sem.Op(sem.ANY_IS_NONE.impl, BOOL, negate=negate)
        if op in ("in", "not in") and rhs != ANY:
            # x in (a, b) / x in [a, b] / x in d, with x an Any: each item compared with ==
            if isinstance(rhs, TupleType) and all(is_boxable(t) for t in rhs.items):
                return sem.Op(sem.ANY_IN_ITEMS.impl, BOOL, raises=True, negate=negate)
            self.to_any(right, rhs, expr)
        else:
            self.to_any(left, lhs, expr)
            self.to_any(right, rhs, expr)
        if op in ("in", "not in"):
            return sem.Op(sem.ANY_CONTAINS.impl, BOOL, raises=True, negate=negate)
        return sem.ANY_COMPARE

    # ---- names ---------------------------------------------------------------

    def name(self, expr: n.Name, name: str) -> Type:
        if name in self.poisoned and self.function is not None and name not in self.flow.assigned:
            raise _Silent(f"'{name}' had an error", expr.span)
        key = self.local_key(name)
        if key is not None and self.function is not None:
            if key not in self.flow.assigned:
                if key in self.function.locals or name in self.local_names:
                    raise CompileError(f"local variable '{name}' may be used before it is assigned", expr.span)
            declared = self.function.locals.get(key)
            if declared is None:
                raise CompileError(f"local variable '{name}' is used before it is assigned", expr.span)
            self.bindings[expr] = Binding("local", key, declared)
            narrowed = self.flow.narrow.get(key)
            if narrowed is not None:
                self.narrowed.add(expr)
                return narrowed
            return declared
        if name in self.broken_constants and name not in self.constants:
            raise _Silent(f"'{name}' had an error", expr.span)
        if name in self.constants and self.constants[name].state:
            self.bindings[expr] = Binding("state", name, self.constants[name].type)
            return self.constants[name].type
        if name in self.constants:
            constant = self.constants[name]
            if family(constant.type) in ("list", "dict", "set") and not self.readonly_ok:
                raise CompileError(f"the module table '{name}' is frozen: read it directly ({name}[k], k in {name}, "
                                   f"for x in {name}, {name}.get(k)) or copy it first", expr.span)
            self.bindings[expr] = Binding("constant", name, constant.type)
            return constant.type
        if name in self.functions:
            raise CompileError(f"the function '{name}' can only be called", expr.span)
        if name in sem.BUILTIN_FUNCTIONS or name in EXCEPTION_NAMES:
            raise CompileError(f"the builtin '{name}' can only be called", expr.span)
        if name in self.imported:
            raise CompileError(f"'{name}' can only be used as a decorator or annotation", expr.span)
        raise CompileError(f"name '{name}' is not defined", expr.span)

    def is_builtin(self, name: str) -> bool:
        return self.local_key(name) is None and name not in self.constants and name not in self.functions

    def reject_frozen(self, expr: n.Expr, action: str) -> None:  # noqa: D401
        if isinstance(expr, n.Name) and self.bindings.get(expr, Binding("", "", NONE)).kind == "constant":
            raise CompileError(f"cannot {action} the module table '{expr.id}': module constants are frozen",
                               expr.span)

    def constant(self, expr: n.Constant, value: object) -> Type:
        match value:
            case bool():
                return BOOL
            case int():
                if not INT64_MIN <= value <= INT64_MAX:
                    raise CompileError(f"integer literal {value} does not fit in 64 bits", expr.span)
                return INT
            case float():
                return FLOAT
            case str():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise CompileError("str literals with lone surrogates are not supported", expr.span) from None
                return STR
            case bytes():
                return BYTES
            case None:
                return NONE
        raise CompileError("this literal ('...') is not supported", expr.span)

    # ---- subscripts -----------------------------------------------------------

    def subscript(self, expr: n.Subscript) -> Type:
        self.readonly_ok = True
        container = self.expr(expr.value)
        if container == ANY and isinstance(expr.index, n.Slice):
            for part in (expr.index.lower, expr.index.upper, expr.index.step):
                if part is not None:
                    self.coerce(part, optional(INT))
            self.ops[expr] = sem.ANY_GETSLICE
            return ANY
        if container == ANY:
            self.to_any(expr.index, self.expr(expr.index), expr)
            self.ops[expr] = sem.ANY_GETITEM_STR if _is_str_constant(expr.index) else sem.ANY_GETITEM
            return ANY
        if isinstance(expr.index, n.Slice):
            for part in (expr.index.lower, expr.index.upper, expr.index.step):
                if part is not None:
                    self.coerce(part, optional(INT))
            if container in (STR, BYTES) or isinstance(container, ListType):
                self.ops[expr] = sem.Op(f"{family(container)}_slice", container, raises=True)
                return container
            if isinstance(container, TupleType):
                parts = [_constant_int(p) if p is not None else None
                         for p in (expr.index.lower, expr.index.upper, expr.index.step)]
                given = [p is not None for p in (expr.index.lower, expr.index.upper, expr.index.step)]
                if any(g and v is None for g, v in zip(given, parts)) or parts[2] == 0:
                    raise CompileError("slicing a tuple needs constant bounds (and a non-zero step)", expr.span)
                indices = range(len(container.items))[slice(*parts)]
                self.ops[expr] = sem.Op("tuple_slice", TupleType(tuple(container.items[i] for i in indices)))
                return self.ops[expr].result
            raise CompileError(f"'{container}' object is not subscriptable with a slice", expr.span)
        index = self.expr(expr.index)
        match container:
            case DictType(key=key, value=value):
                self.coerce(expr.index, key, given=index)
                self.ops[expr] = sem.Op("dict_get", value, raises=True)
                return value
            case ListType(elem=elem):
                self.coerce(expr.index, INT, given=index)
                self.ops[expr] = sem.Op("list_get", elem, raises=True)
                return elem
            case TupleType(items=items):
                self.coerce(expr.index, INT, given=index)
                position = _constant_int(expr.index)
                if position is not None:
                    if not -len(items) <= position < len(items):
                        raise CompileError("tuple index out of range", expr.index.span)
                    self.ops[expr] = sem.Op("tuple_get", items[position])
                    return items[position]
                if len(set(items)) != 1:
                    raise CompileError(f"indexing a {container} needs a constant index, as its items have "
                                       f"different types", expr.index.span)
                self.ops[expr] = sem.Op("tuple_get_dynamic", items[0], raises=True)
                return items[0]
        if container == STR:
            self.coerce(expr.index, INT, given=index)
            self.ops[expr] = sem.Op("str_get", STR, raises=True)
            return STR
        if container == BYTES:
            self.coerce(expr.index, INT, given=index)
            self.ops[expr] = sem.Op("bytes_get", INT, raises=True)
            return INT
        raise CompileError(f"'{container}' object is not subscriptable", expr.span)

    # ---- calls ------------------------------------------------------------------

    def call(self, call: n.Call) -> Type:
        match call.func:
            case n.Name(id=name) if name in self.functions and self.local_key(name) is None:
                return self.call_function(call, self.functions[name])
            case n.Name(id=name) if self.local_key(name) is None and name not in self.constants:
                if name in EXCEPTION_NAMES:
                    raise CompileError(f"creating a {name} outside 'raise' is not supported", call.span)
                if name in sem.SPECIAL_BUILTINS:
                    return self.special_builtin(call, name)
                if name in sem.BUILTIN_FUNCTIONS or name in _table_builtin_names():
                    return self.builtin(call, name)
                if name in self.imported or hasattr(builtins, name):
                    what = {"print": "print() is not supported: a SmartStream returns its results",
                            "eval": "eval() is not supported: ssc compiles the program ahead of time",
                            "exec": "exec() is not supported: ssc compiles the program ahead of time"}.get(name)
                    raise CompileError(what or f"calling '{name}' is not supported", call.func.span)
                raise CompileError(f"name '{name}' is not defined", call.func.span)
            case n.Attribute(value=receiver, attr=attr):
                return self.method_call(call, receiver, attr)
        callee = self.expr(call.func)
        raise CompileError(f"'{callee}' object is not callable", call.func.span)

    def call_function(self, call: n.Call, info: FunctionInfo) -> Type:
        if any(e is not None and info.node is e.function for e in (self.entry, *self.auxiliary.values())):
            raise CompileError(f"the entry function '{info.node.name}' cannot be called from Python code",
                               call.span)
        params = [sem.Param(name, ty, keyword=True) for name, ty in info.params]
        self.bind_arguments(call, info.node.name, params, {})
        self.ops[call] = sem.Op("call_function", info.result, raises=True)
        self.bindings[call] = Binding("function", info.node.name, info.result)
        return info.result

    def bind_arguments(self, call: n.Call, what: str, params: list[sem.Param],
                       mapping: dict[Type, Type]) -> list[n.Expr | None]:
        """Match a call's arguments to ``params``; check and record each; return them in order."""
        given: list[n.Expr | None] = [None] * len(params)
        if len(call.args) > len(params):
            raise CompileError(f"{what}() takes at most {len(params)} argument(s) ({len(call.args)} given)",
                               call.span)
        for index, arg in enumerate(call.args):
            if isinstance(arg, n.Starred):
                raise CompileError("'*' argument unpacking is not supported", arg.span)
            given[index] = arg
        for kw in call.keywords:
            names = [p.name for p in params]
            if kw.name not in names or not params[names.index(kw.name)].keyword:
                raise CompileError(f"{what}() got an unexpected keyword argument '{kw.name}'", kw.span)
            index = names.index(kw.name)
            if given[index] is not None:
                raise CompileError(f"{what}() got multiple values for argument '{kw.name}'", kw.span)
            given[index] = kw.value
        for param, arg in zip(params, given):
            if arg is None:
                if param.default is sem.REQUIRED:
                    raise CompileError(f"{what}() missing required argument: '{param.name}'", call.span)
                continue
            wanted = substitute(param.type, mapping)
            if isinstance(wanted, ListType) and isinstance(arg, n.Tuple):
                # a tuple literal where the runtime takes a list: s.startswith(("a", "b"))
                items = TupleType(tuple(self.expr(e) for e in arg.elts))
                self.types[arg] = items
                if not all(_assignable(t, wanted.elem) for t in items.items) or not items.items:
                    raise CompileError(f"expected a tuple of {wanted.elem}, got {items}", arg.span)
                for elt, t in zip(arg.elts, items.items):
                    if t != wanted.elem:
                        self.coercions[elt] = Coercion(t, wanted.elem)
                self.coercions[arg] = Coercion(items, wanted)
                continue
            self.coerce(arg, wanted)
        self.arguments[call] = tuple(given)
        return given

    def method_ops(self, ty: Type, attr: str) -> tuple[sem.Op, ...] | None:
        for table in _method_tables():
            for key in ((ty, attr), (family(ty), attr)):
                found = table.get(key)  # type: ignore[call-overload]
                if found is not None:
                    return found if isinstance(found, tuple) else (found,)
        return None

    def method_call(self, call: n.Call, receiver: n.Expr, attr: str) -> Type:
        if isinstance(receiver, n.Name) and receiver.id in self.modules and self.local_key(receiver.id) is None \
                and receiver.id not in self.constants:
            return self.json_call(call, attr)
        self.readonly_ok = True
        ty = self.expr(receiver)
        if ty == ANY:
            return self.any_method_call(call, attr)
        if (ty, attr) in sem.CODEC_METHODS:
            decoded = self.codec_call(call, ty, attr)
            if decoded is not None:
                return decoded
        candidates = self.method_ops(ty, attr)
        if candidates is None:
            raise CompileError(f"'{ty}' object has no method '{attr}' in ssc{_none_hint(ty)}", call.func.span)
        if isinstance(receiver, n.Name) and self.bindings.get(receiver, Binding("", "", NONE)).kind == "constant" \
                and attr in _MUTATING_METHODS:
            raise CompileError(f"cannot call '{attr}' on the module table '{receiver.id}': module constants "
                               f"are frozen", call.func.span)
        mapping = bindings(ty)
        last_error: CompileError | None = None
        for op in candidates:
            errors_before = len(self.errors)
            try:
                trial = _Trial(self)
                with trial:
                    self.bind_arguments(call, f"{family(ty)}.{attr}", list(op.params), mapping)
            except CompileError as err:
                last_error = err
                del self.errors[errors_before:]
                continue
            self.bind_arguments(call, f"{family(ty)}.{attr}", list(op.params), mapping)
            result = substitute(op.result, mapping)
            self.ops[call] = sem.Op(op.impl, result, op.params, op.raises, op.negate)
            return result
        assert last_error is not None
        raise last_error

    def any_method_call(self, call: n.Call, attr: str) -> Type:
        """``x.m(...)`` for an Any x: a dict or list method (dispatched at run time), or a str
        method, called once the guest has checked that x is a str."""
        op = sem.ANY_METHODS.get(attr)
        if op is not None:
            given = self.bind_arguments(call, attr, list(op.params), {})
            if attr == "get" and given[0] is not None and _is_str_constant(given[0]):
                op = sem.Op(sem.ANY_GET_STR, op.result, op.params, op.raises)
            self.ops[call] = op
            return op.result
        if (STR, attr) in sem.CODEC_METHODS:   # x.encode(...): once x is known to be a str
            encoded = self.codec_call(call, STR, attr)
            assert encoded is not None
            self.ops[(call, "str")] = self.ops[call]
            self.ops[call] = sem.Op(sem.ANY_STR_METHOD, encoded, (), raises=True)
            return encoded
        candidates = self.method_ops(STR, attr)
        if candidates is None:
            raise CompileError(f"'{attr}' is not a method of a JSON value (dict, list or str) in ssc", call.func.span)
        last_error: CompileError | None = None
        for candidate in candidates:
            errors_before = len(self.errors)
            try:
                with _Trial(self):
                    self.bind_arguments(call, f"str.{attr}", list(candidate.params), {})
            except CompileError as err:
                last_error = err
                del self.errors[errors_before:]
                continue
            self.bind_arguments(call, f"str.{attr}", list(candidate.params), {})
            self.ops[call] = sem.Op(sem.ANY_STR_METHOD, candidate.result, candidate.params, raises=True)
            self.ops[(call, "str")] = candidate
            return candidate.result
        assert last_error is not None
        raise last_error

    def json_call(self, call: n.Call, attr: str) -> Type:
        """``json.loads(s)`` and ``json.dumps(obj, ...)``: the json module's functions ssc compiles."""
        if attr == "loads":
            for kw in call.keywords:
                why = sem.JSON_REFUSED.get(kw.name)
                raise CompileError(f"json.loads(): {kw.name}= is not supported" + (f": {why}" if why else ""),
                                   kw.span)
            if len(call.args) != 1:
                raise CompileError("json.loads() takes one argument, the JSON text (str or bytes)", call.span)
            ty = self.expr(call.args[0])
            if ty == ANY:
                self.coerce(call.args[0], STR, given=ty)
                ty = STR
            op = sem.JSON_LOADS.get(ty)
            if op is None:
                raise CompileError(f"the JSON object must be str, bytes or bytearray, not {ty}", call.args[0].span)
            self.ops[call] = op
            return ANY
        if attr == "dumps":
            if len(call.args) != 1:
                raise CompileError("json.dumps() takes one value and keyword options", call.span)
            # a display may mix types, as JSON does ({"a": 1, "b": [None]}): typed as an Any
            ty = self.expr_against(call.args[0], ANY) if isinstance(call.args[0], _DISPLAYS) else \
                self.expr(call.args[0])
            if ty != ANY and isinstance(call.args[0], _DISPLAYS):
                self.coerce(call.args[0], ANY, given=ty)
                ty = ANY
            if _contains_set(ty) or ty in (BYTES, RECORD, EXCEPTION):
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
                    indent = self.expr(kw.value)
                    if indent not in (INT, STR, NONE):
                        raise CompileError(f"json.dumps(): indent must be an int, a str or None, not {indent}",
                                           kw.value.span)
                elif kw.name == "separators":
                    seps = self.expr(kw.value)
                    if seps != NONE and seps != TupleType((STR, STR)):
                        raise CompileError(f"json.dumps(): separators must be a (str, str) tuple or None, not {seps}",
                                           kw.value.span)
                else:
                    self.truth(kw.value)
            self.arguments[call] = (call.args[0], *given)
            self.ops[call] = sem.JSON_DUMPS
            return STR
        if attr in ("load", "dump"):
            raise CompileError(f"json.{attr}() reads or writes a file, which a SmartStream has none of: use "
                               f"json.{attr}s()", call.func.span)
        raise CompileError(f"module 'json' has no function '{attr}' in ssc (it has loads and dumps)", call.func.span)

    def codec_call(self, call: n.Call, ty: Type, attr: str) -> Type | None:
        """``decode``/``encode`` take (encoding="utf-8", errors="strict") as constants.

        UTF-8 strict has its own fast operation; other codecs and error handlers
        (``None`` returned) go through the general ``bytes.decode`` row.
        """
        method = f"{ty}.{attr}"
        given: dict[str, n.Expr] = {}
        if len(call.args) > len(sem.CODEC_PARAMS):
            raise CompileError(f"{method}() takes at most 2 arguments", call.span)
        for param, arg in zip(sem.CODEC_PARAMS, call.args):
            given[param] = arg
        for kw in call.keywords:
            if kw.name not in sem.CODEC_PARAMS:
                raise CompileError(f"{method}() got an unexpected keyword argument '{kw.name}'", kw.span)
            if kw.name in given:
                raise CompileError(f"{method}() got multiple values for argument '{kw.name}'", kw.span)
            given[kw.name] = kw.value
        for param, arg in given.items():
            if not (isinstance(arg, n.Constant) and isinstance(arg.value, str)):
                raise CompileError(f"the {param} of {method}() must be a string literal", arg.span)
            self.expr(arg)
        encoding = "utf-8"
        if "encoding" in given:
            text = given["encoding"].value  # type: ignore[union-attr]
            try:
                encoding = codecs.lookup(text).name
            except LookupError:
                raise CompileError(f"unknown encoding: {text}", given["encoding"].span) from None
        errors = given["errors"].value if "errors" in given else "strict"  # type: ignore[union-attr]
        key = (encoding, errors)
        if attr == "encode":
            if key != ("utf-8", "strict"):
                raise CompileError(f"str.encode() supports only encoding='utf-8' with errors='strict', not "
                                   f"{encoding!r} with {errors!r}", call.span)
            if "json" in self.modules.values():   # a str from JSON may hold a lone surrogate
                self.ops[call] = sem.Op("utf8_encode_checked", BYTES, raises=True)
            else:
                self.ops[call] = sem.Op("utf8_encode", BYTES)
            return BYTES
        if key == ("utf-8", "strict"):
            self.ops[call] = sem.Op("utf8_decode", STR, raises=True)
            return STR
        if encoding not in _CODECS or errors not in _ERROR_HANDLERS:
            raise CompileError(f"bytes.decode() supports the utf-8, ascii and latin-1 codecs with errors "
                               f"{', '.join(repr(e) for e in _ERROR_HANDLERS)}, not {encoding!r} with {errors!r}",
                               call.span)
        return None

    def builtin(self, call: n.Call, name: str) -> Type:
        if call.keywords:
            raise CompileError(f"{name}() takes no keyword arguments in ssc", call.keywords[0].span)
        arg_types = tuple(self.expr(arg) for arg in call.args)
        families = tuple(family(t) for t in arg_types)
        found = sem.BUILTIN_CALLS.get((name, families))
        if found is None:
            for table in _builtin_tables():
                found = table.get((name, arg_types)) or table.get((name, families))  # type: ignore[call-overload]
                if found is not None:
                    break
        if found is None:
            shown = ", ".join(str(t) for t in arg_types) or "no arguments"
            raise CompileError(f"{name}() is not supported for ({shown})", call.span)
        mapping = bindings(arg_types[0]) if arg_types else {}
        for arg, ty, param in zip(call.args, arg_types, found.params or ()):
            self.coerce(arg, substitute(param.type, mapping), given=ty)
        result = substitute(found.result, mapping)
        self.ops[call] = sem.Op(found.impl, result, found.params, found.raises, found.negate)
        return result

    def special_builtin(self, call: n.Call, name: str) -> Type:
        """Builtins whose result type depends on their arguments' types."""
        args = call.args
        if name == "sorted":
            return self.sorted_call(call)
        if call.keywords:
            raise CompileError(f"{name}() takes no keyword arguments in ssc", call.keywords[0].span)
        if name in ("range", "enumerate", "zip"):
            raise CompileError(f"{name}() is supported as the iterable of a 'for' loop or comprehension; "
                               f"wrap it in list(...) for a list", call.span)
        if name == "print":
            raise CompileError("print() is not supported: a SmartStream returns its results", call.func.span)
        if name == "isinstance":
            return self.isinstance_call(call)
        if name in ("str", "repr"):
            if len(args) != 1:
                if name == "str" and not args:
                    self.ops[call] = sem.Op("empty_str", STR)
                    return STR
                raise CompileError(f"{name}() takes exactly one argument", call.span)
            ty = self.expr(args[0])
            if isinstance(ty, SetType) or _contains_set(ty):
                raise CompileError("converting a set to text is not supported: CPython's set order depends on "
                                   "hashing; use sorted(s)", call.span)
            if ty == EXCEPTION and name == "repr":
                raise CompileError("repr() of an exception is not supported: use str(e)", call.span)
            if name == "str" and ty == BYTES:
                raise CompileError("str(b) of bytes gives their repr (b'...'); decode them with b.decode(), or "
                                   "write repr(b)", call.span)
            if ty == ANY:
                self.ops[call] = sem.ANY_STR if name == "str" else sem.ANY_REPR
                return STR
            self.ops[call] = sem.Op("value_str" if name == "str" else "value_repr", STR)
            return STR
        if name == "bool":
            if len(args) != 1:
                raise CompileError("bool() takes exactly one argument", call.span)
            self.truth(args[0])
            self.ops[call] = sem.Op("identity", BOOL)
            return BOOL
        if name == "len":
            if len(args) != 1:
                raise CompileError(f"len() takes exactly one argument ({len(args)} given)", call.span)
            self.readonly_ok = True
            ty = self.expr(args[0])
            found = sem.BUILTIN_CALLS.get(("len", (family(ty),)))
            if found is None:
                raise CompileError(f"object of type '{ty}' has no len(){_none_hint(ty)}", call.span)
            self.ops[call] = found
            return INT
        if name in ("min", "max", "sum"):
            return self.reduce_call(call, name)
        if name in ("list", "set", "tuple", "dict"):
            return self.constructor_call(call, name)
        raise AssertionError(name)

    def sorted_call(self, call: n.Call) -> Type:
        if len(call.args) != 1:
            raise CompileError("sorted() takes one iterable (and reverse=...)", call.span)
        for kw in call.keywords:
            if kw.name != "reverse":
                what = "key functions are not supported (lambdas are refused)" if kw.name == "key" else \
                    f"unexpected keyword argument '{kw.name}'"
                raise CompileError(f"sorted(): {what}", kw.span)
            self.truth(kw.value)
        elem = self.iterable_elem(call.args[0], allow_set=True)
        self.ops[call] = sem.Op("sorted", ListType(elem), raises=True)
        return ListType(elem)

    def iterable_elem(self, expr: n.Expr, *, allow_set: bool = False) -> Type:
        """The element type of an iterable argument; records its iteration."""
        if allow_set:
            self.readonly_ok = True
            ty = self.expr(expr)
            if isinstance(ty, SetType):
                self.iterations[expr] = Iteration("set", ty.elem, (expr,))
                return ty.elem
            del self.types[expr]
        iteration = self.iteration(expr)
        self.iterations[expr] = iteration
        return iteration.item

    def reduce_call(self, call: n.Call, name: str) -> Type:
        args = call.args
        if name != "sum" and len(args) >= 2:
            types = [self.expr(a) for a in args]
            result = types[0]
            for ty in types[1:]:
                joined = _join(result, ty)
                if joined is None:
                    raise CompileError(f"{name}() arguments must have one type", call.span)
                result = joined
            for arg, ty in zip(args, types):
                self.coerce(arg, result, given=ty)
            self.ops[call] = sem.Op(f"{name}_args", result, raises=True)
            return result
        if len(args) != (1 if name != "sum" else len(args)) or not args or len(args) > 2:
            raise CompileError(f"{name}() takes one iterable" + (" and an optional start" if name == "sum" else ""),
                               call.span)
        elem = self.iterable_elem(args[0], allow_set=name != "sum")
        if name == "sum":
            if elem == BOOL:
                elem = INT
            if elem not in (INT, FLOAT):
                raise CompileError(f"sum() of {elem} items is not supported (only int and float)", call.span)
            if elem == FLOAT and len(args) == 1:
                raise CompileError("sum() of floats starts from the int 0, so it is 0, not 0.0, when there are "
                                   "no items: write sum(xs, 0.0)", call.span)
            if len(args) == 2:
                start = self.expr(args[1])
                if start == FLOAT and elem == INT:
                    elem = FLOAT
                self.coerce(args[1], elem, given=start)
        self.ops[call] = sem.Op(f"{name}_iter", elem, raises=True)
        return elem

    def constructor_call(self, call: n.Call, name: str) -> Type:
        args = call.args
        if name == "dict":
            if not args:
                raise CompileError("cannot infer the types of dict(): annotate, e.g. 'd: dict[str, int] = {}'",
                                   call.span)
            self.readonly_ok = True
            ty = self.expr(args[0])
            if len(args) == 1 and isinstance(ty, DictType):
                self.ops[call] = sem.Op("dict_copy", ty)
                return ty
            raise CompileError("dict() copies a dict: dict(d)", call.span)
        if not args:
            raise CompileError(f"cannot infer the item type of {name}(): annotate, e.g. 'xs: list[str] = []'",
                               call.span)
        if len(args) > 1:
            raise CompileError(f"{name}() takes at most one argument", call.span)
        if name == "tuple":
            raise CompileError("tuple() of an iterable has no fixed length: use list(...)", call.span)
        elem = self.iterable_elem(args[0], allow_set=name == "set")
        if name == "set":
            if not is_hashable(elem):
                raise CompileError(f"set items must be hashable, and {elem} is not", call.span)
            self.ops[call] = sem.Op("set_from_iter", SetType(elem))
            return SetType(elem)
        self.ops[call] = sem.Op("list_from_iter", ListType(elem), raises=True)
        return ListType(elem)

    def isinstance_call(self, call: n.Call) -> Type:
        if len(call.args) != 2:
            raise CompileError("isinstance() takes a value and a type", call.span)
        ty = self.expr(call.args[0])
        # a class, a tuple of classes, or a union of them (isinstance(x, int | str))
        classes = _union_members(call.args[1].elts if isinstance(call.args[1], n.Tuple) else (call.args[1],))
        names = []
        for cls in classes:
            if not (isinstance(cls, n.Name) and cls.id in _ISINSTANCE_TYPES):
                raise CompileError(f"isinstance() checks against {', '.join(_ISINSTANCE_TYPES)}", cls.span)
            names.append(cls.id)
        if ty == ANY:
            mask = 0
            for cls in names:
                if cls not in sem.ANY_ISINSTANCE_TAGS:
                    continue   # bytes, set, tuple: never a JSON value
                mask |= 1 << sem.ANY_ISINSTANCE_TAGS[cls]
                if cls == "int":
                    mask |= 1 << sem.ANY_ISINSTANCE_TAGS["bool"]
            self.ops[call] = sem.Op("ssc_any_isinstance", BOOL, (sem.Param("mask", INT, mask),))
            return BOOL
        inner = ty.inner if isinstance(ty, OptionalType) else ty
        matches = any(_isinstance_static(inner, cls) for cls in names)
        if isinstance(ty, OptionalType) and matches:
            self.ops[call] = sem.Op("isinstance_present", BOOL)
        else:
            self.ops[call] = sem.Op("isinstance_true" if matches else "isinstance_false", BOOL)
        return BOOL

    # ---- comprehensions ------------------------------------------------------------

    def comprehension(self, expr: n.ListComp | n.SetComp | n.DictComp, expected: Type | None = None,
                      key_value: tuple[Type, Type] | None = None) -> Type:
        """A comprehension's type; ``expected`` types its items from the context, as displays do."""
        assert self.function is not None
        self.counter += 1
        scope: dict[str, str] = {}
        saved_flow = self.flow.copy()
        self.scopes.append(scope)
        try:
            for generator in expr.generators:
                iteration = self.iteration(generator.iter)
                self.iterations[generator] = iteration
                for name in _target_names(generator.target):
                    scope[name] = f"{name}.comp{self.counter}"
                self.assign(generator.target, iteration.item, None)
                for cond in generator.ifs:
                    yes, _ = self.condition(cond)
                    self.flow = yes
            if isinstance(expr, n.DictComp) and key_value is not None:
                self.coerce(expr.key, key_value[0])
                self.coerce(expr.value, key_value[1])
                return DictType(*key_value)
            if isinstance(expr, n.DictComp):
                key, value = self.expr(expr.key), self.expr(expr.value)
                if key not in (STR, BYTES, INT, ANY):
                    raise CompileError(f"dict keys must be str, bytes or int, not {key}", expr.key.span)
                return DictType(key, value)
            if expected is not None:
                self.coerce(expr.elt, expected)
                elem = expected
            else:
                elem = self.expr(expr.elt)
            if isinstance(expr, n.SetComp):
                if not is_hashable(elem):
                    raise CompileError(f"set items must be hashable, and {elem} is not", expr.elt.span)
                return SetType(elem)
            return ListType(elem)
        finally:
            self.scopes.pop()
            self.flow = saved_flow


class _Trial:
    """Check a candidate overload without keeping what it recorded."""

    def __init__(self, checker: _Checker) -> None:
        self.checker = checker

    def __enter__(self) -> None:
        c = self.checker
        self.saved = (dict(c.types), dict(c.ops), dict(c.coercions), dict(c.bindings), set(c.narrowed),
                      dict(c.iterations), dict(c.arguments))

    def __exit__(self, *exc: object) -> None:
        c = self.checker
        (c.types, c.ops, c.coercions, c.bindings, c.narrowed, c.iterations,
         c.arguments) = self.saved  # type: ignore[assignment]


# ---- helpers ------------------------------------------------------------------

_UNKNOWN = NONE.__class__("?")
#: Displays, which take their type from where they are used.
_DISPLAYS = (n.List, n.Dict, n.ListComp, n.DictComp)
_ALTERNATIVES = {
    "class definitions": " (user-defined exceptions neither): raise a builtin exception such as ValueError",
    "'with' statements": ": a SmartStream has no resources to manage",
}
_NO_SAMPLE = object()
_ISINSTANCE_TYPES = ("int", "float", "bool", "str", "bytes", "list", "dict", "set", "tuple")
_MUTATING_METHODS = frozenset({"append", "extend", "pop", "insert", "sort", "reverse", "clear", "update",
                               "setdefault", "add", "discard", "remove"})
#: The codecs (codecs.lookup names) and error handlers of bytes.decode in the guest.
_CODECS = ("utf-8", "ascii", "iso8859-1", "latin-1")
_ERROR_HANDLERS = ("strict", "ignore", "replace", "backslashreplace")


def _method_tables() -> tuple[dict, ...]:
    return (sem.METHODS, getattr(sem, "TEXT_METHODS", {}), getattr(sem, "CONTAINER_METHODS", {}))


def _table_builtin_names() -> set[str]:
    return {name for table in _builtin_tables() for name, _ in table}


def _builtin_tables() -> tuple[dict, ...]:
    return (getattr(sem, "TEXT_BUILTINS", {}), getattr(sem, "CONTAINER_BUILTINS", {}))


def _number_hint(source: Type, target: Type) -> str:
    """Why an int is not silently a float here: CPython would keep the int."""
    if (source, target) in ((INT, FLOAT), (BOOL, INT), (BOOL, FLOAT)):
        return f" (CPython would keep the {source} value as it is: convert it with {target}(...))"
    return ""


def _none_hint(ty: Type) -> str:
    """A hint for an optional value used where its inner type is needed."""
    if isinstance(ty, OptionalType):
        return " (it may be None: check 'if x is not None:' first)"
    return ""


def _has_unknown(ty: Type) -> bool:
    match ty:
        case ListType(elem=elem) | SetType(elem=elem):
            return elem == _UNKNOWN or _has_unknown(elem)
        case DictType(key=key, value=value):
            return _UNKNOWN in (key, value) or _has_unknown(value)
        case TupleType(items=items):
            return any(_has_unknown(t) for t in items)
    return ty == _UNKNOWN


def _union_members(classes: tuple[n.Expr, ...]) -> tuple[n.Expr, ...]:
    """The classes of ``int | str | None``-style unions, flattened (isinstance's second argument)."""
    flat: list[n.Expr] = []
    for cls in classes:
        if isinstance(cls, n.BinOp) and cls.op == "|":
            flat.extend(_union_members((cls.left, cls.right)))
        else:
            flat.append(cls)
    return tuple(flat)


def _is_str_constant(expr: n.Expr) -> bool:
    return isinstance(expr, n.Constant) and isinstance(expr.value, str)


def _contains_any(ty: Type) -> bool:
    match ty:
        case ListType(elem=elem) | SetType(elem=elem) | OptionalType(inner=elem):
            return _contains_any(elem)
        case DictType(key=key, value=value):
            return _contains_any(key) or _contains_any(value)
        case TupleType(items=items):
            return any(_contains_any(t) for t in items)
    return ty == ANY


def _contains_record(ty: Type) -> bool:
    match ty:
        case ListType(elem=elem) | SetType(elem=elem) | OptionalType(inner=elem):
            return elem == RECORD or _contains_record(elem)
        case DictType(key=key, value=value):
            return RECORD in (key, value) or _contains_record(value)
        case TupleType(items=items):
            return any(t == RECORD or _contains_record(t) for t in items)
    return False


def _global_statements(body: tuple[n.Stmt, ...]) -> list[n.Global]:
    """The ``global`` statements of a function body, nested blocks included."""
    found: list[n.Global] = []
    for stmt in body:
        match stmt:
            case n.Global():
                found.append(stmt)
            case n.If(body=inner, orelse=orelse) | n.While(body=inner, orelse=orelse) | \
                    n.For(body=inner, orelse=orelse):
                found += _global_statements(inner) + _global_statements(orelse)
            case n.Try(body=inner, handlers=handlers, orelse=orelse, finalbody=final):
                found += _global_statements(inner) + _global_statements(orelse) + _global_statements(final)
                for handler in handlers:
                    found += _global_statements(handler.body)
    return found


def _walk(node: object) -> Iterator[object]:
    """Every node below ``node`` (statements and expressions), ``node`` included."""
    yield node
    if isinstance(node, tuple):
        for item in node:
            yield from _walk(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, Span):
        for f in dataclasses.fields(node):
            yield from _walk(getattr(node, f.name))


def _mutated_names(body: tuple[n.Stmt, ...]) -> set[str]:
    """Names whose value a function changes in place: ``X.append(v)``, ``X[k] = v``, ``del X[k]``.

    A module-level container changed in place is module state (it persists
    across records, as in CPython), not a frozen table.
    """
    names: set[str] = set()
    for node in _walk(body):
        match node:
            case n.Call(func=n.Attribute(value=n.Name(id=name), attr=attr)) if attr in _MUTATING_METHODS:
                names.add(name)
            case n.Assign(targets=targets):
                names |= {t.value.id for t in targets if isinstance(t, n.Subscript) and isinstance(t.value, n.Name)}
            case n.AugAssign(target=n.Subscript(value=n.Name(id=name))) | \
                    n.Delete(targets=(n.Subscript(value=n.Name(id=name)), *_)):
                names.add(name)
    return names


def _global_names(body: tuple[n.Stmt, ...]) -> set[str]:
    return {name for stmt in _global_statements(body) for name in stmt.names}


def _nested_mutable(ty: Type) -> bool:
    """Whether a constant of type ``ty`` holds a list, dict or set inside another value."""
    def mutable(t: Type) -> bool:
        match t:
            case ListType() | DictType() | SetType():
                return True
            case OptionalType(inner=inner):
                return mutable(inner)
            case TupleType(items=items):
                return any(mutable(i) for i in items)
        return False
    match ty:
        case ListType(elem=elem) | SetType(elem=elem):
            return mutable(elem)
        case DictType(key=key, value=value):
            return mutable(key) or mutable(value)
        case TupleType(items=items):
            return any(mutable(i) for i in items)
    return False


def _contains_set(ty: Type) -> bool:
    match ty:
        case SetType():
            return True
        case ListType(elem=elem) | OptionalType(inner=elem):
            return _contains_set(elem)
        case DictType(key=key, value=value):
            return _contains_set(key) or _contains_set(value)
        case TupleType(items=items):
            return any(_contains_set(t) for t in items)
    return False


def _join(a: Type, b: Type) -> Type | None:
    """The type both a and b convert to, if any: int+float -> float, T+None -> T | None,
    a JSON-shaped T and Any -> Any."""
    if a == b:
        return a
    if ANY in (a, b):
        other = b if a == ANY else a
        return ANY if is_boxable(other) or (_has_unknown(other) and family(other) in ("list", "dict")) else None
    if _UNKNOWN in (a, b) or _has_unknown(a) or _has_unknown(b):
        known = b if _has_unknown(a) else a
        if family(a) == family(b):
            return known
    if a == NONE:
        return optional(b)
    if b == NONE:
        return optional(a)
    if isinstance(a, OptionalType) and _assignable(b, a):
        return a
    if isinstance(b, OptionalType) and _assignable(a, b):
        return b
    if isinstance(a, TupleType) and isinstance(b, TupleType) and len(a.items) == len(b.items):
        items = [_join(x, y) for x, y in zip(a.items, b.items)]
        if all(t is not None for t in items):
            return TupleType(tuple(items))  # type: ignore[arg-type]
    return None


def _assignable(source: Type, target: Type, *, allow_encode: bool = False) -> bool:
    """Whether a value of ``source`` converts implicitly to ``target``."""
    if source == target:
        return True
    if allow_encode and source == STR and target == BYTES:
        return True
    if target == ANY:   # boxing: CPython keeps the value as it is
        return is_boxable(source)
    if source == ANY:   # unboxing, checked at run time (TypeError "expected int, got str")
        return is_boxable(target)
    if _has_unknown(source) and family(source) == family(target):
        return True
    if isinstance(target, OptionalType):
        return source == NONE or _assignable(source, target.inner, allow_encode=allow_encode) or (
            isinstance(source, OptionalType) and _assignable(source.inner, target.inner, allow_encode=allow_encode))
    if isinstance(source, TupleType) and isinstance(target, TupleType) and len(source.items) == len(target.items):
        return all(_assignable(s, t, allow_encode=allow_encode) for s, t in zip(source.items, target.items))
    return False


def _container_element(ty: Type) -> Type | None:
    match ty:
        case ListType(elem=elem) | SetType(elem=elem):
            return elem
        case DictType(key=key):
            return key
    return None


def _constant_int(expr: n.Expr | None) -> int | None:
    """The value of an int expression made of literals (``3 ** 2``, ``-1``), else None."""
    match expr:
        case n.Constant(value=int() as value) if not isinstance(value, bool):
            return value
        case n.UnaryOp(op=("-" | "+") as op, operand=operand):
            inner = _constant_int(operand)
            return None if inner is None else (-inner if op == "-" else inner)
        case n.BinOp(op=("+" | "-" | "*" | "**") as op, left=left, right=right):
            lhs, rhs = _constant_int(left), _constant_int(right)
            if lhs is None or rhs is None or (op == "**" and not 0 <= rhs <= 64):
                return None
            value = {"+": lhs + rhs, "-": lhs - rhs, "*": lhs * rhs}.get(op) if op != "**" else lhs ** rhs
            return value if value is not None and INT64_MIN <= value <= INT64_MAX else None
    return None


def _constant_text(spec: n.Expr) -> str | None:
    if isinstance(spec, n.JoinedStr) and all(isinstance(v, n.Constant) for v in spec.values):
        return "".join(str(v.value) for v in spec.values)  # type: ignore[union-attr]
    return None


def _sample(ty: Type) -> object:
    return {INT: 1, FLOAT: 1.5, STR: "s", BOOL: True, NONE: None}.get(ty, _NO_SAMPLE)  # type: ignore[call-overload]


def _isinstance_static(ty: Type, cls: str) -> bool:
    if cls == "int":
        return ty in (INT, BOOL)
    if cls in ("float", "bool", "str", "bytes"):
        return family(ty) == cls
    return family(ty) == cls


def _require_literal(value: n.Expr) -> None:
    """Module constants are literals, or displays and tuples of literals."""
    match value:
        case n.Constant():
            return
        case n.UnaryOp(op="-", operand=n.Constant(value=int() | float())):
            return
        case n.Tuple(elts=elts) | n.List(elts=elts) | n.Set(elts=elts):
            for elt in elts:
                _require_literal(elt)
            return
        case n.Dict(keys=keys, values=values):
            for part in (*keys, *values):
                if part is None:
                    raise CompileError("'**' in dict displays is not supported", value.span)
                _require_literal(part)
            return
        case n.Call(func=n.Name(id="set"), args=(), keywords=()):
            return
    raise CompileError("a module constant must be a literal, or a tuple, list, dict or set of literals "
                       "(computed values belong in functions)", value.span)


@dataclass(frozen=True, slots=True)
class EntryShape:
    """The signature an entry role requires: its parameter types and which results it accepts."""

    params: tuple[Type, ...]
    signature: str
    results: str
    accepts: object   # Callable[[Type], bool]


def _is_key_value(ty: Type) -> bool:
    """``tuple[K, V]``: K bytes/str, optional or None; V bytes/str (a map's output record)."""
    return (isinstance(ty, TupleType) and len(ty.items) == 2
            and ty.items[0] in (BYTES, STR, NONE, optional(BYTES), optional(STR))
            and ty.items[1] in (BYTES, STR))


_KEY_VALUE = "tuple[bytes | None, bytes] (str is accepted for bytes)"
ENTRY_SHAPES: dict[str, EntryShape] = {
    "filter": EntryShape((RECORD,), "(record: Record) -> bool", "bool", lambda t: t == BOOL),
    "map": EntryShape((RECORD,), "(record: Record) -> tuple[bytes | None, bytes]", _KEY_VALUE, _is_key_value),
    "aggregate": EntryShape((BYTES, RECORD), "(accumulator: bytes, current: Record) -> bytes",
                            "bytes (or str, encoded as UTF-8)", lambda t: t in (BYTES, STR)),
    "filter_map": EntryShape((RECORD,), "(record: Record) -> tuple[bytes | None, bytes] | None",
                             f"{_KEY_VALUE} or None",
                             lambda t: isinstance(t, OptionalType) and _is_key_value(t.inner)),
    "array_map": EntryShape((RECORD,), "(record: Record) -> list[tuple[bytes | None, bytes]]",
                            f"a list of {_KEY_VALUE}", lambda t: isinstance(t, ListType) and _is_key_value(t.elem)),
    "init": EntryShape((DictType(STR, STR),), "(params: dict[str, str]) -> None", "None", lambda t: t == NONE),
    "look_back": EntryShape((RECORD,), "(record: Record) -> None", "None", lambda t: t == NONE),
}


def _generic_example(name: str) -> str:
    return {"list": "list[str]", "set": "set[int]", "dict": "dict[str, int]", "tuple": "tuple[str, int]",
            "Optional": "Optional[str]"}[name]


def _without_docstring(body: tuple[n.Stmt, ...]) -> tuple[n.Stmt, ...]:
    if body and isinstance(body[0], n.ExprStmt) and isinstance(body[0].value, n.Constant) \
            and isinstance(body[0].value.value, str):
        return body[1:]
    return body


def _target_names(target: n.Expr) -> set[str]:
    match target:
        case n.Name(id=name):
            return {name}
        case n.Tuple(elts=elts) | n.List(elts=elts):
            return set().union(*(_target_names(e) for e in elts)) if elts else set()
    return set()


def _handler_names(handlers: tuple[n.ExceptHandler, ...]) -> set[str]:
    names: set[str] = set()
    for handler in handlers:
        names |= _bound_names(handler.body)
    return names


def _bound_names(body: tuple[n.Stmt, ...]) -> set[str]:
    """Every name a block binds, nested blocks included (Python scoping: the whole function)."""
    names: set[str] = set()
    for stmt in body:
        match stmt:
            case n.Assign(targets=targets):
                for target in targets:
                    names |= _target_names(target)
            case n.AnnAssign(target=n.Name(id=name)) | n.AugAssign(target=n.Name(id=name)):
                names.add(name)
            case n.For(target=target, body=inner, orelse=orelse):
                names |= _target_names(target) | _bound_names(inner) | _bound_names(orelse)
            case n.While(body=inner, orelse=orelse) | n.If(body=inner, orelse=orelse):
                names |= _bound_names(inner) | _bound_names(orelse)
            case n.Try(body=inner, handlers=handlers, orelse=orelse, finalbody=final):
                names |= _bound_names(inner) | _bound_names(orelse) | _bound_names(final)
                for handler in handlers:
                    if handler.name:
                        names.add(handler.name)
                names |= _handler_names(handlers)
    return names


def _is_main_guard(test: n.Expr) -> bool:
    match test:
        case n.Compare(left=n.Name(id="__name__"), ops=("==",), comparators=(n.Constant(value="__main__"),)):
            return True
    return False


# ---- string builders -------------------------------------------------------------


def _walk_with_parents(node: object, parent: object = None) -> Iterator[tuple[object, object]]:
    """Every node under ``node`` (itself included) with its parent."""
    yield node, parent
    for f in dataclasses.fields(node):  # type: ignore[arg-type]
        value = getattr(node, f.name)
        for child in value if isinstance(value, tuple) else (value,):
            if dataclasses.is_dataclass(child) and hasattr(child, "span") and not isinstance(child, Span):
                yield from _walk_with_parents(child, node)


def _string_builders(info: FunctionInfo, bindings: dict[object, Binding],
                     types: dict[object, Type]) -> dict[str, tuple[bytes, list[tuple[n.Call, str]]]]:
    """The locals of ``info`` to build as text buffers: key -> (separator, [(call, op)]).

    ``parts: list[str] = []`` (assigned once), then only ``parts.append(x)``
    statements and ``SEP.join(parts)`` with one constant separator: that is
    CPython's idiom for building a string, and the list itself is never
    seen. Such a list can live as the joined text growing in a buffer: an
    append copies x (after SEP) into it, and a join is the text so far (a
    later append writes past its end, so an earlier result stays as it
    was). Any other use of the name (indexing, len, iteration, passing it
    on, a second assignment) keeps it a list.
    """
    parents: dict[int, object] = {}
    uses: dict[str, list[n.Name]] = {}
    for node, parent in _walk_with_parents(info.node):
        parents[id(node)] = parent
        if isinstance(node, n.Name):
            binding = bindings.get(node)
            if binding is not None and binding.kind == "local":
                uses.setdefault(binding.key, []).append(node)
    params = {name for name, _ in info.params}
    found: dict[str, tuple[bytes, list[tuple[n.Call, str]]]] = {}
    for key, names in uses.items():
        declared = info.locals.get(key)
        if key in params or not isinstance(declared, ListType) or declared.elem not in (STR, BYTES):
            continue
        assignments, separators = 0, set()
        calls: list[tuple[n.Call, str]] = []
        for name in names:
            parent = parents[id(name)]
            if isinstance(parent, (n.Assign, n.AnnAssign)) and parent.value is not None \
                    and (parent.target if isinstance(parent, n.AnnAssign) else parent.targets) in (name, (name,)) \
                    and isinstance(parent.value, n.List) and not parent.value.elts:
                assignments += 1
                continue
            if isinstance(parent, n.Attribute) and parent.attr == "append":
                call = parents[id(parent)]
                if isinstance(call, n.Call) and call.func is parent and len(call.args) == 1 and not call.keywords \
                        and isinstance(parents[id(call)], n.ExprStmt):
                    calls.append((call, "builder_append"))
                    continue
            if isinstance(parent, n.Call) and parent.args == (name,) and not parent.keywords \
                    and isinstance(parent.func, n.Attribute) and parent.func.attr == "join" \
                    and isinstance(parent.func.value, n.Constant) \
                    and types.get(parent.func.value) == declared.elem:
                separator = parent.func.value.value
                separators.add(separator.encode() if isinstance(separator, str) else separator)
                calls.append((parent, "builder_join"))
                continue
            break
        else:
            if assignments == 1 and len(separators) == 1 and any(role == "builder_join" for _, role in calls):
                found[key] = (separators.pop(), calls)
    return found
