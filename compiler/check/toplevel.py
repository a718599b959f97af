"""The module: imports, constants and module state, function signatures, the entry
point's shape for each ABI, and the function bodies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import abi
from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span
from ..typed import ConstantInfo, EntryPoint, FunctionInfo
from ..types import (BOOL, BYTES, FLOAT, INT, NONE, RECORD, STR, DictType, ListType, OptionalType, TupleType, Type,
                     VarTupleType, erased, optional)
from . import (annotate, checker, classes, consteval, flow, generics, infer, nested, partial, redefine, regex, results,
               scopes, stdlib, stdlib_collections, stdlib_datetime, stdlib_functools, stmts, string_builders)

if TYPE_CHECKING:
    from .checker import Checker



#: The module users import their decorators and Record from.
DSL_MODULE = "smartstream"
DSL_NAMES = frozenset({"smartstream", "Record"})
#: Names a SmartStream may import from typing (annotations only).
TYPING_NAMES = frozenset({"Optional", "Any", "NamedTuple", "Union", "List", "Dict", "Set", "Tuple",
                          "Iterable", "Sequence", "Mapping"})
#: Names a SmartStream may import from dataclasses.
DATACLASS_NAMES = frozenset({"dataclass", "field", "replace"})
#: What a SmartStream may import from each module other than typing and smartstream.
CLASS_MODULES = {"dataclasses": DATACLASS_NAMES, "enum": frozenset({"Enum", "IntEnum"})}
#: The decorators each ABI has (§2 legacy, §3 current). init and look_back
#: are not transforms: a module has at most one of each beside its transform.
ABI_DECORATORS = {
    abi.Abi.SMARTSTREAM: ("filter", "map", "aggregate"),
    abi.Abi.SMARTMODULE: ("filter", "map", "filter_map", "array_map", "aggregate", "init", "look_back"),
}
AUXILIARY_ROLES = ("init", "look_back")


def check_module(ck: Checker) -> None:
    functions = [stmt for stmt in ck.module.body if isinstance(stmt, n.FunctionDef)]
    functions += [item for stmt in ck.module.body if isinstance(stmt, n.ClassDef)
                  for item in stmt.body if isinstance(item, n.FunctionDef)]
    # module state: names some function declares global, or whose container it changes in place
    ck.state_names = set().union(set(), *(scopes.global_names(f.body) | scopes.mutated_names(f.body) for f in functions))
    ck.state_names |= stdlib_collections.state_names(ck.module.body)   # d[k] of a defaultdict inserts
    defs: list[n.FunctionDef] = []
    for index, stmt in enumerate(ck.module.body):
        try:
            match stmt:
                case n.ImportFrom():
                    check_import_from(ck, stmt)
                case n.Import():
                    check_import(ck, stmt)
                case n.FunctionDef():
                    defs.append(stmt)
                case n.ClassDef():
                    classes.check_class(ck, stmt)
                case n.ExprStmt(value=n.Constant(value=str())) if index == 0:
                    pass  # the module docstring
                case n.If() if is_main_guard(stmt.test):
                    pass  # `if __name__ == "__main__":` runs under CPython only
                case n.Assign() | n.AnnAssign():
                    check_constant(ck, stmt)
                case n.UnsupportedStmt():
                    raise CompileError(f"{stmt.what} are not supported{stmts.ALTERNATIVES.get(stmt.what, '')}",
                                       stmt.span)
                case _:
                    raise CompileError(
                        f"{stmts.describe(stmt)} at module level are not supported: a module holds imports, "
                        f"constants, helper functions and one decorated entry function", stmt.span)
        except CompileError as err:
            ck.errors.append(err)
            if isinstance(stmt, (n.Assign, n.AnnAssign)):
                ck.broken_constants |= scopes.bound_names((stmt,))
            if isinstance(stmt, n.ClassDef) and stmt.name not in ck.exception_classes:
                ck.broken_constants.add(stmt.name)
    replacements = regex.replacement_matches(ck, {func.name for func in defs})
    for func in defs:
        try:
            if generics.is_generic(func) and func.name not in replacements:
                check_unique(ck, func)
                generics.declare(ck, func)
            else:
                check_signature(ck, func, replacements.get(func.name))
        except CompileError as err:
            ck.errors.append(err)
            ck.broken_constants.add(func.name)   # its calls are not errors of their own
    regex.refine_replacements(ck, replacements)
    if ck.entry is None and not ck.errors:
        transforms = [name for name in ABI_DECORATORS[ck.target] if name not in AUXILIARY_ROLES]
        ck.error(f"no SmartStream entry point: decorate one function with "
                   f"{', '.join('@smartstream.' + t for t in transforms)}", Span(1, 1, 1, 2))
    partial.seed_state(ck, walk_body)
    for info in list(ck.functions.values()):
        check_function_body(ck, info)
    generics.check_copies(ck, check_function_body)   # the helpers typed by the calls just checked
    stdlib_functools.check_results(ck)


def check_import(ck: Checker, stmt: n.Import) -> None:
    for alias in stmt.names:
        if alias.name not in stdlib.MODULES:
            raise CompileError(
                f"'import {alias.name}' is not supported: ssc has no module '{alias.name}' (a SmartStream may "
                f"import {', '.join(sorted(stdlib.MODULES))}, and takes its names with 'from {DSL_MODULE} "
                f"import smartstream, Record')", alias.span)
        ck.modules[alias.asname or alias.name] = alias.name
        constants = {name: op.constant for (module, name), op in sem.MODULE_CONSTANTS.items() if module == alias.name}
        if constants:   # ALLOWED = string.ascii_letters + "_": computed at compile time
            ck.constant_values[alias.asname or alias.name] = consteval.ModuleConstants(alias.name, constants)


def check_import_from(ck: Checker, stmt: n.ImportFrom) -> None:
    if stmt.module == "__future__" and stmt.level == 0:
        return
    if stmt.module == "typing" and stmt.level == 0 and all(a.name in TYPING_NAMES for a in stmt.names):
        for alias in stmt.names:
            ck.imported[alias.asname or alias.name] = alias.name
        return
    if stmt.module == "datetime" and stmt.level == 0:
        for alias in stmt.names:
            if alias.name not in stdlib_datetime.DATETIME_NAMES:
                raise CompileError(f"cannot import name '{alias.name}' from 'datetime' in ssc (it has "
                                   f"{', '.join(sorted(stdlib_datetime.DATETIME_NAMES))})", alias.span)
            ck.imported[alias.asname or alias.name] = stdlib_datetime.IMPORTED + alias.name
        return
    if stmt.module == "collections" and stmt.level == 0:
        stdlib_collections.import_names(ck, stmt)
        return
    if stmt.module in CLASS_MODULES and stmt.level == 0 and all(a.name in CLASS_MODULES[stmt.module]
                                                                for a in stmt.names):
        for alias in stmt.names:
            ck.imported[alias.asname or alias.name] = alias.name
        return
    if stmt.module in stdlib.MODULES and stmt.level == 0:
        for target, value in stdlib.import_from(ck, stmt):   # from math import pi: pi = 3.141592653589793
            bind_constant(ck, target, value, None)
        return
    if stmt.module != DSL_MODULE or stmt.level != 0:
        raise CompileError(f"cannot import from '{'.' * stmt.level}{stmt.module or ''}': a SmartStream can "
                           f"only import from '{DSL_MODULE}' ({', '.join(sorted(TYPING_NAMES))} from 'typing', "
                           f"dataclass from 'dataclasses', Enum and IntEnum from 'enum', Counter, defaultdict, OrderedDict and deque from "
                           f"'collections')", stmt.span)
    for alias in stmt.names:
        if alias.name not in DSL_NAMES:
            raise CompileError(f"'{DSL_MODULE}' has no name '{alias.name}' (it provides "
                               f"{', '.join(sorted(DSL_NAMES))})", alias.span)
        ck.imported[alias.asname or alias.name] = alias.name


def check_constant(ck: Checker, stmt: n.Assign | n.AnnAssign) -> None:
    """``NAME = literal`` at module level: a constant, frozen (see docs/language.md);
    ``A, B = "a", "b"`` binds each name as its own constant."""
    if isinstance(stmt, n.Assign):
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], n.Tuple):
            for target, value in unpacked(ck, stmt.targets[0], stmt.value):
                bind_constant(ck, target, value, None)
            return
        if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], n.Name):
            raise CompileError("a module constant is assigned to one plain name, or to names unpacked from "
                               "a tuple (A, B = 1, 2)", stmt.span)
        if function_alias(ck, stmt, stmt.targets[0], stmt.value):
            return
        refuse_function_table(ck, stmt.value)
        bind_constant(ck, stmt.targets[0], stmt.value, None)
    else:
        if not isinstance(stmt.target, n.Name) or stmt.value is None:
            raise CompileError("a module constant needs a name and a value", stmt.span)
        bind_constant(ck, stmt.target, stmt.value, annotate.annotation(ck, stmt.annotation))


def function_alias(ck: Checker, stmt: n.Stmt, target: n.Name, value: n.Expr) -> bool:
    """``HANDLER = normalize``, a program's function defined above: another name to call it by
    (``ck.function_aliases``); True if the assignment is one."""
    if not isinstance(value, n.Name):
        return False
    name = ck.function_aliases.get(value.id, value.id)
    position = next(i for i, s in enumerate(ck.module.body) if s is stmt)
    above = {s.name for s in ck.module.body[:position] if isinstance(s, n.FunctionDef) and not s.decorators}
    if name not in above or name in ck.constants:
        return False
    if target.id in ck.constants or target.id in ck.function_aliases or target.id in above:
        raise CompileError(f"'{target.id}' is already defined: module constants are assigned once", target.span)
    ck.function_aliases[target.id] = name
    return True


def refuse_function_table(ck: Checker, value: n.Expr) -> None:
    """A constant that holds a program's function or a lambda (``OPS = {"gt": lambda a, b: a > b}``):
    refused with what to write instead (a function is applied where it is written)."""
    functions = {s.name for s in ck.module.body if isinstance(s, n.FunctionDef)}
    for node, parent in n.walk_with_parents(value):
        called = isinstance(parent, n.Call) and parent.func is node   # (a call is refused as such)
        if isinstance(node, n.Lambda) or isinstance(node, n.Name) and not called \
                and node.id in functions | set(ck.function_aliases):
            raise CompileError("a table of functions (a function kept in a dict, list or tuple) is not supported: "
                               "choose the function with if/elif or match, and call it there", node.span)


def unpacked(ck: Checker, targets: n.Tuple, value: n.Expr) -> list[tuple[n.Name, n.Expr]]:
    """The (name, value) pairs of ``A, B, C = "a", "b", "c"`` (a display of as many items, or a
    constant computed to a tuple or list of as many: ``Q, R = divmod(7, 2)``)."""
    names = targets.elts
    if not all(isinstance(t, n.Name) for t in names):
        raise CompileError("module constants are unpacked into plain names (A, B = 1, 2)", targets.span)
    if isinstance(value, (n.Tuple, n.List)) and not any(isinstance(e, n.Starred) for e in value.elts):
        items: tuple[n.Expr, ...] = value.elts
    else:
        try:
            computed_value = consteval.evaluate(value, ck.constant_values)
        except consteval.NotConstant:
            raise CompileError("module constants are unpacked from a tuple of values written out, or computed "
                               "at compile time (A, B = 1, 2)", value.span) from None
        if not isinstance(computed_value, (tuple, list)):
            raise CompileError(f"cannot unpack non-iterable {type(computed_value).__name__} object", value.span)
        items = tuple(consteval.literal(item, value.span) for item in computed_value)
    if len(items) != len(names):
        few = len(items) < len(names)
        raise CompileError(f"not enough values to unpack (expected {len(names)}, got {len(items)})" if few else
                           f"too many values to unpack (expected {len(names)})", value.span)
    return list(zip(names, items))  # type: ignore[arg-type]


def bind_constant(ck: Checker, target: n.Name, value: n.Expr, declared: Type | None) -> None:
    """Module constant (or module state) ``target`` bound to ``value``, of type ``declared`` if given."""
    name = target.id
    if name in ck.constants or name in ck.imported or name in ck.aliases or name in ck.module_functions:
        raise CompileError(f"'{name}' is already defined: module constants are assigned once", target.span)
    if declared is None and annotate.is_type_alias(ck, value):   # Number = Union[int, float]
        ck.aliases[name] = annotate.annotation(ck, value)
        return
    value = computed(ck, name, value)
    state = name in ck.state_names
    if declared is not None:
        ck.coerce(value, declared)
        ty = declared
    else:
        ty = (state and partial.empty_call(ck, value)) or ck.expr(value)
    if state and partial.is_partial(ty):   # typed from the functions' uses (partial.seed_state)
        ck.constants[name] = ConstantInfo(name, ty, value, target.span, state)
        return
    if infer.has_unknown(ty):
        raise CompileError(f"cannot infer the type of '{name}' from an empty container: annotate it, "
                           f"e.g. {partial.example(name, ty)}", value.span)
    if state:
        ty = erased(ty)   # a state variable may hold another pattern later
    if infer.contains_record(ty):
        raise CompileError("a module variable cannot hold a Record: records belong to one batch", value.span)
    if infer.contains_any(ty):
        raise CompileError("a module variable cannot hold an Any (a JSON value): keep its text, "
                           "json.dumps(value), and json.loads it where it is used", value.span)
    ck.constants[name] = ConstantInfo(name, ty, value, target.span, state)
    ck.types[target] = ty


def check_signature(ck: Checker, func: n.FunctionDef, match: Type | None = None) -> None:
    """A function's signature; ``match``: the type of its one parameter when unannotated (a
    function given to re's sub takes the matches: regex.replacement_matches)."""
    check_unique(ck, func)
    kind = None
    decorators = tuple(deco for deco in func.decorators if not stdlib_functools.is_cache(ck, deco))
    if decorators and len(decorators) < len(func.decorators):
        raise CompileError("an entry function cannot be cached: remove the @lru_cache / @cache decorator",
                           func.span)
    if decorators:
        if len(func.decorators) > 1:
            raise CompileError("an entry function takes exactly one decorator", func.decorators[1].span)
        kind = decorator_kind(ck, func.decorators[0])
        taken = ck.auxiliary.get(kind) if kind in AUXILIARY_ROLES else ck.entry
        if taken is not None:
            first = taken.function
            what = f"one @smartstream.{kind} function" if kind in AUXILIARY_ROLES else \
                "exactly one transform entry point"
            raise CompileError(f"a module holds {what}, and '{first.name}' (line {first.span.line}) is "
                               f"already one", func.span)
    shape = ENTRY_SHAPES[kind] if kind is not None else None
    given = shape.params if shape is not None else (match,) if match is not None and len(func.params) == 1 else ()
    params = check_params(ck, func.params, given)
    if func.returns is not None and not bare_tuple(ck, func.returns):
        result: Type | None = annotate.annotation(ck, func.returns)
    else:   # inferred from the body's returns (results.infer_result), unless the role fixes it
        result = shape.fixed if shape is not None else None
    if len(decorators) < len(func.decorators):   # memoisation, unobservable: the plain function
        stdlib_functools.check_signature(ck, func, params, result)
        ck.cached.add(func.name)
    info = FunctionInfo(func, params, result, defaults=tuple(p.default for p in func.params))
    if kind is not None:
        check_entry_signature(ck, kind, func, params, result)
        entry = EntryPoint(kind, func, params, result)
        if kind in AUXILIARY_ROLES:
            ck.auxiliary[kind] = entry
        else:
            ck.entry = entry
        ck.functions = {func.name: info, **ck.functions}
    else:
        ck.functions[func.name] = info


