"""ssc.runtime: the host side of ssc — load and run legacy SmartStream modules.

``load(path_or_bytes)`` returns a module you call batches on::

    from ssc.runtime import load
    mod = load("filter_odd.wasm")
    mod.filter([b"1", b"2"])        # -> [Record(key=None, value=b'2', offset=1, ...)]

Kept light on purpose: ``from ssc.runtime.records import Record`` (what the
``smartstream`` DSL does under plain CPython) must not import wasmtime, so
:func:`load` and :class:`SmartStreamModule` (``module.py``) and the codec
are imported on first use through the module ``__getattr__`` below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ssc.runtime.records import (
    ModuleLoadError,
    Record,
    SmartStreamError,
    SmartStreamInternalError,
    SmartStreamProtocolError,
    SmartStreamRuntimeError,
    SmartStreamTrap,
)

if TYPE_CHECKING:
    from ssc.runtime.codec import CodecError
    from ssc.runtime.module import ABI_NAME, SmartStreamModule, load

__all__ = [
    "load",
    "SmartStreamModule",
    "ABI_NAME",
    "Record",
    "CodecError",
    "SmartStreamError",
    "SmartStreamRuntimeError",
    "SmartStreamInternalError",
    "SmartStreamTrap",
    "SmartStreamProtocolError",
    "ModuleLoadError",
]

#: Names imported on first access, and the submodule that defines each.
_LAZY = {
    "load": "ssc.runtime.module",
    "SmartStreamModule": "ssc.runtime.module",
    "ABI_NAME": "ssc.runtime.module",
    "CodecError": "ssc.runtime.codec",
}


def __getattr__(name: str) -> Any:
    """Import ``load`` & co. (and so wasmtime) only when first asked for."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'ssc.runtime' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
