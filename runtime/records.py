"""Records and errors as the host hands them to Python code.

Pure Python, no wasmtime: the ``smartstream`` DSL module re-exports
:class:`Record` and passes it to user functions under plain CPython, so
importing this module must stay cheap.

A :class:`Record` is what a user sees: absolute ``offset`` and
``timestamp``. The wire form with deltas (spec §1 "Record") lives in
:mod:`ssc.runtime.codec`; :mod:`ssc.runtime.module` converts between them.

The error family (both ABIs)::

    SmartStreamError
    ├── SmartStreamRuntimeError   in-band user error in the output (§2, §3)
    ├── SmartStreamInternalError  negative return of an entry, init or look_back
    ├── SmartModuleInitError      init returned InitError (-2) with a hint (§3)
    ├── SmartModuleLookbackError  look_back returned PropagatedError (-99) (§3)
    ├── SmartStreamTrap           the wasm code trapped (the instance is discarded)
    │   ├── SmartStreamTimeout      ... because it ran past the deadline
    │   └── SmartStreamMemoryError  ... because it needed more than max_memory
    ├── SmartStreamProtocolError  the module broke the calling convention
    └── ModuleLoadError           not a module this host can run

An error raised by a stage of a chain (``ssc.chain``) also carries
``stage`` (the module's index in the chain) and ``module`` (its name);
elsewhere both are None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import enum

from ssc.abi import InitError, InternalError, Kind, LookbackError


@dataclass(frozen=True, slots=True)
class Record:
    """One record: optional key, value, absolute offset and timestamp (ms).

    In: positional ``key, value`` (``Record(b"k", b"v")``), keywords for the
    rest. Out of a module run, ``offset = base_offset + offset_delta`` and
    ``timestamp = base_timestamp + timestamp_delta`` (a legacy SmartStream
    has no base timestamp, spec §2, so there it is just the delta).

    >>> Record(None, b"abc", offset=5)
    Record(key=None, value=b'abc', offset=5, timestamp=0)
    """

    key: bytes | None = None
    value: bytes = b""
    offset: int = 0
    timestamp: int = 0


class _RecordSlots:
    """A :class:`Record`'s four slots without its frozen ``__setattr__``.

    The host builds the records of a module's output as these, then turns
    them into Records in place with :func:`_as_records`. The frozen
    dataclass's ``__init__`` stores each field through ``object.__setattr__``;
    storing four plain slots costs a third of that, and a batch has
    thousands of records.
    """

    # the same slots as Record's: what makes the __class__ assignment legal
    __slots__ = Record.__slots__  # type: ignore[attr-defined]

    def __init__(self, key: bytes | None, value: bytes, offset: int, timestamp: int) -> None:
        self.key = key
        self.value = value
        self.offset = offset
        self.timestamp = timestamp


def _as_records(drafts: list[_RecordSlots]) -> list[Record]:
    """Make each :class:`_RecordSlots` of ``drafts`` a :class:`Record`, in place.

    ``__class__`` assignment is allowed between classes with the same slot
    layout; the objects are then Records in every respect (type, equality,
    hash, repr, immutability).
    """
    for draft in drafts:
        draft.__class__ = Record  # type: ignore[assignment]
    return drafts  # type: ignore[return-value]


class SmartStreamError(Exception):
    """Base of every error the host runtime raises.

    ``stage`` and ``module`` say which module of a chain raised it (the
    index in the chain and the module's name); None outside a chain.
    """

    stage: int | None = None
    module: str | None = None

    def __str__(self) -> str:
        text = super().__str__()
        if self.stage is None:
            return text
        return f"{self.module} (chain stage {self.stage}): {text}"


class SmartStreamRuntimeError(SmartStreamError):
    """The user's function failed on one record (an in-band error, spec §2).

    In: the fields of the wire ``SmartStreamRuntimeError`` (hint, absolute
    offset, kind, key, value) plus ``successes``: the records the module
    produced before the failing one, so nothing is lost.
    Out: ``str(e)`` is ``"record at offset 1: <hint>"``, e.g.
    ``record at offset 1: ValueError: invalid literal for int() with base 10: 'x'``.
    Compare in tests with :meth:`as_dict`.
    """

    offset: int
    kind: Kind | int
    key: bytes | None
    value: bytes
    hint: str
    successes: list[Record]

    def __init__(
        self,
        offset: int,
        kind: Kind | int,
        key: bytes | None,
        value: bytes,
        hint: str,
        successes: list[Record] | None = None,
    ) -> None:
        super().__init__(f"record at offset {offset}: {hint}")
        self.offset = offset
        self.kind = kind
        self.key = key
        self.value = value
        self.hint = hint
        self.successes = list(successes) if successes is not None else []

    def as_dict(self) -> dict[str, Any]:
        """All fields as a dict, for equality checks.

        >>> SmartStreamRuntimeError(1, Kind.MAP, None, b"x", "E").as_dict()["offset"]
        1
        """
        return {
            "offset": self.offset,
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "hint": self.hint,
            "successes": list(self.successes),
        }

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by fields (the default would pass only the message)."""
        return (
            type(self),
            (self.offset, self.kind, self.key, self.value, self.hint, self.successes),
            _chain_state(self),
        )


#: What each internal error code means, for the error message (spec §2).
_INTERNAL_ERROR_MEANING: dict[int, str] = {
    InternalError.UNKNOWN_ERROR: "the module reported an unknown error",
    InternalError.DECODING_BASE_INPUT: "the module could not decode its input",
    InternalError.DECODING_RECORDS: "the module could not decode the records it was given",
    InternalError.ENCODING_OUTPUT: "the module could not encode its output",
    InternalError.PARSING_EXTRA_PARAMS: "the module could not parse its parameters",
    InternalError.UNDEFINED_RIGHT_RECORD: "the module found no right-hand record for a join",
}


#: What each init / look_back error code means (spec §3 "Return codes").
_INIT_ERROR_MEANING: dict[int, str] = {
    InitError.UNKNOWN_ERROR: "init reported an unknown error",
    InitError.INIT_ERROR: "init failed",
    InitError.DECODING_INPUT: "init could not decode its input (the params)",
    InitError.ENCODING_OUTPUT: "init could not encode its error output",
}
_LOOKBACK_ERROR_MEANING: dict[int, str] = {
    LookbackError.UNKNOWN_ERROR: "look_back reported an unknown error",
    LookbackError.DECODING_BASE_INPUT: "look_back could not decode its input",
    LookbackError.DECODING_RECORDS: "look_back could not decode the records it was given",
    LookbackError.ENCODING_OUTPUT: "look_back could not encode its error output",
    LookbackError.PROPAGATED_ERROR: "look_back failed",
}

#: Which status enum and meanings a function's return value uses.
_STATUS_CODES: dict[str, tuple[type[enum.IntEnum], dict[int, str]]] = {
    "init": (InitError, _INIT_ERROR_MEANING),
    "look_back": (LookbackError, _LOOKBACK_ERROR_MEANING),
}


def describe_status(codes: type[enum.IntEnum], code: int) -> str:
    """``describe_status(InitError, -10)`` -> ``"DecodingInput (-10)"``; unknown -> UnknownError."""
    try:
        member = codes(code)
    except ValueError:
        return f"UnknownError ({code})"
    camel = "".join(part.capitalize() for part in member.name.split("_"))
    return f"{camel} ({code})"


class SmartStreamInternalError(SmartStreamError):
    """An entry, ``init`` or ``look_back`` returned a negative status.

    In: the raw i32 ``code`` and, for the current ABI, the ``function``
    that returned it (``"init"``, ``"look_back"`` or a transform such as
    ``"filter_map"``; ``""`` for the legacy entry). Out: ``str(e)`` names
    the code with the function's status enum (spec §2 step 5, §3 "Return
    codes"), e.g. ``module returned DecodingRecords (-22): the module could
    not decode ...`` or ``init returned DecodingInput (-10): init could not
    decode its input (the params)``; unknown codes are ``UnknownError (code)``.
    """

    code: int
    function: str

    def __init__(self, code: int, function: str = "") -> None:
        codes, meanings = _STATUS_CODES.get(function, (InternalError, _INTERNAL_ERROR_MEANING))
        meaning = meanings.get(code, meanings[-1])
        who = f"{function}()" if function else "module"
        super().__init__(f"{who} returned {describe_status(codes, code)}: {meaning}")
        self.code = code
        self.function = function

    @property
    def error(self) -> InternalError | InitError | LookbackError:
        """The code as its status enum member (unknown -> UNKNOWN_ERROR).

        :class:`~ssc.abi.InternalError` for transforms, :class:`~ssc.abi.InitError`
        for ``init``, :class:`~ssc.abi.LookbackError` for ``look_back``.
        """
        codes = _STATUS_CODES.get(self.function, (InternalError, {}))[0]
        try:
            return codes(self.code)  # type: ignore[return-value]
        except ValueError:
            return codes(-1)  # type: ignore[return-value]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.function), _chain_state(self))


class SmartModuleInitError(SmartStreamError):
    """``init`` returned InitError (-2): the module rejected its params (spec §3).

    ``hint`` is the module's message, read from the ``SmartModuleInitOutput``
    it handed to copy_records. ``str(e)`` is ``init failed: <hint>``.
    """

    hint: str

    def __init__(self, hint: str) -> None:
        super().__init__(f"init failed: {hint}")
        self.hint = hint

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.hint,), _chain_state(self))


