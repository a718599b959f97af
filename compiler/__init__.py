"""The ssc compiler: SmartStream Python source -> a Fluvio SmartStream wasm module.

The pipeline, one module per stage:

    parse.parse      source text  -> nodes.Module      (grammar/smartstream.lark)
    check.check      nodes.Module -> TypedModule       (types, operations, conversions)
    lower.lower      TypedModule  -> LLVM IR           (llvmlite.ir)
    codegen          LLVM IR      -> optimised wasm32 object
    link.link        object + the guest runtime's object -> .wasm (wasm-ld)

``compile(source, filename)`` runs them in order and stamps the module with
an ``ssc`` custom section (``ssc.provenance``: ssc's version, the source's
SHA-256, ABI, kind and target Python version). ``check_source`` stops after the checker (``ssc
check``); ``emit`` returns one stage's output as text, for ``ssc compile
--emit ast|ir|asm|wasm``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from .. import abi
from .. import abi as _abi  # `compile` has a parameter named abi
from ..files import atomic_write
from ..provenance import SECTION_NAME, Provenance
from .check import check
from .codegen import emit_assembly, emit_object, optimize
from .errors import CompileError, CompileErrors
from .guestlib import guest_object
from .link import append_custom_section, link
from .limits import run_deep
from .lower import lower
from .nodes import dump
from .parse import parse
from .pyversion import PythonVersion
from .typed import TypedModule

__all__ = ["compile", "compile_file", "check_source", "emit", "read_source", "decode_source", "STAGES", "TIMED_STAGES", "CheckedModule",
           "CompiledModule", "CompileError", "CompileErrors", "PythonVersion"]

#: What ``emit`` can return: the AST dump, the optimised LLVM IR of the user's
#: module, the wasm assembly text LLVM emits, and the module itself.
STAGES = ("ast", "ir", "asm", "wasm")


#: The stages ``CompiledModule.timings`` names, in pipeline order. "runtime"
#: is finding (or, the first time, building) the guest runtime's object.
TIMED_STAGES = ("parse", "check", "lower", "optimize", "emit", "runtime", "link")


@dataclass(frozen=True)
class CompiledModule:
    """A compiled SmartStream: the wasm bytes, its ABI, the kind of its transform and its exports.

    ``timings`` gives the seconds each stage took (``TIMED_STAGES``), for
    ``ssc compile --timings``.
    """

    wasm: bytes
    abi: abi.Abi
    kind: abi.Kind
    exports: tuple[str, ...]
    timings: dict[str, float] = field(default_factory=dict, compare=False)


_T = TypeVar("_T")


class _Stopwatch:
    """Runs the pipeline's stages, noting how long each takes."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def __call__(self, stage: str, step: Callable[..., _T], *args: object) -> _T:
        start = time.perf_counter()
        result = step(*args)
        self.timings[stage] = time.perf_counter() - start
        return result


def compile(source: str, filename: str = "<source>", *, opt_level: int | str = 2,
            abi: abi.Abi | str = abi.Abi.SMARTMODULE, names: bool = False,
            python: PythonVersion | str | None = None) -> CompiledModule:
    """Compile SmartStream Python source to a wasm module for ``abi``.

    ``abi`` is ``"smartmodule"`` (today's Fluvio, v0.10 and later; the
    default) or ``"smartstream"`` (the legacy ABI of Fluvio v0.9). Raises ``CompileErrors``
    (all the problems found) or ``CompileError``, each rendering as
    ``file:line:col: error: message`` with a caret.

    ``python`` is the CPython version whose behaviour (error messages,
    Unicode tables) the module follows: ``"3.12"``, by default the running
    interpreter's (``pyversion``; a ValueError if it is not supported).
    The module ends with an ``ssc`` custom section (see ``ssc.provenance``).
    ``names`` keeps a name section, so that a trap's backtrace names functions
    (``ssc compile -g``; 4-8% more bytes).
    """
    return run_deep(_compile, source, filename, opt_level, _abi.Abi(abi), names, PythonVersion.of(python))


def _compile(source: str, filename: str, opt_level: int | str, target: abi.Abi, names: bool,
             version: PythonVersion) -> CompiledModule:
    stage = _Stopwatch()
    with _located(filename, source):
        typed = stage("check", check, stage("parse", parse, source, filename, version), target, version)
        exports = _exports(typed)
        optimized = stage("optimize", optimize, stage("lower", lower, typed), exports, opt_level)
        obj = stage("emit", emit_object, optimized)
        stage("runtime", guest_object, version)
        wasm = stage("link", functools.partial(link, names=names, python=version), obj, exports)
    kind = _kind(typed)
    # batches are independent when nothing outlives one: the host may then run them in parallel
    state = "kept" if any(constant.state for constant in typed.constants.values()) else "none"
    stamp = Provenance.of(source, target.value, kind.name.lower(), state, str(version))
    return CompiledModule(append_custom_section(wasm, SECTION_NAME, stamp.encode()), target, kind, exports,
                          stage.timings)


