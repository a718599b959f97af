"""The guest type Any (compiler/guest/dynamic.c) against CPython, the oracle.

A program of register-machine instructions (tests/guest/dynamic_harness.c)
runs in one wasm call; the registers hold boxes, and the test keeps a CPython
mirror of each register: the same value decoded from the same bytes, so that
names alias one list or dict in both, and each item is its own object in both.
Every instruction's outcome in the guest (a result shown as "<type> <repr>",
or the exception's type and message) is compared with what CPython gives for
the same operation on the mirror, computed here at test time.

What is checked: every operator (binary and unary, over a cross product of
operand kinds, with ints near the int64 limits), comparisons, subscripts and
slices, `in`, len, iteration, isinstance, int(), float(), str(), repr() and
f-string fields, the dict and list methods, the str methods' receiver check,
boxing and unboxing between typed values and Any, reference semantics
(mutation through one name seen through another), self-containing and deeply
nested containers, containers.c's generic code on list[Any], and
hypothesis-generated values for equality, ordering, repr and round trips.

Where ssc differs from CPython by design, the expectation says so in one
place (``ssc_expectation``): int is int64 (OverflowError "int result does not
fit in 64 bits"), a result over 2^31 - 1 bytes is an OverflowError (CPython:
MemoryError), a negative number to a fractional power is a ValueError
(CPython: a complex number), str % value is refused, and float ** float is
correctly rounded where CPython uses the platform's pow() (test_float_pow
checks it against an exact computation).
"""

# ruff: noqa: B023, PLR0124  (every lambda below is called at once, by Prog.op, in its loop iteration;
# comparing a value with itself is what some checks are about)
from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable
from decimal import Decimal, localcontext

import pytest
import wasmtime
from guest import dynamic_harness as dh
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

INT64_OVERFLOW = "int result does not fit in 64 bits"
TOO_LONG = "result is too long (more than 2**31 - 1 bytes)"
FRACTIONAL = "negative number cannot be raised to a fractional power"
PRINTF = "printf-style formatting (str % value) is not supported by ssc; use an f-string"
NAN = float("nan")
INF = float("inf")

# The instructions of dynamic_harness.c.
(LOAD, MOVE, REPR, STR_, EQ, CMP, TRUTH, HASH_EQ, NEST, BINARY, UNARY, GETITEM, GETSLICE, SETITEM, DELITEM,
 CONTAINS, LEN, ITER, ISINSTANCE, TO_INT, TO_FLOAT, FORMAT, EXPECT_STR, BOX, UNBOX, BUF_REPR, BUF_STR,
 INPLACE) = range(28)
(M_GET, M_SETDEFAULT, M_POP, M_POPITEM, M_KEYS, M_VALUES, M_ITEMS, M_UPDATE, M_APPEND, M_EXTEND, M_INSERT,
 M_REMOVE, M_REVERSE, M_SORT, M_COPY, M_CLEAR, M_INDEX, M_COUNT) = range(40, 58)
(TL_REPR, TL_EQ, TL_CMP, TL_SORT, TL_INDEX, TL_CONTAINS, TL_MIN, TL_MAX, TD_EQ, TD_REPR, TL_BOX_LIST) = range(70, 81)
ABSENT = 255  # an optional register argument not given

INPLACE_OPS = [operator.iadd, operator.isub, operator.imul, operator.itruediv, operator.ifloordiv, operator.imod,
               operator.ipow, operator.ilshift, operator.irshift, operator.iand, operator.ior, operator.ixor]
BINARY_OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod,
              operator.pow, operator.lshift, operator.rshift, operator.and_, operator.or_, operator.xor]
UNARY_OPS = [operator.neg, operator.pos, operator.invert]
COMPARE_OPS = [operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge]
TAGS = {type(None): 0, bool: 1, int: 2, float: 3, str: 4, list: 5, dict: 6}

# The operands of the cross products: every kind, and the edges of each.
OPERANDS = [None, False, True, 0, -1, 7, 2**62, 2**63 - 1, -2**63, 1.5, -0.0, 3.0, 2.0**63, NAN, INF, -INF,
            "", "abc", "é漢😀", "a\ud800", [], [1, "a"], [1, 2], [[1]], {}, {"a": 1, "1": 2}]


@pytest.fixture(scope="session")
def guest(tmp_path_factory: pytest.TempPathFactory) -> dh.DynamicGuest:
    return dh.DynamicGuest(dh.build(tmp_path_factory.mktemp("guest_dynamic")))


def fits(v):
    if isinstance(v, int) and not isinstance(v, bool) and not -2**63 <= v < 2**63:
        raise OverflowError(INT64_OVERFLOW)
    return v


def outcome(fn: Callable[[], object]) -> tuple[str | None, object]:
    """CPython's result of fn(), or its exception's type and message."""
    try:
        return None, ssc_expectation(fn())
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, ZeroDivisionError, AttributeError,
            RecursionError) as e:
        return type(e).__name__, str(e)


def ssc_expectation(result):
    """A CPython result as ssc gives it (see the module docstring)."""
    if isinstance(result, complex):
        raise ValueError(FRACTIONAL)  # noqa: TRY004  (ssc's exception, documented)
    return fits(result)


def show(v) -> str:
    """What the harness shows for a box."""
    return f"{type(v).__name__} {v!r}"


def show_bool(v: bool) -> str:
    return "True" if v else "False"


def is_int(v) -> bool:
    return isinstance(v, int)


def py_binary(op: int, a, b):
    """a <op> b in CPython, guarded where CPython would compute a huge int, and
    with ssc's documented differences."""
    if op == 5 and isinstance(a, str):
        raise TypeError(PRINTF)
    if op == 6 and is_int(a) and is_int(b) and b >= 64 and abs(a) >= 2:
        raise OverflowError(INT64_OVERFLOW)
    if op == 7 and is_int(a) and is_int(b) and b >= 64 and a != 0:
        raise OverflowError(INT64_OVERFLOW)
    try:
        return BINARY_OPS[op](a, b)
    except MemoryError:
        seq = a if isinstance(a, str | list) else b
        raise OverflowError("repeated string is too long" if isinstance(seq, str) else TOO_LONG) from None


