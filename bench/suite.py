"""The benchmark programs and how each figure of docs/benchmarks.md is measured.

Every figure is the median of ``repeat`` runs; a ratio is taken pair by
pair within one run (ssc and its rival timed back to back, the first of the
pair taking turns: :func:`paired`), then its median is reported, so a noisy
machine moves both sides of a ratio together. Each side is run once before
the timed runs.

- ``compile_figures``: the median in-process ``ssc.compile`` (after one
  warm-up, so the guest runtime's object is cached), its stages, and the
  wall time of a fresh ``ssc compile`` process, warm and with no bytecode
  (bench/cli.py).
- ``guest_figures``: one wasm call on a batch encoded beforehand
  (bench/guest.py), for ssc's module and the C reference, with the outputs
  checked equal; the records/s, ns/record and the ratio ssc / C.
- ``sandbox_figures``: the same call of ssc's module on the engine
  ``ssc.load`` builds (the deadline armed) against a plain engine, and on
  a plain engine with only wasmtime's epoch checks on (what they cost).
- ``cpython_figures``: the same source under CPython through the
  ``smartstream`` module, the function called per record on ready-made
  Records; the ratio CPython / ssc's guest time.
- ``end_to_end_figures``: ``module.filter(values)`` (or map, ...) from
  Python with ``ssc.load``, host encoding and decoding included, against a
  plain CPython loop that makes each Record and calls the function; the
  outputs of ssc and of CPython (the ``smartstream`` oracle) checked equal.
- ``value_size_figures``: the same for the filter at value sizes from 16
  bytes to 64 KiB, with the native and the pure-Python batch codec.
- ``codec_figures``: the host's batch codecs alone, records/s.
- ``memory_figures``: a fresh instance's linear memory after one batch.
"""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ssc.compiler import TIMED_STAGES, compile, read_source
from ssc.runtime import Record, load
from ssc.runtime import batches
from ssc.runtime.codec import SmartStreamOutput, WireRecord, encode_output

from smartstream import load_python

from . import clock, cref, data, peers
from .cli import cli_figures
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
    regex: bool = False    # issue 17's re programs: no C reference (it would be a regex engine)

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
    Program("re_filter", "bench/programs/re_filter.py", "smartmodule", "filter", "log_lines", regex=True),
    Program("re_mask", "bench/programs/re_mask.py", "smartmodule", "map", "pii_text", regex=True),
    Program("re_log_parse", "bench/programs/re_log_parse.py", "smartmodule", "filter_map", "log_lines",
            regex=True),
)


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired(first: Callable[[], float], second: Callable[[], float],
           repeat: int) -> tuple[list[float], list[float], list[float]]:
    """``repeat`` pairs of runs of two timed callables (each returns the seconds it measured),
    back to back, ``first`` first in even pairs and ``second`` first in odd ones; each runs
    once beforehand. Returns the first's times, the second's, and first / second pair by pair."""
    first()
    second()
    a, b = [], []
    for index in range(repeat):
        gc.collect()
        if index % 2 == 0:
            a.append(first())
            b.append(second())
        else:
            b.append(second())
            a.append(first())
    return a, b, [x / y for x, y in zip(a, b)]


def timed(call: Callable[[], object]) -> Callable[[], float]:
    """``call`` as a callable that returns the seconds it took."""
    def run() -> float:
        start = clock.now()
        call()
        return clock.now() - start
    return run


def compile_module(program: Program) -> bytes:
    return compile(read_source(program.path), str(program.path), abi=program.abi).wasm


# ---- 1. compile time and 2. size --------------------------------------------------------------


