"""The legacy Fluvio SmartStream ABI (L0), declared once.

Both sides read this module: the compiler (which exports and imports to
emit, which kind tag to write into a runtime error) and the host runtime
(what to look for in a module, how to read its return value). The C guest
library gets the same numbers through a header that
``ssc.compiler.guestlib`` generates from this file, so nothing here is
written twice.

Spec: ``shared/reference/fluvio-abi.md`` §2 (fluvio-smartstream 0.2.x,
fluvio v0.9.0–v0.9.10).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.IntEnum):
    """``SmartStreamType``: the u8 tag written into a runtime error (§2)."""

    FILTER = 0
    MAP = 1
    AGGREGATE = 2

    @property
    def export(self) -> str:
        """The name of the entry function this kind exports."""
        return self.name.lower()


class InternalError(enum.IntEnum):
    """``SmartStreamInternalError``: negative entry return values (§2)."""

    UNKNOWN_ERROR = -1
    DECODING_BASE_INPUT = -11
    DECODING_RECORDS = -22
    ENCODING_OUTPUT = -33
    PARSING_EXTRA_PARAMS = -44
    UNDEFINED_RIGHT_RECORD = -55

    @classmethod
    def describe(cls, code: int) -> str:
        """``-22`` -> ``"DecodingRecords (-22)"``; unknown codes are UnknownError (§2)."""
        try:
            member = cls(code)
        except ValueError:
            return f"UnknownError ({code})"
        camel = "".join(part.capitalize() for part in member.name.split("_"))
        return f"{camel} ({code})"


@dataclass(frozen=True)
class FuncSig:
    """A wasm function signature, written with wasm value type names."""

    params: tuple[str, ...]
    results: tuple[str, ...]

    def __str__(self) -> str:
        return f"({', '.join(self.params)}) -> ({', '.join(self.results)})"


#: Export names and signatures every SmartStream module has (§2 "Module shape").
MEMORY_EXPORT = "memory"
ALLOC_EXPORT = "alloc"
ALLOC_SIG = FuncSig(("i32",), ("i32",))
DEALLOC_EXPORT = "dealloc"
DEALLOC_SIG = FuncSig(("i32", "i32"), ())
ENTRY_SIG = FuncSig(("i32", "i32"), ("i32",))

#: The one import. The L0 host links it by position, so a module must have
#: exactly one import of this signature; Rust names it env.copy_records.
COPY_RECORDS_MODULE = "env"
COPY_RECORDS_NAME = "copy_records"
COPY_RECORDS_SIG = FuncSig(("i32", "i32"), ())

#: Inputs and outputs are encoded at this protocol version in L0.
ENCODING_VERSION = 0

#: ``String`` on the wire has an i16 length (§1): longer hints are cut.
MAX_STRING_BYTES = 32767

#: Kinds in the order a host looks for their exports.
PROBE_ORDER = (Kind.FILTER, Kind.MAP, Kind.AGGREGATE)
