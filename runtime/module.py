"""Load and run modules: ``load()`` for both ABIs, and the legacy L0 host.

``load(path_or_bytes)`` detects the ABI from the entry function's type
(spec ``shared/reference/fluvio-abi.md`` §2 and §3 "Module shape"): a
``(ptr, len) -> i32`` entry is a legacy SmartStream, run here by
:class:`SmartStreamModule`; a ``(ptr, len, version) -> i32`` entry is a
current SmartModule, run by :class:`ssc.runtime.smartmodule.SmartModule`.

The shape checks of both ABIs are in :mod:`ssc.runtime.shape`. For a
legacy module, ``load`` checks the L0 shape, instantiates it once and
returns a :class:`SmartStreamModule`. Each ``filter``/``map``/
``aggregate`` call runs one batch through the §2 "Host call sequence"::

    encode SmartStreamInput (version 0) -> alloc(len) -> write to memory
    -> clear slot -> entry(ptr, len) -> r < 0: SmartStreamInternalError
    -> read copy_records' (ptr, len) -> decode SmartStreamOutput

It runs any module that follows the L0 ABI, whichever toolchain made it.
Like Fluvio's SPU, one instance serves every batch, so guest globals
persist between calls, until a trap: then the next call runs in a fresh
instance. Every call runs under the limits of ``ssc.runtime.sandbox``
(deadline, max_memory, max_stack). Nothing here imports the compiler.

>>> mod = load("examples/filter_odd.wasm")          # doctest: +SKIP
>>> mod.filter([b"1", b"2", "3"])                    # doctest: +SKIP
[Record(key=None, value=b'2', offset=1, timestamp=0)]
"""

from __future__ import annotations

import ctypes
import os
import traceback
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

import wasmtime

from ssc.abi import (
    ALLOC_EXPORT,
    COPY_RECORDS_SIG,
    MEMORY_EXPORT,
    Abi,
    Kind,
)
from ssc.provenance import find_provenance
from ssc.runtime.batches import (
    NativeCodec,
    Output,
    PythonCodec,
    RecordInput,
    batch_codec,
)
from ssc.runtime.codec import (
    CodecError,
    Lookback,
    WireRecord,
    WireRuntimeError,
    _encode_batch,
    _read_output,
    encode_bytes,
)
from ssc.runtime.instances import Instance, Instances
from ssc.runtime.records import (
    ModuleLoadError,
    Record,
    SmartStreamInternalError,
    SmartStreamMemoryError,
    SmartStreamProtocolError,
    SmartStreamRuntimeError,
    SmartStreamTimeout,
    SmartStreamTrap,
    format_bytes,
)
from ssc.runtime.limiter import Limited, limit_memory_growth
from ssc.runtime.shape import _func_type, check_magic, check_shape, check_smartmodule_shape, detect_abi
from ssc.runtime.sandbox import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_STACK,
    TICKER,
    Limits,
    engine_for,
    output_host_memory,
)

if TYPE_CHECKING:
    from ssc.runtime.smartmodule import SmartModule

__all__ = ["load", "SmartStreamModule", "ABI_NAME", "RecordInput", "keeps_no_state"]

#: How a loaded module's ABI is named to users (``repr``, ``ssc inspect``).
ABI_NAME = "smartstream (legacy)"

_I32_MAX = 0x7FFFFFFF

#: What a module that returned without calling copy_records should have done.
_MODULE_CONVENTION = "a module calls copy_records(ptr, len) with its encoded output before returning"
_SMARTSTREAM_CONVENTION = ("a SmartStream calls copy_records(ptr, len) with its encoded output "
                           "before returning >= 0")


class _OutputSlot:
    """Where ``copy_records`` leaves the output's (ptr, len) (§2 step 4).

    Kept apart from the module object on purpose: wasmtime holds the host
    callback (and so this slot) in a global table until the store dies, so
    the callback must not reference the module, or it would never be freed.
    """

    __slots__ = ("ptr", "length")

    def __init__(self) -> None:
        self.ptr: int | None = None
        self.length = 0

    def clear(self) -> None:
        self.ptr = None
        self.length = 0

    def copy_records(self, ptr: int, length: int) -> None:
        """The host import: remember the output region; the last call wins."""
        self.ptr = ptr & 0xFFFFFFFF
        self.length = length & 0xFFFFFFFF


