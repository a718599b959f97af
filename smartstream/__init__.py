"""The ``smartstream`` module that SmartStream files import.

Under CPython it makes a SmartStream file an ordinary Python module: the
decorators mark the entry function (and return it unchanged, so a test can
call it directly), and ``Record`` is the record class the host passes in.
ssc's compiler recognises the same names, so one file is both the program
and its own reference implementation.

    from smartstream import smartstream, Record

    @smartstream.filter
    def keep_a(record: Record) -> bool:
        return "a" in record.value.decode()

    keep_a(Record(None, b"apple"))          # True, in plain CPython

``load_python(path)`` runs a SmartStream file per record under CPython with
the same interface and the same results as a compiled module loaded by
``ssc.load`` (outputs, offsets, and ``SmartStreamRuntimeError`` with the
hint ``f"{type(e).__name__}: {e}"``). It is the oracle ssc's tests compare
compiled modules against.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
from types import ModuleType
from typing import Callable, Iterable, TypeAlias, TypeVar

from ssc.abi import Abi, Kind
from ssc.runtime.records import Record, SmartModuleInitError, SmartModuleLookbackError, SmartStreamRuntimeError

__all__ = ["smartstream", "Record", "SmartStreamRuntimeError", "load_python", "PythonSmartStream"]

F = TypeVar("F", bound=Callable[..., object])

#: The attribute a decorator sets on the entry function.
KIND_ATTRIBUTE = "__smartstream_kind__"


class _Decorators:
    """The entry decorators: filter, map and aggregate (both ABIs); filter_map,
    array_map, init and look_back (the SmartModule ABI of Fluvio v0.10+)."""

    @staticmethod
    def filter(fn: F) -> F:
        """``(record: Record) -> bool``: keep the record when it returns True."""
        return _mark(fn, Kind.FILTER)

    @staticmethod
    def map(fn: F) -> F:
        """``(record: Record) -> tuple[bytes | None, bytes]``: the new key and value."""
        return _mark(fn, Kind.MAP)

    @staticmethod
    def aggregate(fn: F) -> F:
        """``(accumulator: bytes, current: Record) -> bytes``: the new accumulator."""
        return _mark(fn, Kind.AGGREGATE)

    @staticmethod
    def filter_map(fn: F) -> F:
        """``(record: Record) -> tuple[bytes | None, bytes] | None``: None drops the record."""
        return _mark(fn, Kind.FILTER_MAP)

    @staticmethod
    def array_map(fn: F) -> F:
        """``(record: Record) -> list[tuple[bytes | None, bytes]]``: each pair becomes a new record."""
        return _mark(fn, Kind.ARRAY_MAP)

    @staticmethod
    def init(fn: F) -> F:
        """``(params: dict[str, str]) -> None``: called once with the module's parameters."""
        return _mark(fn, "init")

    @staticmethod
    def look_back(fn: F) -> F:
        """``(record: Record) -> None``: called for each record of the look-back window."""
        return _mark(fn, "look_back")

    def __repr__(self) -> str:
        return "<smartstream decorators: filter, map, aggregate, filter_map, array_map, init, look_back>"


smartstream = _Decorators()


def _mark(fn: F, kind: Kind | str) -> F:
    setattr(fn, KIND_ATTRIBUTE, kind)
    return fn


#: What the batch methods take for a record: its value (bytes, or str as UTF-8), or a Record.
RecordInput: TypeAlias = "bytes | str | Record"


