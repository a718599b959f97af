/* ssc guest runtime, dynamic values: the type Any, what json.loads returns.
 * See ssc_rt.h ("dynamic values") for the box layout and the interface.
 *
 * Every operation follows CPython 3.11 (Objects/abstract.c, object.c,
 * longobject.c, floatobject.c, unicodeobject.c, listobject.c,
 * dictobject.c), messages included. A box holds one of the seven JSON
 * types; a list or dict box points to an ssc_list / ssc_dict of Any. The
 * dicts are searched with containers.c's probe for Any keys (ct_any_dict_find,
 * "the dynamic dict" below) and lists sorted with ssc_list_sort_any, never
 * through the descriptor-driven generic code (ssc_value_eq, ssc_value_hash,
 * ssc_value_compare), which would link the code of every type, Record
 * included; the rest of containers.c (slices, concatenation, ...) works on
 * them as on any list or dict.
 *
 * Identity. A box is an object: CPython compares the items of containers
 * with PyObject_RichCompareBool, which takes two references to the same
 * object as equal before calling __eq__, and so does this file: the same
 * box, or two boxes of the same list or dict, are equal as items (dict
 * look-ups, list ==, `in`, index, count, remove). So `x = loads("[NaN]")`
 * gives x == x and x[0] in x, as in CPython, and a list that contains
 * itself compares without recursing forever. The operator `==` itself
 * (ssc_any_compare) has no identity shortcut for a float, as CPython's
 * float_richcompare has none: x[0] == x[0] is False for a nan.
 *
 * Recursion. Containers can be nested deeply or contain themselves (a
 * list appended to itself). repr prints a container already being printed
 * as [...] / {...} (Py_ReprEnter); equality, ordering and repr raise
 * RecursionError past DY_MAX_DEPTH nested containers, as CPython does at
 * its recursion limit, instead of exhausting the wasm stack. Where the
 * interface has no status to return (ssc_any_eq, ssc_buf_any_repr, which
 * containers.c calls), the error leaves the result incomplete (not equal,
 * a cut repr) with the exception set but not reported.
 *
 * Numbers: int is int64 as everywhere in ssc (OverflowError "int result
 * does not fit in 64 bits" outside it). float ** float is computed here,
 * correctly rounded (double-double logarithm and exponential), where
 * CPython calls the platform's pow(); a negative number to a fractional
 * power, a complex number in CPython, raises ValueError. printf-style
 * formatting (str % value) raises TypeError: ssc refuses it in typed code
 * too (docs/language.md).
 *
 * Static helpers are prefixed dy_ (the runtime is one translation unit:
 * this file follows text.c, number.c, strings.c and containers.c and
 * uses their static helpers). */
#include "dynamic.h"
#include "core.h"
#include "text.h"
#include "number.h"
#include "strings.h"
#include "containers.h"

#pragma STDC FP_CONTRACT OFF

static const ssc_any_ops dy_ops = {ssc_any_eq, ssc_any_hash, ssc_any_truth, ssc_any_type_name};
const ssc_type ssc_type_any = {SSC_T_ANY, 4, 0, NULL, {.any_ops = &dy_ops}};
const ssc_any ssc_any_none_box = {SSC_ANY_NONE, 0, {0}};
const ssc_any ssc_any_false_box = {SSC_ANY_BOOL, 0, {0}};
const ssc_any ssc_any_true_box = {SSC_ANY_BOOL, 0, {1}};

/* Containers nested deeper than this raise RecursionError in ==, <, repr. */
#define DY_MAX_DEPTH 1000

static ssc_any *dy_new(int32_t tag) {
    ssc_any *a = ssc_alloc(sizeof(ssc_any));
    a->tag = tag;
    a->reserved = 0;
    return a;
}

ssc_any *ssc_any_from_int(int64_t v) {
    ssc_any *a = dy_new(SSC_ANY_INT);
    a->u.i = v;
    return a;
}

ssc_any *ssc_any_from_float(double v) {
    ssc_any *a = dy_new(SSC_ANY_FLOAT);
    a->u.f = v;
    return a;
}

ssc_any *ssc_any_from_bool(int32_t v) { return (ssc_any *)(v ? &ssc_any_true_box : &ssc_any_false_box); }

ssc_any *ssc_any_from_str(const uint8_t *p, int32_t n) {
    ssc_any *a = dy_new(SSC_ANY_STR);
    a->u.s.ptr = p;
    a->u.s.len = n;
    return a;
}

static ssc_any *dy_from_list(ssc_list *l) {
    ssc_any *a = dy_new(SSC_ANY_LIST);
    a->u.list = l;
    return a;
}

static ssc_any *dy_from_dict(ssc_dict *d) {
    ssc_any *a = dy_new(SSC_ANY_DICT);
    a->u.dict = d;
    return a;
}

static ssc_any *dy_none(void) { return (ssc_any *)&ssc_any_none_box; }

const char *ssc_any_type_name(const ssc_any *x) {
    switch (x->tag) {
    case SSC_ANY_NONE: return "NoneType";
    case SSC_ANY_BOOL: return "bool";
    case SSC_ANY_INT: return "int";
    case SSC_ANY_FLOAT: return "float";
    case SSC_ANY_STR: return "str";
    case SSC_ANY_LIST: return "list";
    default: return "dict";
    }
}

/* ---- raising ----------------------------------------------------------------- */

/* Raises `code` with the message pre + a + mid + b + post (NULLs skipped). */
static int32_t dy_raise5(int32_t code, const char *pre, const char *a, const char *mid, const char *b,
                         const char *post) {
    ssc_buf m;
    ssc_buf_init(&m, 96);
    const char *parts[5] = {pre, a, mid, b, post};
    for (int32_t i = 0; i < 5; i++)
        if (parts[i]) ssc_buf_cstr(&m, parts[i]);
    ssc_raise_buf(code, &m);
    return SSC_RAISED;
}

/* TypeError "'<x's type>' object <what>" (is not subscriptable, ...). */
static int32_t dy_object_error(int32_t code, const ssc_any *x, const char *what) {
    return dy_raise5(code, "'", ssc_any_type_name(x), "' object ", what, NULL);
}

/* AttributeError "'list' object has no attribute 'get'". */
static int32_t dy_no_attribute(const ssc_any *x, const char *name) {
    return dy_raise5(SSC_EXC_AttributeError, "'", ssc_any_type_name(x), "' object has no attribute '", name, "'");
}

static int32_t dy_not_iterable(const ssc_any *x) { return dy_object_error(SSC_EXC_TypeError, x, "is not iterable"); }

/* ---- recursion guard ------------------------------------------------------------ */

static int32_t dy_depth;

/* Enters one more level of a recursive operation: RecursionError with
 * CPython's message ("maximum recursion depth exceeded" + where) past
 * DY_MAX_DEPTH. Every SSC_OK is paired with dy_leave. */
static int32_t dy_enter(const char *where) {
    if (dy_depth >= DY_MAX_DEPTH)
        return dy_raise5(SSC_EXC_RecursionError, "maximum recursion depth exceeded", where, NULL, NULL, NULL);
    dy_depth++;
    return SSC_OK;
}

static void dy_leave(void) { dy_depth--; }

/* ---- equality and hashing -------------------------------------------------------- */

/* Whether the box is a number (bool, int, float). */
static inline int dy_is_number(const ssc_any *x) {
    return x->tag == SSC_ANY_BOOL || x->tag == SSC_ANY_INT || x->tag == SSC_ANY_FLOAT;
}

/* An int or bool: what CPython accepts as an index (__index__). */
static inline int dy_is_int(const ssc_any *x) { return x->tag == SSC_ANY_BOOL || x->tag == SSC_ANY_INT; }

/* A number as a double (CPython's CONVERT_TO_DOUBLE: int64 -> double rounds to nearest). */
static inline double dy_as_double(const ssc_any *x) { return x->tag == SSC_ANY_FLOAT ? x->u.f : (double)x->u.i; }

/* Two references to the same object: the same box, or the same list or dict. */
static inline int dy_identical(const ssc_any *a, const ssc_any *b) {
    if (a == b) return 1;
    if (a->tag != b->tag) return 0;
    if (a->tag == SSC_ANY_LIST) return a->u.list == b->u.list;
    if (a->tag == SSC_ANY_DICT) return a->u.dict == b->u.dict;
    return 0;
}

static inline ssc_any *dy_item(const ssc_list *l, int32_t i) {
    ssc_any *x;
    memcpy(&x, l->data + (size_t)i * 4, 4);
    return x;
}

static int32_t dy_eq(const ssc_any *a, const ssc_any *b, uint8_t *out);

/* PyObject_RichCompareBool(a, b, Py_EQ): identity first. */
static int32_t dy_eq_item(const ssc_any *a, const ssc_any *b, uint8_t *out) {
    if (dy_identical(a, b)) {
        *out = 1;
        return SSC_OK;
    }
    return dy_eq(a, b, out);
}

static inline int dy_str_eq(const ssc_any *a, const ssc_any *b) {
    return a->u.s.len == b->u.s.len && (a->u.s.len == 0 || memcmp(a->u.s.ptr, b->u.s.ptr, (size_t)a->u.s.len) == 0);
}

static int32_t dy_number_eq(const ssc_any *a, const ssc_any *b) {
    if (a->tag != SSC_ANY_FLOAT && b->tag != SSC_ANY_FLOAT) return a->u.i == b->u.i;
    if (a->tag == SSC_ANY_FLOAT && b->tag == SSC_ANY_FLOAT) return a->u.f == b->u.f;
    uint8_t r;
    if (a->tag == SSC_ANY_FLOAT)
        ssc_int_float_compare(b->u.i, a->u.f, 0, &r);
    else
        ssc_int_float_compare(a->u.i, b->u.f, 0, &r);
    return r;
}

/* dict_equal: same length, each key of a in b with an equal value. */
static int32_t dy_dict_eq(ssc_dict *a, ssc_dict *b, uint8_t *out) {
    *out = 0;
    if (a->len != b->len) return SSC_OK;
    if (dy_enter(" in comparison")) return SSC_RAISED;
    for (int32_t ix = 0; ix < a->nentries; ix++) {
        const uint8_t *e = ct_entry(a, ix);
        if (!ct_entry_live(e)) continue;
        int32_t slot, j = ct_any_dict_find_item(b, ct_ptr(e + a->koff), ct_entry_hash(e), &slot);
        if (j < 0) {
            dy_leave();
            return SSC_OK;
        }
        const ssc_any *va = ct_ptr(e + a->voff), *vb = ct_ptr(ct_entry(b, j) + b->voff);
        uint8_t eq;
        if (dy_eq_item(va, vb, &eq)) {
            dy_leave();
            return SSC_RAISED;
        }
        if (!eq) {
            dy_leave();
            return SSC_OK;
        }
    }
    dy_leave();
    *out = 1;
    return SSC_OK;
}

/* a == b as the operator computes it (no identity shortcut for the
 * operands themselves: a nan is not equal to itself; a list or dict is
 * equal to itself, as comparing it item by item with identity gives). */