#: Every module object alive, so that a forked child can give each a new lock.
_LIVE_MODULES: weakref.WeakSet[_HostModule] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for module in list(_LIVE_MODULES):
        module._instances.after_fork_in_child()


if hasattr(os, "register_at_fork"):  # POSIX: no fork elsewhere
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _HostModule:
    """What both hosts share: the instances, the sandboxed calls, linear
    memory access and the alloc/call/slot dance.

    A subclass implements :meth:`_new_instance`, which makes a Store (with
    :meth:`_new_store`), instantiates ``_module`` in it (and, for a
    SmartModule, calls ``init``) and returns an :class:`Instance`. Every call
    runs in an instance of ``_instances`` (``ssc.runtime.instances``: one,
    serialised, or a pool for a module without state); after a trap that
    instance is discarded and a later call makes a new one.
    """

    name: str
    path: str | None
    size: int
    kind: Any
    limits: Limits
    _engine: wasmtime.Engine
    _module: wasmtime.Module
    _limited: Limited
    _instances: Instances
    _codec: PythonCodec | NativeCodec

    @property
    def memory_size(self) -> int:
        """The guest's current linear memory size in bytes (a multiple of 64 KiB)."""
        with self._instances.use() as instance:
            return instance.memory.data_len(instance.store)

    @property
    def threads(self) -> str:
        """How calls from several threads run: ``"parallel"`` (a pool of instances, for a
        module that keeps no state between batches) or ``"serialised"`` (one instance)."""
        return "parallel" if self._instances.pooled else "serialised"

    # -- the instances ----------------------------------------------------------

    def _set_up(self, wasm: bytes, module: wasmtime.Module, engine: wasmtime.Engine, name: str,
                path: str | None, limits: Limits | None, limited: Limited | None) -> None:
        """The attributes both hosts have, before the first instance (:meth:`_start`)."""
        self.name = name
        self.path = path
        self.size = len(wasm)
        self.limits = limits or Limits()
        self._limited = limited or Limited(wasm)
        self._module = module
        self._engine = engine
        self._codec = batch_codec()
        pooled = self.kind is not Kind.AGGREGATE and keeps_no_state(wasm)
        self._instances = Instances(self._new_instance, pooled)

    def _start(self) -> None:
        """Make the first instance now (as Fluvio's engine does at load: init runs here)."""
        self._instances.first(self._new_instance())
        _LIVE_MODULES.add(self)

    def _new_instance(self) -> Instance:
        raise NotImplementedError

    def _discard(self, instance: Instance) -> None:
        """Drop the instance (and its memory); the next call makes a new one."""
        self._instances.discard(instance)

    def _new_store(self) -> wasmtime.Store:
        """A Store with the memory limit (and a deadline for any start function)."""
        store = wasmtime.Store(self._engine)
        store.set_limits(memory_size=self.limits.max_memory)
        if self.limits.deadline is not None:
            store.set_epoch_deadline(self.limits.ticks)
        return store

    def _make_instance(self, make: Callable[[], wasmtime.Instance]) -> wasmtime.Instance:
        """Run ``make()`` (instantiation, which runs any wasm start function) under
        the deadline; a failure is a :class:`ModuleLoadError`."""
        timed = self.limits.deadline is not None
        if timed:
            TICKER.enter(self._engine)
        try:
            return make()
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            reason = _short_wasmtime_message(e)
            if isinstance(e, wasmtime.Trap) and e.trap_code is wasmtime.TrapCode.INTERRUPT:
                reason = f"its start function ran past the {self.limits.deadline:g} s deadline"
            elif "memory" in reason and "limit" in reason:
                reason += f" (max_memory is {format_bytes(self.limits.max_memory)})"
            _drop_traceback(e)
        finally:
            if timed:
                TICKER.leave(self._engine)
        # raised here, not in the except block, so that it does not keep ``e`` as its context
        raise ModuleLoadError(f"{self.name}: could not instantiate the module: {reason}")

    # -- calls ------------------------------------------------------------------

    def _invoke(
        self,
        instance: Instance,
        function: str,
        payload: bytes | bytearray,
        *extra: int,
        batch: tuple[int | None, int] | None = None,
        tail: bytes = b"",
    ) -> int:
        """alloc(len) -> copy ``payload`` (then ``tail``) in -> clear the slot ->
        function(ptr, len, *extra), in ``instance``.

        Returns the function's i32 status; the output, if any, is in the slot.
        ``batch`` is (first offset, record count) of the batch, for errors.
        The deadline covers the whole sequence (one batch).
        """
        length = len(payload) + len(tail)
        if length > _I32_MAX:
            raise ValueError(f"a batch of {length} encoded bytes is too large for a wasm32 module")
        func = instance.funcs[function]
        timed = self.limits.deadline is not None
        if timed:
            instance.store.set_epoch_deadline(self.limits.ticks)  # type: ignore[union-attr]
            TICKER.enter(self._engine)
        try:
            ptr = self._call(instance, ALLOC_EXPORT, instance.alloc, (length,), batch) & 0xFFFFFFFF
            self._write(instance, ptr, payload, length)
            if tail:
                self._write(instance, ptr + len(payload), tail)
            instance.slot.clear()
            return self._call(instance, function, func, (ptr, length, *extra), batch)
        finally:
            if timed:
                TICKER.leave(self._engine)

    def _call(
        self,
        instance: Instance,
        function: str,
        func: wasmtime.Func,
        args: tuple[int, ...],
        batch: tuple[int | None, int] | None,
    ) -> int:
        """One wasm call; a trap discards the instance and is raised as a
        :class:`SmartStreamTrap` (or its Timeout / MemoryError subclasses)."""
        try:
            return func(instance.store, *args)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            error = self._trap_error(instance, function, e, batch)
            _drop_traceback(e)
        # The instance and its memory go now, not when the cycle collector runs:
        # ``e`` is gone with its traceback, and ``error`` is raised outside the
        # except block, so it does not keep ``e`` as its context.
        self._discard(instance)
        raise error

    def _raw_call(self, function: str, payload: bytes, *extra: int) -> tuple[int, bytes | None]:
        """``function`` on exactly these input bytes: its status and the bytes it handed to
        copy_records (None if it did not). For tests that write the input themselves."""
        with self._instances.use() as instance:
            status = self._invoke(instance, function, payload, *extra)
            slot = instance.slot
            return status, None if slot.ptr is None else self._read(instance, slot.ptr, slot.length)
    def _trap_error(
        self, instance: Instance, function: str, e: BaseException, batch: tuple[int | None, int] | None
    ) -> SmartStreamTrap:
        """A wasmtime Trap/WasmtimeError as a SmartStreamTrap, Timeout or MemoryError."""
        detail = e.message if isinstance(e, wasmtime.Trap) else str(e)
        code: str | None = None
        frames: tuple[str, ...] = ()
        grow_refused = False
        if isinstance(e, wasmtime.Trap):
            trap_code = e.trap_code
            code = trap_code.name if trap_code is not None else None
            trace = e.frames
            # a trap in a grow check (runtime.limiter) is a refused memory.grow;
            # the check is ssc's, so its frame is not shown
            grow_refused = bool(trace) and trace[0].func_index in self._limited.checked
            frames = tuple(self._limited.frame_name(f.func_name, f.func_index)
                           for f in trace[grow_refused:])
        offset, count = batch if batch is not None else (None, None)
        if code == "INTERRUPT" and self.limits.deadline is not None:
            return SmartStreamTimeout(
                function, self.limits.deadline, frames, self.kind, offset, count, detail
            )
        message = _short_wasmtime_message(e)
        memory_size = instance.memory.data_len(instance.store) if instance.memory is not None else 0
        if grow_refused:
            return SmartStreamMemoryError(
                function, self.limits.max_memory, memory_size, self._grow_refusal(), code, detail,
                frames, self.kind, offset, count,
            )
        if code == "STACK_OVERFLOW":
            message += (
                f" (the wasm stack is limited to {format_bytes(self.limits.max_stack)}: "
                f"load(..., max_stack=...))"
            )
        return SmartStreamTrap(function, message, code, detail, frames, self.kind, offset, count)

    def _check_host_memory(self, instance: Instance, function: str, output: bytes | memoryview,
                           batch: tuple[int, int]) -> None:
        """Refuse to decode an output whose records would take more than max_memory of host memory.

        max_memory bounds the module's linear memory, and so the output's
        bytes; the host's Python objects for them take ~30 times as much per
        small record (``sandbox.output_host_memory``). Such an output is a
        :class:`SmartStreamMemoryError` (the instance is kept: nothing trapped).
        """
        records, needed = output_host_memory(output)
        if needed <= self.limits.max_memory:
            return
        memory_size = instance.memory.data_len(instance.store)
        raise SmartStreamMemoryError(
            function, self.limits.max_memory, memory_size,
            f"its output of {records:,} records would take about {format_bytes(needed)} of host "
            f"memory to decode, more than max_memory", None, "", (), self.kind, *batch,
        )

    def _encode(self, records: Iterable[RecordInput] | list[WireRecord], base_offset: int,
                base_timestamp: int, tail: bytes, wire: bool) -> tuple[bytes | bytearray, int]:
        """A batch's input and its record count: the caller's records through the batch
        codec (``batches``), or with ``wire`` a chain stage's WireRecords as they are."""
        if wire:
            return _encode_batch(records, base_offset, tail)  # type: ignore[arg-type]
        return self._codec.encode(records, base_offset, base_timestamp, None, tail)

    def _decode(self, instance: Instance, function: str, output: bytes | memoryview,
                batch: tuple[int, int], base_timestamp: int, inputs: object, accumulator: bool,
                wire: bool, what: Callable[[CodecError], str]) -> Output:
        """A transform's output: its successes as Records (with ``wire``, as a chain
        stage's WireRecords, deltas kept), its error and accumulator; an output that
        does not decode is a SmartStreamProtocolError with ``what(error)``."""
        self._check_host_memory(instance, function, output, batch)
        try:
            if wire:
                decoded, final = _read_output(output, False, WireRecord, accumulator)
                return decoded.successes, decoded.error, final  # type: ignore[return-value]
            return self._codec.read_output(output, batch[0], base_timestamp, inputs, accumulator)
        except CodecError as e:
            message = what(e)
        raise SmartStreamProtocolError(message)

    def _grow_refusal(self) -> str:
        """Why a memory.grow was refused: max_memory, or the memory's own maximum if lower."""
        memory = next((e.type for e in self._module.exports if e.name == MEMORY_EXPORT), None)
        maximum = getattr(getattr(memory, "limits", None), "max", None)
        if maximum is not None:
            own = maximum * getattr(memory, "page_size", 65536)
            if own < self.limits.max_memory:
                return f"memory.grow failed: the memory's own maximum is {format_bytes(own)}"
        return "memory.grow failed"

    def _output(self, instance: Instance, what: str, status: int, *, view: bool = False,
                convention: str = _MODULE_CONVENTION) -> bytes | memoryview:
        """What the guest handed to copy_records during the last call: a copy, or
        with ``view`` the codec's view of it (``batches``: no copy for the native
        codec), valid until the instance runs again. No copy_records call is a
        SmartStreamProtocolError that says ``convention``."""
        slot = instance.slot
        if slot.ptr is None:
            raise SmartStreamProtocolError(
                f"{what} returned {status} without calling copy_records, "
                f"so there is no output to read ({convention})"
            )
        if view:
            return self._codec.view(self._address(instance, slot.ptr, slot.length, "read"), slot.length)
        return self._read(instance, slot.ptr, slot.length)

    def _address(self, instance: Instance, ptr: int, length: int, access: str) -> int:
        """The host address of [ptr, ptr + length) in linear memory, checked to lie within it."""
        memory, store = instance.memory, instance.store
        size = memory.data_len(store)
        if ptr + length > size:
            if access == "write":
                raise SmartStreamProtocolError(
                    f"alloc({length}) returned {ptr:#x}, but [{ptr:#x}, {ptr + length:#x}) "
                    f"is outside the module's linear memory ({size} bytes)"
                )
            raise SmartStreamProtocolError(
                f"copy_records({ptr:#x}, {length}) names bytes outside the module's "
                f"linear memory ({size} bytes)"
            )
        return (ctypes.cast(memory.data_ptr(store), ctypes.c_void_p).value or 0) + ptr

    def _write(self, instance: Instance, ptr: int, data: bytes | bytearray, region: int | None = None) -> None:
        """Copy ``data`` into linear memory at ``ptr``; the region alloc gave (``region``
        bytes, default ``len(data)``) must lie within it."""
        base = self._address(instance, ptr, len(data) if region is None else region, "write")
        if data:
            # ctypes takes bytes as a pointer; a bytearray (a batch's input,
            # built in place) goes through a view of its buffer
            source = data if type(data) is bytes else (ctypes.c_char * len(data)).from_buffer(data)
            ctypes.memmove(base, source, len(data))

    def _read(self, instance: Instance, ptr: int, length: int) -> bytes:
        """Copy ``length`` bytes out of linear memory at ``ptr``, checking bounds."""
        address = self._address(instance, ptr, length, "read")
        return ctypes.string_at(address, length) if length else b""