class Prog:
    """A harness program and, alongside, what CPython says each step gives.

    Registers 0-99 are the caller's; temporaries cycle through 100-254."""

    def __init__(self) -> None:
        self.code = bytearray()
        self.expect: list[tuple[str | None, str, str]] = []
        self.vals: dict[int, object] = {}
        self._tmp = 100

    def tmp(self) -> int:
        r = self._tmp
        self._tmp = 100 if r == 254 else r + 1
        return r

    def ins(self, op: int, dst=0, a=0, b=0, c=0, imm=0, extra=b"", exc=None, text="", note="") -> None:
        self.code += struct.pack("<5Bxi", op, dst, a, b, c, imm) + extra
        self.expect.append((exc, text, note))

    def load(self, r: int, v) -> int:
        data = dh.encode_any(v)
        self.vals[r] = dh.decode_any(data)
        self.ins(LOAD, r, extra=data, text=show(self.vals[r]), note=f"load {v!r}")
        return r

    def val(self, v) -> int:
        return self.load(self.tmp(), v)

    def move(self, dst: int, a: int) -> None:
        self.vals[dst] = self.vals[a]
        self.ins(MOVE, dst, a)

    def op(self, code: int, fn: Callable[[], object], *, dst=None, a=0, b=0, c=0, imm=0, extra=b"",
           text: Callable[[object], str] | None = None, note="", operand=0) -> None:
        """One instruction whose result CPython's fn() gives: a box kept in
        register dst (shown as "<type> <repr>"), or a text made by `text`.
        `operand` is the dst byte of an instruction that shows a text."""
        exc, res = outcome(fn)
        raw_dst = operand if dst is None else dst
        if exc:
            self.ins(code, raw_dst, a, b, c, imm, extra, exc=exc, text="!" + res, note=note)
            return
        if dst is not None:
            self.vals[dst] = res
            shown = show(res)
        else:
            shown = text(res) if text else ""
        self.ins(code, raw_dst, a, b, c, imm, extra, text=shown, note=note)

    def run(self, guest: dh.DynamicGuest) -> int:
        got = guest.run(bytes(self.code), len(self.expect))
        for i, ((exc, text, note), g) in enumerate(zip(self.expect, got, strict=True)):
            assert (g.exc, g.text) == (exc, text), f"instruction {i}: {note}"
        return len(self.expect)


def text_payload(s: str) -> bytes:
    data = s.encode("utf-8", "surrogatepass")
    return struct.pack("<I", len(data)) + data


def slice_payload(start, stop, step) -> bytes:
    return b"".join(struct.pack("<Bq", x is not None, x or 0) for x in (start, stop, step))


# ---- operators -------------------------------------------------------------------------

def test_binary_cross_product(guest: dh.DynamicGuest) -> None:
    p = Prog()
    for i, a in enumerate(OPERANDS):
        p.load(i, a)
    for op in range(12):
        for i in range(len(OPERANDS)):
            for j in range(len(OPERANDS)):
                x, y = p.vals[i], p.vals[j]
                p.op(BINARY, lambda: py_binary(op, x, y), dst=p.tmp(), a=i, b=j, imm=op,
                     note=f"{x!r} op{op} {y!r}")
        # the operands are unchanged (a result is a new box)
        for i in range(len(OPERANDS)):
            p.ins(REPR, a=i, text=repr(p.vals[i]), note=f"after op{op}: {p.vals[i]!r}")
    assert p.run(guest) > 8000


def py_inplace(op: int, a, b):
    """a <op>= b in CPython: in place for list += and *=, dict |=; else as py_binary."""
    if (isinstance(a, list) and op in (0, 2)) or (isinstance(a, dict) and op == 10):
        try:
            return INPLACE_OPS[op](a, b)
        except MemoryError:
            raise OverflowError(TOO_LONG) from None
    return py_binary(op, a, b)


def test_inplace(guest: dh.DynamicGuest) -> None:
    """Augmented assignment: the mutable types change in place (seen through
    another name of the object, here register 50 + i); the rest is a <op> b."""
    rights = [None, True, 3, -1, 0, 2**62, 1.5, "", "xy", [], [1, "a"], {}, {"k": 1}, [["p", 2]], ["ab"], [1]]
    p = Prog()
    for j, b in enumerate(rights):
        p.load(30 + j, b)
    for i, a in enumerate(OPERANDS):
        for op in range(12):
            for j in range(len(rights)):
                x = p.vals[p.load(i, a)]
                p.move(50, i)
                y = p.vals[30 + j]
                p.op(INPLACE, lambda: py_inplace(op, x, y), dst=p.tmp(), a=i, b=30 + j, imm=op,
                     note=f"{x!r} op{op}= {y!r}")
                p.ins(REPR, a=50, text=repr(p.vals[50]), note=f"the other name after op{op}=")
    # l += l doubles l
    x = p.vals[p.load(0, [1, "a"])]
    p.op(INPLACE, lambda: py_inplace(0, x, x), dst=1, a=0, b=0, imm=0)
    p.ins(REPR, a=0, text=repr(x))
    assert p.run(guest) > 10000


def test_int64_edges(guest: dh.DynamicGuest) -> None:
    edges = [2**63 - 1, -2**63, 2**62, -2**62, 2**32, -2**32 - 1, 3037000499, 3037000500, -3037000500, 1, -1, 0, 2,
             63, 64, 62, True, 0.5, 2.0**63, -2.0**63, 9.2e18]
    p = Prog()
    for i, a in enumerate(edges):
        p.load(i, a)
    for op in range(12):
        for i, x in enumerate(edges):
            for j, y in enumerate(edges):
                p.op(BINARY, lambda: py_binary(op, x, y), dst=p.tmp(), a=i, b=j, imm=op, note=f"{x!r} op{op} {y!r}")
    for i, x in enumerate(edges):
        for u in range(3):
            p.op(UNARY, lambda: fits(UNARY_OPS[u](x)), dst=p.tmp(), a=i, imm=u, note=f"unary{u} {x!r}")
    p.run(guest)


def test_unary(guest: dh.DynamicGuest) -> None:
    p = Prog()
    for i, a in enumerate(OPERANDS):
        p.load(i, a)
        for u in range(3):
            p.op(UNARY, lambda: fits(UNARY_OPS[u](a)), dst=p.tmp(), a=i, imm=u, note=f"unary{u} {a!r}")
    p.run(guest)


def test_compare_cross_product(guest: dh.DynamicGuest) -> None:
    extra = [2**62 * 1.0, 4611686018427387905, -0.5, "ab", "b", [1], [1, "a", None], [1.0, "a"], [NAN], {"a": 1.0,
             "1": 2}, {"1": 2, "a": 1}]
    values = OPERANDS + extra
    p = Prog()
    for i, a in enumerate(values):
        p.load(i, a)
    for i in range(len(values)):
        for j in range(len(values)):
            x, y = p.vals[i], p.vals[j]
            for op in range(6):
                p.op(CMP, lambda: COMPARE_OPS[op](x, y), a=i, b=j, imm=op, text=show_bool, note=f"{x!r} cmp{op} {y!r}")
            # the equality of items: identity first (PyObject_RichCompareBool)
            p.op(EQ, lambda: x is y or x == y, a=i, b=j, text=show_bool, note=f"{x!r} is/== {y!r}")
    # the same box against itself: a nan is not == itself, but is as an item
    nan = p.load(90, NAN)
    p.op(CMP, lambda: p.vals[nan] == p.vals[nan], a=nan, b=nan, imm=0, text=show_bool)
    p.ins(EQ, a=nan, b=nan, text="True")
    p.run(guest)


def test_hash_agrees_with_equality(guest: dh.DynamicGuest) -> None:
    values = [None, False, True, 0, 1, -1, 0.0, -0.0, 1.0, -1.0, 2**62, 2.0**62, 2**53 + 1, 2.0**53, -2**63,
              -2.0**63, 0.5, "", "a", "é", INF, -INF]
    p = Prog()
    for i, a in enumerate(values):
        p.load(i, a)
    for i, x in enumerate(values):
        for j, y in enumerate(values):
            if x == y:
                p.ins(HASH_EQ, a=i, b=j, text="True", note=f"hash {x!r} {y!r}")
    p.load(50, [1])
    p.op(HASH_EQ, lambda: hash(p.vals[50]), a=50, b=0)
    p.load(51, {})
    p.op(HASH_EQ, lambda: hash(p.vals[51]), a=0, b=51)
    p.run(guest)


