"""Run current SmartModules: the host side of the SmartModule ABI (spec §3).

:func:`ssc.runtime.load` returns a :class:`SmartModule` for a module whose
transform export has the 3-argument type ``(ptr, len, version) -> i32``.
It follows the §3 "Host algorithm" of Fluvio's engine (fluvio-smartengine,
v0.10.0 and later):

- the kind comes from probing the exports in Fluvio's order (filter, map,
  filter_map, array_map, aggregate); a present export of another type is
  an error, not skipped; ``init`` and ``look_back`` are probed apart;
- imports are linked by name: a function whose field name is
  ``copy_records`` (any module namespace) and, if the module asks for them,
  the WASI preview1 functions (wasmtime's own WASI, with stdout and stderr
  and nothing else: no arguments, environment or files — as Fluvio links
  it); any other import is refused at load time. Fluvio's SPU inherits its
  own stdout; here what the module writes to stdout (a compiled ``print()``)
  goes to Python's ``sys.stdout`` as it is written, as the same file's
  ``print()`` does under CPython (so ``ssc run`` shows it, and
  ``contextlib.redirect_stdout`` or pytest's ``capsys`` captures it); its
  stderr is the process's;
- ``init`` is called once, at load, with the params;
- every call encodes its input at ``version`` and passes ``version`` as the
  third argument; the aggregate accumulator the module returns is kept for
  the next batch, as Fluvio's engine keeps it.

One wasmtime Store and Instance per module, reused across batches (guest
globals persist), with linear memory capped at 1 GiB like the SPU's store
by default, and the other limits of ``ssc.runtime.sandbox`` (deadline per
call, wasm stack). After a trap (a timeout and a memory error included)
the instance is discarded; the next call instantiates the module again
and calls ``init`` again with the same params, and the kept accumulator
goes back to the one given to ``load``: module state starts over, as when
Fluvio's SPU builds a new chain for a new stream.
"""

from __future__ import annotations

import sys
from typing import Any, Iterable, Mapping

import wasmtime

from ssc.abi import (
    ACCUMULATOR_OUTPUT_MIN_VERSION,
    ALLOC_EXPORT,
    COPY_RECORDS_NAME,
    COPY_RECORDS_SIG,
    INIT_EXPORT,
    LOOK_BACK_EXPORT,
    MEMORY_EXPORT,
    SPU_VERSION,
    Abi,
    InitError,
    LookbackError,
    Kind,
)
from ssc.runtime.batches import RecordInput
from ssc.runtime.codec import (
    CodecError,
    Lookback,
    SmartModuleExtraParams,
    SmartModuleInitInput,
    WireRecord,
    WireRuntimeError,
    _smartmodule_input_tail,
    decode_init_output,
    decode_lookback_output,
    encode_bytes,
    encode_init_input,
)
from ssc.runtime.instances import Instance
from ssc.runtime.module import (
    _HostModule,
    _module_help,
    _OutputSlot,
    _raise_runtime_error,
    accumulator_bytes,
)
from ssc.runtime.records import (
    ModuleLoadError,
    Record,
    SmartModuleInitError,
    SmartModuleLookbackError,
    SmartStreamInternalError,
    SmartStreamProtocolError,
)
from ssc.runtime.limiter import Limited
from ssc.runtime.shape import WASI_MODULE, SmartModuleShape, _func_type, check_smartmodule_shape
from ssc.runtime.sandbox import DEFAULT_MAX_MEMORY, Limits

__all__ = ["SmartModule", "ABI_NAME", "WASI_MODULE", "MEMORY_LIMIT", "check_smartmodule_shape"]

#: How a loaded SmartModule's ABI is named to users (``repr``).
ABI_NAME = "smartmodule"

#: The params of every batch's SmartModuleInput: empty (the SPU sends the
#: real ones to ``init``; §3 "Version argument and layouts").
_NO_PARAMS = SmartModuleExtraParams()

