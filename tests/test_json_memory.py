"""JSON modules run in flat memory: a module instance that parses, reshapes
and writes JSON batch after batch keeps the same linear memory size after
the first batches (each record's boxes, dicts and output text live in the
batch's memory, which the next batch reuses), and a batch adds about its
input plus its output, as for every stateless module (tests/test_abi.py).

An aggregate keeps its accumulator as JSON text (a module variable cannot
hold an Any), parses it for each record and writes it back: flat too.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bench.data import json_logs
from bench.guest import GuestModule, payload
from ssc.compiler import compile, read_source

REPO = Path(__file__).resolve().parent.parent


def _sizes(path: Path, entry: str, abi: str, batches: list[bytes]) -> list[int]:
    """Linear memory after each batch, all through one instance."""
    module = GuestModule(compile(read_source(path), str(path), abi=abi).wasm, entry, abi)
    sizes = []
    for batch in batches:
        module.run(batch)
        sizes.append(module.memory_size())
    return sizes


@pytest.mark.parametrize("program, entry", [("bench/programs/json_filter.py", "filter"),
                                            ("bench/programs/json_reshape.py", "map")])
def test_memory_is_flat_across_batches(program: str, entry: str) -> None:
    values = json_logs(2_000)
    batch = payload(values, "smartmodule")
    sizes = _sizes(REPO / program, entry, "smartmodule", [batch] * 25)
    assert sizes[2:] == [sizes[2]] * (len(sizes) - 2), sizes
    # and a batch needs about its input and output, not memory per record
    assert sizes[-1] < sizes[0] + 4 * len(batch), sizes


MERGE = """import json
from smartstream import Record, smartstream


@smartstream.aggregate
def merge(accumulator: bytes, current: Record) -> str:
    stars = json.loads(accumulator) if accumulator else {}
    for repo, count in json.loads(current.value).items():
        stars[repo] = stars.get(repo, 0) + count
    return json.dumps(stars, sort_keys=True)
"""


def test_aggregate_with_a_json_accumulator_is_flat(tmp_path: Path) -> None:
    path = tmp_path / "merge.py"
    path.write_text(MERGE)
    rng = random.Random(3)
    repos = [f"infinyon/repo{i}" for i in range(20)]
    accumulator = json.dumps({repo: 1 for repo in repos}, sort_keys=True).encode()
    batches = []
    for _ in range(25):
        values = [json.dumps({rng.choice(repos): rng.randint(0, 9)}).encode() for _ in range(300)]
        batches.append(payload(values, "smartstream", accumulator=accumulator))
    sizes = _sizes(path, "aggregate", "smartstream", batches)
    assert sizes[2:] == [sizes[2]] * (len(sizes) - 2), sizes
