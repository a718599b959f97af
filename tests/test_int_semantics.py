"""64-bit int arithmetic in compiled modules, against Python's exact ints.

ssc's one documented difference from CPython: a result outside int64
raises OverflowError("int result does not fit in 64 bits") where CPython
would produce a big int. Expected values are computed here by Python.
"""

from __future__ import annotations

import random

import pytest

from ssc.compiler import compile
from ssc.compiler.semantics import INT_OVERFLOW_MESSAGE
from ssc.runtime import SmartStreamRuntimeError, load

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
EDGES = [0, 1, -1, 2, -2, 3, 2**31 - 1, -(2**31), 2**31, 2**32, -(2**32), 2**32 + 1, 3037000499, 3037000500,
         -3037000500, 2**62, -(2**62), INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 10**18, -(10**18)]

SOURCE = """
from smartstream import smartstream, Record

@smartstream.aggregate
def apply(accumulator: bytes, current: Record) -> str:
    return str({expr})
"""

OPERATIONS = {
    "*": ("int(accumulator) * int(current.value)", lambda a, b: a * b),
    "+": ("int(accumulator) + int(current.value)", lambda a, b: a + b),
    "-": ("int(accumulator) - int(current.value)", lambda a, b: a - b),
    "neg": ("-int(current.value)", lambda a, b: -b),
}


def _pairs() -> list[tuple[int, int]]:
    rng = random.Random(20261127)
    pairs = [(a, b) for a in EDGES for b in EDGES]
    for _ in range(300):
        bits_a, bits_b = rng.randint(0, 63), rng.randint(0, 63)
        pairs.append((rng.randint(-(2**bits_a), 2**bits_a), rng.randint(-(2**bits_b), 2**bits_b)))
    return pairs


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_checked_int_arithmetic(op: str) -> None:
    expr, python = OPERATIONS[op]
    module = load(compile(SOURCE.format(expr=expr), f"int_{op}.py").wasm)
    mismatches = []
    for a, b in _pairs():
        exact = python(a, b)
        try:
            got = module.aggregate([str(b)], accumulator=str(a))[0].value.decode()
        except SmartStreamRuntimeError as err:
            got = err.hint
        want = str(exact) if INT64_MIN <= exact <= INT64_MAX else f"OverflowError: {INT_OVERFLOW_MESSAGE}"
        if got != want:
            mismatches.append((a, b, got, want))
    assert mismatches == []
