"""Computed module constants, evaluated at compile time as CPython evaluates them at import.

``GAP_MS = 30 * 60 * 1000``, ``STOP = frozenset({"a", "the"})``,
``EDGES = [10 * 2 ** i for i in range(6)]``, ``LABELS = [f"<{e}" for e in
EDGES]``: ``evaluate(expr, env)`` computes the value with CPython's own
operations (so the result is CPython's, float rounding included), and
``literal(value, span)`` turns it back into a display of literals, which
the checker types and the lowering builds like a constant written out.

Only pure operations are evaluated: literals, earlier constants, operators,
comparisons, conditionals, displays, comprehensions, f-strings, subscripts,
the builtins of ``PURE_BUILTINS`` and the methods of ``PURE_METHODS``. And
only bounded ones: every step and every item made is counted against
``BUDGET``, an int may not grow past ``MAX_INT_BITS`` and a sequence past
``MAX_ITEMS`` before it is made (``10 ** 10 ** 10`` or ``"x" * 10 ** 12``
is an error, not a hang). Anything else raises ``NotConstant``, which the
checker reports with what to write instead.
"""

from __future__ import annotations

import builtins
import math
import operator
from dataclasses import dataclass
from typing import Any, Callable

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span

#: steps and items a module's constants may take in all
BUDGET = 2_000_000
MAX_ITEMS = 1_000_000
MAX_INT_BITS = 4096

BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "//": operator.floordiv,
    "%": operator.mod, "**": operator.pow, "<<": operator.lshift, ">>": operator.rshift, "&": operator.and_,
    "|": operator.or_, "^": operator.xor,
}
UNARY: dict[str, Callable[[Any], Any]] = {"-": operator.neg, "+": operator.pos, "~": operator.invert,
                                          "not": operator.not_}
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
    "is": operator.is_, "is not": operator.is_not,
}
PURE_BUILTINS: dict[str, Callable[..., Any]] = {
    name: getattr(builtins, name) for name in ("abs", "all", "any", "bool", "chr", "dict", "divmod", "enumerate", "float", "frozenset", "hex",
                 "int", "len", "list", "max", "min", "oct", "ord", "range", "repr", "reversed", "round", "set",
                 "sorted", "str", "sum", "tuple", "zip", "bin", "bytes")
}
#: The builtin classes a constant may hold as values (check/class_values.py).
CLASS_VALUES: dict[str, type] = {name: getattr(builtins, name) for name in sem.CLASS_MASKS}
#: methods that change nothing, by the receiver's type
PURE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset(name for name in dir(str) if not name.startswith("_")),
    bytes: frozenset(name for name in dir(bytes) if not name.startswith("_")),
    dict: frozenset({"get", "keys", "values", "items", "copy"}),
    list: frozenset({"count", "index", "copy"}),
    tuple: frozenset({"count", "index"}),
    set: frozenset({"union", "intersection", "difference", "symmetric_difference", "issubset", "issuperset",
                    "isdisjoint", "copy"}),
    frozenset: frozenset({"union", "intersection", "difference", "symmetric_difference", "issubset",
                          "issuperset", "isdisjoint", "copy"}),
}
#: str and bytes methods whose result may be their receiver's length times an argument
SIZING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "replace"})


@dataclass(frozen=True)
class ModuleConstants:
    """An imported module in a module constant's expression: its constants (``string.digits``)."""
    name: str
    values: dict[str, object]


class NotConstant(CompileError):
    """The expression cannot be evaluated at compile time (the message says why)."""


