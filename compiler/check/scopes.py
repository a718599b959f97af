"""Which names a block binds, declares ``global`` or changes in place (Python scoping:
the whole function body, nested blocks included)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import nodes as n


def global_statements(body: tuple[n.Stmt, ...]) -> list[n.Global]:
    """The ``global`` statements of a function body, nested blocks included."""
    found: list[n.Global] = []
    for stmt in body:
        match stmt:
            case n.Global():
                found.append(stmt)
            case n.If(body=inner, orelse=orelse) | n.While(body=inner, orelse=orelse) | \
                    n.For(body=inner, orelse=orelse):
                found += global_statements(inner) + global_statements(orelse)
            case n.Try(body=inner, handlers=handlers, orelse=orelse, finalbody=final):
                found += global_statements(inner) + global_statements(orelse) + global_statements(final)
                for handler in handlers:
                    found += global_statements(handler.body)
            case n.Match(cases=cases):
                for case in cases:
                    found += global_statements(case.body)
    return found


def walk(body: tuple[n.Stmt, ...]) -> Iterator[object]:
    """Every node of ``body`` (statements and expressions, nested blocks included)."""
    for stmt in body:
        for node, _ in n.walk_with_parents(stmt):
            yield node


def mutated_names(body: tuple[n.Stmt, ...]) -> set[str]:
    """Names whose value a function changes in place: ``X.append(v)``, ``X[k] = v``, ``del X[k]``.

    A module-level container changed in place is module state (it persists
    across records, as in CPython), not a frozen table.
    """
    names: set[str] = set()
    for node in walk(body):
        match node:
            case n.Call(func=n.Attribute(value=n.Name(id=name), attr=attr)) if attr in MUTATING_METHODS:
                names.add(name)
            case n.Assign(targets=targets):
                names |= {t.value.id for t in targets if isinstance(t, n.Subscript) and isinstance(t.value, n.Name)}
            case n.AugAssign(target=n.Subscript(value=n.Name(id=name))) | \
                    n.Delete(targets=(n.Subscript(value=n.Name(id=name)), *_)):
                names.add(name)
    return names


def global_names(body: tuple[n.Stmt, ...]) -> set[str]:
    return {name for stmt in global_statements(body) for name in stmt.names}


def without_docstring(body: tuple[n.Stmt, ...]) -> tuple[n.Stmt, ...]:
    if body and isinstance(body[0], n.ExprStmt) and isinstance(body[0].value, n.Constant) \
            and isinstance(body[0].value.value, str):
        return body[1:]
    return body


def target_names(target: n.Expr) -> set[str]:
    match target:
        case n.Name(id=name):
            return {name}
        case n.Tuple(elts=elts) | n.List(elts=elts):
            return set().union(*(target_names(e) for e in elts)) if elts else set()
        case n.Starred(value=value):   # first, *rest = items
            return target_names(value)
    return set()


def handler_names(handlers: tuple[n.ExceptHandler, ...]) -> set[str]:
    names: set[str] = set()
    for handler in handlers:
        names |= bound_names(handler.body)
    return names


def bound_names(body: tuple[n.Stmt, ...]) -> set[str]:
    """Every name a block binds, nested blocks included (Python scoping: the whole function),
    assignment expressions ``(x := v)`` too."""
    names: set[str] = {node.target.id for node in walk(body) if isinstance(node, n.NamedExpr)}
    for stmt in body:
        match stmt:
            case n.Assign(targets=targets):
                for target in targets:
                    names |= target_names(target)
            case n.AnnAssign(target=n.Name(id=name)) | n.AugAssign(target=n.Name(id=name)):
                names.add(name)
            case n.For(target=target, body=inner, orelse=orelse):
                names |= target_names(target) | bound_names(inner) | bound_names(orelse)
            case n.While(body=inner, orelse=orelse) | n.If(body=inner, orelse=orelse):
                names |= bound_names(inner) | bound_names(orelse)
            case n.Try(body=inner, handlers=handlers, orelse=orelse, finalbody=final):
                names |= bound_names(inner) | bound_names(orelse) | bound_names(final)
                for handler in handlers:
                    if handler.name:
                        names.add(handler.name)
                names |= handler_names(handlers)
            case n.Match(cases=cases):
                for case in cases:
                    names |= pattern_names(case.pattern) | bound_names(case.body)
    return names


def pattern_names(pattern: n.Pattern) -> set[str]:
    """The names a ``case`` pattern binds (an or-pattern's alternatives bind the same)."""
    match pattern:
        case n.MatchCapture(name=name) | n.MatchStar(name=name):
            return {name} if name else set()
        case n.MatchAs(pattern=inner, name=name):
            return pattern_names(inner) | {name}
        case n.MatchOr(patterns=patterns):
            return pattern_names(patterns[0])
        case n.MatchSequence(patterns=parts) | n.MatchClass(patterns=parts):
            parts = parts + (pattern.kwd_patterns if isinstance(pattern, n.MatchClass) else ())
            return set().union(*(pattern_names(p) for p in parts))
        case n.MatchMapping(patterns=parts, rest=rest):
            return set().union(*(pattern_names(p) for p in parts)) | ({rest} if rest else set())
    return set()


MUTATING_METHODS = frozenset({"append", "extend", "pop", "insert", "sort", "reverse", "clear", "update",
                               "setdefault", "add", "discard", "remove", "move_to_end", "popitem",
                               "appendleft", "popleft", "rotate"})
