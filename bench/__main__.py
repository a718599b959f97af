"""Run the benchmark suite: ``python -m bench`` from the repository root.

    python -m bench                    # every program, every figure (a few minutes)
    python -m bench --quick            # fewer repeats, the smaller batch only
    python -m bench --only filter,log_filter --json figures.json
    python -m bench --markdown         # the tables as docs/benchmarks.md has them
    python -m bench --host             # the host's figures only (threads, compile, load)
    python -m bench --compile-scaling  # compile time and memory against the source's size only
    python -m bench --long-records     # index loops on 1-188 KB records against CPython only

Prints one table per figure (docs/benchmarks.md explains them and records
a run), then the targets of issue 18's host items with their figure and
whether it is met; ``--json`` also writes every figure to a file. The
AssemblyScript peer runs when node and npm are on the PATH
(``--no-assemblyscript`` skips it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable, Iterable

from . import clock, peers, suite

Show = Callable[[str, list[str], Iterable[list[str]]], None]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description="ssc's benchmark suite")
    parser.add_argument("--quick", action="store_true", help="3 repeats and the smaller batch only")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated program names")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 7, --quick 3)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--host", action="store_true",
                        help="only the host figures: threads, compile settings, the load-time rewrite")
    parser.add_argument("--compile-scaling", action="store_true",
                        help="only how compile time and memory grow with the source (generated shapes)")
    parser.add_argument("--long-records", action="store_true",
                        help="only character-index loops on long records against CPython (issue 18 item 3)")
    parser.add_argument("--no-assemblyscript", action="store_true",
                        help="skip the AssemblyScript peer of the seed programs (it needs node and npm)")
    parser.add_argument("--wall", action="store_true",
                        help="time single-threaded figures with the wall clock, not the thread's CPU time")
    parser.add_argument("--python-in-wasm", action="store_true",
                        help="also build and time the filter with componentize-py (pip install '.[bench]')")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    show: Show = _markdown_table if args.markdown else _table
    repeat = args.repeat or (3 if args.quick else 7)
    if args.compile_scaling:   # each run is a fresh process compiling thousands of lines
        repeat = args.repeat or (1 if args.quick else 3)
    programs = suite.PROGRAMS
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {p.name for p in programs}
        if unknown:
            parser.error(f"unknown programs: {', '.join(sorted(unknown))}")
        programs = tuple(p for p in programs if p.name in wanted)

    if args.wall:
        clock.use_wall_clock()
    figures: dict[str, object] = {"machine": _machine(), "repeat": repeat, "clock": clock.name()}
    print(f"machine: {figures['machine']}; median of {repeat} runs; {clock.name()}\n")
    if args.compile_scaling:
        figures["compile_scaling"] = _compile_scaling_table(repeat, show)
        _write_json(args.json, figures)
        return 0
    if args.long_records:
        _long_records_table(repeat, show, figures)
        _write_json(args.json, figures)
        return 0
    modules = {p.name: suite.compile_module(p) for p in programs}
    if args.host:
        figures["host"] = _host_figures(programs, modules, repeat, show)
        _write_json(args.json, figures)
        return 0
    _compile_tables(programs, repeat, show, figures)
    _guest_tables(programs, modules, repeat, args.quick, show, figures)
    _python_tables(programs, modules, repeat, args.quick, show, figures)
    if not args.no_assemblyscript:
        _peer_table(programs, modules, repeat, show, figures)
    if args.python_in_wasm:
        _python_in_wasm_table(repeat, show, figures)
    if not args.only:
        _long_records_table(repeat, show, figures)
    _targets_table(figures, show)
    _write_json(args.json, figures)
    return 0


def _compile_scaling_table(repeat: int, show: Show) -> list[dict[str, object]]:
    from . import compile_scaling

    rows = compile_scaling.figures(repeat)
    show("14. compile time and memory against the source's size (wall time; a fresh process per compile)",
         ["shape", "size", "source bytes", "ssc check (s)", "compile (s)", "time / previous size's",
          "peak RSS (MB)"],
         [[str(r["shape"]), f"{r['size']:,}", f"{r['source_bytes']:,}", f"{r['check_s']:.2f}",
           f"{r['compile_s']:.2f}", _optional(r["growth"], ".2f"), f"{r['peak_mb']:.0f}"] for r in rows])
    return rows


def _compile_tables(programs: Iterable[suite.Program], repeat: int, show: Show, figures: dict) -> None:
    rows = {p.name: suite.compile_figures(p, repeat) for p in programs}
    figures["compile"] = rows
    show("1-2. compile time (ms) and module size (bytes)",
         ["program", "in-process", "parse", "check", "lower", "optimize", "emit", "link", "CLI warm",
          "CLI no bytecode", "CLI warm, CPU", "CLI no bytecode, CPU", "size", "C size"],
         [[name, f"{r['in_process_ms']:.1f}", f"{r['parse_ms']:.1f}", f"{r['check_ms']:.1f}",
           f"{r['lower_ms']:.1f}", f"{r['optimize_ms']:.1f}", f"{r['emit_ms']:.1f}", f"{r['link_ms']:.1f}",
           f"{r['cli_warm_ms']:.0f}", f"{r['cli_no_bytecode_ms']:.0f}", f"{r['cli_warm_cpu_ms']:.0f}",
           f"{r['cli_no_bytecode_cpu_ms']:.0f}", f"{r['size']:,}", _optional(r['c_size'], ",")]
          for name, r in rows.items()])


def _guest_tables(programs: Iterable[suite.Program], modules: dict[str, bytes], repeat: int, quick: bool,
                  show: Show, figures: dict) -> None:
    guest_rows, sandbox_rows, memory_rows = [], [], []
    for p in programs:
        for n in p.batches[:1] if quick else p.batches:
            guest_rows.append((p.name, suite.guest_figures(p, modules[p.name], n, repeat)))
            sandbox_rows.append((p.name, suite.sandbox_figures(p, modules[p.name], n, repeat)))
            memory_rows.append((p.name, suite.memory_figures(p, modules[p.name], n)))
    figures.update(guest=guest_rows, sandbox=sandbox_rows, memory=memory_rows)
    show("3-4. guest throughput: one wasm call on an encoded batch, against the C reference",
         ["program", "records", "ssc rec/s", "ssc ns/rec", "C ns/rec", "ssc / C"],
         [[name, f"{r['records']:,}", f"{r['ssc_rps']:,.0f}", f"{r['ssc_ns']:.0f}", _optional(r['c_ns'], ".0f"),
           _optional(r['ssc_over_c'], ".2f")] for name, r in guest_rows])
    show("4b. the sandbox: the same call on the engine ssc.load builds (deadline armed) against a plain engine",
         ["program", "records", "plain ns/rec", "ssc.load's engine ns/rec", "ssc.load's / plain",
          "epoch checks alone / plain", "C reference: ssc.load's / plain"],
         [[name, f"{r['records']:,}", f"{r['plain_ns']:.0f}", f"{r['sandboxed_ns']:.0f}",
           f"{r['sandboxed_over_plain']:.2f}", f"{r['epochs_over_plain']:.2f}",
           _optional(r['c_sandboxed_over_plain'], ".2f")] for name, r in sandbox_rows])
    show("8. memory: linear memory of a fresh instance after one batch",
         ["program", "records", "input", "output", "initial", "peak", "heap / (in+out)", "peak / 2(in+out)"],
         [[name, f"{r['records']:,}", f"{r['input_bytes']:,}", f"{r['output_bytes']:,}",
           f"{r['initial_bytes']:,}", f"{r['peak_bytes']:,}", f"{r['heap_over_io']:.2f}",
           f"{r['peak_over_2io']:.2f}"] for name, r in memory_rows])


def _python_tables(programs: Iterable[suite.Program], modules: dict[str, bytes], repeat: int, quick: bool,
                   show: Show, figures: dict) -> None:
    programs = tuple(programs)
    cpython_rows = [(p.name, suite.cpython_figures(p, modules[p.name], p.batches[0], repeat)) for p in programs]
    figures["cpython"] = cpython_rows
    show("5. CPython running the same source per record, against ssc's guest time",
         ["program", "records", "CPython ns/rec", "CPython / ssc"],
         [[name, f"{r['records']:,}", f"{r['cpython_ns']:.0f}", f"{r['cpython_over_ssc']:.1f}x"]
          for name, r in cpython_rows])
    e2e_rows = [(p.name, suite.end_to_end_figures(p, modules[p.name], n, repeat))
                for p in programs for n in (p.batches[:1] if quick else p.batches)]
    figures["end_to_end"] = e2e_rows
    show("6. end to end from Python (ssc.load, encode + call + decode) against a CPython loop",
         ["program", "records", "ssc rec/s", "CPython rec/s", "CPython time / ssc time"],
         [[name, f"{r['records']:,}", f"{r['ssc_rps']:,.0f}", f"{r['cpython_rps']:,.0f}",
           f"{r['cpython_over_ssc']:.2f}"] for name, r in e2e_rows])
    if any(p.name == "filter" for p in programs):
        sizes = [suite.value_size_figures(modules["filter"], size, repeat) for size in suite.VALUE_SIZES]
        figures["value_sizes"] = sizes
        show("6b. the filter by value size (ns per KiB of values): end to end, and the host's codecs alone",
             ["value bytes", "records", "ssc end to end", "CPython loop", "CPython time / ssc time",
              "native codec", "Python codec"],
             [[f"{r['value_bytes']:,}", f"{r['records']:,}", f"{r['ssc_ns_per_kib']:.0f}",
               f"{r['cpython_ns_per_kib']:.0f}", f"{r['cpython_over_ssc']:.2f}",
               f"{r['native_codec_ns_per_kib']:.0f}", f"{r['python_codec_ns_per_kib']:.0f}"] for r in sizes])
    threaded = [p for p in programs if p.name in ("filter", "csv_pick")]
    if threaded:
        from . import host

        rows = [(p.name, host.thread_figures(p, modules[p.name], 10_000, 10, repeat)) for p in threaded]
        figures["threads"] = rows
        _threads_table(rows, show)
    codec_rows = [suite.codec_figures(n, repeat) for n in ((10_000,) if quick else (10_000, 100_000))]
    figures["codec"] = codec_rows
    show("7. the host's batch codecs, 100-byte values (records/s)",
         ["records", "native encode", "native decode", "Python encode", "Python decode"],
         [[f"{r['records']:,}", _optional(r.get('native_encode_rps'), ",.0f"),
           _optional(r.get('native_decode_rps'), ",.0f"), f"{r['python_encode_rps']:,.0f}",
           f"{r['python_decode_rps']:,.0f}"] for r in codec_rows])


def _threads_table(rows: list[tuple[str, dict]], show: Show) -> None:
    show("10. one module from two threads (each half the batches) against one thread (all of them)",
         ["program", "records", "instances", "1 thread rec/s", "2 threads rec/s", "2 threads / 1 thread",
          "the guest alone: 2 threads / 1"],
         [[name, f"{r['records']:,}", r["threads"], f"{r['one_thread_rps']:,.0f}",
           f"{r['two_threads_rps']:,.0f}", f"{r['speed_up']:.2f}", f"{r['guest_speed_up']:.2f}"]
          for name, r in rows])


def _peer_table(programs: Iterable[suite.Program], modules: dict[str, bytes], repeat: int, show: Show,
                figures: dict) -> None:
    seeds = [p for p in programs if p.name in peers.PROGRAMS]
    if not seeds:
        return
    if not peers.available():
        print("(the AssemblyScript peer needs node and npm, which are not on the PATH: skipped)\n")
        return
    rows = [(p.name, suite.peer_figures(p, modules[p.name], n, repeat)) for p in seeds for n in p.batches[:1]]
    figures["assemblyscript"] = rows
    show(f"13. the seed programs against an AssemblyScript peer (asc {peers.VERSION} -O3, MVP)",
         ["program", "records", "ssc ns/rec", "AssemblyScript ns/rec", "ssc / AssemblyScript", "size",
          "AssemblyScript size"],
         [[name, f"{r['records']:,}", f"{r['ssc_ns']:.0f}", f"{r['as_ns']:.0f}", f"{r['ssc_over_as']:.2f}",
           f"{r['size']:,}", f"{r['as_size']:,}"] for name, r in rows])


def _long_records_table(repeat: int, show: Show, figures: dict) -> None:
    from . import long_records

    rows = long_records.rows(repeat)
    figures["long_records"] = rows
    show("15. character-index loops on one long record (issue 18 item 3): CPython against ssc's guest",
         ["program", "text", "value bytes", "records", "CPython ms/rec", "ssc ms/rec", "CPython / ssc"],
         [[str(r["program"]), str(r["text"]), f"{r['value_bytes']:,}", f"{r['records']:,}",
           f"{r['cpython_ms']:.3f}", f"{r['ssc_ms']:.3f}", f"{r['cpython_over_ssc']:.2f}x"] for r in rows])


def _python_in_wasm_table(repeat: int, show: Show, figures: dict) -> None:
    from . import python_in_wasm

    filter_program = next(p for p in suite.PROGRAMS if p.name == "filter")
    r = python_in_wasm.measure(suite.compile_module(filter_program), repeat)
    figures["python_in_wasm"] = r
    show("9. Python in wasm: the filter as a componentize-py component, against ssc's filter module",
         ["records", "build (s)", "size (bytes)", "load (s)", "ns/rec", "component / ssc"],
         [[f"{r['records']:,}", f"{r['build_s']:.1f}", f"{r['size']:,}", f"{r['load_s']:.1f}",
           f"{r['ns_per_record']:.0f}", f"{r['over_ssc']:.1f}"]])


def _host_figures(programs: Iterable[suite.Program], modules: dict[str, bytes], repeat: int, show: Show) -> dict:
    """The host's figures (bench/host.py): threads, compile settings, the load-time rewrite."""
    from . import host

    threads = [(p.name, host.thread_figures(p, modules[p.name], 10_000, 10, repeat)) for p in programs]
    _threads_table(threads, show)
    compiles = [(name, host.compile_figures(wasm, repeat)) for name, wasm in modules.items()]
    show("11. wasmtime compile of the module (ms): parallel_compilation on and off (ssc: off)",
         ["program", "size", "parallel", "serial"],
         [[name, f"{r['size']:,}", f"{r['parallel_ms']:.1f}", f"{r['serial_ms']:.1f}"] for name, r in compiles])
    rewrites = [(name, host.limiter_figures(wasm, repeat)) for name, wasm in modules.items()]
    show("12. load: the memory.grow rewrite (runtime.limiter) within ssc.load (ms)",
         ["program", "size", "rewrite", "ssc.load"],
         [[name, f"{r['size']:,}", f"{r['rewrite_ms']:.1f}", f"{r['load_ms']:.1f}"] for name, r in rewrites])
    return {"threads": threads, "compile": compiles, "limiter": rewrites}


