"""Calls: of the program's functions, of builtins from the tables, and of methods.

Arguments are matched to a row's parameters (``bind_arguments``), which
records them in order, defaults left as None; a method with overloads
tries each row in turn (``Trial`` forgets what a failed one recorded).
"""

from __future__ import annotations

import builtins
import codecs
from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Binding, FunctionInfo
from ..types import (ANY, BOOL, BYTES, FLOAT, INT, NONE, STR, ClassType, DictType, EnumType, ListType, MatchType,
                     OptionalType, PatternType, SetType, TupleType, Type, VarTupleType, bindings, family, is_boxable,
                     substitute)
from . import (builtin_calls, checker, class_values, classes, consumers, enums, exprs, formatting, functions, generics,
               hashes, infer, nested, objects, partial, regex_objects, results, scopes, stdlib, stdlib_collections,
               stdlib_datetime)

if TYPE_CHECKING:
    from .checker import Checker


def call(ck: Checker, call: n.Call) -> Type:
    match call.func:
        case n.Name(id=name) if name in ck.nested and ck.local_key(name) is None:
            return call_function(ck, call, ck.functions[ck.nested[name]])
        case n.Name(id=name) if name in ck.functions and ck.local_key(name) is None:
            return call_function(ck, call, ck.functions[name])
        case n.Name(id=name) if name in ck.generics and ck.local_key(name) is None:
            return call_generic(ck, call, ck.generics[name])
        case n.Name(id=name) if name in ck.function_aliases and ck.local_key(name) is None:
            if ck.function_aliases[name] not in ck.functions:   # its def had an error
                raise checker.Silent(f"'{name}' had an error", call.span)
            return call_function(ck, call, ck.functions[ck.function_aliases[name]])   # HANDLER = normalize
        case n.Name(id=name) if ck.local_key(name) is None and name not in ck.constants:
            if name in ck.broken_constants or name in ck.poisoned:
                raise checker.Silent(f"'{name}' had an error", call.span)
            if name in ck.module_functions:   # from json import loads: loads(s) is json.loads(s)
                return stdlib.module_call(ck, call, *ck.module_functions[name])
            if name in ck.record_classes:
                return classes.record_new(ck, call, ck.record_classes[name])
            if name in ck.enum_classes:
                return enums.lookup(ck, call, ck.enum_classes[name])
            if ck.imported.get(name) in stdlib_collections.CLASSES:
                return stdlib_collections.construct(ck, call, ck.imported[name])
            if ck.imported.get(name) == "replace":
                return dataclass_replace(ck, call)
            if ck.imported.get(name, "").startswith(stdlib_datetime.IMPORTED):
                return stdlib_datetime.class_call(ck, call, ck.imported[name][len(stdlib_datetime.IMPORTED):],
                                                  "__new__")
            if name in ("repr", "str") and len(call.args) == 1 and not call.keywords:
                shown = text_call(ck, call, name)
                if shown is not None:
                    return shown
            if name in sem.EXCEPTION_NAMES or name in ck.exception_classes:
                raise CompileError(f"creating a {name} outside 'raise' is not supported", call.span)
            if name in sem.SPECIAL_BUILTINS:
                return builtin_calls.special_builtin(ck, call, name)
            if name in sem.BUILTIN_FUNCTIONS or name in table_builtin_names():
                return builtin(ck, call, name)
            if name == "type":
                return class_values.type_call(ck, call)
            if name in ck.imported or hasattr(builtins, name):
                what = {"eval": "eval() is not supported: ssc compiles the program ahead of time",
                        "exec": "exec() is not supported: ssc compiles the program ahead of time"}.get(name)
                raise CompileError(what or f"calling '{name}' is not supported", call.func.span)
            raise CompileError(f"name '{name}' is not defined", call.func.span)
        case n.Attribute(value=receiver, attr=attr):
            return method_call(ck, call, receiver, attr)
    callee = ck.expr(call.func)
    raise CompileError(f"'{callee}' object is not callable", call.func.span)