# ---- subscripts, membership, length, iteration ------------------------------------------

KEYS = OPERANDS + ["a", "1", 1, -2, -3, 2, "x", 2**63 - 1]


def test_getitem_contains_cross_product(guest: dh.DynamicGuest) -> None:
    p = Prog()
    for i, a in enumerate(OPERANDS):
        p.load(i, a)
    for j, k in enumerate(KEYS):
        p.load(40 + j, k)
    for i in range(len(OPERANDS)):
        for j in range(len(KEYS)):
            x, k = p.vals[i], p.vals[40 + j]
            p.op(GETITEM, lambda: x[k], dst=p.tmp(), a=i, b=40 + j, note=f"{x!r}[{k!r}]")
            p.op(CONTAINS, lambda: k in x, a=i, b=40 + j, text=show_bool, note=f"{k!r} in {x!r}")
    p.run(guest)


def test_len_iter_truth_isinstance(guest: dh.DynamicGuest) -> None:
    masks = [["NoneType"], ["bool"], ["int", "bool"], ["float"], ["str"], ["list"], ["dict"], ["int", "bool", "float"],
             ["list", "dict"], ["str", "NoneType"]]
    classes = {"NoneType": type(None), "bool": bool, "int": int, "float": float, "str": str, "list": list, "dict": dict}
    p = Prog()
    for i, a in enumerate(OPERANDS):
        x = p.vals[p.load(i, a)]
        p.op(LEN, lambda: len(x), a=i, text=str, note=f"len {x!r}")
        p.op(ITER, lambda: list(iter(x)), a=i, text=repr, note=f"iter {x!r}")
        p.op(TRUTH, lambda: bool(x), a=i, text=show_bool)
        for names in masks:
            mask = sum(1 << TAGS[classes[n]] for n in names)
            p.op(ISINSTANCE, lambda: isinstance(x, tuple(classes[n] for n in names)), a=i, imm=mask, text=show_bool,
                 note=f"isinstance {x!r} {names}")
    p.run(guest)


def test_slices(guest: dh.DynamicGuest) -> None:
    seqs = ["", "abcdef", "é漢😀x\ud800y", [], [0, 1, 2, 3, 4, 5, 6], None, 5, {}, {"a": 1}, 1.5]
    parts = [None, 0, 1, -1, 2, -2, 3, 10, -10, 2**63 - 1, -2**63]
    steps = [None, 1, -1, 2, -2, 3, 0, 2**63 - 1, -2**63]
    p = Prog()
    for i, s in enumerate(seqs):
        x = p.vals[p.load(i, s)]
        for start in parts:
            for stop in parts[::2]:
                for step in steps:
                    p.op(GETSLICE, lambda: x[start:stop:step], dst=p.tmp(), a=i, extra=slice_payload(start, stop, step),
                         note=f"{x!r}[{start}:{stop}:{step}]")
    p.run(guest)


def test_setitem_delitem(guest: dh.DynamicGuest) -> None:
    targets = OPERANDS + [[1, 2, 3], {"a": 1, 1: "x"}]
    keys = [0, -1, 3, -4, True, 1.0, "a", "b", None, [], {}, NAN, 2**63 - 1]
    p = Prog()
    for j, k in enumerate(keys):
        p.load(60 + j, k)
    value = p.load(80, ["v"])
    for i, t in enumerate(targets):
        for j in range(len(keys)):
            x = p.vals[p.load(i, t)]
            k = p.vals[60 + j]

            def setitem():
                x[k] = p.vals[value]
            p.op(SETITEM, setitem, a=i, b=60 + j, c=value, note=f"{x!r}[{k!r}] = ...")
            p.ins(REPR, a=i, text=repr(x))

            def delitem():
                del x[k]
            p.op(DELITEM, delitem, a=i, b=60 + j, note=f"del {x!r}[{k!r}]")
            p.ins(REPR, a=i, text=repr(x))
    # the value stored is the same list: mutating it shows through the container
    d = p.load(0, {})
    p.op(SETITEM, lambda: p.vals[d].__setitem__("k", p.vals[value]), a=d, b=p.load(1, "k"), c=value)
    p.op(M_APPEND, lambda: p.vals[value].append(5), a=value, b=p.load(2, 5))
    p.ins(REPR, a=d, text=repr(p.vals[d]))
    p.run(guest)


def test_dict_keys_unify_numbers(guest: dh.DynamicGuest) -> None:
    p = Prog()
    d = p.load(0, {})
    for k, v in [(1, "a"), (True, "b"), (1.0, "c"), (0, "z"), (-0.0, "y"), (False, "x"), ("1", "s"), (None, "n"),
                 (2**53, "big"), (2.0**53, "bigf"), (NAN, "nan1"), (NAN, "nan2")]:
        kr, vr = p.val(k), p.val(v)
        p.op(SETITEM, lambda: p.vals[d].__setitem__(p.vals[kr], p.vals[vr]), a=d, b=kr, c=vr)
    p.ins(REPR, a=d, text=repr(p.vals[d]))
    p.op(LEN, lambda: len(p.vals[d]), a=d, text=str)
    for k in [1, True, 1.0, 0, -0.0, 2**53, 2**53 + 1, NAN, "1", None]:
        kr = p.val(k)
        p.op(GETITEM, lambda: p.vals[d][p.vals[kr]], dst=p.tmp(), a=d, b=kr, note=f"d[{k!r}]")
        p.op(CONTAINS, lambda: p.vals[kr] in p.vals[d], a=d, b=kr, text=show_bool)
    # a nan key is found by identity: the key box itself
    nan_key = p.load(5, NAN)
    p.op(SETITEM, lambda: p.vals[d].__setitem__(p.vals[nan_key], 1), a=d, b=nan_key, c=p.val(1))
    p.op(GETITEM, lambda: p.vals[d][p.vals[nan_key]], dst=p.tmp(), a=d, b=nan_key)
    p.ins(REPR, a=d, text=repr(p.vals[d]))
    p.run(guest)


# ---- conversions -----------------------------------------------------------------------------

CONVERTIBLE = OPERANDS + ["12", " -3 ", "1_000", "١٢", "+7\n", "9" * 30, "1.5", "nan", "1e500", "-0", " inf ",
                          "1_0.5", "0x10", "", "٣.٥", "12abc", "\u3000 42\u3000", "-9223372036854775808",
                          "9223372036854775808", 1e19, -9.3e18, 2.0**62, 1e-300, -2.5]


