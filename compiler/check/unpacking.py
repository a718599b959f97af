"""Targets with a starred name: ``first, *rest = parts``, ``*head, last = xs``, ``a, *mid, b = t``.

The value is stored once in a hidden local; the names before the star get its first items,
those after it its last ones, and the starred name a new list of the items between (a list
always, as in CPython, also from a tuple). A list's length is checked at run time (CPython's
"not enough values to unpack (expected at least 2, got 1)"); a tuple's is known here::

    a, *mid, b = xs        $u = xs; len($u) >= 2 or ValueError; a = $u[0]; mid = $u[1:-1]; b = $u[-1]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError
from ..typed import Unpacking
from ..types import ListType, TupleType, Type, tuple_view
from . import assigns, patterns

if TYPE_CHECKING:
    from .checker import Checker


def has_star(target: n.Expr) -> bool:
    """Whether ``target`` is a tuple or list of targets with a starred one."""
    return isinstance(target, (n.Tuple, n.List)) and any(isinstance(e, n.Starred) for e in target.elts)


def starred_target(ck: Checker, target: n.Tuple | n.List, ty: Type) -> None:
    """Bind the targets of ``target`` (which has a starred name) to a value of type ``ty``."""
    elts = target.elts
    stars = [i for i, e in enumerate(elts) if isinstance(e, n.Starred)]
    if len(stars) > 1:
        raise CompileError("multiple starred expressions in assignment", elts[stars[1]].span)
    star, least = stars[0], len(elts) - 1
    after = len(elts) - star - 1
    view = tuple_view(ty)
    if isinstance(view, TupleType):
        tuple_middle(target, view, star, after)
    elif not isinstance(view, ListType):
        raise CompileError(f"cannot unpack a value of type {ty} (tuples and lists unpack)", target.span)
    subject = assigns.hidden_local(ck, "unpack", target.span, ty, None)
    stores = []
    for index, elt in enumerate(elts):
        if isinstance(elt, n.Starred):
            part = patterns.star_items(ck, elt.span, subject.id, view, index, after)
            elt = elt.value
        else:
            position = index if index < star else index - len(elts)
            if isinstance(view, TupleType) and position < 0:
                position += len(view.items)
            part = n.Subscript(elt.span, patterns.ref(subject.id, elt.span), n.Constant(elt.span, position))
        assigns.assign(ck, elt, ck.expr(part), part)
        stores.append((elt, part))
    ck.types[target] = ty
    ck.unpackings[target] = Unpacking(subject, isinstance(view, ListType), least, tuple(stores))


def tuple_middle(target: n.Tuple | n.List, ty: TupleType, star: int, after: int) -> None:
    """A tuple unpacked with a star: enough items, and those the star gets of one type (a list's)."""
    least = len(target.elts) - 1
    if len(ty.items) < least:
        raise CompileError(f"cannot unpack {ty} into {least} or more names: it has {len(ty.items)} items",
                           target.span)
    middle = set(ty.items[star:len(ty.items) - after])
    if len(middle) != 1:
        got = "no items" if not middle else f"items of different types ({', '.join(sorted(map(str, middle)))})"
        raise CompileError(f"the starred name would get {got}, and a list needs one item type: unpack "
                           f"each item by name", target.elts[star].span)
