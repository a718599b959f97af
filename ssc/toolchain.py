"""The native toolchain ssc runs: the zig of the PyPI ``ziglang`` package, and LLVM's library.

Shared by the compiler (``compiler/guestlib.py`` builds the guest runtime,
``compiler/link.py`` links modules) and the host (``runtime/native.py``
builds the native batch codec). Light on purpose: the host imports it
without the compiler, and the CLI before it (:func:`preload_llvm`).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from pathlib import Path

__all__ = ["preload_llvm", "zig_command", "zig_environment", "zig_version"]


def zig_command() -> list[str]:
    """The zig executable of the PyPI ``ziglang`` package, run directly: going
    through ``python -m ziglang`` would add a Python start-up to every link."""
    spec = importlib.util.find_spec("ziglang")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            for name in ("zig", "zig.exe"):
                candidate = Path(folder) / name
                if candidate.is_file():
                    return [str(candidate)]
    return [sys.executable, "-m", "ziglang"]


def zig_environment(scratch: Path) -> dict[str, str]:
    """The environment for a zig command: its build cache in ``scratch`` (removed by the
    caller), so that nothing accumulates in ``~/.cache/zig``."""
    return {**os.environ, "ZIG_GLOBAL_CACHE_DIR": str(scratch / "zig-cache"),
            "ZIG_LOCAL_CACHE_DIR": str(scratch / "zig-cache")}


def zig_version() -> str:
    """What identifies the zig in use: its executable's real path, size and time
    (a stat, where ``importlib.metadata`` would scan site-packages)."""
    command = [os.path.realpath(part) if os.path.isfile(part) else part for part in zig_command()]
    try:
        info = os.stat(command[0]) if len(command) == 1 else None
    except OSError:
        info = None
    return f"{command} {info.st_size} {info.st_mtime_ns}" if info else " ".join(command)


def preload_llvm() -> None:
    """Start loading llvmlite's LLVM library (about 180 MB) on a thread, and return at once.

    Mapping and relocating it takes tens of milliseconds, with the GIL
    released, which ``ssc compile`` would otherwise wait for when the
    compiler imports ``llvmlite.binding``. Started first, it overlaps the
    front end's imports and the parse; llvmlite's own load of the same file
    then finds it loaded. Only the library is opened here (no Python module
    is imported on the thread, so no import lock is shared); if it is not
    where llvmlite keeps it, nothing happens.
    """
    spec = importlib.util.find_spec("llvmlite")
    if spec is None or not spec.submodule_search_locations:
        return
    names = {"win32": "llvmlite.dll", "darwin": "libllvmlite.dylib"}
    for folder in spec.submodule_search_locations:
        library = Path(folder) / "binding" / names.get(sys.platform, "libllvmlite.so")
        if library.is_file():
            threading.Thread(target=_open_library, args=(str(library),), name="ssc-preload-llvm",
                             daemon=True).start()
            return


def _open_library(path: str) -> None:
    import ctypes

    try:
        ctypes.CDLL(path)
    except OSError:
        pass            # llvmlite's own load will say what is wrong
