"""Stage 5: the program's wasm32 object + the guest runtime's -> a SmartStream ``.wasm`` module, with wasm-ld.

``link(obj, exports)`` runs ``wasm-ld`` (zig's, from the PyPI ``ziglang``
package, or the one named by ``$SSC_WASM_LD``) on the program's object and
the guest runtime's (``guestlib.guest_object``) with ``--no-entry
--gc-sections`` (so only the runtime code the program reaches stays) and
one ``--export`` per ABI export, and returns the module's bytes. The stack
sits below the data (``--stack-first``) so an overflow traps instead of
corrupting data; the linker defines ``__heap_base`` for the allocator.
``--strip-all`` drops the names and producers sections, unless ``names``
keeps the name section (``ssc compile -g``: 4-8% more bytes, and function
names in a trap's backtrace); ``compile`` then appends one custom section
of its own, ``ssc`` (``append_custom_section``). ``--fatal-warnings`` makes
a warning an error: wasm-ld warns of a call whose signature differs from
the function's ("function signature mismatch"), which would otherwise link
into a module that traps at run time.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from .errors import CompileError
from .guestlib import guest_object, zig_command
from .pyversion import PythonVersion

#: Bytes of shadow stack (the linker's default is 64 KiB too; said once here).
STACK_SIZE = 1 << 20   # 1 MiB: room for CPython's 1000 nested calls (semantics.RECURSION_LIMIT)
WASM_LD_ENV = "SSC_WASM_LD"


def wasm_ld_command() -> list[str]:
    """The command that runs wasm-ld: ``$SSC_WASM_LD`` or ziglang's."""
    custom = os.environ.get(WASM_LD_ENV)
    if custom:
        return shlex.split(custom)
    return [*zig_command(), "wasm-ld"]


def link(obj: bytes, exports: tuple[str, ...], *, names: bool = False, python: PythonVersion | None = None) -> bytes:
    """Link the program's object with the guest runtime for the target ``python`` (default: the
    running interpreter's version) into a wasm module exporting ``exports`` (and ``memory``);
    with ``names``, keep the name section (function names for backtraces)."""
    runtime = guest_object(python)
    with tempfile.TemporaryDirectory(prefix="ssc-link-") as tmp:
        obj_path = Path(tmp) / "module.o"
        out_path = Path(tmp) / "module.wasm"
        obj_path.write_bytes(obj)
        cmd = [*wasm_ld_command(), "--no-entry", "--gc-sections", "--stack-first", "--fatal-warnings",
               "-z", f"stack-size={STACK_SIZE}", *(f"--export={name}" for name in exports),
               "--strip-debug" if names else "--strip-all", str(obj_path), str(runtime), "-o", str(out_path)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as err:
            raise CompileError(f"cannot run wasm-ld ({' '.join(cmd[:3])}): {err}; set ${WASM_LD_ENV}", None) from None
        if done.returncode != 0:
            raise CompileError(f"wasm-ld failed:\n{done.stderr.strip()}", None)
        return out_path.read_bytes()


def append_custom_section(wasm: bytes, name: str, payload: bytes) -> bytes:
    """``wasm`` with a custom section (id 0, §5.5.3 of the wasm spec) added at its end.

    Custom sections may sit anywhere after the header and hosts ignore them,
    so appending one leaves the module's meaning unchanged.
    """
    assert wasm[:4] == b"\0asm", "not a wasm module"
    encoded_name = name.encode("utf-8")
    body = _uleb128(len(encoded_name)) + encoded_name + payload
    return wasm + b"\x00" + _uleb128(len(body)) + body


def _uleb128(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
