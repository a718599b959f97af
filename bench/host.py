"""Host figures (``python -m bench --host``): the choices of ssc.runtime, measured.

- ``thread_figures``: one module called from two threads, each running
  half the batches, against one thread running them all. A module without
  state runs the two threads' batches in instances of its own
  (``ssc.runtime.instances``), any other one after the other; the native
  batch codec releases the GIL where it can. Ratios are taken pair by pair
  within a run, the first of a pair taking turns.
- ``compile_figures``: ``wasmtime.Module`` of a program's module with
  wasmtime's ``parallel_compilation`` on and off (ssc turns it off: its
  thread pool does not survive ``fork``), interleaved.
- ``limiter_figures``: the load-time rewrite that makes a refused
  ``memory.grow`` trap (``ssc.runtime.limiter``), against the whole
  ``ssc.load``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import wasmtime

from ssc.runtime import load
from ssc.runtime.limiter import limit_memory_growth
from ssc.runtime.sandbox import fluvio_config

from . import clock
from .guest import GuestModule
from .suite import Program, median, paired


def _threaded(calls: list[Callable[[], object]]) -> float:
    """Run each callable in its own thread; the wall time until all are done."""
    threads = [threading.Thread(target=call) for call in calls]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def thread_figures(program: Program, wasm: bytes, n: int, batches: int, repeat: int) -> dict[str, float]:
    """Records/s of ``2 * batches`` batches of ``n`` records on one module: one thread
    running them all, against two threads running half each; and the speed-up."""
    values = program.values(n)
    module = load(wasm)
    transform = getattr(module, program.entry)

    def work() -> None:
        for _ in range(batches):
            transform(values)

    one, two, ratios = paired(lambda: _threaded([lambda: (work(), work())]),
                              lambda: _threaded([work, work]), repeat)
    total = 2 * n * batches
    return {"records": total, "threads": module.threads, "one_thread_rps": total / median(one),
            "two_threads_rps": total / median(two), "speed_up": median(ratios),
            "guest_speed_up": _guest_thread_speed_up(program, wasm, values, batches, repeat)}


def _guest_thread_speed_up(program: Program, wasm: bytes, values: list[bytes], batches: int, repeat: int) -> float:
    """The same batches as wasm calls alone (an instance per thread, no Python work around
    them, the GIL released throughout): what two threads can gain on this machine now, the
    bound of the figure above (a busy shared machine may give a process one core's worth)."""
    batch = program.payload(values)
    guests = [GuestModule(wasm, program.entry, program.abi) for _ in range(2)]

    def work(guest: GuestModule) -> Callable[[], None]:
        def run() -> None:
            for _ in range(batches):
                guest.run(batch)
        return run

    first, second = work(guests[0]), work(guests[1])
    _, _, ratios = paired(lambda: _threaded([lambda: (first(), first())]),
                          lambda: _threaded([first, second]), repeat)
    return median(ratios)


def compile_figures(wasm: bytes, repeat: int) -> dict[str, float]:
    """Milliseconds to compile the module with parallel compilation on and off."""
    engines = {}
    for parallel in (True, False):
        config = fluvio_config()
        config.parallel_compilation = parallel
        engines[parallel] = wasmtime.Engine(config)

    def compiling(engine: wasmtime.Engine) -> Callable[[], float]:
        def run() -> float:
            start = clock.now()
            wasmtime.Module(engine, wasm)
            return clock.now() - start
        return run

    parallel, serial, _ = paired(compiling(engines[True]), compiling(engines[False]), repeat)
    return {"size": len(wasm), "parallel_ms": median(parallel) * 1e3, "serial_ms": median(serial) * 1e3}


def limiter_figures(wasm: bytes, repeat: int) -> dict[str, float]:
    """Milliseconds of the memory.grow rewrite, and of a whole ssc.load."""
    rewrite, whole = [], []
    for _ in range(repeat):
        start = clock.now()
        limit_memory_growth(wasm)
        rewrite.append(clock.now() - start)
        start = clock.now()
        load(wasm)
        whole.append(clock.now() - start)
    return {"size": len(wasm), "rewrite_ms": median(rewrite) * 1e3, "load_ms": median(whole) * 1e3}
