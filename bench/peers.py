"""The AssemblyScript peer of the seed programs (optional: it needs node and npm).

``bench/assemblyscript/<name>.ts`` does what the seed SmartStream of the same
name does (``filter``, ``map_double``, ``aggregate_concat``), as an
AssemblyScript programmer writes it against the legacy ABI: the same design
as the C references of bench/c (a bump heap of its own, zero-copy reads, one
output buffer, fixed error hints), in AssemblyScript's types and loads and
stores, no managed objects. It is compiled by ``asc -O3 --runtime stub`` for
the WebAssembly MVP, as ssc's modules and the C references are (bulk memory,
sign extension and the other post-MVP features off, so ``memory.copy`` is a
loop, as theirs). Its output is checked byte for byte against ssc's on every
run.

``available()`` says whether node and npm are on the PATH; ``build(name)``
installs the pinned AssemblyScript into a cache folder (``npm install``, once)
and compiles, cached by the hash of the sources, the command and the
compiler's version.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

AS_DIR = Path(__file__).resolve().parent / "assemblyscript"
CACHE_DIR = Path(tempfile.gettempdir()) / "ssc-bench-as"
#: The AssemblyScript release the peer is written for.
VERSION = "0.27.37"
#: name -> the entry export (all legacy SmartStreams).
PROGRAMS: dict[str, str] = {"filter": "filter", "map_double": "map", "aggregate_concat": "aggregate"}
#: The compile flags: optimised, the stub runtime, no assertions and no abort import,
#: WebAssembly MVP only.
FLAGS = ("-O3", "--runtime", "stub", "--noAssert", "--use", "abort=", "--disable", "bulk-memory",
         "--disable", "sign-extension", "--disable", "nontrapping-f2i", "--disable", "mutable-globals")


def available() -> bool:
    return shutil.which("node") is not None and shutil.which("npm") is not None


def _compiler() -> Path:
    """``asc`` of the pinned AssemblyScript, installed into the cache folder on first use."""
    asc = CACHE_DIR / "node_modules" / ".bin" / "asc"
    package = CACHE_DIR / "node_modules" / "assemblyscript" / "package.json"
    if asc.exists() and package.exists() and json.loads(package.read_text())["version"] == VERSION:
        return asc
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE_DIR),
                           f"assemblyscript@{VERSION}"], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not asc.exists():
        raise RuntimeError(f"npm install assemblyscript@{VERSION} failed:\n{done.stderr}")
    return asc


def build(name: str) -> bytes:
    """The wasm module of ``bench/assemblyscript/<name>.ts`` (compiled once per source version)."""
    asc = _compiler()
    digest = hashlib.sha256()
    for part in sorted(AS_DIR.glob("*.ts")):
        digest.update(part.name.encode() + part.read_bytes())
    digest.update(" ".join((VERSION, *FLAGS)).encode())
    cached = CACHE_DIR / f"{name}-{digest.hexdigest()[:16]}.wasm"
    if cached.exists():
        return cached.read_bytes()
    with tempfile.TemporaryDirectory(dir=CACHE_DIR) as tmp:
        out = Path(tmp) / "module.wasm"
        done = subprocess.run([str(asc), str(AS_DIR / f"{name}.ts"), *FLAGS, "-o", str(out)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"asc {name}.ts failed:\n{done.stderr}")
        out.replace(cached)
    return cached.read_bytes()
