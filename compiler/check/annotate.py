"""Annotations -> types: ``bytes | None``, ``list[tuple[str, int]]``, ``Optional[str]``, ``Any``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError
from ..types import (ANY, BYTES, FLOAT, INT, NONE, RECORD, STR, TYPE_NAMES, DictType, ListType, SetType,
                     TupleType, Type, VarTupleType, is_boxable, is_hashable, optional)

from . import classes, objects, regex_objects, stdlib_collections, stdlib_datetime

if TYPE_CHECKING:
    from .checker import Checker


GENERIC_TYPE_NAMES = {"list": 1, "set": 1, "dict": 2, "tuple": -1, "Optional": 1}
#: typing's aliases of the builtin generics (PEP 585 deprecated them; people still write them).
TYPING_GENERICS = {"List": "list", "Set": "set", "Dict": "dict", "Tuple": "tuple", "Optional": "Optional",
                   # the abstract types a parameter is annotated with, read as the container ssc passes:
                   # ``Iterable[T]`` and ``Sequence[T]`` a list[T], ``Mapping[K, V]`` a dict[K, V]
                   # (another iterable is converted by the caller: ``list(x)``, ``dict(x)``)
                   "Iterable": "list", "Sequence": "list", "Mapping": "dict"}
#: A bare container annotation: its items are anything (``d: dict``, as mypy reads it).
BARE_CONTAINERS = {"list": ListType(ANY), "dict": DictType(ANY, ANY)}


def annotation(ck: Checker, expr: n.Expr) -> Type:
    """The type an annotation denotes: ``bytes | None``, ``list[tuple[str, int]]``."""
    found = regex_objects.annotation(ck, expr) or classes.record_annotation(ck, expr) or \
        stdlib_datetime.annotation(ck, expr)
    if found is not None:
        return found
    match expr:
        case n.Name(id=name) if name in TYPE_NAMES:
            if name == "Record" and ck.imported.get(name) != "Record":
                raise CompileError("'Record' must be imported: from smartstream import Record", expr.span)
            return TYPE_NAMES[name]
        case n.Name(id=name) if ck.imported.get(name) == "Record":
            return RECORD
        case n.Name(id=name) if ck.imported.get(name) == "Any":
            return ANY
        case n.Name(id=name) if name in ck.aliases:
            return ck.aliases[name]
        case n.Name(id=name) if BARE_CONTAINERS.get(generic_name(ck, name) or "") is not None:
            return BARE_CONTAINERS[generic_name(ck, name) or ""]
        case n.Name(id=name) if generic_name(ck, name) is not None:
            raise CompileError(f"'{name}' needs its item types, e.g. {generic_example(generic_name(ck, name))}",
                               expr.span)
        case n.Constant(value=None):
            return NONE
        case n.BinOp(op="|", left=left, right=right):
            return union(annotation(ck, left), annotation(ck, right), expr)
        case n.Subscript(value=n.Name(id=name), index=index) if ck.imported.get(name) == "Union":
            items = index.elts if isinstance(index, n.Tuple) else (index,)
            result = annotation(ck, items[0])
            for item in items[1:]:
                result = union(result, annotation(ck, item), expr)
            return result
        case n.Subscript(value=n.Name(id=name), index=index) if ck.imported.get(name) in stdlib_collections.CLASSES \
                and ck.local_key(name) is None:   # Counter[str], OrderedDict[str, int]
            items = index.elts if isinstance(index, n.Tuple) else (index,)
            return stdlib_collections.annotation(ck.imported[name], [annotation(ck, item) for item in items], expr)
        case n.Subscript(value=n.Name(id=name), index=index) if generic_name(ck, name) is not None:
            items = index.elts if isinstance(index, n.Tuple) else (index,)
            return subscripted(ck, generic_name(ck, name) or "", items, expr)
        case n.Name(id=name) if ck.imported.get(name) in stdlib_collections.CLASSES and ck.local_key(name) is None:
            return stdlib_collections.annotation(ck.imported[name], None, expr)
        case n.Constant(value=str()):
            raise CompileError("string annotations are not supported: write the type itself", expr.span)
        case n.Name(id="float"):
            return FLOAT
        case n.Name(id=name):
            raise CompileError(f"unknown or unsupported type '{name}'", expr.span)
    raise CompileError("unsupported type annotation", expr.span)


def subscripted(ck: Checker, name: str, items: tuple[n.Expr, ...], expr: n.Expr) -> Type:
    """``list[T]``, ``dict[K, V]``, ``set[T]``, ``tuple[A, B]``, ``Optional[T]`` (or typing's ``List[T]`` ...)."""
    if name == "tuple":
        if len(items) == 2 and isinstance(items[1], n.Constant) and items[1].value is ...:
            return VarTupleType(annotation(ck, items[0]))   # tuple[str, ...]
        if any(isinstance(item, n.Constant) and item.value is ... for item in items):
            raise CompileError("'...' belongs second in a tuple of any length: tuple[str, ...]", expr.span)
        return TupleType(tuple(annotation(ck, item) for item in items))
    if len(items) != GENERIC_TYPE_NAMES[name]:
        raise CompileError(f"'{name}' takes {GENERIC_TYPE_NAMES[name]} item type(s), e.g. "
                           f"{generic_example(name)}", expr.span)
    args = [annotation(ck, item) for item in items]
    if name == "Optional":
        return optional(args[0])
    if name == "list":
        return ListType(args[0])
    if name == "set":
        if not is_hashable(args[0]):
            raise objects.unhashable(args[0], f"set items must be hashable, and {args[0]} is not", expr)
        return SetType(args[0])
    if not is_hashable(args[0]):
        raise objects.unhashable(args[0], f"dict keys must be hashable (numbers, text, tuples of them), not "
                                          f"{args[0]}", expr)
    return DictType(args[0], args[1])


def generic_name(ck: Checker, name: str) -> str | None:
    """The builtin generic an annotation's name stands for: ``list``, or typing's ``List`` imported."""
    if name in GENERIC_TYPE_NAMES and name != "Optional":
        return name
    typing_name = ck.imported.get(name)
    return TYPING_GENERICS.get(typing_name) if typing_name is not None else None


def union(a: Type, b: Type, expr: n.Expr) -> Type:
    """``a | b``: ``T | None`` is an optional; types an Any holds (``int | str``, ``Union[int, float]``)
    make an Any, which holds either as CPython does."""
    if b == NONE or a == NONE:
        return optional(a if b == NONE else b)
    if a == b:
        return a
    if is_boxable(a) and is_boxable(b):
        return ANY
    raise CompileError(f"union types other than 'T | None' and unions of JSON values (an Any) are not "
                       f"supported ({a} | {b})", expr.span)


def is_type_alias(ck: Checker, value: n.Expr) -> bool:
    """Whether a module-level ``NAME = value`` names a type (``Number = Union[int, float]``,
    ``Pair = tuple[str, int]``): a subscripted generic, or a union of types."""
    match value:
        case n.Subscript(value=n.Name(id=name)):
            return generic_name(ck, name) is not None or ck.imported.get(name) in ("Union", "Optional")
        case n.BinOp(op="|", left=left, right=right):
            return any(is_type_alias(ck, side) or isinstance(side, n.Name) and side.id in ck.aliases
                       for side in (left, right))
    return False


def generic_example(name: str) -> str:
    return {"list": "list[str]", "set": "set[int]", "dict": "dict[str, int]", "tuple": "tuple[str, int]",
            "Optional": "Optional[str]"}[name]
