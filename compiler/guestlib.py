"""The guest runtime library: C sources -> a wasm32 object, built once and cached.

``guest_object()`` returns the relocatable wasm object of ``guest/runtime.c``
(which includes the other guest files) compiled by zig's clang for wasm32
with the MVP CPU, one section per function and per datum. ``link`` puts it
beside the user's object and wasm-ld's ``--gc-sections`` keeps only what the
program reaches, as a C compiler's libc.a. Compiling the runtime once, not
with every program, is what keeps a compile in the tens of milliseconds.

What Python owns is written into a generated header, ``ssc_gen.h``: the ABI
codes and kind tags (``ssc.abi``), exception codes and names
(``semantics``), the layouts of the structs lowered code shares with the C
files and the function types of the entry adapters (``guest_abi``), and a
prototype of every guest function lowered code calls: those of
``guest_abi.FUNCTIONS_C``, and one for each runtime row of ``semantics``,
made by the lowering's flattening rules (``lower/reprs.py``). Every guest
file includes it and the runtime is built with ``-Werror``, so a row or a
declaration that does not match its C function fails here, when ssc's
runtime is built, not in a user's module. The header also defines
``SSC_PYTHON``, the target Python version (``pyversion``: 313 for 3.13),
which selects the behaviour that differs between CPython versions
(``#if SSC_PYTHON >= 313``); the object is built once per target. The
Unicode tables go into ``ssc_unicode.h``, from the target's Unicode
database: this interpreter's ``unicodedata`` when it is the target's, else
the output of ``unicode_tables.py`` run by an interpreter of the target
version (``pythonX.Y`` on PATH, or under pyenv). The cache key hashes the
sources, the generated header, the table generator with the target's
Unicode version, the flags and the zig version, so any change rebuilds.

Cache: ssc's private cache folder (``ssc.files``: ``$SSC_CACHE_DIR``, else
``$XDG_CACHE_HOME/ssc``, else ``~/.cache/ssc``), as ``guest-<key>-<sha>.o``
where ``<sha>`` begins the SHA-256 of the object itself: a read checks it,
and a truncated or damaged object is removed and rebuilt. Without a usable
cache folder (read-only, a file, another user's) the object is built into
a private temporary folder for this process. The build announces itself
with one line on stderr, and zig's own build cache lives in a temporary
folder that is removed after it (not in ``~/.cache/zig``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Iterable

from .. import abi
from ..files import checked_entry, private_cache_dir, store_entry
from ..toolchain import zig_command, zig_environment, zig_version
from . import guest_abi, semantics, unicode_tables
from .regex import sre
from .errors import CompileError
from .pyversion import PythonVersion
from .types import NONE, Type

GUEST_SOURCES = ("runtime.c", "core.c", "text.c", "number.c", "strings.c", "containers.c", "dynamic.c", "json.c", "re.c", "re_compile.c",
                 "mathfn.c", "stringmod.c", "codecs.c", "hashes.c", "urls.c", "datetime.c", "collections.c", "unicodedata.c",
                 "ssc_rt.h", "core.h", "text.h", "number.h", "strings.h", "containers.h", "dynamic.h", "json.h", "re.h",
                 "mathfn.h", "stringmod.h", "codecs.h", "hashes.h", "urls.h", "datetime.h", "collections.h")
ENTRY_SOURCE = "runtime.c"
CFLAGS = ("-target", "wasm32-freestanding", "-mcpu=mvp", "-Os", "-std=c11", "-ffreestanding",
          "-fno-builtin", "-Wall", "-Werror", "-Wno-unused-function")
#: The object's extra flags: a section per function and datum, for --gc-sections.
OBJECT_FLAGS = ("-ffunction-sections", "-fdata-sections")


@functools.lru_cache(maxsize=None)
def guest_object(python: PythonVersion | None = None) -> Path:
    """The path of the guest runtime's wasm32 object for the target ``python`` (default: the
    running interpreter's version), from the cache or freshly built."""
    python = python if python is not None else PythonVersion.of(None)
    sources = {name: resources.files("ssc.compiler").joinpath("guest", name).read_bytes()
               for name in GUEST_SOURCES}
    gen_header = render_gen_header(python=python).encode()
    key = hashlib.sha256()
    for name, data in sorted(sources.items()):
        key.update(name.encode() + b"\0" + data + b"\0")
    key.update(gen_header)
    # ssc_unicode.h is a function of the table generator and the target's
    # Unicode database; hashing those avoids building it on every compile.
    key.update(Path(unicode_tables.__file__).read_bytes())
    key.update(python.unicode_version.encode())
    key.update(" ".join(CFLAGS + OBJECT_FLAGS).encode())
    key.update(zig_version().encode())
    stem = f"guest-{key.hexdigest()[:24]}"
    folder = private_cache_dir()
    cached = checked_entry(folder, stem, ".o") if folder is not None else None
    if cached is not None:
        return cached
    generated = {"ssc_gen.h": gen_header, "ssc_unicode.h": unicode_header(python).encode()}
    print(f"ssc: building the guest runtime for Python {python} (C, with zig's clang; once, 5-10 s) into "
          f"{folder if folder is not None else 'a temporary folder'}", file=sys.stderr, flush=True)
    return store_entry(folder, stem, ".o", _build(sources, generated))