#: Default linear memory cap of the store, as the SPU's ``store_max_memory``
#: (§3 step 1); ``load(..., max_memory=...)`` changes it.
MEMORY_LIMIT = DEFAULT_MAX_MEMORY


class SmartModule(_HostModule):
    """One loaded, instantiated current-ABI SmartModule; reused across batches.

    Use :func:`ssc.runtime.load` to make one. ``kind`` (an
    :class:`~ssc.abi.Kind`) says which transform it exports;
    :meth:`process` runs any kind, and :meth:`filter`, :meth:`map`,
    :meth:`filter_map`, :meth:`array_map`, :meth:`aggregate` check the kind
    first. :meth:`look_back` feeds it stored records. Threads may share it:
    each call runs in an instance of its own (``threads``: a pool for a
    module without state, else one instance and the calls one after the
    other).

    Attributes: ``abi`` (``Abi.SMARTMODULE``), ``kind``, ``version``,
    ``params`` (as given to init), ``lookback`` (the consumer's lookback
    setting, which init receives inside its params as an SPU passes it;
    None: none), ``has_init``, ``has_look_back``, ``wasi``
    (whether it imports WASI), ``accumulator`` (an aggregate's current
    accumulator: the start of the next batch), ``name``, ``path``, ``size``,
    ``limits`` (deadline, max_memory, max_stack: ``ssc.runtime.sandbox``).

    After a trap (:class:`~ssc.runtime.SmartStreamTrap` and its
    subclasses SmartStreamTimeout and SmartStreamMemoryError) the next call
    runs in a fresh instance: init is called again with the same params and
    ``accumulator`` is reset to load()'s.
    """

    abi = Abi.SMARTMODULE

    kind: Kind
    version: int
    params: dict[str, str]
    lookback: Lookback | None

    def __init__(
        self,
        wasm: bytes,
        shape: SmartModuleShape,
        module: wasmtime.Module,
        engine: wasmtime.Engine,
        *,
        name: str,
        path: str | None,
        params: Mapping[str, str] | None = None,
        version: int | None = None,
        accumulator: bytes | str | None = None,
        lookback: int | Lookback | None = None,
        limits: Limits | None = None,
        limited: Limited | None = None,
    ) -> None:
        """Instantiate ``module`` (checked by :func:`check_smartmodule_shape`), then call init."""
        self.kind = shape.kind
        self._set_up(wasm, module, engine, name, path, limits, limited)
        self.version = SPU_VERSION if version is None else _check_version(version)
        self.params = _check_params(params)
        self.lookback = _check_lookback(lookback)
        self.has_init = shape.has_init
        self.has_look_back = shape.has_look_back
        self.wasi = shape.wasi
        if accumulator is not None and self.kind is not Kind.AGGREGATE:
            raise ModuleLoadError(
                f"{name}: only aggregate SmartModules take an accumulator; "
                f"this module is a {self.kind.export} SmartModule"
            )
        self._initial_accumulator = accumulator_bytes(accumulator or b"")
        self.accumulator = self._initial_accumulator
        self._shape = shape
        self._start()
        self.__doc__ = _module_help(self, f"a SmartModule (version {self.version})", ABI_NAME, [
            f".{self.kind.export}(records, *, base_offset=0, base_timestamp=0"
            + (", accumulator=None" if self.kind is Kind.AGGREGATE else "")
            + ") -> list[Record]",
            ".process(records, *, base_offset=0, base_timestamp=0) -> list[Record]  (any kind)",
            *([".look_back(records) -> None"] if self.has_look_back else []),
        ], (f"init params: {self.params!r}",) if self.has_init else ())

    def _new_instance(self) -> Instance:
        """A fresh Store and Instance linked by name (§3), then init with the params."""
        shape = self._shape
        store = self._new_store()
        slot = _OutputSlot()
        linker = wasmtime.Linker(self._engine)
        if shape.wasi:
            config = wasmtime.WasiConfig()
            config.stdout_custom = _write_stdout
            config.inherit_stderr()
            store.set_wasi(config)
            linker.define_wasi()
        copy_records = wasmtime.Func(store, _func_type(COPY_RECORDS_SIG), slot.copy_records)
        for namespace in shape.copy_records_modules:
            linker.define(store, namespace, COPY_RECORDS_NAME, copy_records)
        made = self._make_instance(lambda: linker.instantiate(store, self._module))
        exports = made.exports(store)
        funcs = {self.kind.export: exports[self.kind.export]}
        for present, export in ((shape.has_init, INIT_EXPORT),
                                (shape.has_look_back, LOOK_BACK_EXPORT)):
            if present:
                funcs[export] = exports[export]
        instance = Instance(store, exports[MEMORY_EXPORT], exports[ALLOC_EXPORT], slot, funcs)
        if shape.has_init:
            self._call_init(instance)
        return instance

    def _discard(self, instance: Instance) -> None:
        """After a trap: the instance goes, and the kept accumulator goes back to load()'s.

        Fluvio's SPU ends the stream when a SmartModule traps; the consumer's
        next stream gets a new chain, a new instance that runs ``init`` again
        and starts from the accumulator of its request. The next call here is
        that new stream's first batch.
        """
        super()._discard(instance)
        self.accumulator = self._initial_accumulator

    # -- public API ---------------------------------------------------------

    @property
    def accumulator(self) -> bytes:
        """An aggregate's kept accumulator: where its next batch starts (bytes; str is stored as UTF-8)."""
        return self._accumulator

    @accumulator.setter
    def accumulator(self, value: bytes | str) -> None:
        self._accumulator = accumulator_bytes(value)

    def filter(self, records: Iterable[RecordInput], *, base_offset: int = 0,
               base_timestamp: int = 0) -> list[Record]:
        """Run a filter SmartModule over one batch; return the records it kept."""
        self._expect(Kind.FILTER)
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def map(self, records: Iterable[RecordInput], *, base_offset: int = 0,
            base_timestamp: int = 0) -> list[Record]:
        """Run a map SmartModule over one batch; return the mapped records."""
        self._expect(Kind.MAP)
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def filter_map(self, records: Iterable[RecordInput], *, base_offset: int = 0,
                   base_timestamp: int = 0) -> list[Record]:
        """Run a filter_map SmartModule: kept records with new key/value, same offsets."""
        self._expect(Kind.FILTER_MAP)
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def array_map(self, records: Iterable[RecordInput], *, base_offset: int = 0,
                  base_timestamp: int = 0) -> list[Record]:
        """Run an array_map SmartModule: each input record becomes zero or more new records.

        The new records have offset_delta 0 and timestamp_delta 0 (§3), so
        each carries ``offset = base_offset`` and ``timestamp =
        base_timestamp``: what Fluvio's SPU puts in the batch it sends.
        """
        self._expect(Kind.ARRAY_MAP)
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def aggregate(
        self,
        records: Iterable[RecordInput],
        accumulator: bytes | str | None = None,
        *,
        base_offset: int = 0,
        base_timestamp: int = 0,
    ) -> list[Record]:
        """Run an aggregate SmartModule over one batch.

        It starts from ``accumulator`` if given, else from :attr:`accumulator`
        (the one the previous batch ended with, as the SPU keeps it; initially
        load()'s ``accumulator``, default empty). Afterwards
        :attr:`accumulator` is the final accumulator the module returned
        (version >= 16; below, the output has none and it becomes empty, as in
        Fluvio's engine).
        """
        self._expect(Kind.AGGREGATE)
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp,
                            accumulator=accumulator)

    def process(
        self,
        records: Iterable[RecordInput],
        *,
        base_offset: int = 0,
        base_timestamp: int = 0,
        accumulator: bytes | str | None = None,
    ) -> list[Record]:
        """Run one batch through the module, whatever its kind.

        In: records as bytes/str values (key None, timestamp =
        ``base_timestamp``) or :class:`Record`s; record ``i`` gets
        offset_delta ``i`` and timestamp_delta ``record.timestamp -
        base_timestamp``. Out: the output records with ``offset = base_offset
        + offset_delta`` and ``timestamp = base_timestamp + timestamp_delta``.
        Raises :class:`~ssc.runtime.SmartStreamRuntimeError` for an in-band
        error (``kind`` is a :class:`~ssc.abi.Kind`), and the other
        errors as the legacy host does.
        """
        start = None if accumulator is None else accumulator_bytes(accumulator)
        if start is not None and self.kind is not Kind.AGGREGATE:
            raise TypeError(
                f"only aggregate SmartModules take an accumulator; "
                f"this module is a {self.kind.export} SmartModule"
            )
        successes, error = self._run(records, base_offset, base_timestamp, start)
        _raise_runtime_error(error, successes, Abi.SMARTMODULE)
        return successes

    def look_back(self, records: Iterable[RecordInput]) -> None:
        """Call ``look_back`` with stored records, e.g. before the first batch (§3).

        As Fluvio's SPU feeds them: a SmartModuleInput with base_offset 0
        and base_timestamp 0, each record with the offset and timestamp
        deltas it has in the batch it was stored in, so those deltas are the
        offset and timestamp the module sees. A bytes/str value ``i`` of
        ``records`` has offset delta ``i`` and timestamp delta 0 (the list
        is one stored batch); a :class:`Record` gives its own: its
        ``offset`` and ``timestamp`` are its deltas in its stored batch
        (``Record(None, b"7", offset=3)`` is seen at offset 3).
        Raises :class:`~ssc.runtime.SmartModuleLookbackError` if the module
        reports an error for a record (-99), and
        :class:`~ssc.runtime.SmartStreamInternalError` for other negative
        returns; TypeError if the module exports no ``look_back``.
        """
        if not self.has_look_back:
            raise TypeError(f"{self.name} exports no look_back function")
        payload, count = self._codec.encode(
            records, 0, 0, 0, _smartmodule_input_tail(_NO_PARAMS, b"", 0, self.version))
        with self._instances.use() as instance:
            status = self._invoke(instance, LOOK_BACK_EXPORT, payload, self.version, batch=(None, count))
            if status >= 0:
                return
            if status != LookbackError.PROPAGATED_ERROR:
                raise SmartStreamInternalError(status, LOOK_BACK_EXPORT)
            data = self._output(instance, f"{self.name}: look_back()", status)
        try:
            out = decode_lookback_output(data)
        except CodecError as e:
            raise SmartStreamProtocolError(
                f"{self.name}: look_back() wrote output that is not a SmartModuleLookbackOutput: {e}"
            ) from None
        raise SmartModuleLookbackError(out.hint, out.offset, out.record_key, out.record_value)

    def __repr__(self) -> str:
        where = f", path={self.path!r}" if self.path is not None else f", name={self.name!r}"
        extras = "".join(
            f", {flag}" for flag, present in (("init", self.has_init), ("look_back", self.has_look_back),
                                              ("wasi", self.wasi)) if present
        )
        limits = self.limits.non_default()
        return (
            f"<SmartModule {self.kind.export}, abi={ABI_NAME!r}, version={self.version}"
            f"{extras}, size={self.size} bytes{where}{', ' + limits if limits else ''}>"
        )

    # -- the calls ------------------------------------------------------------

    def _call_init(self, instance: Instance) -> None:
        """init(SmartModuleInitInput) once per instance; -2 carries a hint (§3 "Return codes")."""
        payload = encode_init_input(
            SmartModuleInitInput(SmartModuleExtraParams(dict(self.params), self.lookback)), self.version
        )
        status = self._invoke(instance, INIT_EXPORT, payload, self.version)
        if status >= 0:
            return
        if status != InitError.INIT_ERROR:
            raise SmartStreamInternalError(status, INIT_EXPORT)
        data = self._output(instance, f"{self.name}: init()", status)
        try:
            hint = decode_init_output(data).hint
        except CodecError as e:
            raise SmartStreamProtocolError(
                f"{self.name}: init() wrote output that is not a SmartModuleInitOutput: {e}"
            ) from None
        raise SmartModuleInitError(hint)

    def _run(self, records: Iterable[RecordInput] | list[WireRecord], base_offset: int,
             base_timestamp: int, start: bytes | None,
             wire: bool = False) -> tuple[list[Any], WireRuntimeError | None]:
        """Run one batch (§3 "Host algorithm"); return its successes and in-band error,
        unraised: Records, or with ``wire`` (a chain stage) WireRecords.

        An aggregate starts from ``start`` if given, else from the kept
        accumulator, read in the call (aggregates are serialised: each batch
        continues from the one before, whichever thread ran it), and keeps
        the accumulator it returns.
        """
        # SmartModuleInput (the host sends no params and no join record), or
        # SmartModuleAggregateInput: the same + accumulator Vec<u8>
        aggregate = self.kind is Kind.AGGREGATE
        fields = _smartmodule_input_tail(_NO_PARAMS, b"", base_timestamp, self.version)
        payload, count = self._encode(records, base_offset, base_timestamp, b"" if aggregate else fields, wire)
        export, batch = self.kind.export, (base_offset, count)
        inputs = records if type(records) in (list, tuple) else None
        with self._instances.use() as instance:
            tail = fields + encode_bytes(self.accumulator if start is None else start) if aggregate else b""
            status = self._invoke(instance, export, payload, self.version, batch=batch, tail=tail)
            if status < 0:
                raise SmartStreamInternalError(status, export)
            output = self._output(instance, f"{self.name}: {export}()", status, view=True)
            # SmartModuleOutput, or SmartModuleAggregateOutput with its
            # accumulator from v16 (the version is checked at load)
            successes, error, final = self._decode(
                instance, export, output, batch, base_timestamp, inputs,
                aggregate and self.version >= ACCUMULATOR_OUTPUT_MIN_VERSION, wire, self._not_an_output)
            if aggregate:
                self.accumulator = final
        return successes, error

    def _not_an_output(self, error: CodecError) -> str:
        what = "SmartModuleAggregateOutput" if self.kind is Kind.AGGREGATE else "SmartModuleOutput"
        return (f"{self.name}: {self.kind.export}() wrote output that is not a {what} "
                f"(version {self.version}): {error}")

    def _run_in_chain(self, wire: list[WireRecord], base_offset: int,
                      base_timestamp: int) -> tuple[list[WireRecord], WireRuntimeError | None]:
        """A chain stage: the stored accumulator, the chain's base offset and timestamp."""
        return self._run(wire, base_offset, base_timestamp, None, wire=True)

    def _expect(self, kind: Kind) -> None:
        if self.kind is not kind:
            own = self.kind.export
            raise TypeError(f"this module is a {own} SmartModule; call .{own}() or .process()")


def _check_version(version: int) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= 0x7FFF:
        raise ValueError(f"version must be an int from 0 to 32767 (an i16), not {version!r}")
    return version


def _check_lookback(lookback: int | Lookback | None) -> Lookback | None:
    """``5`` -> ``Lookback(last=5)``; a Lookback as it is; None: no lookback."""
    if lookback is None or isinstance(lookback, Lookback):
        return lookback
    if isinstance(lookback, bool) or not isinstance(lookback, int) or lookback < 0:
        raise TypeError(f"lookback is a number of records (an int >= 0) or a "
                        f"ssc.runtime.codec.Lookback, not {lookback!r}")
    return Lookback(last=lookback)


def _check_params(params: Mapping[str, str] | None) -> dict[str, str]:
    if params is None:
        return {}
    out = {}
    for key, value in dict(params).items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"params are str -> str; got {key!r}: {value!r}")
        out[key] = value
    return out


def _write_stdout(data: bytes) -> None:
    """What the module writes to its stdout (WASI fd 1), to ``sys.stdout`` as it is now (looked
    up at each write, so that a redirection made after load is followed)."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8", "replace"))