class SmartModuleLookbackError(SmartStreamError):
    """``look_back`` returned PropagatedError (-99) (spec §3).

    The fields of the ``SmartModuleLookbackOutput`` the module handed to
    copy_records: ``hint``, ``offset`` (as the module computed it: look_back
    records have base_offset 0, so usually the record's index), ``key`` and
    ``value`` of the failing record. ``str(e)`` is
    ``look_back failed at offset 1: <hint>``.
    """

    hint: str
    offset: int
    key: bytes | None
    value: bytes

    def __init__(self, hint: str, offset: int, key: bytes | None, value: bytes) -> None:
        super().__init__(f"look_back failed at offset {offset}: {hint}")
        self.hint = hint
        self.offset = offset
        self.key = key
        self.value = value

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.hint, self.offset, self.key, self.value), _chain_state(self))


def _chain_state(err: SmartStreamError) -> dict[str, Any]:
    """The instance dict of an error, so pickling keeps ``stage`` and ``module``."""
    return dict(err.__dict__)


class SmartStreamTrap(SmartStreamError):
    """The module's wasm code trapped (``unreachable``, out-of-bounds, stack overflow...).

    Fields:

    - ``function``: the export that was running (``"filter"``, ``"alloc"``,
      ``"init"``, ``"look_back"``);
    - ``message``: the short trap message, e.g. ``wasm `unreachable`
      instruction executed``; ``trap_code``: wasmtime's trap code name
      (``"UNREACHABLE"``, ``"STACK_OVERFLOW"``, ``"INTERRUPT"``...) or None;
    - ``frames``: the wasm backtrace as function names, innermost first
      (``("ssc_alloc", "filter")``; a function without a name is
      ``"<wasm function 7>"``);
    - ``kind``: the module's kind (an :class:`~ssc.abi.Kind`), None if unknown;
    - ``offset`` and ``count``: the first offset of the record batch being
      processed and its number of records (None outside a batch, e.g. in
      ``init``; ``look_back`` has a ``count`` but no offset);
    - ``detail``: wasmtime's full text, backtrace included.

    ``str(e)`` is e.g. ``filter() trapped: wasm `unreachable` instruction
    executed (batch at offset 0, 1 record; wasm backtrace: filter)``. The
    host discards the instance after a trap: the next call runs in a fresh
    one (module state starts over).
    """

    function: str
    message: str
    trap_code: str | None
    detail: str
    frames: tuple[str, ...]
    kind: Kind | None
    offset: int | None
    count: int | None

    def __init__(
        self,
        function: str,
        message: str,
        trap_code: str | None = None,
        detail: str = "",
        frames: tuple[str, ...] | list[str] = (),
        kind: Kind | None = None,
        offset: int | None = None,
        count: int | None = None,
    ) -> None:
        self.function = function
        self.message = message
        self.trap_code = trap_code
        self.detail = detail or message
        self.frames = tuple(frames)
        self.kind = kind
        self.offset = offset
        self.count = count
        super().__init__(f"{self._headline()}{self._context()}")

    def _headline(self) -> str:
        return f"{self.function}() trapped: {self.message}"

    @property
    def batch(self) -> str:
        """The batch in words: ``"batch at offset 5, 3 records"``; ``""`` outside one."""
        if self.count is None:
            return ""
        records = f"{self.count} record{'' if self.count == 1 else 's'}"
        if self.offset is None:
            return records
        return f"batch at offset {self.offset}, {records}"

    def _context(self) -> str:
        parts = [part for part in (self.batch, _backtrace_text(self.frames)) if part]
        return f" ({'; '.join(parts)})" if parts else ""

    def _fields(self) -> tuple[Any, ...]:
        return (self.function, self.message, self.trap_code, self.detail, self.frames,
                self.kind, self.offset, self.count)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._fields(), _chain_state(self))


