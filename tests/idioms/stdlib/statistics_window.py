"""Summary statistics over a sliding window of the last 5 readings."""
import statistics

from smartstream import smartstream, Record

values: list[float] = []


@smartstream.map
def map(record: Record):
    values.append(float(record.value))
    del values[:-5]
    parts = [f"mean={statistics.mean(values):.3f}", f"median={statistics.median(values)}"]
    if len(values) > 1:
        parts.append(f"stdev={statistics.stdev(values):.3f}")
    return record.key, " ".join(parts)
