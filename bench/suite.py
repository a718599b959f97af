"""The benchmark programs and how each figure of docs/benchmarks.md is measured.

Every figure is the median of ``repeat`` runs; a ratio is taken pair by
pair within one run (ssc and its rival timed back to back), then its median
is reported, so a noisy machine moves both sides of a ratio together.

- ``compile_figures``: the median in-process ``ssc.compile`` (after one
  warm-up, so the guest runtime's object is cached), its stages, and the
  wall time of a fresh ``ssc compile`` process.
- ``guest_figures``: one wasm call on a batch encoded beforehand
  (bench/guest.py), for ssc's module and the C reference, with the outputs
  checked equal; the records/s, ns/record and the ratio ssc / C.
- ``cpython_figures``: the same source under CPython through the
  ``smartstream`` module, the function called per record on ready-made
  Records; the ratio CPython / ssc's guest time.
- ``end_to_end_figures``: ``module.filter(values)`` (or map, ...) from
  Python with ``ssc.load``, host encoding and decoding included, against a
  plain CPython loop that makes each Record and calls the function.
- ``codec_figures``: the host codec of ``ssc.runtime`` alone, records/s.
- ``memory_figures``: a fresh instance's linear memory after one batch.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ssc.compiler import TIMED_STAGES, compile, read_source
from ssc.runtime import Record, load
from ssc.runtime.codec import (
    SmartStreamInput,
    SmartStreamOutput,
    WireRecord,
    decode_output,
    encode_input,
    encode_output,
    encode_records,
)

from smartstream import load_python

from . import cref, data
from .guest import GuestModule, payload

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Program:
    """One benchmark program: its source, ABI, entry export and input."""

    name: str
    source: str            # relative to the repository
    abi: str               # "smartstream" (legacy) or "smartmodule"
    entry: str             # the transform's export: filter, map, filter_map, aggregate
    data: str              # the bench/data.py generator of its values
    batches: tuple[int, ...] = (10_000, 100_000)
    string_heavy: bool = False
    char_loop: bool = False
    json: bool = False     # issue 7's JSON programs: no C reference (it would be a JSON library)

    @property
    def has_c_reference(self) -> bool:
        return self.name in cref.PROGRAMS

    @property
    def path(self) -> Path:
        return REPO / self.source

    def values(self, n: int) -> list[bytes]:
        return data.GENERATORS[self.data](n)

    def payload(self, values: list[bytes]) -> bytes:
        return payload(values, self.abi, accumulator=b"" if self.entry == "aggregate" else None)


PROGRAMS: tuple[Program, ...] = (
    Program("filter", "examples/filter.py", "smartstream", "filter", "text"),
    Program("map_double", "examples/map_double.py", "smartstream", "map", "numbers"),
    # its output is every running accumulator: quadratic in the batch, so small batches
    Program("aggregate_concat", "examples/aggregate_concat.py", "smartstream", "aggregate", "short_text",
            batches=(1_000, 3_000)),
    Program("csv_pick", "bench/programs/csv_pick.py", "smartmodule", "filter_map", "orders_csv",
            string_heavy=True),
    Program("log_filter", "bench/programs/log_filter.py", "smartmodule", "filter", "log_lines",
            string_heavy=True),
    Program("format_amount", "bench/programs/format_amount.py", "smartmodule", "map", "amounts",
            string_heavy=True),
    Program("redact_digits", "bench/programs/redact_digits.py", "smartmodule", "map", "pii_lines",
            string_heavy=True, char_loop=True),
    Program("json_filter", "bench/programs/json_filter.py", "smartmodule", "filter", "json_logs", json=True),
    Program("json_reshape", "bench/programs/json_reshape.py", "smartmodule", "map", "json_logs", json=True),
)


def median(values: list[float]) -> float:
    return statistics.median(values)


def compile_module(program: Program) -> bytes:
    return compile(read_source(program.path), str(program.path), abi=program.abi).wasm


# ---- 1. compile time and 2. size --------------------------------------------------------------


def compile_figures(program: Program, repeat: int) -> dict[str, float]:
    source = read_source(program.path)
    compiled = compile(source, str(program.path), abi=program.abi)   # warm-up: the runtime object is built
    runs = []
    stages: dict[str, list[float]] = {stage: [] for stage in TIMED_STAGES}
    for _ in range(repeat):
        start = time.perf_counter()
        compiled = compile(source, str(program.path), abi=program.abi)
        runs.append(time.perf_counter() - start)
        for stage in TIMED_STAGES:
            stages[stage].append(compiled.timings[stage])
    figures = {"in_process_ms": median(runs) * 1e3, "size": len(compiled.wasm),
               "c_size": len(cref.build(program.name)) if program.has_c_reference else None}
    figures.update({f"{stage}_ms": median(times) * 1e3 for stage, times in stages.items()})
    figures["cli_cold_ms"] = _cli_cold_ms(program, repeat, bytecode=True)
    figures["cli_cold_no_pyc_ms"] = _cli_cold_ms(program, max(3, repeat // 2), bytecode=False)
    return figures


def _cli_cold_ms(program: Program, repeat: int, *, bytecode: bool) -> float:
    """Wall time of a new ``ssc compile`` process (Python start-up included).

    ``bytecode``: Python may cache compiled bytecode (__pycache__), as it does
    by default after a first run; otherwise every import compiles its source
    (PYTHONDONTWRITEBYTECODE=1, as on this machine's shell).
    """
    ssc = shutil.which("ssc", path=os.path.dirname(sys.executable)) or "ssc"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    with tempfile.TemporaryDirectory(prefix="ssc-bench-") as tmp:
        cmd = [ssc, "compile", str(program.path), "--abi", program.abi, "-o", str(Path(tmp) / "out.wasm")]
        subprocess.run(cmd, env=env, check=True, capture_output=True)   # warm-up: bytecode written
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
    return median(runs) * 1e3


# ---- 3./4. guest throughput against C, and 8. memory ------------------------------------------


def guest_figures(program: Program, wasm: bytes, n: int, repeat: int) -> dict[str, float]:
    values = program.values(n)
    batch = program.payload(values)
    ssc_module = GuestModule(wasm, program.entry, program.abi)
    if not program.has_c_reference:
        ssc_ns = median([ssc_module.time_call(batch) for _ in range(repeat)]) / n * 1e9
        return {"records": n, "input_bytes": len(batch), "ssc_ns": ssc_ns, "ssc_rps": 1e9 / ssc_ns,
                "c_ns": None, "ssc_over_c": None}
    c_module = GuestModule(cref.build(program.name), program.entry, program.abi)
    if ssc_module.run(batch) != c_module.run(batch):
        raise AssertionError(f"{program.name}: ssc's output differs from the C reference's")
    ssc_times, c_times, ratios = [], [], []
    for _ in range(repeat):
        ssc_time = ssc_module.time_call(batch)
        c_time = c_module.time_call(batch)
        ssc_times.append(ssc_time)
        c_times.append(c_time)
        ratios.append(ssc_time / c_time)
    ssc_ns = median(ssc_times) / n * 1e9
    return {"records": n, "input_bytes": len(batch), "ssc_ns": ssc_ns, "ssc_rps": 1e9 / ssc_ns,
            "c_ns": median(c_times) / n * 1e9, "ssc_over_c": median(ratios)}


def memory_figures(program: Program, wasm: bytes, n: int) -> dict[str, float]:
    """Linear memory of a fresh instance after one batch, against its input and output."""
    batch = program.payload(program.values(n))
    module = GuestModule(wasm, program.entry, program.abi)
    initial = module.memory_size()
    output = module.run(batch)
    peak = module.memory_size()
    moved = len(batch) + len(output)
    return {"records": n, "input_bytes": len(batch), "output_bytes": len(output), "initial_bytes": initial,
            "peak_bytes": peak, "heap_bytes": peak - initial, "heap_over_io": (peak - initial) / moved,
            "peak_over_2io": peak / (2 * moved)}


# ---- 5. CPython per record, and 6. end to end from Python -------------------------------------


def _cpython_loop(program: Program) -> Callable[[list[Record]], object]:
    """The transform under CPython, called once per record as a plain loop would."""
    function = load_python(program.path, abi=program.abi).function
    if program.entry == "aggregate":
        def run(records: list[Record]) -> object:
            acc = b""
            out = []
            for record in records:
                acc = function(acc, record)
                out.append(acc)
            return out
    elif program.entry == "filter":
        def run(records: list[Record]) -> object:
            return [record for record in records if function(record)]
    else:
        def run(records: list[Record]) -> object:
            return [function(record) for record in records]
    return run


def cpython_figures(program: Program, wasm: bytes, n: int, repeat: int) -> dict[str, float]:
    """CPython's time per record (Records made beforehand) against ssc's guest time."""
    values = program.values(n)
    records = [Record(None, value, offset=i) for i, value in enumerate(values)]
    run = _cpython_loop(program)
    batch = program.payload(values)
    module = GuestModule(wasm, program.entry, program.abi)
    py_times, ratios = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        run(records)
        py_time = time.perf_counter() - start
        ssc_time = module.time_call(batch)
        py_times.append(py_time)
        ratios.append(py_time / ssc_time)
    return {"records": n, "cpython_ns": median(py_times) / n * 1e9, "cpython_over_ssc": median(ratios)}


def end_to_end_figures(program: Program, wasm: bytes, n: int, repeat: int) -> dict[str, float]:
    """``module.<kind>(values)`` with ssc.load (encode, call, decode) against a CPython loop
    that makes each Record from the value and calls the function."""
    values = program.values(n)
    module = load(wasm)
    transform = getattr(module, program.entry)
    run = _cpython_loop(program)
    ssc_times, py_times, ratios = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        transform(values)
        ssc_time = time.perf_counter() - start
        start = time.perf_counter()
        run([Record(None, value, offset=i) for i, value in enumerate(values)])
        py_time = time.perf_counter() - start
        ssc_times.append(ssc_time)
        py_times.append(py_time)
        ratios.append(py_time / ssc_time)
    return {"records": n, "ssc_rps": n / median(ssc_times), "cpython_rps": n / median(py_times),
            "cpython_over_ssc": median(ratios)}


# ---- 7. host codec ----------------------------------------------------------------------------


def codec_figures(n: int, repeat: int, value_size: int = 100) -> dict[str, float]:
    """The wire codec of ssc.runtime: a batch's input from its records
    (``WireRecord``s, no key, offset deltas 0..n-1) and a module's output
    back to records, through the public functions."""
    values = [bytes([97 + i % 26]) * value_size for i in range(n)]
    wire = [WireRecord(None, value, i) for i, value in enumerate(values)]
    output = encode_output(SmartStreamOutput(wire))
    encode_times, decode_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        encode_input(SmartStreamInput(0, encode_records(wire)))
        encode_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        decode_output(output)
        decode_times.append(time.perf_counter() - start)
    return {"records": n, "value_bytes": value_size, "encode_rps": n / median(encode_times),
            "decode_rps": n / median(decode_times)}
