"""hashlib: a hash object is used where it is made.

``hashlib.sha256(data).hexdigest()`` (or ``.digest()``; the constructor
imported with ``from hashlib import sha256``; ``hashlib.new("sha256",
data)``) is one call of the algorithm's digest function
(``semantics.HASH_DIGESTS``, guest/hashes.c): the checker records the
digest call with the constructor's arguments. A hash object kept as a
value (``h = hashlib.md5(); h.update(b)``) is refused with what to write.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Callable

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import Type
from . import calls, checker

if TYPE_CHECKING:
    from .checker import Checker

#: The algorithms, by their hashlib constructor's name.
ALGORITHMS = tuple(dict.fromkeys(name for name, _ in sem.HASH_DIGESTS))
METHODS = ("digest", "hexdigest")


def algorithm_call(ck: Checker, call: n.Call) -> str | None:
    """The hashlib constructor ``call`` calls (its name, or "new"), if it calls one."""
    match call.func:
        case n.Attribute(value=n.Name(id=module), attr=attr) if ck.modules.get(module) == "hashlib" \
                and ck.local_key(module) is None:
            return attr
        case n.Name(id=name) if ck.module_functions.get(name, ("",))[0] == "hashlib" and ck.local_key(name) is None:
            return ck.module_functions[name][1]
    return None


def digest_call(ck: Checker, call: n.Call, made: n.Call, method: str) -> Type:
    """``hashlib.NAME(args).digest()`` (``hexdigest``): the algorithm's digest of the arguments."""
    if call.args or call.keywords:
        raise CompileError(f"{method}() takes no arguments", call.span)
    if isinstance(made.func, n.Name) and made.func.id in ck.broken_constants:
        raise checker.Silent(f"'{made.func.id}' had an error", made.span)   # its import was refused
    name = algorithm_call(ck, made)
    assert name is not None
    if name == "new":
        name, made = _new_algorithm(made)
    op = sem.HASH_DIGESTS.get((name, method))
    if op is None:
        raise _missing(made, "hashlib", name)
    given = calls.bind_arguments(ck, made, f"hashlib.{name}", list(op.params), {})
    ck.arguments[call] = tuple(given)
    ck.ops[call] = op
    return op.result


def _new_algorithm(made: n.Call) -> tuple[str, n.Call]:
    """``hashlib.new("sha256", data)``: the algorithm (a str literal), and the call as its constructor's."""
    first = made.args[0] if made.args else None
    if not isinstance(first, n.Constant) or not isinstance(first.value, str):
        raise CompileError("hashlib.new() takes the algorithm's name as a str literal: hashlib.new(\"sha256\", "
                           "data)", made.span)
    name = first.value.lower()
    if name not in ALGORITHMS:
        raise CompileError(f"unsupported hash type {first.value} in ssc (it has {', '.join(ALGORITHMS)})",
                           first.span)
    return name, dataclasses.replace(made, args=made.args[1:])


def _kept(ck: Checker, call: n.Call) -> Type:
    """``hashlib.md5(data)`` not followed by ``.digest()`` or ``.hexdigest()``: refused."""
    match call.func:
        case n.Attribute(value=n.Name(id=module), attr=attr):
            name = f"{module}.{attr}"
        case n.Name(id=name):
            pass
        case _:
            name = "hashlib.sha256"
    raise CompileError(f"a hash object is supported only where it is made: {name}(data).hexdigest() or "
                        f"{name}(data).digest() (to hash several pieces, hash their concatenation: "
                        f"{name}(a + b); update() and copy() are not supported)", call.span)


def _missing(call: n.Call, module: str, name: str) -> CompileError:
    from .stdlib import listed_missing
    return listed_missing(call, module, name)


def functions() -> dict[str, Callable[[Checker, n.Call], Type]]:
    """hashlib's names as module functions: each refuses a hash object kept as a value (a
    digest call, which method_call takes first, is the supported use)."""
    return dict.fromkeys((*ALGORITHMS, "new"), _kept)