def dataclass_replace(ck: Checker, call: n.Call) -> Type:
    """``dataclasses.replace(obj, **changes)`` of a dataclass instance."""
    if not call.args or isinstance(call.args[0], n.Starred):
        raise CompileError("replace() takes the instance, then the fields to change as keyword arguments",
                           call.span)
    ty = ck.expr(call.args[0])
    if not isinstance(ty, ClassType) or ty.kind != "dataclass":
        raise CompileError("replace() should be called on dataclass instances", call.args[0].span)
    return classes.replace(ck, call, call.args[0], ty, call.args[1:], "replace")


def text_call(ck: Checker, call: n.Call, name: str) -> Type | None:
    """``repr(x)`` / ``str(x)`` of a record class's instance: the f-string of its repr; None for
    another x (a builtin call, checked as such)."""
    try:
        with checker.Suspended(ck):   # the argument's type, then checked for real by the call
            ty = ck.expr(call.args[0])
    except CompileError:
        return None
    if isinstance(ty, ClassType):
        ck.expr(call.args[0])
        return classes.text_call(ck, call, name, ty)
    if isinstance(ty, EnumType):
        ck.expr(call.args[0])
        return enums.text_call(ck, call, name, ty)
    if isinstance(ty, (DictType, ListType)) and ty.kind:
        return stdlib_collections.text_call(ck, call, ty)
    if classes.holds_instance(ty) or stdlib_collections.holds_kind(ty):
        raise CompileError(f"{name}() of a {ty} is not supported: format each item{class_values.hint(ty)}", call.span)
    return None


def call_function(ck: Checker, call: n.Call, info: FunctionInfo) -> Type:
    if any(e is not None and info.node is e.function for e in (ck.entry, *ck.auxiliary.values())):
        raise CompileError(f"the entry function '{info.node.name}' cannot be called from Python code",
                           call.span)
    check_arity(call, info)
    own = len(info.params) - len(info.captures)
    params = [sem.Param(name, ty, sem.REQUIRED if default is None else default, keyword=index != info.star)
              for index, ((name, ty), default) in enumerate(zip(info.params[:own], info.defaults))]
    given = bind_arguments(ck, call if info.star is None else packed(call, info.star), info.node.name, params, {},
                           builtin=False)
    ck.arguments[call] = tuple(arg if arg is not None else default for arg, default in zip(given, info.defaults)) \
        + nested.capture_arguments(ck, call, info)
    objects.forget(ck)   # the function may change objects' attributes
    results.infer_result(ck, info)
    if info.result == infer.UNKNOWN:
        raise checker.Silent(f"'{info.node.name}' had an error", call.span)
    assert info.result is not None
    ck.ops[call] = sem.CALL_FUNCTION.at(info.result)
    ck.bindings[call] = Binding("function", info.name, info.result)
    return info.result


def call_generic(ck: Checker, call: n.Call, generic: generics.Generic) -> Type:
    """A call of a helper typed by its calls: a call of its copy for the arguments' types."""
    check_arity(call, generic.template)
    params = [sem.Param(name, ty, keyword=True) for name, ty in generic.template.params]
    given = match_arguments(call, generic.node.name, params)
    info = generics.specialization(ck, generic, generics.signature(ck, generic, given), call)
    return call_function(ck, call, info)
def packed(call: n.Call, star: int) -> n.Call:
    """``f(a, b, c)`` of ``def f(x, *rest: str)``: the call as ``f(a, (b, c))``, the arguments from
    the ``*args`` parameter's position on packed into a tuple display for it."""
    extra = call.args[star:]
    if len(extra) == 1 and isinstance(extra[0], n.Starred):   # f(*names): the items, as tuple(names)
        pack: n.Expr = n.Call(extra[0].span, n.Name(extra[0].span, "tuple"), (extra[0].value,), ())
        return n.Call(call.span, call.func, (*call.args[:star], pack), call.keywords)
    starred = next((arg for arg in call.args if isinstance(arg, n.Starred)), None)
    if starred is not None:
        raise CompileError("'*' argument unpacking is supported as the one argument for a '*args' "
                           "parameter: f(a, *names)", starred.span)
    return n.Call(call.span, call.func, (*call.args[:star], n.Tuple(call.span, extra)), call.keywords)