class SmartStreamModule(_HostModule):
    """One loaded, instantiated L0 SmartStream; reused across batches.

    Use :func:`load` to make one. ``kind`` says which entry it exports and
    so which of :meth:`filter`, :meth:`map`, :meth:`aggregate` to call;
    :meth:`process` runs any kind. Threads may share it: each call runs in
    an instance of its own (``threads``: a pool for a module without state,
    else one instance and the calls one after the other).

    Attributes: ``abi``, ``kind``, ``name``, ``path`` (None if loaded from
    bytes), ``size`` (bytes of wasm), ``limits`` (deadline, max_memory,
    max_stack: ``ssc.runtime.sandbox``), ``memory_size``. After a trap
    (:class:`SmartStreamTrap`, :class:`SmartStreamTimeout`,
    :class:`SmartStreamMemoryError`) the next call runs in a fresh
    instance: module state starts over. ``help(module)`` says all this
    about one module.
    """

    #: The ABI, as for a SmartModule: ``Abi.SMARTSTREAM`` here.
    abi = Abi.SMARTSTREAM
    #: L0 encodes everything at version 0 and passes no version argument.
    version = 0

    kind: Kind
    name: str
    path: str | None
    size: int
    limits: Limits

    def __init__(
        self,
        wasm: bytes,
        kind: Kind,
        module: wasmtime.Module,
        engine: wasmtime.Engine,
        *,
        name: str,
        path: str | None,
        limits: Limits | None = None,
        limited: Limited | None = None,
    ) -> None:
        """Instantiate ``module`` (already checked by :func:`load`)."""
        self.kind = kind
        self._set_up(wasm, module, engine, name, path, limits, limited)
        self._start()
        self.__doc__ = _module_help(self, "a legacy SmartStream", ABI_NAME, [
            f".{kind.export}(records, *, base_offset=0"
            + (", accumulator=b''" if kind is Kind.AGGREGATE else "") + ") -> list[Record]",
            ".process(records, *, base_offset=0) -> list[Record]  (any kind)",
        ])

    def _new_instance(self) -> Instance:
        """A fresh Store and Instance: copy_records linked by position (§2 "Module shape")."""
        store = self._new_store()
        slot = _OutputSlot()
        copy_records = wasmtime.Func(store, _func_type(COPY_RECORDS_SIG), slot.copy_records)
        instance = self._make_instance(
            lambda: wasmtime.Instance(store, self._module, [copy_records])
        )
        exports = instance.exports(store)
        memory = exports[MEMORY_EXPORT]
        alloc = exports[ALLOC_EXPORT]
        entry = exports[self.kind.export]
        assert isinstance(memory, wasmtime.Memory)
        assert isinstance(alloc, wasmtime.Func) and isinstance(entry, wasmtime.Func)
        return Instance(store, memory, alloc, slot, {self.kind.export: entry})

    # -- public API ---------------------------------------------------------

    def filter(self, records: Iterable[RecordInput], *, base_offset: int = 0) -> list[Record]:
        """Run a filter module over one batch; return the records it kept.

        ``module.filter([b"1", b"2"])`` -> e.g. ``[Record(None, b"2", offset=1)]``.
        """
        self._expect(Kind.FILTER)
        return self.process(records, base_offset=base_offset)

    def map(self, records: Iterable[RecordInput], *, base_offset: int = 0) -> list[Record]:
        """Run a map module over one batch; return the mapped records."""
        self._expect(Kind.MAP)
        return self.process(records, base_offset=base_offset)

    def aggregate(
        self,
        records: Iterable[RecordInput],
        accumulator: bytes | str = b"",
        *,
        base_offset: int = 0,
    ) -> list[Record]:
        """Run an aggregate module over one batch, starting from ``accumulator``.

        Out: one record per input, its value the accumulator after it (§2).
        L0 returns no final accumulator: pass the last value to the next call
        yourself if you want a running aggregate (the L0 SPU never did).
        """
        self._expect(Kind.AGGREGATE)
        return self.process(records, base_offset=base_offset, accumulator=accumulator)

    def process(
        self,
        records: Iterable[RecordInput],
        *,
        base_offset: int = 0,
        accumulator: bytes | str = b"",
    ) -> list[Record]:
        """Run one batch through the module, whatever its kind.

        In: records as bytes/str values (key None, timestamp 0) or
        :class:`Record`s; record ``i`` gets offset_delta ``i`` and its
        timestamp as timestamp_delta. Out: the output records with
        ``offset = base_offset + offset_delta``, ``timestamp = timestamp_delta``.
        Raises :class:`SmartStreamRuntimeError` for an in-band user error
        (with the successes before it), :class:`SmartStreamInternalError`
        for a negative return, :class:`SmartStreamTrap` for a trap
        (:class:`SmartStreamTimeout` past the deadline,
        :class:`SmartStreamMemoryError` beyond max_memory; the next batch
        then runs in a fresh instance) and :class:`SmartStreamProtocolError`
        for a module that breaks the ABI.
        """
        accumulator = accumulator_bytes(accumulator or b"")
        if accumulator and self.kind is not Kind.AGGREGATE:
            raise TypeError(
                f"only aggregate SmartStreams take an accumulator; "
                f"this module is a {self.kind.export} SmartStream"
            )
        successes, error = self._run(records, base_offset, 0, accumulator)
        _raise_runtime_error(error, successes, Abi.SMARTSTREAM)
        return successes

    def _run(self, records: Iterable[RecordInput] | list[WireRecord], base_offset: int,
             base_timestamp: int, accumulator: bytes = b"",
             wire: bool = False) -> tuple[list[Any], WireRuntimeError | None]:
        """Run one batch (§2 "Host call sequence"); return its successes and in-band
        error, unraised: Records, or with ``wire`` (a chain stage) WireRecords.

        L0 has no base timestamp: the timestamp deltas are taken from
        ``base_timestamp`` (0 outside a chain) and given back on it. An
        aggregate's ``accumulator`` starts the batch (L0 keeps none).
        """
        # SmartStreamInput, or SmartStreamAggregateInput: the same + accumulator Vec<u8>
        tail = encode_bytes(accumulator) if self.kind is Kind.AGGREGATE else b""
        payload, count = self._encode(records, base_offset, base_timestamp, tail, wire)
        export, batch = self.kind.export, (base_offset, count)
        inputs = records if type(records) in (list, tuple) else None
        with self._instances.use() as instance:
            status = self._invoke(instance, export, payload, batch=batch)
            if status < 0:
                raise SmartStreamInternalError(status)
            output = self._output(instance, self._entry_name(), status, view=True,
                                  convention=_SMARTSTREAM_CONVENTION)
            successes, error, _ = self._decode(
                instance, export, output, batch, base_timestamp, inputs, False, wire,
                lambda e: f"{self._entry_name()} wrote output that is not a SmartStreamOutput: {e}")
        return successes, error

    def _run_in_chain(self, wire: list[WireRecord], base_offset: int,
                      base_timestamp: int) -> tuple[list[WireRecord], WireRuntimeError | None]:
        """A chain stage: L0 has no base timestamp, so the deltas pass as they are."""
        return self._run(wire, base_offset, base_timestamp, wire=True)

    def __repr__(self) -> str:
        where = f", path={self.path!r}" if self.path is not None else f", name={self.name!r}"
        limits = self.limits.non_default()
        return (
            f"<SmartStreamModule {self.kind.export}, abi={ABI_NAME!r}, "
            f"size={self.size} bytes{where}{', ' + limits if limits else ''}>"
        )

    def _expect(self, kind: Kind) -> None:
        if self.kind is not kind:
            own = self.kind.export
            raise TypeError(f"this module is a {own} SmartStream; call .{own}() or .process()")

    def _entry_name(self) -> str:
        return f"{self.name}: {self.kind.export}()"


