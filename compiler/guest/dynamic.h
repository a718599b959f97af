/* dynamic.c: the type Any. */
#ifndef SSC_DYNAMIC_H
#define SSC_DYNAMIC_H

#include "ssc_rt.h"

/* ==== dynamic values: the type Any (dynamic.c) ==========================
 *
 * What json.loads returns: a value whose type is known only at run time,
 * one of None, bool, int, float, str, list or dict, with CPython's
 * semantics for every operation. Its memory layout is one pointer,
 * `ssc_any *`, to a box; a box is never modified after it is made (an
 * operation makes a new box), except that the list or dict it points to is
 * mutable and shared, as Python objects are:
 *   - SSC_ANY_BOOL: u.i is 0 or 1;  SSC_ANY_INT: u.i;  SSC_ANY_FLOAT: u.f;
 *   - SSC_ANY_STR: u.s, UTF-8 except that a lone surrogate (from a JSON
 *     "\ud800" escape) is kept as its 3-byte generalized UTF-8 form
 *     (ED A0..BF xx), as CPython keeps it in its str;
 *   - SSC_ANY_LIST: u.list, an ssc_list whose elem is &ssc_type_any;
 *   - SSC_ANY_DICT: u.dict, an ssc_dict whose key and value types are both
 *     &ssc_type_any (insertion-ordered; keys are hashable boxes: None, bool,
 *     int, float or str, hashed so that 1, 1.0 and True collide as in
 *     CPython).
 * Boxes live in ssc_alloc memory like every other value. The descriptor
 * ssc_type_any (kind SSC_T_ANY, size 4) lets the generic operations of
 * containers.c (eq, compare, hash, repr, str, truth) handle Any inside
 * typed containers (list[Any]); they delegate to the ssc_any_* functions.
 *
 * Errors are CPython's exceptions with CPython's messages, e.g.
 * TypeError("can only concatenate str (not \"int\") to str"),
 * KeyError('x') (message: the key's repr), AttributeError("'int' object
 * has no attribute 'upper'"). */
extern const ssc_type ssc_type_any;
/* What containers.c's generic equality, hashing and truth (which every
 * program with a dict or a list comparison links) do with an Any, reached
 * through the descriptor: ssc_type_any's `any_ops` (a union with the
 * `offsets` of other types) points at this table (dynamic.c), so that a
 * program without Any values links none of dynamic.c through them. (The
 * generic repr, str and ordering call dynamic.c directly: the table would
 * make every JSON module carry the float printer.) */
struct ssc_any_ops {
    int32_t (*eq)(const ssc_any *a, const ssc_any *b);                        /* ssc_any_eq */
    uint32_t (*hash)(const ssc_any *a);
    int32_t (*truth)(const ssc_any *a);
    const char *(*type_name)(const ssc_any *a);
};
#define SSC_ANY_OPS(t) ((t)->any_ops)
/* The shared boxes of None, False and True. */
extern const ssc_any ssc_any_none_box, ssc_any_false_box, ssc_any_true_box;

/* type(x).__name__: "NoneType", "bool", "int", "float", "str", "list", "dict". */
const char *ssc_any_type_name(const ssc_any *x);

/* Boxing a value of a known type: `t` is one of None, bool, int, float, str,
 * list[T], dict[K, V] or T | None for such T, K and V (the checker refuses
 * other types); a list[Any] or dict[Any, Any] is shared by the box, any
 * other list or dict is copied, deeply, into dynamic containers. */
int32_t ssc_any_box(const ssc_type *t, const void *value, ssc_any **out);
ssc_any *ssc_any_from_int(int64_t v);
ssc_any *ssc_any_from_float(double v);
ssc_any *ssc_any_from_bool(int32_t v);
ssc_any *ssc_any_from_str(const uint8_t *p, int32_t n);
/* The other way: the value as type `t` (same set of types), written to
 * `out` (t->size bytes); TypeError when it is not one, e.g. for t int and a
 * str: "expected int, got str" (ssc's own message: CPython does not check
 * annotations, docs/language.md). As for typed values, a bool is not an
 * int here nor an int a float ("expected float, got int"). A list[Any] or
 * dict[Any, Any] is the box's own list or dict, shared; other containers
 * are copied. */
int32_t ssc_any_unbox(const ssc_any *x, const ssc_type *t, void *out);

