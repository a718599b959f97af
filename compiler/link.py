"""Stage 5: a wasm32 object -> a SmartStream ``.wasm`` module, with wasm-ld.

``link(obj, exports)`` runs ``wasm-ld`` (from the PyPI ``ziglang`` package,
or the one named by ``$SSC_WASM_LD``) with ``--no-entry --gc-sections`` and
one ``--export`` per ABI export, and returns the module's bytes. The stack
sits below the data (``--stack-first``) so an overflow traps instead of
corrupting data; the linker defines ``__heap_base`` for the allocator.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import CompileError

#: Bytes of shadow stack (the linker's default is 64 KiB too; said once here).
STACK_SIZE = 64 * 1024
WASM_LD_ENV = "SSC_WASM_LD"


def wasm_ld_command() -> list[str]:
    """The command that runs wasm-ld: ``$SSC_WASM_LD`` or ziglang's."""
    custom = os.environ.get(WASM_LD_ENV)
    if custom:
        return shlex.split(custom)
    return [sys.executable, "-m", "ziglang", "wasm-ld"]


def link(obj: bytes, exports: tuple[str, ...], *, strip: bool = True) -> bytes:
    """Link one object into a wasm module exporting ``exports`` (and ``memory``)."""
    with tempfile.TemporaryDirectory(prefix="ssc-link-") as tmp:
        obj_path = Path(tmp) / "module.o"
        out_path = Path(tmp) / "module.wasm"
        obj_path.write_bytes(obj)
        cmd = [*wasm_ld_command(), "--no-entry", "--gc-sections", "--stack-first",
               "-z", f"stack-size={STACK_SIZE}", *(f"--export={name}" for name in exports),
               *(["--strip-all"] if strip else []), str(obj_path), "-o", str(out_path)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as err:
            raise CompileError(f"cannot run wasm-ld ({' '.join(cmd[:3])}): {err}; set ${WASM_LD_ENV}", None) from None
        if done.returncode != 0:
            raise CompileError(f"wasm-ld failed:\n{done.stderr.strip()}", None)
        return out_path.read_bytes()
