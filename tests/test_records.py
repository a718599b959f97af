"""records.record: the fast stand-in for ``dataclass(frozen=True, slots=True)`` (and, for
nodes, ``eq=False``) behaves as the dataclass would, for what the compiler uses of it."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from ssc.compiler import nodes as n
from ssc.compiler import typed, types
from ssc.compiler.errors import Span
from ssc.compiler.records import record


def _pair(eq: bool) -> tuple[type, type]:
    annotations = {"span": "Span", "name": "str", "items": "tuple[int, ...]", "star": "str"}

    def declared() -> type:
        return type("Sample", (), {"__annotations__": dict(annotations), "star": "", "__module__": __name__,
                                   "__qualname__": "Sample", "__str__": lambda self: f"<{self.name}>"})

    return record(eq=eq)(declared()), dataclasses.dataclass(frozen=True, slots=True, eq=eq)(declared())


@pytest.mark.parametrize("eq", [True, False])
def test_a_record_is_the_dataclass_it_was_declared_as(eq: bool) -> None:
    fast, real = _pair(eq)
    span = Span(1, 2, 1, 5)
    a, b = fast(span, "x", (1, 2)), real(span, "x", (1, 2))
    assert repr(a) == repr(b) and str(a) == str(b) == "<x>"
    assert [(f.name, f.type, f.default) for f in dataclasses.fields(a)] == \
        [(f.name, f.type, f.default) for f in dataclasses.fields(b)]
    assert dataclasses.is_dataclass(a) and fast.__slots__ == real.__slots__
    assert fast.__match_args__ == real.__match_args__
    assert repr(dataclasses.replace(a, star="*")) == repr(dataclasses.replace(b, star="*"))
    assert fast(span, name="y", items=(), star="*").star == real(span, name="y", items=(), star="*").star
    twin_a, twin_b = fast(span, "x", (1, 2)), real(span, "x", (1, 2))
    assert (a == twin_a) == (b == twin_b) == eq
    assert (hash(a) == hash(twin_a)) == (hash(b) == hash(twin_b))
    assert (a == fast(span, "y", (1, 2))) == (b == real(span, "y", (1, 2))) == False
    assert a.__eq__(b) is NotImplemented or not eq
    for obj in (a, b):
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.name = "z"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del obj.name
        with pytest.raises(TypeError):
            type(obj)(span)          # missing arguments, as the dataclass's __init__ says
        assert not hasattr(obj, "__dict__")
        for twin in (copy.deepcopy(obj), copy.copy(obj)):
            assert repr(twin) == repr(obj) and twin is not obj


def test_nodes_copy_and_pickle() -> None:
    from ssc.compiler.parse import parse

    tree = parse("def f(x: int = 1) -> int:\n    return x * 2\n", "f.py")
    for twin in (copy.deepcopy(tree), pickle.loads(pickle.dumps(tree))):
        assert n.dump(twin) == n.dump(tree)
    assert types.ListType(types.STR) == copy.deepcopy(types.ListType(types.STR))


@pytest.mark.parametrize("module", [n, types, typed])
def test_every_record_class_keeps_its_fields(module) -> None:
    classes = [cls for cls in vars(module).values()
               if isinstance(cls, type) and "__dataclass_fields__" in vars(cls) and cls.__module__ == module.__name__]
    assert classes
    for cls in classes:
        assert tuple(f.name for f in dataclasses.fields(cls)) == tuple(cls.__annotations__)


def test_types_compare_and_hash_by_value() -> None:
    assert types.ListType(types.STR) == types.ListType(types.STR)
    assert {types.DictType(types.STR, types.INT): 1}[types.DictType(types.STR, types.INT)] == 1
    assert str(types.ListType(types.STR)) == "list[str]"