def check_arity(call: n.Call, info: FunctionInfo) -> None:
    """CPython's TypeError for a call of the program's function with too many positional
    arguments, or without one it requires."""
    if info.star is not None:
        return check_star_arity(call, info, info.star)
    own = len(info.params) - len(info.captures)
    names = [name for name, _ in info.params[:own]]
    required = sum(1 for default in info.defaults[:own] if default is None)
    positional = len(call.args)
    if positional > len(names):
        takes = str(len(names)) if required == len(names) else f"from {required} to {len(names)}"
        raise CompileError(f"{info.node.name}() takes {takes} positional argument{'s' * (takes != '1')} but "
                           f"{positional} {'was' if positional == 1 else 'were'} given", call.span)
    keywords = {kw.name for kw in call.keywords}
    missing = [name for index, (name, default) in enumerate(zip(names, info.defaults))
               if default is None and index >= positional and name not in keywords]
    if missing:
        raise CompileError(functions.missing_message(info.node.name, missing), call.span)


def check_star_arity(call: n.Call, info: FunctionInfo, star: int) -> None:
    """As check_arity, of a function with a ``*args`` parameter (at ``star``): the positional
    arguments before it are required where they have no default, and so are the keyword-only
    parameters after it."""
    own = len(info.params) - len(info.captures)
    keywords = {kw.name for kw in call.keywords}
    required = [(index, name) for index, ((name, _), default) in enumerate(zip(info.params[:own], info.defaults))
                if default is None and index != star and name not in keywords]
    missing = [name for index, name in required if star > index >= len(call.args)]
    if missing:
        raise CompileError(functions.missing_message(info.node.name, missing), call.span)
    missing = [name for index, name in required if index > star]
    if missing:
        raise CompileError(functions.missing_message(info.node.name, missing).replace("positional", "keyword-only"),
                           call.span)


def bind_arguments(ck: Checker, call: n.Call, what: str, params: list[sem.Param],
                   mapping: dict[Type, Type], builtin: bool = True) -> list[n.Expr | None]:
    """Match a call's arguments to ``params``; check and record each; return them in order. A
    ``builtin``'s list parameter takes a tuple of any length too (it reads its items)."""
    given = match_arguments(call, what, params)
    for param, arg in zip(params, given):
        if arg is None:
            if param.default is sem.REQUIRED:
                raise CompileError(f"{what}() missing required argument: '{param.name}'", call.span)
            continue
        wanted = substitute(param.type, mapping)
        if isinstance(wanted, (ListType, SetType)) and consumers.is_iterator(ck, arg):
            consumers.materialize(ck, arg, wanted)
            continue
        if isinstance(wanted, (ListType, VarTupleType)) and isinstance(arg, n.Tuple):
            # a tuple literal where the runtime takes a list: s.startswith(("a", "b")); () is empty
            items = TupleType(tuple(ck.expr(e) for e in arg.elts))
            ck.types[arg] = items
            if not all(infer.assignable(t, wanted.elem) for t in items.items):
                raise CompileError(f"expected a tuple of {wanted.elem}, got {items}", arg.span)
            for elt, t in zip(arg.elts, items.items):
                if t != wanted.elem and isinstance(wanted, ListType):   # (a tuple of any length converts each)
                    ck.convert(elt, t, wanted.elem)
            ck.convert(arg, items, wanted)
            continue
        if builtin and isinstance(wanted, ListType) and ck.expr(arg) == VarTupleType(wanted.elem):
            ck.convert(arg, ck.types[arg], wanted)   # " ".join(parts) of *parts: str (one layout)
            continue
        if param.real and wanted == FLOAT:   # math.sqrt(2): CPython converts an int to a float
            given_type = ck.expr(arg)
            if given_type in (INT, BOOL):
                ck.convert(arg, given_type, FLOAT)
                continue
            ck.coerce(arg, wanted, given=given_type)
            continue
        try:
            ck.coerce(arg, wanted)
        except CompileError as err:
            raise text_mismatch(what, wanted, ck.types.get(arg), arg) or err from None
        if param.typed and ck.types.get(arg) == ANY:   # a JSON value may be null: the next overload
            raise CompileError(f"{what}()'s {param.name} is a JSON value here, which may be null", arg.span)
    ck.arguments[call] = tuple(given)
    return given


