"""What a module must look like to load: the shape checks of both ABIs.

``ssc.runtime.load`` asks :func:`detect_abi` which ABI a compiled module
follows, from the types of its exports, then checks it against that ABI's
"Module shape" (spec ``shared/reference/fluvio-abi.md`` §2 and §3):
:func:`check_shape` for a legacy SmartStream, :func:`check_smartmodule_shape`
for a current SmartModule. Each raises :class:`ModuleLoadError` naming what
is wrong and what the module should have, before anything of it runs. Like
Fluvio's engine, the probes see only function exports (an export of another
kind under an entry's name is skipped), and the exported memory must be one
that wasmtime's ``get_memory`` finds (not shared).
"""

from __future__ import annotations

from dataclasses import dataclass

import wasmtime

from ssc.abi import (
    ALLOC_EXPORT,
    ALLOC_SIG,
    COPY_RECORDS_MODULE,
    COPY_RECORDS_NAME,
    COPY_RECORDS_SIG,
    ENTRY_SIG,
    INIT_EXPORT,
    LOOK_BACK_EXPORT,
    MEMORY_EXPORT,
    PROBE_ORDER,
    SMARTMODULE_ENTRY_SIG,
    SMARTMODULE_PROBE_ORDER,
    Abi,
    FuncSig,
    Kind,
)
from ssc.runtime.records import ModuleLoadError

__all__ = ["SmartModuleShape", "WASI_MODULE", "check_magic", "check_shape", "check_smartmodule_shape",
           "detect_abi"]

#: The first bytes of every binary wasm module (WebAssembly core spec 5.5.16).
_WASM_MAGIC = b"\x00asm"

#: The only import namespace besides copy_records' that a SmartModule may use (§3).
WASI_MODULE = "wasi_snapshot_preview1"


def detect_abi(module: wasmtime.Module, name: str) -> Abi:
    """Which ABI the module follows, from the types of its exports.

    A SmartModule if the first transform export in Fluvio's probe order has
    the 3-argument type, or if any transform, ``init`` or ``look_back``
    export has it (then a wrongly typed earlier export is the hard error of
    §3, reported by the SmartModule checks), or if the first is
    ``filter_map``/``array_map`` (kinds only SmartModules have). Anything
    else is left to the legacy checks, whose messages say what is missing.
    """
    exports = _function_exports(module)
    first = next((k.export for k in SMARTMODULE_PROBE_ORDER if k.export in exports), None)
    if first is None:
        return Abi.SMARTSTREAM
    names = [k.export for k in SMARTMODULE_PROBE_ORDER] + [INIT_EXPORT, LOOK_BACK_EXPORT]
    if any(_func_sig(exports[n]) == SMARTMODULE_ENTRY_SIG for n in names if n in exports):
        return Abi.SMARTMODULE
    if first in ("filter_map", "array_map") and _func_sig(exports[first]) != ENTRY_SIG:
        return Abi.SMARTMODULE
    return Abi.SMARTSTREAM


def check_magic(wasm: bytes, name: str) -> None:
    """Reject anything that is not binary wasm before wasmtime sees it.

    (wasmtime-py would otherwise try to parse such bytes as WAT text.)
    """
    if wasm[:4] == _WASM_MAGIC:
        return
    if not wasm:
        raise ModuleLoadError(f"{name}: not a WebAssembly module: the file is empty")
    hint = ""
    if wasm.lstrip()[:1] == b"(":
        hint = " (it looks like WAT text; assemble it first, e.g. with wasmtime.wat2wasm)"
    raise ModuleLoadError(
        f"{name}: not a WebAssembly module: it starts with {wasm[:4]!r}, "
        f"not the wasm magic {_WASM_MAGIC!r}{hint}"
    )