class PythonSmartStream:
    """A SmartStream source file run by CPython, one call per record.

    The same interface as the modules ``ssc.load`` returns, for either ABI:
    ``filter``, ``map``, ``aggregate`` (and, for SmartModules, ``filter_map``,
    ``array_map`` and ``look_back``) and ``process``, each taking a batch of
    records (bytes, str or Record; record i gets offset base_offset + i).
    A SmartModule's ``init`` runs once, at load, with ``params``, and an
    aggregate SmartModule keeps its accumulator from batch to batch, as
    Fluvio's SPU does; a legacy aggregate starts each batch afresh.
    """

    def __init__(self, function: Callable[..., object], kind: Kind, path: str | None = None, *,
                 abi: Abi = Abi.SMARTMODULE, init: Callable[..., object] | None = None,
                 look_back: Callable[..., object] | None = None, params: dict[str, str] | None = None,
                 accumulator: bytes | str | None = None) -> None:
        self.function = function
        self.kind = kind
        self.path = path
        self.abi = abi
        self.params = dict(params or {})
        self.accumulator = _as_bytes(accumulator or b"")
        self._look_back = look_back
        if init is not None:
            try:
                init(dict(self.params))
            except Exception as err:
                raise SmartModuleInitError(_hint(err)) from err

    def __repr__(self) -> str:
        return f"<PythonSmartStream {self.abi.value} {self.kind.export} {self.function.__name__} from {self.path}>"

    def filter(self, records: Iterable[RecordInput], *, base_offset: int = 0,
               base_timestamp: int = 0) -> list[Record]:
        self._expect("filter")
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def map(self, records: Iterable[RecordInput], *, base_offset: int = 0,
               base_timestamp: int = 0) -> list[Record]:
        self._expect("map")
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def filter_map(self, records: Iterable[RecordInput], *, base_offset: int = 0,
               base_timestamp: int = 0) -> list[Record]:
        self._expect("filter_map")
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def array_map(self, records: Iterable[RecordInput], *, base_offset: int = 0,
               base_timestamp: int = 0) -> list[Record]:
        self._expect("array_map")
        return self.process(records, base_offset=base_offset, base_timestamp=base_timestamp)

    def aggregate(self, records: Iterable[RecordInput], accumulator: bytes | str | None = None, *,
                  base_offset: int = 0, base_timestamp: int = 0) -> list[Record]:
        self._expect("aggregate")
        return self.process(records, accumulator=accumulator, base_offset=base_offset,
                            base_timestamp=base_timestamp)

    def process(self, records: Iterable[RecordInput], *, base_offset: int = 0, base_timestamp: int = 0,
                accumulator: bytes | str | None = None) -> list[Record]:
        """Run one batch; raise ``SmartStreamRuntimeError`` at the first failing record."""
        outputs: list[Record] = []
        export = self.kind.export
        if accumulator is not None:
            acc = _as_bytes(accumulator)
        else:
            acc = self.accumulator if self.abi is Abi.SMARTMODULE else b""
        for index, item in enumerate(records):
            record = _as_record(item, base_offset + index, base_timestamp)
            try:
                if export == "filter":
                    keep = self.function(record)
                    if type(keep) is not bool:
                        raise TypeError(f"a filter must return bool, not {type(keep).__name__}")
                    if keep:
                        outputs.append(record)
                elif export == "map":
                    key, value = _key_value(self.function(record))
                    outputs.append(Record(key, value, record.offset, record.timestamp))
                elif export == "filter_map":
                    result = self.function(record)
                    if result is not None:
                        key, value = _key_value(result)
                        outputs.append(Record(key, value, record.offset, record.timestamp))
                elif export == "array_map":
                    pairs = self.function(record)
                    if not isinstance(pairs, list):
                        raise TypeError(f"an array_map must return a list, not {type(pairs).__name__}")
                    # new records: offset and timestamp deltas 0 (spec §3)
                    outputs += [Record(*_key_value(pair), base_offset, base_timestamp) for pair in pairs]
                else:
                    acc = _as_bytes(self.function(acc, record), "an aggregate")
                    outputs.append(Record(record.key, acc, record.offset, record.timestamp))
            except Exception as err:
                if export == "aggregate" and self.abi is Abi.SMARTMODULE:
                    self.accumulator = acc
                raise SmartStreamRuntimeError(record.offset, self.kind, record.key, record.value,
                                              _hint(err), outputs) from err
        if export == "aggregate" and self.abi is Abi.SMARTMODULE:
            self.accumulator = acc
        return outputs

    def look_back(self, records: Iterable[RecordInput]) -> None:
        """Feed stored records to the module's look_back function, as ``SmartModule.look_back``
        does: value ``i`` is seen at offset ``i``, a Record at its own offset."""
        if self._look_back is None:
            raise TypeError(f"{self.path} has no look_back function")
        for index, item in enumerate(records):
            # stored records, as the SPU feeds them: base offset 0, a Record's offset its own
            record = _as_record(item, item.offset if isinstance(item, Record) else index, 0)
            try:
                self._look_back(record)
            except Exception as err:
                raise SmartModuleLookbackError(_hint(err), record.offset, record.key,
                                               record.value) from err

    def _expect(self, export: str) -> None:
        if self.kind.export != export:
            own = self.kind.export
            raise TypeError(f"this module is a {own} SmartStream; call .{own}() or .process()")


