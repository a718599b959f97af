"""The sandbox: what one call into a module may cost its host.

Every module :func:`ssc.runtime.load` returns runs under three limits,
set by ``load``'s keyword arguments and kept in the module's ``limits``:

``deadline`` (seconds of wall time per call, default 10.0; None: no limit)
    One call is one batch (``alloc``, copying the input in, the entry), or
    one ``init`` or ``look_back``. wasmtime's *epoch interruption* stops it: the engine is
    compiled with epoch checks (at function entries and loop back-edges),
    each call sets a deadline of ``ceil(deadline / TICK)`` epochs, and a
    daemon thread advances the epoch by one per ``TICK`` (10 ms) of
    monotonic time while any call is running (it sleeps otherwise); it wakes
    every TICK and catches up when a wake comes late, so the deadline is
    measured by the clock, not by counting sleeps. The call then traps with
    ``INTERRUPT``, reported as :class:`~ssc.runtime.SmartStreamTimeout`.
    Why epochs and not fuel: the limit users want is time, which fuel only
    approximates (one unit per instruction, whatever it costs); epochs
    cost a load and a compare per check instead of fuel's counter updates,
    and give the same deadline to a module whatever code it runs. Fluvio's
    SPU turns fuel metering on but tops it up to ``i64::MAX / 2`` before
    each call (spec §3 step 1), so it has no effective time limit: this
    one is an ssc addition.

``max_memory`` (bytes of linear memory, default 1 GiB, as the SPU's ``store_max_memory``)
    A wasmtime store limit, and a module whose initial memory is larger
    does not load. A ``memory.grow`` beyond it (or beyond the memory's own
    maximum) traps, as under Fluvio's store limiter (``runtime.limiter``
    makes it so), reported as :class:`~ssc.runtime.SmartStreamMemoryError`.

``max_stack`` (bytes of native stack for wasm frames, default 512 KiB)
    wasmtime's ``Config.max_wasm_stack`` (512 KiB is also wasmtime's own
    default, so what Fluvio runs with). Deeper recursion traps with
    ``STACK_OVERFLOW``, reported as :class:`~ssc.runtime.SmartStreamTrap`.
    At most 4 MiB: the wasm stack lives on the calling thread's stack.

After a trap of any kind the host discards the module's instance (its
memory too) and the next call instantiates the module again (and calls
``init`` again with the same params): module state starts over.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import wasmtime

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_MAX_STACK",
    "ENGINE_SETTINGS",
    "TICK",
    "Limits",
    "engine_for",
    "fluvio_config",
    "output_host_memory",
]

#: Default wall-time limit of one call, in seconds.
DEFAULT_DEADLINE = 10.0
#: Default linear memory cap, in bytes: 1 GiB, as Fluvio's SPU (spec §3 step 1).
DEFAULT_MAX_MEMORY = 1 << 30
#: Default wasm stack, in bytes: 512 KiB (wasmtime's default).
DEFAULT_MAX_STACK = 512 << 10
#: How often the epoch advances while a call runs, in seconds.
TICK = 0.01

#: The largest linear memory a wasm32 module can have (65536 pages).
_WASM32_MEMORY = 1 << 32
_MIN_STACK = 16 << 10
_MAX_STACK = 4 << 20


@dataclass(frozen=True)
class Limits:
    """The limits a module runs under (see the module docstring).

    ``Limits()`` are the defaults; :meth:`checked` validates user input.
    """

    deadline: float | None = DEFAULT_DEADLINE
    max_memory: int = DEFAULT_MAX_MEMORY
    max_stack: int = DEFAULT_MAX_STACK

    @classmethod
    def checked(
        cls, deadline: float | None, max_memory: int, max_stack: int
    ) -> Limits:
        """The limits, or ValueError/TypeError naming the bad argument."""
        if deadline is not None:
            if isinstance(deadline, bool) or not isinstance(deadline, (int, float)):
                raise TypeError(f"deadline must be seconds (a number) or None, not {deadline!r}")
            if not (deadline > 0 and math.isfinite(deadline)):
                raise ValueError(f"deadline must be a positive number of seconds, not {deadline!r}")
            deadline = float(deadline)
        for name, value, low, high in (
            ("max_memory", max_memory, 1, _WASM32_MEMORY),
            ("max_stack", max_stack, _MIN_STACK, _MAX_STACK),
        ):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be a number of bytes (an int), not {value!r}")
            if not low <= value <= high:
                raise ValueError(f"{name} must be from {low} to {high} bytes, not {value}")
        return cls(deadline, max_memory, max_stack)

    @property
    def ticks(self) -> int:
        """The deadline in epochs of :data:`TICK` seconds (at least 1); 0 if none."""
        if self.deadline is None:
            return 0
        return max(1, math.ceil(self.deadline / TICK - 1e-9))

    def describe(self) -> str:
        """``"deadline 10 s per call, max_memory 1 GiB, max_stack 512 KiB"``."""
        from ssc.runtime.records import format_bytes

        deadline = "no deadline" if self.deadline is None else f"deadline {self.deadline:g} s per call"
        return (
            f"{deadline}, max_memory {format_bytes(self.max_memory)}, "
            f"max_stack {format_bytes(self.max_stack)}"
        )

    def non_default(self) -> str:
        """Only the limits that differ from the defaults, for a repr: ``"deadline=0.5"``."""
        default = Limits()
        return ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in ("deadline", "max_memory", "max_stack")
            if getattr(self, name) != getattr(default, name)
        )


#: The engine settings that make wasmtime-py accept and refuse the modules
#: Fluvio's engine does. Fluvio's ``SmartEngine::new`` (crates/fluvio-smartengine,
#: engine/wasmtime/engine.rs) is ``wasmtime::Config::default()`` plus
#: ``consume_fuel(true)``, on wasmtime 34. Newer wasmtimes turn on by default
#: proposals that 34 left off (gc, exception handling, typed function
#: references, wide arithmetic), so they are turned off here; 34 instantiated
#: a shared memory where a newer one wants ``shared_memory`` set, so it is
#: set. tests/wat/wasmtime34_features.txt records what wasmtime 34 itself does
#: with one module per feature, and the tests hold this engine to it.
#: ``parallel_compilation`` is off: with it, wasmtime compiles on a thread
#: pool that a ``fork``ed child does not have, and the child hangs in its
#: first compile; ssc's modules compile no faster with it (bench --host).
#: Fuel is left off: it changes nothing a module can observe (Fluvio tops it
#: up to ``i64::MAX / 2`` before each call) and the deadline uses epochs.
ENGINE_SETTINGS: dict[str, bool] = {
    "wasm_gc": False,
    "wasm_function_references": False,
    "wasm_exceptions": False,
    "wasm_wide_arithmetic": False,
    "shared_memory": True,
    "parallel_compilation": False,
}


def fluvio_config() -> wasmtime.Config:
    """A wasmtime Config with :data:`ENGINE_SETTINGS` (a setting this wasmtime lacks is skipped)."""
    config = wasmtime.Config()
    for name, value in ENGINE_SETTINGS.items():
        if isinstance(getattr(wasmtime.Config, name, None), property):
            setattr(config, name, value)
    return config


@cache
def engine_for(max_stack: int, epochs: bool) -> wasmtime.Engine:
    """The shared engine for a stack size, with epoch interruption if ``epochs``.

    Engines are few (one per configuration in use) and live as long as the
    process; each module has its own Store. Each accepts the wasm features
    Fluvio's engine accepts (:data:`ENGINE_SETTINGS`).
    """
    config = fluvio_config()
    config.max_wasm_stack = max_stack
    config.epoch_interruption = epochs
    return wasmtime.Engine(config)


class _Ticker:
    """Advances the epoch of every engine with a call in progress, by the time that passed.

    One daemon thread for the process, started on first use; it waits on
    an event while no call runs, and wakes every TICK while one does. Each
    wake advances an engine's epoch by the whole TICKs of ``clock`` time
    (monotonic) since it last advanced it, so a wake that comes late on a
    loaded machine catches up: a deadline counts time, not wakes. Calls
    register with :meth:`enter` and :meth:`leave` (a lock and a dict
    update). In a ``fork``ed child the ticker starts afresh (its thread and
    lock are the parent's), as :func:`os.register_at_fork` arranges below.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.reset()

    def reset(self) -> None:
        """No calls, no thread: the state of a new process (also a forked child)."""
        self._lock = threading.Lock()
        # id(engine) -> [engine, calls in progress, the clock time counted up to]
        self._active: dict[int, list] = {}
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def enter(self, engine: wasmtime.Engine) -> None:
        with self._lock:
            entry = self._active.get(id(engine))
            if entry is None:
                self._active[id(engine)] = [engine, 1, self._clock()]
            else:
                entry[1] += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="ssc-epoch-ticker", daemon=True
                )
                self._thread.start()
            if not self._wake.is_set():
                self._wake.set()

    def leave(self, engine: wasmtime.Engine) -> None:
        with self._lock:
            entry = self._active.get(id(engine))
            if entry is not None:
                entry[1] -= 1
                if entry[1] <= 0:
                    del self._active[id(engine)]

    def advance(self) -> None:
        """Advance each engine with a call in progress by the TICKs elapsed since the last time."""
        now = self._clock()
        due = []
        with self._lock:
            for entry in self._active.values():
                ticks = int((now - entry[2]) / TICK)
                if ticks > 0:
                    entry[2] += ticks * TICK
                    due.append((entry[0], ticks))
            if not self._active:
                self._wake.clear()
        for engine, ticks in due:
            for _ in range(ticks):
                engine.increment_epoch()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(TICK)
            self.advance()