static int32_t dy_eq(const ssc_any *a, const ssc_any *b, uint8_t *out) {
    if (dy_is_number(a) && dy_is_number(b)) {
        *out = (uint8_t)dy_number_eq(a, b);
        return SSC_OK;
    }
    *out = 0;
    if (a->tag != b->tag) return SSC_OK;
    switch (a->tag) {
    case SSC_ANY_NONE:
        *out = 1;
        return SSC_OK;
    case SSC_ANY_STR:
        *out = (uint8_t)dy_str_eq(a, b);
        return SSC_OK;
    case SSC_ANY_LIST: {
        const ssc_list *x = a->u.list, *y = b->u.list;
        if (x == y) {
            *out = 1;
            return SSC_OK;
        }
        if (x->len != y->len) return SSC_OK;
        if (dy_enter(" in comparison")) return SSC_RAISED;
        for (int32_t i = 0; i < x->len && i < y->len; i++) { /* the lengths may change (they cannot here) */
            uint8_t eq;
            if (dy_eq_item(dy_item(x, i), dy_item(y, i), &eq)) {
                dy_leave();
                return SSC_RAISED;
            }
            if (!eq) {
                dy_leave();
                return SSC_OK;
            }
        }
        dy_leave();
        *out = x->len == y->len;
        return SSC_OK;
    }
    default:
        if (a->u.dict == b->u.dict) {
            *out = 1;
            return SSC_OK;
        }
        return dy_dict_eq(a->u.dict, b->u.dict, out);
    }
}

/* The equality of items (containers.c's ssc_value_eq for Any: dict
 * look-ups, list[Any] ==, `in`): PyObject_RichCompareBool, identity first.
 * The operator `a == b` on two Any is ssc_any_compare(a, b, 0), which has
 * no identity shortcut for the operands themselves (a nan box != itself). */
int32_t ssc_any_eq(const ssc_any *a, const ssc_any *b) {
    uint8_t r;
    if (dy_eq_item(a, b, &r)) return 0;
    return r;
}

uint32_t ssc_any_hash(const ssc_any *a) {
    switch (a->tag) {
    case SSC_ANY_NONE: return 0x2545f491U;
    case SSC_ANY_BOOL:
    case SSC_ANY_INT: return ct_hash_i64(a->u.i);
    case SSC_ANY_FLOAT: return ct_hash_f64(a->u.f);
    case SSC_ANY_STR: return ct_hash_bytes(a->u.s);
    default: return 0;   /* unhashable: ssc_any_check_hashable raised first */
    }
}

int32_t ssc_any_check_hashable(const ssc_any *a) {
    if (a->tag != SSC_ANY_LIST && a->tag != SSC_ANY_DICT) return SSC_OK;
    return dy_raise5(SSC_EXC_TypeError, "unhashable type: '", ssc_any_type_name(a), "'", NULL, NULL);
}

/* s.add(x) and d[x] = v of a set or dict keyed by Any (not dict[Any, Any], which has its own):
 * x hashed first, as CPython does. */
int32_t ssc_set_add_any(ssc_set *s, const ssc_any *x) {
    if (ssc_any_check_hashable(x)) return SSC_RAISED;
    return ssc_set_add(s, &x);
}

int32_t ssc_dict_setitem_any_key(ssc_dict *d, const void *key, const void *value) {
    if (ssc_any_check_hashable(ct_ptr(key))) return SSC_RAISED;
    return ssc_dict_setitem(d, key, value);
}

int32_t ssc_any_truth(const ssc_any *a) {
    switch (a->tag) {
    case SSC_ANY_NONE: return 0;
    case SSC_ANY_BOOL:
    case SSC_ANY_INT: return a->u.i != 0;
    case SSC_ANY_FLOAT: return a->u.f != 0.0;
    case SSC_ANY_STR: return a->u.s.len != 0;
    case SSC_ANY_LIST: return a->u.list->len != 0;
    default: return a->u.dict->len != 0;
    }
}

/* ---- ordering -------------------------------------------------------------------- */

/* TypeError "'<' not supported between instances of 'str' and 'int'" (containers.c's). */
static int32_t dy_order_error(int32_t op, const ssc_any *a, const ssc_any *b) {
    return ct_order_error(op, ssc_any_type_name(a), ssc_any_type_name(b));
}

int32_t ssc_any_compare(const ssc_any *a, const ssc_any *b, int32_t op, uint8_t *out) {
    if (op < 2) {
        uint8_t eq;
        if (dy_eq(a, b, &eq)) return SSC_RAISED;
        *out = (uint8_t)(eq ^ (op == 1));
        return SSC_OK;
    }
    if (dy_is_number(a) && dy_is_number(b)) {
        if (a->tag != SSC_ANY_FLOAT && b->tag != SSC_ANY_FLOAT) {
            *out = ssc_order_holds(a->u.i < b->u.i ? -1 : a->u.i > b->u.i, op);
        } else if (a->tag == SSC_ANY_FLOAT && b->tag == SSC_ANY_FLOAT) {
            *out = ct_float_op(op, a->u.f, b->u.f);
        } else if (b->tag == SSC_ANY_FLOAT) {
            ssc_int_float_compare(a->u.i, b->u.f, op, out);
        } else { /* float <op> int is int <reflected op> float */
            static const int32_t reflected[] = {0, 1, 4, 5, 2, 3};
            ssc_int_float_compare(b->u.i, a->u.f, reflected[op], out);
        }
        return SSC_OK;
    }
    if (a->tag == SSC_ANY_STR && b->tag == SSC_ANY_STR) {
        *out = ssc_order_holds(ct_bytes_cmp(a->u.s, b->u.s), op);
        return SSC_OK;
    }
    if (a->tag == SSC_ANY_LIST && b->tag == SSC_ANY_LIST) {
        /* list_richcompare: the first items that differ (identity first)
         * decide with op; when there are none, the lengths do. */
        const ssc_list *x = a->u.list, *y = b->u.list;
        if (dy_enter(" in comparison")) return SSC_RAISED;
        for (int32_t i = 0; i < x->len && i < y->len; i++) {
            const ssc_any *p = dy_item(x, i), *q = dy_item(y, i);
            uint8_t eq;
            int32_t rc = dy_eq_item(p, q, &eq);
            if (!rc && !eq) rc = ssc_any_compare(p, q, op, out);
            if (rc || !eq) {
                dy_leave();
                return rc;
            }
        }
        dy_leave();
        *out = ssc_order_holds(x->len < y->len ? -1 : x->len > y->len, op);
        return SSC_OK;
    }
    return dy_order_error(op, a, b);
}

/* a <op> b for an int b: ssc_any_compare(a, <the int b>, op, out) without
 * the code for str, list and dict operands (the lowering's choice for a
 * comparison with an int constant, `event["id"] > 100`; for `100 < x` it
 * passes the reflected op). */
int32_t ssc_any_compare_int(const ssc_any *a, int64_t b, int32_t op, uint8_t *out) {
    static const int32_t reflected[] = {0, 1, 4, 5, 2, 3};
    switch (a->tag) {
    case SSC_ANY_BOOL:
    case SSC_ANY_INT:
        *out = ssc_order_holds(a->u.i < b ? -1 : a->u.i > b, op);
        return SSC_OK;
    case SSC_ANY_FLOAT: /* float <op> int is int <reflected op> float */
        return ssc_int_float_compare(b, a->u.f, reflected[op], out);
    default:
        if (op < 2) {
            *out = op == 1;
            return SSC_OK;
        }
        return ct_order_error(op, ssc_any_type_name(a), "int");
    }
}

/* a <op> b for a float b, as ssc_any_compare_int. */
int32_t ssc_any_compare_float(const ssc_any *a, double b, int32_t op, uint8_t *out) {
    switch (a->tag) {
    case SSC_ANY_BOOL:
    case SSC_ANY_INT:
        return ssc_int_float_compare(a->u.i, b, op, out);
    case SSC_ANY_FLOAT:
        *out = ct_float_op(op, a->u.f, b);
        return SSC_OK;
    default:
        if (op < 2) {
            *out = op == 1;
            return SSC_OK;
        }
        return ct_order_error(op, ssc_any_type_name(a), "float");
    }
}

/* ---- repr and str ----------------------------------------------------------------- */

/* The containers being printed, innermost last (Py_ReprEnter). */
static const void *dy_repr_stack[DY_MAX_DEPTH];
static int32_t dy_repr_len;

static int dy_repr_active(const void *c) {
    for (int32_t i = 0; i < dy_repr_len; i++)
        if (dy_repr_stack[i] == c) return 1;
    return 0;
}

static int32_t dy_repr(ssc_buf *b, const ssc_any *a);

/* list_repr / dict_repr: a container already being printed is [...] / {...}. */
static int32_t dy_repr_container(ssc_buf *b, const ssc_any *a) {
    int is_list = a->tag == SSC_ANY_LIST;
    const void *c = is_list ? (const void *)a->u.list : (const void *)a->u.dict;
    if ((is_list ? a->u.list->len : a->u.dict->len) == 0) {
        ssc_buf_cstr(b, is_list ? "[]" : "{}");
        return SSC_OK;
    }
    if (dy_repr_active(c)) {
        ssc_buf_cstr(b, is_list ? "[...]" : "{...}");
        return SSC_OK;
    }
    if (dy_enter(" while getting the repr of an object")) return SSC_RAISED;
    dy_repr_stack[dy_repr_len++] = c;
    int32_t rc = SSC_OK;
    if (is_list) {
        const ssc_list *l = a->u.list;
        ssc_buf_byte(b, '[');
        for (int32_t i = 0; i < l->len && !rc; i++) {
            if (i) ssc_buf_cstr(b, ", ");
            rc = dy_repr(b, dy_item(l, i));
        }
        if (!rc) ssc_buf_byte(b, ']');
    } else {
        ssc_dict *d = a->u.dict;
        int32_t first = 1;
        ssc_buf_byte(b, '{');
        for (int32_t ix = 0; ix < d->nentries && !rc; ix++) {
            const uint8_t *e = ct_entry(d, ix);
            if (!ct_entry_live(e)) continue;
            if (!first) ssc_buf_cstr(b, ", ");
            first = 0;
            rc = dy_repr(b, ct_ptr(e + d->koff));
            if (!rc) {
                ssc_buf_cstr(b, ": ");
                rc = dy_repr(b, ct_ptr(e + d->voff));
            }
        }
        if (!rc) ssc_buf_byte(b, '}');
    }
    dy_repr_len--;
    dy_leave();
    return rc;
}

static int32_t dy_repr(ssc_buf *b, const ssc_any *a) {
    switch (a->tag) {
    case SSC_ANY_NONE:
        ssc_buf_cstr(b, "None");
        return SSC_OK;
    case SSC_ANY_BOOL:
        ssc_buf_cstr(b, a->u.i ? "True" : "False");
        return SSC_OK;
    case SSC_ANY_INT:
        ssc_buf_i64(b, a->u.i);
        return SSC_OK;
    case SSC_ANY_FLOAT:
        ssc_buf_float_repr(b, a->u.f);
        return SSC_OK;
    case SSC_ANY_STR:
        ssc_buf_str_repr(b, a->u.s.ptr, a->u.s.len, -1);
        return SSC_OK;
    default:
        return dy_repr_container(b, a);
    }
}

/* str(a): a str is itself, everything else its repr. */
static int32_t dy_str(ssc_buf *b, const ssc_any *a) {
    if (a->tag != SSC_ANY_STR) return dy_repr(b, a);
    ssc_buf_put(b, a->u.s.ptr, a->u.s.len);
    return SSC_OK;
}

void ssc_buf_any_repr(ssc_buf *b, const ssc_any *a) { dy_repr(b, a); }

void ssc_buf_any_str(ssc_buf *b, const ssc_any *a) { dy_str(b, a); }