def unicode_header(python: PythonVersion) -> str:
    """``ssc_unicode.h`` for the target: from this interpreter's ``unicodedata`` if it has the
    target's Unicode version, else made by an interpreter of the target version (a
    CompileError if none can)."""
    if unicodedata.unidata_version == python.unicode_version:
        return unicode_tables.render_unicode_header()
    for interpreter in target_interpreters(python):
        try:
            done = subprocess.run([interpreter, "-I", unicode_tables.__file__], capture_output=True, text=True)
        except OSError:
            continue
        if done.returncode == 0 and f"Unicode {python.unicode_version} " in done.stdout:
            return done.stdout
    raise CompileError(f"compiling for Python {python} needs its Unicode {python.unicode_version} tables, and "
                       f"this Python {PythonVersion.running()} has Unicode {unicodedata.unidata_version}: put "
                       f"python{python} on PATH (or install it with pyenv), or run ssc with Python {python}", None)


def target_interpreters(python: PythonVersion) -> list[str]:
    """The interpreters that may be of version ``python``: ``pythonX.Y`` on PATH, then those
    under pyenv (``$PYENV_ROOT/versions/X.Y.*``, by default in ``~/.pyenv``), newest first.
    (pyenv's shim on PATH fails unless that version is selected, hence both.)"""
    found = shutil.which(f"python{python}")
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    installed = sorted(root.glob(f"{python}.*/bin/python{python}"), reverse=True,
                       key=lambda p: [int(part) if part.isdigit() else -1 for part in p.parent.parent.name.split(".")])
    return ([found] if found else []) + [str(path) for path in installed]


def render_gen_header(rows: Iterable[tuple[semantics.Op, tuple[Type, ...]]] | None = None, *,
                      python: PythonVersion | None = None) -> str:
    """``ssc_gen.h``: what the C runtime shares with Python (see the module docstring).

    ``rows`` are the runtime rows to declare (by default ``semantics.runtime_rows()``;
    a test passes a wrong one, to see the runtime's build refuse it). ``python`` is the
    target version (default: the running interpreter's), ``SSC_PYTHON``.
    """
    target = python if python is not None else PythonVersion.of(None)
    lines = ["/* Generated by compiler/guestlib.py from ssc/abi.py, compiler/semantics.py and",
             " * compiler/guest_abi.py: do not edit. */",
             "#ifndef SSC_GEN_H", "#define SSC_GEN_H", "", "#include <stdint.h>", "#include <stddef.h>", "",
             f"/* The CPython whose behaviour the runtime follows (compiler/pyversion.py): {target}. */",
             f"#define SSC_PYTHON {target.number}", ""]
    for kind in abi.SmartStreamType:
        lines.append(f"#define SSC_KIND_{kind.name} {int(kind)}")
    for err in abi.InternalError:
        lines.append(f"#define SSC_ERR_{err.name} ({int(err)})")
    for module_kind in abi.SmartModuleKind:
        lines.append(f"#define SSC_MODULE_KIND_{module_kind.name} {int(module_kind)}")
    for init_status in abi.InitError:
        lines.append(f"#define SSC_INIT_{init_status.name} ({int(init_status)})")
    for lookback_status in abi.LookbackError:
        lines.append(f"#define SSC_LOOKBACK_{lookback_status.name} ({int(lookback_status)})")
    for name in ("PARAMS_MAX_VERSION", "TIMESTAMP_MIN_VERSION", "LOOKBACK_MIN_VERSION", "LOOKBACK_AGE_MIN_VERSION",
                 "ACCUMULATOR_OUTPUT_MIN_VERSION"):
        lines.append(f"#define SSC_{name} {getattr(abi, name)}")
    lines.append(f"#define SSC_JOIN_RECORD_MIN_VERSION {abi.JOIN_RECORD_VERSIONS[0]}")
    lines.append(f"#define SSC_JOIN_RECORD_MAX_VERSION {abi.JOIN_RECORD_VERSIONS[1]}")
    lines.append("/* The version argument of a legacy (two-argument) entry: none. */")
    lines.append("#define SSC_LEGACY_VERSION (-1)")
    lines.append(f"#define SSC_MAX_STRING_BYTES {abi.MAX_STRING_BYTES}")
    for exc in semantics.EXCEPTIONS:
        lines.append(f"#define SSC_EXC_{exc.name} {exc.code}")
    lines.append(f"#define SSC_EXC_COUNT {len(semantics.EXCEPTIONS)}")
    lines.append("/* The module's exception classes by code, name and base (-1: none): those above,")
    lines.append(" * then the program's own; the lowering emits them (compiler/lower/entry.py). */")
    lines.append("extern const char *const ssc_exception_names[];")
    lines.append("extern const int8_t ssc_exception_parents[];")
    names = ", ".join(f'"{semantics.exception_class_name(exc.name, target.number)}"' for exc in semantics.EXCEPTIONS)
    lines.append(f"#define SSC_EXCEPTION_NAMES {names}")
    parents = ", ".join(str(semantics.EXCEPTION_CODES[exc.parent]) if exc.parent else "-1"
                        for exc in semantics.EXCEPTIONS)
    lines.append(f"#define SSC_EXCEPTION_PARENTS {parents}")
    lines.append(f'#define SSC_INT_OVERFLOW_MESSAGE "{semantics.INT_OVERFLOW_MESSAGE}"')
    lines.append(f"#define SSC_RECURSION_LIMIT {semantics.RECURSION_LIMIT}")
    lines.append(f'#define SSC_RECURSION_MESSAGE "{semantics.RECURSION_MESSAGE}"')
    lines += ["", *sre.c_defines()]
    lines += ["", *_layouts(), "", *_prototypes(semantics.runtime_rows() if rows is None else rows), "", "#endif", ""]
    return "\n".join(lines)