def match_arguments(call: n.Call, what: str, params: list[sem.Param]) -> list[n.Expr | None]:
    """A call's arguments in the order of ``params`` (None where one is omitted)."""
    given: list[n.Expr | None] = [None] * len(params)
    if len(call.args) > len(params):
        raise CompileError(f"{what}() takes at most {len(params)} argument(s) ({len(call.args)} given)",
                           call.span)
    for index, arg in enumerate(call.args):
        if isinstance(arg, n.Starred):
            raise CompileError("'*' argument unpacking is not supported", arg.span)
        given[index] = arg
    for kw in call.keywords:
        names = [p.name for p in params]
        if kw.name not in names or not params[names.index(kw.name)].keyword:
            raise CompileError(f"{what}() got an unexpected keyword argument '{kw.name}'", kw.span)
        index = names.index(kw.name)
        if given[index] is not None:
            raise CompileError(f"{what}() got multiple values for argument '{kw.name}'", kw.span)
        given[index] = kw.value
    return given


class TextMismatch(CompileError):
    """A text argument of the other kind, or a str where a list of str is: the refusal that
    ``resolve_overload`` reports whichever overload failed last."""


def text_mismatch(what: str, wanted: Type, given: Type | None, arg: n.Expr) -> TextMismatch | None:
    """The refusal of a text argument of the other kind (a str where bytes are wanted, or the
    reverse) or of a str where a list of str is (its characters), with what to write instead."""
    wanted_text = wanted.elem if isinstance(wanted, ListType) else \
        wanted.inner if isinstance(wanted, OptionalType) else wanted
    method = what.split(".")[-1]
    if given == STR and wanted_text == BYTES:
        return TextMismatch(f"{what}() takes bytes, not str: write a bytes literal (b'...'), or decode the "
                            f"bytes first and call the str method (record.value.decode().{method}(...))", arg.span)
    if given == BYTES and wanted_text == STR:
        return TextMismatch(f"{what}() takes str, not bytes: write a str literal, or decode the bytes "
                            f"(b.decode())", arg.span)
    if given == STR and wanted == ListType(STR):
        receiver = "sep" if method == "join" else "xs"
        return TextMismatch(f"{what}() of a str (its characters one by one) is not supported: pass a list, "
                            f"e.g. {receiver}.{method}(list(s))", arg.span)
    return None


def method_ops(ck: Checker, ty: Type, attr: str) -> tuple[sem.Op, ...] | None:
    for table in sem.METHOD_TABLES:
        for key in ((ty, attr), (family(ty), attr)):
            found = table.get(key)  # type: ignore[call-overload]
            if found is not None:
                return found if isinstance(found, tuple) else (found,)
    return None