class Evaluator:
    def __init__(self, env: dict[str, object]) -> None:
        self.env = env
        self.scopes: list[dict[str, object]] = []
        self.budget = BUDGET

    def spend(self, amount: int, span: Span) -> None:
        self.budget -= amount
        if self.budget < 0:
            raise NotConstant("this module constant takes too long to compute at compile time: compute it in "
                              "a function (or in init)", span)

    def eval(self, expr: n.Expr) -> object:
        self.spend(1, expr.span)
        handler = HANDLERS.get(type(expr))
        if handler is None:
            raise NotConstant(f"{describe(expr)} cannot be computed at compile time: a module constant is "
                              f"made of literals, other constants, operators, comprehensions and pure builtins",
                              expr.span)
        value = handler(self, expr)
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise too_big(expr.span)
        self.spend(size(value), expr.span)
        return value

    def name(self, expr: n.Name) -> object:
        for scope in reversed(self.scopes):
            if expr.id in scope:
                return scope[expr.id]
        if expr.id in self.env:
            return self.env[expr.id]
        if expr.id in CLASS_VALUES:   # a builtin class as a value: SCHEMA = {"id": int}
            return CLASS_VALUES[expr.id]
        if expr.id in PURE_BUILTINS:
            raise NotConstant(f"the builtin '{expr.id}' can only be called", expr.span)
        raise NotConstant(f"'{expr.id}' is not a module constant defined above this line, so it cannot be "
                          f"used in one (a function's result is computed at run time: call it where it is "
                          f"needed, or in init)", expr.span)

    def attribute(self, expr: n.Attribute) -> object:
        """``string.digits``: a constant of an imported module."""
        module = self.eval(expr.value) if isinstance(expr.value, n.Name) and expr.value.id in self.env else None
        if isinstance(module, ModuleConstants) and expr.attr in module.values:
            return module.values[expr.attr]
        raise NotConstant(f"{describe(expr)} cannot be computed at compile time: a module constant is made of "
                          f"literals, other constants, operators, comprehensions and pure builtins", expr.span)

    def binop(self, expr: n.BinOp) -> object:
        left, right = self.eval(expr.left), self.eval(expr.right)
        bounded(expr.op, left, right, expr.span)
        return self.apply(BINARY[expr.op], expr.span, left, right)

    def unary(self, expr: n.UnaryOp) -> object:
        return self.apply(UNARY[expr.op], expr.span, self.eval(expr.operand))

    def boolop(self, expr: n.BoolOp) -> object:
        value: object = None
        for part in expr.values:
            value = self.eval(part)
            if bool(value) == (expr.op == "or"):
                return value
        return value

    def compare(self, expr: n.Compare) -> object:
        left = self.eval(expr.left)
        for op, comparator in zip(expr.ops, expr.comparators):
            right = self.eval(comparator)
            if not self.apply(COMPARE[op], expr.span, left, right):
                return False
            left = right
        return True

    def ifexp(self, expr: n.IfExp) -> object:
        return self.eval(expr.body) if self.eval(expr.test) else self.eval(expr.orelse)

    def tuple_(self, expr: n.Tuple) -> object:
        return tuple(self.items(expr.elts))

    def list_(self, expr: n.List) -> object:
        return list(self.items(expr.elts))

    def set_(self, expr: n.Set) -> object:
        return self.apply(set, expr.span, self.items(expr.elts))

    def items(self, elts: tuple[n.Expr, ...]) -> list[object]:
        values: list[object] = []
        for elt in elts:
            if isinstance(elt, n.Starred):
                values += self.iterate(self.eval(elt.value), elt.span)
            else:
                values.append(self.eval(elt))
        return values

    def dict_(self, expr: n.Dict) -> object:
        result: dict[object, object] = {}
        for key, value in zip(expr.keys, expr.values):
            if key is None:
                result.update(self.apply(dict, expr.span, self.eval(value)))
            else:
                k = self.eval(key)
                self.apply(hash, key.span, k)
                result[k] = self.eval(value)
        return result

    def iterate(self, value: object, span: Span) -> list[object]:
        """The items of an iterable, counted against the budget before they are made."""
        if isinstance(value, range | str | bytes | list | tuple | dict | set | frozenset):
            self.spend(len(value), span)
            return list(value)
        raise NotConstant(f"'{type(value).__name__}' object is not iterable", span)

    def comprehension(self, generators: tuple[n.Comprehension, ...], make: Callable[[], None]) -> None:
        """Run ``make`` for each binding of the generators' targets (a scope of their own)."""
        self.scopes.append({})
        try:
            self.loop(generators, make)
        finally:
            self.scopes.pop()

    def loop(self, generators: tuple[n.Comprehension, ...], make: Callable[[], None]) -> None:
        first, rest = generators[0], generators[1:]
        for item in self.iterate(self.eval(first.iter), first.iter.span):
            self.bind(first.target, item)
            if all(self.eval(test) for test in first.ifs):
                if rest:
                    self.loop(rest, make)
                else:
                    make()

    def bind(self, target: n.Expr, value: object) -> None:
        match target:
            case n.Name(id=name):
                self.scopes[-1][name] = value
            case n.Tuple(elts=elts) | n.List(elts=elts):
                values = self.iterate(value, target.span)
                if len(values) != len(elts):
                    raise NotConstant(f"cannot unpack {len(values)} values into {len(elts)} names", target.span)
                for elt, item in zip(elts, values):
                    self.bind(elt, item)
            case _:
                raise NotConstant("a comprehension target is a name or a tuple of names", target.span)

    def listcomp(self, expr: n.ListComp | n.SetComp) -> object:
        out: list[object] = []
        self.comprehension(expr.generators, lambda: out.append(self.eval(expr.elt)))
        return out if isinstance(expr, n.ListComp) else self.apply(set, expr.span, out)

    def dictcomp(self, expr: n.DictComp) -> object:
        out: dict[object, object] = {}

        def make() -> None:
            key = self.eval(expr.key)
            self.apply(hash, expr.key.span, key)
            out[key] = self.eval(expr.value)
        self.comprehension(expr.generators, make)
        return out

    def subscript(self, expr: n.Subscript) -> object:
        value = self.eval(expr.value)
        if isinstance(expr.index, n.Slice):
            index: object = slice(*(None if part is None else self.eval(part)
                                    for part in (expr.index.lower, expr.index.upper, expr.index.step)))
        else:
            index = self.eval(expr.index)
        return self.apply(operator.getitem, expr.span, value, index)

    def call(self, expr: n.Call) -> object:
        if any(isinstance(arg, n.Starred) for arg in expr.args):
            raise NotConstant("'*' arguments are not computed at compile time", expr.span)
        match expr.func:
            case n.Name(id=name) if name in PURE_BUILTINS and not self.shadowed(name):
                function: Callable[..., Any] = PURE_BUILTINS[name]
            case n.Attribute(value=receiver, attr=attr):
                owner = self.eval(receiver)
                if attr not in PURE_METHODS.get(type(owner), frozenset()):
                    raise NotConstant(f"'{type(owner).__name__}.{attr}' cannot be called at compile time (it "
                                      f"changes its object, or is not known to be pure)", expr.func.span)
                function = getattr(owner, attr)
                if attr in SIZING_METHODS:
                    factors = [a if isinstance(a, int) else size(a) for a in map(self.eval, expr.args)]
                    if max(1, size(owner)) * max([1, *factors]) > MAX_ITEMS:
                        raise too_big(expr.span)
            case n.Name(id=name):
                raise NotConstant(f"calling '{name}' cannot be done at compile time: a module constant calls "
                                  f"only pure builtins (compute the value in a function, or in init)", expr.span)
            case _:
                raise NotConstant("this call cannot be made at compile time", expr.span)
        args = [self.eval(arg) for arg in expr.args]
        if function in (sum, sorted, min, max, list, tuple, set, frozenset, dict, any, all, enumerate, zip,
                        reversed, len, bytes) and args:
            for arg in args:   # count what they will walk before they walk it
                if isinstance(arg, range):
                    self.spend(len(arg), expr.span)
                if isinstance(arg, int) and function is bytes and arg > MAX_ITEMS:
                    raise too_big(expr.span)
        kwargs = {kw.name: self.eval(kw.value) for kw in expr.keywords}
        result = self.apply(function, expr.span, *args, **kwargs)
        if isinstance(result, enumerate | zip | type(reversed([]))):
            result = list(result)   # consumed where they are used: a list of the items
        return result

    def shadowed(self, name: str) -> bool:
        return name in self.env or any(name in scope for scope in self.scopes)

    def fstring(self, expr: n.JoinedStr) -> object:
        parts: list[str] = []
        for value in expr.values:
            if isinstance(value, n.Constant):
                parts.append(str(value.value))
                continue
            assert isinstance(value, n.FormattedValue)
            field = self.eval(value.value)
            if value.conversion:
                field = {"r": repr, "s": str, "a": ascii}[value.conversion](field)
            spec = "" if value.format_spec is None else self.eval(value.format_spec)
            parts.append(self.apply(format, value.span, field, spec))
        return "".join(parts)

    def apply(self, function: Callable[..., Any], span: Span, *args: object, **kwargs: object) -> Any:
        """``function(*args)`` as CPython runs it; its exception is the constant's compile error."""
        try:
            return function(*args, **kwargs)
        except Exception as err:   # CPython would raise this at import
            raise NotConstant(f"computing this module constant raises {type(err).__name__}: {err} (as CPython "
                              f"would when it imports the module)", span) from None