def _layouts() -> list[str]:
    """The kinds and tags, and the structs and function types lowered code shares with C."""
    lines = ["/* ---- layouts (compiler/guest_abi.py) ---- */", ""]
    lines.append("/* ssc_type.kind: a value's type family. */")
    lines.append("enum { " + ", ".join(f"SSC_T_{_upper(k)} = {v}" for k, v in guest_abi.KINDS.items()) + " };")
    lines.append("/* ssc_any.tag: an Any's type. */")
    lines.append("enum { " + ", ".join(f"SSC_ANY_{_upper(k)} = {v}" for k, v in guest_abi.ANY_TAGS.items()) + " };")
    lines.append("")
    for name in (*guest_abi.OPAQUE, *(s.name for s in guest_abi.STRUCTS)):
        lines.append(f"typedef struct {name} {name};")
    lines.append("typedef struct ssc_dict ssc_set;   /* a set is a dict without values */")
    for struct in guest_abi.STRUCTS:
        lines += ["", struct.c_definition()]
    lines += ["", "/* The entry adapters the drivers (core.c) call. */"]
    for adapter in dict.fromkeys(guest_abi.ADAPTERS.values()):
        lines.append(f"typedef {adapter.result} (*{adapter.typedef})({', '.join(adapter.params)});")
    return lines


def _prototypes(rows: Iterable[tuple[semantics.Op, tuple[Type, ...]]]) -> list[str]:
    """A prototype for each guest function lowered code calls."""
    lines = ["/* ---- the guest functions lowered code calls (compiler/guest_abi.py) ---- */"]
    lines += [f"{prototype};" for prototype in guest_abi.FUNCTIONS_C]
    lines += ["", "/* ---- the runtime rows of compiler/semantics.py: (operands, params, &result) ---- */"]
    seen: set[str] = set()
    for op, operands in rows:
        prototype = row_prototype(op, operands)
        if prototype not in seen:
            seen.add(prototype)
            lines.append(f"{prototype};")
    return lines


def row_prototype(op: semantics.Op, operands: tuple[Type, ...]) -> str:
    """``int32_t ssc_str_find(const uint8_t *, int32_t, const uint8_t *, int32_t, int32_t, int64_t,
    int32_t, int64_t, int64_t *)``: a runtime row's C prototype, by ssc_rt.h's convention as the
    lowering flattens its arguments (a placeholder type by reference)."""
    from .lower import reprs   # llvmlite, needed only to build the runtime

    params: list[str] = []
    for ty in (*operands, *(p.type for p in op.params)):
        params += reprs.of(ty).c_params
    if op.result != NONE:
        params.append(reprs.of(op.result).c_out)
    return f"int32_t {op.impl}({', '.join(params) or 'void'})"


def _upper(name: str) -> str:
    return {"None": "NONE", "Optional": "OPTIONAL", "Record": "RECORD", "Any": "ANY"}.get(name, name.upper())


def _build(sources: dict[str, bytes], generated: dict[str, bytes]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="ssc-guest-") as tmp:
        folder = Path(tmp)
        for name, data in {**sources, **generated}.items():
            (folder / name).write_bytes(data)
        out = folder / "runtime.o"
        cmd = [*zig_command(), "cc", *CFLAGS, *OBJECT_FLAGS, "-c", str(folder / ENTRY_SOURCE), "-o", str(out)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=folder, env=zig_environment(folder))
        except OSError as err:
            raise CompileError(f"cannot run zig to build the guest runtime: {err}", None) from None
        if done.returncode != 0 or not out.exists():
            hint = "" if "No module named ziglang" not in done.stderr else " (pip install ziglang)"
            raise CompileError(f"building the guest runtime failed{hint}:\n{done.stderr.strip()}", None)
        return out.read_bytes()
