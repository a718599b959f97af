"""The sandbox: what a module may cost its host (``ssc.runtime.sandbox``).

An endless loop stops at the deadline with SmartStreamTimeout, a memory
bomb at max_memory with SmartStreamMemoryError, any other trap comes out as
SmartStreamTrap with its backtrace, and after each the same module object
runs the next batch correctly in a fresh instance. The misbehaving modules
are ``tests/wat/sandbox.wat`` (a pass-through filter that loops, grows
memory, traps or recurses when its input holds a marker byte) and small
Python SmartStreams compiled here. Small limits keep the tests quick; no
test asserts how long anything took.
"""

from __future__ import annotations

import functools
import pickle
import pydoc
from pathlib import Path

import pytest
import wasmtime

import ssc
from ssc.abi import Kind
from ssc.runtime import (
    Limits,
    ModuleLoadError,
    Record,
    SmartModule,
    SmartStreamError,
    SmartStreamMemoryError,
    SmartStreamModule,
    SmartStreamTimeout,
    SmartStreamTrap,
    chain,
    load,
)
from ssc.runtime.sandbox import DEFAULT_DEADLINE, DEFAULT_MAX_MEMORY, DEFAULT_MAX_STACK

WAT_DIR = Path(__file__).parent / "wat"

DEADLINE = 0.5
MAX_MEMORY = 16 << 20
LIMITS = {"deadline": DEADLINE, "max_memory": MAX_MEMORY}

#: The two ABIs of sandbox.wat: the entry's extra parameter and the kind enum.
ABIS = {
    "smartstream": ("", Kind.FILTER),
    "smartmodule": ("(param $version i32)", Kind.FILTER),
}

#: Marker bytes sandbox.wat acts on.
SPIN, GROW, CRASH, DEEP = b"%", b"+", b"!", b"/"


@functools.cache
def sandbox_wasm(abi: str) -> bytes:
    text = (WAT_DIR / "sandbox.wat").read_text().replace("__VERSION__", ABIS[abi][0])
    return bytes(wasmtime.wat2wasm(text))


def sandbox(abi: str, **limits: object) -> SmartStreamModule | SmartModule:
    return load(sandbox_wasm(abi), name="sandbox.wasm", **{**LIMITS, **limits})  # type: ignore[arg-type]


@functools.cache
def python_wasm(source: str, abi: str) -> bytes:
    return ssc.compile("from smartstream import smartstream, Record\n\n" + source,
                       "sandboxed.py", abi=abi).wasm


def values(records: list[Record]) -> list[bytes]:
    return [r.value for r in records]


def assert_recovers(module: SmartStreamModule | SmartModule) -> None:
    """The module runs a normal batch correctly after the error."""
    out = module.process([b"ok", b"fine"], base_offset=20)
    assert out == [Record(None, b"ok", 20), Record(None, b"fine", 21)]


# -- the defaults and the arguments ------------------------------------------------------