_module_numbers = itertools.count()


def load_python(path: str | os.PathLike[str], *, abi: Abi | str | None = None,
                params: dict[str, str] | None = None, accumulator: bytes | str | None = None) -> PythonSmartStream:
    """Import a SmartStream source file under CPython and find its entry points.

    ``abi`` is the ABI the file is meant for ("smartmodule", the default
    as for ``ssc compile``, or "smartstream", the legacy ABI). ``params``
    go to its init function.
    """
    path = os.fspath(path)
    name = f"_smartstream_source_{next(_module_numbers)}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return _entry_of(module, path, abi, params, accumulator)


def _entry_of(module: ModuleType, path: str, abi: Abi | str | None, params: dict[str, str] | None,
              accumulator: bytes | str | None) -> PythonSmartStream:
    # (marker, function) pairs: the markers are Kind members and the strings "init" and "look_back"
    marked = [(getattr(value, KIND_ATTRIBUTE), value) for value in vars(module).values()
              if getattr(value, KIND_ATTRIBUTE, None) is not None]
    roles = {marker: fn for marker, fn in marked if isinstance(marker, str)}
    transforms = [(marker, fn) for marker, fn in marked if not isinstance(marker, str)]
    if len(transforms) != 1:
        raise ValueError(f"{path}: a SmartStream module holds exactly one decorated transform "
                         f"(found {len(transforms)})")
    target = Abi(abi) if abi is not None else Abi.SMARTMODULE
    kind, function = transforms[0]
    return PythonSmartStream(function, kind, path, abi=target, init=roles.get("init"),
                             look_back=roles.get("look_back"), params=params, accumulator=accumulator)


def _hint(err: Exception) -> str:
    """``f"{type(err).__name__}: {err}"`` as it reaches the user from a compiled module: valid
    UTF-8, a lone surrogate (from JSON's ``"\\ud800"``) escaped as ``backslashreplace`` does."""
    return f"{type(err).__name__}: {err}".encode("utf-8", "backslashreplace").decode("utf-8")


def _as_record(item: RecordInput, offset: int, base_timestamp: int = 0) -> Record:
    """Record i of a batch, as a compiled module sees it: offset = base_offset + i."""
    if isinstance(item, Record):
        return Record(_as_key(item.key), _as_bytes(item.value), offset, item.timestamp)
    return Record(None, _as_bytes(item), offset, base_timestamp)


def _as_bytes(value: object, what: str = "a record value") -> bytes:
    """bytes as they are; str as UTF-8 (what a map or aggregate may return)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(f"{what} must be bytes or str, not {type(value).__name__}")


def _as_key(key: object) -> bytes | None:
    return None if key is None else _as_bytes(key, "a record key")


def _key_value(result: object) -> tuple[bytes | None, bytes]:
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError(f"a map must return a (key, value) tuple, not {type(result).__name__}")
    return _as_key(result[0]), _as_bytes(result[1], "a map's value")