def compile_figures(program: Program, repeat: int) -> dict[str, float]:
    source = read_source(program.path)
    compiled = compile(source, str(program.path), abi=program.abi)   # warm-up: the runtime object is built
    runs = []
    stages: dict[str, list[float]] = {stage: [] for stage in TIMED_STAGES}
    for _ in range(repeat):
        start = clock.with_children()
        compiled = compile(source, str(program.path), abi=program.abi)
        runs.append(clock.with_children() - start)
        for stage in TIMED_STAGES:
            stages[stage].append(compiled.timings[stage])
    figures = {"in_process_ms": median(runs) * 1e3, "size": len(compiled.wasm),
               "c_size": len(cref.build(program.name)) if program.has_c_reference else None}
    figures.update({f"{stage}_ms": median(times) * 1e3 for stage, times in stages.items()})
    figures.update(cli_figures(REPO, program.path, program.abi, repeat))
    return figures


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
    ssc_times, c_times, ratios = paired(lambda: ssc_module.time_call(batch), lambda: c_module.time_call(batch),
                                        repeat)
    ssc_ns = median(ssc_times) / n * 1e9
    return {"records": n, "input_bytes": len(batch), "ssc_ns": ssc_ns, "ssc_rps": 1e9 / ssc_ns,
            "c_ns": median(c_times) / n * 1e9, "ssc_over_c": median(ratios)}


def sandbox_figures(program: Program, wasm: bytes, n: int, repeat: int) -> dict[str, float | None]:
    """ssc's module on the engine ``ssc.load`` builds (epoch deadline armed, memory.grow
    rewrite, store limit) against a plain engine: the same call, the same outputs; and the
    same for the C reference, whose code the deadline's checks slow down as much."""
    batch = program.payload(program.values(n))
    figures: dict[str, float | None] = {"records": n, "c_sandboxed_over_plain": None}
    for who, module_wasm in (("ssc", wasm), ("c", cref.build(program.name) if program.has_c_reference else None)):
        if module_wasm is None:
            continue
        plain = GuestModule(module_wasm, program.entry, program.abi)
        sandboxed = GuestModule(module_wasm, program.entry, program.abi, sandboxed=True)
        if plain.run(batch) != sandboxed.run(batch):
            raise AssertionError(f"{program.name}: the sandboxed module's output differs")
        sandboxed_times, plain_times, ratios = paired(lambda: sandboxed.time_call(batch),
                                                      lambda: plain.time_call(batch), repeat)
        if who == "ssc":
            epochs = GuestModule(module_wasm, program.entry, program.abi, epochs_only=True)
            _, _, epoch_ratios = paired(lambda: epochs.time_call(batch), lambda: plain.time_call(batch), repeat)
            figures.update(plain_ns=median(plain_times) / n * 1e9, sandboxed_ns=median(sandboxed_times) / n * 1e9,
                           sandboxed_over_plain=median(ratios), epochs_over_plain=median(epoch_ratios))
        else:
            figures["c_sandboxed_over_plain"] = median(ratios)
    return figures


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
    py_times, _, ratios = paired(timed(lambda: run(records)), lambda: module.time_call(batch), repeat)
    return {"records": n, "cpython_ns": median(py_times) / n * 1e9, "cpython_over_ssc": median(ratios)}


def check_outputs(program: Program, wasm: bytes, values: list[bytes]) -> None:
    """ssc's output for ``values`` must be CPython's (the ``smartstream`` oracle running the file)."""
    def rows(records: list[Record]) -> list[tuple]:
        return [(r.key, r.value, r.offset, r.timestamp) for r in records]

    oracle = load_python(program.path, abi=program.abi)
    if rows(load(wasm).process(values)) != rows(oracle.process(values)):
        raise AssertionError(f"{program.name}: ssc's output differs from CPython's")


def end_to_end_figures(program: Program, wasm: bytes, n: int, repeat: int) -> dict[str, float]:
    """``module.<kind>(values)`` with ssc.load (encode, call, decode) against a CPython loop
    that makes each Record from the value and calls the function."""
    values = program.values(n)
    check_outputs(program, wasm, values)
    module = load(wasm)
    transform = getattr(module, program.entry)
    run = _cpython_loop(program)
    ssc_times, py_times, ratios = paired(
        timed(lambda: transform(values)),
        timed(lambda: run([Record(None, value, offset=i) for i, value in enumerate(values)])), repeat)
    return {"records": n, "ssc_rps": n / median(ssc_times), "cpython_rps": n / median(py_times),
            "cpython_over_ssc": median([1 / ratio for ratio in ratios])}


