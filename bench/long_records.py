"""Issue 18 item 3: character-index loops on long records, compiled against CPython.

Two programs walk one record's text by index, ``while i < len(line): ch =
line[i]``: ``csv_scan`` splits a CSV line into slices, ``ssn_mask`` builds
its output with ``out += ...``. Before the runtime cached a long str's
length and index (compiler/guest/strings.c) and let ``+=`` grow a str in
place (core.c's ssc_concat), both were quadratic in the record's size. Each
runs on records of 1 KB, 70 KB and 188 KB, ASCII and not, as one batch of
about ``BATCH_BYTES``; the figure is CPython's time (the function called
per Record, as ``suite.cpython_figures``) over ssc's guest time for the same
batch, pair by pair from interleaved runs, after checking that both outputs
agree (``python -m bench --long-records``).
"""

from __future__ import annotations

import random

from ssc.runtime import Record

from . import suite
from .guest import GuestModule

PROGRAMS = (
    suite.Program("csv_scan", "bench/programs/csv_scan.py", "smartmodule", "map", "long_csv"),
    suite.Program("ssn_mask", "bench/programs/ssn_mask.py", "smartmodule", "map", "long_pii"),
)
SIZES = (1_000, 70_000, 188_000)
BATCH_BYTES = 400_000

_NAMES = {False: ("Jane Doe", "John Smith", "Ada King", "Li Wei"),
          True: ("José Müller", "Zoë Ångström", "李伟", "Ægir Þórsson")}


def _csv_field(rng: random.Random, non_ascii: bool) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f'"{rng.choice(_NAMES[non_ascii])}, {rng.randint(1, 99)}"'
    if kind == 1:
        return f'"said ""{rng.choice(_NAMES[non_ascii])}"""'
    if kind == 2:
        return f"{rng.randint(0, 99999) / 100:.2f}"
    return rng.choice(("eu-west", "us-east", "paid", "shipped", "sku-10442"))


def _pii_piece(rng: random.Random, non_ascii: bool) -> str:
    if rng.randrange(5) == 0:
        return f"ssn {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    return rng.choice((rng.choice(_NAMES[non_ascii]), "called about order", str(rng.randint(1, 99999)),
                       "phone 555-0100", "note: refund issued", "tier 2"))


def value(program: str, size: int, non_ascii: bool, seed: int) -> bytes:
    """One record of about ``size`` bytes for ``program``."""
    rng = random.Random(seed)
    piece, sep = (_csv_field, ",") if program == "csv_scan" else (_pii_piece, " ")
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(piece(rng, non_ascii))
        length += len(parts[-1].encode()) + 1
    return sep.join(parts).encode()


def figures(program: suite.Program, wasm: bytes, size: int, non_ascii: bool, repeat: int) -> dict[str, object]:
    count = max(1, BATCH_BYTES // size)
    values = [value(program.name, size, non_ascii, seed) for seed in range(count)]
    suite.check_outputs(program, wasm, values)
    records = [Record(None, v, offset=i) for i, v in enumerate(values)]
    run = suite._cpython_loop(program)   # noqa: SLF001 - the same CPython loop as table 5
    module = GuestModule(wasm, program.entry, program.abi)
    batch = program.payload(values)
    py_times, ssc_times, ratios = suite.paired(suite.timed(lambda: run(records)), lambda: module.time_call(batch),
                                               repeat)
    return {"program": program.name, "text": "non-ASCII" if non_ascii else "ASCII", "value_bytes": size,
            "records": count, "cpython_ms": suite.median(py_times) / count * 1e3,
            "ssc_ms": suite.median(ssc_times) / count * 1e3, "cpython_over_ssc": suite.median(ratios)}


def rows(repeat: int) -> list[dict[str, object]]:
    out = []
    for program in PROGRAMS:
        wasm = suite.compile_module(program)
        out += [figures(program, wasm, size, non_ascii, repeat) for size in SIZES for non_ascii in (False, True)]
    return out
