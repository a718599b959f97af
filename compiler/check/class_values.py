"""The builtin classes as values: ``SCHEMA = {"id": int, "name": str}``, ``isinstance(v, t)``,
``t.__name__``, ``type(x)``, ``t is int``.

A class value (``types.CLASS``) is an int at run time: the mask of the Any tags isinstance
accepts for it (``semantics.CLASS_MASKS``; int's holds bool's bit, as a bool is an int in
CPython). ``isinstance(doc[k], t)`` of an Any tests its tag's bit in that mask; ``type(x)`` is the
mask of x's own class (of an Any, read from its tag at run time), so ``type(True) is int`` is
False while ``isinstance(True, int)`` is True; ``t.__name__`` is the constant its mask chooses::

    SCHEMA = {"id": int}             a dict[str, type] constant: {"id": 6}
    isinstance(doc["id"], t)         ssc_any_isinstance(doc["id"], t)
    t.__name__                       "int" if t == 6 else "str" if t == 16 else ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import ANY, BOOL, CLASS, STR, Type, family

if TYPE_CHECKING:
    from .checker import Checker


def hint(ty: Type) -> str:
    """What to format in place of a class value (its text, "<class 'int'>", is not made)."""
    from .infer import holds
    return " (a class by its name: t.__name__)" if holds(ty, lambda t: t == CLASS) else ""


def is_class_name(ck: Checker, name: str) -> bool:
    """Whether ``name`` here is a builtin class (not a local or constant of that name)."""
    return name in sem.CLASS_MASKS and ck.local_key(name) is None and name not in ck.constants


def class_value(ck: Checker, expr: n.Name) -> Type:
    """``int`` as a value: its mask."""
    ck.ops[expr] = sem.CLASS_VALUE.with_constant(sem.CLASS_MASKS[expr.id])
    return CLASS


def attribute(ck: Checker, expr: n.Attribute) -> Type:
    """``t.__name__``: the name its mask chooses."""
    if expr.attr != "__name__":
        raise CompileError(f"type object has no attribute '{expr.attr}' in ssc (a class value has __name__)",
                           expr.span)
    ck.ops[expr] = sem.ENUM_SELECT.with_constant(sem.CLASS_NAMES).at(STR)
    return STR


def isinstance_of(ck: Checker, call: n.Call, ty: Type) -> Type:
    """``isinstance(x, t)`` of a class value t (x of type ``ty``)."""
    if ty == ANY:
        ck.ops[call] = sem.ANY_ISINSTANCE_CLASS
    else:
        ck.ops[call] = sem.ISINSTANCE_CLASS.with_constant(tag_bit(ty, call.args[0]))
    return BOOL


def type_call(ck: Checker, call: n.Call) -> Type:
    """``type(x)``: the class of x (of an Any, its tag's at run time)."""
    if len(call.args) != 1 or call.keywords or isinstance(call.args[0], n.Starred):
        raise CompileError("type() takes one value in ssc: type(x) is its class", call.span)
    ty = ck.expr(call.args[0])
    if ty == ANY:
        ck.ops[call] = sem.ANY_CLASS
    else:
        ck.ops[call] = sem.CLASS_VALUE.with_constant(class_mask(ty, call.args[0]))
    return CLASS


def class_mask(ty: Type, at: n.Expr) -> int:
    """The value of the class of a value of type ``ty`` (``type(5)`` is ``int``)."""
    name = family(ty)
    if name == "None":
        return 1 << sem.ANY_ISINSTANCE_TAGS["None"]
    if name not in sem.CLASS_MASKS:
        raise CompileError(f"the class of a {ty} is not a value in ssc (only the builtin classes "
                           f"{', '.join(sem.CLASS_MASKS)} are)", at.span)
    return sem.CLASS_MASKS[name]


def tag_bit(ty: Type, at: n.Expr) -> int:
    """The bit of a value of type ``ty`` in the masks of the classes it is an instance of (an int's
    is in int's mask only, a bool's in bool's and int's)."""
    mask = class_mask(ty, at)
    return mask if family(ty) == "bool" else mask & ~(1 << sem.ANY_ISINSTANCE_TAGS["bool"])
