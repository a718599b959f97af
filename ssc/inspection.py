"""What a wasm module is, and which Fluvio hosts would load it (``ssc inspect``).

    >>> from ssc.inspection import inspect_module
    >>> info = inspect_module("examples/filter.wasm")           # doctest: +SKIP
    >>> info.abi, info.kind, info.legacy.loads, info.current.loads  # doctest: +SKIP
    ('smartstream', 'filter', True, False)
    >>> print(info.current)                                     # doctest: +SKIP
    no — the entry filter has 2 parameters; current hosts require (i32, i32, i32) -> (i32)

``inspect_module(path_or_bytes)`` reads any module, made by ssc or not, with
``runtime.wasm_file`` (exports and imports with their types, memory, the
post-MVP features used, the ``ssc`` custom section of ``ssc.provenance``),
validates it with wasmtime, and judges it by the rules of two hosts
(``shared/reference/fluvio-abi.md`` §2 and §3 "Module shape"):

- **legacy** (Fluvio v0.9.0–v0.9.10, L0, wasmtime 0.30): a function entry
  ``filter``, ``map`` or ``aggregate`` of type ``(i32, i32) -> (i32)``;
  ``alloc (i32) -> (i32)``; an exported 32-bit, unshared ``memory``; exactly one
  import, a function ``(i32, i32) -> ()`` (linked by position); and no
  post-MVP feature beyond those wasmparser 0.81 (wasmtime 0.30) validates by
  default: sign-ext, non-trapping float-to-int, mutable globals,
  bulk-memory, reference-types, multi-value.
- **current** (Fluvio v0.10 and later, wasmtime 34): the first function
  export of ``filter``, ``map``, ``filter_map``, ``array_map``,
  ``aggregate`` has type ``(i32, i32, i32) -> (i32)``, as do ``init`` and
  ``look_back`` if exported as functions (Fluvio probes with
  ``Instance::get_func``, so an export of another kind under one of these
  names is skipped); ``alloc`` as above; an exported ``memory`` that is not
  shared (a shared one is not found by ``get_memory``: every call fails
  with "Missing memory"; a 64-bit one is fine); a function import named
  ``copy_records`` ``(i32, i32) -> ()`` (any module) and otherwise only WASI
  preview1 imports; initial memory within the SPU's 1 GiB cap; no feature
  wasmtime 34 leaves off by default (exception-handling, gc,
  function-references, custom-page-sizes, wide-arithmetic).

The rules say whether the host would accept the module's shape; whether a
module's code then behaves as Fluvio expects is for ``ssc run`` and the
tests. This module needs wasmtime only for the validation step and never
imports the compiler.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .abi import (ALLOC_EXPORT, ALLOC_SIG, COPY_RECORDS_NAME, COPY_RECORDS_SIG, ENTRY_SIG,
                  INIT_EXPORT, LOOK_BACK_EXPORT, MEMORY_EXPORT, PROBE_ORDER,
                  SMARTMODULE_ENTRY_SIG, SMARTMODULE_PROBE_ORDER, FuncSig)
from .probing import Probe, probe_module
from .provenance import SECTION_NAME, Provenance
from .runtime.wasm_file import (Export, FeatureUse, FuncType, GlobalType, MemoryType, TableType, TagType,
                                WasmFile, WasmFormatError, read_wasm)

__all__ = ["InspectError", "HostVerdict", "Extern", "Memory", "ModuleInfo", "inspect_module",
           "LEGACY_HOST_FEATURES", "CURRENT_HOST_MISSING_FEATURES"]

#: Post-MVP features the legacy (v0.9, wasmtime 0.30) host validates: wasmparser
#: 0.81's defaults (reference-types, multi-value, bulk-memory) and the proposals
#: it had no switch for (sign-ext, non-trapping float-to-int, mutable globals).
LEGACY_HOST_FEATURES = frozenset({"sign-ext", "nontrapping-fptoint", "mutable-globals",
                                  "bulk-memory", "reference-types", "multi-value"})
#: Features wasmtime 34 (today's SPU engine) does not enable by default; it enables
#: every other feature ``runtime.wasm_file`` reports (memory64, threads, tail-call,
#: simd, multi-memory... included). tests/wat/wasmtime34_features.txt holds the
#: evidence: what wasmtime 34 itself did with one module per feature.
CURRENT_HOST_MISSING_FEATURES = frozenset({"exception-handling", "gc", "function-references",
                                           "custom-page-sizes", "wide-arithmetic"})
#: The only import namespace besides copy_records' that a current host links (§3).
WASI_MODULE = "wasi_snapshot_preview1"
#: The current SPU caps a store's linear memory at 1 GiB (§3 "Host algorithm").
CURRENT_MEMORY_LIMIT_PAGES = (1 << 30) // 65536

LEGACY_HOST = "Fluvio v0.9.0–v0.9.10"
CURRENT_HOST = "Fluvio v0.10 and later"


class InspectError(ValueError):
    """The file cannot be read, or is not a WebAssembly module; the message names it."""


@dataclass(frozen=True)
class HostVerdict:
    """Whether ``host`` would load the module, and if not, every reason why."""

    host: str
    reasons: tuple[str, ...] = ()

    @property
    def loads(self) -> bool:
        return not self.reasons

    def __str__(self) -> str:
        return "yes" if self.loads else "no — " + "; ".join(self.reasons)


@dataclass(frozen=True)
class Extern:
    """An export (``module`` is None) or an import, and its type in words:
    ``"func (i32, i32) -> (i32)"``, ``"memory 1 page, no maximum"``, ..."""

    name: str
    kind: str
    type: str
    module: str | None = None

    @property
    def qualified_name(self) -> str:
        return self.name if self.module is None else f"{self.module}.{self.name}"


@dataclass(frozen=True)
class Memory:
    """Memory 0: initial and maximum size in 64 KiB pages, and how it is reached."""

    min_pages: int
    max_pages: int | None
    exported_as: tuple[str, ...]
    imported_from: str | None = None
    is64: bool = False
    shared: bool = False

    def __str__(self) -> str:
        text = f"{_pages(self.min_pages)} initial ({_bytes(self.min_pages * 65536)}), "
        text += "no maximum" if self.max_pages is None else f"maximum {_pages(self.max_pages)}"
        flags = [flag for flag, on in (("64-bit", self.is64), ("shared", self.shared)) if on]
        where = []
        if self.imported_from:
            where.append(f"imported from {self.imported_from}")
        if self.exported_as:
            where.append(f"exported as {', '.join(self.exported_as)}")
        else:
            where.append("not exported")
        return text + "".join(f", {f}" for f in flags) + "; " + ", ".join(where)


@dataclass(frozen=True)
class ModuleInfo:
    """Everything ``ssc inspect`` reports about one module."""

    name: str
    size: int
    abi: str | None                 # "smartstream", "smartmodule", or None: neither
    kind: str | None                # the transform's export name, e.g. "filter"
    auxiliary: tuple[str, ...]      # "init", "look_back" when exported
    exports: tuple[Extern, ...]
    imports: tuple[Extern, ...]
    memory: Memory | None
    functions: int                  # defined functions
    start: int | None               # the start function's index: it runs at instantiation
    code_size: int
    data_size: int
    custom_sections: tuple[tuple[str, int], ...]   # (name, payload size), in file order
    provenance: Provenance | None    # from the ssc custom section
    provenance_problem: str | None   # why an ssc section could not be read
    features: tuple[FeatureUse, ...]
    invalid: str | None              # wasmtime's validation error, if any
    legacy: HostVerdict
    current: HostVerdict
    probes: tuple[Probe, ...] = ()   # ssc inspect --probe: a batch run at each host version

    @property
    def made_by_ssc(self) -> bool:
        return self.provenance is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``ssc inspect --json``)."""
        prov = self.provenance
        return {
            "name": self.name,
            "size": self.size,
            "abi": self.abi,
            "kind": self.kind,
            "auxiliary": list(self.auxiliary),
            "exports": [{"name": e.name, "kind": e.kind, "type": e.type} for e in self.exports],
            "imports": [{"module": i.module, "name": i.name, "kind": i.kind, "type": i.type}
                        for i in self.imports],
            "memory": None if self.memory is None else {
                "min_pages": self.memory.min_pages, "max_pages": self.memory.max_pages,
                "exported_as": list(self.memory.exported_as), "imported_from": self.memory.imported_from},
            "functions": self.functions,
            "start": self.start,
            "code_size": self.code_size,
            "data_size": self.data_size,
            "custom_sections": [{"name": n, "size": s} for n, s in self.custom_sections],
            "ssc": None if prov is None else {
                "version": prov.version, "source_sha256": prov.source_sha256, "abi": prov.abi,
                "kind": prov.kind, "python": prov.python},
            "features": {use.feature: use.reason for use in self.features},
            "valid": self.invalid is None,
            "legacy": {"loads": self.legacy.loads, "reasons": list(self.legacy.reasons)},
            "current": {"loads": self.current.loads, "reasons": list(self.current.reasons)},
            **({"probe": [{"version": p.version, "host": p.host, "ok": p.ok, "outcome": p.outcome}
                          for p in self.probes]} if self.probes else {}),
        }

    def render(self) -> str:
        """The text ``ssc inspect`` prints."""
        rows: list[tuple[str, str]] = []
        if self.provenance is not None:
            p = self.provenance
            target = f", for Python {p.python}" if p.python else ""
            rows.append(("made by", f"ssc {p.version} ({p.abi} {p.kind}{target})"))
            rows.append(("source", f"sha256 {p.source_sha256}"))
        elif self.provenance_problem is not None:
            rows.append(("made by", f"unknown: {self.provenance_problem}"))
        else:
            rows.append(("made by", "not made by ssc (no ssc section)"))
        abi_words = {"smartstream": "smartstream (legacy, 2-argument entry)",
                     "smartmodule": "smartmodule (current, 3-argument entry)"}
        rows.append(("ABI", abi_words.get(self.abi or "", "neither (no entry of either ABI's type)")))
        kind = self.kind or "none (no transform export)"
        rows.append(("kind", " + ".join([kind, *self.auxiliary])))
        sizes = [f"code {self.code_size:,}", f"data {self.data_size:,}"]
        sizes += [f"custom {name} {size:,}" for name, size in self.custom_sections]
        rows.append(("size", f"{self.size:,} bytes ({', '.join(sizes)}); {self.functions} functions"))
        rows.append(("memory", str(self.memory) if self.memory is not None else "none"))
        if self.start is not None:
            rows.append(("start", f"function {self.start} runs when the module is instantiated "
                                  "(a trap there fails the load on every host)"))
        rows.extend(_table("exports", [(e.name, e.type) for e in self.exports]))
        rows.extend(_table("imports", [(i.qualified_name, i.type) for i in self.imports]))
        if self.features:
            rows.extend(("features" if i == 0 else "", str(use)) for i, use in enumerate(self.features))
        else:
            rows.append(("features", "none (WebAssembly MVP)"))
        if self.invalid is not None:
            rows.append(("valid", f"no — {self.invalid}"))
        for label, verdict in (("legacy", self.legacy), ("current", self.current)):
            host = LEGACY_HOST if label == "legacy" else CURRENT_HOST
            if verdict.loads:
                rows.append((label, f"yes ({host})"))
            else:
                rows.append((label, f"no — {verdict.reasons[0]}"))
                rows.extend(("", f"   — {reason}") for reason in verdict.reasons[1:])
        rows.extend(("probe" if i == 0 else "", str(p)) for i, p in enumerate(self.probes))
        width = max(len(label) for label, _ in rows) + 2
        lines = [self.name]
        for label, text in rows:
            lines.append(f"  {(label + ':') if label else '':<{width}}{text}")
        return "\n".join(lines) + "\n"