def check_unique(ck: Checker, func: n.FunctionDef) -> None:
    if func.name in ck.functions or func.name in ck.generics or func.name in ck.constants:
        raise CompileError(f"'{func.name}' is already defined", func.span)


def bare_tuple(ck: Checker, expr: n.Expr) -> bool:
    """Whether a return annotation is a bare ``tuple`` (or ``Optional[tuple]``, ``tuple | None``):
    mypy reads it as ``tuple[Any, ...]``, any tuple, so the result is the returned tuples' own
    type, inferred as if not annotated."""
    match expr:
        case n.Name(id="tuple"):
            return "tuple" not in ck.constants
        case n.Subscript(value=n.Name(id=name), index=inner) if ck.imported.get(name) == "Optional":
            return bare_tuple(ck, inner)
        case n.BinOp(op="|", left=left, right=n.Constant(value=None)) | \
                n.BinOp(op="|", left=n.Constant(value=None), right=left):
            return bare_tuple(ck, left)
    return False


def decorator_kind(ck: Checker, deco: n.Expr) -> str:
    allowed = ABI_DECORATORS[ck.target]
    match deco:
        case n.Attribute(value=n.Name(id=owner), attr=attr) if ck.imported.get(owner) == "smartstream":
            if attr in allowed:
                return attr
            if attr in ABI_DECORATORS[abi.Abi.SMARTMODULE]:
                raise CompileError(f"@smartstream.{attr} exists only in the SmartModule ABI of Fluvio v0.10 "
                                   f"and later: compile with --abi smartmodule", deco.span)
            raise CompileError(f"unknown SmartStream kind '@smartstream.{attr}': the {ck.target.value} ABI "
                               f"has {', '.join(allowed)}", deco.span)
    names = ", ".join(f"@smartstream.{name}" for name in allowed)
    raise CompileError(f"decorators other than {names} are not supported (import them with 'from "
                       f"smartstream import smartstream')", deco.span)


