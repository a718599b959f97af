"""Fluvio's two module ABIs, the legacy SmartStream (L0) and the current SmartModule, declared once.

Both sides read this module: the compiler (which exports and imports to
emit, which kind tag to write into a runtime error) and the host runtime
(what to look for in a module, how to read its return value). The C guest
library gets the same numbers through a header that
``ssc.compiler.guestlib`` generates from this file, so nothing here is
written twice.

Spec: ``shared/reference/fluvio-abi.md`` §2 (fluvio-smartstream 0.2.x,
fluvio v0.9.0–v0.9.10) and §3 (fluvio-smartmodule, fluvio v0.10 and later).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Abi(enum.Enum):
    """Which Fluvio ABI a module follows (§4 "Legacy vs current")."""

    SMARTSTREAM = "smartstream"   # legacy L0 (§2): (ptr, len) entries, fluvio v0.9
    SMARTMODULE = "smartmodule"   # current (§3): (ptr, len, version) entries, fluvio v0.10+


class Kind(enum.Enum):
    """What a module's transform does: one type for both ABIs.

    ``str(kind)`` is the name of the export that runs it (``"filter_map"``),
    as is ``kind.export``; ``repr`` is ``<Kind.FILTER_MAP: 'filter_map'>``.
    The u8 tag that a runtime error carries on the wire depends on the ABI
    (aggregate is 2 in the legacy ``SmartStreamType`` of §2, 3 in the
    ``SmartModuleKind`` of §3): :meth:`tag` and :meth:`from_tag` convert.

    >>> print(Kind.AGGREGATE)
    aggregate
    >>> Kind.AGGREGATE.tag(Abi.SMARTSTREAM), Kind.AGGREGATE.tag(Abi.SMARTMODULE)
    (2, 3)
    >>> Kind.from_tag(Abi.SMARTMODULE, 4)
    <Kind.FILTER_MAP: 'filter_map'>
    """

    FILTER = "filter"
    MAP = "map"
    FILTER_MAP = "filter_map"
    ARRAY_MAP = "array_map"
    AGGREGATE = "aggregate"

    def __str__(self) -> str:
        return self.value

    @property
    def export(self) -> str:
        """The name of the entry function this kind exports: ``"filter_map"``."""
        return self.value

    def tag(self, abi: Abi) -> int:
        """The u8 tag of this kind in ``abi``'s runtime errors; ValueError if ``abi`` lacks the kind."""
        table = _TAGS[abi]
        try:
            return int(table[self.name])
        except KeyError:
            raise ValueError(f"the {abi.value} ABI has no {self.value} kind") from None

    @classmethod
    def from_tag(cls, abi: Abi, tag: int) -> Kind:
        """The kind whose tag in ``abi`` is ``tag``; ValueError for an unknown tag."""
        return cls[_TAGS[abi](tag).name]

    @classmethod
    def of(cls, abi: Abi) -> tuple[Kind, ...]:
        """The kinds ``abi`` has, in its tag order."""
        return tuple(cls[member.name] for member in _TAGS[abi])


class SmartStreamType(enum.IntEnum):
    """The legacy wire tags of :class:`Kind` (``SmartStreamType``, a u8, §2)."""

    FILTER = 0
    MAP = 1
    AGGREGATE = 2


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


# ---- the current SmartModule ABI (§3: fluvio-smartmodule, fluvio v0.10.0+) ----


class SmartModuleKind(enum.IntEnum):
    """The SmartModule wire tags of :class:`Kind` (``SmartModuleKind``, a u8, §3)."""

    FILTER = 0
    MAP = 1
    ARRAY_MAP = 2
    AGGREGATE = 3
    FILTER_MAP = 4


#: Which tag table each ABI writes into its runtime errors.
_TAGS: dict[Abi, type[enum.IntEnum]] = {Abi.SMARTSTREAM: SmartStreamType, Abi.SMARTMODULE: SmartModuleKind}

#: The name this type had when the SmartModule ABI had a kind enum of its
#: own; it is :class:`Kind`, kept so that code written then still runs.
ModuleKind = Kind


class InitError(enum.IntEnum):
    """``SmartModuleInitErrorStatus``: the return values of ``init`` (§3 "Return codes")."""

    OK = 0
    UNKNOWN_ERROR = -1
    INIT_ERROR = -2          # the host reads SmartModuleInitOutput through copy_records
    DECODING_INPUT = -10
    ENCODING_OUTPUT = -11


class LookbackError(enum.IntEnum):
    """``SmartModuleLookbackErrorStatus``: the return values of ``look_back`` (§3)."""

    OK = 0
    UNKNOWN_ERROR = -1
    DECODING_BASE_INPUT = -66
    DECODING_RECORDS = -77
    ENCODING_OUTPUT = -88
    PROPAGATED_ERROR = -99   # the host reads SmartModuleLookbackOutput through copy_records


#: Every SmartModule entry, init and look_back: (ptr, len, version) -> i32 (§3 "Module shape").
SMARTMODULE_ENTRY_SIG = FuncSig(("i32", "i32", "i32"), ("i32",))
INIT_EXPORT = "init"
LOOK_BACK_EXPORT = "look_back"

#: The order in which a current engine probes the transform exports (§3).
SMARTMODULE_PROBE_ORDER = (Kind.FILTER, Kind.MAP, Kind.FILTER_MAP, Kind.ARRAY_MAP, Kind.AGGREGATE)

#: The version argument: SPUs since v0.18 pass 25; client-side engines (smdk
#: test, producer chains, connectors) pass 22 (§3 "Version argument").
SPU_VERSION = 25
CLIENT_VERSION = 22

#: Which SmartModuleInput fields exist at which version (§3 "Version argument and layouts").
PARAMS_MAX_VERSION = 22          # params: only if version <= 22
JOIN_RECORD_VERSIONS = (16, 22)  # join_record: only if 16 <= version <= 22
TIMESTAMP_MIN_VERSION = 22       # base_timestamp: only if version >= 22
LOOKBACK_MIN_VERSION = 20        # SmartModuleExtraParams.lookback: version >= 20
LOOKBACK_AGE_MIN_VERSION = 21    # Lookback.age: version >= 21
ACCUMULATOR_OUTPUT_MIN_VERSION = 16   # SmartModuleAggregateOutput.accumulator: version >= 16