def inspect_module(source: str | os.PathLike[str] | bytes | bytearray | memoryview, *,
                   name: str | None = None, probe: bool = False,
                   params: Mapping[str, str] | None = None) -> ModuleInfo:
    """Inspect a module given by path or bytes (``name`` labels it; default: the path).

    Raises ``InspectError`` if the file cannot be read or does not decode as
    WebAssembly. Any module that decodes gets a ``ModuleInfo``, whatever it
    exports. With ``probe``, a module of either ABI also runs a tiny batch at
    each version its hosts pass (``ssc.probing``; ``params`` go to init)
    and ``probes`` says how each went.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        wasm = bytes(source)
        name = name or "<bytes>"
    else:
        name = name or os.fspath(source)
        try:
            wasm = Path(source).read_bytes()
        except OSError as err:
            raise InspectError(f"{name}: cannot read: {err.strerror or err}") from None
    if wasm[:4] != b"\0asm":
        hint = " (it looks like WAT text; assemble it first)" if wasm.lstrip()[:1] == b"(" else ""
        raise InspectError(f"{name}: not a WebAssembly module: it starts with {wasm[:4]!r}{hint}")
    try:
        module = read_wasm(wasm)
    except WasmFormatError as err:
        raise InspectError(f"{name}: not a well-formed WebAssembly module: {err}") from None

    abi, kind = _abi_and_kind(module)
    provenance, problem = _provenance(module)
    invalid = _validate(wasm)
    exports = tuple(Extern(e.name, e.kind, _describe(e.kind, e.type)) for e in module.exports)
    imports = tuple(Extern(i.name, i.kind, _describe(i.kind, i.type), i.module) for i in module.imports)
    return ModuleInfo(
        name=name,
        size=len(wasm),
        abi=abi,
        kind=kind,
        auxiliary=tuple(n for n in (INIT_EXPORT, LOOK_BACK_EXPORT) if _func_export(module, n) is not None),
        exports=exports,
        imports=imports,
        memory=_memory(module),
        functions=len(module.functions),
        start=module.start,
        code_size=module.code_size,
        data_size=module.data_size,
        custom_sections=tuple((c.name, len(c.data)) for c in module.customs),
        provenance=provenance,
        provenance_problem=problem,
        features=tuple(module.feature_uses.values()),
        invalid=invalid,
        legacy=HostVerdict(LEGACY_HOST, tuple(_legacy_reasons(module, invalid))),
        current=HostVerdict(CURRENT_HOST, tuple(_current_reasons(module, invalid))),
        probes=probe_module(wasm, abi, name=name, params=params) if probe and invalid is None else (),
    )


# ---- reading -------------------------------------------------------------------


def _sig(ty: object) -> FuncSig | None:
    if not isinstance(ty, FuncType):
        return None
    return FuncSig(tuple(ty.params), tuple(ty.results))


def _func_export(module: WasmFile, name: str) -> Export | None:
    """The export ``name`` if it is a function: what a host's probe (wasmtime's
    ``Instance::get_func``) finds; a memory or global of that name is skipped."""
    item = module.export(name)
    return item if item is not None and item.kind == "func" else None


def _abi_and_kind(module: WasmFile) -> tuple[str | None, str | None]:
    """The ABI from the type of the first transform in Fluvio's current probe order
    (as ``ssc.load``); the kind from that ABI's probe order."""
    first = next((k.export for k in SMARTMODULE_PROBE_ORDER if _func_export(module, k.export)), None)
    if first is None:
        return None, None
    sig = _sig(module.export(first).type)  # type: ignore[union-attr]
    if sig == SMARTMODULE_ENTRY_SIG:
        return "smartmodule", first
    if sig == ENTRY_SIG:
        legacy = next((k.export for k in PROBE_ORDER if _func_export(module, k.export)), None)
        return ("smartstream", legacy) if legacy is not None else (None, first)
    return None, first