HANDLERS: dict[type, Callable[[Evaluator, Any], object]] = {
    n.Constant: lambda ev, e: e.value,
    n.Name: Evaluator.name,
    n.Attribute: Evaluator.attribute,
    n.BinOp: Evaluator.binop,
    n.UnaryOp: Evaluator.unary,
    n.BoolOp: Evaluator.boolop,
    n.Compare: Evaluator.compare,
    n.IfExp: Evaluator.ifexp,
    n.Tuple: Evaluator.tuple_,
    n.List: Evaluator.list_,
    n.Set: Evaluator.set_,
    n.Dict: Evaluator.dict_,
    n.ListComp: Evaluator.listcomp,
    n.SetComp: Evaluator.listcomp,
    n.DictComp: Evaluator.dictcomp,
    n.Subscript: Evaluator.subscript,
    n.Call: Evaluator.call,
    n.JoinedStr: Evaluator.fstring,
}


def bounded(op: str, left: object, right: object, span: Span) -> None:
    """Refuse, before it is computed, an int or a sequence too large to make at compile time."""
    if op == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if right * math.log2(abs(left)) > MAX_INT_BITS:
            raise too_big(span)
    if op == "<<" and isinstance(left, int) and isinstance(right, int) and left and right > MAX_INT_BITS:
        raise too_big(span)
    if op == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str | bytes | list | tuple) and isinstance(count, int) and \
                    len(seq) * count > MAX_ITEMS:
                raise too_big(span)


