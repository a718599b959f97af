"""CPython is the oracle: random batches through every golden SmartStream,
compiled and under CPython, must give identical outputs and errors. Each
module runs with the ABI and params of its golden input, and keeps one
instance for all the batches, so module state is compared too."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import compiled
from smartstream import load_python
from ssc.runtime import Record, SmartStreamRuntimeError, load
from ssc.runtime.recordfile import render_output
from test_golden import CASES, _batch, _smartmodule_options

ALPHABET = ["a", "b", "A", "z", " ", "\t", "\n", "_", "+", "-", "0", "1", "5", "9", "é", "ü", "\u0663",
            "\uff11", "\u00a0", "\u2003", "€", "😀", "err", "warn", "x", "'", '"', "\\"]


def _value(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.35:  # numbers, as text, with the noise int() must judge; at most 18
        # digits, so no program's result leaves int64 (docs/language.md: int)
        digits = "".join(rng.choice("0123456789_") for _ in range(rng.randint(0, 18)))
        return (rng.choice(["", " ", "-", "+", "\t"]) + digits + rng.choice(["", " ", "\n", "x"])).encode()
    if roll < 0.85:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))).encode()
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 6)))  # often not UTF-8


def _run(module, records: list[Record], accumulator: bytes) -> str:
    kwargs = {"accumulator": accumulator} if module.kind.export == "aggregate" else {}
    try:
        return render_output(module.process(records, base_offset=7, **kwargs))
    except SmartStreamRuntimeError as err:
        return render_output(err.successes, err)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_random_batches_match_cpython(path: Path) -> None:
    rng = random.Random(path.stem)
    golden = _batch(path)
    abi = golden.abi or "smartstream"
    wasm = load(compiled(path, abi), **_smartmodule_options(golden))
    python = load_python(path, abi=abi, params=golden.params)
    for _ in range(150):
        records = [Record(rng.choice([None, b"k", _value(rng)]), _value(rng)) for _ in range(rng.randint(0, 5))]
        accumulator = rng.choice([b"", b"0", b"12", _value(rng)])
        assert _run(wasm, records, accumulator) == _run(python, records, accumulator), records
