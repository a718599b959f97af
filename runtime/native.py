"""The native batch codec: ``runtime/_hostcodec.c``, built on first use and cached.

:func:`native_codec` returns the C extension module (``encode``,
``decode``, ``configure``; see the C file), or None when it cannot be had,
and then the host runs the pure-Python codec of ``ssc.runtime.batches``,
which gives the same results. It is built once per Python (the key below),
by the zig of the ``ziglang`` dependency, in about a second, and announced
on stderr as the guest runtime's build is.

**Why on first use and not at install time.** The same pure wheel then
serves every platform and Python (3.10 to 3.13), a checkout runs it
without an install, an editable install never runs a stale build after the
C file changes (the source is in the key), and a Python whose headers are
missing, or a platform zig cannot build for, still runs ssc, with the
pure-Python codec. The price is one build per Python, as the guest
runtime's, into the same owner-only cache.

**Cache.** ssc's private cache folder (``ssc.files``), as
``hostcodec-<key>-<sha>.so``: ``<key>`` hashes the C source, the build
command, zig's identity and this Python's ABI (its version, build and
extension suffix, and its ``pyconfig.h``); ``<sha>`` begins the SHA-256 of
the library itself, checked before it is loaded (a damaged or truncated
file is removed and rebuilt). The folder is owner-only and checked as the
other caches are, so no other user can plant a library there. Without a
usable cache folder the library is built into a private temporary folder
for this process.

``SSC_HOST_CODEC=python`` in the environment turns the native codec off
(the tests run both).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import sysconfig
import tempfile
import threading
from importlib import resources
from pathlib import Path
from types import ModuleType

from ssc.files import checked_entry, private_cache_dir, store_entry

__all__ = ["CODEC_ENV", "SOURCE", "native_codec"]

#: The environment variable that chooses the codec: ``python`` turns the native one off.
CODEC_ENV = "SSC_HOST_CODEC"
#: The C source, beside this file.
SOURCE = "_hostcodec.c"
#: The extension's module name (its init function is PyInit__hostcodec).
MODULE_NAME = "ssc.runtime._hostcodec"
#: Compiler flags: optimised, position-independent, no libc linked (the process has
#: one and Python's symbols), only PyInit exported; the source must compile warning-free.
CFLAGS = ("-O2", "-fPIC", "-shared", "-nostdlib", "-fvisibility=hidden", "-fno-strict-aliasing",
          "-std=c11", "-Wall", "-Werror")

_lock = threading.Lock()
_loaded: list[ModuleType | None] = []
_REPORTED: list[str] = []


def native_codec() -> ModuleType | None:
    """The native codec module, loaded (and built, the first time) once per process; or None."""
    if os.environ.get(CODEC_ENV, "").lower() == "python":
        return None
    with _lock:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def _load() -> ModuleType | None:
    try:
        command = _command()
    except _Unavailable as why:
        _say(f"ssc: note: the native host codec is not available ({why}); "
             f"using the pure-Python codec")
        return None
    source = resources.files("ssc.runtime").joinpath(SOURCE).read_bytes()
    key = hashlib.sha256(source)
    key.update(" ".join(command).encode())
    key.update(_python_identity().encode())
    stem = f"hostcodec-{key.hexdigest()[:24]}"
    folder = private_cache_dir()
    path = checked_entry(folder, stem, _suffix()) if folder is not None else None
    if path is None:
        _say(f"ssc: building the native host codec (C, with zig's clang; once per Python, about a "
             f"second) into {folder if folder is not None else 'a temporary folder'}")
        try:
            library = _build(source, command)
        except _Unavailable as why:
            _say(f"ssc: note: could not build the native host codec ({why}); using the pure-Python codec")
            return None
        path = store_entry(folder, stem, _suffix(), library)
    try:
        return _import(path)
    except (ImportError, OSError) as err:
        _say(f"ssc: note: could not load the native host codec ({err}); using the pure-Python codec")
        return None


class _Unavailable(Exception):
    """The native codec cannot be built here; the message says why."""


def _command() -> list[str]:
    """The zig cc command, less its input and output; _Unavailable if it cannot work here."""
    if sys.platform == "win32":
        raise _Unavailable("building it on Windows is not supported")
    include = sysconfig.get_path("include")
    if not include or not os.path.isfile(os.path.join(include, "Python.h")):
        raise _Unavailable(f"this Python's C headers are missing (no Python.h in {include})")
    from ssc.toolchain import zig_command

    extra = ["-Wl,-undefined,dynamic_lookup"] if sys.platform == "darwin" else []
    return [*zig_command(), "cc", *CFLAGS, *extra, f"-I{include}"]


def _python_identity() -> str:
    """What an extension built for this Python depends on: version, build, ABI, headers."""
    pyconfig = Path(sysconfig.get_path("include")) / "pyconfig.h"
    try:
        config = hashlib.sha256(pyconfig.read_bytes()).hexdigest()
    except OSError:
        config = "no pyconfig.h"
    from ssc.toolchain import zig_version

    return "\n".join((sys.version, sys.implementation.cache_tag or "", _suffix(), config, zig_version()))


def _suffix() -> str:
    return sysconfig.get_config_var("EXT_SUFFIX") or importlib.machinery.EXTENSION_SUFFIXES[0]


def _build(source: bytes, command: list[str]) -> bytes:
    from ssc.toolchain import zig_environment

    with tempfile.TemporaryDirectory(prefix="ssc-hostcodec-") as tmp:
        folder = Path(tmp)
        (folder / SOURCE).write_bytes(source)
        out = folder / f"hostcodec{_suffix()}"
        try:
            done = subprocess.run([*command, str(folder / SOURCE), "-o", str(out)], capture_output=True,
                                  text=True, cwd=folder, env=zig_environment(folder), timeout=300)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise _Unavailable(f"cannot run zig: {err}") from None
        if done.returncode != 0 or not out.exists():
            raise _Unavailable(f"zig cc failed: {done.stderr.strip()[:2000]}")
        return out.read_bytes()


def _import(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _say(message: str) -> None:
    """One line on stderr, once per process."""
    if message not in _REPORTED:
        _REPORTED.append(message)
        print(message, file=sys.stderr, flush=True)
