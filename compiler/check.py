"""Stage 2: ``nodes.Module`` -> ``TypedModule``.

``check(module)`` decides everything about the program: the entry point and
its kind, the type of every expression, the operation every operator, call
and attribute resolves to (from ``semantics``), and every implicit
conversion. It rejects whatever is outside the typed subset with a
``CompileError`` that names the construct and its line. The lowering only
reads these tables.

    >>> typed = check(parse(SOURCE, "filter.py"))        # doctest: +SKIP
    >>> typed.entry.kind
    <Kind.FILTER: 0>

Errors are collected statement by statement; if there are any, ``check``
raises ``CompileErrors`` with all of them in source order.
"""

from __future__ import annotations

import builtins
import codecs
from dataclasses import dataclass, field

from .. import abi
from . import nodes as n
from . import semantics as sem
from .errors import CompileError, CompileErrors, Span
from .types import BOOL, BYTES, INT, NONE, RECORD, STR, TYPE_NAMES, OptionalType, TupleType, Type, optional

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

#: The module users import their decorators and Record from.
DSL_MODULE = "smartstream"
DSL_NAMES = frozenset({"smartstream", "Record"})
DECORATOR_KINDS = {kind.export: kind for kind in abi.Kind}


@dataclass(frozen=True, slots=True)
class Coercion:
    """An implicit conversion of an expression's value to ``target``.

    ``encode`` is the str -> bytes conversion allowed where an entry point
    returns bytes (UTF-8, a no-op on the representation); the other cases
    wrap a value into ``T | None`` or convert tuple items one by one.
    """

    source: Type
    target: Type


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """The decorated function: its kind and the types at its boundary."""

    kind: abi.Kind
    function: n.FunctionDef
    params: tuple[tuple[str, Type], ...]
    result: Type


@dataclass
class FunctionInfo:
    """What the lowering needs to know of one function."""

    node: n.FunctionDef
    params: tuple[tuple[str, Type], ...]
    result: Type
    locals: dict[str, Type] = field(default_factory=dict)


@dataclass
class TypedModule:
    """The checker's output: the tree plus the decisions about it."""

    module: n.Module
    entry: EntryPoint
    functions: list[FunctionInfo]
    types: dict[object, Type]
    ops: dict[object, sem.Op | tuple[sem.Op, ...]]
    coercions: dict[object, Coercion]


def check(module: n.Module) -> TypedModule:
    """Type-check a parsed module; raise ``CompileErrors`` listing every problem."""
    checker = _Checker(module)
    checker.check_module()
    if checker.errors:
        checker.errors.sort(key=lambda e: (e.span.line, e.span.col) if e.span else (0, 0))
        raise CompileErrors(checker.errors)
    assert checker.entry is not None
    return TypedModule(module, checker.entry, checker.functions, checker.types, checker.ops, checker.coercions)


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


