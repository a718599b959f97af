"""Chains: several modules, each fed the successes of the one before (spec §3).

``chain([m1, m2, ...])`` runs a batch as Fluvio's engine runs a
SmartModule chain (§3 "Host algorithm" step 4, ``SmartModuleChainInstance
::process``):

- the batch goes to the first module; the successes of each stage are
  re-encoded as a new ``Vec<Record>`` (keeping their offset and timestamp
  deltas) and go to the next stage with the batch's original
  ``base_offset`` and ``base_timestamp``;
- the first stage whose output carries a runtime error ends the chain: the
  error is raised with that stage's successes (its partial output, which
  no later stage saw), and ``stage``/``module`` name the stage;
- any other error (a trap, a negative return) is raised the same way,
  tagged with its stage.

Stages may be legacy SmartStreams too (an ssc convenience: no Fluvio
release runs such a mixture); a legacy stage sees no base timestamp and an
empty accumulator. Each module keeps its own wasmtime Store (Fluvio shares
one per chain; nothing a module can observe differs).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable, Sequence, Union

from ssc.runtime.batches import RecordInput, _wire_inputs, to_records
from ssc.runtime.codec import WireRecord
from ssc.runtime.module import SmartStreamModule, _raise_runtime_error, load
from ssc.runtime.records import Record, SmartStreamError

if TYPE_CHECKING:
    from ssc.runtime.smartmodule import SmartModule

__all__ = ["Chain", "chain"]

AnyModule = Union["SmartModule", SmartStreamModule]


class Chain:
    """Modules run one after the other, with the interface of one module.

    ``modules`` is the tuple of stages. :meth:`process` runs a batch;
    :meth:`look_back` gives stored records to every stage that exports
    ``look_back``.
    """

    modules: tuple[AnyModule, ...]

    def __init__(self, modules: Iterable[AnyModule | str | os.PathLike[str] | bytes]) -> None:
        loaded: list[AnyModule] = []
        for module in modules:
            if isinstance(module, (str, os.PathLike, bytes, bytearray, memoryview)):
                module = load(module)
            if not hasattr(module, "_run_in_chain"):
                raise TypeError(
                    f"a chain takes modules from ssc.load() (or paths), not {type(module).__name__}"
                )
            loaded.append(module)  # type: ignore[arg-type]
        if not loaded:
            raise ValueError("a chain needs at least one module")
        self.modules = tuple(loaded)

    @property
    def name(self) -> str:
        """``"a.wasm | b.wasm"``: the stages' names in order."""
        return " | ".join(m.name for m in self.modules)

    def process(
        self, records: Iterable[RecordInput], *, base_offset: int = 0, base_timestamp: int = 0
    ) -> list[Record]:
        """Run one batch through every stage; return the last stage's records.

        Records go in as for a single module (record ``i`` gets offset_delta
        ``i``); out, ``offset = base_offset + offset_delta`` and ``timestamp
        = base_timestamp + timestamp_delta`` of the last stage's output.
        Raises the first stage error, with ``stage`` (its index) and
        ``module`` (its name) set.
        """
        wire: list[WireRecord] = [WireRecord(*t) for t in _wire_inputs(records, base_timestamp)]
        for stage, module in enumerate(self.modules):
            try:
                successes, error = module._run_in_chain(wire, base_offset, base_timestamp)
                if error is not None:
                    _raise_runtime_error(error, to_records(successes, base_offset, base_timestamp),
                                         module.abi)
            except SmartStreamError as err:
                err.stage = stage
                err.module = module.name
                raise
            wire = successes
        return to_records(wire, base_offset, base_timestamp)

    def look_back(self, records: Sequence[RecordInput]) -> None:
        """Call ``look_back`` of every stage that has one, in order, with ``records``.

        (Fluvio calls it for each stage configured with a lookback; here a
        stage without a ``look_back`` export is skipped.)
        """
        records = list(records)
        for stage, module in enumerate(self.modules):
            if not getattr(module, "has_look_back", False):
                continue
            try:
                module.look_back(records)  # type: ignore[union-attr]
            except SmartStreamError as err:
                err.stage = stage
                err.module = module.name
                raise

    def __len__(self) -> int:
        return len(self.modules)

    def __repr__(self) -> str:
        return f"<Chain of {len(self.modules)}: {self.name}>"


def chain(modules: Iterable[AnyModule | str | os.PathLike[str] | bytes]) -> Chain:
    """``ssc.chain([m1, m2])``: a :class:`Chain` of loaded modules (or paths, loaded plainly)."""
    return Chain(modules)

