/* containers.c: type descriptors, the generic value operations (equality,
 * ordering, hashing, repr, str, truth, copying), list, dict and set.
 *
 * Its static dict internals (ct_entry, ct_dict_*, ct_any_dict_find, ...) are
 * also dynamic.c's and json.c's, which come after it in the one translation
 * unit; an Any inside a typed container reaches dynamic.c through the
 * descriptor ssc_type_any (its operations table), or directly for repr, str
 * and ordering (dynamic.h). */
#ifndef SSC_CONTAINERS_H
#define SSC_CONTAINERS_H

#include "ssc_rt.h"

/* The operations of a tuple[T, ...] (laid out as a list, with a list's descriptor kind) that
 * differ from a list's, reached through its descriptor's `vartuple_ops` (NULL for a list), so
 * that only a program with such tuples links them. */
struct ssc_vartuple_ops {
    uint32_t (*hash)(const ssc_list *l);
    void (*repr)(ssc_buf *b, const ssc_list *l);
};
extern const struct ssc_vartuple_ops ssc_vartuple_ops;

/* The primitive descriptors (containers.c). */
extern const ssc_type ssc_type_none, ssc_type_bool, ssc_type_int, ssc_type_float,
    ssc_type_str, ssc_type_bytes, ssc_type_record;
/* dict[K, V] and set[T] (a set is a dict without values; its value type
 * is None with size 0): insertion-ordered hash tables. Layout private to
 * containers.c except `len`, the number of live entries, first. */

/* ---- containers (containers.c) -----------------------------------------
 * Generic operations over any value, driven by its descriptor. */
int32_t ssc_value_eq(const ssc_type *t, const void *a, const void *b);     /* a == b, 0/1 */
/* a <op> b for ordering (op: 2 <, 3 <=, 4 >, 5 >=; 0/1 written to *out);
 * TypeError as CPython when the values do not order (None, dict, ...). */
int32_t ssc_value_compare(const ssc_type *t, const void *a, const void *b, int32_t op, uint8_t *out);
uint32_t ssc_value_hash(const ssc_type *t, const void *a);

/* f-string fields of a known type with a constant spec the checker parsed
 * and CPython's format() accepted (number.c). */
int32_t ssc_format_int_spec(ssc_buf *b, int64_t v, const ssc_fspec *f);
int32_t ssc_format_char_spec(ssc_buf *b, int64_t v, const ssc_fspec *f);   /* the 'c' type */
int32_t ssc_format_bool_spec(ssc_buf *b, int32_t v, const ssc_fspec *f);
int32_t ssc_format_float_spec(ssc_buf *b, double v, const ssc_fspec *f);
int32_t ssc_format_str_spec(ssc_buf *b, const uint8_t *p, int32_t n, const ssc_fspec *f);
void ssc_buf_value_repr(ssc_buf *b, const ssc_type *t, const void *a);     /* repr(a) */
void ssc_buf_value_str(ssc_buf *b, const ssc_type *t, const void *a);      /* str(a) */
int32_t ssc_value_truth(const ssc_type *t, const void *a);                 /* bool(a) */

/* Python slice semantics: normalise (start, stop, step) for a sequence of
 * length len into a start, step and count. ValueError("slice step cannot be
 * zero"). Absent parts are has_* == 0. */
int32_t ssc_slice(int64_t len, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                  int32_t has_step, int64_t step, int64_t *out_start, int64_t *out_step, int64_t *out_count);

ssc_list *ssc_list_new(const ssc_type *elem, int32_t cap);
void ssc_list_append(ssc_list *l, const void *elem);


/* The rest of containers.c's interface: list, dict and set operations. */

int32_t ssc_type_align(const ssc_type *t);

/* list[T] */
ssc_list *ssc_list_clone(const ssc_list *l);
int32_t ssc_list_get(ssc_list *l, int64_t i, void *out);
int32_t ssc_list_set(ssc_list *l, int64_t i, const void *x);
int32_t ssc_list_del(ssc_list *l, int64_t i);
int32_t ssc_list_pop(ssc_list *l, int64_t i, void *out);
int32_t ssc_list_insert(ssc_list *l, int64_t i, const void *x);
int32_t ssc_list_extend(ssc_list *l, ssc_list *other);
int32_t ssc_list_index(ssc_list *l, const void *x, int64_t start, int64_t stop, int64_t *out);
int32_t ssc_list_count(ssc_list *l, const void *x, int64_t *out);
int32_t ssc_list_remove(ssc_list *l, const void *x);
int32_t ssc_list_reverse(ssc_list *l);
int32_t ssc_list_clear(ssc_list *l);
int32_t ssc_list_copy(ssc_list *l, ssc_list **out);
int32_t ssc_list_sort(ssc_list *l, int32_t reverse);
/* ssc_list_sort of a list[Any] (a dynamic list): the same result with the
 * items compared by ssc_any_compare alone. */
