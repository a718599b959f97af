"""Import compiled SmartStreams as Python modules: ``import ssc.loader``, then ``import keep_a``.

After ``import ssc.loader`` (which calls :func:`install`), ``import keep_a``
finds ``keep_a.wasm`` on ``sys.path`` -- the convention of
``wasmtime.loader`` -- and returns a module whose entry function runs the
wasm on a batch of records::

    import ssc.loader
    import keep_a                                   # keep_a.wasm, or keep_a.py compiled
    keep_a.filter([b"apple", Record(None, b"kiwi")])   # [Record(key=None, value=b'apple', ...)]
    keep_a.kind, keep_a.abi                         # Kind.FILTER, Abi.SMARTMODULE
    keep_a.module                                   # the ssc.load() object that runs it

The imported module has: the entry, named after the kind (``filter``,
``map``, ``filter_map``, ``array_map`` or ``aggregate``), ``process`` (any
kind), ``look_back`` (SmartModules that export it), ``kind``, ``abi``,
``module`` (the :class:`ssc.runtime.SmartStreamModule` or
:class:`ssc.runtime.SmartModule`), ``configure(params=..., version=...,
accumulator=...)`` (a fresh instance with new init params; no arguments
resets the guest's state), ``__file__`` (the ``.py`` it was compiled from,
else the ``.wasm``) and ``__wasm__`` (the wasm file it runs).

**Sources.** A ``keep_a.py`` that is a SmartStream -- it imports from
``smartstream`` and decorates a function with ``@smartstream.<kind>`` -- is
compiled when there is no ``keep_a.wasm`` beside it or when it is newer
than that ``.wasm``. The result is cached beside the source, like
``__pycache__``: ``__sscache__/keep_a.<abi>.py<XY>.<hash>.wasm``, where
``py<XY>`` is the running Python's version (``py312``: the module is
compiled for it, to behave as the CPython it runs beside, see
``ssc.compiler.pyversion``) and ``<hash>`` is 16 hex digits of a SHA-256
over the source bytes, the ABI, that version and the compiler (ssc's
version and sources, llvmlite and zig), so an edited source or an upgraded
compiler gets a new file and stale ones of the same name, ABI and Python
are removed. If ``__sscache__`` cannot be written, the module goes to
``<ssc cache dir>/modules/`` (``$SSC_CACHE_DIR``, else ``~/.cache/ssc``,
owner-only: ``ssc.files``); if neither can, the module runs uncached.
Every entry is written atomically and checked before use: the file must
be a whole module whose ``ssc`` section names this source's SHA-256, ABI
and Python version; one that fails (truncated, damaged, another module), or that passes
but does not load, is removed and compiled again. The user's own
``keep_a.wasm`` is never written.

**ABI of a compiled source.** ``ABI[name]`` if set (``"smartstream"`` for
the legacy ABI of Fluvio v0.9, or ``"smartmodule"``); else the SmartModule
ABI of today's Fluvio, as ``ssc compile`` does by default.

**Threads.** An imported module is a process global, so threads may call
it at once: each call gets its own batch's results, the calls being
serialised by the module (``ssc.runtime``; docs/abi.md, "Threads").

**Init params.** ``PARAMS[name] = {"key": "a"}`` before the import: the
SmartModule's ``init`` runs at import with them (an ``init`` that rejects
its params fails the import with ``SmartModuleInitError``). Afterwards,
``keep_a.configure(params={...})`` loads a fresh instance with others.

**Precedence.** Python's own rules first: built-in and frozen modules, and
anything Python's path finder finds in an earlier ``sys.path`` entry (or,
in the same directory, a package, an extension module or a plain ``.py``),
keep importing as before. A ``.py`` that is not a SmartStream is never
touched, even beside a ``.wasm`` of the same name; a ``.wasm`` that exports
no SmartStream entry is left to other finders (e.g. ``wasmtime.loader``).
Without the hook the same ``keep_a.py`` imports as plain CPython; with it,
``smartstream.load_python("keep_a.py")`` runs the CPython version, and
:func:`uninstall` removes the hook.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import re
import sys
import types
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from ssc.abi import Abi, Kind

__all__ = ["install", "uninstall", "compile_cached", "is_smartstream_source",
           "SmartStreamFinder", "SmartStreamLoader", "SmartStreamImport",
           "PARAMS", "ABI", "CACHE_DIRNAME"]

logger = logging.getLogger(__name__)

#: Init params per module name (``"keep_a"``, ``"pkg.keep_a"``), passed to
#: ``ssc.load(..., params=)`` when the module is imported.
PARAMS: dict[str, Mapping[str, str]] = {}

#: The ABI to compile a source with, per module name; overrides the detection.
ABI: dict[str, Abi | str] = {}

#: The folder beside a source that holds its compiled modules.
CACHE_DIRNAME = "__sscache__"

#: The ABI sources are compiled for unless ``ABI`` names another (as ``ssc compile``).
DEFAULT_ABI = Abi.SMARTMODULE

#: The optimisation level sources are compiled at (as ``ssc compile``).
OPT_LEVEL = 2

_TRANSFORMS = frozenset(k.export for k in Kind)                # filter map filter_map array_map aggregate
_ENTRY_NAMES = _TRANSFORMS | {"look_back"}
#: Names this hook never claims: ssc itself and the module SmartStreams import.
_RESERVED = frozenset({"ssc", "smartstream"})
_WASM_MAGIC = b"\x00asm"


# --------------------------------------------------------------------------
# Telling SmartStream sources and modules from everything else
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInfo:
    """A SmartStream source file as found: its bytes, the ABI it asks for, its docstring."""

    path: Path
    data: bytes
    abi: Abi
    doc: str | None


def is_smartstream_source(path: str | os.PathLike[str]) -> bool:
    """Whether the hook treats ``path`` as a SmartStream (it compiles it) or as plain Python.

    A SmartStream imports from ``smartstream`` at top level and decorates a
    top-level function with a transform (``@smartstream.filter``, ``.map``,
    ``.aggregate``, ``.filter_map``, ``.array_map``).
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False
    return _classify(Path(path), data) is not None