def test_int_float_str_repr(guest: dh.DynamicGuest) -> None:
    p = Prog()
    for i, a in enumerate(CONVERTIBLE):
        x = p.vals[p.load(i % 100, a)]
        r = i % 100
        p.op(TO_INT, lambda: int(x), a=r, text=str, note=f"int({x!r})")
        p.op(TO_FLOAT, lambda: float(x), a=r, text=repr, note=f"float({x!r})")
        p.op(STR_, lambda: str(x), a=r, text=lambda s: s, note=f"str({x!r})")
        p.op(REPR, lambda: repr(x), a=r, text=lambda s: s)
        p.op(BUF_REPR, lambda: repr(x), a=r, text=lambda s: s)
        p.op(BUF_STR, lambda: str(x), a=r, text=lambda s: s)
    p.run(guest)


SPECS = ["", ">8", "<5", "^9", "d", ".2f", "x", "s", "+", "05", ",", "c", "e", ".3", "#x", "=+8", "_", ".1%", "z.1f",
         "*>7", "10.3g", "b", "X", "n", "é^6"]


def test_format(guest: dh.DynamicGuest) -> None:
    conversions = {0: lambda v, s: format(v, s), ord("s"): lambda v, s: format(str(v), s),
                   ord("r"): lambda v, s: format(repr(v), s)}
    p = Prog()
    for i, a in enumerate(OPERANDS + [65, 0x1F600, -5, 1234567.891, 1e16, True]):
        x = p.vals[p.load(i, a)]
        for spec in SPECS:
            for conv, fn in conversions.items():
                p.op(FORMAT, lambda: fn(x, spec), a=i, imm=conv, extra=text_payload(spec), text=lambda s: f"<{s}>",
                     note=f"format {x!r} {conv} {spec!r}")
    p.run(guest)


def test_expect_str(guest: dh.DynamicGuest) -> None:
    p = Prog()
    for i, a in enumerate(OPERANDS):
        x = p.vals[p.load(i, a)]
        for method in ["upper", "split", "startswith"]:
            def check():
                getattr(x, method)
                if not isinstance(x, str):
                    raise AttributeError(f"'{type(x).__name__}' object has no attribute '{method}'")  # noqa: TRY004
                return x
            p.op(EXPECT_STR, check, a=i, extra=text_payload(method), text=lambda s: s, note=f"{x!r}.{method}")
    p.run(guest)


# ---- boxing and unboxing ---------------------------------------------------------------------

def type_name(t: dh.ch.Ty) -> str:
    """A type as ssc's messages name it."""
    names = {"none": "None", "any": "Any"}
    if t.kind == "opt":
        return f"{type_name(t.args[0])} | None"
    if t.args:
        return f"{t.kind}[{', '.join(map(type_name, t.args))}]"
    return names.get(t.kind, t.kind)


def kind_ok(v, t: dh.ch.Ty) -> bool:
    k = t.kind
    return (k == "any" or (k == "none" and v is None) or (k == "bool" and isinstance(v, bool))
            or (k == "int" and type(v) is int) or (k == "float" and isinstance(v, float))
            or (k == "str" and isinstance(v, str)) or (k == "list" and isinstance(v, list))
            or (k == "dict" and isinstance(v, dict)) or (k == "opt" and (v is None or kind_ok(v, t.args[0]))))


def py_unbox(v, t: dh.ch.Ty):
    """ssc's documented conversion of an Any to type t (docs/language.md,
    difference 8): a TypeError "expected <t>, got <type>" at the first
    mismatch; a bool is not an int there, nor an int a float."""
    if not kind_ok(v, t):
        raise TypeError(f"expected {type_name(t)}, got {type(v).__name__}")
    k = t.kind
    if k in ("any", "none", "bool", "str"):
        return v
    if k == "int":
        return int(v)
    if k == "float":
        return float(v)
    if k == "opt":
        return None if v is None else py_unbox(v, t.args[0])
    if k == "list":
        return [py_unbox(x, t.args[0]) for x in v]
    return {py_unbox(a, t.args[0]): py_unbox(b, t.args[1]) for a, b in v.items()}


UNBOX_VALUES = [None, False, True, 0, -7, 2**63 - 1, 1.5, NAN, "s", "é\ud800", [], [1, 2], [1, None], [True, 2.5],
                ["a", None], [[1], []], [[1, "x"]], {}, {"a": 1}, {"a": [1, 2]}, {"a": None, "b": 1.5},
                {"a": {"b": 1}}, {1: "x"}, {"a": 1.5}, [{"x": 1.0}], [{"x": "y"}], {1.5: 2}, {True: "t"},
                {"a": True}]


def test_unbox(guest: dh.DynamicGuest) -> None:
    p = Prog()
    for i, v in enumerate(UNBOX_VALUES):
        x = p.vals[p.load(i, v)]
        for ti, t in enumerate(dh.TYPES):
            if t.kind in ("tuple", "bytes"):
                continue
            p.op(UNBOX, lambda: py_unbox(x, t), operand=99, a=i, imm=ti, text=repr, note=f"unbox {x!r} to {t!r}")
    p.run(guest)


def test_unbox_shares_any_containers(guest: dh.DynamicGuest) -> None:
    """list[Any] and dict[Any, Any] are the dynamic containers' own layout:
    converting to them keeps the object, as a Python annotation does."""
    p = Prog()
    x = p.load(0, {"l": [1, "a"], "d": {"k": None}})
    lr = p.val("l")
    p.op(GETITEM, lambda: p.vals[x]["l"], dst=1, a=x, b=lr)
    p.ins(UNBOX, dst=2, a=1, imm=dh.TYPE_INDEX[dh.lst(dh.ANY)], text="[1, 'a']")
    p.vals[2] = p.vals[1]
    p.op(M_APPEND, lambda: p.vals[2].append(None), a=2, b=p.val(None))
    dr = p.val("d")
    p.op(GETITEM, lambda: p.vals[x]["d"], dst=3, a=x, b=dr)
    p.ins(UNBOX, dst=4, a=3, imm=dh.TYPE_INDEX[dh.dct(dh.ANY, dh.ANY)], text="{'k': None}")
    p.vals[4] = p.vals[3]
    p.op(SETITEM, lambda: p.vals[4].__setitem__(1, 2), a=4, b=p.val(1), c=p.val(2))
    p.ins(REPR, a=x, text=repr(p.vals[x]))
    p.run(guest)