static int32_t dy_text(const ssc_any *x, int repr, ssc_bytes *out) {
    if (x->tag == SSC_ANY_STR && !repr) {
        *out = x->u.s;
        return SSC_OK;
    }
    ssc_buf b;
    ssc_buf_init(&b, 32);
    if (repr ? dy_repr(&b, x) : dy_str(&b, x)) return SSC_RAISED;
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}

int32_t ssc_any_to_str(const ssc_any *x, ssc_bytes *out) { return dy_text(x, 0, out); }
int32_t ssc_any_repr(const ssc_any *x, ssc_bytes *out) { return dy_text(x, 1, out); }

int32_t ssc_any_format(ssc_buf *b, const ssc_any *x, int32_t conversion, const uint8_t *spec, int32_t spec_len) {
    if (conversion == 's' || conversion == 'r') {
        ssc_bytes t;
        if (dy_text(x, conversion == 'r', &t)) return SSC_RAISED;
        return ssc_format_value(b, &ssc_type_str, &t, 0, spec, spec_len);
    }
    switch (x->tag) {
    case SSC_ANY_BOOL: {
        uint8_t v = (uint8_t)x->u.i;
        return ssc_format_value(b, &ssc_type_bool, &v, 0, spec, spec_len);
    }
    case SSC_ANY_INT:
        return ssc_format_value(b, &ssc_type_int, &x->u.i, 0, spec, spec_len);
    case SSC_ANY_FLOAT:
        return ssc_format_value(b, &ssc_type_float, &x->u.f, 0, spec, spec_len);
    case SSC_ANY_STR:
        return ssc_format_value(b, &ssc_type_str, &x->u.s, 0, spec, spec_len);
    default:
        /* object.__format__: str(x) for an empty spec, else TypeError. */
        if (spec_len)
            return dy_raise5(SSC_EXC_TypeError, "unsupported format string passed to ", ssc_any_type_name(x),
                             ".__format__", NULL, NULL);
        return dy_str(b, x);
    }
}

int32_t ssc_any_format_ascii(ssc_buf *b, const ssc_any *x, const uint8_t *spec, int32_t spec_len) {
    ssc_bytes t;
    if (dy_text(x, 1, &t)) return SSC_RAISED;
    return ssc_format_escaped(b, t.ptr, t.len, spec, spec_len);
}

int32_t ssc_any_expect_str(const ssc_any *x, const char *method, ssc_bytes *out) {
    if (x->tag != SSC_ANY_STR) return dy_no_attribute(x, method);
    *out = x->u.s;
    return SSC_OK;
}

/* ---- float ** float ----------------------------------------------------------------
 * pow(x, y) for x > 0 finite, x != 1, y finite and not an integer, correctly
 * rounded but for cases within about 2^-90 of a rounding boundary: ln(x) and
 * exp(y * ln(x)) in double-double arithmetic (about 104 bits; the error of
 * the result is below 2^-88 relative). wasm has no fused multiply-add, and
 * FP_CONTRACT is off, so every operation below rounds once, as the
 * error-free transformations need. */

typedef struct {
    double hi, lo;
} dy_dd;

static dy_dd dd_quick_two_sum(double a, double b) {
    double s = a + b;
    return (dy_dd){s, b - (s - a)};
}

static dy_dd dd_two_sum(double a, double b) {
    double s = a + b, bb = s - a;
    return (dy_dd){s, (a - (s - bb)) + (b - bb)};
}

static void dd_split(double a, double *hi, double *lo) {
    double t = 134217729.0 * a; /* 2^27 + 1 */
    *hi = t - (t - a);
    *lo = a - *hi;
}

