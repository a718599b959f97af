"""Run the benchmark suite: ``python -m bench`` from the repository root.

    python -m bench                    # every program, every figure (a few minutes)
    python -m bench --quick            # fewer repeats, the smaller batch only
    python -m bench --only filter,log_filter --json figures.json
    python -m bench --markdown         # the tables as docs/benchmarks.md has them
    python -m bench --host             # the host's figures only (threads, compile, load)

Prints one table per figure (docs/benchmarks.md explains them and records
a run); ``--json`` also writes every figure to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable, Iterable

from . import suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="ssc's benchmark suite")
    parser.add_argument("--quick", action="store_true", help="3 repeats and the smaller batch only")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated program names")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 7, --quick 3)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--host", action="store_true",
                        help="only the host figures: threads, compile settings, the load-time rewrite")
    parser.add_argument("--python-in-wasm", action="store_true",
                        help="also build and time the filter with componentize-py (pip install '.[bench]')")
    args = parser.parse_args(argv)
    show = _markdown_table if args.markdown else _table
    repeat = args.repeat or (3 if args.quick else 7)
    programs = suite.PROGRAMS
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {p.name for p in programs}
        if unknown:
            parser.error(f"unknown programs: {', '.join(sorted(unknown))}")
        programs = tuple(p for p in programs if p.name in wanted)

    figures: dict[str, object] = {"machine": _machine(), "repeat": repeat}
    print(f"machine: {figures['machine']}; median of {repeat} runs\n")
    if args.host:
        figures["host"] = _host_figures(programs, repeat, show)
        _write_json(args.json, figures)
        return 0

    compile_rows = {p.name: suite.compile_figures(p, repeat) for p in programs}
    figures["compile"] = compile_rows
    show("1-2. compile time (ms) and module size (bytes)",
           ["program", "in-process", "parse", "check", "lower", "optimize", "emit", "link", "CLI cold",
            "CLI no .pyc", "size", "C size"],
           [[name, f"{r['in_process_ms']:.1f}", f"{r['parse_ms']:.1f}", f"{r['check_ms']:.1f}",
             f"{r['lower_ms']:.1f}", f"{r['optimize_ms']:.1f}", f"{r['emit_ms']:.1f}", f"{r['link_ms']:.1f}",
             f"{r['cli_cold_ms']:.0f}", f"{r['cli_cold_no_pyc_ms']:.0f}", f"{r['size']:,}", _optional(r['c_size'], ",")]
            for name, r in compile_rows.items()])

    modules = {p.name: suite.compile_module(p) for p in programs}
    guest_rows, memory_rows = [], []
    for p in programs:
        for n in p.batches[:1] if args.quick else p.batches:
            guest_rows.append((p.name, suite.guest_figures(p, modules[p.name], n, repeat)))
            memory_rows.append((p.name, suite.memory_figures(p, modules[p.name], n)))
    figures["guest"] = guest_rows
    figures["memory"] = memory_rows
    show("3-4. guest throughput: one wasm call on an encoded batch, against the C reference",
           ["program", "records", "ssc rec/s", "ssc ns/rec", "C ns/rec", "ssc / C"],
           [[name, f"{r['records']:,}", f"{r['ssc_rps']:,.0f}", f"{r['ssc_ns']:.0f}", _optional(r['c_ns'], ".0f"),
             _optional(r['ssc_over_c'], ".2f")] for name, r in guest_rows])

    cpython_rows = [(p.name, suite.cpython_figures(p, modules[p.name], p.batches[0], repeat))
                    for p in programs]
    figures["cpython"] = cpython_rows
    show("5. CPython running the same source per record, against ssc's guest time",
           ["program", "records", "CPython ns/rec", "CPython / ssc"],
           [[name, f"{r['records']:,}", f"{r['cpython_ns']:.0f}", f"{r['cpython_over_ssc']:.1f}x"]
            for name, r in cpython_rows])

    e2e_rows = [(p.name, suite.end_to_end_figures(p, modules[p.name], p.batches[0], repeat)) for p in programs]
    figures["end_to_end"] = e2e_rows
    show("6. end to end from Python (ssc.load, encode + call + decode) against a CPython loop",
           ["program", "records", "ssc rec/s", "CPython rec/s", "CPython time / ssc time"],
           [[name, f"{r['records']:,}", f"{r['ssc_rps']:,.0f}", f"{r['cpython_rps']:,.0f}",
             f"{r['cpython_over_ssc']:.2f}"] for name, r in e2e_rows])

    codec_rows = [suite.codec_figures(n, repeat) for n in ((10_000,) if args.quick else (10_000, 100_000))]
    figures["codec"] = codec_rows
    show("7. host codec (pure Python), 100-byte values",
           ["records", "encode rec/s", "decode rec/s"],
           [[f"{r['records']:,}", f"{r['encode_rps']:,.0f}", f"{r['decode_rps']:,.0f}"] for r in codec_rows])

    show("8. memory: linear memory of a fresh instance after one batch",
           ["program", "records", "input", "output", "initial", "peak", "heap / (in+out)", "peak / 2(in+out)"],
           [[name, f"{r['records']:,}", f"{r['input_bytes']:,}", f"{r['output_bytes']:,}",
             f"{r['initial_bytes']:,}", f"{r['peak_bytes']:,}", f"{r['heap_over_io']:.2f}",
             f"{r['peak_over_2io']:.2f}"] for name, r in memory_rows])

    if args.python_in_wasm:
        from . import python_in_wasm

        filter_program = next(p for p in suite.PROGRAMS if p.name == "filter")
        r = python_in_wasm.measure(suite.compile_module(filter_program), repeat)
        figures["python_in_wasm"] = r
        show("9. Python in wasm: the filter as a componentize-py component, against ssc's filter module",
             ["records", "build (s)", "size (bytes)", "load (s)", "ns/rec", "component / ssc"],
             [[f"{r['records']:,}", f"{r['build_s']:.1f}", f"{r['size']:,}", f"{r['load_s']:.1f}",
               f"{r['ns_per_record']:.0f}", f"{r['over_ssc']:.1f}"]])

    _write_json(args.json, figures)
    return 0


def _host_figures(programs: Iterable[suite.Program], repeat: int, show: Callable[..., None]) -> dict:
    """The host's figures (bench/host.py): threads, compile settings, the load-time rewrite."""
    from . import host

    modules = {p.name: suite.compile_module(p) for p in programs}
    threads = [(p.name, host.thread_figures(p, modules[p.name], 1_000, 20, repeat)) for p in programs]
    show("10. one module from two threads: serialised (ssc) against a module per thread",
         ["program", "records", "1 thread rec/s", "2 threads, 1 module", "2 threads, 2 modules",
          "2 modules / 1 module"],
         [[name, f"{r['records']:,}", f"{r['one_thread_rps']:,.0f}", f"{r['shared_rps']:,.0f}",
           f"{r['separate_rps']:,.0f}", f"{r['separate_over_shared']:.2f}"] for name, r in threads])
    compiles = [(name, host.compile_figures(wasm, repeat)) for name, wasm in modules.items()]
    show("11. wasmtime compile of the module (ms): parallel_compilation on and off (ssc: off)",
         ["program", "size", "parallel", "serial"],
         [[name, f"{r['size']:,}", f"{r['parallel_ms']:.1f}", f"{r['serial_ms']:.1f}"] for name, r in compiles])
    rewrites = [(name, host.limiter_figures(wasm, repeat)) for name, wasm in modules.items()]
    show("12. load: the memory.grow rewrite (runtime.limiter) within ssc.load (ms)",
         ["program", "size", "rewrite", "ssc.load"],
         [[name, f"{r['size']:,}", f"{r['rewrite_ms']:.1f}", f"{r['load_ms']:.1f}"] for name, r in rewrites])
    return {"threads": threads, "compile": compiles, "limiter": rewrites}


def _write_json(path: str | None, figures: dict[str, object]) -> None:
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)


def _optional(value: float | None, spec: str) -> str:
    """A figure, or a dash where there is none (the JSON programs have no C reference)."""
    return "—" if value is None else format(value, spec)


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _markdown_table(title: str, header: list[str], rows: Iterable[list[str]]) -> None:
    print(f"**{title}**\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print(flush=True)


def _table(title: str, header: list[str], rows: Iterable[list[str]]) -> None:
    rows = list(rows)
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    print(title)
    for line in (header, *rows):
        print("  " + "  ".join(str(cell).rjust(width) if i else str(cell).ljust(width)
                               for i, (cell, width) in enumerate(zip(line, widths))))
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
