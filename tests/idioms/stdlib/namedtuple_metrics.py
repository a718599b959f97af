"""Parse 'host cpu mem' lines into namedtuples and keep the busy hosts."""
from collections import namedtuple

from smartstream import smartstream, Record

Sample = namedtuple("Sample", ["host", "cpu", "mem"])
BUSY_CPU = 85.0


def parse(line: str) -> Sample:
    host, cpu, mem = line.split()
    return Sample(host, float(cpu.rstrip("%")), float(mem.rstrip("%")))


@smartstream.filter_map
def filter_map(record: Record):
    s = parse(record.value.decode())
    if s.cpu < BUSY_CPU:
        return None
    return s.host, repr(s._replace(cpu=round(s.cpu)))
