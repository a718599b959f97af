"""The host under attack (issue 13): each test does one attack and checks that it holds.

Every test is bounded in time (small limits, modules that stop by
themselves, timeouts on anything that could hang) and in memory (a
max_memory of a few dozen MiB). None asserts how fast anything ran.
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Iterator

import pytest

import ssc
from ssc.runtime import SmartStreamMemoryError, load

PREAMBLE = "from smartstream import smartstream, Record\n\n"


@functools.cache
def python_wasm(source: str, abi: str) -> bytes:
    return ssc.compile(PREAMBLE + source, "attack.py", abi=abi).wasm


def rss_bytes() -> int:
    """This process's resident set size (Linux /proc)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    """Run with the cycle collector off: only reference counting frees anything."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- item 3: a trap frees the instance's memory at once ---------------------------------

MEMORY_BOMB = """
@smartstream.map
def bomb(record: Record) -> tuple[bytes | None, bytes]:
    s = record.value
    if s == b"bomb":
        while True:
            s = s + s
    return None, s
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
@pytest.mark.parametrize("abi", ["smartstream", "smartmodule"])
def test_memory_bombs_do_not_pile_up_without_the_cycle_collector(abi: str, no_cycle_collector: None) -> None:
    limit = 64 << 20
    module = load(python_wasm(MEMORY_BOMB, abi), name="bomb.wasm", max_memory=limit)
    sizes = []
    for _ in range(6):
        with pytest.raises(SmartStreamMemoryError) as info:
            module.map([b"bomb"])
        assert info.value.memory_size > limit // 2        # each bomb really filled its memory
        del info
        sizes.append(rss_bytes())
    # six bombs of ~64 MiB each: kept until a collection, they would add ~320 MiB
    assert sizes[-1] - sizes[0] < limit, [size >> 20 for size in sizes]
    assert [r.value for r in module.map([b"ok"])] == [b"ok"]
