"""Build and run the guest str/bytes code (compiler/guest/strings.c) on its own.

``build(workdir)`` compiles strings_harness.c (which includes text.c,
strings.c and containers.c, as runtime.c does) with the stub core into a
wasm32 MVP module (see harness.py). ``StringsGuest`` loads it under wasmtime
and runs batches of calls (see strings_harness.c for the byte layout).

Example::

    guest = StringsGuest(build(tmp_dir))
    guest.run([("str_split", ("a b", None, -1)), ("str_chr", (-1,))])
    # [("ok", [b"a", b"b"]), ("exc", "ValueError", "chr() arg not in range(0x110000)")]

Results are raw: str and bytes results come back as bytes (UTF-8 for str),
lists as lists of bytes, 3-tuples as tuples of bytes, bools as bool.
"""

from __future__ import annotations

import struct
from pathlib import Path

from . import harness

SOURCES = [harness.HERE / "strings_harness.c"]


class IntList(list):
    """A list[int] argument (a plain list is a list[str] / list[bytes])."""


def build(workdir: Path, opt: str = "-O2") -> Path:
    """Compile the harness into workdir/strings_harness.wasm and return its path."""
    return harness.build(workdir, SOURCES, opt)


def _text(value: str | bytes) -> bytes:
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)


def _encode_arg(value: object) -> bytes:
    if value is None:
        return b"N"
    if isinstance(value, bool | int):
        return b"I" + struct.pack("<q", int(value))
    if isinstance(value, str | bytes):
        data = _text(value)
        return b"S" + struct.pack("<I", len(data)) + data
    if isinstance(value, IntList):
        return b"K" + struct.pack("<I", len(value)) + b"".join(struct.pack("<q", v) for v in value)
    if isinstance(value, list | tuple):
        items = [_text(v) for v in value]
        return b"L" + struct.pack("<I", len(items)) + b"".join(struct.pack("<I", len(d)) + d for d in items)
    raise TypeError(f"cannot pass {value!r} to the harness")


class StringsGuest(harness.GuestModule):
    """The harness module instantiated in its own wasmtime store."""

    def __init__(self, wasm: Path) -> None:
        super().__init__(wasm)
        names = self.read(self.call("h_op_names"), self.call("h_op_names_len"))
        self.ops = {name: i for i, name in enumerate(names.decode().split())}

    def run(self, calls: list[tuple[str, tuple]]) -> list[tuple]:
        """Run each (op, args); results are ("ok", value) or ("exc", name, message)."""
        encoded = []
        for op, args in calls:
            body = b"".join(_encode_arg(a) for a in args)
            encoded.append(struct.pack("<II", self.ops[op], len(args)) + body)
        results: list[tuple] = []
        start = 0
        while start < len(encoded):
            size, end = 0, start
            while end < len(encoded) and (end == start or size + len(encoded[end]) < self.io_size // 2):
                size += len(encoded[end])
                end += 1
            payload = b"".join(encoded[start:end])
            assert len(payload) < self.io_size, "case too large for the harness"
            self.write_input(payload)
            done = self.call("h_run", end - start)
            assert done > 0
            raw = self.read_output(self.call("h_written"))
            results += self._decode(raw, done)
            start += done
        return results

    def _decode(self, raw: bytes, count: int) -> list[tuple]:
        out = []
        at = 0

        def text() -> bytes:
            nonlocal at
            (n,) = struct.unpack_from("<I", raw, at)
            at += 4 + n
            return raw[at - n:at]

        for _ in range(count):
            rc, code = struct.unpack_from("<ii", raw, at)
            tag = raw[at + 8:at + 9]
            at += 9
            if tag == b"E":
                out.append(("exc", self.codes[code], text().decode("utf-8")))
                assert rc == -1
                continue
            assert rc == 0, rc
            if tag == b"S":
                value = text()
            elif tag == b"I":
                (value,) = struct.unpack_from("<q", raw, at)
                at += 8
            elif tag == b"B":
                value = bool(raw[at])
                at += 1
            elif tag == b"T":
                value = (text(), text(), text())
            elif tag == b"L":
                (n,) = struct.unpack_from("<I", raw, at)
                at += 4
                value = [text() for _ in range(n)]
            else:
                raise AssertionError(tag)
            out.append(("ok", value))
        return out
