"""The operation registry: every operation semantics.py defines has exactly one emitter in
the lowering, every emitter an operation, and the checker only uses defined operations.

The structure these tests hold (docs/architecture.md): the checker decides
each operation from the tables of compiler/semantics.py and records it in
the TypedModule; the lowering looks its impl up in lower/registry.py (or,
for a runtime row, calls the guest function of that name) and decides
nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ssc.abi import Abi
from ssc.compiler import semantics as sem
from ssc.compiler.check import check
from ssc.compiler.lower import iterate, registry
from ssc.compiler.parse import parse
from ssc.compiler.typed import TypedModule

from test_features import PYTHONS, RUNNING_PYTHON, SINCE, all_cases

COMPILER = Path(__file__).resolve().parent.parent / "compiler"


def _tables() -> dict[str, set[str]]:
    tables = registry.registry()
    return {"values": set(tables.values), "nodes": set(tables.nodes), "fields": set(tables.fields)}


def test_every_operation_has_exactly_one_emitter() -> None:
    tables = _tables()
    for op in sem.operations():
        holders = [name for name, impls in tables.items() if op.impl in impls]
        if op.runtime:
            assert holders == [], f"{op.impl} is a runtime row and also has an emitter in {holders}"
        else:
            assert len(holders) == 1, f"{op.impl}: emitters in {holders or 'no table'}"


def test_every_emitter_has_an_operation() -> None:
    defined = {op.impl for op in sem.operations()}
    for name, impls in _tables().items():
        assert impls <= defined, f"{name} emitters without an operation: {sorted(impls - defined)}"


def test_the_checker_makes_no_operation() -> None:
    """Operations are defined in semantics.py only; the checker instantiates them (Op.at, ...)."""
    for path in sorted((COMPILER / "check").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                callee = node.func
                name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                assert name != "Op", f"{path.name}:{node.lineno}: an operation made in the checker"


def _recorded(typed: TypedModule) -> list[sem.Op]:
    ops = [*typed.ops.values(), *typed.stores.values(), *typed.truths.values()]
    ops += [op for links in typed.links.values() for op in links]
    ops += [c.op for c in (*typed.coercions.values(), *typed.results.values())]
    return ops + [op.inner for op in ops if op.inner is not None]


CASES = all_cases()


@pytest.mark.parametrize("path", sorted(path.stem for path in {case.file for case in CASES}))
def test_the_checker_records_only_defined_operations(path: str) -> None:
    """Over every feature program: each operation the checker records is one semantics
    defines (impl and all), and each iteration is of a kind the lowering has an object for."""
    defined = {op.impl for op in sem.operations()}
    for case in (c for c in CASES if c.file.stem == path):
        since = SINCE.get(case.id)
        if since and PYTHONS.index(RUNNING_PYTHON) < PYTHONS.index(since[0]):
            continue   # CPython before since[0] refuses it, and so does ssc (test_features skips it too)
        typed = check(parse(case.source(), case.id), Abi.SMARTMODULE)   # as the feature cases compile
        for op in _recorded(typed):
            assert op.impl in defined, f"{case.id}: {op.impl} is not an operation of semantics.py"
        kinds = {it.kind for it in typed.iterations.values()}
        kinds |= {part.kind for it in typed.iterations.values() for part in it.parts}
        assert kinds <= set(iterate.KINDS), f"{case.id}: iterations {kinds - set(iterate.KINDS)}"


def test_one_object_per_iteration_kind() -> None:
    assert list(iterate.KINDS) == list(sem.ITERATION_KINDS)
    assert len({id(kind) for kind in iterate.KINDS.values()}) == len(iterate.KINDS)


def test_a_plain_module_function_is_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stdlib function whose arguments are plain values needs only its row (and its C
    function): here json.ord_of(c), a row for the guest's ord of a str, which no module has."""
    from ssc.compiler import compile
    from ssc.compiler.check import stdlib
    from ssc.compiler.types import INT, STR
    from ssc.runtime import load

    row = sem.Op("ssc_str_ord", INT, (sem.Param("c", STR),), raises=True)
    monkeypatch.setitem(stdlib.MODULES["json"], "ord_of", row)
    source = ("import json\nfrom smartstream import smartstream, Record\n\n@smartstream.map\n"
              "def entry(record: Record) -> tuple[bytes | None, str]:\n"
              "    return None, str(json.ord_of(record.value.decode()))\n")
    module = load(compile(source, "ord_of.py").wasm)
    values = ["a", "€", "😀"]
    assert [r.value.decode() for r in module.map([v.encode() for v in values])] == [str(ord(v)) for v in values]
