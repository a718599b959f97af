# int(bytes), + - * and unary minus on 64-bit ints; str + str
from smartstream import smartstream, Record


@smartstream.map
def arithmetic(record: Record) -> tuple[bytes | None, str]:
    n = int(record.value)
    total = n * 3 - 4 + -n
    return None, str(total) + " " + str(+n - 1)
