"""For each record of comma-separated latencies, report p50/p90/p99 and the population stdev."""
import statistics

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    samples = [float(s) for s in record.value.decode().split(",")]
    if len(samples) < 2:
        raise statistics.StatisticsError("need at least two samples")
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return record.key, f"p50={q[49]:.1f} p90={q[89]:.1f} p99={q[98]:.1f} pstdev={statistics.pstdev(samples):.2f}"