def check_params(ck: Checker, params: tuple[n.Param, ...], given: tuple[Type | None, ...] = ()
                 ) -> tuple[tuple[str, Type], ...]:
    """Each parameter's name and type (``check_param``; ``given``: the types a role gives the first
    ones). Every parameter is checked, so that each error is reported: the first is raised, the
    others recorded (``ssc check`` lists them all)."""
    checked: list[tuple[str, Type]] = []
    first: CompileError | None = None
    for index, param in enumerate(params):
        try:
            checked.append(check_param(ck, param, given[index] if index < len(given) else None))
        except CompileError as err:
            if first is None:
                first = err
            elif not isinstance(err, checker.Silent):
                ck.errors.append(err)
    if first is not None:
        raise first
    return tuple(checked)


def check_param(ck: Checker, param: n.Param, role_type: Type | None) -> tuple[str, Type]:
    """A parameter's name and type: its annotation, or, for an entry function, the type its
    decorator gives it (``def filter(record):`` takes a Record), or its default's type
    (``sep=","``); its default checked against it."""
    if param.star == "*" and param.name and param.annotation is not None:   # *args: str, a tuple[str, ...]
        return param.name, VarTupleType(annotate.annotation(ck, param.annotation))
    if param.star == "*" and param.name:
        raise CompileError(f"parameter '*{param.name}' needs a type annotation, the type of each item: "
                           f"'*{param.name}: str' (it is then a tuple[str, ...])", param.span)
    if param.star:
        what = "'**kwargs' parameters" if param.star == "**" else "keyword-only parameter markers ('*')"
        instead = "a dict, e.g. 'def f(options: dict[str, str])'" if param.star == "**" else \
            "a list, e.g. 'def f(names: list[str])'"
        raise CompileError(f"{what} are not supported: take {instead}, and pass one", param.span)
    if param.annotation is None:
        if role_type is not None:
            return param.name, role_type
        if param.default is not None and not (isinstance(param.default, n.Constant) and param.default.value is None):
            return param.name, check_default(ck, param.default, None)
        raise CompileError(f"parameter '{param.name}' needs a type annotation", param.span)
    declared = annotate.annotation(ck, param.annotation)
    if param.default is not None:
        check_default(ck, param.default, declared)
    return param.name, declared


