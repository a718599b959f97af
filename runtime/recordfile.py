r"""Record files: a batch's input and its expected output, as JSON Lines or plain text.

Golden tests keep a SmartStream's input and its expected output side by
side as ``NAME.in.jsonl`` and ``NAME.out.jsonl`` (or ``.txt``). The format
follows the extension: ``.jsonl`` or ``.json`` is JSON Lines, ``.txt`` is
plain text (:func:`record_format`).

JSON Lines, one JSON object a line:

    {"accumulator": "x"}                       (input header: aggregate only)
    {"key": "k", "value": "apple"}             (a record; key null or absent = no key)
    {"value_b64": "/w=="}                      (a value that is not UTF-8)

and in the expected output, records carry their ``offset``, and a runtime
error is a line of its own after the successes before it:

    {"key": null, "value": "2", "offset": 0}
    {"error": {"offset": 1, "hint": "ValueError: ...", "key": null, "value": "x"}}

An expected-output file read back (:func:`read_output`) may leave out a
record's ``offset`` and an error's ``offset``, ``key`` and ``value``: what
is left out is not compared. An absent ``key`` is no key and an absent
``timestamp`` is 0, as :func:`render_output` writes them.

Plain text: one record value a line (no key; the line ends ``\n``,
``\r\n`` or ``\r``), no header lines. In an expected output, a line
starting with ``!`` is the runtime error, ``!`` followed by its hint
(``!ValueError: invalid literal ...``), and must be the last line; a value
that starts with ``!`` or ``\`` is written with a ``\`` before it. Offsets and
keys are not compared. In an input file every line is a value as it is.

Pure Python: it reads and writes files, it runs nothing.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..files import atomic_write
from .records import Record, SmartStreamRuntimeError


@dataclass
class InputFile:
    """A batch to run, with what its module needs to run it.

    ``accumulator``: an aggregate's initial accumulator; ``base_offset`` and
    ``base_timestamp``: the batch's; for a SmartModule (``abi`` is
    "smartmodule"): ``params`` for init, ``version``, and ``look_back``, the
    records fed to look_back before the batch (each with the ``offset`` it
    has in its stored batch, by default its position in the list).
    """

    records: list[Record]
    accumulator: bytes = b""
    base_offset: int = 0
    base_timestamp: int = 0
    abi: str | None = None
    params: dict[str, str] | None = None
    version: int | None = None
    look_back: list[Record] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


#: Header lines of an input file: {"name": value}, one or several names a line.
HEADER_NAMES = frozenset({"accumulator", "accumulator_b64", "base_offset", "base_timestamp", "abi", "params",
                          "version", "look_back"})


#: File extensions (lower case) and the record-file format each stands for.
FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".txt": "text"}


def record_format(path: str | os.PathLike[str]) -> str:
    """``"jsonl"`` (``.jsonl``, ``.json``) or ``"text"`` (``.txt``); ValueError for another extension."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise ValueError(f"{os.fspath(path)}: unknown record file type {suffix or '(no extension)'!r}: "
                         f"use .jsonl (JSON Lines) or .txt (plain text, one value a line)") from None


def read_input(path: str | os.PathLike[str]) -> InputFile:
    """Read ``NAME.in.jsonl`` (header lines, see ``HEADER_NAMES``, and records) or ``NAME.in.txt``."""
    if record_format(path) == "text":
        return InputFile([Record(None, line) for line in _read_text_lines(path)])
    batch = InputFile([])
    for number, obj in _read_lines(path):
        try:
            if obj.keys() <= HEADER_NAMES:
                if "accumulator" in obj or "accumulator_b64" in obj:
                    batch.accumulator = _decode(obj, "accumulator")
                batch.base_offset = int(obj.get("base_offset", batch.base_offset))
                batch.base_timestamp = int(obj.get("base_timestamp", batch.base_timestamp))
                batch.abi = obj.get("abi", batch.abi)
                batch.version = obj.get("version", batch.version)
                if "params" in obj:
                    batch.params = {str(k): str(v) for k, v in obj["params"].items()}
                batch.look_back += [_stored(item, len(batch.look_back) + i)
                                    for i, item in enumerate(obj.get("look_back", []))]
                continue
            batch.records.append(_record(obj))
        except (KeyError, ValueError, TypeError, AttributeError) as err:
            raise ValueError(f"{os.fspath(path)}:{number}: bad line: {err}") from None
    return batch


