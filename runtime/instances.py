"""Where a loaded module's calls run: its wasmtime instances, and which thread uses which.

A module object may be called from several threads (the modules of
``ssc.loader`` are process globals). Each call (one batch, ``init`` or
``look_back``) needs an instance of its own for its whole length: an
instance's memory, output slot and the wasmtime Store around it serve one
call at a time (wasmtime aborts the process when one Store is used from two
threads at once). :class:`Instances` hands them out in one of two ways:

- **serialised** (the default): one instance, reused across batches as
  Fluvio's SPU reuses it for a stream, so module state sees the batches one
  after the other; calls from several threads wait for each other (a lock
  around the call).
- **pooled**: for a module known to keep no state from one batch to the
  next (an ssc module whose ``ssc`` section says ``state=none``, which is
  not an aggregate), any instance gives the same results, so each call
  takes an idle instance or makes a new one, and threads run their batches
  at the same time (wasmtime releases the GIL while wasm runs). At most
  :data:`POOL_SIZE` idle instances are kept.

After a trap the instance is discarded (:meth:`Instances.discard`) and the
next call gets a fresh one. In a ``fork``ed child the lock is new, and an
instance whose call was under way in another thread of the parent is
dropped: that call left it half-way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import wasmtime

    from ssc.runtime.module import _OutputSlot

__all__ = ["Instance", "Instances", "POOL_SIZE"]

#: Idle instances a pooled module keeps (each holds its own linear memory).
POOL_SIZE = max(2, os.cpu_count() or 2)


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
    """A module's instances: one, serialised, or a pool (see the module docstring).

    ``make()`` instantiates the module (and runs its ``init``); it is called
    when a call finds no instance to use.
    """

    def __init__(self, make: Callable[[], Instance], pooled: bool) -> None:
        self._make = make
        self.pooled = pooled
        self._lock = threading.Lock()
        self._only: Instance | None = None          # serialised: the instance, if any
        self._idle: list[Instance] = []             # pooled: the idle instances

    def first(self, instance: Instance) -> None:
        """Keep ``instance``, made by the module at load, for the next call."""
        if self.pooled:
            self._idle.append(instance)
        else:
            self._only = instance

    @contextmanager
    def use(self) -> Iterator[Instance]:
        """An instance for one call, this thread's alone until the block ends."""
        if not self.pooled:
            with self._lock:
                if self._only is None or self._only.store is None:
                    self._only = self._make()
                yield self._only
            return
        with self._lock:
            instance = self._idle.pop() if self._idle else None
        try:
            if instance is None:
                instance = self._make()
            yield instance
        finally:
            with self._lock:
                if instance is not None and instance.store is not None and len(self._idle) < POOL_SIZE:
                    self._idle.append(instance)

    @staticmethod
    def discard(instance: Instance) -> None:
        """Drop ``instance`` (and its memory, once unreferenced); it is never used again."""
        instance.store = None
        instance.memory = instance.alloc = None  # type: ignore[assignment]
        instance.funcs = {}

    def after_fork_in_child(self) -> None:
        """A new lock; the parent's call under way, if any, left its instance half-way."""
        if not self.pooled and self._lock.locked() and self._only is not None:
            self.discard(self._only)
            self._only = None
        self._lock = threading.Lock()
