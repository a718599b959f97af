"""Assign each record to one of N partitions by the CRC-32 of its key (or value)."""
import zlib

from smartstream import smartstream, Record

PARTITIONS = 8


@smartstream.init
def init(params: dict[str, str]):
    global PARTITIONS
    PARTITIONS = int(params.get("partitions", "8"))


@smartstream.map
def map(record: Record):
    basis = record.key if record.key is not None else record.value
    partition = zlib.crc32(basis) % PARTITIONS
    return f"p{partition:02d}", record.value