def check_shape(module: wasmtime.Module, name: str) -> Kind:
    """Check exports and imports against ``ssc.abi``; return the module's kind."""
    exports = {export.name: export.type for export in module.exports}

    kind = next((k for k in PROBE_ORDER if k.export in _function_exports(module)), None)
    if kind is None:
        entries = ", ".join(k.export for k in PROBE_ORDER)
        current = ", ".join(k.export for k in SMARTMODULE_PROBE_ORDER)
        have = ", ".join(sorted(exports)) or "nothing"
        raise ModuleLoadError(
            f"{name}: not a SmartStream: it exports none of {entries} "
            f"(an entry function {ENTRY_SIG}); it exports {have} "
            f"(nor is it a SmartModule, which exports one of {current}, "
            f"a function {SMARTMODULE_ENTRY_SIG})"
        )
    _check_func_export(exports, kind.export, ENTRY_SIG, name, role="entry function")
    _check_func_export(exports, ALLOC_EXPORT, ALLOC_SIG, name, role="allocator")

    memory = exports.get(MEMORY_EXPORT)
    if memory is None:
        raise ModuleLoadError(
            f"{name}: missing export '{MEMORY_EXPORT}': the host writes the input into "
            f"and reads the output from the module's exported linear memory"
        )
    _check_memory(memory, name)
    if getattr(memory, "is_64", False):
        raise ModuleLoadError(f"{name}: export '{MEMORY_EXPORT}' is a 64-bit memory; wasm32 only")

    imports = list(module.imports)
    wanted = f"a function {COPY_RECORDS_SIG} (Rust: {COPY_RECORDS_MODULE}.{COPY_RECORDS_NAME})"
    if len(imports) != 1:
        listed = ", ".join(
            f"{imp.module}.{imp.name} ({_extern_kind(imp.type)})" for imp in imports
        )
        wasi = any(imp.module.startswith("wasi") for imp in imports)
        raise ModuleLoadError(
            f"{name}: a legacy SmartStream has exactly one import, {wanted}; "
            f"this module has {len(imports)}" + (f": {listed}" if listed else "")
            + (" (WASI is not available to legacy SmartStreams)" if wasi else "")
        )
    _check_copy_records(imports[0], name, f"the one import of a legacy SmartStream must be {wanted}")
    return kind


def _check_copy_records(imp: wasmtime.ImportType, name: str, must: str) -> None:
    """The import must be a function (i32, i32) -> (); else ModuleLoadError ending in ``must``."""
    sig = _func_sig(imp.type)
    if sig != COPY_RECORDS_SIG:
        got = str(sig) if sig is not None else _extern_kind(imp.type)
        raise ModuleLoadError(f"{name}: import {imp.module}.{imp.name} is {got}; {must}")


def _function_exports(module: wasmtime.Module) -> dict[str, wasmtime.FuncType]:
    """The function exports by name: what a host's probe (``Instance::get_func``)
    finds. Fluvio skips a memory or global exported under an entry's name."""
    return {e.name: e.type for e in module.exports if isinstance(e.type, wasmtime.FuncType)}


def _check_memory(memory: object, name: str) -> None:
    """The exported ``memory`` must be a memory the host can find: not shared.

    A shared memory is not a plain ``Memory`` to wasmtime's
    ``Instance::get_memory``, so Fluvio's engine fails every call with
    "Missing memory"; ssc says so at load time.
    """
    if not isinstance(memory, wasmtime.MemoryType):
        raise ModuleLoadError(
            f"{name}: export '{MEMORY_EXPORT}' is {_extern_kind(memory)}, not a memory"
        )
    if getattr(memory, "is_shared", False):
        raise ModuleLoadError(
            f"{name}: export '{MEMORY_EXPORT}' is a shared memory: Fluvio's engine looks for a "
            f"plain memory of that name, finds none and fails every call with \"Missing memory\" "
            f"(export an unshared memory)"
        )


def _check_func_export(
    exports: dict[str, object], export: str, want: FuncSig, name: str, *, role: str
) -> None:
    ty = exports.get(export)
    if ty is None:
        raise ModuleLoadError(f"{name}: missing export '{export}': the {role} {want}")
    sig = _func_sig(ty)
    if sig is None:
        raise ModuleLoadError(
            f"{name}: export '{export}' is {_extern_kind(ty)}, but the {role} "
            f"must be a function {want}"
        )
    if sig != want:
        hint = ""
        if role == "entry function":
            hint = f" (legacy SmartStream), or {SMARTMODULE_ENTRY_SIG} (SmartModule)"
        raise ModuleLoadError(
            f"{name}: export '{export}' has type {sig}, but the {role} must be {want}{hint}"
        )


def _func_sig(ty: object) -> FuncSig | None:
    """A wasmtime FuncType as an ``ssc.abi.FuncSig``; None for non-functions."""
    if not isinstance(ty, wasmtime.FuncType):
        return None
    return FuncSig(tuple(str(p) for p in ty.params), tuple(str(r) for r in ty.results))


