"""Flag values more than 3 standard deviations from the running mean (Welford's algorithm)."""
from smartstream import smartstream, Record

n = 0
mean = 0.0
m2 = 0.0


def update(x: float) -> None:
    global n, mean, m2
    n += 1
    delta = x - mean
    mean += delta / n
    m2 += delta * (x - mean)


@smartstream.filter
def filter(record: Record) -> bool:
    x = float(record.value)
    anomalous = False
    if n >= 5:
        std = (m2 / (n - 1)) ** 0.5
        anomalous = std > 0 and abs(x - mean) / std > 3
    update(x)
    return anomalous