int32_t ssc_list_sort_any(ssc_list *l, int32_t reverse);
int32_t ssc_list_sorted(ssc_list *l, int32_t reverse, ssc_list **out);
/* l.sort(key=f, reverse=...) given keys[i] = f(l[i]): the items moved as their keys sort */
int32_t ssc_list_sort_keyed(ssc_list *l, ssc_list *keys, int32_t reverse);
int32_t ssc_list_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                       int32_t has_step, int64_t step, ssc_list **out);
int32_t ssc_list_set_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                           int32_t has_step, int64_t step, const ssc_list *value);
int32_t ssc_list_del_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                           int32_t has_step, int64_t step);
int32_t ssc_list_concat(ssc_list *a, ssc_list *b, ssc_list **out);
int32_t ssc_list_repeat(ssc_list *a, int64_t n, ssc_list **out);
int32_t ssc_list_irepeat(ssc_list *a, int64_t n);
int32_t ssc_list_iadd(ssc_list *a, ssc_list *b, ssc_list **out);
int32_t ssc_list_imul(ssc_list *a, int64_t n, ssc_list **out);
int32_t ssc_list_contains(ssc_list *l, const void *x, uint8_t *out);
int32_t ssc_list_eq(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_compare(ssc_list *a, const ssc_list *b, int32_t op, uint8_t *out);
int32_t ssc_list_lt(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_le(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_gt(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_ge(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_min(ssc_list *l, void *out);
/* dict(pairs): ValueError unless the pair at `position` has len 2. */
int32_t ssc_dict_pair_check(int32_t len, int64_t position);
int32_t ssc_list_max(ssc_list *l, void *out);
int32_t ssc_list_sum_int(ssc_list *l, int64_t start, int64_t *out);
int32_t ssc_list_sum_float(ssc_list *l, double start, double *out);

/* dict[K, V] */
ssc_dict *ssc_dict_new(const ssc_type *key, const ssc_type *value, int32_t expected);
/* ssc_dict_new(&ssc_type_any, &ssc_type_any, expected), the dynamic dict,
 * without the layout computation from descriptors. */
ssc_dict *ssc_dict_new_any(int32_t expected);
/* d[key] / d[key] = value for a dict whose keys are str or bytes. */
void *ssc_dict_lookup_text(ssc_dict *d, const void *key);
int32_t ssc_dict_setitem_text(ssc_dict *d, const void *key, const void *value);
/* ssc_dict_setitem for such a dict (dynamic.c): the key is checked to be
 * hashable (TypeError "unhashable type: 'list'"); no generic code is reached. */
int32_t ssc_dict_setitem_any(ssc_dict *d, const void *key, const void *value);
void *ssc_dict_lookup(ssc_dict *d, const void *key);
int32_t ssc_dict_getitem(ssc_dict *d, const void *key, void *out);
int32_t ssc_dict_setitem(ssc_dict *d, const void *key, const void *value);
int32_t ssc_dict_delitem(ssc_dict *d, const void *key);
int32_t ssc_dict_contains(ssc_dict *d, const void *key, uint8_t *out);
int32_t ssc_dict_get(ssc_dict *d, const void *key, void *out);
int32_t ssc_dict_get_default(ssc_dict *d, const void *key, const void *dflt, void *out);
int32_t ssc_dict_pop(ssc_dict *d, const void *key, void *out);
int32_t ssc_dict_pop_default(ssc_dict *d, const void *key, const void *dflt, void *out);
int32_t ssc_dict_popitem(ssc_dict *d, void *out);
int32_t ssc_dict_setdefault(ssc_dict *d, const void *key, const void *dflt, void *out);
int32_t ssc_dict_update(ssc_dict *d, ssc_dict *other);
int32_t ssc_dict_clear(ssc_dict *d);
int32_t ssc_dict_copy(ssc_dict *d, ssc_dict **out);
int32_t ssc_dict_or(ssc_dict *d, ssc_dict *other, ssc_dict **out);    /* d | other */
int32_t ssc_dict_ior(ssc_dict *d, ssc_dict *other, ssc_dict **out);   /* d |= other: d itself */
int32_t ssc_dict_keys(ssc_dict *d, ssc_list **out);
int32_t ssc_dict_values(ssc_dict *d, ssc_list **out);
int32_t ssc_dict_items(ssc_dict *d, ssc_list **out);
int32_t ssc_dict_eq(ssc_dict *a, ssc_dict *b, uint8_t *out);
int32_t ssc_dict_iter_next(ssc_dict *d, ssc_dict_iter *it, void *key_out, void *value_out, uint8_t *more);
const ssc_type *ssc_dict_key_type(const ssc_dict *d);
const ssc_type *ssc_dict_value_type(const ssc_dict *d);

/* set[T] */
ssc_set *ssc_set_new(const ssc_type *elem, int32_t expected);
int32_t ssc_set_add(ssc_set *s, const void *x);
int32_t ssc_set_discard(ssc_set *s, const void *x);
int32_t ssc_set_remove(ssc_set *s, const void *x);
int32_t ssc_set_contains(ssc_set *s, const void *x, uint8_t *out);
int32_t ssc_set_pop(ssc_set *s, void *out);
int32_t ssc_set_clear(ssc_set *s);
int32_t ssc_set_copy(ssc_set *s, ssc_set **out);
int32_t ssc_set_update(ssc_set *s, ssc_set *other);
int32_t ssc_set_union(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_intersection(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_difference(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_symmetric_difference(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_intersection_update(ssc_set *a, ssc_set *b);
int32_t ssc_set_difference_update(ssc_set *a, ssc_set *b);
int32_t ssc_set_symmetric_difference_update(ssc_set *a, ssc_set *b);
/* a |= b, a &= b, a -= b, a ^= b: a changed in place, and a itself the result */
int32_t ssc_set_ior(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_iand(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_isub(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_ixor(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_issubset(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_issuperset(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_isdisjoint(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_eq(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_compare(ssc_set *a, ssc_set *b, int32_t op, uint8_t *out);
int32_t ssc_set_lt(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_le(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_gt(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_ge(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_iter_next(ssc_set *s, ssc_dict_iter *it, void *elem_out, uint8_t *more);
ssc_list *ssc_set_to_list(ssc_set *s);

/* Module state (core.c drives it, containers.c copies): one entry per
 * state variable, emitted by the lowering as `ssc_state_vars`. */
void ssc_state_evacuate(const ssc_state_var *vars, int32_t count, uintptr_t lo, uintptr_t hi);

#endif