/* Value semantics (also reached through ssc_type_any). ssc_any_eq is the
 * equality of container items (PyObject_RichCompareBool: the same box, list
 * or dict is equal to itself, a nan included); the == operator is
 * ssc_any_compare with op 0. */
int32_t ssc_any_eq(const ssc_any *a, const ssc_any *b);
int32_t ssc_any_compare(const ssc_any *a, const ssc_any *b, int32_t op, uint8_t *out); /* op as ssc_order_holds */
/* a <op> b for an int or float b (a constant of the program): the same
 * result and exception as ssc_any_compare with b boxed, reaching no code
 * for containers (for `b <op> a`, pass the reflected op: < and >, <= and
 * >= swapped). */
int32_t ssc_any_compare_int(const ssc_any *a, int64_t b, int32_t op, uint8_t *out);
int32_t ssc_any_compare_float(const ssc_any *a, double b, int32_t op, uint8_t *out);
uint32_t ssc_any_hash(const ssc_any *a);      /* of a hashable box */
int32_t ssc_any_check_hashable(const ssc_any *a);  /* TypeError("unhashable type: 'list'") */
int32_t ssc_set_add_any(ssc_set *s, const ssc_any *x);                              /* s.add(x) */
int32_t ssc_dict_setitem_any_key(ssc_dict *d, const void *key, const void *value);  /* d[x] = v */
int32_t ssc_any_truth(const ssc_any *a);
void ssc_buf_any_repr(ssc_buf *b, const ssc_any *a);
void ssc_buf_any_str(ssc_buf *b, const ssc_any *a);

/* Operators. Binary op codes: 0 +, 1 -, 2 *, 3 /, 4 //, 5 %, 6 **, 7 <<,
 * 8 >>, 9 &, 10 |, 11 ^ (semantics.ANY_BINARY_CODES); unary: 0 -, 1 +, 2 ~. */
int32_t ssc_any_binary(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out);
/* a <op>= b: as ssc_any_binary, except that list += and *= and dict |=
 * change the list or dict in place, as CPython's in-place operators do. */
int32_t ssc_any_inplace(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out);
/* sum(items, start) of a list[Any]; compensated: float items as CPython 3.12+ adds them */
int32_t ssc_any_sum(ssc_list *items, const ssc_any *start, int64_t compensated, ssc_any **out);
int32_t ssc_any_unary(int32_t op, const ssc_any *a, ssc_any **out);
int32_t ssc_any_getitem(const ssc_any *x, const ssc_any *key, ssc_any **out);      /* x[key] */
int32_t ssc_any_getslice(const ssc_any *x, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                         int32_t has_step, int64_t step, ssc_any **out);        /* x[a:b:c] */
int32_t ssc_any_setitem(const ssc_any *x, const ssc_any *key, const ssc_any *value);  /* x[key] = value */
int32_t ssc_any_delitem(const ssc_any *x, const ssc_any *key);                   /* del x[key] */
int32_t ssc_any_contains(const ssc_any *container, const ssc_any *item, uint8_t *out);  /* item in container */
int32_t ssc_any_len(const ssc_any *x, int64_t *out);
/* iter(x) as a snapshot list[Any]: a dict's keys, a list's items, a str's characters. */
int32_t ssc_any_iter(const ssc_any *x, ssc_list **out);
int32_t ssc_any_to_dict(const ssc_any *x, ssc_any **out);   /* dict(x) */
int32_t ssc_str_join_any(const uint8_t *p, int32_t n, ssc_list *items, ssc_bytes *out);  /* sep.join(xs) */
/* isinstance(x, classes): `mask` has bit (1 << SSC_ANY_*) for each class
 * named (bool is also an int: the checker sets the BOOL bit with INT). */