BOX_CASES = [
    (dh.NONE, None), (dh.BOOL, True), (dh.BOOL, False), (dh.INT, -2**63), (dh.INT, 5), (dh.FLOAT, -0.0),
    (dh.FLOAT, NAN), (dh.STR, "é漢"), (dh.ANY, [1, {"a": None}]), (dh.opt(dh.INT), None), (dh.opt(dh.INT), 3),
    (dh.opt(dh.STR), "x"), (dh.opt(dh.FLOAT), None), (dh.lst(dh.INT), [1, 2, 3]), (dh.lst(dh.STR), ["a", ""]),
    (dh.lst(dh.FLOAT), [1.0, INF]), (dh.lst(dh.opt(dh.INT)), [None, 1]), (dh.lst(dh.lst(dh.INT)), [[1], [], [2, 3]]),
    (dh.lst(dh.ANY), [None, "a", [1]]), (dh.dct(dh.STR, dh.INT), {"a": 1, "b": 2}),
    (dh.dct(dh.STR, dh.lst(dh.INT)), {"x": [1], "y": []}), (dh.dct(dh.INT, dh.STR), {1: "a", -1: "b"}),
    (dh.dct(dh.STR, dh.opt(dh.FLOAT)), {"a": None, "b": 0.5}), (dh.dct(dh.STR, dh.ANY), {"a": [1], "b": {}}),
    (dh.dct(dh.ANY, dh.ANY), {1: 2, "x": None}), (dh.lst(dh.dct(dh.STR, dh.FLOAT)), [{"a": 1.0}, {}]),
    (dh.lst(dh.BOOL), [True, False]), (dh.dct(dh.FLOAT, dh.INT), {1.5: 1, -0.0: 2}),
    (dh.dct(dh.BOOL, dh.STR), {True: "t", False: "f"}), (dh.opt(dh.lst(dh.INT)), None),
    (dh.opt(dh.lst(dh.INT)), [4]), (dh.lst(dh.opt(dh.STR)), [None, "s"]),
    (dh.dct(dh.STR, dh.dct(dh.STR, dh.INT)), {"a": {"b": 1}}),
]


def test_box(guest: dh.DynamicGuest) -> None:
    p = Prog()
    for t, v in BOX_CASES:
        r = p.tmp()
        p.ins(BOX, r, imm=dh.TYPE_INDEX[t], extra=dh.encode_typed(t, v), text=show(v), note=f"box {t!r} {v!r}")
        # and back: the same value, typed
        p.ins(UNBOX, a=r, imm=dh.TYPE_INDEX[t], text=repr(v), note=f"unbox {t!r} {v!r}")
    for t, v in [(dh.tup(dh.STR, dh.INT), ("a", 1)), (dh.BYTES, b"x")]:
        p.ins(BOX, p.tmp(), imm=dh.TYPE_INDEX[t], extra=dh.encode_typed(t, v), exc="TypeError",
              text=f"!cannot convert {type_name(t)} to Any")
    p.run(guest)


# ---- methods ------------------------------------------------------------------------------------

METHOD_RECEIVERS = [None, True, 7, 1.5, "", "abcab", "é漢😀é", [], [3, 1, 2, 1], [1, "a", [2], None],
                    {}, {"a": 1, "b": [2]}, {1: "x", "y": None}]
METHOD_ARGS = [None, 0, 1, -1, 5, True, 1.5, "a", "b", "ab", "", "é", [], [2], {}, ["k", "v"], [["k", 1], ["j", 2]],
               ["xy"], [1], {"z": 0}, "xy", NAN]


def call(x, name, *args):
    """x.name(*args) as CPython does it (AttributeError for a missing method)."""
    return getattr(x, name)(*args)


def test_methods_cross_product(guest: dh.DynamicGuest) -> None:
    """Every method on every receiver kind, with arguments of every kind: the
    receiver afterwards and the result (or the exception) as CPython."""
    one_arg = [("get", M_GET), ("setdefault", M_SETDEFAULT), ("pop", M_POP), ("update", M_UPDATE),
               ("append", M_APPEND), ("extend", M_EXTEND), ("remove", M_REMOVE), ("index", M_INDEX),
               ("count", M_COUNT)]
    no_arg = [("popitem", M_POPITEM), ("keys", M_KEYS), ("values", M_VALUES), ("items", M_ITEMS),
              ("reverse", M_REVERSE), ("copy", M_COPY), ("clear", M_CLEAR), ("pop", M_POP)]
    p = Prog()
    for j, v in enumerate(METHOD_ARGS):
        p.load(50 + j, v)
    for recv in METHOD_RECEIVERS:
        for name, code in one_arg:
            for j in range(len(METHOD_ARGS)):
                x = p.vals[p.load(0, recv)]
                arg = p.vals[50 + j]
                box = code in (M_GET, M_SETDEFAULT, M_POP)
                show_text = {M_INDEX: str, M_COUNT: str}.get(code)
                p.op(code, lambda: call(x, name, arg), dst=p.tmp() if box else None, a=0, b=50 + j, c=ABSENT,
                     text=show_text, note=f"{x!r}.{name}({arg!r})")
                p.ins(REPR, a=0, text=repr(x), note=f"after {name}({arg!r})")
        for name, code in no_arg:
            x = p.vals[p.load(0, recv)]
            kw: dict = {"text": {M_POPITEM: repr, M_KEYS: lambda r: repr(list(r)), M_VALUES: lambda r: repr(list(r)),
                                 M_ITEMS: lambda r: repr(list(r))}.get(code)}
            if code in (M_COPY, M_POP):
                kw = {"dst": p.tmp()}
            p.op(code, lambda: call(x, name), a=0, b=ABSENT, c=ABSENT, note=f"{x!r}.{name}()", **kw)
            p.ins(REPR, a=0, text=repr(x), note=f"after {name}()")
        # the two-argument forms: get, setdefault and pop with a default
        for name, code in [("get", M_GET), ("setdefault", M_SETDEFAULT), ("pop", M_POP)]:
            for key in ["a", "zz", 0, 1, [], NAN]:
                x = p.vals[p.load(0, recv)]
                k, d = p.val(key), p.val("dflt")
                p.op(code, lambda: call(x, name, p.vals[k], p.vals[d]), dst=p.tmp(), a=0, b=k, c=d,
                     note=f"{x!r}.{name}({key!r}, 'dflt')")
                p.ins(REPR, a=0, text=repr(x))
        # insert and sort
        for index in [0, 1, -1, 100, -100, 2**63 - 1, -2**63]:
            x = p.vals[p.load(0, recv)]
            item = p.val("new")
            p.op(M_INSERT, lambda: call(x, "insert", index, "new"), a=0, b=item, extra=struct.pack("<q", index),
                 note=f"{x!r}.insert({index})")
            p.ins(REPR, a=0, text=repr(x))
        for reverse in (0, 1):
            x = p.vals[p.load(0, recv)]
            p.op(M_SORT, lambda: x.sort(reverse=bool(reverse)) if isinstance(x, list) else call(x, "sort"), a=0,
                 imm=reverse, note=f"{x!r}.sort(reverse={reverse})")
            p.ins(REPR, a=0, text=repr(x))
    assert p.run(guest) > 3000


