"""A module's sections, read without parsing the module (§5.5.2 of the WebAssembly spec).

For the callers that need one section of a module they did not parse: the
host (``ssc.provenance.find_provenance``: the ``ssc`` custom section) and
``ssc compile``'s output line (the export names), where importing the full
reader of ``ssc.runtime.wasm_file`` would cost more than the rest of the
line. Each section is ``id`` (a byte), its LEB128 size, its payload; a
custom section's payload starts with its LEB128-prefixed name.

>>> [name for name, _ in exports(bytes.fromhex("0061736d01000000 0705 01 016d 0200"))]
['m']
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["custom_section", "exports", "sections"]

#: §5.5.2 section ids used here.
CUSTOM, EXPORT = 0, 7
#: §5.4.1 export kinds: function, table, memory, global (and tag).
EXPORT_KINDS = {0: "func", 1: "table", 2: "memory", 3: "global", 4: "tag"}


def sections(wasm: bytes) -> Iterator[tuple[int, int, int]]:
    """(id, payload start, payload end) of each section, in file order; stops at one cut short.

    Raises IndexError for a size that is itself cut short.
    """
    pos = 8
    while pos < len(wasm):
        section_id = wasm[pos]
        size, start = uleb128(wasm, pos + 1)
        end = start + size
        if end > len(wasm):
            return
        yield section_id, start, end
        pos = end


def custom_section(wasm: bytes, name: str) -> bytes | None:
    """The payload (after the name) of the first custom section called ``name``, or None."""
    wanted = name.encode("utf-8")
    try:
        for section_id, start, end in sections(wasm):
            if section_id == CUSTOM:
                size, at = uleb128(wasm, start)
                if wasm[at:at + size] == wanted:
                    return wasm[at + size:end]
    except (IndexError, ValueError):
        pass
    return None


def exports(wasm: bytes) -> list[tuple[str, str]]:
    """(name, kind) of each export, in the export section's order; [] if unreadable."""
    out: list[tuple[str, str]] = []
    try:
        for section_id, start, _ in sections(wasm):
            if section_id != EXPORT:
                continue
            count, pos = uleb128(wasm, start)
            for _ in range(count):
                size, pos = uleb128(wasm, pos)
                name = wasm[pos:pos + size].decode("utf-8")
                kind = EXPORT_KINDS.get(wasm[pos + size], "?")
                _, pos = uleb128(wasm, pos + size + 1)
                out.append((name, kind))
    except (IndexError, ValueError):      # UnicodeDecodeError is a ValueError
        return []
    return out


def uleb128(data: bytes, pos: int) -> tuple[int, int]:
    """An unsigned LEB128 of at most 64 bits at ``pos``: (value, position after it);
    IndexError if cut short, ValueError if longer (§5.2.2)."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError(f"LEB128 at byte {pos - 10}: longer than 10 bytes")
