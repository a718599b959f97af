"""Random-oracle dispatcher: int operations (tests/test_random_oracle.py).

A record's value is ``op NUL a NUL b``, a and b decimal ints; the output is
the operation's result as text.
"""
from smartstream import smartstream, Record


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    parts = record.value.decode().split("\x00")
    op = parts[0]
    a = int(parts[1])
    b = int(parts[2])
    if op == "add":
        return None, str(a + b)
    if op == "sub":
        return None, str(a - b)
    if op == "mul":
        return None, str(a * b)
    if op == "floordiv":
        return None, str(a // b)
    if op == "mod":
        return None, str(a % b)
    if op == "truediv":
        return None, repr(a / b)
    if op == "lshift":
        return None, str(a << b)
    if op == "rshift":
        return None, str(a >> b)
    if op == "and":
        return None, str(a & b)
    if op == "or":
        return None, str(a | b)
    if op == "xor":
        return None, str(a ^ b)
    if op == "neg":
        return None, str(-a)
    if op == "invert":
        return None, str(~a)
    if op == "abs":
        return None, str(abs(a))
    if op == "pow0":
        return None, str(a ** 0)
    if op == "pow2":
        return None, str(a ** 2)
    if op == "pow3":
        return None, str(a ** 3)
    if op == "pow_neg":
        return None, repr(a ** -2)
    if op == "round":
        return None, str(round(a, -(b % 20)))
    if op == "compare":
        return None, f"{a < b} {a <= b} {a == b} {a != b} {a > b} {a >= b} {min(a, b)} {max(a, b)}"
    if op == "float_compare":
        f = float(b)
        return None, f"{a < f} {a == f} {a > f} {repr(f)}"
    if op == "to_float":
        return None, repr(float(a))
    if op == "mixed":
        return None, repr(a + b * 0.5)
    if op == "format":
        return None, f"{a:,}|{a:_}|{a:x}|{a:_b}|{a:o}|{a:+025d}|{a:*^30}"
    if op == "truth":
        return None, f"{bool(a)} {a or b} {a and b} {not a}"
    raise ValueError(f"unknown op {op!r}")
