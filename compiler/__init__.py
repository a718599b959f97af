"""The ssc compiler: SmartStream Python source -> a Fluvio SmartStream wasm module.

The pipeline, one module per stage:

    parse.parse      source text  -> nodes.Module      (grammar/smartstream.lark)
    check.check      nodes.Module -> TypedModule       (types, operations, conversions)
    lower.lower      TypedModule  -> LLVM IR           (llvmlite.ir)
    codegen          LLVM IR + guest runtime bitcode -> optimised wasm32 object
    link.link        object       -> .wasm             (wasm-ld)

``compile(source, filename)`` runs them in order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import abi
from .. import abi as _abi   # `compile` has a parameter named abi
from .check import check
from .codegen import emit_object, optimize
from .errors import CompileError, CompileErrors
from .link import link
from .lower import lower
from .parse import parse

__all__ = ["compile", "compile_file", "CompiledModule", "CompileError", "CompileErrors"]


@dataclass(frozen=True)
class CompiledModule:
    """A compiled SmartStream: the wasm bytes, its ABI, the kind of its transform and its exports."""

    wasm: bytes
    abi: abi.Abi
    kind: abi.Kind | abi.ModuleKind
    exports: tuple[str, ...]


def compile(source: str, filename: str = "<source>", *, opt_level: int | str = 2,
            abi: abi.Abi | str = abi.Abi.SMARTSTREAM) -> CompiledModule:
    """Compile SmartStream Python source to a wasm module for ``abi``.

    ``abi`` is ``"smartstream"`` (the legacy ABI of Fluvio v0.9, the default)
    or ``"smartmodule"`` (Fluvio v0.10 and later). Raises ``CompileErrors``
    (all the problems found) or ``CompileError``, each rendering as
    ``file:line:col: error: message`` with a caret.
    """
    target = _abi.Abi(abi)
    try:
        typed = check(parse(source, filename), target)
        roles = [typed.entry.role, *typed.auxiliary]
        exports = (_abi.ALLOC_EXPORT, _abi.DEALLOC_EXPORT, *roles)
        wasm = link(emit_object(optimize(lower(typed), exports, opt_level)), exports)
    except CompileErrors as errors:
        for err in errors.errors:
            _locate(err, filename, source)
        raise
    except CompileError as err:
        raise _locate(err, filename, source)
    kinds = _abi.Kind if target is _abi.Abi.SMARTSTREAM else _abi.ModuleKind
    return CompiledModule(wasm, target, kinds[typed.entry.role.upper()], exports)


def compile_file(path: str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
                 *, opt_level: int | str = 2, abi: abi.Abi | str = abi.Abi.SMARTSTREAM) -> Path:
    """Compile ``path`` (a .py file) and write the module; returns the output path.

    The default output sits next to the source: ``filter.py`` -> ``filter.wasm``.
    """
    source_path = Path(path)
    source = read_source(source_path)
    compiled = compile(source, str(path), opt_level=opt_level, abi=abi)
    out = Path(output) if output is not None else source_path.with_suffix(".wasm")
    out.write_bytes(compiled.wasm)
    return out


def read_source(path: Path) -> str:
    """The text of a source file; a CompileError if it is unreadable or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CompileError(f"cannot read source: {err.strerror}", None, str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CompileError(f"source is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})",
                           None, str(path)) from None


def _locate(err: CompileError, filename: str, source: str) -> CompileError:
    if err.filename is None:
        err.filename = filename
    if err.source is None:
        err.source = source
    return err