#: Value sizes of the value-size figure, and the bytes of one batch at each.
VALUE_SIZES = (16, 128, 1024, 8192, 65536)
VALUE_SIZE_BATCH_BYTES = 16 << 20


def value_size_figures(wasm: bytes, size: int, repeat: int) -> dict[str, float]:
    """The filter end to end on values of ``size`` bytes (one ``a``, at the end) against the
    CPython loop, and the host's batch codecs alone on the same batch (its input, and the
    output of a filter that keeps every record), native and pure Python: time per KiB."""
    program = next(p for p in PROGRAMS if p.name == "filter")
    n = max(100, min(100_000, VALUE_SIZE_BATCH_BYTES // size))
    values = [(bytes([98 + i % 20]) * (size - 1)) + b"a" for i in range(n)]
    check_outputs(program, wasm, values[:100])
    module = load(wasm)
    run = _cpython_loop(program)
    ssc_times, py_times, ratios = paired(
        timed(lambda: module.filter(values)),
        timed(lambda: run([Record(None, value, offset=i) for i, value in enumerate(values)])), repeat)
    output = encode_output(SmartStreamOutput([WireRecord(None, value, i) for i, value in enumerate(values)]))

    def codec_work(codec: batches.PythonCodec | batches.NativeCodec) -> Callable[[], float]:
        return timed(lambda: (codec.encode(values, 0), codec.read_output(output, 0, 0, values, False)))

    native_times, python_times, _ = paired(codec_work(batches.batch_codec()), codec_work(batches.PYTHON_CODEC),
                                           max(3, repeat // 2))
    kib = n * size / 1024
    return {"value_bytes": size, "records": n, "ssc_ns_per_kib": median(ssc_times) / kib * 1e9,
            "cpython_ns_per_kib": median(py_times) / kib * 1e9,
            "cpython_over_ssc": median([1 / ratio for ratio in ratios]),
            "native_codec_ns_per_kib": median(native_times) / kib * 1e9,
            "python_codec_ns_per_kib": median(python_times) / kib * 1e9, "codec": module._codec.name}


# ---- 7. host codec ----------------------------------------------------------------------------


def codec_figures(n: int, repeat: int, value_size: int = 100) -> dict[str, float]:
    """The host's batch codecs (``ssc.runtime.batches``): a batch's input from the caller's
    values (bytes, no key) and a module's output back to Records, native and pure Python."""
    values = [bytes([97 + i % 26]) * value_size for i in range(n)]
    output = encode_output(SmartStreamOutput([WireRecord(None, value, i) for i, value in enumerate(values)]))
    figures: dict[str, float] = {"records": n, "value_bytes": value_size}
    for codec in (batches.batch_codec(), batches.PYTHON_CODEC):
        encode, decode, _ = paired(timed(lambda: codec.encode(values, 0)),
                                   timed(lambda: codec.read_output(output, 0, 0, None, False)), repeat)
        figures[f"{codec.name}_encode_rps"] = n / median(encode)
        figures[f"{codec.name}_decode_rps"] = n / median(decode)
    return figures


# ---- the AssemblyScript peer of the seed programs ---------------------------------------------


def peer_figures(program: Program, wasm: bytes, n: int, repeat: int) -> dict[str, float]:
    """ssc's module against the AssemblyScript peer (bench/peers.py): the same call on the
    same batch, outputs checked equal; ssc's time over AssemblyScript's, and the sizes."""
    peer_wasm = peers.build(program.name)
    batch = program.payload(program.values(n))
    ssc_module = GuestModule(wasm, program.entry, program.abi)
    peer = GuestModule(peer_wasm, program.entry, program.abi)
    if ssc_module.run(batch) != peer.run(batch):
        raise AssertionError(f"{program.name}: the AssemblyScript peer's output differs from ssc's")
    ssc_times, peer_times, ratios = paired(lambda: ssc_module.time_call(batch), lambda: peer.time_call(batch),
                                           repeat)
    return {"records": n, "ssc_ns": median(ssc_times) / n * 1e9, "as_ns": median(peer_times) / n * 1e9,
            "ssc_over_as": median(ratios), "size": len(wasm), "as_size": len(peer_wasm)}
