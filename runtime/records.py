"""Records and errors as the host hands them to Python code.

Pure Python, no wasmtime: the ``smartstream`` DSL module re-exports
:class:`Record` and passes it to user functions under plain CPython, so
importing this module must stay cheap.

A :class:`Record` is what a user sees: absolute ``offset`` and
``timestamp``. The wire form with deltas (spec §1 "Record") lives in
:mod:`ssc.runtime.codec`; :mod:`ssc.runtime.module` converts between them.

The error family::

    SmartStreamError
    ├── SmartStreamRuntimeError   in-band user error in the output (§2)
    ├── SmartStreamInternalError  negative entry return value (§2)
    ├── SmartStreamTrap           the wasm code trapped
    ├── SmartStreamProtocolError  the module broke the L0 calling convention
    └── ModuleLoadError           not a usable L0 SmartStream module
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ssc.abi import InternalError, Kind


@dataclass(frozen=True, slots=True)
class Record:
    """One record: optional key, value, absolute offset and timestamp (ms).

    In: positional ``key, value`` (``Record(b"k", b"v")``), keywords for the
    rest. Out of a module run, ``offset = base_offset + offset_delta`` and
    ``timestamp = timestamp_delta`` (L0 has no base timestamp, spec §2).

    >>> Record(None, b"abc", offset=5)
    Record(key=None, value=b'abc', offset=5, timestamp=0)
    """

    key: bytes | None = None
    value: bytes = b""
    offset: int = 0
    timestamp: int = 0


class SmartStreamError(Exception):
    """Base of every error the host runtime raises."""


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


class SmartStreamInternalError(SmartStreamError):
    """The entry function returned a negative status (spec §2, step 5).

    In: the raw i32 ``code``. Out: ``str(e)`` names it, e.g.
    ``module returned DecodingRecords (-22): the module could not decode ...``;
    codes the ABI does not know are reported as ``UnknownError (code)``.
    """

    code: int

    def __init__(self, code: int) -> None:
        meaning = _INTERNAL_ERROR_MEANING.get(code, _INTERNAL_ERROR_MEANING[-1])
        super().__init__(f"module returned {InternalError.describe(code)}: {meaning}")
        self.code = code

    @property
    def error(self) -> InternalError:
        """The code as an :class:`~ssc.abi.InternalError` (unknown -> UNKNOWN_ERROR)."""
        try:
            return InternalError(self.code)
        except ValueError:
            return InternalError.UNKNOWN_ERROR

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code,))


class SmartStreamTrap(SmartStreamError):
    """The module's wasm code trapped (``unreachable``, out-of-bounds, ...).

    In: the ``function`` that was running (``"filter"``, ``"alloc"``), the
    short trap ``message`` and wasmtime's full text with the wasm backtrace
    in ``detail``. Out: ``str(e)`` is e.g.
    ``filter() trapped: wasm `unreachable` instruction executed``.
    """

    function: str
    message: str
    trap_code: str | None
    detail: str

    def __init__(
        self, function: str, message: str, trap_code: str | None = None, detail: str = ""
    ) -> None:
        super().__init__(f"{function}() trapped: {message}")
        self.function = function
        self.message = message
        self.trap_code = trap_code
        self.detail = detail or message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.function, self.message, self.trap_code, self.detail))


class SmartStreamProtocolError(SmartStreamError):
    """The module broke the L0 calling convention (spec §2 "Host call sequence").

    For example: it returned without calling ``copy_records``, ``alloc``
    returned a region outside linear memory, or its output does not decode
    as a ``SmartStreamOutput``. These are bugs in the module, not in the
    user's records.
    """


class ModuleLoadError(SmartStreamError):
    """The file or bytes are not a WebAssembly module the L0 host can run.

    The message names the module and says what is wrong and what an L0
    SmartStream must look like (spec §2 "Module shape"), e.g.
    ``filter.wasm: missing export 'alloc': (i32) -> (i32)``.
    """
