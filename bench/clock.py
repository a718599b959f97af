"""The clock of the single-threaded figures: the CPU time of the thread that runs them.

The machine the suite runs on is shared (2 cores, other developers' test
suites beside it), and a run that waits for a core measures the waiting. A
single-threaded figure (a wasm call, a codec, a CPython loop, ``module.map``
end to end: wasmtime runs the guest on the calling thread) is the same work
either way, so by default it is timed with ``time.thread_time``, this
thread's CPU time, which the waiting does not count; on an idle machine the
two clocks agree. A compile in process is timed by the CPU time of the
process and its children (its link runs wasm-ld). ``python -m bench
--wall`` times with the wall clock instead. The figures that are about waiting itself use the wall clock
always: two threads against one (bench/host.py) and a CLI process
(bench/cli.py, which gives its CPU time beside it).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable

#: The clock in use: seconds, only differences meaningful.
now: Callable[[], float] = time.thread_time


def _process_cpu() -> float:
    """This process's CPU time and its finished children's (a compile's link runs wasm-ld)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


#: The clock of work that runs a subprocess (an in-process compile links with wasm-ld).
with_children: Callable[[], float] = _process_cpu


def use_wall_clock() -> None:
    global now, with_children
    now = with_children = time.perf_counter


def name() -> str:
    return "wall clock" if now is time.perf_counter else "thread CPU time"