def _record(obj: dict[str, Any]) -> Record:
    key = None if obj.get("key") is None and "key_b64" not in obj else _decode(obj, "key")
    return Record(key, _decode(obj, "value"), timestamp=int(obj.get("timestamp", 0)))


def _stored(obj: dict[str, Any], position: int) -> Record:
    """A look_back record: its ``offset`` is its offset within its stored batch (default: its
    position among the look_back records, as if they were stored in one batch)."""
    record = _record(obj)
    return Record(record.key, record.value, int(obj.get("offset", position)), record.timestamp)


def render_output(outputs: Iterable[Record], error: SmartStreamRuntimeError | None = None) -> str:
    """The expected-output text of a run: one line per record, then the error, if any."""
    lines = [json.dumps({**_encode("key", r.key), **_encode("value", r.value), "offset": r.offset,
                         **({"timestamp": r.timestamp} if r.timestamp else {})},
                        ensure_ascii=False) for r in outputs]
    if error is not None:
        detail = {"offset": error.offset, "hint": error.hint, **_encode("key", error.key),
                  **_encode("value", error.value)}
        lines.append(json.dumps({"error": detail}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def _read_lines(path: str | os.PathLike[str]) -> Iterable[tuple[int, dict[str, Any]]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{os.fspath(path)}:{number}: not JSON: {err}") from None
            if not isinstance(obj, dict):
                raise ValueError(f"{os.fspath(path)}:{number}: expected a JSON object")
            yield number, obj


def _decode(obj: dict[str, Any], name: str) -> bytes:
    if f"{name}_b64" in obj:
        return base64.b64decode(obj[f"{name}_b64"], validate=True)
    value = obj[name]
    if not isinstance(value, str):
        raise TypeError(f"'{name}' must be a string")
    return value.encode("utf-8")


def _encode(name: str, data: bytes | None) -> dict[str, Any]:
    if data is None:
        return {name: None}
    try:
        return {name: data.decode("utf-8")}
    except UnicodeDecodeError:
        return {f"{name}_b64": base64.b64encode(data).decode("ascii")}


# --------------------------------------------------------------------------
# Expected output: read back for comparison, written in either format
# --------------------------------------------------------------------------


class _Unset:
    """The value of a field an expected-output line leaves out: not compared."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True)
class ExpectedRecord:
    """An output record as an expected-output file gives it.

    ``key`` is UNSET and ``offset``/``timestamp`` None where the file does
    not say (plain text: only the value is compared).
    """

    value: bytes
    key: bytes | None | _Unset = UNSET
    offset: int | None = None
    timestamp: int | None = None

    def matches(self, record: Record) -> bool:
        return (record.value == self.value
                and (self.key is UNSET or record.key == self.key)
                and (self.offset is None or record.offset == self.offset)
                and (self.timestamp is None or record.timestamp == self.timestamp))


@dataclass(frozen=True)
class ExpectedError:
    """A runtime error as an expected-output file gives it: the hint, and what else it says."""

    hint: str
    offset: int | None = None
    key: bytes | None | _Unset = UNSET
    value: bytes | _Unset = UNSET

    def matches(self, error: SmartStreamRuntimeError) -> bool:
        return (error.hint == self.hint
                and (self.offset is None or error.offset == self.offset)
                and (self.key is UNSET or error.key == self.key)
                and (self.value is UNSET or error.value == self.value))


@dataclass
class OutputFile:
    """An expected output: the records, then the runtime error if one is expected."""

    records: list[ExpectedRecord]
    error: ExpectedError | None = None
    format: str = "jsonl"


_RECORD_FIELDS = frozenset({"key", "key_b64", "value", "value_b64", "offset", "timestamp"})
_ERROR_FIELDS = frozenset({"offset", "hint", "key", "key_b64", "value", "value_b64"})


def read_output(path: str | os.PathLike[str]) -> OutputFile:
    """Read an expected output, ``NAME.out.jsonl`` or ``NAME.out.txt`` (see the module doc)."""
    if record_format(path) == "text":
        return _read_text_output(path)
    expected = OutputFile([])
    for number, obj in _read_lines(path):
        where = f"{os.fspath(path)}:{number}"
        if expected.error is not None:
            raise ValueError(f"{where}: nothing may follow the error line (a batch stops at its error)")
        try:
            if "error" in obj:
                expected.error = _expected_error(obj)
            else:
                expected.records.append(_expected_record(obj))
        except (KeyError, ValueError, TypeError, AttributeError) as err:
            raise ValueError(f"{where}: bad line: {err}") from None
    return expected


def _expected_record(obj: dict[str, Any]) -> ExpectedRecord:
    unknown = sorted(obj.keys() - _RECORD_FIELDS)
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r} (a record has key, value, offset, timestamp)")
    key = None if obj.get("key") is None and "key_b64" not in obj else _decode(obj, "key")
    return ExpectedRecord(_decode(obj, "value"), key, _optional_int(obj, "offset"),
                          _optional_int(obj, "timestamp") or 0)


def _expected_error(obj: dict[str, Any]) -> ExpectedError:
    detail = obj["error"]
    if len(obj) != 1 or not isinstance(detail, dict):
        raise ValueError('an error line is {"error": {"offset": N, "hint": "..."}} and nothing else')
    unknown = sorted(detail.keys() - _ERROR_FIELDS)
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r} in the error (it has offset, hint, key, value)")
    hint = detail.get("hint")
    if not isinstance(hint, str):
        raise ValueError("an error line needs its \"hint\", a string such as \"ValueError: ...\"")
    key: bytes | None | _Unset = UNSET
    if "key" in detail or "key_b64" in detail:
        key = None if detail.get("key") is None and "key_b64" not in detail else _decode(detail, "key")
    value = _decode(detail, "value") if "value" in detail or "value_b64" in detail else UNSET
    return ExpectedError(hint, _optional_int(detail, "offset"), key, value)


def _optional_int(obj: dict[str, Any], name: str) -> int | None:
    value = obj.get(name)
    if value is None:
        return None
    if type(value) is not int:
        raise TypeError(f"'{name}' must be an integer")
    return value


def _read_text_lines(path: str | os.PathLike[str]) -> list[bytes]:
    with open(path, "rb") as handle:
        return handle.read().splitlines()


def _read_text_output(path: str | os.PathLike[str]) -> OutputFile:
    expected = OutputFile([], format="text")
    for number, line in enumerate(_read_text_lines(path), 1):
        if expected.error is not None:
            raise ValueError(f"{os.fspath(path)}:{number}: nothing may follow the error line "
                             f"(a batch stops at its error)")
        if line.startswith(b"!"):
            try:
                expected.error = ExpectedError(line[1:].decode("utf-8"))
            except UnicodeDecodeError:
                raise ValueError(f"{os.fspath(path)}:{number}: the error line is not UTF-8") from None
        else:
            expected.records.append(ExpectedRecord(line[1:] if line.startswith(b"\\") else line))
    return expected


def render_text_output(outputs: Iterable[Record], error: SmartStreamRuntimeError | None = None) -> bytes:
    """The plain-text expected output of a run: one value a line, then ``!hint``.

    Raises ValueError for a value or hint with a line break, which plain text cannot hold.
    """
    lines = []
    for record in outputs:
        if b"\n" in record.value or b"\r" in record.value:
            raise ValueError(f"the output at offset {record.offset} has a line break in its value, "
                             f"which a plain-text record file cannot hold: use .jsonl")
        escape = b"\\" if record.value.startswith((b"!", b"\\")) else b""
        lines.append(escape + record.value)
    if error is not None:
        if "\n" in error.hint or "\r" in error.hint:
            raise ValueError("the error's hint has a line break, which a plain-text record file "
                             "cannot hold: use .jsonl")
        lines.append(b"!" + error.hint.encode("utf-8"))
    return b"".join(line + b"\n" for line in lines)


def write_output(path: str | os.PathLike[str], outputs: Iterable[Record],
                 error: SmartStreamRuntimeError | None = None) -> None:
    """Write a run's output as an expected-output file, in the format of its extension.

    The file is replaced at once (written beside it, then renamed), so a
    reader never sees half of it.
    """
    outputs = list(outputs)
    if record_format(path) == "text":
        data = render_text_output(outputs, error)
    else:
        data = render_output(outputs, error).encode("utf-8")
    atomic_write(path, data)