def _provenance(module: WasmFile) -> tuple[Provenance | None, str | None]:
    payload = module.custom_sections.get(SECTION_NAME)
    if payload is None:
        return None, None
    try:
        return Provenance.decode(payload), None
    except ValueError as err:
        return None, str(err)


def _validate(wasm: bytes) -> str | None:
    """wasmtime's validation error with every proposal switched on (the host rules
    judge features), or None if the module is valid or wasmtime is missing."""
    try:
        import wasmtime
    except ImportError:  # pragma: no cover - wasmtime is a dependency
        return None
    config = wasmtime.Config()
    for feature in ("bulk_memory", "reference_types", "multi_value", "simd", "relaxed_simd", "threads",
                    "tail_call", "multi_memory", "memory64", "function_references", "gc", "exceptions",
                    "wide_arithmetic", "custom_page_sizes"):
        try:
            setattr(config, f"wasm_{feature}", True)
        except Exception:  # an older wasmtime without the switch
            pass
    try:
        wasmtime.Module.validate(wasmtime.Engine(config), wasm)
    except Exception as err:  # WasmtimeError
        return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return None


def _memory(module: WasmFile) -> Memory | None:
    memories = module.all_memories
    if not memories:
        return None
    first: MemoryType = memories[0]
    imported = next((f"{i.module}.{i.name}" for i in module.imports if i.kind == "memory"), None)
    exported = tuple(e.name for e in module.exports if e.kind == "memory" and e.index == 0)
    return Memory(first.min_pages, first.max_pages, exported, imported, first.is64, first.shared)


