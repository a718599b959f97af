"""The checker's state: what it has decided so far, and where it is.

``Checker`` holds the tables that become the ``TypedModule`` and the
position of the walk (the function being checked, its flow facts, loops
and comprehension scopes). The work itself is done by plain functions in
the modules of this package, each taking the checker first:
``stmts.check_if(ck, stmt)``, ``exprs.infer(ck, expr)``. The few entry
points every part recurses into are methods that forward to them:
``ck.expr``, ``ck.coerce``, ``ck.expr_against``, ``ck.truth``,
``ck.condition``, ``ck.block``, ``ck.iteration`` and ``ck.local_key``.
"""

from __future__ import annotations

from ... import abi
from .. import nodes as n
from .. import semantics as sem
from ..pyversion import PythonVersion
from ..errors import CompileError, Span
from ..typed import (Application, Binding, Coercion, ConstantInfo, Construction, EntryPoint, EnumLookup,
                     ExceptionClass, FunctionInfo, Iteration, PatternStep, Unpacking)
from ..types import ANY, EnumType, Type
from . import classes, exprs, flow, generics, iterables, stmts


class Checker:
    def __init__(self, module: n.Module, target: abi.Abi, python: PythonVersion) -> None:
        self.module = module
        self.target = target
        self.python = python              # the CPython whose behaviour the module follows
        self.auxiliary: dict[str, EntryPoint] = {}
        self.state_names: set[str] = set()
        self.globals_here: set[str] = set()
        self.errors: list[CompileError] = []
        self.entry: EntryPoint | None = None
        self.functions: dict[str, FunctionInfo] = {}
        self.generics: dict[str, generics.Generic] = {}   # helpers typed by their calls, by name
        self.constants: dict[str, ConstantInfo] = {}
        self.constant_values: dict[str, object] = {}   # each module constant's Python value (consteval)
        self.aliases: dict[str, Type] = {}    # module-level type aliases: Number = Union[int, float]
        self.function_aliases: dict[str, str] = {}   # HANDLER = normalize: the function's other name
        self.types: dict[object, Type] = {}
        self.ops: dict[object, sem.Op] = {}
        self.links: dict[n.Compare, tuple[sem.Op, ...]] = {}
        self.stores: dict[n.Subscript, sem.Op] = {}
        self.receivers: dict[n.Call, n.Expr] = {}
        self.truths: dict[n.Expr, sem.Op] = {}
        self.results: dict[n.Expr, Coercion] = {}
        self.coercions: dict[object, Coercion] = {}
        self.bindings: dict[object, Binding] = {}
        self.narrowed: set[object] = set()
        self.iterations: dict[object, Iteration] = {}
        self.handlers: dict[object, tuple[int, ...]] = {}
        self.arguments: dict[object, tuple[n.Expr | None, ...]] = {}
        self.unreachable: set[object] = set()
        self.applications: dict[n.Expr, Application] = {}
        self.unbound: dict[object, str] = {}
        self.exceptions: list[sem.ExceptionType] = list(sem.EXCEPTIONS)
        self.subjects: dict[n.Match, n.Name] = {}
        self.patterns: dict[n.MatchCase, tuple[PatternStep, ...]] = {}
        self.formats: dict[n.Expr, n.JoinedStr] = {}
        self.exception_classes: dict[str, ExceptionClass] = {}   # the program's, by name
        self.record_classes: dict[str, classes.RecordClass] = {}   # @dataclass and NamedTuple classes, by name
        self.constructions: dict[n.Expr, Construction] = {}
        self.enum_classes: dict[str, EnumType] = {}   # enum.Enum and IntEnum classes, by name
        self.lookups: dict[n.Call, EnumLookup] = {}
        self.unpackings: dict[n.Expr, Unpacking] = {}
        self.equivalents: dict[n.Expr, n.Expr] = {}
        self.poisoned: set[str] = set()        # names whose assignment had an error
        self.broken_constants: set[str] = set()  # module constants (functions, classes) whose definition had an error
        self.imported: dict[str, str] = {}   # local name -> smartstream name
        self.modules: dict[str, str] = {}    # local name -> imported module (import json)
        self.module_functions: dict[str, tuple[str, str]] = {}   # from json import loads: local -> (module, name)
        self.cached: set[str] = set()   # helper functions under @lru_cache / @cache (check/stdlib_functools.py)
        self.start_position()

    def start_position(self) -> None:
        """The checker's position (in which function, with what in scope) and inference state, as they start."""
        self.function: FunctionInfo | None = None
        self.local_names: set[str] = set()
        self.versions: dict[str, str] = {}     # a local rebound to another type -> its current slot key
        self.redefinable: set[n.Name] = set()   # targets that may rebind so (redefine.py)
        self.flow = flow.Flow()
        self.loops: list[flow.Loop] = []
        self.scopes: list[dict[str, str]] = []   # comprehension scopes: name -> slot key
        self.nested: dict[str, str] = {}         # the nested functions defined so far: name -> key
        self.in_handler = 0
        #: Per enclosing handler, the name 'except json.JSONDecodeError as e' binds, else None.
        self.json_errors: list[str | None] = []
        self.counter = 0
        self.readonly_ok = False
        # return-type inference (results.py): the types a body's returns give, while collected
        self.returned: list[Type] | None = None
        self.inferring: list[FunctionInfo] = []
        self.iterating: n.Call | None = None   # the call iterated (p.finditer(s)) while it is checked
        # partial types (partial.py): each function's seeded locals, and what a discovery walk finds
        self.seeds: dict[n.FunctionDef, dict[str, Type]] = {}
        self.refinements: dict[str, Type] | None = None

    def exception_code(self, name: str) -> int:
        """The code of exception class ``name`` here: the runtime's, the program's own, or the
        next free one for a class of semantics.LIBRARY_EXCEPTIONS (after its base), on first use."""
        for exc in self.exceptions:
            if exc.name == name:
                return exc.code
        parent = self.exception_code(sem.LIBRARY_EXCEPTIONS[name])
        self.exceptions.append(sem.ExceptionType(name, self.exceptions[parent].name, len(self.exceptions)))
        return len(self.exceptions) - 1

    def error(self, message: str, span: Span | None) -> None:
        self.errors.append(CompileError(message, span))

    def convert(self, expr: n.Node, source: Type, target: Type) -> None:
        """Record that the value of ``expr`` converts implicitly from ``source`` to ``target``
        (a constant converted to an Any is a box made at compile time)."""
        if target == ANY and isinstance(expr, n.Constant):
            op = sem.BOX_CONSTANT.with_constant(expr.value)
        else:
            op = sem.conversion(source, target)
        self.coercions[expr] = Coercion(source, target, op)

    # ---- the entry points every part of the checker recurses into

    def expr(self, expr: n.Expr) -> Type:
        return exprs.expr(self, expr)

    def expr_against(self, expr: n.Expr, expected: Type) -> Type:
        return exprs.expr_against(self, expr, expected)

    def coerce(self, expr: n.Expr, target: Type, *, entry_result: bool = False, given: Type | None = None) -> None:
        exprs.coerce(self, expr, target, entry_result=entry_result, given=given)

    def truth(self, expr: n.Expr) -> None:
        flow.truth(self, expr)

    def condition(self, expr: n.Expr) -> tuple[flow.Flow, flow.Flow]:
        return flow.condition(self, expr)

    def block(self, body: tuple[n.Stmt, ...]) -> None:
        stmts.block(self, body)

    def iteration(self, expr: n.Expr) -> Iteration:
        return iterables.iteration(self, expr)

    def local_key(self, name: str) -> str | None:
        """The slot key of local ``name`` here (a comprehension's variable has its own), else None."""
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.local_names:
            return self.versions.get(name, name)
        return None