def test_defaults() -> None:
    module = load(sandbox_wasm("smartstream"))
    assert module.limits == Limits() == Limits(DEFAULT_DEADLINE, DEFAULT_MAX_MEMORY, DEFAULT_MAX_STACK)
    assert (DEFAULT_DEADLINE, DEFAULT_MAX_MEMORY, DEFAULT_MAX_STACK) == (10.0, 1 << 30, 512 << 10)
    assert sandbox("smartmodule").limits == Limits(DEADLINE, MAX_MEMORY, DEFAULT_MAX_STACK)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"deadline": 0}, ValueError, "deadline must be a positive number of seconds"),
        ({"deadline": float("inf")}, ValueError, "deadline must be a positive"),
        ({"deadline": "1"}, TypeError, "deadline must be seconds"),
        ({"deadline": True}, TypeError, "deadline must be seconds"),
        ({"max_memory": 0}, ValueError, "max_memory must be from 1 to 4294967296 bytes"),
        ({"max_memory": 1.5}, TypeError, "max_memory must be a number of bytes"),
        ({"max_stack": 1024}, ValueError, "max_stack must be from 16384 to 4194304 bytes"),
        ({"max_stack": 64 << 20}, ValueError, "max_stack must be from"),
    ],
)
def test_bad_limits(options: dict[str, object], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        load(sandbox_wasm("smartstream"), **options)  # type: ignore[arg-type]


def test_no_deadline() -> None:
    module = sandbox("smartmodule", deadline=None)
    assert module.limits.deadline is None
    assert_recovers(module)


def test_initial_memory_beyond_max_memory_does_not_load() -> None:
    """sandbox.wat declares 2 pages (128 KiB) of memory."""
    with pytest.raises(ModuleLoadError, match=r"sandbox\.wasm: could not instantiate the module: "
                                              r".*\(max_memory is 64 KiB\)"):
        sandbox("smartstream", max_memory=64 << 10)


def test_errors_are_exported() -> None:
    for name in ("SmartStreamTrap", "SmartStreamTimeout", "SmartStreamMemoryError"):
        cls = getattr(ssc, name)
        assert cls is getattr(ssc.runtime, name)
        assert issubclass(cls, SmartStreamTrap) and issubclass(cls, SmartStreamError)
        assert name in ssc.__all__ and name in ssc.runtime.__all__


# -- an endless loop -------------------------------------------------------------------


@pytest.mark.parametrize("abi", ABIS)
def test_endless_loop_times_out(abi: str) -> None:
    module = sandbox(abi)
    assert values(module.process([b"a"])) == [b"a"]
    with pytest.raises(SmartStreamTimeout) as info:
        module.process([b"a", b"spin" + SPIN, b"c"], base_offset=100)
    e = info.value
    assert (e.function, e.deadline, e.offset, e.count, e.kind) == ("filter", DEADLINE, 100, 3, ABIS[abi][1])
    assert e.trap_code == "INTERRUPT"
    assert e.frames == ("spin", "misbehave", "filter")
    assert str(e) == (
        "filter() timed out: still running after the 0.5 s deadline "
        "(batch at offset 100, 3 records; wasm backtrace: spin <- misbehave <- filter)"
    )
    assert e.__cause__ is None and not isinstance(e, wasmtime.Trap)
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is SmartStreamTimeout and str(again) == str(e)
    assert (again.deadline, again.frames, again.offset, again.count) == (e.deadline, e.frames, 100, 3)
    assert_recovers(module)


SPIN_FILTER = """
@smartstream.filter
def spin(record: Record) -> bool:
    if record.value == b"loop":
        while True:
            pass
    return True
"""


@pytest.mark.parametrize("abi", ["smartstream", "smartmodule"])
def test_python_while_true_pass_times_out(abi: str) -> None:
    module = load(python_wasm(SPIN_FILTER, abi), name="spin.wasm", **LIMITS)
    with pytest.raises(SmartStreamTimeout) as info:
        module.filter([b"x", b"loop"], base_offset=7)
    e = info.value
    assert (e.function, e.offset, e.count) == ("filter", 7, 2)
    assert e.frames and e.frames[-1] == "filter"
    assert_recovers(module)


STATEFUL_MAP = """
KEY = ""
COUNT = 0


@smartstream.init
def init(params: dict[str, str]) -> None:
    global KEY
    KEY = params["key"]


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    global COUNT
    COUNT += 1
    if record.value == b"loop":
        while True:
            pass
    return None, f"{KEY}{COUNT}"
"""


def test_after_a_timeout_init_runs_again_and_state_starts_over() -> None:
    module = load(python_wasm(STATEFUL_MAP, "smartmodule"), params={"key": "k"}, **LIMITS)
    assert values(module.map([b"a", b"b"])) == [b"k1", b"k2"]
    with pytest.raises(SmartStreamTimeout):
        module.map([b"c", b"loop"])
    # a fresh instance: init saw the same params, COUNT starts again
    assert values(module.map([b"d"])) == [b"k1"]
    assert values(module.map([b"e"])) == [b"k2"]


BOMBING_SUM = """
@smartstream.aggregate
def total(acc: bytes, record: Record) -> bytes:
    if record.value == b"bomb":
        s = acc
        while True:
            s = s + s
    return str(int(acc.decode()) + int(record.value.decode())).encode()
"""


def test_after_a_trap_the_kept_accumulator_is_back_to_loads() -> None:
    """A trap ends the stream in Fluvio; the next one starts from the request's accumulator."""
    module = load(python_wasm(BOMBING_SUM, "smartmodule"), accumulator=b"100", **LIMITS)
    assert values(module.aggregate([b"1", b"2"])) == [b"101", b"103"]
    assert module.accumulator == b"103"
    with pytest.raises(SmartStreamMemoryError):
        module.aggregate([b"4", b"bomb"])
    assert module.accumulator == b"100"
    assert values(module.aggregate([b"5"])) == [b"105"]


def test_timeout_in_a_chain_names_the_stage() -> None:
    first = sandbox("smartmodule")
    second = load(python_wasm(SPIN_FILTER, "smartmodule"), name="spin.wasm", **LIMITS)
    stages = chain([first, second])
    with pytest.raises(SmartStreamTimeout) as info:
        stages.process([b"loop"], base_offset=3)
    assert (info.value.stage, info.value.module, info.value.offset) == (1, "spin.wasm", 3)
    assert str(info.value).startswith("spin.wasm (chain stage 1): filter() timed out")
    assert values(stages.process([b"x", b"y"])) == [b"x", b"y"]


# -- a memory bomb ---------------------------------------------------------------------


@pytest.mark.parametrize("abi", ABIS)
def test_memory_bomb_stops_at_max_memory(abi: str) -> None:
    module = sandbox(abi)
    before = module.memory_size
    with pytest.raises(SmartStreamMemoryError) as info:
        module.process([b"grow" + GROW], base_offset=5)
    e = info.value
    assert (e.function, e.limit, e.offset, e.count, e.kind) == ("filter", MAX_MEMORY, 5, 1, ABIS[abi][1])
    assert MAX_MEMORY // 2 <= e.memory_size <= MAX_MEMORY
    assert e.trap_code == "UNREACHABLE"
    assert e.frames == ("grow_forever", "misbehave", "filter")
    assert str(e).startswith("filter() ran out of memory: ")
    assert "the limit is 16 MiB (max_memory); then it trapped: memory.grow failed" in str(e)
    assert "(batch at offset 5, 1 record; wasm backtrace: grow_forever <- " in str(e)
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is SmartStreamMemoryError and str(again) == str(e)
    assert (again.limit, again.memory_size) == (e.limit, e.memory_size)
    # the grown instance is gone: a fresh one, back to its small memory
    assert_recovers(module)
    assert module.memory_size == before


DOUBLE_BYTES = """
@smartstream.map
def bomb(record: Record) -> tuple[bytes | None, bytes]:
    s = record.value
    if s == b"bomb":
        while True:
            s = s + s
    return None, s
"""

DOUBLE_LIST = """
@smartstream.map
def bomb(record: Record) -> tuple[bytes | None, bytes]:
    items = [record.value]
    if record.value == b"bomb":
        while True:
            items = items + items
    return None, items[-1]
"""


@pytest.mark.parametrize(("source", "abi"), [(DOUBLE_BYTES, "smartstream"), (DOUBLE_BYTES, "smartmodule"),
                                             (DOUBLE_LIST, "smartstream")],
                         ids=["bytes-smartstream", "bytes-smartmodule", "list-smartstream"])
def test_python_memory_bomb(source: str, abi: str) -> None:
    module = load(python_wasm(source, abi), name="bomb.wasm", **LIMITS)
    with pytest.raises(SmartStreamMemoryError) as info:
        module.map([b"ok", b"bomb"], base_offset=9)
    e = info.value
    assert (e.function, e.limit, e.offset, e.count) == ("map", MAX_MEMORY, 9, 2)
    assert e.memory_size <= MAX_MEMORY
    assert_recovers(module)


REPR_BOMB = """
import json

@smartstream.map
def show(record: Record) -> tuple[bytes | None, str]:
    doc = json.loads(record.value)
    return None, repr(doc["items"] * doc["n"])
"""


def test_a_repr_cut_short_leaves_no_container_marked() -> None:
    """A repr cut short by max_memory leaves its lists on dynamic.c's repr
    stack (what Py_ReprEnter marks); the next batch runs in a fresh
    instance, so its lists, at the same addresses, print in full, not as
    [...]."""
    # the memory cap must stop it: a deadline long enough that a loaded machine's slow repr
    # is not taken for a timeout first
    module = load(python_wasm(REPR_BOMB, "smartstream"), name="repr.wasm", deadline=30.0, max_memory=MAX_MEMORY)
    doc = b'{"items": [["%s"], []], "n": %7d}'  # the same length for every n
    with pytest.raises(SmartStreamMemoryError):
        module.map([doc % (b"x" * 100, 200_000)])
    assert values(module.map([doc % (b"x" * 100, 2)])) == [repr([["x" * 100], []] * 2).encode()]


# -- other traps -----------------------------------------------------------------------


@pytest.mark.parametrize("abi", ABIS)
def test_unreachable_is_a_trap_with_its_backtrace(abi: str) -> None:
    module = sandbox(abi)
    with pytest.raises(SmartStreamTrap) as info:
        module.process([b"a", b"b", b"crash" + CRASH], base_offset=40)
    e = info.value
    assert type(e) is SmartStreamTrap
    assert e.function == "filter"
    assert e.message == "wasm `unreachable` instruction executed"
    assert e.trap_code == "UNREACHABLE"
    assert e.frames == ("crash", "misbehave", "filter")
    assert (e.kind, e.offset, e.count) == (ABIS[abi][1], 40, 3)
    assert e.batch == "batch at offset 40, 3 records"
    assert "wasm backtrace" in e.detail and "Traceback" not in str(e)
    assert str(e) == (
        "filter() trapped: wasm `unreachable` instruction executed "
        "(batch at offset 40, 3 records; wasm backtrace: crash <- misbehave <- filter)"
    )
    assert e.__cause__ is None and not isinstance(e, wasmtime.Trap)
    again = pickle.loads(pickle.dumps(e))
    assert str(again) == str(e)
    assert (again.frames, again.kind, again.offset, again.count, again.trap_code) == (
        e.frames, e.kind, 40, 3, "UNREACHABLE")
    assert_recovers(module)


def test_stack_overflow_is_a_trap_naming_max_stack() -> None:
    module = sandbox("smartstream", max_stack=64 << 10)
    with pytest.raises(SmartStreamTrap) as info:
        module.filter([b"deep" + DEEP])
    e = info.value
    assert type(e) is SmartStreamTrap and e.trap_code == "STACK_OVERFLOW"
    assert "the wasm stack is limited to 64 KiB: load(..., max_stack=...)" in str(e)
    assert e.frames and set(e.frames) == {"deep"}
    assert_recovers(module)


def test_a_trap_in_init_has_no_batch() -> None:
    text = (WAT_DIR / "sandbox.wat").read_text().replace("__VERSION__", "(param $version i32)")
    text = text.replace('(func $crash', '(func (export "init") (param i32 i32 i32) (result i32)\n'
                                        '    (unreachable))\n  (func $crash')
    with pytest.raises(SmartStreamTrap) as info:
        load(wasmtime.wat2wasm(text), name="init_trap.wasm")
    e = info.value
    assert (e.function, e.offset, e.count) == ("init", None, None)
    assert str(e) == "init() trapped: wasm `unreachable` instruction executed (wasm backtrace: init)"


def test_endless_start_function_does_not_load() -> None:
    text = (WAT_DIR / "sandbox.wat").read_text().replace("__VERSION__", "")
    text = text.replace("(func $spin", "(start $spin)\n  (func $spin")
    with pytest.raises(ModuleLoadError, match=r"spin_start\.wasm: could not instantiate the module: "
                                              r"its start function ran past the 0\.5 s deadline"):
        load(wasmtime.wat2wasm(text), name="spin_start.wasm", deadline=DEADLINE)


# -- repr and help -------------------------------------------------------------------


@pytest.mark.parametrize("abi", ABIS)
def test_repr_and_help(abi: str, tmp_path: Path) -> None:
    path = tmp_path / "sandbox.wasm"
    path.write_bytes(sandbox_wasm(abi))
    module = load(path)
    size = len(sandbox_wasm(abi))
    cls, abi_name = ((SmartStreamModule, "smartstream (legacy)") if abi == "smartstream"
                     else (SmartModule, "smartmodule"))
    assert isinstance(module, cls)
    text = repr(module)
    assert text.startswith(f"<{cls.__name__} filter, abi={abi_name!r}, ")
    assert f"size={size} bytes" in text and f"path={str(path)!r}" in text
    assert "deadline" not in text  # default limits are not repeated
    assert "deadline=0.5" in repr(load(path, deadline=0.5))

    doc = pydoc.render_doc(module, renderer=pydoc.plaintext)
    for fact in (f"of kind filter (ABI {abi_name!r})", f"source: {path}", f"size: {size} bytes",
                 "limits: deadline 10 s per call, max_memory 1 GiB, max_stack 512 KiB",
                 "module.filter(records", "SmartStreamTimeout", "SmartStreamMemoryError"):
        assert fact in doc, fact
    # the class keeps its own documentation
    assert "load" in (cls.__doc__ or "")