static dy_dd dd_two_prod(double a, double b) {
    double p = a * b, ah, al, bh, bl;
    dd_split(a, &ah, &al);
    dd_split(b, &bh, &bl);
    return (dy_dd){p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

static dy_dd dd_add(dy_dd a, dy_dd b) {
    dy_dd s = dd_two_sum(a.hi, b.hi), t = dd_two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = dd_quick_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return dd_quick_two_sum(s.hi, s.lo);
}

static dy_dd dd_neg(dy_dd a) { return (dy_dd){-a.hi, -a.lo}; }

static dy_dd dd_mul(dy_dd a, dy_dd b) {
    dy_dd p = dd_two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return dd_quick_two_sum(p.hi, p.lo);
}

static dy_dd dd_mul_d(dy_dd a, double b) {
    dy_dd p = dd_two_prod(a.hi, b);
    p.lo += a.lo * b;
    return dd_quick_two_sum(p.hi, p.lo);
}

static dy_dd dd_div(dy_dd a, dy_dd b) {
    double q1 = a.hi / b.hi;
    dy_dd r = dd_add(a, dd_neg(dd_mul_d(b, q1)));
    double q2 = r.hi / b.hi;
    r = dd_add(r, dd_neg(dd_mul_d(b, q2)));
    double q3 = r.hi / b.hi;
    return dd_add(dd_quick_two_sum(q1, q2), (dy_dd){q3, 0.0});
}

static const dy_dd dy_ln2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};

/* x * 2^n for any n (exact when the result is normal). */
static double dy_ldexp(double x, int32_t n) {
    while (n > 1023) {
        x *= 0x1p1023;
        n -= 1023;
    }
    while (n < -1022) {
        x *= 0x1p-1022;
        n += 1022;
    }
    return x * d_from_bits((uint64_t)(n + 1023) << 52);
}

/* ln(x) for x > 0 finite: x = m * 2^k with m in [sqrt(1/2), sqrt(2)), and
 * ln(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172, by its series. */
static dy_dd dy_ln(double x) {
    int32_t k = 0;
    if (x < 0x1p-1022) { /* subnormal */
        x *= 0x1p54;
        k = -54;
    }
    uint64_t bits = d_bits(x);
    k += (int32_t)((bits >> 52) & 0x7ff) - 1023;
    double m = d_from_bits((bits & D_MANT_MASK) | ((uint64_t)1023 << 52));
    if (m > 1.4142135623730951) {
        m *= 0.5;
        k++;
    }
    dy_dd s = dd_div((dy_dd){m - 1.0, 0.0}, dd_two_sum(m, 1.0)); /* m - 1 is exact */
    dy_dd s2 = dd_mul(s, s);
    /* sum of s2^i / (2i + 1): s2 < 2^-5, so 24 terms pass 2^-120 */
    dy_dd p = dd_div((dy_dd){1.0, 0.0}, (dy_dd){49.0, 0.0});
    for (int32_t i = 23; i >= 0; i--)
        p = dd_add(dd_mul(p, s2), dd_div((dy_dd){1.0, 0.0}, (dy_dd){2.0 * i + 1.0, 0.0}));
    dy_dd lnm = dd_mul(dd_mul_d(s, 2.0), p);
    return dd_add(dd_mul_d(dy_ln2, (double)k), lnm);
}

/* exp(t), rounded to a double; *overflow when it is too large. */
static double dy_exp(dy_dd t, int *overflow) {
    *overflow = 0;
    if (t.hi > 710.0) {
        *overflow = 1;
        return 0.0;
    }
    if (t.hi < -746.0) return 0.0;
    int32_t k = (int32_t)__builtin_nearbyint(t.hi * 1.4426950408889634);
    dy_dd r = dd_add(t, dd_neg(dd_mul_d(dy_ln2, (double)k))); /* |r| <= ln2 / 2 */
    r.hi *= 0x1p-10;
    r.lo *= 0x1p-10;
    /* exp(r) for |r| < 2^-11: Taylor to r^10 / 10!, then squared 10 times */
    dy_dd e = {1.0, 0.0};
    for (int32_t n = 10; n >= 1; n--)
        e = dd_add((dy_dd){1.0, 0.0}, dd_div(dd_mul(r, e), (dy_dd){(double)n, 0.0}));
    for (int32_t i = 0; i < 10; i++) e = dd_mul(e, e);
    e = dd_quick_two_sum(e.hi, e.lo); /* e.hi is e rounded to nearest */
    if (k > -1022) {
        double v = dy_ldexp(e.hi, k);
        if (d_isinf(v)) *overflow = 1;
        return v;
    }
    /* Below 2^-1021 the result's grid is 2^-1074: round e * 2^(k + 1074) to
     * an integer, e.lo breaking what looks like a tie. */
    double u = dy_ldexp(e.hi, k + 1074), f = __builtin_floor(u), r2;
    if (u - f == 0.5 && e.lo != 0.0)
        r2 = e.lo > 0 ? f + 1.0 : f;
    else
        r2 = __builtin_nearbyint(u);
    return r2 * 0x1p-1074;
}

static int32_t dy_pow_range_error(void) {
    ssc_raise_cstr(SSC_EXC_OverflowError, "(34, 'Numerical result out of range')");
    return SSC_RAISED;
}

/* float_pow (floatobject.c) with its special cases in its order; the
 * platform's pow() replaced by ssc_float_pow_int for an integral exponent
 * and by dy_exp(y * dy_ln(x)) for the rest. */
static int32_t dy_float_pow(double x, double y, double *out) {
    if (y == 0.0) {
        *out = 1.0;
        return SSC_OK;
    }
    if (d_isnan(x)) {
        *out = x;
        return SSC_OK;
    }
    if (d_isnan(y)) {
        *out = x == 1.0 ? 1.0 : y;
        return SSC_OK;
    }
    int integral = __builtin_floor(y) == y; /* also for an infinite y */
    if (d_isinf(y)) {
        double ax = __builtin_fabs(x);
        *out = ax == 1.0 ? 1.0 : (y > 0.0) == (ax > 1.0) ? __builtin_fabs(y) : 0.0;
        return SSC_OK;
    }
    if (integral && __builtin_fabs(y) < TWO63) return ssc_float_pow_int(x, (int64_t)y, out);
    /* y is not an integer, or an even one of 2^63 or more */
    if (d_isinf(x)) {
        *out = y > 0.0 ? __builtin_fabs(x) : 0.0;
        return SSC_OK;
    }
    if (x == 0.0) {
        if (y < 0.0) return raise_msg(SSC_EXC_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        *out = 0.0;
        return SSC_OK;
    }
    if (x < 0.0) {
        if (!integral)
            return raise_msg(SSC_EXC_ValueError, "negative number cannot be raised to a fractional power");
        x = -x;
    }
    if (x == 1.0) {
        *out = 1.0;
        return SSC_OK;
    }
    if (integral) { /* |y| >= 2^63: |ln x| >= 2^-53, so y ln x is beyond +-700 */
        if ((y > 0.0) == (x > 1.0)) return dy_pow_range_error();
        *out = 0.0;
        return SSC_OK;
    }
    int overflow;
    double r = dy_exp(dd_mul_d(dy_ln(x), y), &overflow);
    if (overflow) return dy_pow_range_error();
    *out = r;
    return SSC_OK;
}

/* ---- operators --------------------------------------------------------------------- */

static const char *const dy_binary_names[] = {"+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^"};

static int32_t dy_unsupported(int32_t op, const ssc_any *a, const ssc_any *b) {
    ssc_buf m;
    ssc_buf_init(&m, 80);
    ssc_buf_cstr(&m, "unsupported operand type(s) for ");
    ssc_buf_cstr(&m, dy_binary_names[op]);
    ssc_buf_cstr(&m, ": '");
    ssc_buf_cstr(&m, ssc_any_type_name(a));
    ssc_buf_cstr(&m, "' and '");
    ssc_buf_cstr(&m, ssc_any_type_name(b));
    ssc_buf_byte(&m, '\'');
    ssc_raise_buf(SSC_EXC_TypeError, &m);
    return SSC_RAISED;
}

static int32_t dy_int_result(int32_t rc, int64_t v, ssc_any **out) {
    if (rc) return SSC_RAISED;
    *out = ssc_any_from_int(v);
    return SSC_OK;
}

static int32_t dy_float_result(int32_t rc, double v, ssc_any **out) {
    if (rc) return SSC_RAISED;
    *out = ssc_any_from_float(v);
    return SSC_OK;
}

/* int <op> int (bools are ints; & | ^ of two bools is a bool). */
static int32_t dy_int_binary(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out) {
    int64_t x = a->u.i, y = b->u.i, r = 0;
    double f;
    switch (op) {
    case 0:
        if (__builtin_add_overflow(x, y, &r)) return ssc_raise_int_overflow();
        break;
    case 1:
        if (__builtin_sub_overflow(x, y, &r)) return ssc_raise_int_overflow();
        break;
    case 2: return dy_int_result(ssc_int_mul(x, y, &r), r, out);
    case 3: return dy_float_result(ssc_int_truediv(x, y, &f), f, out);
    case 4: return dy_int_result(ssc_int_floordiv(x, y, &r), r, out);
    case 5: return dy_int_result(ssc_int_mod(x, y, &r), r, out);
    case 6:
        /* long_pow: a negative exponent makes it float_pow */
        if (y < 0) return dy_float_result(ssc_int_pow_float(x, y, &f), f, out);
        return dy_int_result(ssc_int_pow(x, y, &r), r, out);
    case 7: return dy_int_result(ssc_int_lshift(x, y, &r), r, out);
    case 8: return dy_int_result(ssc_int_rshift(x, y, &r), r, out);
    default:
        r = op == 9 ? (x & y) : op == 10 ? (x | y) : (x ^ y);
        if (a->tag == SSC_ANY_BOOL && b->tag == SSC_ANY_BOOL) {
            *out = ssc_any_from_bool((int32_t)r);
            return SSC_OK;
        }
        break;
    }
    *out = ssc_any_from_int(r);
    return SSC_OK;
}

/* Arithmetic with a float operand (the other one converted to float). */
static int32_t dy_float_binary(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out) {
    if (op >= 7) return dy_unsupported(op, a, b);
    double x = dy_as_double(a), y = dy_as_double(b), r;
    int32_t rc = SSC_OK;
    switch (op) {
    case 0: r = x + y; break;
    case 1: r = x - y; break;
    case 2: r = x * y; break;
    case 3: rc = ssc_float_div(x, y, &r); break;
    case 4: rc = ssc_float_floordiv(x, y, &r); break;
    case 5: rc = ssc_float_mod(x, y, &r); break;
    default: rc = dy_float_pow(x, y, &r); break;
    }
    return dy_float_result(rc, r, out);
}

/* sequence * count (sequence_repeat): the count must be an int. */
static int32_t dy_repeat(const ssc_any *seq, const ssc_any *count, ssc_any **out) {
    if (!dy_is_int(count))
        return dy_raise5(SSC_EXC_TypeError, "can't multiply sequence by non-int of type '", ssc_any_type_name(count),
                         "'", NULL, NULL);
    int64_t n = count->u.i;
    if (seq->tag == SSC_ANY_STR) {
        ssc_bytes r;
        if (ssc_str_repeat(seq->u.s.ptr, seq->u.s.len, n, &r)) return SSC_RAISED;
        *out = ssc_any_from_str(r.ptr, r.len);
        return SSC_OK;
    }
    ssc_list *l = seq->u.list, *r;
    if (n > 0 && l->len && n > 0x7fffffff / 4 / l->len) return sst_too_long(); /* CPython: MemoryError */
    ssc_list_repeat(l, n, &r);
    *out = dy_from_list(r);
    return SSC_OK;
}

static int dy_is_seq(const ssc_any *x) { return x->tag == SSC_ANY_STR || x->tag == SSC_ANY_LIST; }

int32_t ssc_any_binary(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out) {
    if (dy_is_number(a) && dy_is_number(b)) {
        if (a->tag == SSC_ANY_FLOAT || b->tag == SSC_ANY_FLOAT) return dy_float_binary(op, a, b, out);
        return dy_int_binary(op, a, b, out);
    }
    switch (op) {
    case 0: /* PyNumber_Add: no number slot applies; the left operand's concatenation */
        if (a->tag == SSC_ANY_STR) {
            if (b->tag != SSC_ANY_STR)
                return dy_raise5(SSC_EXC_TypeError, "can only concatenate str (not \"", ssc_any_type_name(b),
                                 "\") to str", NULL, NULL);
            int64_t n = (int64_t)a->u.s.len + b->u.s.len;
            if (n > 0x7fffffff) return sst_too_long();
            uint8_t *p = ssc_alloc((uint32_t)n);
            memcpy(p, a->u.s.ptr, (size_t)a->u.s.len);
            memcpy(p + a->u.s.len, b->u.s.ptr, (size_t)b->u.s.len);
            *out = ssc_any_from_str(p, (int32_t)n);
            return SSC_OK;
        }
        if (a->tag == SSC_ANY_LIST) {
            if (b->tag != SSC_ANY_LIST)
                return dy_raise5(SSC_EXC_TypeError, "can only concatenate list (not \"", ssc_any_type_name(b),
                                 "\") to list", NULL, NULL);
            if ((int64_t)a->u.list->len + b->u.list->len > 0x7fffffff / 4) return sst_too_long();
            ssc_list *r;
            ssc_list_concat(a->u.list, b->u.list, &r);
            *out = dy_from_list(r);
            return SSC_OK;
        }
        break;
    case 2: /* PyNumber_Multiply: the left operand's repeat, then the right's */
        if (dy_is_seq(a)) return dy_repeat(a, b, out);
        if (dy_is_seq(b)) return dy_repeat(b, a, out);
        break;
    case 5:
        if (a->tag == SSC_ANY_STR)
            return dy_raise5(SSC_EXC_TypeError,
                             "printf-style formatting (str % value) is not supported by ssc; use an f-string", NULL,
                             NULL, NULL, NULL);
        break;
    case 10: /* dict | dict: a merged copy (PEP 584) */
        if (a->tag == SSC_ANY_DICT && b->tag == SSC_ANY_DICT) {
            ssc_dict *r;
            ssc_dict_copy(a->u.dict, &r);
            ct_dict_merge(r, b->u.dict, CT_KEYS_ANY);
            *out = dy_from_dict(r);
            return SSC_OK;
        }
        break;
    }
    return dy_unsupported(op, a, b);
}

/* a <op>= b, the augmented assignment `x += y` on an Any x. CPython's in-place forms
 * of the mutable types change the object itself, visibly through every
 * name of it: list += iterable extends the list (list_inplace_concat: a
 * str adds its characters, a dict its keys), list *= int repeats it in
 * place, dict |= (a dict or pairs) updates it. *out is then a itself;
 * every other case is a <op> b, a new box. */
int32_t ssc_any_inplace(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out) {
    int32_t rc = SSC_OK;
    if (a->tag == SSC_ANY_LIST && op == 0) {
        rc = ssc_any_m_extend(a, b);
    } else if (a->tag == SSC_ANY_LIST && op == 2) {
        if (!dy_is_int(b))
            return dy_raise5(SSC_EXC_TypeError, "can't multiply sequence by non-int of type '", ssc_any_type_name(b),
                             "'", NULL, NULL);
        ssc_list *l = a->u.list;
        if (b->u.i > 0 && l->len && b->u.i > 0x7fffffff / 4 / l->len) return sst_too_long(); /* CPython: MemoryError */
        rc = ssc_list_irepeat(l, b->u.i);
    } else if (a->tag == SSC_ANY_DICT && op == 10) {
        rc = ssc_any_m_update(a, b);
    } else {
        return ssc_any_binary(op, a, b, out);
    }
    if (!rc) *out = (ssc_any *)a;
    return rc;
}

/* sum(items, start) of Any items, as CPython's builtin_sum_impl adds them: start + each
 * item, left to right, by PyNumber_Add (a str start is refused, as CPython refuses it).
 * `compensated` (CPython 3.12+): while the sum is a float, float items are added with
 * Neumaier's compensation and int items to the sum alone; the compensation is added back
 * (when non-zero and finite) before any other item, and at the end. */
int32_t ssc_any_sum(ssc_list *items, const ssc_any *start, int64_t compensated, ssc_any **out) {
    if (start->tag == SSC_ANY_STR)
        return dy_raise5(SSC_EXC_TypeError, "sum() can't sum strings [use ''.join(seq) instead]", NULL, NULL,
                         NULL, NULL);
    ssc_any *acc = (ssc_any *)start;
    double s = 0.0, c = 0.0;
    int in_float = 0;
    for (int32_t i = 0; i < items->len; i++) {
        const ssc_any *x = dy_item(items, i);
        if (compensated && acc->tag == SSC_ANY_FLOAT && (x->tag == SSC_ANY_FLOAT || dy_is_int(x))) {
            if (!in_float) { s = acc->u.f; c = 0.0; in_float = 1; }
            if (x->tag == SSC_ANY_FLOAT) {
                double t = s + x->u.f;
                c += __builtin_fabs(s) >= __builtin_fabs(x->u.f) ? (s - t) + x->u.f : (x->u.f - t) + s;
                s = t;
            } else {
                s += (double)x->u.i;
            }
            continue;
        }
        if (in_float) {
            acc = ssc_any_from_float(c != 0.0 && c - c == 0.0 ? s + c : s);
            in_float = 0;
        }
        ssc_any *next;
        if (ssc_any_binary(0, acc, x, &next)) return SSC_RAISED;
        acc = next;
    }
    if (in_float) acc = ssc_any_from_float(c != 0.0 && c - c == 0.0 ? s + c : s);
    *out = acc;
    return SSC_OK;
}

static const char *const dy_unary_names[] = {"-", "+", "~"};

int32_t ssc_any_unary(int32_t op, const ssc_any *a, ssc_any **out) {
    if (a->tag == SSC_ANY_FLOAT && op < 2) {
        *out = ssc_any_from_float(op == 0 ? -a->u.f : a->u.f);
        return SSC_OK;
    }
    if (!dy_is_int(a))
        return dy_raise5(SSC_EXC_TypeError, "bad operand type for unary ", dy_unary_names[op], ": '",
                         ssc_any_type_name(a), "'");
    int64_t v = a->u.i;
    if (op == 0) {
        if (v == INT64_MIN) return ssc_raise_int_overflow();
        v = -v;
    } else if (op == 2) {
        v = ~v;
    }
    *out = ssc_any_from_int(v);
    return SSC_OK;
}

/* ---- subscripts ----------------------------------------------------------------------- */

/* ---- the dynamic dict ----------------------------------------------------------------
 * dict[Any, Any] (every dict a box points to) through containers.c's probe
 * for Any keys (ct_any_dict_find: ssc_any_hash and a key equality of
 * hashable boxes), never its descriptor-driven generic code, so that a
 * module using only dynamic dicts does not link the hashing, equality and
 * repr of every type. The key is hashable (checked by the caller, or taken
 * from a dict). */

static inline ssc_any *dy_entry_value(const ssc_dict *d, int32_t ix) { return ct_ptr(ct_entry(d, ix) + d->voff); }

/* The value of key in dict d, or NULL (after the hashability check). */
static int32_t dy_dict_find(ssc_dict *d, const ssc_any *key, ssc_any **value) {
    if (ssc_any_check_hashable(key)) return SSC_RAISED;
    int32_t slot, ix = ct_any_dict_find(d, key, ssc_any_hash(key), &slot);
    *value = ix < 0 ? NULL : dy_entry_value(d, ix);
    return SSC_OK;
}

/* The value of key in dict d, or NULL, for a key known to be a str box (a
 * str constant of the program): as dy_dict_find, but reaching no code for
 * keys of other types (their hashes, number equality, the hashability
 * check). */
static ssc_any *dy_dict_get_str(ssc_dict *d, const ssc_any *key) {
    int32_t slot, ix = ct_any_dict_find_str(d, key, &slot);
    return ix < 0 ? NULL : dy_entry_value(d, ix);
}

/* d[key] = value (insertdict: a key already there keeps its place and
 * its first key object). */
static void dy_dict_set(ssc_dict *d, const ssc_any *key, const ssc_any *value) {
    uint32_t h = ssc_any_hash(key);
    int32_t slot, ix = ct_any_dict_find(d, key, h, &slot);
    if (ix >= 0)
        memcpy(ct_entry(d, ix) + d->voff, &value, 4);
    else
        ct_dict_insert_new(d, &key, h, &value);
}

/* ssc_dict_setitem for a dict[Any, Any] (a dict display or comprehension
 * of dynamic values): key and value by pointer to their ssc_any *, as
 * ssc_dict_setitem takes them; TypeError("unhashable type: 'list'") for a
 * list or dict key, as CPython. */
int32_t ssc_dict_setitem_any(ssc_dict *d, const void *key, const void *value) {
    const ssc_any *k = ct_ptr(key);
    if (ssc_any_check_hashable(k)) return SSC_RAISED;
    dy_dict_set(d, k, ct_ptr(value));
    return SSC_OK;
}

static int32_t dy_key_error(const ssc_any *key) {
    ssc_buf m;
    ssc_buf_init(&m, 32);
    if (dy_repr(&m, key)) return SSC_RAISED;
    ssc_raise_buf(SSC_EXC_KeyError, &m);
    return SSC_RAISED;
}

static int32_t dy_list_index_type(const ssc_any *key) {
    return dy_raise5(SSC_EXC_TypeError, "list indices must be integers or slices, not ", ssc_any_type_name(key), NULL,
                     NULL, NULL);
}

int32_t ssc_any_getitem(const ssc_any *x, const ssc_any *key, ssc_any **out) {
    switch (x->tag) {
    case SSC_ANY_DICT: {
        ssc_any *v;
        if (dy_dict_find(x->u.dict, key, &v)) return SSC_RAISED;
        if (!v) return dy_key_error(key);
        *out = v;
        return SSC_OK;
    }
    case SSC_ANY_LIST:
        if (!dy_is_int(key)) return dy_list_index_type(key);
        return ssc_list_get(x->u.list, key->u.i, out);
    case SSC_ANY_STR: {
        if (!dy_is_int(key))
#if SSC_PYTHON >= 311   /* 3.10 does not name the key's type */
            return dy_raise5(SSC_EXC_TypeError, "string indices must be integers, not '", ssc_any_type_name(key), "'",
                             NULL, NULL);
#else
            return dy_raise5(SSC_EXC_TypeError, "string indices must be integers", NULL, NULL, NULL, NULL);
#endif
        ssc_bytes c;
        if (ssc_str_getitem(x->u.s.ptr, x->u.s.len, key->u.i, &c)) return SSC_RAISED;
        *out = ssc_any_from_str(c.ptr, c.len);
        return SSC_OK;
    }
    default:
        return dy_object_error(SSC_EXC_TypeError, x, "is not subscriptable");
    }
}

#if SSC_PYTHON >= 312
/* KeyError(slice(1, None, None)): a dict looked up by a slice, hashable from 3.12 on. */
SSC_COLD static int32_t dy_slice_key_error(int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                                           int32_t has_step, int64_t step) {
    const int32_t has[3] = {has_start, has_stop, has_step};
    const int64_t value[3] = {start, stop, step};
    ssc_buf m;
    ssc_buf_init(&m, 40);
    ssc_buf_cstr(&m, "slice(");
    for (int i = 0; i < 3; i++) {
        if (i) ssc_buf_cstr(&m, ", ");
        if (has[i]) ssc_buf_i64(&m, value[i]);
        else ssc_buf_cstr(&m, "None");
    }
    ssc_buf_byte(&m, ')');
    ssc_raise_buf(SSC_EXC_KeyError, &m);
    return SSC_RAISED;
}
#endif

int32_t ssc_any_getslice(const ssc_any *x, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                         int32_t has_step, int64_t step, ssc_any **out) {
    switch (x->tag) {
    case SSC_ANY_LIST: {
        ssc_list *r;
        if (ssc_list_slice(x->u.list, has_start, start, has_stop, stop, has_step, step, &r)) return SSC_RAISED;
        *out = dy_from_list(r);
        return SSC_OK;
    }
    case SSC_ANY_STR: {
        ssc_bytes r;
        if (ssc_str_slice(x->u.s.ptr, x->u.s.len, has_start, start, has_stop, stop, has_step, step, &r))
            return SSC_RAISED;
        *out = ssc_any_from_str(r.ptr, r.len);
        return SSC_OK;
    }
    case SSC_ANY_DICT: /* the slice object is the key: unhashable before 3.12, then not found */
#if SSC_PYTHON >= 312
        return dy_slice_key_error(has_start, start, has_stop, stop, has_step, step);
#else
        ssc_raise_cstr(SSC_EXC_TypeError, "unhashable type: 'slice'");
        return SSC_RAISED;
#endif
    default:
        return dy_object_error(SSC_EXC_TypeError, x, "is not subscriptable");
    }
}

int32_t ssc_any_setitem(const ssc_any *x, const ssc_any *key, const ssc_any *value) {
    switch (x->tag) {
    case SSC_ANY_DICT:
        if (ssc_any_check_hashable(key)) return SSC_RAISED;
        dy_dict_set(x->u.dict, key, value);
        return SSC_OK;
    case SSC_ANY_LIST:
        if (!dy_is_int(key)) return dy_list_index_type(key);
        return ssc_list_set(x->u.list, key->u.i, &value);
    default:
        return dy_object_error(SSC_EXC_TypeError, x, "does not support item assignment");
    }
}

int32_t ssc_any_delitem(const ssc_any *x, const ssc_any *key) {
    switch (x->tag) {
    case SSC_ANY_DICT: {
        if (ssc_any_check_hashable(key)) return SSC_RAISED;
        int32_t slot, ix = ct_any_dict_find(x->u.dict, key, ssc_any_hash(key), &slot);
        if (ix < 0) return dy_key_error(key);
        ct_dict_remove_at(x->u.dict, slot, ix);
        return SSC_OK;
    }
    case SSC_ANY_LIST:
        if (!dy_is_int(key)) return dy_list_index_type(key);
        return ssc_list_del(x->u.list, key->u.i);
    case SSC_ANY_STR:
        /* PySequence_DelItem for an index, PyObject_DelItem's own message otherwise */
        return dy_object_error(SSC_EXC_TypeError, x,
                               dy_is_int(key) ? "doesn't support item deletion" : "does not support item deletion");
    default:
        return dy_object_error(SSC_EXC_TypeError, x, "does not support item deletion");
    }
}

/* ---- membership, length, iteration ------------------------------------------------------ */

/* Whether some item of l equals x (identity first). */
static int32_t dy_list_find(const ssc_list *l, const ssc_any *x, int32_t *at) {
    for (int32_t i = 0; i < l->len; i++) {
        uint8_t eq;
        if (dy_eq_item(dy_item(l, i), x, &eq)) return SSC_RAISED;
        if (eq) {
            *at = i;
            return SSC_OK;
        }
    }
    *at = -1;
    return SSC_OK;
}

int32_t ssc_any_contains(const ssc_any *container, const ssc_any *item, uint8_t *out) {
    switch (container->tag) {
    case SSC_ANY_DICT: {
        ssc_any *v;
        if (dy_dict_find(container->u.dict, item, &v)) return SSC_RAISED;
        *out = v != NULL;
        return SSC_OK;
    }
    case SSC_ANY_LIST: {
        int32_t at;
        if (dy_list_find(container->u.list, item, &at)) return SSC_RAISED;
        *out = at >= 0;
        return SSC_OK;
    }
    case SSC_ANY_STR:
        if (item->tag != SSC_ANY_STR)
            return dy_raise5(SSC_EXC_TypeError, "'in <string>' requires string as left operand, not ",
                             ssc_any_type_name(item), NULL, NULL, NULL);
        return ssc_str_contains(container->u.s.ptr, container->u.s.len, item->u.s.ptr, item->u.s.len, out);
    default:
        return dy_raise5(SSC_EXC_TypeError, "argument of type '", ssc_any_type_name(container), "' is not iterable",
                         NULL, NULL);
    }
}

int32_t ssc_any_len(const ssc_any *x, int64_t *out) {
    switch (x->tag) {
    case SSC_ANY_STR: *out = sst_length(x->u.s.ptr, x->u.s.len); return SSC_OK;
    case SSC_ANY_LIST: *out = x->u.list->len; return SSC_OK;
    case SSC_ANY_DICT: *out = x->u.dict->len; return SSC_OK;
    default:
        return dy_raise5(SSC_EXC_TypeError, "object of type '", ssc_any_type_name(x), "' has no len()", NULL, NULL);
    }
}

/* The characters of a str as one-character str boxes. */
static ssc_list *dy_str_chars(const ssc_bytes s) {
    ssc_list *l = ssc_list_new(&ssc_type_any, sst_count(s.ptr, s.len));
    for (int32_t i = 0; i < s.len;) {
        int32_t n = sst_seq_len(s.ptr[i]);
        ssc_any *c = ssc_any_from_str(s.ptr + i, n);
        ssc_list_append(l, &c);
        i += n;
    }
    return l;
}

int32_t ssc_any_iter(const ssc_any *x, ssc_list **out) {
    switch (x->tag) {
    case SSC_ANY_DICT: return ssc_dict_keys(x->u.dict, out);
    case SSC_ANY_LIST: *out = ssc_list_clone(x->u.list); return SSC_OK;
    case SSC_ANY_STR: *out = dy_str_chars(x->u.s); return SSC_OK;
    default: return dy_not_iterable(x);
    }
}

/* dict(x) of an Any, as dict_update_arg does it: a new dict updated from x (a dict's
 * items, or the pairs an iterable gives: ssc_any_m_update). */
int32_t ssc_any_to_dict(const ssc_any *x, ssc_any **out) {
    ssc_any *d = dy_from_dict(ssc_dict_new_any(x->tag == SSC_ANY_DICT ? x->u.dict->len : 0));
    if (ssc_any_m_update(d, x)) return SSC_RAISED;
    *out = d;
    return SSC_OK;
}

/* sep.join(items) of JSON values: each item must be a str (CPython's TypeError "sequence
 * item 1: expected str instance, int found"). */
int32_t ssc_str_join_any(const uint8_t *p, int32_t n, ssc_list *items, ssc_bytes *out) {
    ssc_list *texts = ssc_list_new(&ssc_type_str, items->len);
    for (int32_t i = 0; i < items->len; i++) {
        const ssc_any *item = dy_item(items, i);
        if (item->tag != SSC_ANY_STR) {
            ssc_buf m;
            ssc_buf_init(&m, 80);
            ssc_buf_cstr(&m, "sequence item ");
            ssc_buf_i64(&m, i);
            ssc_buf_cstr(&m, ": expected str instance, ");
            ssc_buf_cstr(&m, ssc_any_type_name(item));
            ssc_buf_cstr(&m, " found");
            ssc_raise_buf(SSC_EXC_TypeError, &m);
            return SSC_RAISED;
        }
        ssc_list_append(texts, &item->u.s);
    }
    return ssc_str_join(p, n, texts, out);
}

int32_t ssc_any_isinstance(const ssc_any *x, int32_t mask, uint8_t *out) {
    *out = (uint8_t)((mask >> x->tag) & 1);
    return SSC_OK;
}

/* type(x): the mask of x's class as a value (semantics.CLASS_MASKS): its tag's bit, and an int's
 * also bool's (as the class int accepts bools in isinstance). */
int32_t ssc_any_class(const ssc_any *x, int64_t *out) {
    *out = x->tag == SSC_ANY_INT ? (1 << SSC_ANY_INT) | (1 << SSC_ANY_BOOL) : (int64_t)1 << x->tag;
    return SSC_OK;
}

/* ---- conversions ------------------------------------------------------------------------ */

int32_t ssc_any_to_int(const ssc_any *x, int64_t *out) {
    switch (x->tag) {
    case SSC_ANY_BOOL:
    case SSC_ANY_INT: *out = x->u.i; return SSC_OK;
    case SSC_ANY_FLOAT: return ssc_int_from_float(x->u.f, out);
    case SSC_ANY_STR: return ssc_int_from_str(x->u.s.ptr, x->u.s.len, out);
    default:
        return dy_raise5(SSC_EXC_TypeError, "int() argument must be a string, a bytes-like object or a real number, not '",
                         ssc_any_type_name(x), "'", NULL, NULL);
    }
}

/* The value printf-style '%' formats for conversion `conversion` (d i u o x X e E f F g G) of an
 * Any, as CPython's PyUnicode_Format takes it: %d %i %u an int (a bool as its int, a float
 * truncated: int(x)), %o %x %X an int only, %e %f %g a float (an int or a bool converted);
 * CPython's TypeError for any other value. The field then formats it by its spec. */
int32_t ssc_any_percent_number(const ssc_any *x, int32_t conversion, ssc_any **out) {
    char letter[2] = {(char)conversion, 0};
    int64_t i;
    int is_number = x->tag == SSC_ANY_BOOL || x->tag == SSC_ANY_INT || x->tag == SSC_ANY_FLOAT;
    switch (conversion) {
    case 'd': case 'i': case 'u':
        if (!is_number)
            return dy_raise5(SSC_EXC_TypeError, "%", letter, " format: a real number is required, not ",
                             ssc_any_type_name(x), NULL);
        if (x->tag == SSC_ANY_FLOAT) {
            if (ssc_int_from_float(x->u.f, &i)) return SSC_RAISED;
        } else {
            i = x->u.i;
        }
        *out = ssc_any_from_int(i);
        return SSC_OK;
    case 'o': case 'x': case 'X':
        if (x->tag != SSC_ANY_BOOL && x->tag != SSC_ANY_INT)
            return dy_raise5(SSC_EXC_TypeError, "%", letter, " format: an integer is required, not ",
                             ssc_any_type_name(x), NULL);
        *out = ssc_any_from_int(x->u.i);
        return SSC_OK;
    default:   /* e E f F g G */
        if (!is_number)
            return dy_raise5(SSC_EXC_TypeError, "must be real number, not ", ssc_any_type_name(x), NULL,
                             NULL, NULL);
        *out = x->tag == SSC_ANY_FLOAT ? (ssc_any *)x : ssc_any_from_float((double)x->u.i);
        return SSC_OK;
    }
}

/* abs(x), round(x) and round(x, ndigits) of an Any: a bool or an int gives an int, a float
 * a float (round(x): an int), anything else CPython's TypeError. */
int32_t ssc_any_abs(const ssc_any *x, ssc_any **out) {
    int64_t i;
    switch (x->tag) {
    case SSC_ANY_BOOL:
    case SSC_ANY_INT:
        if (ssc_int_abs(x->u.i, &i)) return SSC_RAISED;
        *out = ssc_any_from_int(i);
        return SSC_OK;
    case SSC_ANY_FLOAT: *out = ssc_any_from_float(__builtin_fabs(x->u.f)); return SSC_OK;
    default: return dy_raise5(SSC_EXC_TypeError, "bad operand type for abs(): '", ssc_any_type_name(x), "'", NULL, NULL);
    }
}

static int32_t dy_no_round(const ssc_any *x) {
    return dy_raise5(SSC_EXC_TypeError, "type ", ssc_any_type_name(x), " doesn't define __round__ method", NULL, NULL);
}

int32_t ssc_any_round(const ssc_any *x, ssc_any **out) {
    int64_t i = 0;
    if (x->tag == SSC_ANY_FLOAT) {
        if (ssc_float_round(x->u.f, &i)) return SSC_RAISED;
    } else if (dy_is_int(x)) {
        i = x->u.i;
    } else {
        return dy_no_round(x);
    }
    *out = ssc_any_from_int(i);
    return SSC_OK;
}

int32_t ssc_any_round_ndigits(const ssc_any *x, int64_t ndigits, ssc_any **out) {
    if (x->tag == SSC_ANY_FLOAT) {
        double f;
        if (ssc_float_round_ndigits(x->u.f, ndigits, &f)) return SSC_RAISED;
        *out = ssc_any_from_float(f);
        return SSC_OK;
    }
    if (!dy_is_int(x)) return dy_no_round(x);
    int64_t i;
    if (ssc_int_round_ndigits(x->u.i, ndigits, &i)) return SSC_RAISED;
    *out = ssc_any_from_int(i);
    return SSC_OK;
}

int32_t ssc_any_to_float(const ssc_any *x, double *out) {
    switch (x->tag) {
    case SSC_ANY_BOOL:
    case SSC_ANY_INT: *out = (double)x->u.i; return SSC_OK;
    case SSC_ANY_FLOAT: *out = x->u.f; return SSC_OK;
    case SSC_ANY_STR: return ssc_float_from_str(x->u.s.ptr, x->u.s.len, out);
    default:
        return dy_raise5(SSC_EXC_TypeError, "float() argument must be a string or a real number, not '",
                         ssc_any_type_name(x), "'", NULL, NULL);
    }
}

/* ---- boxing and unboxing ------------------------------------------------------------------ */

/* The name of a type as ssc writes it: int, list[str], dict[str, int], int | None. */
static void dy_put_type_name(ssc_buf *b, const ssc_type *t) {
    static const char *const names[] = {"None", "bool", "int", "float", "str", "bytes"};
    switch (t->kind) {
    case SSC_T_OPTIONAL:
        dy_put_type_name(b, t->items[0]);
        ssc_buf_cstr(b, " | None");
        return;
    case SSC_T_TUPLE:
    case SSC_T_LIST:
    case SSC_T_DICT:
    case SSC_T_SET:
        ssc_buf_cstr(b, t->kind == SSC_T_TUPLE ? "tuple[" : t->kind == SSC_T_LIST ? "list[" : t->kind == SSC_T_DICT ? "dict[" : "set[");
        for (int32_t i = 0; i < t->count; i++) {
            if (i) ssc_buf_cstr(b, ", ");
            dy_put_type_name(b, t->items[i]);
        }
        ssc_buf_byte(b, ']');
        return;
    case SSC_T_RECORD: ssc_buf_cstr(b, "Record"); return;
    case SSC_T_ANY: ssc_buf_cstr(b, "Any"); return;
    default: ssc_buf_cstr(b, names[t->kind]); return;
    }
}

static int32_t dy_expected(const ssc_type *t, const ssc_any *x) {
    ssc_buf m;
    ssc_buf_init(&m, 48);
    ssc_buf_cstr(&m, "expected ");
    dy_put_type_name(&m, t);
    ssc_buf_cstr(&m, ", got ");
    ssc_buf_cstr(&m, ssc_any_type_name(x));
    ssc_raise_buf(SSC_EXC_TypeError, &m);
    return SSC_RAISED;
}

int32_t ssc_any_box(const ssc_type *t, const void *value, ssc_any **out) {
    switch (t->kind) {
    case SSC_T_ANY: *out = ct_ptr(value); return SSC_OK;
    case SSC_T_NONE: *out = dy_none(); return SSC_OK;
    case SSC_T_BOOL: *out = ssc_any_from_bool(ct_u8(value)); return SSC_OK;
    case SSC_T_INT: *out = ssc_any_from_int(ct_i64(value)); return SSC_OK;
    case SSC_T_FLOAT: *out = ssc_any_from_float(ct_f64(value)); return SSC_OK;
    case SSC_T_STR: {
        ssc_bytes s = ct_bytes(value);
        *out = ssc_any_from_str(s.ptr, s.len);
        return SSC_OK;
    }
    case SSC_T_OPTIONAL:
        if (!ct_u8(value)) {
            *out = dy_none();
            return SSC_OK;
        }
        return ssc_any_box(t->items[0], (const uint8_t *)value + t->offsets[0], out);
    case SSC_T_LIST: {
        ssc_list *l = ct_ptr(value);
        if (l->elem->kind == SSC_T_ANY) { /* the same list: list[Any] is a dynamic list's layout */
            *out = dy_from_list(l);
            return SSC_OK;
        }
        ssc_list *r = ssc_list_new(&ssc_type_any, l->len);
        for (int32_t i = 0; i < l->len; i++) {
            ssc_any *item;
            if (ssc_any_box(l->elem, l->data + (size_t)i * (size_t)l->elem->size, &item)) return SSC_RAISED;
            ssc_list_append(r, &item);
        }
        *out = dy_from_list(r);
        return SSC_OK;
    }
    case SSC_T_DICT: {
        ssc_dict *d = ct_ptr(value);
        if (d->key->kind == SSC_T_ANY && d->value->kind == SSC_T_ANY) {
            *out = dy_from_dict(d);
            return SSC_OK;
        }
        ssc_dict *r = ssc_dict_new_any(d->len);
        for (int32_t ix = 0; ix < d->nentries; ix++) {
            const uint8_t *e = ct_entry(d, ix);
            if (!ct_entry_live(e)) continue;
            ssc_any *k, *v;
            if (ssc_any_box(d->key, e + d->koff, &k) || ssc_any_box(d->value, e + d->voff, &v)) return SSC_RAISED;
            if (ssc_any_check_hashable(k)) return SSC_RAISED;
            dy_dict_set(r, k, v);
        }
        *out = dy_from_dict(r);
        return SSC_OK;
    }
    default: {
        ssc_buf m;
        ssc_buf_init(&m, 48);
        ssc_buf_cstr(&m, "cannot convert ");
        dy_put_type_name(&m, t);
        ssc_buf_cstr(&m, " to Any");
        ssc_raise_buf(SSC_EXC_TypeError, &m);
        return SSC_RAISED;
    }
    }
}

/* Whether x is of type t at its top level (its items are checked as they
 * are converted). Exactly: a bool is not taken for an int nor an int for a
 * float, as ssc's typed code does not convert them silently either
 * (docs/language.md, "int, float and bool stay what they are"): CPython
 * would keep True or 2 under an int or float annotation and print them so. */
static int dy_unbox_kind_ok(const ssc_any *x, const ssc_type *t) {
    switch (t->kind) {
    case SSC_T_ANY: return 1;
    case SSC_T_NONE: return x->tag == SSC_ANY_NONE;
    case SSC_T_BOOL: return x->tag == SSC_ANY_BOOL;
    case SSC_T_INT: return x->tag == SSC_ANY_INT;
    case SSC_T_FLOAT: return x->tag == SSC_ANY_FLOAT;
    case SSC_T_STR: return x->tag == SSC_ANY_STR;
    case SSC_T_LIST: return x->tag == SSC_ANY_LIST;
    case SSC_T_DICT: return x->tag == SSC_ANY_DICT;
    case SSC_T_OPTIONAL: return x->tag == SSC_ANY_NONE || dy_unbox_kind_ok(x, t->items[0]);
    default: return 0;
    }
}

int32_t ssc_any_unbox(const ssc_any *x, const ssc_type *t, void *out) {
    uint8_t *o = out;
    switch (t->kind) {
    case SSC_T_ANY:
        memcpy(o, &x, 4);
        return SSC_OK;
    case SSC_T_NONE:
        if (x->tag != SSC_ANY_NONE) break;
        if (t->size) o[0] = 0;
        return SSC_OK;
    case SSC_T_BOOL:
        if (x->tag != SSC_ANY_BOOL) break;
        o[0] = (uint8_t)x->u.i;
        return SSC_OK;
    case SSC_T_INT:
        if (x->tag != SSC_ANY_INT) break;
        memcpy(o, &x->u.i, 8);
        return SSC_OK;
    case SSC_T_FLOAT:
        if (x->tag != SSC_ANY_FLOAT) break;
        memcpy(o, &x->u.f, 8);
        return SSC_OK;
    case SSC_T_STR:
        if (x->tag != SSC_ANY_STR) break;
        memcpy(o, &x->u.s, sizeof(ssc_bytes));
        return SSC_OK;
    case SSC_T_OPTIONAL:
        memset(o, 0, (size_t)t->size);
        if (x->tag == SSC_ANY_NONE) return SSC_OK;
        if (!dy_unbox_kind_ok(x, t->items[0])) break; /* "expected int | None, got str" */
        o[0] = 1;
        return ssc_any_unbox(x, t->items[0], o + t->offsets[0]);
    case SSC_T_LIST: {
        if (x->tag != SSC_ANY_LIST) break;
        const ssc_type *et = t->items[0];
        ssc_list *l = x->u.list;
        if (et->kind == SSC_T_ANY) { /* the same list, shared as in Python */
            memcpy(o, &l, 4);
            return SSC_OK;
        }
        ssc_list *r = ssc_list_new(et, l->len);
        for (int32_t i = 0; i < l->len; i++) {
            if (ssc_any_unbox(dy_item(l, i), et, r->data + (size_t)i * (size_t)et->size)) return SSC_RAISED;
            r->len = i + 1;
        }
        memcpy(o, &r, 4);
        return SSC_OK;
    }
    case SSC_T_DICT: {
        if (x->tag != SSC_ANY_DICT) break;
        const ssc_type *kt = t->items[0], *vt = t->items[1];
        ssc_dict *d = x->u.dict;
        if (kt->kind == SSC_T_ANY && vt->kind == SSC_T_ANY) {
            memcpy(o, &d, 4);
            return SSC_OK;
        }
        ssc_dict *r = ssc_dict_new(kt, vt, d->len);
        uint8_t *k = ssc_alloc((uint32_t)kt->size + 8), *v = ssc_alloc((uint32_t)vt->size + 8);
        for (int32_t ix = 0; ix < d->nentries; ix++) {
            const uint8_t *e = ct_entry(d, ix);
            if (!ct_entry_live(e)) continue;
            if (ssc_any_unbox(ct_ptr(e + d->koff), kt, k) || ssc_any_unbox(ct_ptr(e + d->voff), vt, v))
                return SSC_RAISED;
            ssc_dict_setitem(r, k, v);
        }
        memcpy(o, &r, 4);
        return SSC_OK;
    }
    default:
        break;
    }
    return dy_expected(t, x);
}

/* ---- methods ------------------------------------------------------------------------------ */

static int32_t dy_index_arg(const ssc_any *i) {
    return dy_object_error(SSC_EXC_TypeError, i, "cannot be interpreted as an integer");
}

int32_t ssc_any_m_get(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out) {
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "get");
    ssc_any *v;
    if (dy_dict_find(x->u.dict, key, &v)) return SSC_RAISED;
    *out = v ? v : dflt ? (ssc_any *)dflt : dy_none();
    return SSC_OK;
}

int32_t ssc_any_m_setdefault(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out) {
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "setdefault");
    if (ssc_any_check_hashable(key)) return SSC_RAISED;
    if (!dflt) dflt = dy_none();
    ssc_dict *d = x->u.dict;
    uint32_t h = ssc_any_hash(key);
    int32_t slot, ix = ct_any_dict_find(d, key, h, &slot);
    if (ix >= 0) {
        *out = dy_entry_value(d, ix);
    } else {
        ct_dict_insert_new(d, &key, h, &dflt);
        *out = (ssc_any *)dflt;
    }
    return SSC_OK;
}