# ---- issue 18's host targets ---------------------------------------------------------------------


def _targets_table(figures: dict, show: Show) -> None:
    """Each target of issue 18's items 1, 4 and 6 with its figure from this run, met or not."""
    rows: list[list[str]] = []

    def target(what: str, figure: str, met: bool | None) -> None:
        rows.append([what, figure, "—" if met is None else ("yes" if met else "no")])

    e2e = {(name, r["records"]): r for name, r in figures.get("end_to_end", [])}
    for name in ("filter", "csv_pick"):
        r = e2e.get((name, 100_000))
        target(f"1. {name} end to end at 100,000 records >= 3x the CPython loop",
               f"{r['cpython_over_ssc']:.2f}x" if r else "not run", r["cpython_over_ssc"] >= 3 if r else None)
    sizes = figures.get("value_sizes", [])
    if sizes:
        steps = [b["native_codec_ns_per_kib"] / a["native_codec_ns_per_kib"] for a, b in zip(sizes, sizes[1:])]
        target("1. no cliff by value size: the host codec's time per KiB grows by <= 1.25x from one size "
               "to the next", f"largest step {max(steps):.2f}x (16 B to 64 KiB)", max(steps) <= 1.25)
    for name, r in figures.get("threads", []):
        target(f"1. {name}: two threads >= 1.7x one thread",
               f"{r['speed_up']:.2f}x (the guest alone, no Python: {r['guest_speed_up']:.2f}x)", r["speed_up"] >= 1.7)
    sandbox = figures.get("sandbox", [])
    if sandbox:
        worst = max(sandbox, key=lambda item: item[1]["sandboxed_over_plain"])
        target("4. ssc.load's engine (the deadline) <= 1.10x a plain engine, every program",
               f"{min(r['sandboxed_over_plain'] for _, r in sandbox):.2f}-{worst[1]['sandboxed_over_plain']:.2f}x "
               f"(worst {worst[0]}; wasmtime's epoch checks alone "
               f"{min(r['epochs_over_plain'] for _, r in sandbox):.2f}-{max(r['epochs_over_plain'] for _, r in sandbox):.2f}x)",
               worst[1]["sandboxed_over_plain"] <= 1.10)
    cli = figures.get("compile", {}).get("filter")
    if cli:
        target("6. ssc compile of the seed filter <= 150 ms warm",
               f"{cli['cli_warm_ms']:.0f} ms ({cli['cli_warm_cpu_ms']:.0f} ms of CPU)", cli["cli_warm_ms"] <= 150)
        target("6. ... <= 400 ms with no bytecode",
               f"{cli['cli_no_bytecode_ms']:.0f} ms ({cli['cli_no_bytecode_cpu_ms']:.0f} ms of CPU)",
               cli["cli_no_bytecode_ms"] <= 400)
    long_rows = figures.get("long_records", [])
    if long_rows:
        slowest = min(long_rows, key=lambda r: r["cpython_over_ssc"])
        target("3. index loops on long records at least as fast as CPython, every size (1 KB-188 KB)",
               f"slowest {slowest['cpython_over_ssc']:.2f}x CPython ({slowest['program']}, "
               f"{slowest['value_bytes']:,} B {slowest['text']})", slowest["cpython_over_ssc"] >= 1)
    figures["targets"] = rows
    show("Targets (issue 18, items 1, 3, 4 and 6)", ["target", "this run", "met"], rows)


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
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {os.cpu_count()} cores{load}, Python {platform.python_version()}, {platform.system()}"


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
