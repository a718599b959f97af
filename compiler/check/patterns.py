"""``match`` statements (PEP 634): each case's pattern as steps the lowering runs in order.

The subject is stored once in a hidden local; a pattern becomes a list of
steps (``typed.PatternTest``, ``PatternStore``, ``PatternChoice``) made of
ordinary expressions on hidden locals, which the checker checks as it
checks any expression (so ``case {"id": oid}`` on a JSON value is
``isinstance($s, dict)``, ``"id" in $s``, ``$1 = $s["id"]``, ``oid = $1``),
and a test narrows what follows it as a condition does. A pattern that can
never match the subject's type (a sequence pattern for a str) is a test of
``False``, as CPython would just not match it.

    match event:                              $s = event
        case {"type": "click", "x": x}:       isinstance($s, dict), "type" in $s, $1 = $s["type"],
                                              $1 == "click", "x" in $s, $2 = $s["x"], x = $2
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError, Span
from ..typed import PatternChoice, PatternStep, PatternStore, PatternTest
from ..types import ANY, BOOL, BYTES, FLOAT, INT, NONE, STR, DictType, ListType, OptionalType, TupleType, Type, family
from . import assigns, flow, scopes

if TYPE_CHECKING:
    from .checker import Checker

#: The builtin classes a class pattern may name, and those whose one positional sub-pattern
#: gets an Any subject unboxed to that type (isinstance has been checked).
CLASS_NAMES = ("bool", "bytes", "dict", "float", "int", "list", "str", "tuple")
UNBOXED = {"str": STR, "float": FLOAT, "bool": BOOL}


def check_match(ck: Checker, stmt: n.Match) -> None:
    """The subject into a hidden local, then each case from the flow after it: its pattern's
    steps, its guard, its body. After the statement: the flows of the cases' ends, and of no
    case matching unless the last case is irrefutable."""
    subject_ty = ck.expr(stmt.subject)
    subject = place(ck, stmt.subject.span, subject_ty)
    assigns.assign(ck, subject, subject_ty, stmt.subject)
    ck.subjects[stmt] = subject
    bound = set().union(*(scopes.pattern_names(case.pattern) for case in stmt.cases))
    start = ck.flow.forget(bound)
    ends: list[flow.Flow] = []
    exhaustive = False
    for index, case in enumerate(stmt.cases):
        if case.guard is None and irrefutable(case.pattern) and index != len(stmt.cases) - 1:
            raise CompileError(f"{unreachable_reason(case.pattern)} makes remaining patterns unreachable",
                               case.pattern.span)
        twice = repeated_name(case.pattern)
        if twice is not None:
            raise CompileError(f"multiple assignments to name {twice!r} in pattern", case.pattern.span)
        ck.flow = start.copy()
        found = tuple(steps(ck, case.pattern, subject.id, subject_ty))
        ck.patterns[case] = found
        if case.guard is not None:
            ck.flow = ck.condition(case.guard)[0]
        ck.block(case.body)
        ends.append(ck.flow)
        if case.guard is None and not any(isinstance(step, (PatternTest, PatternChoice)) for step in found):
            exhaustive = True   # it matches any value of the subject's type: the rest never runs
            break   # (not checked: the lowering stops at the first case without steps)
        if case.guard is None and isinstance(case.pattern, n.MatchSingleton) and case.pattern.value is None \
                and isinstance(subject_ty, OptionalType):
            start.narrow[ck.local_key(subject.id) or subject.id] = subject_ty.inner   # `case None:` done
    if not exhaustive:
        ends.append(start)
    ck.flow = flow.merge(ends)


def place(ck: Checker, span: Span, ty: Type) -> n.Name:
    """A new hidden local of type ``ty`` (its name cannot be a Python name)."""
    ck.counter += 1
    target = n.Name(span, f"$match{ck.counter}")
    ck.local_names.add(target.id)
    assigns.declare(ck, target, ty)
    return target


def ref(name: str, span: Span) -> n.Name:
    """A read of a hidden local: a node of its own (each read may be narrowed differently)."""
    return n.Name(span, name)


def steps(ck: Checker, pattern: n.Pattern, subject: str, ty: Type) -> list[PatternStep]:
    """The steps of ``pattern`` against hidden local ``subject`` of type ``ty``, checked in order
    (each test narrows the flow of what follows it)."""
    match pattern:
        case n.MatchCapture(name=None):
            return []
        case n.MatchCapture(name=name):
            return [store(ck, n.Name(pattern.span, name), ref(subject, pattern.span))]  # type: ignore[arg-type]
        case n.MatchAs(pattern=inner, name=name):
            return steps(ck, inner, subject, ty) + [store(ck, n.Name(pattern.span, name), ref(subject, pattern.span))]
        case n.MatchValue(value=value):
            return [test(ck, n.Compare(pattern.span, ref(subject, pattern.span), ("==",), (value,)))]
        case n.MatchSingleton():
            return singleton(ck, pattern, subject, ty)
        case n.MatchOr():
            return [choice(ck, pattern, subject, ty)]
        case n.MatchSequence():
            return sequence(ck, pattern, subject, ty)
        case n.MatchMapping():
            return mapping(ck, pattern, subject, ty)
        case n.MatchClass():
            return class_pattern(ck, pattern, subject, ty)
    raise CompileError("a starred pattern belongs in a sequence pattern: [first, *rest]", pattern.span)


def store(ck: Checker, target: n.Name, value: n.Expr) -> PatternStore:
    assigns.assign(ck, target, ck.expr(value), value)
    return PatternStore(target, value)


def test(ck: Checker, expr: n.Expr) -> PatternTest:
    ck.flow = ck.condition(expr)[0]
    return PatternTest(expr)


def never(ck: Checker, span: Span) -> list[PatternStep]:
    """A pattern the subject's type can never match."""
    return [test(ck, n.Constant(span, False))]


