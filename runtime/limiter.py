"""A refused ``memory.grow`` traps, as Fluvio's engine makes it (its store limiter).

Fluvio's engine gives each store a ``ResourceLimiter``
(crates/fluvio-smartengine, engine/wasmtime/limiter.rs) whose
``memory_growing`` returns an *error* for any grow it refuses, past the
store's cap or past the memory's own maximum; wasmtime turns that error
into a trap, so the module stops at the ``memory.grow``. wasmtime's C API
(and so wasmtime-py) has only the plain store limits, under which a refused
grow returns -1 and the module carries on. To behave as Fluvio does, the
host rewrites each module once, at load: every ``memory.grow M`` becomes a
call to a function appended to the module::

    (func $grow_checked_M (param $pages i32) (result i32)  ;; i64 for a 64-bit memory
      (local $old i32)
      (local.tee $old (memory.grow M (local.get $pages)))
      (if (i32.eq (i32.const -1)) (then (unreachable)))
      (local.get $old))

A trap whose innermost frame is one of these functions is the limit, and
the host reports it as :class:`~ssc.runtime.SmartStreamMemoryError` (and
leaves the function out of the backtrace it shows). Nothing else changes:
the new type, function and code entries go at the end of their index
spaces, so every existing index (calls, exports, elements, the name
section) stays valid; only the code section is re-encoded.

``limit_memory_growth(wasm) -> Limited``. The reader here finds instruction
boundaries with the opcode tables of :mod:`ssc.runtime.wasm_file` (§5.4).
Anything it does not understand (a GC type section, a malformed body)
leaves the module as it was, with ``checked`` empty; wasmtime then reports
what is wrong with it, or refuses its features as Fluvio's engine does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ssc.runtime import wasm_file as wf
from ssc.sections import uleb128
from ssc.runtime.codec import _leb128 as _encode_leb

__all__ = ["Limited", "limit_memory_growth"]

#: §5.5.2 section ids used here.
_TYPE, _IMPORT, _FUNCTION, _MEMORY, _EXPORT, _CODE = 1, 2, 3, 5, 7, 10
#: §5.3.6 function type; §5.3.1 i32/i64; §5.4 opcodes of the helper body.
_FUNC, _I32, _I64 = 0x60, 0x7F, 0x7E
_MEMORY_GROW, _CALL = 0x40, 0x10


@dataclass(frozen=True)
class Limited:
    """A module with every ``memory.grow`` checked, and what the host needs when it traps.

    ``wasm``: the bytes to run; ``checked``: the indices of the appended
    check functions (a trap in one is a refused grow); ``export_names``:
    function index -> export name, to name the frames of a module without
    a name section.
    """

    wasm: bytes
    checked: frozenset[int] = frozenset()
    export_names: dict[int, str] = field(default_factory=dict)

    def frame_name(self, func_name: str | None, func_index: int) -> str:
        """A backtrace frame's name: its own, else its export's, else ``<wasm function N>``."""
        if func_name:
            return func_name
        exported = self.export_names.get(func_index)
        return exported if exported is not None else f"<wasm function {func_index}>"


class _Unsupported(Exception):
    """The module has something this reader does not rewrite."""


def limit_memory_growth(wasm: bytes) -> Limited:
    """``wasm`` with a trap at every refused ``memory.grow`` (see the module docstring)."""
    try:
        sections = _sections(wasm)
        layout = _Layout.read(wasm, sections)
        return _rewrite(wasm, sections, layout)
    except (_Unsupported, wf.WasmFormatError, IndexError, ValueError):
        return Limited(wasm)


# ---- reading -----------------------------------------------------------------------


#: An unsigned LEB128 at a position: (value, position after it); ValueError if overlong.
_leb = uleb128


def _sections(wasm: bytes) -> list[tuple[int, int, int, int]]:
    """(id, header start, payload start, payload end) of every section, in file order."""
    if wasm[:4] != wf.MAGIC:
        raise _Unsupported("not wasm")
    out = []
    pos = 8
    while pos < len(wasm):
        section_id = wasm[pos]
        size, start = _leb(wasm, pos + 1)
        if start + size > len(wasm):
            raise _Unsupported("truncated section")
        out.append((section_id, pos, start, start + size))
        pos = start + size
    return out


@dataclass
class _Layout:
    """What the rewrite needs from the sections other than the code."""

    type_count: int = 0
    imported_functions: int = 0
    defined_functions: int = 0
    memory_is64: list[bool] = field(default_factory=list)
    export_names: dict[int, str] = field(default_factory=dict)

    @classmethod
    def read(cls, wasm: bytes, sections: list[tuple[int, int, int, int]]) -> _Layout:
        layout = cls()
        for section_id, _, start, end in sections:
            r = wf._Reader(wasm, start, end, "section")
            if section_id == _TYPE:
                layout.type_count = _count_func_types(r)
            elif section_id == _IMPORT:
                layout._read_imports(r)
            elif section_id == _FUNCTION:
                layout.defined_functions = r.u32()
            elif section_id == _MEMORY:
                for _ in range(r.u32()):
                    layout.memory_is64.append(_read_memory_is64(r))
            elif section_id == _EXPORT:
                layout._read_exports(r)
        return layout

    def _read_imports(self, r: wf._Reader) -> None:
        for _ in range(r.u32()):
            r.name()
            r.name()
            kind = r.byte()
            if kind == 0x00:
                r.u32()
                self.imported_functions += 1
            elif kind == 0x02:
                self.memory_is64.append(_read_memory_is64(r))
            else:
                # a table, global or tag type: the full reader knows them all
                features = wf._Features()
                if kind == 0x01:
                    wf._read_table_type(r, features)
                elif kind == 0x03:
                    wf._read_global_type(r, features)
                elif kind == 0x04:
                    r.byte()
                    r.u32()
                else:
                    raise _Unsupported(f"import kind {kind}")

    def _read_exports(self, r: wf._Reader) -> None:
        for _ in range(r.u32()):
            name = r.name()
            kind = r.byte()
            index = r.u32()
            if kind == 0x00:
                self.export_names.setdefault(index, name)


def _count_func_types(r: wf._Reader) -> int:
    """The number of types, all of which must be plain function types (no GC rec groups)."""
    count = r.u32()
    features = wf._Features()
    for _ in range(count):
        if r.byte() != _FUNC:
            raise _Unsupported("a type that is not a function type")
        for _ in range(2):                      # params, results
            for _ in range(r.u32()):
                wf._read_valtype(r, features, "a function type")
    return count


def _read_memory_is64(r: wf._Reader) -> bool:
    return wf._read_limits(r, wf._Features(), "memory").is64


# ---- finding memory.grow ---------------------------------------------------------

#: How to step over the immediates of a one-byte opcode: 0 none, 1 one LEB128,
#: 2 two, 3 a memarg, 4 a block type, 5 a br_table, 6 f32, 7 f64, 8 memory.grow,
#: 9 a prefixed opcode; anything else the full reader of wasm_file.
_STEPS: dict[tuple[wf._Imm, ...], int] = {
    (): 0, (wf._Imm.INDEX,): 1, (wf._Imm.I32,): 1, (wf._Imm.I64,): 1, (wf._Imm.MEMORY,): 1,
    (wf._Imm.INDEX, wf._Imm.TABLE): 2, (wf._Imm.INDEX, wf._Imm.INDEX): 2, (wf._Imm.MEMARG,): 3,
    (wf._Imm.BLOCK_TYPE,): 4, (wf._Imm.BR_TABLE,): 5, (wf._Imm.F32,): 6, (wf._Imm.F64,): 7,
}
_STEP = [_STEPS.get(op.imms, 10) if op is not None else -1
         for op in (wf._OPCODES.get(code) for code in range(256))]
_STEP[_MEMORY_GROW] = 8
for _prefix in wf._PREFIXED:
    _STEP[_prefix] = 9
#: Block types of one byte: the empty type (0x40) and the value types.
_ONE_BYTE_BLOCK_TYPES = frozenset({wf.EMPTY_BLOCK_TYPE, *wf.VALTYPE_NAMES})


def _grows(wasm: bytes, pos: int, end: int) -> list[tuple[int, int, int, int]]:
    """(start, end, memory index) of every ``memory.grow`` in the instructions of [pos, end)."""
    found = []
    step = _STEP
    data = wasm
    while pos < end:
        op = data[pos]
        kind = step[op]
        pos += 1
        if kind == 0:
            continue
        if kind == 1:
            while data[pos] & 0x80:
                pos += 1
            pos += 1
        elif kind == 8:
            memory, after = _leb(data, pos)
            found.append((pos - 1, after, memory))
            pos = after
        elif kind in (2, 3):
            pos = _skip_pair(data, pos, kind == 3)
        elif kind == 4:
            pos = pos + 1 if data[pos] in _ONE_BYTE_BLOCK_TYPES else _full_step(data, pos - 1, end)
        elif kind == 6 or kind == 7:
            pos += 4 if kind == 6 else 8
        else:
            pos = _full_step(data, pos - 1, end)
    if pos != end:
        raise _Unsupported("instructions overrun their body")
    return found


def _skip_pair(data: bytes, pos: int, memarg: bool) -> int:
    """Step over two LEB128s (a memarg: three when its flags name a memory)."""
    flags, pos = _leb(data, pos)
    if memarg and flags & wf.MEMARG_HAS_MEMORY:
        pos = _leb(data, pos)[1]
    return _leb(data, pos)[1]


def _full_step(data: bytes, start: int, end: int) -> int:
    """Step over the instruction at ``start`` with wasm_file's full decoder."""
    r = wf._Reader(data, start, end, "function body")
    code = r.byte()
    table = wf._PREFIXED.get(code)
    op = table.get(r.u32()) if table is not None else wf._OPCODES.get(code)
    if op is None:
        raise _Unsupported("unknown opcode")
    features = wf._Features()
    for imm in op.imms:
        wf._read_immediate(r, imm, features, start, op.name)
    return r.pos