class Trial:
    """Check a candidate overload without keeping what it recorded."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def __enter__(self) -> None:
        c = self.checker
        self.saved = (dict(c.types), dict(c.ops), dict(c.links), dict(c.truths), dict(c.results), dict(c.coercions),
                      dict(c.bindings), set(c.narrowed), dict(c.iterations), dict(c.arguments))

    def __exit__(self, *exc: object) -> None:
        c = self.checker
        (c.types, c.ops, c.links, c.truths, c.results, c.coercions, c.bindings, c.narrowed, c.iterations,
         c.arguments) = self.saved  # type: ignore[assignment]


class Suspended:
    """Check something aside and forget all it recorded and reported: the checker's tables,
    errors and position are as they were before (a body walked to infer its return type)."""

    TABLES = ("types", "ops", "links", "stores", "receivers", "truths", "results", "coercions", "bindings",
              "narrowed", "iterations", "handlers", "arguments", "unreachable", "poisoned", "errors", "formats",
              "constructions", "lookups", "functions", "equivalents")
    POSITION = ("function", "local_names", "versions", "redefinable", "globals_here", "flow", "loops", "scopes",
                "in_handler", "readonly_ok", "returned", "refinements", "nested")

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def __enter__(self) -> None:
        c = self.checker
        self.tables = {name: getattr(c, name).copy() for name in self.TABLES}
        self.position = {name: getattr(c, name) for name in self.POSITION}

    def __exit__(self, *exc: object) -> None:
        for name, value in (*self.tables.items(), *self.position.items()):
            setattr(self.checker, name, value)


class Silent(CompileError):
    """An error caused by an earlier one (a name whose assignment failed): not reported."""