def isinstance_test(ck: Checker, span: Span, subject: str, cls: str) -> PatternTest:
    return test(ck, n.Call(span, n.Name(span, "isinstance"), (ref(subject, span), n.Name(span, cls)), ()))


def present(ck: Checker, span: Span, subject: str, ty: Type) -> tuple[list[PatternStep], Type]:
    """For an optional subject, the test that it is not None (narrowing it), and its inner type."""
    if isinstance(ty, OptionalType):
        return [test(ck, n.Compare(span, ref(subject, span), ("is not",), (n.Constant(span, None),)))], ty.inner
    return [], ty


def singleton(ck: Checker, pattern: n.MatchSingleton, subject: str, ty: Type) -> list[PatternStep]:
    """``None``, ``True``, ``False``: compared by identity, so ``True`` matches a bool only."""
    span = pattern.span
    if pattern.value is None:
        if ty == ANY or ty == NONE or isinstance(ty, OptionalType):
            return [test(ck, n.Compare(span, ref(subject, span), ("is",), (n.Constant(span, None),)))]
        return never(ck, span)
    equal = n.Compare(span, ref(subject, span), ("==",), (n.Constant(span, pattern.value),))
    if ty in (BOOL, OptionalType(BOOL)):
        return [test(ck, equal)]
    if ty == ANY:
        return [isinstance_test(ck, span, subject, "bool"), test(ck, equal)]
    return never(ck, span)


def choice(ck: Checker, pattern: n.MatchOr, subject: str, ty: Type) -> PatternChoice:
    """``p | q``: each alternative from the same flow; they bind the same names."""
    names = scopes.pattern_names(pattern.patterns[0])
    start = ck.flow
    alternatives, ends = [], []
    for index, alternative in enumerate(pattern.patterns):
        if scopes.pattern_names(alternative) != names:
            raise CompileError("alternative patterns bind different names", alternative.span)
        if irrefutable(alternative) and index != len(pattern.patterns) - 1:
            raise CompileError(f"{unreachable_reason(alternative)} makes remaining patterns unreachable",
                               alternative.span)
        ck.flow = start.copy()
        alternatives.append(tuple(steps(ck, alternative, subject, ty)))
        ends.append(ck.flow)
    ck.flow = flow.merge(ends)
    return PatternChoice(tuple(alternatives))


def part(ck: Checker, pattern: n.Pattern, value: n.Expr) -> list[PatternStep]:
    """A sub-pattern against ``value`` (an item, a key's value): stored in a hidden local first,
    unless the sub-pattern is the wildcard."""
    if isinstance(pattern, n.MatchCapture) and pattern.name is None:
        return []
    hidden = place(ck, value.span, ck.expr(value))
    first = store(ck, hidden, value)
    return [first, *steps(ck, pattern, hidden.id, ck.types[hidden])]


