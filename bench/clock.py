"""The clock of the single-threaded figures: the CPU time of the thread that runs them.

The machine the suite runs on is shared (2 cores, other developers' test
suites beside it), and a run that waits for a core measures the waiting. A
single-threaded figure (a wasm call, a codec, a CPython loop, ``module.map``
end to end: wasmtime runs the guest on the calling thread) is the same work
either way, so by default it is timed with ``time.thread_time``, this
thread's CPU time, which the waiting does not count; on an idle machine the
two clocks agree. ``python -m bench --wall`` times with the wall clock
instead. The figures that are about waiting itself use the wall clock
always: two threads against one (bench/host.py) and a CLI process
(bench/cli.py, which gives its CPU time beside it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: The clock in use: seconds, only differences meaningful.
now: Callable[[], float] = time.thread_time


def use_wall_clock() -> None:
    global now
    now = time.perf_counter


def name() -> str:
    return "wall clock" if now is time.perf_counter else "thread CPU time"