def _raise_runtime_error(error: WireRuntimeError | None, successes: list[Record], abi: Abi) -> None:
    """Raise an output's in-band error, if any, with the successes before it.

    The error's u8 kind tag is read as ``abi`` writes it (``Kind.from_tag``);
    an unknown tag is kept as an int.
    """
    if error is None:
        return
    kind: Kind | int
    try:
        kind = Kind.from_tag(abi, error.kind)
    except ValueError:
        kind = error.kind
    raise SmartStreamRuntimeError(
        error.offset, kind, error.record_key, error.record_value, error.hint, successes
    )


def keeps_no_state(wasm: bytes) -> bool:
    """Whether the module says it keeps no state between batches: an ``ssc`` custom
    section (``ssc.provenance``) with ``state=none``. Any other module may keep some."""
    provenance = find_provenance(wasm)
    return provenance is not None and provenance.state == "none"


# --------------------------------------------------------------------------
# Loading and checking a module (§2 and §3 "Module shape")
# --------------------------------------------------------------------------


def load(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview,
    *,
    name: str | None = None,
    params: Mapping[str, str] | None = None,
    version: int | None = None,
    accumulator: bytes | str | None = None,
    lookback: int | Lookback | None = None,
    deadline: float | None = DEFAULT_DEADLINE,
    max_memory: int = DEFAULT_MAX_MEMORY,
    max_stack: int = DEFAULT_MAX_STACK,
) -> SmartStreamModule | SmartModule:
    """Load a legacy SmartStream or a current SmartModule from a path or bytes.

    In: a path (str or PathLike) or the module's bytes; ``name`` for
    messages (default: the file's name, or ``"<bytes>"``). For a
    SmartModule only: ``params`` for ``init`` (called once, here, if the
    module exports it), the ``version`` argument (default
    ``ssc.abi.SPU_VERSION`` = 25, what an SPU passes; 22 is what smdk test
    and producer-side chains pass), an aggregate's initial
    ``accumulator``, and ``lookback``: the consumer's lookback setting
    (``5``: the last 5 records, or a ``codec.Lookback``), which an SPU
    passes to ``init`` inside its params (from version 20); the records
    themselves go to :meth:`SmartModule.look_back`.

    Limits, for both ABIs (``ssc.runtime.sandbox``; kept in ``.limits``):
    ``deadline`` seconds of wall time per call (one batch, init or
    look_back; default 10.0, None for no limit) -> past it
    :class:`~ssc.runtime.SmartStreamTimeout`; ``max_memory`` bytes of
    linear memory (default 1 GiB, as Fluvio's SPU) -> beyond it
    ``memory.grow`` traps, reported as
    :class:`~ssc.runtime.SmartStreamMemoryError`; ``max_stack`` bytes of
    wasm stack (default 512 KiB, 16 KiB to 4 MiB) -> a ``STACK_OVERFLOW``
    :class:`~ssc.runtime.SmartStreamTrap`. After any trap the next call
    runs in a fresh instance (init called again): module state starts over.

    The ABI comes from the type of the first transform export found in
    ``ssc.abi.SMARTMODULE_PROBE_ORDER`` (filter, map, filter_map,
    array_map, aggregate): ``(i32, i32) -> (i32)`` is a legacy SmartStream
    (then the kind comes from ``ssc.abi.PROBE_ORDER``), ``(i32, i32, i32)
    -> (i32)`` a SmartModule (that export is its kind).

    Out: a :class:`SmartStreamModule` or a
    :class:`~ssc.runtime.smartmodule.SmartModule`, instantiated.
    Raises :class:`ModuleLoadError` if the file cannot be read, is not
    WebAssembly, or lacks the shape of either ABI (legacy: ``memory``,
    ``alloc (i32) -> (i32)``, an entry ``(i32, i32) -> (i32)``, and exactly
    one import, a function ``(i32, i32) -> ()``, linked by position as the
    L0 SPU does), or if SmartModule options are given for a legacy module;
    :class:`~ssc.runtime.SmartModuleInitError` if ``init`` rejects the params.

    >>> load("examples/filter_odd.wasm").kind      # doctest: +SKIP
    <Kind.FILTER: 'filter'>
    """
    path: str | None
    if isinstance(source, (bytes, bytearray, memoryview)):
        wasm = bytes(source)
        path = None
        name = name or "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        name = name or Path(path).name
        try:
            wasm = Path(path).read_bytes()
        except OSError as e:
            raise ModuleLoadError(f"{name}: cannot read {path}: {e.strerror or e}") from None
    else:
        raise TypeError(
            f"load() takes a path or the module's bytes, not {type(source).__name__}"
        )

    limits = Limits.checked(deadline, max_memory, max_stack)
    check_magic(wasm, name)
    engine = engine_for(limits.max_stack, limits.deadline is not None)
    module, limited = _compile(engine, wasm, name)
    if detect_abi(module, name) is Abi.SMARTMODULE:
        from ssc.runtime.smartmodule import SmartModule

        shape = check_smartmodule_shape(module, name)
        return SmartModule(
            wasm, shape, module, engine, name=name, path=path, params=params,
            version=version, accumulator=accumulator, lookback=lookback, limits=limits,
            limited=limited,
        )
    options = [
        option
        for option, value in (("params", params), ("version", version), ("accumulator", accumulator),
                              ("lookback", lookback))
        if value is not None
    ]
    if options:
        raise ModuleLoadError(
            f"{name}: {', '.join(options)} {'is' if len(options) == 1 else 'are'} for "
            f"SmartModules (the current ABI); this is a legacy SmartStream, which has no "
            f"init, no version argument and no kept accumulator"
        )
    kind = check_shape(module, name)
    return SmartStreamModule(wasm, kind, module, engine, name=name, path=path, limits=limits,
                             limited=limited)