def sequence(ck: Checker, pattern: n.MatchSequence, subject: str, ty: Type) -> list[PatternStep]:
    """``[a, *rest, b]``: a list, a tuple, or an Any holding a list (a str is no sequence here),
    of the right length; each item against its sub-pattern; the star gets a list."""
    span = pattern.span
    stars = [i for i, p in enumerate(pattern.patterns) if isinstance(p, n.MatchStar)]
    if len(stars) > 1:
        raise CompileError("multiple starred names in sequence pattern", pattern.patterns[stars[1]].span)
    found, ty = present(ck, span, subject, ty)
    if ty == ANY:
        found.append(isinstance_test(ck, span, subject, "list"))
    elif not isinstance(ty, (ListType, TupleType)):
        return found + never(ck, span)
    count = len(pattern.patterns) - len(stars)
    length = n.Call(span, n.Name(span, "len"), (ref(subject, span),), ())
    op = ">=" if stars else "=="
    if isinstance(ty, TupleType):
        if not (len(ty.items) >= count if stars else len(ty.items) == count):
            return found + never(ck, span)
    else:
        found.append(test(ck, n.Compare(span, length, (op,), (n.Constant(span, count),))))
    star = stars[0] if stars else len(pattern.patterns)
    after = len(pattern.patterns) - star - 1
    for index, item in enumerate(pattern.patterns):
        if isinstance(item, n.MatchStar):
            if item.name is not None:
                found.append(store(ck, n.Name(item.span, item.name), star_items(ck, item.span, subject, ty, index,
                                                                                  after)))
            continue
        position = index if index < star else index - len(pattern.patterns)
        if isinstance(ty, TupleType) and position < 0:
            position += len(ty.items)
        found += part(ck, item, n.Subscript(item.span, ref(subject, item.span), n.Constant(item.span, position)))
    return found


def star_items(ck: Checker, span: Span, subject: str, ty: Type, start: int, after: int) -> n.Expr:
    """What ``*rest`` captures: the items between those before and after it, as a list."""
    upper = n.Constant(span, -after) if after else None
    items = n.Subscript(span, ref(subject, span), n.Slice(span, n.Constant(span, start), upper, None))
    if isinstance(ty, TupleType):   # a tuple's slice is a tuple; CPython's star gives a list
        return n.Call(span, n.Name(span, "list"), (items,), ())
    return items


def mapping(ck: Checker, pattern: n.MatchMapping, subject: str, ty: Type) -> list[PatternStep]:
    """``{"k": p, **rest}``: a dict (or an Any holding one) that has each key, each key's value
    against its sub-pattern; ``rest`` gets a new dict of the other keys."""
    span = pattern.span
    constants = [k.value for k in pattern.keys if isinstance(k, n.Constant)]
    for index, key in enumerate(constants):
        if key in constants[:index]:
            raise CompileError(f"mapping pattern checks duplicate key ({key!r})", span)
    found, ty = present(ck, span, subject, ty)
    if ty == ANY:
        found.append(isinstance_test(ck, span, subject, "dict"))
    elif not isinstance(ty, DictType):
        return found + never(ck, span)
    for key, item in zip(pattern.keys, pattern.patterns):
        found.append(test(ck, n.Compare(key.span, key, ("in",), (ref(subject, key.span),))))
        found += part(ck, item, n.Subscript(item.span, ref(subject, item.span), key))
    if pattern.rest is not None:
        target = n.Name(span, pattern.rest)
        if ty == ANY and ck.function is not None and ck.local_key(pattern.rest) not in ck.function.locals:
            assigns.declare(ck, target, ANY)   # the rest of a JSON object: a JSON object (shared)
        found.append(store(ck, target, rest_of(span, subject, pattern.keys)))
    return found


def rest_of(span: Span, subject: str, keys: tuple[n.Expr, ...]) -> n.Expr:
    """``{k: v for k, v in $s.items() if k not in (keys)}``: the dict ``**rest`` captures."""
    key, value = n.Name(span, "$key"), n.Name(span, "$value")
    items = n.Call(span, n.Attribute(span, ref(subject, span), "items"), (), ())
    copies = tuple(fresh(key) for key in keys)   # checked again here, in another context
    ifs = (n.Compare(span, n.Name(span, "$key"), ("not in",), (n.Tuple(span, copies),)),) if keys else ()
    generator = n.Comprehension(span, n.Tuple(span, (key, value)), items, ifs)
    return n.DictComp(span, n.Name(span, "$key"), n.Name(span, "$value"), (generator,))


