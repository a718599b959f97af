"""``enum.Enum`` and ``enum.IntEnum`` classes.

A member is an int at run time (``types.EnumType``): an IntEnum's value,
which is an int in CPython too, so it compares with ints and other members
by value; an Enum's index, so ``==`` is identity. Everything else about a
member is a constant chosen by that int (``semantics.ENUM_SELECT``): its
``.name``, its ``.value``, and its text, computed here as CPython shows it
(``Color.RED``, ``<Color.RED: 'red'>``; an IntEnum's str() is its value from
3.11 on). ``Color("red")`` compares the value with each member's, in order
(``typed.EnumLookup``), else raises CPython's ``ValueError: 'x' is not a
valid Color``. ``for c in Color`` iterates the tuple of the members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..pyversion import PythonVersion
from ..typed import Binding, Coercion, EnumLookup, PatternStore
from ..types import INT, NONE, STR, EnumType, Type
from . import assigns, scopes

if TYPE_CHECKING:
    from .checker import Checker

#: The enum classes a program may derive from: IntEnum's members are ints.
BASES = {"Enum": False, "IntEnum": True}


def check_enum_class(ck: Checker, stmt: n.ClassDef, base: str) -> None:
    """``class Color(Enum): RED = "red" ...``: members with constant, distinct values (ints for
    an IntEnum; all of one type for an Enum)."""
    int_enum = BASES[base]
    members: list[tuple[str, object]] = []
    for item in scopes.without_docstring(stmt.body):
        match item:
            case n.Pass():
                pass
            case n.Assign(targets=(n.Name(id=name),), value=n.Constant(value=value)) \
                    if type(value) in (int, str) and not name.startswith("_"):
                members.append((name, value))
            case n.Assign(targets=(n.Name(id=name),), value=n.UnaryOp(op="-", operand=n.Constant(value=int(value)))):
                members.append((name, -value))
            case _:
                raise CompileError("an enum class holds members 'NAME = constant' (an int or a str); methods, "
                                   "auto() and other attributes are not supported", getattr(item, "span", stmt.span))
    if not members:
        raise CompileError("an enum class needs members: 'NAME = value'", stmt.span)
    kinds = {type(value) for _, value in members}
    if int_enum and kinds != {int}:
        raise CompileError("an IntEnum's members are ints", stmt.span)
    if len(kinds) > 1:
        raise CompileError("an enum's members have values of one type (all int or all str) in ssc", stmt.span)
    names = [name for name, _ in members]
    values = [value for _, value in members]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise CompileError(f"'{name}' already defined as {values[names.index(name)]!r}", stmt.span)
        if values[index] in values[:index]:
            raise CompileError(f"'{name}' is an alias of '{names[values.index(values[index])]}' (the same value): "
                               f"enum aliases are not supported", stmt.span)
    ck.enum_classes[stmt.name] = EnumType(stmt.name, tuple(members), int_enum)


def value_type(ty: EnumType) -> Type:
    return INT if isinstance(ty.members[0][1], int) else STR


def select(ty: EnumType, values: list[object], result: Type) -> sem.Op:
    """The operation choosing ``values[i]`` for member i."""
    return sem.ENUM_SELECT.with_constant(tuple((ty.key(i), v) for i, v in enumerate(values))).at(result)


def texts(ck: Checker, ty: EnumType, conversion: str) -> sem.Op:
    """Each member's text: repr() for ``conversion`` "r", else str(), as CPython shows them."""
    if conversion == "r":
        shown = [f"<{ty.name}.{name}: {value!r}>" for name, value in ty.members]
    elif ty.int_enum and ck.python >= PythonVersion(3, 11):   # IntEnum.__str__ is int.__repr__ from 3.11
        shown = [str(value) for _, value in ty.members]
    else:
        shown = [f"{ty.name}.{name}" for name, _ in ty.members]
    return select(ty, shown, STR)  # type: ignore[arg-type]