def _body_code_start(wasm: bytes, pos: int) -> int:
    """Where a body's instructions start: after its local declarations (§5.5.13)."""
    r = wf._Reader(wasm, pos, len(wasm), "function body")
    features = wf._Features()
    for _ in range(r.u32()):
        r.u32()
        wf._read_valtype(r, features, "a local declaration")
    return r.pos


# ---- rewriting --------------------------------------------------------------------


def _rewrite(wasm: bytes, sections: list[tuple[int, int, int, int]], layout: _Layout) -> Limited:
    """Replace each ``memory.grow M`` by a call to the check function of M."""
    code = next(((start, end) for section_id, _, start, end in sections if section_id == _CODE), None)
    if code is None:
        return Limited(wasm, export_names=layout.export_names)
    bodies, grows = _code_bodies(wasm, *code)
    if not any(grows):
        return Limited(wasm, export_names=layout.export_names)
    memories = sorted({memory for found in grows for _, _, memory in found})
    first = layout.imported_functions + layout.defined_functions
    helper = {memory: first + i for i, memory in enumerate(memories)}
    new_bodies = [_patched(wasm, body, found, helper) for body, found in zip(bodies, grows)]
    types = [_I64 if layout.memory_is64[m] else _I32 for m in memories]
    new_bodies += [_check_body(memory, valtype) for memory, valtype in zip(memories, types)]
    # one new function type per index type: (i32) -> (i32) and/or (i64) -> (i64)
    valtypes = sorted(set(types), reverse=True)
    type_index = {valtype: layout.type_count + i for i, valtype in enumerate(valtypes)}
    replaced = {
        _TYPE: _vector_append(wasm, sections, _TYPE, [bytes((_FUNC, 1, v, 1, v)) for v in valtypes]),
        _FUNCTION: _vector_append(wasm, sections, _FUNCTION, [_encode_leb(type_index[v]) for v in types]),
        _CODE: _encode_leb(len(new_bodies)) + b"".join(_encode_leb(len(b)) + b for b in new_bodies),
    }
    return Limited(_assemble(wasm, sections, replaced), frozenset(helper.values()), layout.export_names)