def check_default(ck: Checker, default: n.Expr, declared: Type | None) -> Type:
    """A parameter's default: a literal or a frozen module constant, of an immutable type (CPython
    makes it once, at ``def``, and every call that omits the argument shares it)."""
    if isinstance(default, (n.List, n.Dict, n.Set, n.ListComp, n.DictComp, n.SetComp)) or \
            isinstance(default, n.Call) and isinstance(default.func, n.Name) and default.func.id in ("list", "dict", "set"):
        raise CompileError("a mutable default is made once, at 'def', and shared by every call: default to None "
                           "and make it in the body ('def f(out: list[str] | None = None):' then 'if out is None: "
                           "out = []')", default.span)
    constant = isinstance(default, n.Name) and default.id in ck.constants and not ck.constants[default.id].state
    if not constant and not is_literal(default):
        raise CompileError("a parameter's default is a literal or a module constant (CPython evaluates it "
                           "once, at 'def')", default.span)
    given = ck.expr(default)
    if declared is None:
        return given
    if declared == FLOAT and given in (INT, BOOL):
        raise CompileError(f"expected float, got {given} (CPython would keep the {given} value as it is: write "
                           f"a float, e.g. 2.0 for 2)", default.span)
    ck.coerce(default, declared, given=given)
    return declared


