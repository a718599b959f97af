"""The host under attack (issue 13): each test does one attack and checks that it holds.

Every test is bounded in time (small limits, modules that stop by
themselves, timeouts on anything that could hang) and in memory (a
max_memory of a few dozen MiB). None asserts how fast anything ran.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

import ssc
from ssc.runtime import SmartStreamMemoryError, load
from test_sandbox import DOUBLE_BYTES, python_wasm

def rss_bytes() -> int:
    """This process's resident set size (Linux /proc)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    """Run with the cycle collector off: only reference counting frees anything."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- item 3: a trap frees the instance's memory at once ---------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
@pytest.mark.parametrize("abi", ["smartstream", "smartmodule"])
def test_memory_bombs_do_not_pile_up_without_the_cycle_collector(abi: str, no_cycle_collector: None) -> None:
    limit = 64 << 20
    module = load(python_wasm(DOUBLE_BYTES, abi), name="bomb.wasm", max_memory=limit)
    sizes = []
    for _ in range(6):
        with pytest.raises(SmartStreamMemoryError) as info:
            module.map([b"bomb"])
        assert info.value.memory_size > limit // 2        # each bomb really filled its memory
        del info
        sizes.append(rss_bytes())
    # six bombs of ~64 MiB each: kept until a collection, they would add ~320 MiB
    assert sizes[-1] - sizes[0] < limit, [size >> 20 for size in sizes]
    assert [r.value for r in module.map([b"ok"])] == [b"ok"]


SIZES = """
@smartstream.map
def sized(record: Record) -> tuple[bytes | None, bytes]:
    kind, n = record.value.decode().split(",")
    w = int(n)
    if kind == "width":
        out = f"{w:{w}}"
    elif kind == "list":
        out = str(len([0] * w))
    else:
        items = [1]
        items *= w
        out = str(len(items))
    return record.key, out[-3:].encode()
"""


@pytest.mark.parametrize("value", [b"width,3000000000", b"width,1000000000000",
                                   b"list,3000000000", b"ilist,1000000000000"])
def test_a_size_past_what_wasm32_holds_is_the_memory_limit_not_a_stray_write(value: bytes) -> None:
    """CPython raises MemoryError for these; a length that wrapped to 32 bits once
    wrote out of bounds (a format width) or hit `unreachable` (a list repeat)."""
    module = load(python_wasm(SIZES, "smartmodule"), name="sizes.wasm", max_memory=64 << 20)
    with pytest.raises(SmartStreamMemoryError):
        module.map([value])
    assert [r.value for r in module.map([b"width,4", b"list,3", b"ilist,5"])] == [b"  4", b"3", b"5"]


# -- item 2: one module, two threads --------------------------------------------------

TAG_MAP = """
@smartstream.map
def tag(record: Record) -> tuple[bytes | None, bytes]:
    return record.key, record.value + b"!"
"""

SUM = """
@smartstream.aggregate
def total(acc: bytes, record: Record) -> bytes:
    return str(int(acc.decode() or "0") + int(record.value.decode())).encode()
"""

#: Run in a child process, so that a crash (wasmtime aborts the process when one
#: store is used from two threads at once) fails this test instead of killing pytest.
THREADS_SCRIPT = r"""
import sys, threading
from ssc.runtime import load, Record
mapper = load(open(sys.argv[1], "rb").read(), name="tag.wasm")
adder = load(open(sys.argv[2], "rb").read(), name="sum.wasm")
problems = []

def worker(me):
    batch = [Record(me.encode(), f"{me}{i}".encode()) for i in range(300)]
    for round in range(60):
        out = mapper.map(batch, base_offset=round)
        want = [(me.encode(), f"{me}{i}!".encode(), round + i) for i in range(300)]
        if [(r.key, r.value, r.offset) for r in out] != want:
            problems.append(f"{me}: round {round} got another thread's records")
            return
        sums = [int(r.value) for r in adder.aggregate([b"1"] * 50)]
        if sums != list(range(sums[0], sums[0] + 50)):
            problems.append(f"{me}: an aggregate batch was interleaved: {sums[:3]}...")
            return

threads = [threading.Thread(target=worker, args=(name,)) for name in ("x", "y", "z")]
for t in threads: t.start()
for t in threads: t.join()
print(problems or "ok", adder.accumulator.decode())
"""