def _classify(path: Path, data: bytes) -> SourceInfo | None:
    """A SourceInfo if ``data`` is a SmartStream source, else None (plain Python)."""
    if b"smartstream" not in data:       # the cheap test every ordinary module fails
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    import ast

    try:
        tree = ast.parse(text, str(path))
    except (SyntaxError, ValueError):
        return _classify_unparsable(path, data, text)
    bound: set[str] = set()              # names bound by a smartstream import
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "smartstream" and node.level == 0:
            bound.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            bound.update(alias.asname or alias.name for alias in node.names if alias.name == "smartstream")
    if not bound:
        return None
    roles: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for deco in node.decorator_list:
                root = deco
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(deco, ast.Attribute) and isinstance(root, ast.Name) and root.id in bound:
                    roles.add(deco.attr)
    if not roles & _TRANSFORMS:
        return None
    return SourceInfo(path, data, DEFAULT_ABI, ast.get_docstring(tree))


_IMPORT_LINE = re.compile(r"^(from[ \t]+smartstream[ \t]+import|import[ \t]+smartstream)\b", re.MULTILINE)
_DECORATOR_LINE = re.compile(r"^[ \t]*@[ \t]*\w+(?:\.\w+)*\.(\w+)[ \t]*$", re.MULTILINE)


def _classify_unparsable(path: Path, data: bytes, text: str) -> SourceInfo | None:
    """A source CPython cannot parse: a SmartStream (so the compiler reports it) only if
    it clearly is one -- a smartstream import at column 0 and a transform decorator."""
    if not _IMPORT_LINE.search(text):
        return None
    roles = set(_DECORATOR_LINE.findall(text))
    if not roles & _TRANSFORMS:
        return None
    return SourceInfo(path, data, DEFAULT_ABI, None)