def _func_type(sig: FuncSig) -> wasmtime.FuncType:
    """An ``ssc.abi.FuncSig`` as a wasmtime FuncType (i32/i64/f32/f64 only)."""
    makers = {
        "i32": wasmtime.ValType.i32,
        "i64": wasmtime.ValType.i64,
        "f32": wasmtime.ValType.f32,
        "f64": wasmtime.ValType.f64,
    }
    return wasmtime.FuncType(
        [makers[p]() for p in sig.params], [makers[r]() for r in sig.results]
    )


def _extern_kind(ty: object) -> str:
    """``'a function (i32) -> ()'``, ``'a memory'``, ``'a global'``..."""
    sig = _func_sig(ty)
    if sig is not None:
        return f"a function {sig}"
    if isinstance(ty, wasmtime.MemoryType):
        return "a memory"
    if isinstance(ty, wasmtime.GlobalType):
        return "a global"
    if isinstance(ty, wasmtime.TableType):
        return "a table"
    return "not a function"


@dataclass(frozen=True)
class SmartModuleShape:
    """What :func:`check_smartmodule_shape` found in a module's interface."""

    kind: Kind
    has_init: bool
    has_look_back: bool
    copy_records_modules: tuple[str, ...]
    wasi: bool


def check_smartmodule_shape(module: wasmtime.Module, name: str) -> SmartModuleShape:
    """Check a module against §3 "Module shape"; say what it has.

    Raises :class:`ModuleLoadError` naming what is wrong: no transform
    export, a probed export (transform, init, look_back, alloc) of the wrong
    type, no memory, no ``copy_records`` import, or an import Fluvio's
    linker would not provide.
    """
    exports = {export.name: export.type for export in module.exports}
    functions = _function_exports(module)
    kind = next((k for k in SMARTMODULE_PROBE_ORDER if k.export in functions), None)
    if kind is None:
        entries = ", ".join(k.export for k in SMARTMODULE_PROBE_ORDER)
        raise ModuleLoadError(f"{name}: not a SmartModule: it exports no function {entries}")
    _check_func(exports, kind.export, SMARTMODULE_ENTRY_SIG, name, "transform function")
    has_init = INIT_EXPORT in functions
    if has_init:
        _check_func(exports, INIT_EXPORT, SMARTMODULE_ENTRY_SIG, name, "init function")
    has_look_back = LOOK_BACK_EXPORT in functions
    if has_look_back:
        _check_func(exports, LOOK_BACK_EXPORT, SMARTMODULE_ENTRY_SIG, name, "look_back function")
    if ALLOC_EXPORT not in exports:
        raise ModuleLoadError(f"{name}: missing export '{ALLOC_EXPORT}': the allocator {ALLOC_SIG}")
    _check_func(exports, ALLOC_EXPORT, ALLOC_SIG, name, "allocator")
    memory = exports.get(MEMORY_EXPORT)
    if memory is None:
        raise ModuleLoadError(
            f"{name}: missing export '{MEMORY_EXPORT}': the host writes the input into "
            f"and reads the output from the module's exported linear memory"
        )
    _check_memory(memory, name)  # a 64-bit memory is fine: wasmtime 34 enables memory64

    copy_modules: list[str] = []
    wasi = False
    strangers: list[str] = []
    for imp in module.imports:
        if imp.name == COPY_RECORDS_NAME:
            _check_copy_records(imp, name, f"copy_records must be a function {COPY_RECORDS_SIG}")
            if imp.module not in copy_modules:
                copy_modules.append(imp.module)
        elif imp.module == WASI_MODULE:
            wasi = True
        else:
            strangers.append(f"{imp.module}.{imp.name} ({_extern_kind(imp.type)})")
    if not copy_modules:
        raise ModuleLoadError(
            f"{name}: a SmartModule imports a function named {COPY_RECORDS_NAME} "
            f"{COPY_RECORDS_SIG} (Rust: env.copy_records); this module does not "
            f"(Fluvio: \"At least one import is required\")"
        )
    if strangers:
        raise ModuleLoadError(
            f"{name}: import {', '.join(strangers)} cannot be linked: a SmartModule may import "
            f"only {COPY_RECORDS_NAME} and WASI preview1 ({WASI_MODULE}) functions"
        )
    return SmartModuleShape(kind, has_init, has_look_back, tuple(copy_modules), wasi)


def _check_func(exports: dict[str, object], export: str, want: object, name: str, role: str) -> None:
    sig = _func_sig(exports[export])
    if sig != want:
        got = f"has type {sig}" if sig is not None else f"is {_extern_kind(exports[export])}"
        raise ModuleLoadError(f"{name}: export '{export}' {got}, but the {role} must be {want}")