class _Checker:
    def __init__(self, module: n.Module) -> None:
        self.module = module
        self.errors: list[CompileError] = []
        self.entry: EntryPoint | None = None
        self.functions: list[FunctionInfo] = []
        self.types: dict[object, Type] = {}
        self.ops: dict[object, sem.Op | tuple[sem.Op, ...]] = {}
        self.coercions: dict[object, Coercion] = {}
        self.imported: dict[str, str] = {}   # local name -> smartstream name
        self.function: FunctionInfo | None = None
        self.assigned: set[str] = set()      # locals assigned so far, in order
        self.local_names: set[str] = set()   # every local of the function

    def error(self, message: str, span: Span | None) -> None:
        self.errors.append(CompileError(message, span))

    # ---- module level -------------------------------------------------------

    def check_module(self) -> None:
        entry_defs: list[n.FunctionDef] = []
        for index, stmt in enumerate(self.module.body):
            try:
                match stmt:
                    case n.ImportFrom():
                        self.check_import_from(stmt)
                    case n.Import():
                        raise CompileError(
                            f"'import {stmt.names[0].name}' is not supported: a SmartStream imports its names "
                            f"with 'from {DSL_MODULE} import smartstream, Record'", stmt.span)
                    case n.FunctionDef():
                        entry_defs.append(stmt)
                    case n.ExprStmt(value=n.Constant(value=str())) if index == 0:
                        pass  # the module docstring
                    case n.If() if _is_main_guard(stmt.test):
                        pass  # `if __name__ == "__main__":` runs under CPython only
                    case n.UnsupportedStmt():
                        raise CompileError(f"{stmt.what} are not supported", stmt.span)
                    case _:
                        raise CompileError(
                            f"{_statement_name(stmt)} at module level are not supported yet: a module holds "
                            f"imports and one decorated entry function", stmt.span)
            except CompileError as err:
                self.errors.append(err)
        for func in entry_defs:
            try:
                self.check_entry_def(func)
            except CompileError as err:
                self.errors.append(err)
        if self.entry is None and not self.errors:
            self.error("no SmartStream entry point: decorate one function with @smartstream.filter, "
                       "@smartstream.map or @smartstream.aggregate", Span(1, 1, 1, 2))
        if self.entry is not None:
            self.check_function_body(self.functions[0])

    def check_import_from(self, stmt: n.ImportFrom) -> None:
        if stmt.module == "__future__" and stmt.level == 0:
            return
        if stmt.module != DSL_MODULE or stmt.level != 0:
            raise CompileError(f"cannot import from '{'.' * stmt.level}{stmt.module or ''}': a SmartStream can "
                               f"only import from '{DSL_MODULE}'", stmt.span)
        for alias in stmt.names:
            if alias.name not in DSL_NAMES:
                raise CompileError(f"'{DSL_MODULE}' has no name '{alias.name}' (it provides "
                                   f"{', '.join(sorted(DSL_NAMES))})", alias.span)
            self.imported[alias.asname or alias.name] = alias.name

    def check_entry_def(self, func: n.FunctionDef) -> None:
        if not func.decorators:
            raise CompileError(f"helper functions are not supported yet: '{func.name}' needs a "
                               f"@smartstream.filter, .map or .aggregate decorator", func.span)
        if len(func.decorators) > 1:
            raise CompileError("an entry function takes exactly one decorator", func.decorators[1].span)
        kind = self.decorator_kind(func.decorators[0])
        if self.entry is not None:
            first = self.entry.function
            raise CompileError(f"a module holds exactly one transform entry point, and '{first.name}' "
                               f"(line {first.span.line}) is already one", func.span)
        params = tuple(self.check_param(p) for p in func.params)
        if func.returns is None:
            raise CompileError(f"the entry function '{func.name}' needs a return annotation", func.span)
        result = self.annotation(func.returns)
        self.check_entry_signature(kind, func, params, result)
        self.entry = EntryPoint(kind, func, params, result)
        self.functions.append(FunctionInfo(func, params, result))

    def decorator_kind(self, deco: n.Expr) -> abi.Kind:
        match deco:
            case n.Attribute(value=n.Name(id=owner), attr=attr) if self.imported.get(owner) == "smartstream":
                if attr in DECORATOR_KINDS:
                    return DECORATOR_KINDS[attr]
                raise CompileError(f"unknown SmartStream kind '@smartstream.{attr}': this ABI has "
                                   f"{', '.join(DECORATOR_KINDS)}", deco.span)
        raise CompileError("the entry decorator must be @smartstream.filter, @smartstream.map or "
                           "@smartstream.aggregate (imported with 'from smartstream import smartstream')",
                           deco.span)

    def check_param(self, param: n.Param) -> tuple[str, Type]:
        if param.default is not None:
            raise CompileError("parameter defaults are not supported", param.default.span)
        if param.annotation is None:
            raise CompileError(f"parameter '{param.name}' needs a type annotation", param.span)
        return param.name, self.annotation(param.annotation)

    def check_entry_signature(self, kind: abi.Kind, func: n.FunctionDef,
                              params: tuple[tuple[str, Type], ...], result: Type) -> None:
        expected_params = {abi.Kind.FILTER: (RECORD,), abi.Kind.MAP: (RECORD,),
                           abi.Kind.AGGREGATE: (BYTES, RECORD)}[kind]
        shapes = {abi.Kind.FILTER: "(record: Record) -> bool",
                  abi.Kind.MAP: "(record: Record) -> tuple[bytes | None, bytes]",
                  abi.Kind.AGGREGATE: "(accumulator: bytes, current: Record) -> bytes"}
        if tuple(ty for _, ty in params) != expected_params:
            article = "an" if kind.export[0] in "aeiou" else "a"
            raise CompileError(f"{article} {kind.export} function has the signature {shapes[kind]}", func.span)
        if not _valid_entry_result(kind, result):
            where = func.returns.span if func.returns is not None else func.span
            article = "an" if kind.export[0] in "aeiou" else "a"
            raise CompileError(f"{article} {kind.export} function returns {_result_shapes(kind)}, not {result}", where)

    # ---- annotations --------------------------------------------------------

    def annotation(self, expr: n.Expr) -> Type:
        """The type an annotation denotes: ``bytes | None``, ``tuple[A, B]``, ``Record``."""
        match expr:
            case n.Name(id=name) if name in TYPE_NAMES:
                if name == "Record" and self.imported.get(name) != "Record":
                    raise CompileError("'Record' must be imported: from smartstream import Record", expr.span)
                return TYPE_NAMES[name]
            case n.Name(id=name) if self.imported.get(name) == "Record":
                return RECORD
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
            case n.Subscript(value=n.Name(id="tuple"), index=index):
                items = index.elts if isinstance(index, n.Tuple) else (index,)
                if any(isinstance(item, n.Constant) and item.value is ... for item in items):
                    raise CompileError("variable-length tuples (tuple[T, ...]) are not supported yet", expr.span)
                return TupleType(tuple(self.annotation(item) for item in items))
            case n.Constant(value=str()):
                raise CompileError("string annotations are not supported: write the type itself", expr.span)
            case n.Name(id=name):
                raise CompileError(f"unknown or unsupported type '{name}'", expr.span)
        raise CompileError("unsupported type annotation", expr.span)

    # ---- function bodies -----------------------------------------------------

    def check_function_body(self, info: FunctionInfo) -> None:
        self.function = info
        self.local_names = {name for name, _ in info.params} | _assigned_names(info.node.body)
        for name, ty in info.params:
            info.locals[name] = ty
        self.assigned = {name for name, _ in info.params}
        returned = False
        for index, stmt in enumerate(info.node.body):
            try:
                if index == 0 and isinstance(stmt, n.ExprStmt) and isinstance(stmt.value, n.Constant) \
                        and isinstance(stmt.value.value, str):
                    continue  # the docstring
                self.check_stmt(stmt)
                returned = returned or isinstance(stmt, n.Return)
            except CompileError as err:
                self.errors.append(err)
                returned = returned or isinstance(stmt, n.Return)
        if not returned:
            self.error(f"missing return: '{info.node.name}' must return {info.result}", info.node.span)

    def check_stmt(self, stmt: n.Stmt) -> None:
        match stmt:
            case n.ExprStmt(value=value):
                self.expr(value)
            case n.Assign(targets=targets, value=value):
                ty = self.expr(value)
                for target in targets:
                    self.assign(target, ty, value)
            case n.AnnAssign(target=target, annotation=annotation, value=value):
                declared = self.annotation(annotation)
                if not isinstance(target, n.Name):
                    raise CompileError("an annotated assignment needs a plain name as its target", target.span)
                self.declare(target, declared)
                if value is not None:
                    self.coerce(value, declared)
                    self.assigned.add(target.id)
            case n.Return(value=value):
                assert self.function is not None
                if value is None:
                    if self.function.result != NONE:
                        raise CompileError(f"'return' needs a value of type {self.function.result}", stmt.span)
                else:
                    self.coerce(value, self.function.result, entry_result=True)
            case n.Pass():
                pass
            case n.UnsupportedStmt(what=what):
                raise CompileError(f"{what} are not supported", stmt.span)
            case _:
                raise CompileError(f"{describe(stmt)} are not supported yet", stmt.span)

    def assign(self, target: n.Expr, ty: Type, value: n.Expr) -> None:
        match target:
            case n.Name():
                self.declare(target, ty)
                self.coerce(value, self.function.locals[target.id])  # type: ignore[union-attr]
                self.assigned.add(target.id)
            case n.Tuple() | n.List():
                raise CompileError("tuple unpacking in assignments is not supported yet", target.span)
            case n.Subscript() | n.Attribute():
                raise CompileError(f"assignment to {describe(target) if isinstance(target, n.Subscript) else 'attributes'} "
                                   f"is not supported", target.span)
            case _:
                raise CompileError("cannot assign to this expression", target.span)

    def declare(self, target: n.Name, ty: Type) -> None:
        """Give local ``target`` its type on first assignment; later ones must agree."""
        assert self.function is not None
        known = self.function.locals.get(target.id)
        if known is None:
            if ty == NONE:
                raise CompileError(f"cannot infer the type of '{target.id}' from None: annotate it, e.g. "
                                   f"'{target.id}: bytes | None = None'", target.span)
            self.function.locals[target.id] = ty
        elif not _assignable(ty, known):
            raise CompileError(f"'{target.id}' has type {known} and cannot change type to {ty}", target.span)
        self.types[target] = self.function.locals[target.id]

    def coerce(self, expr: n.Expr, target: Type, *, entry_result: bool = False) -> None:
        """Check ``expr`` converts to ``target`` and record the conversion, if any."""
        source = self.expr(expr)
        if source == target:
            return
        if _assignable(source, target, allow_encode=entry_result):
            self.coercions[expr] = Coercion(source, target)
            return
        raise CompileError(f"expected {target}, got {source}", expr.span)

    # ---- expressions ----------------------------------------------------------

    def expr(self, expr: n.Expr) -> Type:
        ty = self.infer(expr)
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
                found = sem.BINARY.get((op, lhs, rhs))
                if found is None:
                    raise CompileError(f"unsupported operand type(s) for {op}: '{lhs}' and '{rhs}'", expr.span)
                self.ops[expr] = found
                return found.result
            case n.UnaryOp(op=op, operand=operand):
                ty = self.expr(operand)
                found = sem.UNARY.get((op, ty))
                if found is None:
                    if op == "not":
                        raise CompileError(f"'not' of a {ty} (truthiness) is not supported yet: compare "
                                           f"explicitly", expr.span)
                    raise CompileError(f"bad operand type for unary {op}: '{ty}'", expr.span)
                self.ops[expr] = found
                return found.result
            case n.BoolOp(op=op, values=values):
                for value in values:
                    ty = self.expr(value)
                    if ty != BOOL:
                        raise CompileError(f"'{op}' of {ty} values (truthiness) is not supported yet: its "
                                           f"operands must be bool", value.span)
                return BOOL
            case n.Compare(left=left, ops=ops, comparators=comparators):
                if len(ops) > 1:
                    raise CompileError("chained comparisons are not supported yet", expr.span)
                lhs, rhs = self.expr(left), self.expr(comparators[0])
                found = sem.COMPARE.get((ops[0], lhs, rhs))
                if found is None:
                    raise CompileError(f"'{ops[0]}' is not supported between '{lhs}' and '{rhs}'", expr.span)
                self.ops[expr] = found
                return found.result
            case n.Call():
                return self.call(expr)
            case n.Attribute(value=value, attr=attr):
                ty = self.expr(value)
                found = sem.ATTRIBUTES.get((ty, attr))
                if found is None:
                    if (ty, attr) in sem.METHODS:
                        raise CompileError(f"the method '{ty}.{attr}' can only be called", expr.span)
                    raise CompileError(f"'{ty}' object has no attribute '{attr}'", expr.span)
                self.ops[expr] = found
                return found.result
            case n.Tuple(elts=elts):
                if any(isinstance(e, n.Starred) for e in elts):
                    raise CompileError("starred expressions are not supported", expr.span)
                return TupleType(tuple(self.expr(e) for e in elts))
            case n.Unsupported(what=what):
                raise CompileError(f"{what} are not supported", expr.span)
        raise CompileError(f"{describe(expr)} are not supported yet", expr.span)

    def constant(self, expr: n.Constant, value: object) -> Type:
        match value:
            case bool():
                return BOOL
            case int():
                if not INT64_MIN <= value <= INT64_MAX:
                    raise CompileError(f"integer literal {value} does not fit in 64 bits", expr.span)
                return INT
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
            case float():
                raise CompileError("float is not supported yet", expr.span)
        raise CompileError("this literal ('...') is not supported", expr.span)

    def name(self, expr: n.Name, name: str) -> Type:
        assert self.function is not None
        if name in self.local_names:
            if name not in self.assigned:
                raise CompileError(f"local variable '{name}' is used before it is assigned", expr.span)
            return self.function.locals[name]
        if name in sem.BUILTIN_FUNCTIONS:
            raise CompileError(f"the builtin '{name}' can only be called", expr.span)
        if name in self.imported:
            raise CompileError(f"'{name}' can only be used as a decorator or annotation", expr.span)
        raise CompileError(f"name '{name}' is not defined", expr.span)

    def call(self, call: n.Call) -> Type:
        match call.func:
            case n.Name(id=name) if name not in self.local_names:
                if name not in sem.BUILTIN_FUNCTIONS:
                    if name in self.imported or hasattr(builtins, name):
                        raise CompileError(f"calling '{name}' is not supported yet", call.func.span)
                    raise CompileError(f"name '{name}' is not defined", call.func.span)
                if call.keywords:
                    raise CompileError(f"{name}() takes no keyword arguments in ssc", call.keywords[0].span)
                arg_types = tuple(self.expr(arg) for arg in call.args)
                found = sem.BUILTIN_CALLS.get((name, arg_types))
                if found is None:
                    shown = ", ".join(str(t) for t in arg_types) or "no arguments"
                    raise CompileError(f"{name}() is not supported for ({shown})", call.span)
                self.ops[call] = found
                return found.result
            case n.Attribute(value=receiver, attr=attr):
                ty = self.expr(receiver)
                found = sem.METHODS.get((ty, attr))
                if found is None:
                    raise CompileError(f"'{ty}' object has no method '{attr}' in ssc", call.func.span)
                if (ty, attr) in sem.CODEC_METHODS:
                    self.codec_arguments(call, f"{ty}.{attr}")
                self.ops[call] = found
                return found.result
        callee = self.expr(call.func)
        raise CompileError(f"'{callee}' object is not callable", call.func.span)

    def codec_arguments(self, call: n.Call, method: str) -> None:
        """``decode``/``encode`` take (encoding="utf-8", errors="strict") as constants."""
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
        encoding = given.get("encoding")
        if encoding is not None:
            try:
                name = codecs.lookup(encoding.value).name  # type: ignore[union-attr]
            except LookupError:
                raise CompileError(f"unknown encoding: {encoding.value}", encoding.span) from None  # type: ignore[union-attr]
            if name != sem.SUPPORTED_ENCODING:
                raise CompileError(f"only the UTF-8 codec is supported, not {name!r}", encoding.span)
        errors = given.get("errors")
        if errors is not None and errors.value != sem.SUPPORTED_ERRORS:  # type: ignore[union-attr]
            raise CompileError(f"only errors='strict' is supported, not {errors.value!r}", errors.span)  # type: ignore[union-attr]