def static_call(ck: Checker, call: n.Call, receiver: n.Expr, attr: str) -> Type | None:
    """A method call whose receiver is not a value of the program's: hashlib's digest of a
    constructor's result, a datetime class's method, a module's function, a builtin's static
    method (``bytes.fromhex``), ``str.format`` of a constant template; None for any other."""
    if attr in hashes.METHODS and isinstance(receiver, n.Call) and hashes.algorithm_call(ck, receiver):
        return hashes.digest_call(ck, call, receiver, attr)   # hashlib.sha256(data).hexdigest()
    cls = stdlib_datetime.class_of(ck, receiver)
    if cls is not None:
        return stdlib_datetime.class_call(ck, call, cls, attr)
    module = stdlib.module_of(ck, receiver)
    if module is not None:
        return stdlib.module_call(ck, call, module, attr)
    if isinstance(receiver, n.Name) and f"{receiver.id}.{attr}" in table_builtin_names() \
            and exprs.is_builtin(ck, receiver.id):
        return builtin(ck, call, f"{receiver.id}.{attr}")   # a static method: bytes.fromhex(s)
    if attr == "format":
        template = formatting.template_of(ck, receiver)
        if template is not None:
            return formatting.str_format(ck, call, receiver, template)
    return None


def method_call(ck: Checker, call: n.Call, receiver: n.Expr, attr: str) -> Type:
    static = static_call(ck, call, receiver, attr)
    if static is not None:
        return static
    ck.readonly_ok = True
    ty = ck.expr(receiver)
    if isinstance(ty, ClassType) and ty.kind == "datetime":
        return stdlib_datetime.method_call(ck, call, receiver, ty, attr)
    if isinstance(ty, ClassType):
        return classes.method_call(ck, call, receiver, ty, attr)
    ck.receivers[call] = receiver
    if ty == ANY:
        return any_method_call(ck, call, attr)
    if isinstance(ty, PatternType):
        return regex_objects.pattern_method(ck, call, ty, attr)
    if isinstance(ty, MatchType):
        return regex_objects.match_method(ck, call, ty, attr)
    if partial.is_partial(ty) and ck.refinements is not None:   # out.append(s) tells out's type
        told = partial.from_method(ty, attr, [ck.expr(arg) for arg in call.args])
        if told is not None:
            partial.refine(ck, receiver, told)
            ty = partial.merge(ty, told) or ty
    added = stdlib_collections.method(ck, call, receiver, ty, attr)   # what collections' classes add
    if added is not None:
        return added
    if (ty, attr) in sem.CODEC_METHODS:
        decoded = codec_call(ck, call, ty, attr)
        if decoded is not None:
            return decoded
    candidates = method_ops(ck, ty, attr)
    if candidates is None:
        if (ty, attr) == (STR, "format"):
            raise formatting.refuse_dynamic(receiver)
        raise CompileError(f"'{ty}' object has no method '{attr}' in ssc{infer.none_hint(ty)}", call.func.span)
    if isinstance(receiver, n.Name) and ck.bindings.get(receiver, Binding("", "", NONE)).kind == "constant" \
            and attr in scopes.MUTATING_METHODS:
        raise CompileError(f"cannot call '{attr}' on the module table '{receiver.id}': module constants "
                           f"are frozen", call.func.span)
    if isinstance(ty, ListType) and attr == "sort":
        return functions.list_sort(ck, call, ty)
    if isinstance(ty, DictType) and attr == "get":
        mixed = mixed_get(ck, call, ty)
        if mixed is not None:
            return mixed
    if isinstance(ty, DictType) and attr == "update" and call.keywords:
        return keyword_update(ck, call, ty)
    if ty == SetType(ANY) and attr == "add":   # a JSON value is hashed (checked) first
        candidates = (sem.SET_ADD_ANY,)
    mapping = bindings(ty)
    op = resolve_overload(ck, call, f"{family(ty)}.{attr}", candidates, mapping)
    result = substitute(op.result, mapping)
    ck.ops[call] = op.at(result)
    return result