@dataclass(frozen=True)
class CheckedModule:
    """What ``check_source`` found: the ABI, the transform's kind, ``init``/``look_back``
    if defined, and every function of the file (entries and helpers), in source order."""

    abi: abi.Abi
    kind: abi.Kind
    auxiliary: tuple[str, ...]
    functions: tuple[str, ...]


def check_source(source: str, filename: str = "<source>", *,
                 abi: abi.Abi | str = abi.Abi.SMARTMODULE,
                 python: PythonVersion | str | None = None) -> CheckedModule:
    """Parse and type-check only (``ssc check``); no code is generated.

    Raises ``CompileError`` for a syntax error and ``CompileErrors`` with
    every problem the checker found, as ``compile`` does (for the CPython
    version ``python``, by default the running interpreter's).
    """
    target = _abi.Abi(abi)
    typed = run_deep(_checked, source, filename, target, PythonVersion.of(python))
    functions = sorted(typed.functions.values(), key=lambda f: (f.node.span.line, f.node.span.col))
    return CheckedModule(target, _kind(typed), tuple(typed.auxiliary), tuple(dict.fromkeys(f.node.name for f in functions)))


def emit(source: str, filename: str = "<source>", stage: str = "wasm", *, opt_level: int | str = 2,
         abi: abi.Abi | str = abi.Abi.SMARTMODULE, python: PythonVersion | str | None = None) -> str | bytes:
    """One stage's output (``ssc compile --emit STAGE``); the same input gives the same output.

    - ``"ast"``: ``nodes.dump`` of the parsed tree (str; not type-checked);
    - ``"ir"``: the optimised LLVM IR of the program's module; calls into
      the guest runtime (``ssc_*``) are calls, which the link resolves (str);
    - ``"asm"``: the wasm assembly text LLVM emits for that module, as it
      goes to wasm-ld with the runtime's object (str);
    - ``"wasm"``: the module's bytes, as ``compile(...).wasm`` (bytes).
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}: expected one of {', '.join(STAGES)}")
    if stage == "wasm":
        return compile(source, filename, opt_level=opt_level, abi=abi, python=python).wasm
    return run_deep(_emit_text, source, filename, stage, opt_level, _abi.Abi(abi), PythonVersion.of(python))


def _checked(source: str, filename: str, target: abi.Abi, version: PythonVersion) -> TypedModule:
    with _located(filename, source):
        return check(parse(source, filename, version), target, version)


def _emit_text(source: str, filename: str, stage: str, opt_level: int | str, target: abi.Abi,
               version: PythonVersion) -> str:
    with _located(filename, source):
        tree = parse(source, filename, version)
        if stage == "ast":
            return dump(tree)
        typed = check(tree, target, version)
        exports = _exports(typed)
        optimized = optimize(lower(typed), exports, opt_level)
        return str(optimized) if stage == "ir" else emit_assembly(optimized)


def _exports(typed: TypedModule) -> tuple[str, ...]:
    return (_abi.ALLOC_EXPORT, _abi.DEALLOC_EXPORT, typed.entry.role, *typed.auxiliary)


def _kind(typed: TypedModule) -> abi.Kind:
    return _abi.Kind(typed.entry.role)


@contextlib.contextmanager
def _located(filename: str, source: str) -> Iterator[None]:
    """Give the compile errors raised inside the file name and source they lack."""
    try:
        yield
    except CompileErrors as errors:
        for err in errors.errors:
            _locate(err, filename, source)
        raise
    except CompileError as err:
        raise _locate(err, filename, source)


def compile_file(path: str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
                 *, opt_level: int | str = 2, abi: abi.Abi | str = abi.Abi.SMARTMODULE,
                 python: PythonVersion | str | None = None) -> Path:
    """Compile ``path`` (a .py file) for the target ``python`` (see ``compile``) and write the
    module; returns the output path.

    The default output sits next to the source: ``filter.py`` -> ``filter.wasm``.
    """
    source_path = Path(path)
    source = read_source(source_path)
    compiled = compile(source, str(path), opt_level=opt_level, abi=abi, python=python)
    out = Path(output) if output is not None else source_path.with_suffix(".wasm")
    return atomic_write(out, compiled.wasm)


def read_source(path: Path) -> str:
    """The text of a source file; a CompileError if it is unreadable or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CompileError(f"cannot read source: {err.strerror}", None, str(path)) from None
    return decode_source(data, str(path))


def decode_source(data: bytes, filename: str) -> str:
    """Source bytes as text (UTF-8, a byte-order mark allowed); a CompileError if not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CompileError(f"source is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})",
                           None, filename) from None


def _locate(err: CompileError, filename: str, source: str) -> CompileError:
    if err.filename is None:
        err.filename = filename
    if err.source is None:
        err.source = source
    return err
