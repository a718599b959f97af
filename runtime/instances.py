"""Where a loaded module's calls run: its wasmtime instance, one call at a time.

A module object may be called from several threads (the modules of
``ssc.loader`` are process globals). Each call (one batch, ``init`` or
``look_back``) needs the instance for its whole length: an instance's
memory, output slot and the wasmtime Store around it serve one call at a
time (wasmtime aborts the process when one Store is used from two threads
at once). :class:`Instances` holds the one instance, reused across batches
as Fluvio's SPU reuses it for a stream, so module state sees the batches
one after the other; calls from several threads wait for each other (a
lock around the call).

After a trap the instance is discarded (:meth:`Instances.discard`) and the
next call gets a fresh one. In a ``fork``ed child the lock is new, and an
instance whose call was under way in another thread of the parent is
dropped: that call left it half-way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import wasmtime

    from ssc.runtime.module import _OutputSlot

__all__ = ["Instance", "Instances"]


class Instance:
    """One wasmtime Store and Instance of a module, and the parts of it a call uses.

    ``store`` is None once the instance is discarded (after a trap).
    """

    __slots__ = ("store", "memory", "alloc", "slot", "funcs")

    def __init__(self, store: wasmtime.Store, memory: wasmtime.Memory, alloc: wasmtime.Func,
                 slot: _OutputSlot, funcs: dict[str, wasmtime.Func]) -> None:
        self.store: wasmtime.Store | None = store
        self.memory = memory
        self.alloc = alloc
        self.slot = slot
        self.funcs = funcs


class Instances:
    """A module's instance, one call at a time (see the module docstring).

    ``make()`` instantiates the module (and runs its ``init``); it is called
    when a call finds no instance to use.
    """

    def __init__(self, make: Callable[[], Instance]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._only: Instance | None = None

    def first(self, instance: Instance) -> None:
        """Keep ``instance``, made by the module at load, for the next call."""
        self._only = instance

    @contextmanager
    def use(self) -> Iterator[Instance]:
        """The instance for one call, this thread's alone until the block ends."""
        with self._lock:
            if self._only is None or self._only.store is None:
                self._only = self._make()
            yield self._only

    @staticmethod
    def discard(instance: Instance) -> None:
        """Drop ``instance`` (and its memory, once unreferenced); it is never used again."""
        instance.store = None
        instance.memory = instance.alloc = None  # type: ignore[assignment]
        instance.funcs = {}

    def after_fork_in_child(self) -> None:
        """A new lock; the parent's call under way, if any, left its instance half-way."""
        if self._lock.locked() and self._only is not None:
            self.discard(self._only)
            self._only = None
        self._lock = threading.Lock()