def mixed_get(ck: Checker, call: n.Call, ty: DictType) -> Type | None:
    """``d.get(k, default)`` whose default the values' type cannot hold (``params.get("n", 10)`` on a
    dict[str, str]): an Any, the value or the default, as CPython's result is one or the other;
    None for any other call of get."""
    if len(call.args) != 2 or call.keywords:
        return None
    try:
        with checker.Trial(ck):
            default = ck.expr(call.args[1])
    except CompileError:
        return None
    if infer.has_unknown(default) or partial.is_partial(ty) or infer.assignable(default, ty.value) \
            or not is_boxable(default) or not is_boxable(ty.value):
        return None
    ck.coerce(call.args[0], ty.key)
    ck.coerce(call.args[1], ANY)
    ck.ops[call] = sem.DICT_GET_ANY.at(ANY)
    ck.arguments[call] = tuple(call.args)
    return ANY


def resolve_overload(ck: Checker, call: n.Call, what: str, candidates: tuple[sem.Op, ...],
                     mapping: dict[Type, Type]) -> sem.Op:
    """The first of ``candidates`` (a row's overloads) whose parameters the call's arguments
    match, each tried without keeping what it recorded, with its arguments bound; else the
    last one's error."""
    last_error: CompileError | None = None
    for op in candidates:
        errors_before = len(ck.errors)
        try:
            with checker.Trial(ck):
                bind_arguments(ck, call, what, list(op.params), mapping)
        except CompileError as err:
            if not isinstance(last_error, TextMismatch):
                last_error = err
            del ck.errors[errors_before:]
            continue
        bind_arguments(ck, call, what, list(op.params), mapping)
        return op
    assert last_error is not None
    raise last_error


def any_method_call(ck: Checker, call: n.Call, attr: str) -> Type:
    """``x.m(...)`` for an Any x: a dict or list method (dispatched at run time), or a str
    method, called once the guest has checked that x is a str."""
    op = sem.ANY_METHODS.get(attr)
    if attr == "update" and call.keywords:
        return keyword_update(ck, call, ANY)
    if op is not None:
        given = bind_arguments(ck, call, attr, list(op.params), {})
        if attr == "get" and given[0] is not None and infer.is_str_constant(given[0]):
            op = sem.ANY_GET_STR
        ck.ops[call] = op
        return op.result
    if (STR, attr) in sem.CODEC_METHODS:   # x.encode(...): once x is known to be a str
        encoded = codec_call(ck, call, STR, attr)
        assert encoded is not None
        ck.ops[call] = sem.ANY_STR_METHOD.at(encoded).around(ck.ops[call])
        return encoded
    candidates = method_ops(ck, STR, attr)
    if candidates is None:
        raise CompileError(f"'{attr}' is not a method of a JSON value (dict, list or str) in ssc", call.func.span)
    candidate = resolve_overload(ck, call, f"str.{attr}", candidates, {})
    ck.ops[call] = sem.ANY_STR_METHOD.at(candidate.result).around(candidate)
    return candidate.result


def keyword_update(ck: Checker, call: n.Call, ty: Type) -> Type:
    """``d.update(k=v, ...)``: the keywords are the dict ``{"k": v, ...}`` CPython makes of them,
    recorded as the call's one argument (a dict display, typed against ``d``'s type)."""
    if call.args:
        raise CompileError("update() with both a mapping and keywords is not supported in ssc: call update() "
                           "twice, with the mapping, then with the keywords", call.span)
    if isinstance(ty, DictType) and ty.key != STR:
        raise CompileError(f"update() keywords are str keys, and a {ty} has {ty.key} keys", call.keywords[0].span)
    names = [kw.name for kw in call.keywords]
    for index, kw in enumerate(call.keywords):
        if kw.name in names[:index]:
            raise CompileError(f"keyword argument repeated: {kw.name}", kw.span)
    mapping = n.Dict(call.span, tuple(n.Constant(kw.span, kw.name) for kw in call.keywords),
                     tuple(kw.value for kw in call.keywords))
    ck.coerce(mapping, ty)
    ck.arguments[call] = (mapping,)
    ck.ops[call] = sem.ANY_METHODS["update"] if ty == ANY else sem.CONTAINER_METHODS[("dict", "update")]
    return NONE


