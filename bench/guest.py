"""Guest-only timing: one wasm call on a batch that is already encoded.

``GuestModule`` instantiates a module (ssc's or a C reference) on a plain
wasmtime engine, the same for both (or on the sandboxed engine ``ssc.load``
builds, to measure what the sandbox costs), with an ``env.copy_records`` import
that only notes where the output is. ``run(payload)`` does what a host does
for one batch (``alloc``, write the input, call the entry) and returns the
output bytes; ``time_call(payload)`` times the entry call alone, so the
figure is the module's own work: decoding the input, the user's logic and
encoding the output.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import wasmtime
from ssc.runtime.limiter import limit_memory_growth
from ssc.runtime.sandbox import TICKER, Limits, engine_for
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

from . import clock

#: The SmartModule version the benchmark's host passes (Fluvio 0.11+).
VERSION = 25

_ENGINE = wasmtime.Engine()


def _epoch_engine() -> wasmtime.Engine:
    config = wasmtime.Config()
    config.epoch_interruption = True
    return wasmtime.Engine(config)


#: A plain engine with wasmtime's epoch checks and nothing else of the sandbox: what the checks cost.
_EPOCH_ENGINE = _epoch_engine()


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
    """One instance of a SmartStream module, called directly.

    ``sandboxed``: on the engine and store ``ssc.load`` builds (epoch
    interruption with the default deadline armed and the ticker running,
    the memory.grow rewrite of ``ssc.runtime.limiter``, the store's memory
    limit), instead of a plain ``wasmtime.Engine()``: the sandbox's cost is
    the ratio of the two. ``epochs_only``: a plain engine with epoch
    interruption on and a deadline never reached, nothing else of the
    sandbox: the part of its cost that is wasmtime's epoch checks.
    """

    def __init__(self, wasm: bytes, entry: str, abi: str, *, sandboxed: bool = False, epochs_only: bool = False):
        self._limits = Limits() if sandboxed else None
        if self._limits is not None:
            self._engine = engine_for(self._limits.max_stack, True)
            wasm = limit_memory_growth(wasm).wasm
        else:
            self._engine = _EPOCH_ENGINE if epochs_only else _ENGINE
        self.store = wasmtime.Store(self._engine)
        if self._limits is not None:
            self.store.set_limits(memory_size=self._limits.max_memory)
        elif epochs_only:
            self.store.set_epoch_deadline(1 << 62)     # never reached: only the checks' cost
        module = wasmtime.Module(self._engine, wasm)
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

    @contextmanager
    def _armed(self) -> Iterator[None]:
        """Sandboxed: the deadline armed and the ticker running, as ``ssc.load`` does per call."""
        if self._limits is None:
            yield
            return
        self.store.set_epoch_deadline(self._limits.ticks)
        TICKER.enter(self._engine)
        try:
            yield
        finally:
            TICKER.leave(self._engine)

    def _prepare(self, data: bytes) -> int:
        with self._armed():
            ptr = self._alloc(self.store, len(data))
        self.memory.write(self.store, data, ptr)
        return ptr

    def run(self, data: bytes) -> bytes:
        """The output bytes of one batch (the status must be >= 0)."""
        ptr = self._prepare(data)
        with self._armed():
            status = self._entry(self.store, ptr, len(data), *self._args)
        if status < 0:
            raise RuntimeError(f"the module returned {status}")
        ptr, length = self._out
        return self.memory.read(self.store, ptr, ptr + length)

    def time_call(self, data: bytes) -> float:
        """Seconds spent in the entry call for one batch (alloc and the copy-in not counted);
        sandboxed, under the deadline as ``ssc.load`` arms it (``runtime.module._invoke``)."""
        ptr = self._prepare(data)
        with self._armed():
            start = clock.now()
            self._entry(self.store, ptr, len(data), *self._args)
            return clock.now() - start

    def memory_size(self) -> int:
        """Linear memory in bytes (it only grows: the peak so far)."""
        return self.memory.data_len(self.store)