def test_method_details(guest: dh.DynamicGuest) -> None:
    p = Prog()
    x = p.vals[p.load(0, [1, 2, 3])]
    p.op(M_POP, lambda: x.pop(), dst=1, a=0, b=ABSENT, c=ABSENT)
    p.op(M_POP, lambda: x.pop(0), dst=1, a=0, b=p.val(0), c=ABSENT)
    p.op(M_POP, lambda: x.pop(-5), dst=1, a=0, b=p.val(-5), c=ABSENT)
    p.op(M_POP, lambda: x.pop(0, 1), dst=1, a=0, b=p.val(0), c=p.val(1))
    p.op(M_POP, lambda: x.pop(), dst=1, a=0, b=ABSENT, c=ABSENT)
    p.op(M_POP, lambda: x.pop(), dst=1, a=0, b=ABSENT, c=ABSENT)
    # l.extend(l) doubles l; a dict extends by its keys; a str by its characters
    y = p.vals[p.load(2, [1, "a"])]
    p.op(M_EXTEND, lambda: y.extend(y), a=2, b=2)
    p.op(M_EXTEND, lambda: y.extend({"k": 1, "j": 2}), a=2, b=p.val({"k": 1, "j": 2}))
    p.op(M_EXTEND, lambda: y.extend("é😀"), a=2, b=p.val("é😀"))
    p.ins(REPR, a=2, text=repr(y))
    # popitem takes the last entry; popping everything then fails
    d = p.vals[p.load(3, {"a": 1, "b": 2})]
    for _ in range(3):
        p.op(M_POPITEM, lambda: d.popitem(), a=3, text=repr)
    # update with pairs of every shape
    for other in [{"x": 1}, [["a", 1]], ["ab"], [["k", "v"]], [[1, 2, 3]], [1], "ab", 5, None,
                  [{"p": 0, "q": 1}], [["u", [1]], ["u", 2]], [[[1], 2]]]:
        e = p.vals[p.load(4, {"a": 0})]
        o = p.val(other)
        p.op(M_UPDATE, lambda: e.update(p.vals[o]), a=4, b=o, note=f"update {other!r}")
        p.ins(REPR, a=4, text=repr(e))
    # index and count compare with ==, identity first
    nan = p.load(5, NAN)
    ln = p.vals[p.load(6, [1, 1.0, True, "1"])]
    p.op(M_APPEND, lambda: ln.append(p.vals[nan]), a=6, b=nan)
    for probe in [nan, p.val(NAN), p.val(1), p.val("1"), p.val(2)]:
        p.op(M_INDEX, lambda: ln.index(p.vals[probe]), a=6, b=probe, text=str)
        p.op(M_COUNT, lambda: ln.count(p.vals[probe]), a=6, b=probe, text=str)
        p.op(CONTAINS, lambda: p.vals[probe] in ln, a=6, b=probe, text=show_bool)
    p.op(M_REMOVE, lambda: ln.remove(p.vals[nan]), a=6, b=nan)
    p.ins(REPR, a=6, text=repr(ln))
    # str.index / str.count
    s = p.vals[p.load(7, "abcabcé")]
    for sub in ["c", "é", "", "x", "abc", 1, None]:
        r = p.val(sub)
        p.op(M_INDEX, lambda: s.index(p.vals[r]), a=7, b=r, text=str, note=f"index {sub!r}")
        p.op(M_COUNT, lambda: s.count(p.vals[r]), a=7, b=r, text=str, note=f"count {sub!r}")
    # copies are shallow and new
    c = p.vals[p.load(8, {"l": [1]})]
    p.op(M_COPY, lambda: c.copy(), dst=9, a=8)
    p.op(SETITEM, lambda: p.vals[9].__setitem__("m", 2), a=9, b=p.val("m"), c=p.val(2))
    p.op(GETITEM, lambda: p.vals[9]["l"], dst=10, a=9, b=p.val("l"))
    p.op(M_APPEND, lambda: p.vals[10].append(3), a=10, b=p.val(3))
    p.ins(REPR, a=8, text=repr(c))
    p.ins(REPR, a=9, text=repr(p.vals[9]))
    p.run(guest)


def test_sort(guest: dh.DynamicGuest) -> None:
    lists = [[3, 1.5, True, -2**63, 2**63 - 1, 0.0, False, -0.0, 2.5, 7], ["b", "a", "é", "", "ab", "B"],
             [[1, 2], [1], [], [0, "x"], [1, 2, 3]], [3, "a", 1], [1, None], [{}, {}], [[1, "a"], [1, 2]],
             [5, 4, 3, 2, 1, 0, -1], list(range(40, 0, -3)) + [2.5, 1.5], [None]]
    p = Prog()
    for lst_ in lists:
        for reverse in (0, 1):
            x = p.vals[p.load(0, lst_)]
            p.op(TL_SORT, lambda: sorted(x, reverse=bool(reverse)), a=0, imm=reverse, text=repr)
            p.op(M_SORT, lambda: x.sort(reverse=bool(reverse)), a=0, imm=reverse, note=f"sort {lst_!r}")
            p.ins(REPR, a=0, text=repr(x))
        x = p.vals[p.load(0, lst_)]
        p.op(TL_MIN, lambda: min(x), dst=1, a=0)
        p.op(TL_MAX, lambda: max(x), dst=1, a=0)
    p.run(guest)


# ---- reference semantics, cycles, depth ------------------------------------------------------

def test_aliasing(guest: dh.DynamicGuest) -> None:
    p = Prog()
    x = p.load(0, {"l": [1], "d": {}})
    p.op(GETITEM, lambda: p.vals[x]["l"], dst=1, a=x, b=p.val("l"))
    p.op(M_APPEND, lambda: p.vals[1].append(2), a=1, b=p.val(2))
    p.op(GETITEM, lambda: p.vals[x]["d"], dst=2, a=x, b=p.val("d"))
    p.op(SETITEM, lambda: p.vals[2].__setitem__("k", p.vals[1]), a=2, b=p.val("k"), c=1)
    p.move(3, 1)
    p.op(M_EXTEND, lambda: p.vals[3].extend([7, 8]), a=3, b=p.val([7, 8]))
    p.op(SETITEM, lambda: p.vals[3].__setitem__(0, "zero"), a=3, b=p.val(0), c=p.val("zero"))
    p.op(DELITEM, lambda: p.vals[3].__delitem__(-1), a=3, b=p.val(-1))
    p.ins(REPR, a=x, text=repr(p.vals[x]))
    # an operator makes a new list; augmented list + is not in place
    p.op(BINARY, lambda: p.vals[1] + [9], dst=4, a=1, b=p.val([9]), imm=0)
    p.op(M_APPEND, lambda: p.vals[4].append(10), a=4, b=p.val(10))
    p.ins(REPR, a=x, text=repr(p.vals[x]))
    # a slice, a copy, a repeat are new lists holding the same items
    p.op(GETSLICE, lambda: p.vals[x]["d"]["k"][:], dst=5, a=1, extra=slice_payload(None, None, None))
    p.ins(TL_BOX_LIST, 6, a=2, imm=1, text=show([p.vals[2]]))
    p.vals[6] = [p.vals[2]]
    p.op(BINARY, lambda: p.vals[6] * 2, dst=6, a=6, b=p.val(2), imm=2)
    p.op(M_APPEND, lambda: p.vals[6].append(p.vals[2]), a=6, b=2)
    p.op(BINARY, lambda: p.vals[6] * 2, dst=7, a=6, b=p.val(2), imm=2)
    p.op(SETITEM, lambda: p.vals[2].__setitem__("new", None), a=2, b=p.val("new"), c=p.val(None))
    p.ins(REPR, a=7, text=repr(p.vals[7]))
    # items of keys()/values()/items() and iter() are the same objects
    p.op(M_VALUES, lambda: list(p.vals[2].values()), a=2, text=repr)
    p.op(M_ITEMS, lambda: list(p.vals[x].items()), a=x, text=repr)
    p.run(guest)