int32_t ssc_any_m_pop(const ssc_any *x, const ssc_any *arg, const ssc_any *dflt, ssc_any **out) {
    if (x->tag == SSC_ANY_LIST) {
        if (dflt) {
            ssc_raise_cstr(SSC_EXC_TypeError, "pop expected at most 1 argument, got 2");
            return SSC_RAISED;
        }
        if (arg && !dy_is_int(arg)) return dy_index_arg(arg);
        return ssc_list_pop(x->u.list, arg ? arg->u.i : -1, out);
    }
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "pop");
    if (!arg) {
        ssc_raise_cstr(SSC_EXC_TypeError, "pop expected at least 1 argument, got 0");
        return SSC_RAISED;
    }
    ssc_dict *d = x->u.dict;
    if (!d->len) { /* _PyDict_Pop: an empty dict answers before hashing the key */
        if (!dflt) return dy_key_error(arg);
        *out = (ssc_any *)dflt;
        return SSC_OK;
    }
    if (ssc_any_check_hashable(arg)) return SSC_RAISED;
    int32_t slot, ix = ct_any_dict_find(d, arg, ssc_any_hash(arg), &slot);
    if (ix < 0) {
        if (!dflt) return dy_key_error(arg);
        *out = (ssc_any *)dflt;
        return SSC_OK;
    }
    *out = dy_entry_value(d, ix);
    ct_dict_remove_at(d, slot, ix);
    return SSC_OK;
}