def codec_call(ck: Checker, call: n.Call, ty: Type, attr: str) -> Type | None:
    """``decode``/``encode`` take (encoding="utf-8", errors="strict") as constants.

    UTF-8 strict has its own fast operation; other codecs and error handlers
    (``None`` returned) go through the general ``bytes.decode`` row.
    """
    method = f"{ty}.{attr}"
    given: dict[str, n.Expr] = {}
    if len(call.args) > len(sem.CODEC_PARAMS):
        raise CompileError(f"{method}() takes at most 2 arguments", call.span)
    for param, arg in zip(sem.CODEC_PARAMS, call.args):
        given[param] = arg
    for kw in call.keywords:
        if kw.name not in sem.CODEC_PARAMS:
            raise CompileError(f"{method}() got an unexpected keyword argument '{kw.name}'", kw.span)
        if kw.name in given:
            raise CompileError(f"{method}() got multiple values for argument '{kw.name}'", kw.span)
        given[kw.name] = kw.value
    for param, arg in given.items():
        if not (isinstance(arg, n.Constant) and isinstance(arg.value, str)):
            raise CompileError(f"the {param} of {method}() must be a string literal", arg.span)
        ck.expr(arg)
    encoding = "utf-8"
    if "encoding" in given:
        text = given["encoding"].value  # type: ignore[union-attr]
        try:
            encoding = codecs.lookup(text).name
        except LookupError:
            raise CompileError(f"unknown encoding: {text}", given["encoding"].span) from None
    errors = given["errors"].value if "errors" in given else "strict"  # type: ignore[union-attr]
    key = (encoding, errors)
    if attr == "encode":
        if key != ("utf-8", "strict"):
            raise CompileError(f"str.encode() supports only encoding='utf-8' with errors='strict', not "
                               f"{encoding!r} with {errors!r}", call.span)
        if "json" in ck.modules.values():   # a str from JSON may hold a lone surrogate
            ck.ops[call] = sem.UTF8_ENCODE_CHECKED
        else:
            ck.ops[call] = sem.UTF8_ENCODE
        return BYTES
    if key == ("utf-8", "strict"):
        ck.ops[call] = sem.UTF8_DECODE
        return STR
    if encoding not in CODECS or errors not in ERROR_HANDLERS:
        raise CompileError(f"bytes.decode() supports the utf-8, ascii and latin-1 codecs with errors "
                           f"{', '.join(repr(e) for e in ERROR_HANDLERS)}, not {encoding!r} with {errors!r}",
                           call.span)
    return None


def builtin(ck: Checker, call: n.Call, name: str) -> Type:
    if call.keywords:
        raise CompileError(f"{name}() takes no keyword arguments in ssc", call.keywords[0].span)
    arg_types = tuple(consumers.materialize(ck, arg) if consumers.is_iterator(ck, arg) else ck.expr(arg)
                      for arg in call.args)
    families = tuple(family(t) for t in arg_types)
    found = sem.BUILTIN_CALLS.get((name, families))
    if found is None:
        for table in sem.BUILTIN_TABLES:
            found = table.get((name, arg_types)) or table.get((name, families))  # type: ignore[call-overload]
            if found is not None:
                break
    if found is None:
        shown = ", ".join(str(t) for t in arg_types) or "no arguments"
        raise CompileError(f"{name}() is not supported for ({shown})", call.span)
    mapping = bindings(arg_types[0]) if arg_types else {}
    for arg, ty, param in zip(call.args, arg_types, found.params or ()):
        ck.coerce(arg, substitute(param.type, mapping), given=ty)
    result = substitute(found.result, mapping)
    ck.ops[call] = found.at(result)
    return result


def table_builtin_names() -> set[str]:
    return {name for table in sem.BUILTIN_TABLES for name, _ in table}


CODECS = ("utf-8", "ascii", "iso8859-1", "latin-1")


ERROR_HANDLERS = ("strict", "ignore", "replace", "backslashreplace")