def _backtrace_text(frames: tuple[str, ...], limit: int = 8) -> str:
    """``"wasm backtrace: ssc_alloc <- filter"``; runs of one name are folded (``rec x20``)."""
    if not frames:
        return ""
    runs: list[list[Any]] = []
    for name in frames:
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
    shown = [f"{name} x{n}" if n > 1 else name for name, n in runs[:limit]]
    if len(runs) > limit:
        shown.append("...")
    return "wasm backtrace: " + " <- ".join(shown)


def format_bytes(size: int) -> str:
    """``format_bytes(1 << 30)`` -> ``"1 GiB"``; ``format_bytes(1536)`` -> ``"1.5 KiB"``."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            break
        value /= 1024
    if unit == "bytes":
        return f"{size} bytes"
    return f"{value:.1f} {unit}".replace(".0 ", " ")


class SmartStreamTimeout(SmartStreamTrap):
    """The module ran longer than the deadline and the host stopped it.

    A call (one batch, or ``init``/``look_back``) may run for ``deadline``
    seconds of wall time (``load(..., deadline=10.0)``); then wasmtime
    interrupts it (epoch interruption, trap code ``INTERRUPT``). ``offset``
    and ``count`` name the batch, ``frames`` say where the code was
    (usually the loop that never ends). ``str(e)`` is e.g. ``filter() timed
    out: still running after the 0.5 s deadline (batch at offset 0, 1
    record; wasm backtrace: spin <- filter)``. The instance is discarded;
    the next call runs in a fresh one.
    """

    deadline: float

    def __init__(
        self,
        function: str,
        deadline: float,
        frames: tuple[str, ...] | list[str] = (),
        kind: Kind | None = None,
        offset: int | None = None,
        count: int | None = None,
        detail: str = "",
    ) -> None:
        self.deadline = deadline
        super().__init__(
            function, f"still running after the {deadline:g} s deadline", "INTERRUPT",
            detail, frames, kind, offset, count,
        )

    def _headline(self) -> str:
        return f"{self.function}() timed out: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.function, self.deadline, self.frames, self.kind, self.offset, self.count,
             self.detail),
            _chain_state(self),
        )


class SmartStreamMemoryError(SmartStreamTrap):
    """The module ran out of linear memory: it needed more than ``max_memory``.

    The host caps each module's linear memory (``load(..., max_memory=1 <<
    30)``, 1 GiB as Fluvio's SPU); beyond it ``memory.grow`` fails and the
    module's allocator gives up with a trap. ``limit`` is the cap in bytes,
    ``memory_size`` the module's memory when it trapped, ``message`` and
    ``trap_code`` the trap itself; ``offset``, ``count``, ``frames`` as for
    :class:`SmartStreamTrap`. ``str(e)`` is e.g. ``map() ran out of memory:
    16 MiB of linear memory in use, the limit is 16 MiB (max_memory); then
    it trapped: wasm `unreachable` instruction executed (batch at offset 0,
    1 record; wasm backtrace: ssc_alloc <- map)``. The instance (and its
    memory) is discarded; the next call runs in a fresh one.
    """

    limit: int
    memory_size: int

    def __init__(
        self,
        function: str,
        limit: int,
        memory_size: int,
        message: str = "",
        trap_code: str | None = None,
        detail: str = "",
        frames: tuple[str, ...] | list[str] = (),
        kind: Kind | None = None,
        offset: int | None = None,
        count: int | None = None,
    ) -> None:
        self.limit = limit
        self.memory_size = memory_size
        super().__init__(function, message, trap_code, detail, frames, kind, offset, count)

    def _headline(self) -> str:
        text = (
            f"{self.function}() ran out of memory: {format_bytes(self.memory_size)} of linear "
            f"memory in use, the limit is {format_bytes(self.limit)} (max_memory)"
        )
        if not self.message:
            return text
        return f"{text}; then it trapped: {self.message}" if self.trap_code else f"{text}; {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.function, self.limit, self.memory_size, self.message, self.trap_code,
             self.detail, self.frames, self.kind, self.offset, self.count),
            _chain_state(self),
        )


class SmartStreamProtocolError(SmartStreamError):
    """The module broke the calling convention (spec §2 "Host call sequence", §3).

    For example: it returned without calling ``copy_records``, ``alloc``
    returned a region outside linear memory, or its output does not decode
    as a ``SmartStreamOutput``. These are bugs in the module, not in the
    user's records.
    """


class ModuleLoadError(SmartStreamError):
    """The file or bytes are not a WebAssembly module this host can run.

    The message names the module and says what is wrong and what a legacy
    SmartStream or a current SmartModule must look like (spec §2 and §3
    "Module shape"), e.g.
    ``filter.wasm: missing export 'alloc': (i32) -> (i32)``.
    """
