"""Random-oracle dispatcher: float operations (tests/test_random_oracle.py).

A record's value is ``op NUL x NUL y NUL n``: x and y floats (as repr text),
n an int.
"""
from smartstream import smartstream, Record


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    parts = record.value.decode().split("\x00")
    op = parts[0]
    x = float(parts[1])
    y = float(parts[2])
    n = int(parts[3])
    if op == "repr":
        return None, f"{repr(x)} {str(x)} {x}"
    if op == "add":
        return None, repr(x + y)
    if op == "sub":
        return None, repr(x - y)
    if op == "mul":
        return None, repr(x * y)
    if op == "div":
        return None, repr(x / y)
    if op == "floordiv":
        return None, repr(x // y)
    if op == "mod":
        return None, repr(x % y)
    if op == "pow":
        return None, repr(x ** n)
    if op == "round":
        return None, str(round(x))
    if op == "round_n":
        return None, repr(round(x, n))
    if op == "int":
        return None, str(int(x))
    if op == "fixed":
        return None, f"{x:f}|{x:.0f}|{x:.2f}|{x:.10f}|{x:12.3f}|{x:+.1f}|{x:,.2f}|{x:_.1f}|{x:012.4f}"
    if op == "exp":
        return None, f"{x:e}|{x:.0e}|{x:.3e}|{x:15.2e}"
    if op == "general":
        return None, f"{x:g}|{x:.1g}|{x:.3g}|{x:.12g}|{x:<14g}|{x:>14}"
    if op == "compare":
        return None, f"{x < y} {x <= y} {x == y} {x != y} {x > y} {min(x, y)} {max(x, y)}"
    if op == "int_compare":
        return None, f"{n < x} {n <= x} {n == x} {n > x} {repr(n + x)} {repr(x * n)}"
    if op == "int_div":
        return None, f"{repr(n / y)} {repr(n // y)} {repr(n % y)}"
    if op == "unary":
        return None, f"{repr(-x)} {repr(abs(x))} {bool(x)} {not x}"
    raise ValueError(f"unknown op {op!r}")
