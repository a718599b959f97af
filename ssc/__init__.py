"""ssc: compile typed Python SmartStreams to small WebAssembly modules for Fluvio.

    >>> import ssc
    >>> module = ssc.load(ssc.compile(open("examples/filter.py").read(), "filter.py").wasm)  # doctest: +SKIP
    >>> [r.value for r in module.filter([b"apple", b"kiwi", b"banana"])]                    # doctest: +SKIP
    [b'apple', b'banana']

``ssc.load`` and the runtime never import the compiler (llvmlite, lark):
a program that only runs modules pays for wasmtime alone. Names are
resolved lazily for that reason.
"""

from __future__ import annotations

import os as _os

__version__ = "0.1.0"


def _checkout_layout() -> None:
    """Let a source checkout run without an install.

    The wheel puts the top-level folders ``compiler/``, ``runtime/`` and
    ``grammar/`` inside ``ssc/`` (pyproject's ``package-dir``). In a checkout
    they sit beside ``ssc/``, so the checkout's root is added to this
    package's path: ``import ssc.compiler`` then finds ``compiler/``.
    Nothing changes in an installed ssc, where ``ssc/compiler`` exists.
    """
    here = _os.path.dirname(_os.path.abspath(__file__))
    root = _os.path.dirname(here)
    if (not _os.path.isdir(_os.path.join(here, "compiler"))
            and _os.path.isfile(_os.path.join(root, "compiler", "__init__.py"))
            and _os.path.isfile(_os.path.join(root, "pyproject.toml"))):
        __path__.append(root)


_checkout_layout()

_RUNTIME_NAMES = {"load", "chain", "Record", "SmartStreamError", "SmartStreamRuntimeError",
                  "SmartStreamInternalError", "SmartModuleInitError", "SmartModuleLookbackError",
                  "SmartStreamTrap", "SmartStreamTimeout", "SmartStreamMemoryError",
                  "SmartStreamProtocolError", "ModuleLoadError"}
_COMPILER_NAMES = {"compile", "compile_file", "CompileError", "CompileErrors"}
_INSPECTION_NAMES = {"inspect_module"}

__all__ = sorted(_RUNTIME_NAMES | _COMPILER_NAMES | _INSPECTION_NAMES | {"__version__"})


def __getattr__(name: str) -> object:
    if name in _RUNTIME_NAMES:
        from . import runtime
        return getattr(runtime, name)
    if name in _COMPILER_NAMES:
        from . import compiler
        return getattr(compiler, name)
    if name in _INSPECTION_NAMES:
        from . import inspection
        return getattr(inspection, name)
    raise AttributeError(f"module 'ssc' has no attribute {name!r}")