def check_entry_signature(ck: Checker, role: str, func: n.FunctionDef,
                          params: tuple[tuple[str, Type], ...], result: Type | None) -> None:
    """The entry's parameters and (when annotated or fixed by its role) its result fit its role."""
    shape = ENTRY_SHAPES[role]
    article = "an" if role[0] in "aeiou" else "a"
    if tuple(ty for _, ty in params) != shape.params:
        raise CompileError(f"{article} {role} function has the signature {shape.signature}", func.span)
    if result is not None and not shape.accepts(result):  # type: ignore[operator]
        where = func.returns.span if func.returns is not None else func.span
        raise CompileError(f"{article} {role} function returns {shape.results}, not {result}", where)


def missing_return_hint(body: tuple[n.Stmt, ...]) -> str:
    """What to write where a function annotated with a result can reach its end (CPython returns
    None there, which the annotation does not admit: refused, as mypy refuses it)."""
    last = body[-1] if body else None
    if isinstance(last, n.Match) and not any(isinstance(case.pattern, n.MatchCapture) and case.guard is None
                                             for case in last.cases):
        return (" (CPython returns None when no case of its 'match' matches): add a last 'case _:' that "
                "returns or raises")
    return " (CPython returns None there): end it with a return or a raise"


def check_function_body(ck: Checker, info: FunctionInfo) -> None:
    results.infer_result(ck, info)
    errors_before = len(ck.errors)
    walk_body(ck, info)
    if not ck.flow.terminated and info.result not in (NONE, infer.UNKNOWN) and len(ck.errors) == errors_before:
        if info.node.returns is None:   # an inferred result that admits None: CPython's implicit return
            info.falls_through = results.implicit_none(ck, info)
        else:
            ck.error(f"missing return: '{info.node.name}' can reach its end without returning {info.result}"
                     f"{missing_return_hint(info.node.body)}", info.node.span)
    if len(ck.errors) == errors_before:
        captured = nested.captured(ck, info)   # a list a nested function is given stays a list
        for key, (separator, calls) in string_builders.string_builders(info, ck.bindings, ck.types).items():
            if key in captured:
                continue
            info.builders[key] = separator
            for node, op in calls:
                ck.ops[node] = op.at(ck.ops[node].result) if node in ck.ops else op
    ck.function = None


