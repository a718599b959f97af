"""ssc.runtime: the host side of ssc — load and run SmartStream and SmartModule modules.

``load(path_or_bytes)`` returns a module you call batches on, whichever
Fluvio ABI it follows (legacy SmartStream or current SmartModule)::

    from ssc.runtime import load, chain
    mod = load("filter_odd.wasm")
    mod.filter([b"1", b"2"])        # -> [Record(key=None, value=b'2', offset=1, ...)]
    sm = load("filter_init.wasm", params={"key": "a"}, version=22)
    chain([sm, load("map.wasm")]).process([b"apple", b"kiwi"])
    load("filter.wasm", deadline=0.5, max_memory=16 << 20)   # limits: ssc.runtime.sandbox

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
    SmartModuleInitError,
    SmartModuleLookbackError,
    SmartStreamError,
    SmartStreamInternalError,
    SmartStreamMemoryError,
    SmartStreamProtocolError,
    SmartStreamRuntimeError,
    SmartStreamTimeout,
    SmartStreamTrap,
)

if TYPE_CHECKING:
    from ssc.runtime.chains import Chain, chain
    from ssc.runtime.codec import CodecError
    from ssc.runtime.module import ABI_NAME, SmartStreamModule, load
    from ssc.runtime.sandbox import Limits
    from ssc.runtime.smartmodule import SmartModule

__all__ = [
    "load",
    "chain",
    "Chain",
    "SmartStreamModule",
    "SmartModule",
    "ABI_NAME",
    "Record",
    "CodecError",
    "SmartStreamError",
    "SmartStreamRuntimeError",
    "SmartStreamInternalError",
    "SmartStreamTrap",
    "SmartStreamTimeout",
    "SmartStreamMemoryError",
    "SmartStreamProtocolError",
    "SmartModuleInitError",
    "SmartModuleLookbackError",
    "ModuleLoadError",
    "Limits",
]

#: Names imported on first access, and the submodule that defines each.
_LAZY = {
    "load": "ssc.runtime.module",
    "SmartStreamModule": "ssc.runtime.module",
    "ABI_NAME": "ssc.runtime.module",
    "chain": "ssc.runtime.chains",
    "Chain": "ssc.runtime.chains",
    "SmartModule": "ssc.runtime.smartmodule",
    "CodecError": "ssc.runtime.codec",
    "Limits": "ssc.runtime.sandbox",
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
