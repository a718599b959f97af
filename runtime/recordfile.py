"""Record files: the JSON Lines form of a batch's input and expected output.

Golden tests keep a SmartStream's input and its expected output side by
side as ``NAME.in.jsonl`` and ``NAME.out.jsonl``. One JSON object a line:

    {"accumulator": "x"}                       (input header: aggregate only)
    {"key": "k", "value": "apple"}             (a record; key null or absent = no key)
    {"value_b64": "/w=="}                      (a value that is not UTF-8)

and in the expected output, records carry their ``offset``, and a runtime
error is a line of its own after the successes before it:

    {"key": null, "value": "2", "offset": 0}
    {"error": {"offset": 1, "hint": "ValueError: ...", "key": null, "value": "x"}}

Pure Python: it reads and writes files, it runs nothing.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from .records import Record, SmartStreamRuntimeError


@dataclass
class InputFile:
    """A batch to run, with what its module needs to run it.

    ``accumulator``: an aggregate's initial accumulator; ``base_offset`` and
    ``base_timestamp``: the batch's; for a SmartModule (``abi`` is
    "smartmodule"): ``params`` for init, ``version``, and ``look_back``, the
    records fed to look_back before the batch.
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


def read_input(path: str | os.PathLike[str]) -> InputFile:
    """Read ``NAME.in.jsonl``: header lines (see ``HEADER_NAMES``) and records."""
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
                batch.look_back += [_record(item) for item in obj.get("look_back", [])]
                continue
            batch.records.append(_record(obj))
        except (KeyError, ValueError, TypeError, AttributeError) as err:
            raise ValueError(f"{os.fspath(path)}:{number}: bad line: {err}") from None
    return batch


def _record(obj: dict[str, Any]) -> Record:
    key = None if obj.get("key") is None and "key_b64" not in obj else _decode(obj, "key")
    return Record(key, _decode(obj, "value"), timestamp=int(obj.get("timestamp", 0)))


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