int32_t ssc_any_m_popitem(const ssc_any *x, void *result) {
    ssc_any **out = result;   /* the (key, value) tuple */
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "popitem");
    ssc_dict *d = x->u.dict;
    if (!d->len) {
        ssc_raise_cstr(SSC_EXC_KeyError, "'popitem(): dictionary is empty'");
        return SSC_RAISED;
    }
    int32_t ix = d->nentries - 1;
    while (!ct_entry_live(ct_entry(d, ix))) ix--;
    out[0] = ct_ptr(ct_entry(d, ix) + d->koff);
    out[1] = dy_entry_value(d, ix);
    ct_dict_remove_at(d, ct_dict_slot_of(d, ix), ix);
    d->nentries = ix; /* as ssc_dict_popitem (CPython): the entry slot is reused */
    return SSC_OK;
}

int32_t ssc_any_m_keys(const ssc_any *x, ssc_list **out) {
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "keys");
    return ssc_dict_keys(x->u.dict, out);
}

int32_t ssc_any_m_values(const ssc_any *x, ssc_list **out) {
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "values");
    return ssc_dict_values(x->u.dict, out);
}

int32_t ssc_any_m_items(const ssc_any *x, ssc_list **out) {
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "items");
    /* tuple[Any, Any]: ct_items_type's layout, without the descriptor walk */
    static const ssc_type *const pair_items[2] = {&ssc_type_any, &ssc_type_any};
    static const int32_t pair_offsets[2] = {0, 4};
    static const ssc_type pair = {SSC_T_TUPLE, 8, 2, pair_items, {pair_offsets}};
    *out = ct_dict_list(x->u.dict, 2, &pair);
    return SSC_OK;
}

