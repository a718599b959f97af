"""Guest-only timing: one wasm call on a batch that is already encoded.

``GuestModule`` instantiates a module (ssc's or a C reference) on a plain
wasmtime engine, the same for both, with an ``env.copy_records`` import
that only notes where the output is. ``run(payload)`` does what a host does
for one batch (``alloc``, write the input, call the entry) and returns the
output bytes; ``time_call(payload)`` times the entry call alone, so the
figure is the module's own work: decoding the input, the user's logic and
encoding the output.
"""

from __future__ import annotations

import time

import wasmtime
from ssc.runtime.codec import (
    SmartModuleInput,
    SmartStreamAggregateInput,
    SmartStreamInput,
    WireRecord,
    encode_aggregate_input,
    encode_input,
    encode_records,
    encode_smartmodule_input,
)

#: The SmartModule version the benchmark's host passes (Fluvio 0.11+).
VERSION = 25

_ENGINE = wasmtime.Engine()


def payload(values: list[bytes], abi: str, accumulator: bytes | None = None) -> bytes:
    """The entry's input for ``values`` (no keys, offsets 0..n-1) under ``abi``."""
    raw = encode_records([WireRecord(None, v, i) for i, v in enumerate(values)])
    if abi == "smartmodule":
        assert accumulator is None, "the benchmark's SmartModule programs do not aggregate"
        return encode_smartmodule_input(SmartModuleInput(0, raw), VERSION)
    if accumulator is not None:
        return encode_aggregate_input(SmartStreamAggregateInput(SmartStreamInput(0, raw), accumulator))
    return encode_input(SmartStreamInput(0, raw))


class GuestModule:
    """One instance of a SmartStream module, called directly."""

    def __init__(self, wasm: bytes, entry: str, abi: str):
        self.store = wasmtime.Store(_ENGINE)
        module = wasmtime.Module(_ENGINE, wasm)
        self._out = (0, 0)
        copy = wasmtime.Func(self.store, wasmtime.FuncType([wasmtime.ValType.i32()] * 2, []), self._copy_records)
        imports = [copy if imp.name == "copy_records" else None for imp in module.imports]
        if None in imports:
            raise ValueError(f"unexpected imports: {[imp.name for imp in module.imports]}")
        instance = wasmtime.Instance(self.store, module, imports)
        exports = instance.exports(self.store)
        self.memory = exports["memory"]
        self._alloc = exports["alloc"]
        self._entry = exports[entry]
        self._args = (VERSION,) if abi == "smartmodule" else ()

    def _copy_records(self, ptr: int, length: int) -> None:
        self._out = (ptr, length)

    def _prepare(self, data: bytes) -> int:
        ptr = self._alloc(self.store, len(data))
        self.memory.write(self.store, data, ptr)
        return ptr

    def run(self, data: bytes) -> bytes:
        """The output bytes of one batch (the status must be >= 0)."""
        ptr = self._prepare(data)
        status = self._entry(self.store, ptr, len(data), *self._args)
        if status < 0:
            raise RuntimeError(f"the module returned {status}")
        ptr, length = self._out
        return self.memory.read(self.store, ptr, ptr + length)

    def time_call(self, data: bytes) -> float:
        """Seconds spent in the entry call for one batch (alloc and the copy-in not counted)."""
        ptr = self._prepare(data)
        start = time.perf_counter()
        self._entry(self.store, ptr, len(data), *self._args)
        return time.perf_counter() - start

    def memory_size(self) -> int:
        """Linear memory in bytes (it only grows: the peak so far)."""
        return self.memory.data_len(self.store)
