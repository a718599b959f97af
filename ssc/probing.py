"""Run a tiny batch through a module at each version hosts pass (``ssc inspect --probe``).

The host rules of ``ssc.inspection`` judge a module's shape; whether its
code decodes what a host sends is another matter. A SmartModule built
against an older fluvio-smartmodule reads the input with an older layout:
Fluvio's own 2022 ``filter_init`` fixture loads on a current SPU, then
fails every batch with DecodingBaseInput (-11), because version 25 puts
the batch's base timestamp where that layout expects params. A probe
shows it before deployment::

    >>> [str(p) for p in probe_module(wasm, params={"key": "a"})]   # doctest: +SKIP
    ['v25 (SPUs since Fluvio v0.18): filter() returned DecodingBaseInput (-11): ...',
     'v22 (smdk test, producer-side chains): ok, 1 record in, 1 out']

Each probe loads the module afresh (``init`` runs with ``params``),
calls ``look_back`` with one stored record if the module exports it, then
runs one batch: one record with a key, the value ``1``, at offset 1000,
in a batch whose base timestamp is not 0. A record error raised by the
user's code is reported but counts as success: the input decoded. A
legacy SmartStream is probed once, at version 0 (it takes no version).
The runs are sandboxed (a 5 s deadline, 256 MiB of memory).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .abi import CLIENT_VERSION, ENCODING_VERSION, SPU_VERSION, Abi

__all__ = ["Probe", "probe_module", "PROBE_VERSIONS"]

#: The versions probed for a SmartModule, and who passes each (§3 "Version argument").
PROBE_VERSIONS: tuple[tuple[int, str], ...] = (
    (SPU_VERSION, "SPUs since Fluvio v0.18"),
    (CLIENT_VERSION, "smdk test, producer-side chains"),
)
_LEGACY_HOST = "Fluvio v0.9 SPUs"
#: The probe batch: its base offset and base timestamp (2023-11-14, ms), not 0.
BASE_OFFSET = 1000
BASE_TIMESTAMP = 1_700_000_000_000
_LIMITS = {"deadline": 5.0, "max_memory": 256 << 20}


@dataclass(frozen=True)
class Probe:
    """What happened at one version: ``ok`` if the module ran the batch, and how."""

    version: int
    host: str
    ok: bool
    outcome: str

    def __str__(self) -> str:
        return f"v{self.version} ({self.host}): {self.outcome}"


def probe_module(wasm: bytes, abi: str | None, *, name: str = "<bytes>",
                 params: Mapping[str, str] | None = None) -> tuple[Probe, ...]:
    """Probe ``wasm``, a module of ``abi`` ("smartstream", "smartmodule"; as
    ``inspect_module`` found it), at each version that ABI's hosts pass."""
    if abi == Abi.SMARTSTREAM.value:
        return (_run(wasm, name, None, ENCODING_VERSION, _LEGACY_HOST, params),)
    if abi == Abi.SMARTMODULE.value:
        return tuple(_run(wasm, name, version, version, host, params) for version, host in PROBE_VERSIONS)
    return ()


def _run(wasm: bytes, name: str, version: int | None, shown: int, host: str,
         params: Mapping[str, str] | None) -> Probe:
    """One probe: load (init with ``params``), look_back if exported, one batch."""
    from .runtime import Record, SmartModuleInitError, SmartStreamError, SmartStreamRuntimeError, load

    options = {} if version is None else {"params": params, "version": version}
    try:
        module = load(wasm, name=name, **_LIMITS, **options)  # type: ignore[arg-type]
        if getattr(module, "has_look_back", False):
            module.look_back([Record(b"probe", b"1", offset=0, timestamp=1)])  # type: ignore[union-attr]
        batch = {} if version is None else {"base_timestamp": BASE_TIMESTAMP}
        out = module.process([Record(b"probe", b"1", timestamp=BASE_TIMESTAMP + 1)],
                             base_offset=BASE_OFFSET, **batch)
    except SmartModuleInitError as err:
        hint = "" if params else " (give init its params: ssc inspect --probe -e KEY=VALUE)"
        return Probe(shown, host, False, f"{err}{hint}")
    except SmartStreamRuntimeError as err:
        return Probe(shown, host, True, f"ok, the input decoded; the record raised {err.hint}")
    except (SmartStreamError, TypeError, ValueError) as err:
        return Probe(shown, host, False, str(err))
    return Probe(shown, host, True, f"ok, 1 record in, {len(out)} out")