/* dict.update(other): a dict, or an iterable of pairs (each an iterable of
 * two items: dict_merge_from_seq2). */
int32_t ssc_any_m_update(const ssc_any *x, const ssc_any *other) {
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "update");
    ssc_dict *d = x->u.dict;
    if (other->tag == SSC_ANY_DICT) {
        ct_dict_merge(d, other->u.dict, CT_KEYS_ANY);
        return SSC_OK;
    }
    ssc_list *items;
    if (ssc_any_iter(other, &items)) return SSC_RAISED;
    for (int32_t i = 0; i < items->len; i++) {
        const ssc_any *item = dy_item(items, i);
        ssc_list *pair;
        if (item->tag != SSC_ANY_LIST && item->tag != SSC_ANY_DICT && item->tag != SSC_ANY_STR) {
            ssc_buf m;
            ssc_buf_init(&m, 80);
            ssc_buf_cstr(&m, "cannot convert dictionary update sequence element #");
            ssc_buf_i64(&m, i);
            ssc_buf_cstr(&m, " to a sequence");
            ssc_raise_buf(SSC_EXC_TypeError, &m);
            return SSC_RAISED;
        }
        ssc_any_iter(item, &pair);
        if (pair->len != 2) {
            ssc_buf m;
            ssc_buf_init(&m, 80);
            ssc_buf_cstr(&m, "dictionary update sequence element #");
            ssc_buf_i64(&m, i);
            ssc_buf_cstr(&m, " has length ");
            ssc_buf_i64(&m, pair->len);
            ssc_buf_cstr(&m, "; 2 is required");
            ssc_raise_buf(SSC_EXC_ValueError, &m);
            return SSC_RAISED;
        }
        if (ssc_any_setitem(x, dy_item(pair, 0), dy_item(pair, 1))) return SSC_RAISED;
    }
    return SSC_OK;
}

int32_t ssc_any_m_append(const ssc_any *x, const ssc_any *item) {
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "append");
    ssc_list_append(x->u.list, &item);
    return SSC_OK;
}

int32_t ssc_any_m_extend(const ssc_any *x, const ssc_any *items) {
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "extend");
    if (items->tag == SSC_ANY_LIST) return ssc_list_extend(x->u.list, items->u.list); /* l.extend(l) doubles l */
    ssc_list *l;
    if (ssc_any_iter(items, &l)) return SSC_RAISED;
    return ssc_list_extend(x->u.list, l);
}

int32_t ssc_any_m_insert(const ssc_any *x, int64_t index, const ssc_any *item) {
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "insert");
    return ssc_list_insert(x->u.list, index, &item);
}

int32_t ssc_any_m_remove(const ssc_any *x, const ssc_any *item) {
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "remove");
    int32_t at;
    if (dy_list_find(x->u.list, item, &at)) return SSC_RAISED;
    if (at < 0) {
        ssc_raise_cstr(SSC_EXC_ValueError, "list.remove(x): x not in list");
        return SSC_RAISED;
    }
    return ssc_list_del(x->u.list, at);
}

int32_t ssc_any_m_reverse(const ssc_any *x) {
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "reverse");
    return ssc_list_reverse(x->u.list);
}

int32_t ssc_any_m_sort(const ssc_any *x, int32_t reverse) {
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "sort");
    return ssc_list_sort_any(x->u.list, reverse);
}

int32_t ssc_any_m_copy(const ssc_any *x, ssc_any **out) {
    if (x->tag == SSC_ANY_LIST) {
        *out = dy_from_list(ssc_list_clone(x->u.list));
        return SSC_OK;
    }
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "copy");
    ssc_dict *d;
    ssc_dict_copy(x->u.dict, &d);
    *out = dy_from_dict(d);
    return SSC_OK;
}