def _describe(kind: str, ty: object) -> str:
    if isinstance(ty, FuncType):
        return f"func {ty}"
    if isinstance(ty, MemoryType):
        limit = "no maximum" if ty.max_pages is None else f"maximum {_pages(ty.max_pages)}"
        return f"memory {_pages(ty.min_pages)}, {limit}" + (", 64-bit" if ty.is64 else "")
    if isinstance(ty, GlobalType):
        return f"global {'mut ' if ty.mutable else ''}{ty.valtype}"
    if isinstance(ty, TableType):
        limit = "" if ty.limits.maximum is None else f"..{ty.limits.maximum}"
        return f"table {ty.element} {ty.limits.minimum}{limit}"
    if isinstance(ty, TagType):
        return f"tag {ty.signature}" if ty.signature is not None else "tag"
    return kind


def _pages(n: int) -> str:
    return f"{n:,} page{'s' if n != 1 else ''}"


def _bytes(n: int) -> str:
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n >= 1 << 10 and n % (1 << 10) == 0:
        return f"{n >> 10:,} KiB"
    return f"{n:,} bytes"


def _table(label: str, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if not items:
        return [(label, "none")]
    width = max(len(name) for name, _ in items) + 2
    return [(label if i == 0 else "", f"{name:<{width}}{text}") for i, (name, text) in enumerate(items)]


# ---- host rules -----------------------------------------------------------------


def _params(n: int) -> str:
    return f"{n} parameter{'s' if n != 1 else ''}"


def _function_problem(module: WasmFile, export: str, want: FuncSig, role: str, hosts: str) -> str | None:
    """Why export ``export`` is not the function ``want`` that ``hosts`` call, or None."""
    item = module.export(export)
    if item is None:
        return f"no '{export}' export: {hosts} require the {role} {want}"
    sig = _sig(item.type)
    if sig is None:
        return f"'{export}' is a {item.kind}, not a function: {hosts} require the {role} {want}"
    if sig == want:
        return None
    if len(sig.params) != len(want.params):
        return f"the {role} {export} has {_params(len(sig.params))}; {hosts} require {want}"
    return f"the {role} {export} has type {sig}; {hosts} require {want}"


def _memory_problems(module: WasmFile, hosts: str, *, memory64: bool) -> list[str]:
    """Why ``hosts`` find no memory to write the input into (``memory64``: whether they
    take a 64-bit one, as wasmtime 34 does)."""
    item = module.export(MEMORY_EXPORT)
    if item is None:
        return [f"no '{MEMORY_EXPORT}' export: {hosts} write the input into the exported memory"]
    if not isinstance(item.type, MemoryType):
        return [f"'{MEMORY_EXPORT}' is a {item.kind}, not a memory"]
    if item.type.shared:
        return [f"'{MEMORY_EXPORT}' is a shared memory: {hosts} look for a plain memory of that name, "
                f"find none and fail every call (Fluvio: \"Missing memory\")"]
    if item.type.is64 and not memory64:
        return [f"'{MEMORY_EXPORT}' is a 64-bit memory; {hosts} use 32-bit pointers"]
    return []


def _feature_problems(module: WasmFile, allowed: frozenset[str] | None, missing: frozenset[str],
                      engine: str) -> list[str]:
    reasons = []
    for use in module.feature_uses.values():
        if (allowed is not None and use.feature not in allowed) or use.feature in missing:
            reasons.append(f"it uses {use.feature} ({use.reason} at offset {use.offset:#x}), "
                           f"which {engine} does not enable")
    return reasons


def _legacy_reasons(module: WasmFile, invalid: str | None) -> list[str]:
    hosts = "legacy hosts"
    reasons: list[str] = []
    if invalid is not None:
        reasons.append(f"wasmtime rejects the module: {invalid}")
    entry = next((k.export for k in PROBE_ORDER if _func_export(module, k.export)), None)
    if entry is None:
        entries = ", ".join(k.export for k in PROBE_ORDER)
        newer = [k.export for k in SMARTMODULE_PROBE_ORDER if _func_export(module, k.export)]
        extra = f" (it exports {', '.join(newer)}, a kind they do not have)" if newer else ""
        reasons.append(f"no entry: {hosts} call one of {entries}, a function {ENTRY_SIG}{extra}")
    else:
        problem = _function_problem(module, entry, ENTRY_SIG, "entry", hosts)
        if problem:
            reasons.append(problem)
    problem = _function_problem(module, ALLOC_EXPORT, ALLOC_SIG, "allocator", hosts)
    if problem:
        reasons.append(problem)
    reasons.extend(_memory_problems(module, hosts, memory64=False))
    want = f"one function {COPY_RECORDS_SIG} (copy_records)"
    if len(module.imports) != 1:
        names = ", ".join(f"{i.module}.{i.name}" for i in module.imports)
        have = f"{len(module.imports)} imports ({names})" if module.imports else "no imports"
        reasons.append(f"it has {have}; {hosts} link exactly {want}, by position")
    else:
        (imp,) = module.imports
        sig = _sig(imp.type)
        if sig != COPY_RECORDS_SIG:
            got = f"a function {sig}" if sig is not None else f"a {imp.kind}"
            reasons.append(f"its import {imp.module}.{imp.name} is {got}; {hosts} link {want}")
    reasons.extend(_feature_problems(module, LEGACY_HOST_FEATURES, frozenset(), "wasmtime 0.30 (v0.9 SPUs)"))
    return reasons


def _current_reasons(module: WasmFile, invalid: str | None) -> list[str]:
    hosts = "current hosts"
    reasons: list[str] = []
    if invalid is not None:
        reasons.append(f"wasmtime rejects the module: {invalid}")
    entry = next((k.export for k in SMARTMODULE_PROBE_ORDER if _func_export(module, k.export)), None)
    if entry is None:
        entries = ", ".join(k.export for k in SMARTMODULE_PROBE_ORDER)
        reasons.append(f"no transform: {hosts} probe {entries} for a function {SMARTMODULE_ENTRY_SIG}")
    else:
        problem = _function_problem(module, entry, SMARTMODULE_ENTRY_SIG, "entry", hosts)
        if problem:
            reasons.append(problem)
    for optional in (INIT_EXPORT, LOOK_BACK_EXPORT):
        if _func_export(module, optional) is not None:
            problem = _function_problem(module, optional, SMARTMODULE_ENTRY_SIG, optional, hosts)
            if problem:
                reasons.append(problem)
    problem = _function_problem(module, ALLOC_EXPORT, ALLOC_SIG, "allocator", hosts)
    if problem:
        reasons.append(problem)
    reasons.extend(_memory_problems(module, hosts, memory64=True))
    copy_records = [i for i in module.imports if i.name == COPY_RECORDS_NAME]
    if not copy_records:
        reasons.append(f"no {COPY_RECORDS_NAME} import: {hosts} require a function import named "
                       f"{COPY_RECORDS_NAME} {COPY_RECORDS_SIG} (\"At least one import is required\")")
    for imp in copy_records:
        sig = _sig(imp.type)
        if sig != COPY_RECORDS_SIG:
            got = f"a function {sig}" if sig is not None else f"a {imp.kind}"
            reasons.append(f"its import {imp.module}.{imp.name} is {got}; {hosts} provide "
                           f"{COPY_RECORDS_NAME} {COPY_RECORDS_SIG}")
    strangers = [f"{i.module}.{i.name}" for i in module.imports
                 if i.name != COPY_RECORDS_NAME and i.module != WASI_MODULE]
    if strangers:
        reasons.append(f"{hosts} cannot link {', '.join(strangers)}: they provide only "
                       f"{COPY_RECORDS_NAME} and WASI preview1 ({WASI_MODULE})")
    memories = module.all_memories
    if memories and memories[0].min_pages > CURRENT_MEMORY_LIMIT_PAGES:
        reasons.append(f"its memory starts at {_pages(memories[0].min_pages)}, over the SPU's 1 GiB "
                       f"limit ({CURRENT_MEMORY_LIMIT_PAGES:,} pages)")
    reasons.extend(_feature_problems(module, None, CURRENT_HOST_MISSING_FEATURES,
                                     "wasmtime 34 (current SPUs)"))
    return reasons
