"""Lists that only build a string: ``parts.append(x)`` ... ``SEP.join(parts)``."""

from __future__ import annotations

from .. import nodes as n
from .. import semantics as sem
from ..typed import Binding, FunctionInfo
from ..types import BYTES, STR, ListType, Type


def string_builders(info: FunctionInfo, bindings: dict[object, Binding],
                     types: dict[object, Type]) -> dict[str, tuple[bytes, list[tuple[object, sem.Op]]]]:
    """The locals of ``info`` to build as text buffers: key -> (separator, [(node, op)]): the
    operation of its assignment (BUILDER_NEW), appends and joins.

    ``parts: list[str] = []`` (assigned once), then only ``parts.append(x)``
    statements and ``SEP.join(parts)`` with one constant separator: that is
    CPython's idiom for building a string, and the list itself is never
    seen. Such a list can live as the joined text growing in a buffer: an
    append copies x (after SEP) into it, and a join is the text so far (a
    later append writes past its end, so an earlier result stays as it
    was). Any other use of the name (indexing, len, iteration, passing it
    on, a second assignment) keeps it a list.
    """
    parents: dict[int, object] = {}
    uses: dict[str, list[n.Name]] = {}
    for node, parent in n.walk_with_parents(info.node):
        parents[id(node)] = parent
        if isinstance(node, n.Name):
            binding = bindings.get(node)
            if binding is not None and binding.kind == "local":
                uses.setdefault(binding.key, []).append(node)
    params = {name for name, _ in info.params}
    found: dict[str, tuple[bytes, list[tuple[object, sem.Op]]]] = {}
    for key, names in uses.items():
        declared = info.locals.get(key)
        if key in params or not isinstance(declared, ListType) or declared.elem not in (STR, BYTES):
            continue
        assignments, separators = 0, set()
        calls: list[tuple[object, sem.Op]] = []
        for name in names:
            parent = parents[id(name)]
            if isinstance(parent, (n.Assign, n.AnnAssign)) and parent.value is not None \
                    and (parent.target if isinstance(parent, n.AnnAssign) else parent.targets) in (name, (name,)) \
                    and isinstance(parent.value, n.List) and not parent.value.elts:
                assignments += 1
                calls.append((parent, sem.BUILDER_NEW))
                continue
            if isinstance(parent, n.Attribute) and parent.attr == "append":
                call = parents[id(parent)]
                if isinstance(call, n.Call) and call.func is parent and len(call.args) == 1 and not call.keywords \
                        and isinstance(parents[id(call)], n.ExprStmt):
                    calls.append((call, sem.BUILDER_APPEND))
                    continue
            if isinstance(parent, n.Call) and parent.args == (name,) and not parent.keywords \
                    and isinstance(parent.func, n.Attribute) and parent.func.attr == "join" \
                    and isinstance(parent.func.value, n.Constant) \
                    and types.get(parent.func.value) == declared.elem:
                separator = parent.func.value.value
                separators.add(separator.encode() if isinstance(separator, str) else separator)
                calls.append((parent, sem.BUILDER_JOIN))
                continue
            break
        else:
            if assignments == 1 and len(separators) == 1 and any(op is sem.BUILDER_JOIN for _, op in calls):
                found[key] = (separators.pop(), calls)
    return found
