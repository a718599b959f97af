"""Read integers written in any base prefix (0x, 0o, 0b or decimal) and print them in all bases."""
from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    text = record.value.decode().strip()
    n = int(text, 0)
    return record.key, f"dec={n} hex={n:#x} oct={oct(n)} bin={bin(n)} bits={n.bit_length()}"