def _compile(engine: wasmtime.Engine, wasm: bytes, name: str) -> tuple[wasmtime.Module, Limited]:
    """The module with every memory.grow checked (``runtime.limiter``), compiled.

    If it does not compile, the error comes from compiling the module as
    given, so that its offsets are the user's bytes'.
    """
    limited = limit_memory_growth(wasm)
    try:
        return wasmtime.Module(engine, limited.wasm), limited
    except wasmtime.WasmtimeError:
        pass
    try:
        return wasmtime.Module(engine, wasm), Limited(wasm)
    except wasmtime.WasmtimeError as e:
        raise ModuleLoadError(
            f"{name}: not a valid WebAssembly module: {_short_wasmtime_message(e)}"
        ) from None


def accumulator_bytes(value: object) -> bytes:
    """An aggregate's accumulator as bytes: bytes-like as it is, str as UTF-8; else TypeError.

    (``bytes(7)`` would be seven NUL bytes, which no caller means.)
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(f"an accumulator is bytes or str, not {type(value).__name__} ({value!r})")


def _drop_traceback(e: BaseException) -> None:
    """Drop a wasmtime error's traceback, which holds the Store.

    Its frames hold the Store (``Func.__call__``'s argument), and
    wasmtime-py's ``enter_wasm`` frame holds the error itself, a cycle that
    would keep the instance's linear memory (up to max_memory) until the
    cycle collector ran. Clearing the frames' locals breaks it.
    """
    traceback.clear_frames(e.__traceback__)
    e.__traceback__ = None


def _short_wasmtime_message(e: BaseException) -> str:
    """The cause line of a wasmtime error, without the backtrace.

    ``"error while executing ...\\n\\nCaused by:\\n    wasm trap: integer divide by zero"``
    -> ``"integer divide by zero"``.
    """
    text = e.message if isinstance(e, wasmtime.Trap) else str(e)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return type(e).__name__
    if "Caused by:" in lines:
        causes = lines[lines.index("Caused by:") + 1 :]
        if causes:
            last = causes[-1]
            # "0: msg" numbering appears when there are several causes
            head, sep, rest = last.partition(": ")
            if sep and head.isdigit():
                last = rest
            return last.removeprefix("wasm trap: ")
    return lines[0].removeprefix("wasm trap: ")


def _module_help(
    module: _HostModule, what: str, abi_name: str, calls: list[str], facts: tuple[str, ...] = ()
) -> str:
    """The text ``help(module)`` shows: what it is, where from, its limits, how to call it."""
    source = module.path if module.path is not None else "(loaded from bytes)"
    lines = [
        f"{module.name}: {what} of kind {module.kind.export} (ABI {abi_name!r})",
        f"    source: {source}",
        f"    size: {module.size} bytes",
        f"    limits: {module.limits.describe()}",
        *(f"    {fact}" for fact in facts),
        "",
        "Call:",
        *(f"    module{call}" for call in calls),
        "",
        "Errors (ssc.runtime):",
        "    SmartStreamRuntimeError   a record failed (in-band, with the successes before it)",
        "    SmartStreamTrap           the wasm trapped; then the next call starts over in a",
        "                              fresh instance (module state is lost)",
        "    SmartStreamTimeout        ... ran past the deadline (a SmartStreamTrap)",
        "    SmartStreamMemoryError    ... needed more than max_memory (a SmartStreamTrap)",
        "",
        "help(type(module)) documents the class.",
    ]
    return "\n".join(lines)
