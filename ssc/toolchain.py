"""The C toolchain ssc runs: the zig of the PyPI ``ziglang`` package.

Shared by the compiler (``compiler/guestlib.py`` builds the guest runtime,
``compiler/link.py`` links modules) and the host (``runtime/native.py``
builds the native batch codec). Light on purpose: the host imports it
without the compiler.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

__all__ = ["zig_command", "zig_environment", "zig_version"]


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
