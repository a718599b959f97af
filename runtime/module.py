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
import functools
import os
import threading
import traceback
import weakref
from itertools import count, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, TypeVar, Union

import wasmtime

from ssc.abi import (
    ALLOC_EXPORT,
    COPY_RECORDS_SIG,
    MEMORY_EXPORT,
    Abi,
    Kind,
)
from ssc.runtime.codec import (
    CodecError,
    Lookback,
    SmartStreamOutput,
    WireRecord,
    _encode_batch,
    _gc_paused,
    _read_output,
    encode_bytes,
)
from ssc.runtime.records import (
    ModuleLoadError,
    Record,
    SmartStreamInternalError,
    SmartStreamMemoryError,
    SmartStreamProtocolError,
    SmartStreamRuntimeError,
    SmartStreamTimeout,
    SmartStreamTrap,
    _as_records,
    _RecordSlots,
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

__all__ = ["load", "SmartStreamModule", "ABI_NAME", "RecordInput"]

#: How a loaded module's ABI is named to users (``repr``, ``ssc inspect``).
ABI_NAME = "smartstream (legacy)"

#: A record handed to a module: the value as bytes or str, or a full Record.
RecordInput = Union[bytes, bytearray, str, Record]

_I32_MAX = 0x7FFFFFFF


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


_Method = TypeVar("_Method", bound=Callable[..., Any])

#: Every module object alive, so that a forked child can give each a new lock.
_LIVE_MODULES: weakref.WeakSet[_HostModule] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for module in list(_LIVE_MODULES):
        module._after_fork_in_child()


if hasattr(os, "register_at_fork"):  # POSIX: no fork elsewhere
    os.register_at_fork(after_in_child=_after_fork_in_child)


def one_call_at_a_time(method: _Method) -> _Method:
    """Run ``method`` under the module's lock: one call into an instance at a time.

    A module object may be shared between threads (``ssc.loader``'s modules
    are process globals). Its instance, output slot and kept accumulator
    serve one call at a time, so calls from several threads are serialised:
    each gets its own batch's results, as if the calls had come one after
    the other (docs/abi.md, "Threads").
    """

    @functools.wraps(method)
    def serialised(self: _HostModule, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return serialised  # type: ignore[return-value]


class _HostModule:
    """What both hosts share: the instance's lifecycle, the sandboxed calls,
    linear memory access and the alloc/call/slot dance.

    A subclass implements :meth:`_instantiate`, which makes a Store (with
    :meth:`_new_store`), instantiates ``_module`` in it and sets ``_store``,
    ``_memory``, ``_alloc``, ``_slot`` and ``_funcs`` (export name ->
    function). After a trap the instance is discarded (``_store`` None)
    and the next call instantiates again (see ``ssc.runtime.sandbox``).
    """

    name: str
    path: str | None
    size: int
    kind: Any
    limits: Limits
    _engine: wasmtime.Engine
    _module: wasmtime.Module
    _limited: Limited
    _store: wasmtime.Store | None
    _memory: wasmtime.Memory
    _alloc: wasmtime.Func
    _slot: _OutputSlot
    _funcs: dict[str, wasmtime.Func]
    _lock: threading.Lock

    @property
    @one_call_at_a_time
    def memory_size(self) -> int:
        """The guest's current linear memory size in bytes (a multiple of 64 KiB)."""
        self._ensure_instance()
        return self._memory.data_len(self._store)

    # -- the instance ---------------------------------------------------------

    def _set_up(self, wasm: bytes, module: wasmtime.Module, engine: wasmtime.Engine, name: str,
                path: str | None, limits: Limits | None, limited: Limited | None) -> None:
        """The attributes both hosts have, before the first instance."""
        self.name = name
        self.path = path
        self.size = len(wasm)
        self.limits = limits or Limits()
        self._limited = limited or Limited(wasm)
        self._module = module
        self._engine = engine
        self._store = None
        self._lock = threading.Lock()
        _LIVE_MODULES.add(self)

    def _after_fork_in_child(self) -> None:
        """In a ``fork``ed child: a lock of its own, and no instance if a call was under way.

        The parent's lock may have been held by a thread the child does not
        have; that thread's call left the instance half-way, so the child's
        next call starts in a fresh one.
        """
        if self._lock.locked():
            self._discard()
        self._lock = threading.Lock()

    def _instantiate(self) -> None:
        raise NotImplementedError

    def _ensure_instance(self) -> None:
        if self._store is None:
            self._instantiate()

    def _discard(self) -> None:
        """Drop the instance (and its memory); the next call makes a new one."""
        self._store = None
        self._memory = self._alloc = None  # type: ignore[assignment]
        self._funcs = {}

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
        function: str,
        payload: bytes | bytearray,
        *extra: int,
        batch: tuple[int | None, int] | None = None,
    ) -> int:
        """alloc(len) -> copy ``payload`` in -> clear the slot -> function(ptr, len, *extra).

        Returns the function's i32 status; the output, if any, is in the slot.
        ``batch`` is (first offset, record count) of the batch, for errors.
        The deadline covers the whole sequence (one batch).
        """
        self._ensure_instance()
        length = len(payload)
        if length > _I32_MAX:
            raise ValueError(f"a batch of {length} encoded bytes is too large for a wasm32 module")
        func = self._funcs[function]
        timed = self.limits.deadline is not None
        if timed:
            self._store.set_epoch_deadline(self.limits.ticks)  # type: ignore[union-attr]
            TICKER.enter(self._engine)
        try:
            ptr = self._call(ALLOC_EXPORT, self._alloc, (length,), batch) & 0xFFFFFFFF
            self._write(ptr, payload)
            self._slot.clear()
            return self._call(function, func, (ptr, length, *extra), batch)
        finally:
            if timed:
                TICKER.leave(self._engine)

    def _call(
        self,
        function: str,
        func: wasmtime.Func,
        args: tuple[int, ...],
        batch: tuple[int | None, int] | None,
    ) -> int:
        """One wasm call; a trap discards the instance and is raised as a
        :class:`SmartStreamTrap` (or its Timeout / MemoryError subclasses)."""
        try:
            return func(self._store, *args)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            error = self._trap_error(function, e, batch)
            _drop_traceback(e)
        # The instance and its memory go now, not when the cycle collector runs:
        # ``e`` is gone with its traceback, and ``error`` is raised outside the
        # except block, so it does not keep ``e`` as its context.
        self._discard()
        raise error

    def _trap_error(
        self, function: str, e: BaseException, batch: tuple[int | None, int] | None
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
        memory_size = self._memory.data_len(self._store) if self._memory is not None else 0
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

    def _check_host_memory(self, function: str, output: bytes, batch: tuple[int, int]) -> None:
        """Refuse to decode an output whose records would take more than max_memory of host memory.

        max_memory bounds the module's linear memory, and so the output's
        bytes; the host's Python objects for them take ~30 times as much per
        small record (``sandbox.output_host_memory``). Such an output is a
        :class:`SmartStreamMemoryError` (the instance is kept: nothing trapped).
        """
        records, needed = output_host_memory(output)
        if needed <= self.limits.max_memory:
            return
        memory_size = self._memory.data_len(self._store)
        raise SmartStreamMemoryError(
            function, self.limits.max_memory, memory_size,
            f"its output of {records:,} records would take about {format_bytes(needed)} of host "
            f"memory to decode, more than max_memory", None, "", (), self.kind, *batch,
        )

    def _grow_refusal(self) -> str:
        """Why a memory.grow was refused: max_memory, or the memory's own maximum if lower."""
        memory = next((e.type for e in self._module.exports if e.name == MEMORY_EXPORT), None)
        maximum = getattr(getattr(memory, "limits", None), "max", None)
        if maximum is not None:
            own = maximum * getattr(memory, "page_size", 65536)
            if own < self.limits.max_memory:
                return f"memory.grow failed: the memory's own maximum is {format_bytes(own)}"
        return "memory.grow failed"

    def _output(self, what: str, status: int) -> bytes:
        """The bytes the guest handed to copy_records during the last call."""
        slot = self._slot
        if slot.ptr is None:
            raise SmartStreamProtocolError(
                f"{self.name}: {what} returned {status} without calling copy_records, "
                f"so there is no output to read (a module calls copy_records(ptr, len) "
                f"with its encoded output before returning)"
            )
        return self._read(slot.ptr, slot.length)

    def _write(self, ptr: int, data: bytes | bytearray) -> None:
        """Copy ``data`` into linear memory at ``ptr``, checking bounds."""
        memory, store = self._memory, self._store
        size = memory.data_len(store)
        if ptr + len(data) > size:
            raise SmartStreamProtocolError(
                f"alloc({len(data)}) returned {ptr:#x}, but [{ptr:#x}, {ptr + len(data):#x}) "
                f"is outside the module's linear memory ({size} bytes)"
            )
        if data:
            base = ctypes.cast(memory.data_ptr(store), ctypes.c_void_p).value or 0
            # ctypes takes bytes as a pointer; a bytearray (a batch's input,
            # built in place) goes through a view of its buffer
            source = data if type(data) is bytes else (ctypes.c_char * len(data)).from_buffer(data)
            ctypes.memmove(base + ptr, source, len(data))

    def _read(self, ptr: int, length: int) -> bytes:
        """Copy ``length`` bytes out of linear memory at ``ptr``, checking bounds."""
        memory, store = self._memory, self._store
        size = memory.data_len(store)
        if ptr + length > size:
            raise SmartStreamProtocolError(
                f"copy_records({ptr:#x}, {length}) names bytes outside the module's "
                f"linear memory ({size} bytes)"
            )
        if length == 0:
            return b""
        base = ctypes.cast(memory.data_ptr(store), ctypes.c_void_p).value or 0
        return ctypes.string_at(base + ptr, length)


class SmartStreamModule(_HostModule):
    """One loaded, instantiated L0 SmartStream; reused across batches.

    Use :func:`load` to make one. ``kind`` says which entry it exports and
    so which of :meth:`filter`, :meth:`map`, :meth:`aggregate` to call;
    :meth:`process` runs any kind. Threads may share it: their calls are
    serialised, one batch at a time.

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
        self._instantiate()
        self.__doc__ = _module_help(self, "a legacy SmartStream", ABI_NAME, [
            f".{kind.export}(records, *, base_offset=0"
            + (", accumulator=b''" if kind is Kind.AGGREGATE else "") + ") -> list[Record]",
            ".process(records, *, base_offset=0) -> list[Record]  (any kind)",
        ])

    def _instantiate(self) -> None:
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
        self._store = store
        self._slot = slot
        self._memory = memory
        self._alloc = alloc
        self._funcs = {self.kind.export: entry}

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
        # successes as plain tuples: to_records reads them once
        output = self._run(_wire_inputs(records), base_offset, accumulator, row=tuple)
        successes = to_records(output.successes, base_offset, 0)
        _raise_runtime_error(output, successes, Abi.SMARTSTREAM)
        return successes

    @one_call_at_a_time
    def _run(
        self,
        wire: Iterable[tuple],
        base_offset: int,
        accumulator: bytes | str | None,
        row: type = WireRecord,
    ) -> SmartStreamOutput:
        """Run one batch of wire records; return the decoded output (error unraised).

        ``accumulator`` None means empty (L0 keeps no accumulator between calls).
        The output's successes are ``row``s: WireRecords, or plain 6-tuples
        in their field order with ``row=tuple``.
        """
        accumulator = accumulator_bytes(accumulator or b"")
        if accumulator and self.kind is not Kind.AGGREGATE:
            raise TypeError(
                f"only aggregate SmartStreams take an accumulator; "
                f"this module is a {self.kind.export} SmartStream"
            )
        # SmartStreamInput, or SmartStreamAggregateInput: the same + accumulator Vec<u8>
        tail = encode_bytes(accumulator) if self.kind is Kind.AGGREGATE else b""
        payload, count = _encode_batch(wire, base_offset, tail)
        output_bytes = self._call_entry(payload, (base_offset, count))
        self._check_host_memory(self.kind.export, output_bytes, (base_offset, count))
        try:
            return _read_output(output_bytes, False, row, False)[0]
        except CodecError as e:
            raise SmartStreamProtocolError(
                f"{self._entry_name()} wrote output that is not a SmartStreamOutput: {e}"
            ) from None

    def _run_in_chain(
        self, wire: list[WireRecord], base_offset: int, base_timestamp: int
    ) -> SmartStreamOutput:
        """A chain stage: L0 has no base timestamp, so the deltas pass as they are."""
        return self._run(wire, base_offset, None)

    def __repr__(self) -> str:
        where = f", path={self.path!r}" if self.path is not None else f", name={self.name!r}"
        limits = self.limits.non_default()
        return (
            f"<SmartStreamModule {self.kind.export}, abi={ABI_NAME!r}, "
            f"size={self.size} bytes{where}{', ' + limits if limits else ''}>"
        )

    # -- the call sequence (§2 "Host call sequence") ------------------------

    def _call_entry(self, payload: bytes | bytearray, batch: tuple[int, int]) -> bytes:
        """Copy ``payload`` in, call the entry, return the bytes it copied out."""
        status = self._invoke(self.kind.export, payload, batch=batch)
        if status < 0:
            raise SmartStreamInternalError(status)
        if self._slot.ptr is None:
            raise SmartStreamProtocolError(
                f"{self._entry_name()} returned {status} without calling copy_records, "
                f"so there is no output to read (a SmartStream calls copy_records(ptr, len) "
                f"with its encoded output before returning >= 0)"
            )
        return self._read(self._slot.ptr, self._slot.length)

    def _expect(self, kind: Kind) -> None:
        if self.kind is not kind:
            own = self.kind.export
            raise TypeError(f"this module is a {own} SmartStream; call .{own}() or .process()")

    def _entry_name(self) -> str:
        return f"{self.name}: {self.kind.export}()"


def to_records(wire: Iterable[WireRecord], base_offset: int, base_timestamp: int) -> list[Record]:
    """Wire records as Records: ``offset = base_offset + offset_delta``, timestamp likewise.

    ``wire`` may hold WireRecords or plain 6-tuples in their field order.
    """
    slots = _RecordSlots  # see records._as_records: the fast way to make many Records
    with _gc_paused():
        return _as_records([
            slots(key, value, base_offset + offset_delta, base_timestamp + timestamp_delta)
            for key, value, offset_delta, timestamp_delta, _, _ in wire
        ])


def _raise_runtime_error(output: SmartStreamOutput, successes: list[Record], abi: Abi) -> None:
    """Raise the output's in-band error, if any, with the successes before it.

    The error's u8 kind tag is read as ``abi`` writes it (``Kind.from_tag``);
    an unknown tag is kept as an int.
    """
    error = output.error
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


def _wire_inputs(records: Iterable[RecordInput], base_timestamp: int = 0, *,
                 stored: bool = False) -> Iterable[tuple]:
    """Turn the caller's records into WireRecord-ordered 6-tuples (an iterator).

    Record ``i`` gets offset_delta ``i``; bytes/str get key None and
    timestamp_delta 0; a Record keeps key and timestamp (as the delta from
    ``base_timestamp``). The Record's ``offset`` is not used, unless the
    records are ``stored`` ones (look_back's): then a Record's ``offset``
    is its offset_delta, as stored in its batch.
    ``[b"a", "b"]`` -> ``(None, b"a", 0, 0, 0, 0), (None, b"b", 1, 0, 0, 0)``.
    """
    if type(records) is list or type(records) is tuple:
        # the common batch, all bytes or all str: one zip, no per-record checks
        # (and the encoder unpacks zip's tuples without keeping them)
        types = set(map(type, records))
        if types <= {bytes} or types == {str}:
            values = records if str not in types else map(str.encode, records)
            return zip(repeat(None), values, count(), repeat(0), repeat(0), repeat(0))
    return _wire_inputs_checked(records, base_timestamp, stored)


def _wire_inputs_checked(records: Iterable[RecordInput], base_timestamp: int,
                         stored: bool = False) -> Iterable[tuple]:
    """:func:`_wire_inputs` for any records, checking each one's type."""
    if isinstance(records, (bytes, bytearray, str, Record)):
        raise TypeError("pass a list of records, not a single record")
    for index, record in enumerate(records):
        cls = type(record)
        if cls is bytes:
            yield (None, record, index, 0, 0, 0)
        elif cls is str:
            yield (None, record.encode("utf-8"), index, 0, 0, 0)
        elif cls is Record:
            key, value = record.key, record.value
            if isinstance(key, str):
                key = key.encode("utf-8")
            if isinstance(value, str):
                value = value.encode("utf-8")
            yield (key, value, record.offset if stored else index, record.timestamp - base_timestamp, 0, 0)
        elif isinstance(record, (bytes, bytearray, memoryview)):
            yield (None, bytes(record), index, 0, 0, 0)
        elif isinstance(record, str):
            yield (None, str(record).encode("utf-8"), index, 0, 0, 0)
        else:
            raise TypeError(
                f"record {index} is a {cls.__name__}; pass bytes, str or ssc.runtime.Record"
            )


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