def too_big(span: Span) -> NotConstant:
    return NotConstant(f"this module constant is too large to compute at compile time (more than "
                       f"{MAX_ITEMS:,} items or {MAX_INT_BITS} bits): compute it in a function", span)


def size(value: object) -> int:
    if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
        return len(value)
    return 0


def describe(expr: n.Expr) -> str:
    match expr:
        case n.Attribute(attr=attr):
            return f"'.{attr}'"
        case n.GeneratorExp():
            return "a generator expression"
    return f"this {type(expr).__name__.lower()} expression"


def evaluate(expr: n.Expr, env: dict[str, object]) -> object:
    """The value CPython gives ``expr`` at import, ``env`` holding the constants above it."""
    return Evaluator(env).eval(expr)


def literal(value: object, span: Span) -> n.Expr:
    """A display of literals that evaluates to ``value`` (a set or frozenset as a set display)."""
    match value:
        case None | bool() | int() | float() | str() | bytes():
            return n.Constant(span, value)
        case type() if CLASS_VALUES.get(value.__name__) is value:
            return n.Name(span, value.__name__)
        case tuple():
            return n.Tuple(span, tuple(literal(v, span) for v in value))
        case list():
            return n.List(span, tuple(literal(v, span) for v in value))
        case set() | frozenset() if value:
            return n.Set(span, tuple(literal(v, span) for v in sorted(value, key=repr)))
        case set() | frozenset():
            return n.Call(span, n.Name(span, "set"), (), ())
        case dict():
            return n.Dict(span, tuple(literal(k, span) for k in value), tuple(literal(v, span) for v in value.values()))
    raise NotConstant(f"a module constant cannot hold a {type(value).__name__} (it holds numbers, text, None, "
                      f"and tuples, lists, dicts and sets of them)", span)