def test_one_module_called_from_threads_gives_each_its_own_batches(tmp_path) -> None:
    import subprocess

    tag, total = tmp_path / "tag.wasm", tmp_path / "sum.wasm"
    tag.write_bytes(python_wasm(TAG_MAP, "smartstream"))
    total.write_bytes(python_wasm(SUM, "smartmodule"))
    done = subprocess.run([sys.executable, "-c", THREADS_SCRIPT, str(tag), str(total)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    # every batch ran whole: three threads x 60 rounds x 50 ones, kept across batches
    assert done.stdout.split() == ["ok", str(3 * 60 * 50)]


# -- issue 18: threads run a module without state in parallel instances ----------------

COUNTER = """
COUNT = 0

@smartstream.map
def count(record: Record) -> tuple[bytes | None, bytes]:
    global COUNT
    COUNT += 1
    return None, str(COUNT).encode()
"""

#: Four threads on one module each: a stateless map (a pool of instances), a map with
#: state (one instance, serialised), a stateless map that a fifth thread makes trap.
POOL_SCRIPT = r"""
import sys, threading
from ssc.runtime import load, SmartStreamMemoryError
tag = load(open(sys.argv[1], "rb").read(), name="tag.wasm")
counter = load(open(sys.argv[2], "rb").read(), name="count.wasm")
bomb = load(open(sys.argv[3], "rb").read(), name="bomb.wasm", max_memory=32 << 20)
problems, counts, stop = [], [], threading.Event()

def worker(me):
    batch = [f"{me}{i}".encode() * 50 for i in range(200)]
    for round in range(40):
        out = tag.map(batch, base_offset=round)
        if [(r.value, r.offset) for r in out] != [(v + b"!", round + i) for i, v in enumerate(batch)]:
            problems.append(f"{me}: round {round} got another thread's records")
        counts.extend(int(r.value) for r in counter.map([b"x"] * 10))
        if [r.value for r in bomb.map([b"ok", me.encode()])] != [b"ok", me.encode()]:
            problems.append(f"{me}: a trap in another thread's instance reached this one")

def bomber():
    while not stop.is_set():
        try:
            bomb.map([b"bomb"])
        except SmartStreamMemoryError:
            pass

threads = [threading.Thread(target=worker, args=(name,)) for name in "wxyz"]
saboteur = threading.Thread(target=bomber)
saboteur.start()
for t in threads: t.start()
for t in threads: t.join()
stop.set()
saboteur.join()
if sorted(counts) != list(range(1, 4 * 40 * 10 + 1)):
    problems.append("the counter's batches did not see its state one after the other")
idle = len(tag._instances._idle)
print(problems or "ok", tag.threads, counter.threads, bomb.threads, idle)
"""


def test_a_module_without_state_runs_threads_in_instances_of_its_own(tmp_path) -> None:
    """A pool for a module whose ssc section says state=none: each thread's batches come back
    whole, a trap drops only its own instance; a module with state stays serialised."""
    import subprocess

    from ssc.runtime.instances import POOL_SIZE

    paths = [tmp_path / "tag.wasm", tmp_path / "count.wasm", tmp_path / "bomb.wasm"]
    for path, source in zip(paths, (TAG_MAP, COUNTER, DOUBLE_BYTES)):
        path.write_bytes(python_wasm(source, "smartmodule"))
    done = subprocess.run([sys.executable, "-c", POOL_SCRIPT, *map(str, paths)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    problems, *threads, idle = done.stdout.split()
    assert (problems, threads) == ("ok", ["parallel", "serialised", "parallel"])
    # four threads at once needed more than one instance, and no more are kept than the pool's size
    assert 2 <= int(idle) <= POOL_SIZE


def test_modules_keep_one_instance_unless_they_say_they_keep_no_state() -> None:
    from test_runtime_host import passthrough

    assert load(python_wasm(TAG_MAP, "smartstream")).threads == "parallel"
    assert load(python_wasm(COUNTER, "smartstream")).threads == "serialised"
    assert load(python_wasm(SUM, "smartmodule")).threads == "serialised"      # the accumulator
    assert passthrough("map").threads == "serialised"                          # no ssc section


# -- item 9: fork after ssc.load ------------------------------------------------------

FILTER_A = """
@smartstream.filter
def has_a(record: Record) -> bool:
    return b"a" in record.value
"""

SPIN = """
@smartstream.filter
def spin(record: Record) -> bool:
    while record.value == b"spin":
        pass
    return True
"""

#: What the forked child does: the parent's module objects, and a module it loads itself.
_FORK_STATE: dict[str, object] = {}


def _child_work(wasm: bytes) -> list[list[bytes]]:
    inherited = _FORK_STATE["filter"]
    spinning = _FORK_STATE["spin"]
    fresh = load(wasm, name="fresh.wasm", deadline=5.0)
    return [[r.value for r in inherited.filter([b"apple", b"kiwi"])],        # type: ignore[attr-defined]
            [r.value for r in fresh.filter([b"banana", b"fig"])],
            [r.value for r in spinning.filter([b"ok"])]]                        # type: ignore[attr-defined]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_a_forked_child_loads_and_runs_modules(tmp_path) -> None:
    import multiprocessing
    import threading

    wasm = python_wasm(FILTER_A, "smartmodule")
    parent = load(wasm, name="filter.wasm")
    assert [r.value for r in parent.filter([b"apple", b"kiwi"])] == [b"apple"]
    spinning = load(python_wasm(SPIN, "smartstream"), name="spin.wasm", deadline=1.0)
    _FORK_STATE.update(filter=parent, spin=spinning)
    # a thread of the parent is inside a call (holding the module's lock, the ticker
    # running) while the child is forked
    busy = threading.Thread(target=lambda: pytest.raises(ssc.SmartStreamTimeout, spinning.filter, [b"spin"]))
    busy.start()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(1) as pool:
            result = pool.apply_async(_child_work, (wasm,)).get(timeout=60)
    finally:
        busy.join()
        _FORK_STATE.clear()
    assert result == [[b"apple"], [b"banana"], [b"ok"]]


# -- item 10: the deadline counts time, not the ticker's wakes ---------------------------


class _CountingEngine:
    def __init__(self) -> None:
        self.epoch = 0

    def increment_epoch(self) -> None:
        self.epoch += 1


def test_the_ticker_advances_by_elapsed_time_when_its_wakes_come_late() -> None:
    from ssc.runtime.sandbox import TICK, _Ticker

    now = [100.0]
    ticker = _Ticker(clock=lambda: now[0])
    engine = _CountingEngine()
    ticker.enter(engine)  # type: ignore[arg-type]
    now[0] += 0.5                      # a loaded machine: the first wake comes 0.5 s late
    ticker.advance()
    assert engine.epoch == round(0.5 / TICK)
    now[0] += TICK / 2                 # a wake before the next whole tick changes nothing
    ticker.advance()
    assert engine.epoch == round(0.5 / TICK)
    now[0] += TICK / 2 + 1e-9
    ticker.advance()
    assert engine.epoch == round(0.5 / TICK) + 1
    ticker.leave(engine)  # type: ignore[arg-type]
    now[0] += 10.0                     # no call in progress: nothing is counted
    ticker.advance()
    assert engine.epoch == round(0.5 / TICK) + 1


# -- item 10: smaller defects -----------------------------------------------------------

CONCAT = """
@smartstream.aggregate
def concat(acc: bytes, record: Record) -> bytes:
    return acc + record.value
"""


@pytest.mark.parametrize("abi", ["smartstream", "smartmodule"])
def test_an_int_accumulator_is_a_type_error_not_nul_bytes(abi: str) -> None:
    module = load(python_wasm(CONCAT, abi), name="concat.wasm")
    with pytest.raises(TypeError, match=r"an accumulator is bytes or str, not int \(7\)"):
        module.aggregate([b"a"], accumulator=7)  # type: ignore[arg-type]
    assert [r.value for r in module.aggregate([b"a"], accumulator="x")] == [b"xa"]
    if abi == "smartmodule":
        with pytest.raises(TypeError, match="not int"):
            load(python_wasm(CONCAT, abi), accumulator=7)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="not list"):
            module.accumulator = []  # type: ignore[assignment]


MANY_EMPTY_RECORDS = """
@smartstream.array_map
def explode(record: Record) -> list[tuple[bytes | None, bytes]]:
    return [(None, b"") for _ in range(int(record.value))]
"""


def test_an_output_of_too_many_records_is_refused_before_the_host_decodes_it() -> None:
    """max_memory bounds the host's copy of an output too (an array_map of 10 M empty records
    took a 2.3 GB host peak): here 200,000 records of ~7 bytes fit in 32 MiB of linear memory
    (with the guest's list of them), but would take ~50 MiB of Python objects."""
    import tracemalloc

    limit = 32 << 20
    module = load(python_wasm(MANY_EMPTY_RECORDS, "smartmodule"), name="explode.wasm", max_memory=limit)
    assert len(module.array_map([b"1000"])) == 1000
    tracemalloc.start()
    try:
        with pytest.raises(SmartStreamMemoryError) as info:
            module.array_map([b"200000"], base_offset=4)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    e = info.value
    assert (e.function, e.limit, e.offset, e.count, e.trap_code) == ("array_map", limit, 4, 1, None)
    assert "its output of 200,000 records would take about " in str(e)
    assert "of host memory to decode, more than max_memory" in str(e)
    assert peak < limit
    assert len(module.array_map([b"10"])) == 10          # the instance is kept


LONE_SURROGATE = """import json
from smartstream import smartstream, Record


@smartstream.filter
def level(record: Record) -> bool:
    d = json.loads(record.value)
    if d.get("level") == "info":
        return True
    raise ValueError(f"unknown level {d.get('level')}")
"""


@pytest.mark.parametrize("abi", ["smartstream", "smartmodule"])
def test_a_lone_surrogate_in_a_message_reaches_the_user_as_a_record_error(abi: str, tmp_path) -> None:
    from smartstream import load_python

    records = [b'{"level": "info"}', b'{"level": "\\ud800"}', b'{"level": "info"}']
    module = load(ssc.compile(LONE_SURROGATE, "level.py", abi=abi).wasm, name="level.wasm")
    with pytest.raises(ssc.SmartStreamRuntimeError) as compiled:
        module.filter(records, base_offset=10)
    source = tmp_path / "level.py"
    source.write_text(LONE_SURROGATE)
    with pytest.raises(ssc.SmartStreamRuntimeError) as oracle:
        load_python(source, abi=abi).filter(records, base_offset=10)
    e = compiled.value
    # CPython's backslashreplace: valid UTF-8, the surrogate spelled out
    assert e.hint == "ValueError: unknown level \\ud800"
    assert e.hint.encode("utf-8") and (e.offset, [r.offset for r in e.successes]) == (11, [10])
    assert e.as_dict() == oracle.value.as_dict()


def test_hint_text_escapes_what_is_not_utf8() -> None:
    from ssc.runtime.codec import hint_text

    assert hint_text("a \ud800 b".encode("utf-8", "surrogatepass")) == "a \\ud800 b"
    assert hint_text(b"a \xff b") == "a \\xff b"
    assert hint_text("caf\u00e9".encode()) == "caf\u00e9"