def fresh(expr: n.Expr) -> n.Expr:
    """A copy of a key expression (a literal or a dotted name) whose nodes are new."""
    match expr:
        case n.Attribute(value=value):
            return dataclasses.replace(expr, value=fresh(value))
    return dataclasses.replace(expr)


def class_pattern(ck: Checker, pattern: n.MatchClass, subject: str, ty: Type) -> list[PatternStep]:
    """``str(x)``, ``int()``, ``dict()``: isinstance, and the one positional sub-pattern against
    the subject itself (an Any unboxed to str, float or bool once it is known to be one)."""
    span = pattern.span
    cls = pattern.cls
    if not (isinstance(cls, n.Name) and cls.id in CLASS_NAMES and ck.local_key(cls.id) is None):
        raise CompileError(f"class patterns match the builtin classes {', '.join(CLASS_NAMES)} in ssc",
                           cls.span)
    if pattern.kwd_names:
        raise CompileError(f"{cls.id}() has no attributes to match by keyword ({pattern.kwd_names[0]}=)", span)
    if len(pattern.patterns) > 1:
        raise CompileError(f"{cls.id}() accepts 1 positional sub-pattern ({len(pattern.patterns)} given)", span)
    found, inner = present(ck, span, subject, ty)
    if inner == ANY:
        found.append(isinstance_test(ck, span, subject, cls.id))
        unboxed = UNBOXED.get(cls.id)
        if unboxed is not None and pattern.patterns:
            hidden = place(ck, span, unboxed)
            found.append(store(ck, hidden, ref(subject, span)))   # checked: it is one
            return found + steps(ck, pattern.patterns[0], hidden.id, unboxed)
    elif not is_instance(inner, cls.id):
        return found + never(ck, span)
    for item in pattern.patterns:
        found += steps(ck, item, subject, inner)
    return found


def is_instance(ty: Type, cls: str) -> bool:
    """Whether a value of (non-Any) type ``ty`` is an instance of builtin class ``cls``."""
    if cls == "int":
        return ty in (INT, BOOL)
    if cls == "bytes":
        return ty == BYTES
    return family(ty) == cls


def repeated_name(pattern: n.Pattern) -> str | None:
    """A name the pattern binds twice (CPython's SyntaxError), else None."""
    seen: set[str] = set()
    for name in bound_in_order(pattern):
        if name in seen:
            return name
        seen.add(name)
    return None


def bound_in_order(pattern: n.Pattern) -> list[str]:
    match pattern:
        case n.MatchCapture(name=str() as name) | n.MatchStar(name=str() as name):
            return [name]
        case n.MatchAs(pattern=inner, name=name):
            return bound_in_order(inner) + [name]
        case n.MatchOr(patterns=patterns):
            return bound_in_order(patterns[0])
        case n.MatchSequence(patterns=parts) | n.MatchClass(patterns=parts):
            parts = parts + (pattern.kwd_patterns if isinstance(pattern, n.MatchClass) else ())
            return [name for p in parts for name in bound_in_order(p)]
        case n.MatchMapping(patterns=parts, rest=rest):
            return [name for p in parts for name in bound_in_order(p)] + ([rest] if rest else [])
    return []


def irrefutable(pattern: n.Pattern) -> bool:
    match pattern:
        case n.MatchCapture():
            return True
        case n.MatchAs(pattern=inner):
            return irrefutable(inner)
        case n.MatchOr(patterns=patterns):
            return any(irrefutable(p) for p in patterns)
    return False


def unreachable_reason(pattern: n.Pattern) -> str:
    """CPython's words for an irrefutable pattern: "name capture 'x'" or "wildcard"."""
    match pattern:
        case n.MatchCapture(name=None):
            return "wildcard"
        case n.MatchCapture(name=name):
            return f"name capture {name!r}"
        case n.MatchAs(pattern=inner):
            return unreachable_reason(inner)
        case n.MatchOr(patterns=patterns):
            return unreachable_reason(next(p for p in patterns if irrefutable(p)))
    return "pattern"