def _wasm_exports(data: bytes) -> list[str] | None:
    """The export names of a binary wasm module; None if it does not decode."""
    if data[:4] != _WASM_MAGIC or len(data) < 8:
        return None
    pos = 8
    try:
        while pos < len(data):
            section, (size, pos) = data[pos], _uleb(data, pos + 1)
            end = pos + size
            if end > len(data):
                return None
            if section == 7:
                names = []
                count, pos = _uleb(data, pos)
                for _ in range(count):
                    length, pos = _uleb(data, pos)
                    names.append(data[pos:pos + length].decode("utf-8", "replace"))
                    _, pos = _uleb(data, pos + length + 1)   # the kind byte, then the index
                return names
            pos = end
    except ValueError:
        return None
    return []


def _claims_wasm(path: Path) -> bool:
    """Whether a ``.wasm`` is ours: it exports a SmartStream entry, or is not readable
    wasm at all (then loading it gives a clear ModuleLoadError, not 'No module named')."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    exports = _wasm_exports(data)
    return exports is None or any(name in _TRANSFORMS for name in exports)


# --------------------------------------------------------------------------
# The finder
# --------------------------------------------------------------------------


def _stat_file(path: str) -> os.stat_result | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st if (st.st_mode & 0o170000) == 0o100000 else None   # regular files only


class SmartStreamFinder(importlib.abc.MetaPathFinder):
    """Finds ``NAME.wasm`` and SmartStream ``NAME.py`` files on ``sys.path`` (or a package's path).

    Sits just before Python's PathFinder in ``sys.meta_path``, so built-in
    and frozen modules come first, and defers to PathFinder whenever that
    would find a module in an earlier path entry or a non-SmartStream one in
    the same directory.
    """

    def find_spec(self, fullname: str, path: Any = None, target: types.ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in _RESERVED or fullname in sys.builtin_module_names:
            return None
        name = fullname.rpartition(".")[2]
        try:
            entries = list(sys.path if path is None else path)
        except TypeError:
            return None
        for index, entry in enumerate(entries):
            if isinstance(entry, bytes):
                entry = os.fsdecode(entry)
            if not isinstance(entry, str):
                continue
            directory = entry or os.getcwd()
            wasm = os.path.join(directory, name + ".wasm")
            py = os.path.join(directory, name + ".py")
            wasm_stat, py_stat = _stat_file(wasm), _stat_file(py)
            if wasm_stat is None and py_stat is None:
                continue
            source = None
            if py_stat is not None:
                try:
                    source = _classify(Path(py), Path(py).read_bytes())
                except OSError:
                    source = None
                if source is None:
                    return None                   # a plain .py: Python imports it
            use_wasm = wasm_stat is not None and (py_stat is None or wasm_stat.st_mtime_ns >= py_stat.st_mtime_ns)
            if use_wasm and not _claims_wasm(Path(wasm)):
                if source is None:
                    continue                      # not a SmartStream: not ours
                use_wasm = False
            if self._python_finds_another(fullname, entries[:index + 1], source):
                return None
            if use_wasm:
                loader = SmartStreamLoader(fullname, Path(wasm), None)
                return importlib.util.spec_from_file_location(fullname, wasm, loader=loader)
            assert source is not None
            loader = SmartStreamLoader(fullname, None, source)
            spec = importlib.util.spec_from_file_location(fullname, py, loader=loader)
            if spec is not None:
                spec.cached = None                # set to the wasm once compiled
            return spec
        return None

    @staticmethod
    def _python_finds_another(fullname: str, entries: list[Any], source: SourceInfo | None) -> bool:
        """Whether Python's path finder would import something else from these entries."""
        try:
            spec = importlib.machinery.PathFinder.find_spec(fullname, entries)
        except Exception:                         # noqa: BLE001 - be conservative: let Python decide
            return True
        if spec is None or spec.loader is None or spec.origin is None:
            return False                          # nothing, or a namespace package: ours wins
        if source is not None:
            try:
                return not os.path.samefile(spec.origin, source.path)
            except OSError:
                return True
        return True

    def invalidate_caches(self) -> None:
        pass

    def __repr__(self) -> str:
        return "<ssc.loader.SmartStreamFinder>"


# --------------------------------------------------------------------------
# Compiling and caching
# --------------------------------------------------------------------------


def compile_cached(path: str | os.PathLike[str], *, abi: Abi | str | None = None) -> Path:
    """Compile a SmartStream source through the cache; return the cached ``.wasm``'s path.

    ``abi`` None: ``DEFAULT_ABI``, as for the import hook. A cache hit does not
    import the compiler. Raises ``ssc.CompileError`` if it does not compile.
    """
    source_path = Path(path)
    data = source_path.read_bytes()
    info = _classify(source_path, data)
    detected = info.abi if info is not None else DEFAULT_ABI
    info = SourceInfo(source_path, data, Abi(abi) if abi is not None else detected, info.doc if info else None)
    cached, _ = _compile_cached(info)
    if cached is None:
        raise OSError(f"cannot write the compiled module of {source_path} to {_local_cache_path(info)} "
                      f"or to ssc's cache folder")
    return cached


def _python_tag() -> str:
    """``py312``: the version sources are compiled for here, the running Python's."""
    return f"py{sys.version_info.major}{sys.version_info.minor}"


def _cache_key(data: bytes, abi: Abi) -> str:
    key = hashlib.sha256()
    key.update(f"ssc.loader/1\0{abi.value}\0{_python_tag()}\0O{OPT_LEVEL}\0".encode())
    key.update(_compiler_fingerprint().encode())
    key.update(b"\0")
    key.update(data)
    return key.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _compiler_fingerprint() -> str:
    """A hash of what makes the compiler's output: ssc's version and sources, llvmlite, zig."""
    import ssc

    digest = hashlib.sha256(f"ssc {ssc.__version__}\0".encode())
    for dist in ("llvmlite", "ziglang"):
        try:
            from importlib.metadata import version
            digest.update(f"{dist} {version(dist)}\0".encode())
        except Exception:                         # noqa: BLE001 - not installed as a distribution
            digest.update(f"{dist} ?\0".encode())
    roots = [Path(ssc.__file__).parent / "abi.py"]
    for package in ("ssc.compiler", "ssc.grammar"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            roots += [Path(p) for p in spec.submodule_search_locations]
    for root in roots:
        files = [root] if root.is_file() else sorted(
            p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".c", ".h", ".lark"))
        for file in files:
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _local_cache_path(info: SourceInfo) -> Path:
    return (info.path.parent / CACHE_DIRNAME
            / f"{info.path.stem}.{info.abi.value}.{_python_tag()}.{_cache_key(info.data, info.abi)}.wasm")


def _global_cache_dir() -> Path | None:
    """Where compiled modules go when ``__sscache__`` cannot be written: ``<cache dir>/modules``
    (owner-only; None when ssc's cache folder is unusable)."""
    from ssc.files import private_cache_dir

    return private_cache_dir("modules")


def _compile_cached(info: SourceInfo, *, refresh: bool = False) -> tuple[Path | None, bytes]:
    """The cached wasm of ``info``, compiled on a miss (or with ``refresh``): (its path, or
    None if no cache folder could be written; its bytes). Looks in ``__sscache__``, then
    the global folder; an entry that fails :func:`_read_cached`'s checks is removed."""
    local = _local_cache_path(info)
    global_dir = _global_cache_dir()
    candidates = [local] + ([global_dir / local.name] if global_dir is not None else [])
    for candidate in candidates if not refresh else ():
        hit = _read_cached(candidate, info)
        if hit is not None:
            logger.debug("ssc.loader: %s: using %s", info.path, candidate)
            return candidate, hit
    from ssc import compiler

    wasm = compiler.compile(_decode(info), str(info.path), opt_level=OPT_LEVEL, abi=info.abi).wasm
    logger.debug("ssc.loader: compiled %s (%s ABI)", info.path, info.abi.value)
    written = _write_cache(local, wasm, fresh_dir_ignore=True)
    if written is not None:
        _remove_stale(local)
        return written, wasm
    if global_dir is not None:
        return _write_cache(global_dir / local.name, wasm), wasm
    return None, wasm


def _read_cached(path: Path, info: SourceInfo) -> bytes | None:
    """The bytes of a cached module if it is whole and was compiled from ``info``'s source
    for its ABI (its ``ssc`` section says so); else None, and a bad entry is removed."""
    try:
        wasm = path.read_bytes()
    except OSError:
        return None
    if _stamp_matches(wasm, info):
        return wasm
    logger.debug("ssc.loader: %s is damaged or not this source's module: removed", path)
    try:
        path.unlink()
    except OSError:
        pass
    return None


def _stamp_matches(wasm: bytes, info: SourceInfo) -> bool:
    """Whether ``wasm`` is a whole module whose last section is the ``ssc`` section of ``info``."""
    from ssc.provenance import SECTION_NAME, Provenance, source_sha256

    last = _last_section(wasm)
    if last is None or last[0] != SECTION_NAME:
        return False
    try:
        stamp = Provenance.decode(last[1])
        source = info.data.decode("utf-8-sig")
    except (ValueError, UnicodeDecodeError):
        return False
    return (stamp.source_sha256 == source_sha256(source) and stamp.abi == info.abi.value
            and stamp.python == f"{sys.version_info.major}.{sys.version_info.minor}")


def _last_section(data: bytes) -> tuple[str, bytes] | None:
    """The name and payload of the last section if it is a custom one, after checking that
    every section lies within the file and the last one ends it (a truncated file fails)."""
    if data[:4] != _WASM_MAGIC or data[4:8] != b"\x01\x00\x00\x00":
        return None
    pos, last = 8, None
    try:
        while pos < len(data):
            section, (size, pos) = data[pos], _uleb(data, pos + 1)
            if pos + size > len(data):
                return None
            last = (section, pos, pos + size)
            pos += size
    except ValueError:
        return None
    if last is None or last[0] != 0:
        return None
    _, start, end = last
    try:
        length, name_start = _uleb(data, start)
        name = data[name_start:name_start + length].decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    return (name, data[name_start + length:end]) if name_start + length <= end else None


def _uleb(data: bytes, pos: int) -> tuple[int, int]:
    """An unsigned LEB128 at ``pos``: (value, the position after it); ValueError if cut off."""
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 35:
            raise ValueError("bad LEB128")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def _decode(info: SourceInfo) -> str:
    """The source text, with read_source's error for a file that is not UTF-8."""
    try:
        return info.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from ssc import compiler

        return compiler.read_source(info.path)    # raises the CompileError


def _write_cache(path: Path, wasm: bytes, *, fresh_dir_ignore: bool = False) -> Path | None:
    """Write ``wasm`` to ``path`` atomically; None if the folder cannot be written."""
    from ssc.files import atomic_write

    folder = path.parent
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            if fresh_dir_ignore:
                atomic_write(folder / ".gitignore", "# created by ssc.loader\n*\n")
        return atomic_write(path, wasm)
    except OSError as err:
        logger.debug("ssc.loader: cannot write %s: %s", path, err)
        return None


def _remove_stale(current: Path) -> None:
    """Remove the other cached modules of the same source, ABI and Python (an older version of it)."""
    stem, abi, python = current.name.split(".")[:3]
    for other in current.parent.glob(f"{_glob_escape(stem)}.{abi}.{python}.*.wasm"):
        if other != current and len(other.name.split(".")) == 5:
            try:
                other.unlink()
            except OSError:
                pass


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# --------------------------------------------------------------------------
# The loader and the module it makes
# --------------------------------------------------------------------------


class SmartStreamImport(types.ModuleType):
    """A module made by the hook: its repr names the kind, ABI, size and source."""

    def __repr__(self) -> str:
        runner = self.__dict__.get("module")
        if runner is None:
            return f"<smartstream module {self.__name__!r} (not loaded)>"
        return f"<smartstream module {self.__name__!r}: {_summary(self)}>"


def _abi_name(runner: Any) -> str:
    return "smartstream (legacy)" if runner.abi is Abi.SMARTSTREAM else "smartmodule"


def _summary(module: types.ModuleType) -> str:
    runner = module.__dict__["module"]
    wasm = module.__dict__.get("__wasm__")
    source = module.__dict__.get("__file__")
    where = f"from {source}"
    if wasm is not None and os.fspath(wasm) != source:
        where += f" (wasm {wasm})"
    return f"{runner.kind.export}, abi {_abi_name(runner)}, {runner.size:,} bytes, {where}"


class SmartStreamLoader(importlib.abc.Loader):
    """Loads a ``.wasm`` (``wasm_path``) or compiles a SmartStream source (``source``) and loads that."""

    def __init__(self, fullname: str, wasm_path: Path | None, source: SourceInfo | None) -> None:
        self.fullname = fullname
        self.wasm_path = wasm_path
        self.source = source

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return SmartStreamImport(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        if type(module) is types.ModuleType:     # importlib.reload of a module imported before
            module.__class__ = SmartStreamImport
        from ssc.runtime import ModuleLoadError, SmartModuleInitError

        name = module.__name__
        if self.source is not None and name in ABI:
            self.source = replace(self.source, abi=Abi(ABI[name]))
        path, origin, doc = self._module_file(name, refresh=False)
        params = PARAMS.get(name)
        make = self._maker(origin)
        try:
            try:
                runner = make(params=params) if params is not None else make()
            except Exception as err:
                if self.source is None or path is None or not isinstance(err, ModuleLoadError):
                    raise
                # a cached module that passed the checks but does not load: compile it again
                path, origin, doc = self._module_file(name, refresh=True)
                make = self._maker(origin)
                runner = make(params=params) if params is not None else make()
        except Exception as err:
            hint = ""
            if isinstance(err, SmartModuleInitError) and params is None:
                hint = f"; give init its params with ssc.loader.PARAMS[{name!r}] = {{...}} before the import"
            _note(err, f"while ssc.loader loaded {path or self._label()} for 'import {name}'{hint}")
            raise
        if module.__spec__ is not None and self.source is not None:
            module.__spec__.cached = os.fspath(path) if path is not None else None
        _populate(module, runner, make, path, doc)

    def _module_file(self, name: str, *, refresh: bool) -> tuple[Path | None, Path | bytes, str | None]:
        """(the wasm file, what to load: that path or the bytes, the docstring), compiling a source."""
        if self.source is None:
            assert self.wasm_path is not None
            return self.wasm_path, self.wasm_path, None
        try:
            path, wasm = _compile_cached(self.source, refresh=refresh)
        except Exception as err:
            _note(err, f"while ssc.loader compiled {self.source.path} for 'import {name}' "
                       f"({self.source.abi.value} ABI; to run it under CPython instead: "
                       f"smartstream.load_python({str(self.source.path)!r}))")
            raise
        return path, (path if path is not None else wasm), self.source.doc

    def _maker(self, origin: Path | bytes) -> Any:
        def make(**options: Any) -> Any:
            from ssc.runtime import load

            return load(origin, name=self._label(), **options)

        return make

    def _label(self) -> str:
        return self.source.path.name if self.source is not None else (self.wasm_path or Path("?")).name

    def is_package(self, fullname: str) -> bool:
        return False

    def get_source(self, fullname: str) -> str | None:
        return _decode(self.source) if self.source is not None else None

    def __repr__(self) -> str:
        what = self.source.path if self.source is not None else self.wasm_path
        return f"<ssc.loader.SmartStreamLoader {self.fullname!r} from {what}>"


def _note(err: BaseException, text: str) -> None:
    if hasattr(err, "add_note"):                  # Python 3.11+
        err.add_note(text)


def _populate(module: types.ModuleType, runner: Any, make: Any, wasm_path: Path | None, doc: str | None) -> None:
    """Fill ``module`` with the runner and the functions that call it."""
    namespace = module.__dict__
    for stale in _ENTRY_NAMES | {"process", "configure"}:
        namespace.pop(stale, None)
    name = module.__name__
    export = runner.kind.export
    namespace["__wasm__"] = os.fspath(wasm_path) if wasm_path is not None else None
    if module.__spec__ is not None:
        namespace["__cached__"] = module.__spec__.cached
    namespace["module"] = runner
    namespace["kind"] = runner.kind
    namespace["abi"] = runner.abi

    def delegate(method: str) -> Any:
        bound = getattr(runner, method)

        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(namespace["module"], method)(*args, **kwargs)

        call.__name__ = call.__qualname__ = method
        call.__module__ = name
        call.__doc__ = bound.__doc__
        import inspect

        try:
            call.__signature__ = inspect.signature(bound)  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            pass
        return call

    names = [export, "process"]
    if getattr(runner, "has_look_back", False):
        names.append("look_back")
    for method in names:
        namespace[method] = delegate(method)

    def configure(params: Mapping[str, str] | None = None, *, version: int | None = None,
                  accumulator: bytes | str | None = None, **options: Any) -> Any:
        """Load a fresh instance of this module (init runs again with ``params``); return it.

        With no arguments it resets the guest's state (globals, an aggregate's
        accumulator). ``params``, ``version`` and ``accumulator`` (SmartModules
        only) and any other keyword are passed to ``ssc.load``.
        """
        for option, value in (("params", params), ("version", version), ("accumulator", accumulator)):
            if value is not None:
                options[option] = value
        fresh = make(**options)
        namespace["module"] = fresh
        return fresh

    configure.__module__ = name
    namespace["configure"] = configure
    namespace["__all__"] = [*names, "configure", "module", "kind", "abi"]
    call_help = f"{name}.{export}(records) -> list[Record]"
    if export == "aggregate":
        call_help = f"{name}.aggregate(records, accumulator=None) -> list[Record]"
    what = "SmartModule" if runner.abi is Abi.SMARTMODULE else "SmartStream"
    lines = [
        f"A {export} {what} in WebAssembly, run by ssc on wasmtime.",
        "",
        _summary(module),
        "",
        f"Call {call_help}, or {name}.process(records); records are bytes, str or Record."
        + (f" {name}.look_back(records) feeds the look-back window." if "look_back" in names else ""),
        f"{name}.configure(params={{...}}) loads a fresh instance; {name}.module is the ssc.load() object.",
    ]
    if doc:
        lines += ["", doc]
    namespace["__doc__"] = "\n".join(lines)


# --------------------------------------------------------------------------
# Installing
# --------------------------------------------------------------------------

_finder: SmartStreamFinder | None = None


def install() -> SmartStreamFinder:
    """Put the finder in ``sys.meta_path`` (just before PathFinder); idempotent. ``import ssc.loader`` calls it."""
    global _finder
    if _finder is not None and _finder in sys.meta_path:
        return _finder
    _finder = _finder or SmartStreamFinder()
    try:
        position = sys.meta_path.index(importlib.machinery.PathFinder)
    except ValueError:
        position = len(sys.meta_path)
    sys.meta_path.insert(position, _finder)
    return _finder


def uninstall() -> None:
    """Remove the finder: ``.wasm`` files stop importing and SmartStream ``.py`` files import as
    plain Python again. Modules already imported stay in ``sys.modules``."""
    while _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)


install()

