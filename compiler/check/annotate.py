"""Annotations -> types: ``bytes | None``, ``list[tuple[str, int]]``, ``Optional[str]``, ``Any``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError
from ..types import (ANY, BYTES, FLOAT, INT, NONE, RECORD, STR, TYPE_NAMES, DictType, ListType, SetType, TupleType,
                     Type, is_hashable, optional)

from . import classes, objects, regex_objects

if TYPE_CHECKING:
    from .checker import Checker


GENERIC_TYPE_NAMES = {"list": 1, "set": 1, "dict": 2, "tuple": -1, "Optional": 1}


def annotation(ck: Checker, expr: n.Expr) -> Type:
    """The type an annotation denotes: ``bytes | None``, ``list[tuple[str, int]]``."""
    found = regex_objects.annotation(ck, expr) or classes.record_annotation(ck, expr)
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
        case n.Name(id=name) if name in GENERIC_TYPE_NAMES:
            raise CompileError(f"'{name}' needs its item types, e.g. {generic_example(name)}", expr.span)
        case n.Constant(value=None):
            return NONE
        case n.BinOp(op="|", left=left, right=right):
            lhs, rhs = annotation(ck, left), annotation(ck, right)
            if rhs == NONE:
                return optional(lhs)
            if lhs == NONE:
                return optional(rhs)
            raise CompileError(f"union types other than 'T | None' are not supported ({lhs} | {rhs})",
                               expr.span)
        case n.Subscript(value=n.Name(id=name), index=index) if name in GENERIC_TYPE_NAMES or \
                ck.imported.get(name) == "Optional":
            items = index.elts if isinstance(index, n.Tuple) else (index,)
            if ck.imported.get(name) == "Optional":
                name = "Optional"
            if name == "tuple":
                if any(isinstance(item, n.Constant) and item.value is ... for item in items):
                    raise CompileError("variable-length tuples (tuple[T, ...]) are not supported: use "
                                       "list[T]", expr.span)
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
        case n.Constant(value=str()):
            raise CompileError("string annotations are not supported: write the type itself", expr.span)
        case n.Name(id="float"):
            return FLOAT
        case n.Name(id=name):
            raise CompileError(f"unknown or unsupported type '{name}'", expr.span)
    raise CompileError("unsupported type annotation", expr.span)


def generic_example(name: str) -> str:
    return {"list": "list[str]", "set": "set[int]", "dict": "dict[str, int]", "tuple": "tuple[str, int]",
            "Optional": "Optional[str]"}[name]