def test_cycles(guest: dh.DynamicGuest) -> None:
    p = Prog()
    a = p.vals[p.load(0, [1])]
    p.op(M_APPEND, lambda: a.append(a), a=0, b=0)
    b = p.vals[p.load(1, [1])]
    p.op(M_APPEND, lambda: b.append(b), a=1, b=1)
    d = p.vals[p.load(2, {"k": 1})]
    p.op(SETITEM, lambda: d.__setitem__("self", d), a=2, b=p.val("self"), c=2)
    p.op(SETITEM, lambda: d.__setitem__("list", a), a=2, b=p.val("list"), c=0)
    p.op(M_APPEND, lambda: a.append(d), a=0, b=2)
    for r in (0, 1, 2):
        v = p.vals[r]
        p.op(REPR, lambda: repr(v), a=r, text=lambda s: s)
        p.op(STR_, lambda: str(v), a=r, text=lambda s: s)
        p.op(BUF_REPR, lambda: repr(v), a=r, text=lambda s: s)
        p.op(FORMAT, lambda: format(v, ""), a=r, extra=text_payload(""), text=lambda s: f"<{s}>")
    for op in range(6):
        p.op(CMP, lambda: COMPARE_OPS[op](a, a), a=0, b=0, imm=op, text=show_bool, note=f"a cmp{op} a")
        p.op(CMP, lambda: COMPARE_OPS[op](d, d), a=2, b=2, imm=op, text=show_bool, note=f"d cmp{op} d")
    p.op(CMP, lambda: a == b, a=0, b=1, imm=0, text=show_bool, note="a == b, distinct cycles")
    p.op(CMP, lambda: a < b, a=0, b=1, imm=2, text=show_bool, note="a < b, distinct cycles")
    p.op(CONTAINS, lambda: a in a, a=0, b=0, text=show_bool)
    p.op(M_INDEX, lambda: a.index(a), a=0, b=0, text=str)
    p.op(M_COUNT, lambda: a.count(d), a=0, b=2, text=str)
    p.op(BINARY, lambda: a + a, dst=3, a=0, b=0, imm=0)
    p.op(M_REMOVE, lambda: a.remove(a), a=0, b=0)
    p.ins(REPR, a=0, text=repr(a))
    p.run(guest)


def test_deep_nesting(guest: dh.DynamicGuest) -> None:
    limit = guest.call("h_max_depth")
    p = Prog()
    # 20 * limit: past every supported CPython's limit (3.13's C recursion limit lets 9,000 levels through)
    for depth in [400, 20 * limit]:
        inner = p.load(0, [1])
        deep = [1]
        for _ in range(depth):
            deep = [deep]
        other = [1]
        for _ in range(depth):
            other = [other]
        p.ins(NEST, 1, inner, imm=depth)
        p.ins(NEST, 2, inner, imm=depth)
        p.vals[1], p.vals[2] = deep, other
        p.op(REPR, lambda: repr(deep), a=1, text=lambda s: s, note=f"repr depth {depth}")
        p.op(CMP, lambda: deep == other, a=1, b=2, imm=0, text=show_bool, note=f"== depth {depth}")
        p.op(CMP, lambda: deep <= other, a=1, b=2, imm=3, text=show_bool, note=f"<= depth {depth}")
        p.op(CMP, lambda: deep == deep, a=1, b=1, imm=0, text=show_bool)
        p.op(FORMAT, lambda: format(deep, ""), a=1, extra=text_payload(""), text=lambda s: f"<{s}>")
    p.run(guest)


def test_nesting_limit(guest: dh.DynamicGuest) -> None:
    """ssc's own limit (CPython's depends on the frames already on its stack):
    containers nested `limit` deep compare and print; one more level raises
    RecursionError with CPython's messages. The guest's stack holds the limit."""
    limit = guest.call("h_max_depth")
    p = Prog()
    inner, inner2 = p.load(0, [1]), p.load(3, [1])
    for depth, ok in [(limit - 1, True), (limit, False)]:  # NEST adds `depth` lists around [1]
        p.ins(NEST, 1, inner, imm=depth)
        p.ins(NEST, 2, inner2, imm=depth)
        text = "[" * depth + "[1]" + "]" * depth
        p.ins(REPR, a=1, text=text if ok else "!maximum recursion depth exceeded while getting the repr of an object",
              exc=None if ok else "RecursionError")
        p.ins(CMP, a=1, b=2, imm=0, text="True" if ok else "!maximum recursion depth exceeded in comparison",
              exc=None if ok else "RecursionError")
        p.ins(CMP, a=1, b=2, imm=2, text="False" if ok else "!maximum recursion depth exceeded in comparison",
              exc=None if ok else "RecursionError")
    p.run(guest)


def test_a_trap_leaves_no_state_behind(guest: dh.DynamicGuest) -> None:
    """A trap stops the guest wherever it is: here inside the repr of a list
    longer than the stub's 32 MiB heap, between the push and the pop of
    dynamic.c's repr stack and depth. The harness then runs the next program
    in a fresh instance, as the host does (docs/abi.md, "One instance").
    The same program with a small count allocates its lists at the same
    addresses, which a stale repr stack would print as [...], and the
    nesting limit is still exact."""
    def repeat(count: int) -> Prog:
        p = Prog()
        x = p.load(0, [["x" * 16], []])
        p.op(BINARY, lambda: p.vals[x] * count, dst=1, a=x, b=p.val(count), imm=2)
        p.ins(REPR, a=x, text=repr(p.vals[x]))
        return p

    with pytest.raises(wasmtime.Trap):
        repeat(1_000_000).run(guest)
    repeat(2).run(guest)
    test_nesting_limit(guest)


# ---- containers.c's generic code on Any items -------------------------------------------------

def test_generic_list_any(guest: dh.DynamicGuest) -> None:
    lists = [[], [1], [1, "a"], [1.0, "a"], [True], [1, 2], [None], [[1]], [{"a": 1}], [NAN], ["a", [None]], [1, None]]
    p = Prog()
    for i, v in enumerate(lists):
        p.load(i, v)
    for i, x in enumerate(lists):
        x = p.vals[i]
        p.op(TL_REPR, lambda: repr(x), a=i, text=lambda s: s)
        for j in range(len(lists)):
            y = p.vals[j]
            p.op(TL_EQ, lambda: x == y, a=i, b=j, text=show_bool, note=f"{x!r} == {y!r}")
            for op in range(2, 6):
                p.op(TL_CMP, lambda: COMPARE_OPS[op](x, y), a=i, b=j, imm=op, text=show_bool,
                     note=f"{x!r} cmp{op} {y!r}")
        for item in [1, "a", None, [1], 1.0, True]:
            r = p.val(item)
            p.op(TL_INDEX, lambda: x.index(p.vals[r]), a=i, b=r, text=str)
            p.op(TL_CONTAINS, lambda: p.vals[r] in x, a=i, b=r, text=show_bool)
    dicts = [{}, {"a": 1}, {"a": 1.0}, {1: [1]}, {True: [1.0]}, {"a": [NAN]}]
    for i, v in enumerate(dicts):
        p.load(40 + i, v)
    for i in range(len(dicts)):
        x = p.vals[40 + i]
        p.op(TD_REPR, lambda: repr(x), a=40 + i, text=lambda s: s)
        for j in range(len(dicts)):
            y = p.vals[40 + j]
            p.op(TD_EQ, lambda: x == y, a=40 + i, b=40 + j, text=show_bool, note=f"{x!r} == {y!r}")
    # a typed list[Any] whose items are boxes of registers, as lowered code builds one
    p.load(60, "a")
    p.load(61, [1])
    p.load(62, None)
    p.ins(TL_BOX_LIST, 63, a=60, imm=3, text=show(["a", [1], None]))
    p.run(guest)