def walk_body(ck: Checker, info: FunctionInfo, discovering: bool = False) -> None:
    """Check a function's statements from a fresh position: its parameters assigned, its
    ``global`` names declared (the flow at the end stays in ``ck.flow``). Its locals first
    bound to an empty container or None are seeded first (``partial.seed``); ``discovering``
    is such a seeding walk."""
    if not discovering:
        partial.seed(ck, info, walk_body)
    ck.refinements = {} if discovering else None
    ck.function = info
    ck.poisoned = set()
    info.locals.clear()
    ck.globals_here = scopes.global_names(info.node.body)
    for stmt in scopes.global_statements(info.node.body):
        for name in stmt.names:
            constant = ck.constants.get(name)
            if constant is None or not constant.state:
                ck.error(f"'global {name}' needs a module-level variable '{name}': assign its first value at "
                           f"module level (e.g. {name}: int = 0)", stmt.span)
                ck.poisoned.add(name)
            elif name in {p for p, _ in info.params}:
                ck.error(f"name '{name}' is parameter and global", stmt.span)
    ck.local_names = ({name for name, _ in info.params} | scopes.bound_names(info.node.body)) - ck.globals_here
    ck.versions, ck.redefinable = {}, redefine.top_level_targets(info.node.body)
    for name, ty in info.params:
        info.locals[name] = ty
    ck.flow = flow.Flow(assigned={name for name, _ in info.params})
    ck.loops, ck.scopes, ck.in_handler = [], [], 0
    if not info.key:   # (a nested function's body sees those of its function defined before it, itself too)
        ck.nested = {}
    ck.block(scopes.without_docstring(info.node.body))


def computed(ck: Checker, name: str, value: n.Expr) -> n.Expr:
    """A module constant's value as a display of literals: as written, or computed at compile time
    as CPython computes it at import (``consteval``). Its Python value is kept for the constants
    below it. A compiled pattern and re's flags (``re.compile(r"\\d+", re.I)``, ``re.I | re.M``)
    are kept as written: the checker knows them at compile time (``regex``)."""
    try:
        ck.constant_values[name] = consteval.evaluate(value, ck.constant_values)
    except consteval.NotConstant:
        if is_literal(value) or is_regex(ck, value) or stdlib_datetime.constant_value(ck, value) \
                or stdlib_collections.is_constructor(ck, value):
            return value
        raise
    return value if is_literal(value) else consteval.literal(ck.constant_values[name], value.span)


