"""What the checker hands the lowering: ``TypedModule`` and the records in it.

``check.check(module)`` produces a ``TypedModule``; ``lower.lower(typed)``
reads it and decides nothing of its own. Every table is keyed by the node
it describes (nodes hash by identity).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import abi
from . import nodes as n
from . import semantics as sem
from .errors import Span
from .records import record
from .types import Type


@record()
class Coercion:
    """An implicit conversion of an expression's value from ``source`` to ``target``, by ``op``.

    The cases (``semantics.CONVERSIONS``): wrapping into ``T | None``;
    ``bool -> int -> float`` in arithmetic; ``str -> bytes`` (UTF-8, no-op)
    at an entry's result; boxing into an Any and unboxing from one; tuples
    item by item; and any value to ``bool`` by truthiness (``semantics.TRUTH``).
    """

    source: Type
    target: Type
    op: sem.Op


@record()
class Binding:
    """What a name refers to: a local slot, a module constant or a function."""

    kind: str          # "local", "constant", "function"
    key: str           # the local's slot key, or the constant's / function's name
    declared: Type     # the slot's type (an optional local read narrowed has another type)


@record()
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


@record()
class Application:
    """A function value applied where it is written (``check/functions.py``): its parameters,
    bound to the arguments' values, then its body evaluated (its value is the result).

    ``sorted(xs, key=lambda x: -x)``: params ``(x,)``, body ``-x``; ``key=len``: params
    ``(<arg0>,)``, body ``len(<arg0>)``.
    """

    params: tuple[n.Name, ...]
    body: n.Expr
    result: Type


@record()
class PatternTest:
    """A step of a ``case`` pattern: go on when ``test`` (a bool expression the checker made,
    on the subject's hidden locals) is true, else on to the next case."""

    test: n.Expr


@record()
class PatternStore:
    """A step of a ``case`` pattern: store ``value`` into ``target`` (a capture, or a hidden
    local holding a part of the subject)."""

    target: n.Name
    value: n.Expr


@record()
class PatternChoice:
    """An or-pattern ``p | q``: the steps of each alternative, tried in order."""

    alternatives: tuple[tuple[PatternStep, ...], ...]


PatternStep = PatternTest | PatternStore | PatternChoice


@record()
class Unpacking:
    """A target with a starred name, ``a, *rest, b = value`` (check/unpacking.py): the value
    stored into hidden local ``subject``; for a list (``checked``), ValueError unless it has at
    least ``least`` items; then each of ``stores``, a target and the part of the subject it gets
    (``a <- $s[0]``, ``rest <- $s[1:-1]``, ``b <- $s[-1]``), in order."""

    subject: n.Name
    checked: bool
    least: int
    stores: tuple[tuple[n.Expr, n.Expr], ...]


@record()
class ExceptionClass:
    """A program's exception class (check/classes.py): its code in ``exceptions``, and its
    ``__init__``'s parameters after self and the message it passes to ``super().__init__``
    (``params`` None: no ``__init__``, it takes the message as a builtin exception does)."""

    name: str
    code: int
    params: tuple[n.Param, ...] | None
    message: n.Expr | None


@record()
class EnumLookup:
    """``Color(x)``: store x into a hidden local, then the member whose ``tests[i]`` (x == its
    value) holds first, its run-time int ``keys[i]``; if none, ValueError(``message``)."""

    store: PatternStore
    tests: tuple[n.Expr, ...]
    keys: tuple[int, ...]
    message: n.Expr


@record()
class Construction:
    """``Cls(args)`` (or ``Cls``) of a program's exception class: store each argument into its
    ``__init__``'s parameter's hidden local, in order, then the exception's message is
    ``message`` (a copy of the template reading them; or the one argument, wrapped in
    ``repr()`` for a subclass of KeyError), or empty when it is None."""

    stores: tuple[PatternStore, ...]
    message: n.Expr | None


@record()
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
    ``check/string_builders.py``.

    A parameter's default (``defaults``) is a literal or a module constant, so
    that evaluating it at each call that omits it, as the lowering does, gives
    the value CPython evaluated once at ``def``.

    A nested function (``check/nested.py``) is a function of the module named
    ``outer.name`` that takes the variables it reads from the enclosing one
    (``captures``) as parameters after its own.

    A helper typed by its calls (``check/generics.py``) is copied once per
    signature it is called with; each copy is a function of the module named
    by its number (``copy``): ``double.1``, ``double.2``.

    A function without a return annotation has its result inferred from its
    returns (``check/results.py``); where it can reach its end with a result
    other than None, ``falls_through`` converts the implicit None.
    """

    node: n.FunctionDef
    params: tuple[tuple[str, Type], ...]
    result: Type | None          # None until inferred from the returns (check/results.py)
    locals: dict[str, Type] = field(default_factory=dict)
    builders: dict[str, bytes] = field(default_factory=dict)
    falls_through: Coercion | None = None   # an inferred T | None result: reaching the end returns None
    defaults: tuple[n.Expr | None, ...] = ()  # each parameter's default value (a literal or a constant), or None
    key: str = ""                            # a nested function's name in the module: "outer.name"
    captures: tuple[str, ...] = ()           # a nested function's captures: its last parameters
    flagged: set[str] = field(default_factory=set)   # locals with a run-time "assigned" flag
    copy: int = 0                            # a helper typed by its calls: the number of this copy

    @property
    def name(self) -> str:
        """The function's name in the module (its key in ``TypedModule.functions``)."""
        return self.key or (f"{self.node.name}.{self.copy}" if self.copy else self.node.name)

    @property
    def star(self) -> int | None:
        """The position of its ``*args`` parameter (a ``tuple[T, ...]``), if it has one; the
        parameters after it are keyword-only."""
        name = next((p.name for p in self.node.params if p.star == "*" and p.name), None)
        return next((i for i, (param, _) in enumerate(self.params) if param == name), None) if name else None


@record()
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
    types: dict[object, Type]                  # expression (and target) -> its type
    ops: dict[object, sem.Op]                  # operator, call, attribute, subscript, del, ... -> its operation
    links: dict[n.Compare, tuple[sem.Op, ...]]   # a comparison chain -> the operation of each link
    stores: dict[n.Subscript, sem.Op]          # x[i] as a target (x[i] = v, x[i] += v) -> the store
    receivers: dict[n.Call, n.Expr]            # a method call x.m(...) -> its receiver x
    truths: dict[n.Expr, sem.Op]               # an operand of a value `and`/`or` -> its truth test
    results: dict[n.Expr, Coercion]            # an operand of a value `and`/`or` -> its conversion to the result
    coercions: dict[object, Coercion]          # expression -> the implicit conversion of its value
    bindings: dict[object, Binding]
    narrowed: set[object]
    iterations: dict[object, Iteration]
    handlers: dict[object, tuple[int, ...]]      # an except clause -> the classes it catches
    arguments: dict[object, tuple[n.Expr | None, ...]]
    unreachable: set[object]
    unbound: dict[object, str]                 # a local read that may be unassigned (after a loop) -> its message
    exceptions: tuple[sem.ExceptionType, ...]  # the module's exception classes, by code (runtime's first)
    exception_names: tuple[str, ...]           # each one's type(e).__name__ under the target Python, by code
    subjects: dict[n.Match, n.Name]            # a match statement -> the hidden local its subject is stored in
    patterns: dict[n.MatchCase, tuple[PatternStep, ...]]   # a case -> its pattern's steps
    formats: dict[n.Expr, n.JoinedStr]           # "...".format(...), "..." % x -> the f-string it is (check/formatting.py)
    applications: dict[n.Expr, Application] = field(default_factory=dict)   # a function value -> how it applies
    constructions: dict[n.Expr, Construction] = field(default_factory=dict)   # raise Cls(args) of a program's exception class; p._replace()
    lookups: dict[n.Call, EnumLookup] = field(default_factory=dict)   # Color(value): the member of that value
    unpackings: dict[n.Expr, Unpacking] = field(default_factory=dict)   # a target with a starred name -> its stores
    # an expression computed as another the checker made of its parts (check/stdlib_collections.py)
    equivalents: dict[n.Expr, n.Expr] = field(default_factory=dict)

    def exception_code(self, name: str) -> int:
        """The code of exception class ``name`` in this module (the checker numbered it)."""
        return next(exc.code for exc in self.exceptions if exc.name == name)