def _code_bodies(wasm: bytes, start: int, end: int) -> tuple[list[tuple[int, int]], list[list]]:
    """Each body's (start, end) and the memory.grows in it."""
    count, pos = _leb(wasm, start)
    bodies, grows = [], []
    for _ in range(count):
        size, body = _leb(wasm, pos)
        pos = body + size
        if pos > end:
            raise _Unsupported("a body overruns the code section")
        bodies.append((body, pos))
        # the final byte is the body's `end`; _grows walks everything before it
        grows.append(_grows(wasm, _body_code_start(wasm, body), pos - 1) if size else [])
    return bodies, grows


def _patched(wasm: bytes, body: tuple[int, int], found: list, helper: dict[int, int]) -> bytes:
    start, end = body
    out = bytearray()
    pos = start
    for grow_start, grow_end, memory in found:
        out += wasm[pos:grow_start]
        out.append(_CALL)
        out += _encode_leb(helper[memory])
        pos = grow_end
    out += wasm[pos:end]
    return bytes(out)


def _check_body(memory: int, valtype: int) -> bytes:
    """The check function's body for memory ``memory`` of index type ``valtype``."""
    const, eq = (0x42, 0x51) if valtype == _I64 else (0x41, 0x46)
    return bytes((
        0x01, 0x01, valtype,                       # one local: $old
        0x20, 0x00,                                # local.get $pages
        _MEMORY_GROW, *_encode_leb(memory),        # memory.grow M
        0x22, 0x01,                                # local.tee $old
        const, 0x7F,                               # i32/i64.const -1
        eq,                                        # i32/i64.eq
        0x04, wf.EMPTY_BLOCK_TYPE, 0x00, 0x0B,     # if unreachable end
        0x20, 0x01,                                # local.get $old
        0x0B,                                      # end
    ))


def _vector_append(wasm: bytes, sections: list[tuple[int, int, int, int]], section_id: int,
                   items: list[bytes]) -> bytes:
    """A vector section's payload with ``items`` added at the end.

    (Both the type and the function section exist in any module with code.)
    """
    where = next(((start, end) for sid, _, start, end in sections if sid == section_id), None)
    if where is None:
        raise _Unsupported(f"code without section {section_id}")
    count, pos = _leb(wasm, where[0])
    return _encode_leb(count + len(items)) + wasm[pos:where[1]] + b"".join(items)


def _assemble(wasm: bytes, sections: list[tuple[int, int, int, int]], replaced: dict[int, bytes]) -> bytes:
    """The module with the payloads of the sections in ``replaced`` replaced."""
    out = bytearray(wasm[:8])
    for section_id, header, start, end in sections:
        payload = replaced.get(section_id) if section_id != 0 else None
        if payload is None:
            out += wasm[header:end]
        else:
            out += bytes((section_id,)) + _encode_leb(len(payload)) + payload
    return bytes(out)