# ---- helpers ------------------------------------------------------------------


def _assignable(source: Type, target: Type, *, allow_encode: bool = False) -> bool:
    """Whether a value of ``source`` converts implicitly to ``target``."""
    if source == target:
        return True
    if allow_encode and source == STR and target == BYTES:
        return True
    if isinstance(target, OptionalType):
        return source == NONE or _assignable(source, target.inner, allow_encode=allow_encode)
    if isinstance(source, TupleType) and isinstance(target, TupleType) and len(source.items) == len(target.items):
        return all(_assignable(s, t, allow_encode=allow_encode) for s, t in zip(source.items, target.items))
    return False


def _valid_entry_result(kind: abi.Kind, result: Type) -> bool:
    if kind == abi.Kind.FILTER:
        return result == BOOL
    if kind == abi.Kind.AGGREGATE:
        return result in (BYTES, STR)
    return (isinstance(result, TupleType) and len(result.items) == 2
            and result.items[0] in (BYTES, STR, NONE, optional(BYTES), optional(STR))
            and result.items[1] in (BYTES, STR))


def _result_shapes(kind: abi.Kind) -> str:
    return {abi.Kind.FILTER: "bool", abi.Kind.AGGREGATE: "bytes (or str, encoded as UTF-8)",
            abi.Kind.MAP: "tuple[bytes | None, bytes] (str is accepted for bytes)"}[kind]


def _assigned_names(body: tuple[n.Stmt, ...]) -> set[str]:
    """Every name a function body binds, as Python's scoping decides (the whole body)."""
    names: set[str] = set()
    for stmt in body:
        match stmt:
            case n.Assign(targets=targets):
                for target in targets:
                    if isinstance(target, n.Name):
                        names.add(target.id)
            case n.AnnAssign(target=n.Name(id=name)) | n.AugAssign(target=n.Name(id=name)):
                names.add(name)
    return names


def _is_main_guard(test: n.Expr) -> bool:
    match test:
        case n.Compare(left=n.Name(id="__name__"), ops=("==",), comparators=(n.Constant(value="__main__"),)):
            return True
    return False


def _statement_name(stmt: n.Stmt) -> str:
    match stmt:
        case n.Assign() | n.AnnAssign():
            return "assignments (module constants)"
        case n.ExprStmt():
            return "expression statements"
    return describe(stmt)