TICKER = _Ticker()
if hasattr(os, "register_at_fork"):  # POSIX: no fork elsewhere
    os.register_at_fork(after_in_child=TICKER.reset)


# ---------------------------------------------------------------------------
# The host side of max_memory
# ---------------------------------------------------------------------------

#: Host memory a decoded output record takes at the peak of decoding, beyond its
#: key and value bytes (measured with tracemalloc on 500,000 records: 200-233
#: bytes for the record's tuple, its Record and their ints).
HOST_BYTES_PER_RECORD = 240
#: The fewest bytes a record takes on the wire (§1: length, attributes, two
#: deltas, no key, an empty value, no headers: one byte each).
_MIN_RECORD_BYTES = 7


def output_host_memory(output: bytes) -> tuple[int, int]:
    """(records, bytes): how many records an output holds, and about how much
    host memory decoding them into Records takes.

    The count is the output's leading ``Vec<Record>`` length, but no more
    records than its bytes can hold; the bytes are that count times
    :data:`HOST_BYTES_PER_RECORD` plus twice the output (the keys and
    values, as bytes objects and on their way there).
    """
    if len(output) < 4:
        return 0, 0
    declared = int.from_bytes(output[:4], "big", signed=True)
    records = max(0, min(declared, (len(output) - 4) // _MIN_RECORD_BYTES))
    return records, records * HOST_BYTES_PER_RECORD + 2 * len(output)
