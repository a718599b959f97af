"""The running mean of the numbers in the records, kept as JSON (Fluvio's aggregate-average).

A port of the aggregate-average example of Fluvio's SmartModule examples
(smartmodule/examples/aggregate-average/src/lib.rs). Each record's value is
a number as text ("21.5"); the accumulator is the JSON object

    {
      "average": 17.25,
      "count": 4
    }

which the Rust original keeps as a struct of an f64 and a u32, updates
with the incremental mean, average += (value - average) / count, and writes
pretty-printed (`serde_json::to_vec_pretty`: two-space indent). As there,
an accumulator that is empty or not such an object starts from a count of
0 (`unwrap_or_default`), and a record that is not UTF-8 or not a number
stops the batch (Rust: `str::from_utf8(...)?.trim().parse::<f64>()?`).
"""

import json
from typing import Any

from smartstream import Record, smartstream


def running_average(accumulator: bytes) -> tuple[float, int]:
    """The average and count so far; (0.0, 0) if the accumulator is empty or unreadable."""
    try:
        state = json.loads(accumulator)
        return float(state["average"]), int(state["count"])
    except ValueError:
        return 0.0, 0
    except LookupError:
        return 0.0, 0
    except TypeError:
        return 0.0, 0


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> str:
    average, count = running_average(accumulator)
    value = float(current.value.decode().strip())
    count += 1
    average += (value - average) / count
    state: dict[str, Any] = {"average": average, "count": count}
    return json.dumps(state, indent=2)