int32_t ssc_any_m_clear(const ssc_any *x) {
    if (x->tag == SSC_ANY_LIST) return ssc_list_clear(x->u.list);
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "clear");
    return ssc_dict_clear(x->u.dict);
}

/* str.index / str.count: the argument must be a str. 3.13's Argument Clinic
 * names the method, and None as "None". */
static int32_t dy_must_be_str(const char *method, const ssc_any *item) {
#if SSC_PYTHON >= 313
    const char *type = item->tag == SSC_ANY_NONE ? "None" : ssc_any_type_name(item);
    return dy_raise5(SSC_EXC_TypeError, method, "() argument 1 must be str, not ", type, NULL, NULL);
#else
    (void)method;
    return dy_raise5(SSC_EXC_TypeError, "must be str, not ", ssc_any_type_name(item), NULL, NULL, NULL);
#endif
}

int32_t ssc_any_m_index(const ssc_any *x, const ssc_any *item, int64_t *out) {
    if (x->tag == SSC_ANY_STR) {
        if (item->tag != SSC_ANY_STR) return dy_must_be_str("index", item);
        return ssc_str_index(x->u.s.ptr, x->u.s.len, item->u.s.ptr, item->u.s.len, 0, 0, 0, 0, out);
    }
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "index");
    int32_t at;
    if (dy_list_find(x->u.list, item, &at)) return SSC_RAISED;
    if (at < 0) {
        ssc_buf m;
        ssc_buf_init(&m, 32);
        if (dy_repr(&m, item)) return SSC_RAISED;
        ssc_buf_cstr(&m, " is not in list");
        ssc_raise_buf(SSC_EXC_ValueError, &m);
        return SSC_RAISED;
    }
    *out = at;
    return SSC_OK;
}

int32_t ssc_any_m_count(const ssc_any *x, const ssc_any *item, int64_t *out) {
    if (x->tag == SSC_ANY_STR) {
        if (item->tag != SSC_ANY_STR) return dy_must_be_str("count", item);
        return ssc_str_count(x->u.s.ptr, x->u.s.len, item->u.s.ptr, item->u.s.len, 0, 0, 0, 0, out);
    }
    if (x->tag != SSC_ANY_LIST) return dy_no_attribute(x, "count");
    const ssc_list *l = x->u.list;
    int64_t c = 0;
    for (int32_t i = 0; i < l->len; i++) {
        uint8_t eq;
        if (dy_eq_item(dy_item(l, i), item, &eq)) return SSC_RAISED;
        c += eq;
    }
    *out = c;
    return SSC_OK;
}

/* ==== constant-key fast paths and scalar conversions ========================
 * What the lowering calls where the checker knows more than "an Any": a key
 * that is a str constant (event["level"], del event["ts"], x in ("a", "b")),
 * and a conversion to a scalar type. They behave exactly as the general
 * functions above, but reach no code for other key types: a KeyError's
 * message is the repr of a str, not of any value (which would link the
 * float repr), so that a JSON filter stays small. */

static int32_t dy_not_str_key(const ssc_any *x) {
    switch (x->tag) {
    case SSC_ANY_LIST:
        return dy_raise5(SSC_EXC_TypeError, "list indices must be integers or slices, not str", NULL, NULL, NULL,
                         NULL);
    case SSC_ANY_STR:
        return dy_raise5(SSC_EXC_TypeError, SSC_PYTHON >= 311 ? "string indices must be integers, not 'str'"
                                                              : "string indices must be integers", NULL, NULL, NULL, NULL);
    default:
        return dy_raise5(SSC_EXC_TypeError, "'", ssc_any_type_name(x), "' object is not subscriptable", NULL, NULL);
    }
}

static int32_t dy_str_key_error(const ssc_any *key) {
    ssc_buf m;
    ssc_buf_init(&m, key->u.s.len + 8);
    ssc_buf_str_repr(&m, key->u.s.ptr, key->u.s.len, -1);
    ssc_raise_buf(SSC_EXC_KeyError, &m);
    return SSC_RAISED;
}

/* x[key] for a str constant key (a box the lowering made at compile time). */
int32_t ssc_any_getitem_str(const ssc_any *x, const ssc_any *key, ssc_any **out) {
    if (x->tag != SSC_ANY_DICT) return dy_not_str_key(x);
    ssc_any *v = dy_dict_get_str(x->u.dict, key);
    if (!v) return dy_str_key_error(key);
    *out = v;
    return SSC_OK;
}

/* x.get(key[, default]) for a str constant key. */
int32_t ssc_any_m_get_str(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out) {
    if (x->tag != SSC_ANY_DICT) return dy_no_attribute(x, "get");
    ssc_any *v = dy_dict_get_str(x->u.dict, key);
    *out = v ? v : dflt ? (ssc_any *)dflt : dy_none();
    return SSC_OK;
}

/* del x[key] for a str constant key. */
int32_t ssc_any_delitem_str(const ssc_any *x, const ssc_any *key) {
    if (x->tag == SSC_ANY_DICT) {
        int32_t slot, ix = ct_any_dict_find_str(x->u.dict, key, &slot);
        if (ix < 0) return dy_str_key_error(key);
        ct_dict_remove_at(x->u.dict, slot, ix);
        return SSC_OK;
    }
    if (x->tag == SSC_ANY_LIST)
        return dy_raise5(SSC_EXC_TypeError, "list indices must be integers or slices, not str", NULL, NULL, NULL,
                         NULL);
    return dy_object_error(SSC_EXC_TypeError, x, "does not support item deletion");
}

/* x == key (and an item test of `x in (...)`) for a str constant key: 0/1. */
int32_t ssc_any_eq_str(const ssc_any *x, const ssc_any *key) {
    return x->tag == SSC_ANY_STR && x->u.s.len == key->u.s.len &&
           (key->u.s.len == 0 || memcmp(x->u.s.ptr, key->u.s.ptr, (size_t)key->u.s.len) == 0);
}

static int32_t dy_expected_scalar(const char *want, const ssc_any *x) {
    return dy_raise5(SSC_EXC_TypeError, "expected ", want, ", got ", ssc_any_type_name(x), NULL);
}

/* ssc_any_unbox for one scalar type each (an annotation such as
 * `count: int = event["count"]`), with its message. */
int32_t ssc_any_as_int(const ssc_any *x, int64_t *out) {
    if (x->tag != SSC_ANY_INT) return dy_expected_scalar("int", x);
    *out = x->u.i;
    return SSC_OK;
}

int32_t ssc_any_as_float(const ssc_any *x, double *out) {
    if (x->tag != SSC_ANY_FLOAT) return dy_expected_scalar("float", x);
    *out = x->u.f;
    return SSC_OK;
}

int32_t ssc_any_as_bool(const ssc_any *x, uint8_t *out) {
    if (x->tag != SSC_ANY_BOOL) return dy_expected_scalar("bool", x);
    *out = (uint8_t)x->u.i;
    return SSC_OK;
}

int32_t ssc_any_as_str(const ssc_any *x, ssc_bytes *out) {
    if (x->tag != SSC_ANY_STR) return dy_expected_scalar("str", x);
    *out = x->u.s;
    return SSC_OK;
}

/* A JSON value returned as a record's key (bytes | None), as the host takes it: None, a str
 * encoded as UTF-8 (a lone surrogate: UnicodeEncodeError), anything else a TypeError. */
int32_t ssc_any_record_key(const ssc_any *x, void *out) {
    struct { uint8_t present; ssc_bytes value; } key = {0, {0, 0}};   /* bytes | None's layout */
    switch (x->tag) {
    case SSC_ANY_NONE: break;
    case SSC_ANY_STR:
        if (ssc_utf8_encode_check(x->u.s.ptr, x->u.s.len)) return SSC_RAISED;
        key.present = 1;
        key.value = x->u.s;
        break;
    default:
        return dy_raise5(SSC_EXC_TypeError, "a record key must be bytes or str, not ", ssc_any_type_name(x),
                         NULL, NULL, NULL);
    }
    __builtin_memcpy(out, &key, sizeof key);
    return SSC_OK;
}

/* ==== encoding a str that came from JSON ======================================
 * A JSON "\ud800" escape makes a str with a lone surrogate (kept as its
 * 3-byte form ED A0..BF xx, ssc_rt.h), which CPython's strict UTF-8 encoder
 * refuses: str.encode() and a record's str result raise its
 * UnicodeEncodeError. The lowering calls these in modules that import json
 * (the only way to make such a str). */

/* UnicodeEncodeError for the first run of surrogates in p[0:n], or SSC_OK. */
int32_t ssc_utf8_encode_check(const uint8_t *p, int32_t n) {
    int32_t at = ssc_memchr(p, n, 0xED);
    while (at >= 0 && !(at + 1 < n && p[at + 1] >= 0xA0)) {
        int32_t next = ssc_memchr(p + at + 1, n - at - 1, 0xED);
        at = next < 0 ? -1 : at + 1 + next;
    }
    if (SSC_LIKELY(at < 0)) return SSC_OK;
    int32_t start = 0;   /* the run's position in code points */
    for (int32_t i = 0; i < at; i++) start += (p[i] & 0xC0) != 0x80;
    int32_t end = at, count = 0;
    while (end + 2 < n && p[end] == 0xED && p[end + 1] >= 0xA0) {
        end += 3;
        count++;
    }
    ssc_buf m;
    ssc_buf_init(&m, 96);
    if (count == 1) {
        uint32_t c = 0xD000u | ((uint32_t)(p[at + 1] & 0x3F) << 6) | (p[at + 2] & 0x3Fu);
        ssc_buf_cstr(&m, "'utf-8' codec can't encode character '\\u");
        for (int32_t shift = 12; shift >= 0; shift -= 4) ssc_buf_byte(&m, (uint8_t)"0123456789abcdef"[(c >> shift) & 0xF]);
        ssc_buf_cstr(&m, "' in position ");
        ssc_buf_i64(&m, start);
    } else {
        ssc_buf_cstr(&m, "'utf-8' codec can't encode characters in position ");
        ssc_buf_i64(&m, start);
        ssc_buf_byte(&m, '-');
        ssc_buf_i64(&m, start + count - 1);
    }
    ssc_buf_cstr(&m, ": surrogates not allowed");
    ssc_raise_buf(SSC_EXC_UnicodeEncodeError, &m);
    return SSC_RAISED;
}

/* ssc_utf8_encode_check on every str inside a value of type t (an entry
 * function's result: str, T | None, tuples and lists of them). */
int32_t ssc_check_encodable(const ssc_type *t, const void *v) {
    switch (t->kind) {
    case SSC_T_STR: {
        ssc_bytes s = ct_bytes(v);
        return ssc_utf8_encode_check(s.ptr, s.len);
    }
    case SSC_T_OPTIONAL:
        return ct_u8(v) ? ssc_check_encodable(t->items[0], (const uint8_t *)v + t->offsets[0]) : SSC_OK;
    case SSC_T_TUPLE:
        for (int32_t i = 0; i < t->count; i++)
            if (ssc_check_encodable(t->items[i], (const uint8_t *)v + t->offsets[i])) return SSC_RAISED;
        return SSC_OK;
    case SSC_T_LIST: {
        const ssc_list *l = ct_ptr(v);
        for (int32_t i = 0; i < l->len; i++)
            if (ssc_check_encodable(l->elem, l->data + i * l->elem->size)) return SSC_RAISED;
        return SSC_OK;
    }
    default:
        return SSC_OK;
    }
}