def class_attribute(ck: Checker, expr: n.Attribute, ty: EnumType) -> Type:
    """``Color.RED``: the member; the class name itself is no value (a "class" binding)."""
    names = [name for name, _ in ty.members]
    if expr.attr not in names:
        raise CompileError(f"type object '{ty.name}' has no attribute '{expr.attr}'", expr.span)
    ck.bindings[expr.value] = Binding("class", ty.name, NONE)
    ck.types[expr.value] = NONE
    ck.ops[expr] = sem.ENUM_MEMBER.with_constant(ty.key(names.index(expr.attr))).at(ty)
    return ty


def member_attribute(ck: Checker, expr: n.Attribute, ty: EnumType) -> Type:
    """``color.name`` and ``color.value``."""
    if expr.attr == "name":
        op = select(ty, [name for name, _ in ty.members], STR)
    elif expr.attr == "value":
        op = select(ty, [value for _, value in ty.members], value_type(ty))
    else:
        raise CompileError(f"'{ty}' object has no attribute '{expr.attr}' in ssc (a member has .name and .value)",
                           expr.span)
    ck.ops[expr] = op
    return op.result


def lookup(ck: Checker, call: n.Call, ty: EnumType) -> Type:
    """``Color(value)``: the value into a hidden local, compared with each member's."""
    if len(call.args) != 1 or call.keywords or isinstance(call.args[0], n.Starred):
        raise CompileError(f"{ty.name}() takes one value: {ty.name}(value) is the member of that value",
                           call.span)
    arg = call.args[0]
    given = ck.expr(arg)
    wanted = value_type(ty)
    if given != wanted:
        raise CompileError(f"the members of {ty.name} have {wanted} values, so {ty.name}() of a value of type {given} raises "
                           f"ValueError: convert it first", arg.span)
    hidden = assigns.hidden_local(ck, "enum", arg.span, wanted, arg)
    tests = tuple(n.Compare(call.span, n.Name(call.span, hidden.id), ("==",), (n.Constant(call.span, value),))
                  for _, value in ty.members)
    for test in tests:
        ck.expr(test)
    message = n.JoinedStr(call.span, (n.FormattedValue(call.span, n.Name(call.span, hidden.id), "r", None),
                                      n.Constant(call.span, f" is not a valid {ty.name}")))
    ck.expr(message)
    keys = tuple(ty.key(i) for i in range(len(ty.members)))
    ck.lookups[call] = EnumLookup(PatternStore(hidden, arg), tests, keys, message)
    ck.ops[call] = sem.ENUM_LOOKUP.at(ty)
    return ty


def as_int(ck: Checker, expr: n.Expr, ty: Type) -> Type:
    """An IntEnum member where an int is wanted (compared with ints or members): the int it is."""
    if isinstance(ty, EnumType):
        ck.convert(expr, ty, INT)
        return INT
    return ty


def formatted(ck: Checker, value: n.FormattedValue, ty: EnumType) -> bool:
    """A field ``{color}``, ``{color!r}``: the member's text, then formatted as a str without a
    conversion. An IntEnum formats as its int (``format(sev, spec)``): False, formatted as one."""
    if ty.int_enum and value.conversion == "":
        ck.convert(value.value, ty, INT)
        return False
    if value.format_spec is not None or value.conversion == "a":
        raise CompileError(f"a {ty} formats only as {{x}}, {{x!s}} or {{x!r}} in ssc", value.span)
    op = texts(ck, ty, value.conversion)
    ck.coercions[value.value] = Coercion(ty, STR, op)
    ck.types[value] = STR
    ck.ops[value] = sem.field_formatter(STR, None, False, "")
    return True


def text_call(ck: Checker, call: n.Call, name: str, ty: EnumType) -> Type:
    """``str(color)`` / ``repr(color)``: the member's text."""
    ck.ops[call] = texts(ck, ty, "r" if name == "repr" else "s")
    return STR


def members_display(ty: EnumType, at: n.Expr) -> n.Tuple:
    """``(Color.RED, Color.YELLOW, ...)``: what ``for c in Color`` iterates."""
    return n.Tuple(at.span, tuple(n.Attribute(at.span, n.Name(at.span, ty.name), name) for name, _ in ty.members))
