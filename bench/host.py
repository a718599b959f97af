"""Host figures (``python -m bench --host``): the choices of ssc.runtime, measured.

- ``thread_figures``: one module called from two threads. ssc serialises
  the calls on a module (a lock per module object); the alternative, one
  instance per thread, can do no better than two threads each with its
  own module, which is what is timed against it. Both against one thread
  doing all the batches. Ratios are taken pair by pair within a run.
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

from .suite import Program, median


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
    """Records/s of ``batches`` batches of ``n`` records per thread, three ways."""
    values = program.values(n)
    shared = load(wasm)
    own = [load(wasm), load(wasm)]

    def work(module: object) -> Callable[[], object]:
        transform = getattr(module, program.entry)
        return lambda: [transform(values) for _ in range(batches)]

    one, serialised, separate = [], [], []
    for _ in range(repeat):
        one.append(_threaded([lambda: (work(shared)(), work(shared)())]))
        serialised.append(_threaded([work(shared), work(shared)]))
        separate.append(_threaded([work(own[0]), work(own[1])]))
    total = 2 * n * batches
    return {"records": total, "one_thread_rps": total / median(one),
            "shared_rps": total / median(serialised), "separate_rps": total / median(separate),
            "separate_over_shared": median([s / p for s, p in zip(serialised, separate)])}


def compile_figures(wasm: bytes, repeat: int) -> dict[str, float]:
    """Milliseconds to compile the module with parallel compilation on and off."""
    engines = {}
    for parallel in (True, False):
        config = fluvio_config()
        config.parallel_compilation = parallel
        engines[parallel] = wasmtime.Engine(config)
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(repeat):
        for parallel, engine in engines.items():
            start = time.perf_counter()
            wasmtime.Module(engine, wasm)
            times[parallel].append(time.perf_counter() - start)
    return {"size": len(wasm), "parallel_ms": median(times[True]) * 1e3,
            "serial_ms": median(times[False]) * 1e3}


def limiter_figures(wasm: bytes, repeat: int) -> dict[str, float]:
    """Milliseconds of the memory.grow rewrite, and of a whole ssc.load."""
    rewrite, whole = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        limit_memory_growth(wasm)
        rewrite.append(time.perf_counter() - start)
        start = time.perf_counter()
        load(wasm)
        whole.append(time.perf_counter() - start)
    return {"size": len(wasm), "rewrite_ms": median(rewrite) * 1e3, "load_ms": median(whole) * 1e3}
