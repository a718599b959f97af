"""Histogram of response times in ms: aggregate counts per bucket, printed as a bar chart."""
from smartstream import smartstream, Record

BUCKETS = [50, 100, 250, 500, 1000]
counts = [0] * (len(BUCKETS) + 1)


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    ms = float(current.value)
    for i, limit in enumerate(BUCKETS):
        if ms <= limit:
            counts[i] += 1
            break
    else:
        counts[-1] += 1
    labels = [f"<={b}" for b in BUCKETS] + [f">{BUCKETS[-1]}"]
    return "\n".join(f"{label:>6} {'#' * n}" for label, n in zip(labels, counts)).encode()