def is_regex(ck: Checker, value: n.Expr) -> bool:
    match value:
        case n.Call(func=n.Attribute(value=n.Name(id=module), attr="compile")) if regex.is_re(ck, module):
            return True
    return regex.constant_flags(ck, value) is not None


def is_literal(value: n.Expr) -> bool:
    """Whether ``value`` is a literal, or a display or tuple of literals (``set()`` included)."""
    match value:
        case n.Constant():
            return True
        case n.UnaryOp(op="-", operand=n.Constant(value=int() | float())):
            return True
        case n.Tuple(elts=elts) | n.List(elts=elts) | n.Set(elts=elts):
            return all(is_literal(elt) for elt in elts)
        case n.Dict(keys=keys, values=values):
            return all(part is not None and is_literal(part) for part in (*keys, *values))
        case n.Call(func=n.Name(id="set"), args=(), keywords=()):
            return True
    return False


def is_key_value(ty: Type) -> bool:
    """``tuple[K, V]``: K bytes/str, optional or None; V bytes/str (a map's output record)."""
    return (isinstance(ty, TupleType) and len(ty.items) == 2
            and ty.items[0] in (BYTES, STR, NONE, optional(BYTES), optional(STR))
            and ty.items[1] in (BYTES, STR))


def is_main_guard(test: n.Expr) -> bool:
    match test:
        case n.Compare(left=n.Name(id="__name__"), ops=("==",), comparators=(n.Constant(value="__main__"),)):
            return True
    return False


KEY_VALUE = "tuple[bytes | None, bytes] (str is accepted for bytes)"
#: The (key, value) pairs an inferred map result may take, in the order they are tried: str
#: first, so that a JSON value (an Any) is taken as text, as CPython's str.
PAIRS = (TupleType((optional(STR), STR)), TupleType((optional(BYTES), BYTES)))


@dataclass(frozen=True, slots=True)
class EntryShape:
    """The signature an entry role requires: its parameter types and which results it accepts.

    ``fixed`` is the result an entry without a return annotation has (a filter's bool), or
    None when it is inferred from the returns; then the joined return types are taken if
    ``accepts`` them, else the first of ``candidates`` that every return converts to
    (``return record.key, record.value`` and ``return None, "text"`` are tuple[bytes | None, bytes]).
    """

    params: tuple[Type, ...]
    signature: str
    results: str
    accepts: object   # Callable[[Type], bool]
    fixed: Type | None = None
    candidates: tuple[Type, ...] = ()


ENTRY_SHAPES: dict[str, EntryShape] = {
    "filter": EntryShape((RECORD,), "(record: Record) -> bool", "bool", lambda t: t == BOOL, BOOL),
    "map": EntryShape((RECORD,), "(record: Record) -> tuple[bytes | None, bytes]", KEY_VALUE, is_key_value,
                      candidates=PAIRS),
    "aggregate": EntryShape((BYTES, RECORD), "(accumulator: bytes, current: Record) -> bytes",
                            "bytes (or str, encoded as UTF-8)", lambda t: t in (BYTES, STR),
                            candidates=(STR, BYTES)),
    "filter_map": EntryShape((RECORD,), "(record: Record) -> tuple[bytes | None, bytes] | None",
                             f"{KEY_VALUE} or None",
                             lambda t: isinstance(t, OptionalType) and is_key_value(t.inner),
                             candidates=tuple(optional(pair) for pair in PAIRS)),
    "array_map": EntryShape((RECORD,), "(record: Record) -> list[tuple[bytes | None, bytes]]",
                            f"a list of {KEY_VALUE}", lambda t: isinstance(t, ListType) and is_key_value(t.elem),
                            candidates=tuple(ListType(pair) for pair in PAIRS)),
    "init": EntryShape((DictType(STR, STR),), "(params: dict[str, str]) -> None", "None", lambda t: t == NONE,
                       NONE),
    "look_back": EntryShape((RECORD,), "(record: Record) -> None", "None", lambda t: t == NONE, NONE),
}
