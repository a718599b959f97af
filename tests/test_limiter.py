"""A refused memory.grow traps, as under Fluvio's store limiter (``ssc.runtime.limiter``, issue 14).

Fluvio's ``StoreResourceLimiter`` errors on any grow it refuses (past the
store's cap or past the memory's own maximum) and wasmtime turns the error
into a trap; ssc rewrites each module at load so that the same grows trap.
The modules here carry on after a failed grow when nobody stops them (their
allocator returns a fallback pointer on -1), so only the host's check can
stop them. The structural tests check the rewrite itself with the full
decoder of ``runtime.wasm_file``, on every module of tests/wat and on
compiled examples of both ABIs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import wasmtime

from conftest import REPO, compiled
from ssc.runtime import SmartStreamMemoryError, load
from ssc.runtime import wasm_file as wf
from ssc.runtime.limiter import limit_memory_growth

WAT_DIR = REPO / "tests" / "wat"

#: A SmartModule filter whose every call asks memory.grow for PAGES pages and, when the
#: grow fails (-1), shrugs and outputs nothing all the same: it never traps by itself.
#: Its output is five zero bytes at 16 (an empty Vec<Record>, no error).
CARRIES_ON = """(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") MEMORY)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func $grow (param $pages ADDR) (result ADDR) (memory.grow (local.get $pages)))
  (func (export "filter") (param i32 i32 i32) (result i32)
    (drop (call $grow (ADDR.const PAGES)))
    (call $copy_records (i32.const 16) (i32.const 5))
    (i32.const 0)))"""


def carries_on(pages: int, memory: str = "1", addr: str = "i32") -> bytes:
    text = CARRIES_ON.replace("MEMORY", memory).replace("PAGES", str(pages)).replace("ADDR", addr)
    return bytes(wasmtime.wat2wasm(text))


def test_a_grow_within_the_limit_works() -> None:
    module = load(carries_on(3), name="grow.wasm", max_memory=1 << 20)
    assert module.filter([b"a"]) == []
    assert module.memory_size == 4 * 65536


def test_a_grow_past_max_memory_traps_even_when_the_module_would_carry_on() -> None:
    module = load(carries_on(100), name="grow.wasm", max_memory=1 << 20)
    with pytest.raises(SmartStreamMemoryError) as info:
        module.filter([b"a"], base_offset=7)
    e = info.value
    assert (e.function, e.limit, e.memory_size, e.offset, e.count) == ("filter", 1 << 20, 65536, 7, 1)
    assert e.frames == ("grow", "filter")              # the host's check is not shown
    assert str(e) == ("filter() ran out of memory: 64 KiB of linear memory in use, the limit is 1 MiB "
                      "(max_memory); then it trapped: memory.grow failed (batch at offset 7, 1 record; "
                      "wasm backtrace: grow <- filter)")


def test_a_grow_past_the_memorys_own_maximum_traps() -> None:
    module = load(carries_on(2, memory="1 2"), name="grow.wasm")
    with pytest.raises(SmartStreamMemoryError) as info:
        module.filter([b"a"])
    assert info.value.message == "memory.grow failed: the memory's own maximum is 128 KiB"


def test_a_64_bit_memory_is_checked_too() -> None:
    assert load(carries_on(1, memory="i64 1", addr="i64"), max_memory=1 << 20).filter([b"a"]) == []
    with pytest.raises(SmartStreamMemoryError):
        load(carries_on(100, memory="i64 1", addr="i64"), max_memory=1 << 20).filter([b"a"])


# -- the rewrite, checked with the full decoder ----------------------------------------


def grow_sites(wasm: bytes) -> dict[int, list[int]]:
    """function index -> the memory indices of its memory.grow instructions (wasm_file's decoder)."""
    module = wf.read_wasm(wasm)
    sites: dict[int, list[int]] = {}
    for function in module.functions:
        r = wf._Reader(wasm, function.body_offset, function.body_offset + function.body_size, "body")
        features = wf._Features()
        for _ in range(r.count("locals")):
            r.u32()
            wf._read_valtype(r, features, "a local")
        while not r.at_end():
            start = r.pos
            code = r.byte()
            table = wf._PREFIXED.get(code)
            op = table.get(r.u32()) if table is not None else wf._OPCODES[code]
            if code == 0x40 and table is None:
                sites.setdefault(function.index, []).append(r.u32())
                continue
            for imm in op.imms:
                wf._read_immediate(r, imm, features, start, op.name)
    return sites


def wat_module(path: Path) -> bytes:
    text = path.read_text().replace(";; @lib", (WAT_DIR / "sm_lib.watfrag").read_text())
    fill = {"ENTRY": "filter", "DATA": '""', "VERSION": ""}
    for key in ("ENTRY", "AGG", "DATA", "LEN", "RET", "INIT_RET", "LB_RET", "VERSION"):
        text = text.replace(f"__{key}__", fill.get(key, "0"))
    return bytes(wasmtime.wat2wasm(text))


#: Every WAT module of the tests, and examples compiled for both ABIs (array_map: SmartModules only).
MODULES = [*(path.name for path in sorted(WAT_DIR.glob("*.wat"))),
           *(f"{name}.py:{abi}" for name in ("filter", "aggregate_sum", "filter_json")
             for abi in ("smartstream", "smartmodule")),
           "array_map_json_reddit.py:smartmodule"]


def module_bytes(label: str) -> bytes:
    if label.endswith(".wat"):
        return wat_module(WAT_DIR / label)
    name, abi = label.split(":")
    return compiled(REPO / "examples" / name, abi)


@pytest.mark.parametrize("label", MODULES)
def test_every_grow_becomes_a_call_to_a_check_and_nothing_else_changes(label: str) -> None:
    wasm = module_bytes(label)
    limited = limit_memory_growth(wasm)
    before, after = wf.read_wasm(wasm), wf.read_wasm(limited.wasm)
    wasmtime.Module.validate(wasmtime.Engine(), limited.wasm)
    grows = grow_sites(wasm)
    # only the added checks grow memory, one per memory that was grown
    assert set(grow_sites(limited.wasm)) == set(limited.checked)
    assert len(limited.checked) == len({m for memories in grows.values() for m in memories})
    assert len(after.functions) == len(before.functions) + len(limited.checked)
    assert min(limited.checked, default=len(before.functions) + len(before.imported_functions)) == \
        len(before.functions) + len(before.imported_functions)
    # the interface and every other section are as they were
    assert after.exports == before.exports and after.imports == before.imports
    assert after.custom_sections == before.custom_sections
    if not grows:
        assert limited.wasm == wasm
    names = {e.index: e.name for e in before.exports if e.kind == "func"}
    assert limited.export_names == names


def test_a_module_the_rewrite_does_not_understand_is_left_as_it_is() -> None:
    assert limit_memory_growth(b"\0asm\x01\0\0\0\x0a\xff").wasm == b"\0asm\x01\0\0\0\x0a\xff"
    assert limit_memory_growth(b"not wasm").checked == frozenset()