# ---- float ** float ---------------------------------------------------------------------------

def correctly_rounded_pow(x: float, y: float) -> float:
    """x ** y for x > 0 rounded once to a double (decimal arithmetic with 80 digits)."""
    with localcontext() as ctx:
        ctx.prec = 80
        r = Decimal(x) ** Decimal(y)
    return float(r)


def test_float_pow(guest: dh.DynamicGuest) -> None:
    """Fractional exponents: the guest's result is the correctly rounded one;
    CPython's (the platform's pow) is the same wherever it is correctly rounded."""
    import random

    rng = random.Random(1234)
    cases = [(2.0, 0.5), (10.0, -2.5), (7, 1.5), (1.5, 1.5), (0.5, 1074.5), (0.5, 1073.2), (0.5, 1080.5),
             (2.0, 1023.9), (2.0, 1024.1), (1e-300, 1.1), (10.0, -323.5), (2.0**62, 1.5), (1 + 2**-52, 0.5),
             (1 - 2**-53, 1e15 + 0.5), (123456.789, 0.1), (0.1, 0.1), (5e-324, 0.5), (1.7976931348623157e308, 0.999)]
    for _ in range(300):
        x = rng.choice([rng.uniform(0, 2), rng.uniform(0, 1e6), math.exp(rng.uniform(-700, 700))])
        y = rng.uniform(-30, 30) if rng.random() < 0.7 else rng.uniform(-1, 1)
        if x > 0 and y != int(y):
            cases.append((x, y))
    p = Prog()
    finite = agree = 0
    for x, y in cases:
        a, b = p.val(x), p.val(y)
        exc, res = outcome(lambda: x ** y)
        if exc:
            p.ins(BINARY, p.tmp(), a, b, imm=6, exc=exc, text="!" + res, note=f"{x!r} ** {y!r}")
            continue
        exact = correctly_rounded_pow(x, y)
        finite += 1
        agree += exact == res
        p.ins(BINARY, p.tmp(), a, b, imm=6, text=show(exact), note=f"{x!r} ** {y!r} (CPython {res!r})")
    p.run(guest)
    assert agree >= finite * 0.99, (agree, finite)  # glibc's pow is almost always correctly rounded too


# ---- hypothesis ---------------------------------------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.integers(-3, 3)
           | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 1.0, 0.5])
           | st.text(st.characters(blacklist_categories=()), max_size=4)
           | st.text(st.sampled_from("ab\u00e9\ud800\udc00\U0001f600'\"\\\n"), max_size=3))
keys = (st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([0.0, -0.0, 1.0, 1.5, NAN])
        | st.text(st.sampled_from("ab\u00e9"), max_size=2))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=10)
HYPOTHESIS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                              HealthCheck.too_slow])


@HYPOTHESIS
@example(a=487666, b=[[""], [], [], {3: "\udc00", None: '"\ud800"'}])  # a * b once trapped (see x * y)
@given(values, values)
def test_hypothesis_compare_repr(guest: dh.DynamicGuest, a, b) -> None:
    p = Prog()
    x, y = p.vals[p.load(0, a)], p.vals[p.load(1, b)]
    for op in range(6):
        p.op(CMP, lambda: COMPARE_OPS[op](x, y), a=0, b=1, imm=op, text=show_bool)
        p.op(CMP, lambda: COMPARE_OPS[op](x, x), a=0, b=0, imm=op, text=show_bool)
    p.op(EQ, lambda: x is y or x == y, a=0, b=1, text=show_bool)
    p.op(REPR, lambda: repr(x), a=0, text=lambda s: s)
    p.op(STR_, lambda: str(x), a=0, text=lambda s: s)
    p.op(TRUTH, lambda: bool(x), a=0, text=show_bool)
    p.op(LEN, lambda: len(x), a=0, text=str)
    p.op(ITER, lambda: list(x), a=0, text=repr)
    p.op(CONTAINS, lambda: y in x, a=0, b=1, text=show_bool)
    p.op(GETITEM, lambda: x[y], dst=2, a=0, b=1)
    p.op(BINARY, lambda: py_binary(0, x, y), dst=3, a=0, b=1, imm=0)
    # x * y, with a small int on either side of a str or list, whose result the
    # harness shows (487666 * a list of 4 would be a repr longer than its heap)
    m = 2 if is_int(x) and abs(x) >= 4 and isinstance(y, str | list) else x
    n = y if not is_int(y) or abs(y) < 4 else 2
    p.op(BINARY, lambda: py_binary(2, m, n), dst=4, a=0 if m is x else p.val(m), b=p.val(n), imm=2)
    p.op(UNBOX, lambda: x, a=0, imm=dh.TYPE_INDEX[dh.ANY], text=repr)
    p.run(guest)


typed_cases = st.one_of(
    st.tuples(st.just(dh.INT), st.integers(-2**63, 2**63 - 1)),
    st.tuples(st.just(dh.FLOAT), st.floats()),
    st.tuples(st.just(dh.STR), st.text(max_size=5)),
    st.tuples(st.just(dh.opt(dh.INT)), st.none() | st.integers(-5, 5)),
    st.tuples(st.just(dh.lst(dh.opt(dh.INT))), st.lists(st.none() | st.integers(-2**63, 2**63 - 1), max_size=4)),
    st.tuples(st.just(dh.dct(dh.STR, dh.lst(dh.INT))),
              st.dictionaries(st.text(max_size=2), st.lists(st.integers(-2**63, 2**63 - 1), max_size=3), max_size=3)),
    st.tuples(st.just(dh.dct(dh.FLOAT, dh.INT)), st.dictionaries(st.floats(allow_nan=False), st.integers(-9, 9),
                                                                 max_size=3)),
    st.tuples(st.just(dh.lst(dh.dct(dh.STR, dh.FLOAT))),
              st.lists(st.dictionaries(st.text(max_size=2), st.floats(), max_size=2), max_size=3)),
)


@HYPOTHESIS
@given(typed_cases)
def test_hypothesis_box_unbox(guest: dh.DynamicGuest, case) -> None:
    t, v = case
    p = Prog()
    p.ins(BOX, 0, imm=dh.TYPE_INDEX[t], extra=dh.encode_typed(t, v), text=show(v))
    p.vals[0] = v
    p.ins(UNBOX, a=0, imm=dh.TYPE_INDEX[t], text=repr(v))
    p.op(CMP, lambda: v == v, a=0, b=0, imm=0, text=show_bool)
    p.op(REPR, lambda: repr(v), a=0, text=lambda s: s)
    p.run(guest)
