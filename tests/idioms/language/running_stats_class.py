"""Running statistics per sensor, kept in small objects."""
from smartstream import smartstream, Record


class RunningStats:
    def __init__(self, name):
        self.name = name
        self.count = 0
        self.total = 0.0
        self.low = None
        self.high = None

    def add(self, value: float) -> None:
        self.count += 1
        self.total += value
        if self.low is None or value < self.low:
            self.low = value
        if self.high is None or value > self.high:
            self.high = value

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    def __repr__(self):
        return f"{self.name}: n={self.count} mean={self.mean:.2f} range=[{self.low}, {self.high}]"


sensors: dict[str, RunningStats] = {}


@smartstream.map
def map(record: Record):
    name, value = record.value.decode().split("=")
    stats = sensors.get(name)
    if stats is None:
        stats = sensors[name] = RunningStats(name)
    stats.add(float(value))
    return name, repr(stats)
