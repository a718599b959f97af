"""Hand-written C references of the benchmark programs: this host's limit.

``bench/c/<name>.c`` does what the SmartStream program of the same name
does, as a C programmer writes it against the same ABI and wire codec as
ssc's modules (zero-copy streaming decode, the per-record logic on bytes,
one output buffer from a bump allocator, no libc; see ``bench/c/ref.h``),
with byte-identical output on valid input. Compiled by zig's clang at -O2
for the same wasm32 MVP target, it gives the benchmark "ssc's time / C's
time": how far ssc's code is from what this host can do.

``build(name)`` compiles one, cached (in the temporary directory) by the
hash of its sources, the command and zig's version; ``PROGRAMS`` maps each
name to its entry export and its ABI.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import subprocess
import sys
import tempfile
from pathlib import Path

C_DIR = Path(__file__).resolve().parent / "c"

#: name -> (entry export, "smartstream" legacy or "smartmodule" current ABI)
PROGRAMS: dict[str, tuple[str, str]] = {
    "filter": ("filter", "smartstream"),
    "map_double": ("map", "smartstream"),
    "aggregate_concat": ("aggregate", "smartstream"),
    "csv_pick": ("filter_map", "smartmodule"),
    "log_filter": ("filter", "smartmodule"),
    "format_amount": ("map", "smartmodule"),
    "redact_digits": ("map", "smartmodule"),
}

CACHE_DIR = Path(tempfile.gettempdir()) / "ssc-bench-cref"


def _command(source: Path, entry: str, out: Path) -> list[str]:
    # zig's wasm-ld puts the stack first, below the data, as ssc's --stack-first does; 64 KiB is
    # ample, the references do not recurse
    return [sys.executable, "-m", "ziglang", "cc", "-target", "wasm32-freestanding", "-mcpu=mvp", "-O2",
            "-std=c11", "-ffreestanding", "-nostdlib", "-Wall", "-Wextra", "-Werror", "-Wno-unused-function",
            "-Wl,--no-entry", "-Wl,-z,stack-size=65536", "-Wl,--export=alloc",
            "-Wl,--export=dealloc", f"-Wl,--export={entry}", "-Wl,--strip-all", "-Wl,--gc-sections",
            str(source), "-o", str(out)]


def build(name: str) -> bytes:
    """The wasm module of ``bench/c/<name>.c`` (compiled once per source version)."""
    entry, _ = PROGRAMS[name]
    source = C_DIR / f"{name}.c"
    digest = hashlib.sha256()
    for part in (source, C_DIR / "ref.h"):
        digest.update(part.read_bytes())
    digest.update(" ".join(_command(Path(name), entry, Path("out"))[1:]).encode())
    digest.update(importlib.metadata.version("ziglang").encode())
    cached = CACHE_DIR / f"{name}-{digest.hexdigest()[:16]}.wasm"
    if cached.exists():
        return cached.read_bytes()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE_DIR) as tmp:
        out = Path(tmp) / "module.wasm"
        done = subprocess.run(_command(source, entry, out), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"building {source} failed:\n{done.stderr}")
        out.replace(cached)   # atomic: parallel builds of one source agree
    return cached.read_bytes()