int32_t ssc_any_isinstance(const ssc_any *x, int32_t mask, uint8_t *out);
/* Builtins: int(x), float(x), str(x), repr(x), bool(x). */
int32_t ssc_any_to_int(const ssc_any *x, int64_t *out);
int32_t ssc_any_to_float(const ssc_any *x, double *out);
int32_t ssc_any_percent_number(const ssc_any *x, int32_t conversion, ssc_any **out);  /* '%d' % x */
int32_t ssc_any_abs(const ssc_any *x, ssc_any **out);                               /* abs(x) */
int32_t ssc_any_round(const ssc_any *x, ssc_any **out);                             /* round(x) */
int32_t ssc_any_round_ndigits(const ssc_any *x, int64_t ndigits, ssc_any **out);    /* round(x, n) */
int32_t ssc_any_to_str(const ssc_any *x, ssc_bytes *out);
int32_t ssc_any_repr(const ssc_any *x, ssc_bytes *out);
/* An f-string field {x!conversion:spec} (conversion 0, 's' or 'r'). */
int32_t ssc_any_format(ssc_buf *b, const ssc_any *x, int32_t conversion, const uint8_t *spec, int32_t spec_len);
/* An f-string field {x!a:spec}: ascii(x) formatted as a str. */
int32_t ssc_any_format_ascii(ssc_buf *b, const ssc_any *x, const uint8_t *spec, int32_t spec_len);
/* x.method(...) for a method of str: the str, or AttributeError("'int'
 * object has no attribute 'upper'") naming `method` (NUL-terminated). */
int32_t ssc_any_expect_str(const ssc_any *x, const char *method, ssc_bytes *out);

/* Methods of the dynamic dict and list (x.get(...), ...): AttributeError as
 * above when x is not of a type that has the method. A default that is not
 * given is NULL. pop, copy, clear, index and count dispatch between list
 * and dict (pop, copy, clear) or list and str (index, count). */
int32_t ssc_any_m_get(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out);
int32_t ssc_any_m_setdefault(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out);
int32_t ssc_any_m_pop(const ssc_any *x, const ssc_any *arg, const ssc_any *dflt, ssc_any **out);  /* arg NULL: list.pop() */
int32_t ssc_any_m_popitem(const ssc_any *x, void *out);   /* the (key, value) tuple: ssc_any *[2] */
int32_t ssc_any_m_keys(const ssc_any *x, ssc_list **out);     /* list[Any] */
int32_t ssc_any_m_values(const ssc_any *x, ssc_list **out);   /* list[Any] */
int32_t ssc_any_m_items(const ssc_any *x, ssc_list **out);    /* list[tuple[Any, Any]] */
int32_t ssc_any_m_update(const ssc_any *x, const ssc_any *other);
int32_t ssc_any_m_append(const ssc_any *x, const ssc_any *item);
int32_t ssc_any_m_extend(const ssc_any *x, const ssc_any *items);
int32_t ssc_any_m_insert(const ssc_any *x, int64_t index, const ssc_any *item);
int32_t ssc_any_m_remove(const ssc_any *x, const ssc_any *item);
int32_t ssc_any_m_reverse(const ssc_any *x);
int32_t ssc_any_m_sort(const ssc_any *x, int32_t reverse);
int32_t ssc_any_m_copy(const ssc_any *x, ssc_any **out);
int32_t ssc_any_m_clear(const ssc_any *x);
int32_t ssc_any_m_index(const ssc_any *x, const ssc_any *item, int64_t *out);
int32_t ssc_any_m_count(const ssc_any *x, const ssc_any *item, int64_t *out);

/* Where the checker knows more than "an Any" (dynamic.c, at its end): a
 * key that is a str constant (a box the lowering made at compile time), and
 * conversions to one scalar type (ssc_any_unbox's rules and messages). */
int32_t ssc_any_getitem_str(const ssc_any *x, const ssc_any *key, ssc_any **out);   /* x["k"] */
int32_t ssc_any_delitem_str(const ssc_any *x, const ssc_any *key);                  /* del x["k"] */
int32_t ssc_any_eq_str(const ssc_any *x, const ssc_any *key);                       /* x == "k": 0/1 */
int32_t ssc_any_m_get_str(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out);
int32_t ssc_any_as_int(const ssc_any *x, int64_t *out);
int32_t ssc_any_as_float(const ssc_any *x, double *out);
int32_t ssc_any_as_bool(const ssc_any *x, uint8_t *out);
int32_t ssc_any_as_str(const ssc_any *x, ssc_bytes *out);

/* A str from JSON may hold a lone surrogate, which UTF-8 cannot encode:
 * UnicodeEncodeError as CPython's str.encode(), for one str and for every
 * str of an entry function's result (dynamic.c). */
int32_t ssc_utf8_encode_check(const uint8_t *p, int32_t n);
int32_t ssc_check_encodable(const ssc_type *t, const void *v);

#endif
