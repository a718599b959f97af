"""The ``ssc`` custom section: which ssc made a module, from which source.

Every module ``ssc compile`` writes ends with one custom section (§5.5.3 of
the WebAssembly spec; hosts ignore custom sections, so both Fluvio ABIs
load the module as before) named ``ssc``. Its payload is UTF-8 text, one
``key=value`` per line, in this order:

    ssc=0.1.0
    source-sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    abi=smartstream
    kind=filter
    state=none
    python=3.11

``source-sha256`` is the SHA-256 of the source text in UTF-8: the
``sha256sum`` of the ``.py`` file (without a leading byte-order mark,
which ssc does not read as text). ``abi`` is ``smartstream`` or
``smartmodule``; ``kind`` the transform's export name. ``state`` is
``none`` when the program has no module state (no variable that a function
declares ``global`` or changes in place), so that its batches are
independent of each other and the host may run them in several instances
at once (``ssc.runtime.instances``), else ``kept``; a section without it
(an older ssc) says nothing. ``python`` is the CPython version whose
behaviour the module follows (``ssc compile --python``; ``""`` in a section
of an older ssc). A reader ignores keys it does not know, so later versions
may add lines. The whole section is about 140 bytes.

This module is shared by the compiler (which writes the section) and
``ssc inspect`` (which reads it); it imports neither.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = ["SECTION_NAME", "Provenance", "find_provenance", "source_sha256"]

#: The custom section's name.
SECTION_NAME = "ssc"

_KEYS = ("ssc", "source-sha256", "abi", "kind", "state", "python")


def source_sha256(source: str) -> str:
    """The hex SHA-256 of source text, as ``sha256sum`` prints it for the file."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Provenance:
    """What the ``ssc`` section says: ssc's version, the source hash, ABI, kind, state and target Python.

    ``state`` (``python``) is ``""`` when the section has no ``state`` (``python``) line. ``extra``
    holds lines with keys this version does not know.
    """

    version: str
    source_sha256: str
    abi: str
    kind: str
    state: str = ""
    python: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def of(cls, source: str, abi: str, kind: str, state: str, python: str) -> Provenance:
        """The provenance of a module compiled now from ``source`` for Python ``python`` ("3.12")."""
        from . import __version__

        return cls(__version__, source_sha256(source), abi, kind, state, python)

    def encode(self) -> bytes:
        """The section payload: ``key=value`` lines, UTF-8."""
        pairs = [("ssc", self.version), ("source-sha256", self.source_sha256),
                 ("abi", self.abi), ("kind", self.kind), *([("state", self.state)] if self.state else []),
                 *([("python", self.python)] if self.python else []), *self.extra]
        return "".join(f"{key}={value}\n" for key, value in pairs).encode("utf-8")

    @classmethod
    def decode(cls, payload: bytes) -> Provenance:
        """Read a section payload; ``ValueError`` if it is not one ssc wrote."""
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the ssc section is not UTF-8 text") from None
        values: dict[str, str] = {}
        extra: list[tuple[str, str]] = []
        for line in text.splitlines():
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"the ssc section has a line without '=': {line!r}")
            if key in _KEYS:
                values.setdefault(key, value)
            else:
                extra.append((key, value))
        if "ssc" not in values:
            raise ValueError("the ssc section has no ssc= line")
        return cls(values["ssc"], values.get("source-sha256", ""), values.get("abi", ""),
                   values.get("kind", ""), values.get("state", ""), values.get("python", ""),
                   tuple(extra))


def find_provenance(wasm: bytes) -> Provenance | None:
    """The ``ssc`` section of a module's bytes, read; None if it has none (or not a readable one)."""
    from .sections import custom_section

    payload = custom_section(wasm, SECTION_NAME)
    if payload is None:
        return None
    try:
        return Provenance.decode(payload)
    except ValueError:
        return None
