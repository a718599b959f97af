/* collections.OrderedDict's methods over ssc's insertion-ordered dict
 * (containers.c), with CPython's messages. */
#include "collections.h"

/* The live entries' keys, values and hashes, copied out in order; their number. */
static int32_t co_live_entries(ssc_dict *d, uint8_t **keys, uint8_t **values, uint32_t **hashes) {
    size_t ks = (size_t)d->key->size, vs = (size_t)d->value->size;
    int32_t n = 0;
    *keys = ssc_alloc(d->len * ks + 1);
    *values = ssc_alloc(d->len * vs + 1);
    *hashes = ssc_alloc(d->len * sizeof **hashes + 1);
    for (int32_t ix = 0; ix < d->nentries; ix++) {
        uint8_t *e = ct_entry(d, ix);
        if (!ct_entry_live(e)) continue;
        memcpy(*keys + n * ks, e + d->koff, ks);
        memcpy(*values + n * vs, e + d->voff, vs);
        (*hashes)[n] = ct_key_hash(d, e + d->koff);
        n++;
    }
    return n;
}

/* od.move_to_end(key, last=True): the entry moved to the end, or to the
 * front (the others re-inserted after it); KeyError(key) when missing. */
int32_t ssc_odict_move_to_end(ssc_dict *d, const void *key, int32_t last) {
    uint32_t h = ct_key_hash(d, key);
    int32_t slot, ix = ct_dict_find(d, key, h, &slot);
    if (ix < 0) return ct_key_error(d->key, key);
    size_t ks = (size_t)d->key->size, vs = (size_t)d->value->size;
    uint8_t *k = ssc_alloc(ks + 1), *v = ssc_alloc(vs + 1);
    memcpy(k, ct_entry(d, ix) + d->koff, ks);
    memcpy(v, ct_entry(d, ix) + d->voff, vs);
    ct_dict_remove_at(d, slot, ix);
    if (last) {
        ct_dict_insert_new(d, k, h, v);
        return SSC_OK;
    }
    uint8_t *keys, *values;
    uint32_t *hashes;
    int32_t n = co_live_entries(d, &keys, &values, &hashes);
    ssc_dict_clear(d);
    ct_dict_insert_new(d, k, h, v);
    for (int32_t i = 0; i < n; i++)
        ct_dict_insert_new(d, keys + i * ks, hashes[i], values + i * vs);
    return SSC_OK;
}

/* od.popitem(last=True) -> tuple[K, V]: the last entry, or the first;
 * KeyError('dictionary is empty') when empty. */
int32_t ssc_odict_popitem(ssc_dict *d, int32_t last, void *out) {
    if (!d->len) {
        ssc_raise_cstr(SSC_EXC_KeyError, "'dictionary is empty'");
        return SSC_RAISED;
    }
    if (last) return ssc_dict_popitem(d, out);
    const ssc_type *t = ct_items_type(d);
    int32_t ix = 0;
    while (!ct_entry_live(ct_entry(d, ix))) ix++;
    uint8_t *e = ct_entry(d, ix);
    memcpy(out, e + d->koff, (size_t)d->key->size);
    memcpy((uint8_t *)out + t->offsets[1], e + d->voff, (size_t)d->value->size);
    ct_dict_remove_at(d, ct_dict_slot_of(d, ix), ix);
    return SSC_OK;
}

/* ---- deque: a list whose maxlen (-1: none) the checker knows -------------- */

static int32_t co_empty_deque(void) {
    ssc_raise_cstr(SSC_EXC_IndexError, "pop from an empty deque");
    return SSC_RAISED;
}

/* d.append(x): the first items dropped past maxlen. */
int32_t ssc_deque_append(ssc_list *l, const void *x, int64_t maxlen) {
    if (maxlen == 0) return SSC_OK;
    ssc_list_append(l, x);
    if (maxlen > 0 && l->len > maxlen) ct_list_cut(l, 0, l->len - maxlen);
    return SSC_OK;
}

/* d.appendleft(x): the last items dropped past maxlen. */
int32_t ssc_deque_appendleft(ssc_list *l, const void *x, int64_t maxlen) {
    if (maxlen == 0) return SSC_OK;
    int32_t status = ssc_list_insert(l, 0, x);
    if (status < 0) return status;
    if (maxlen > 0 && l->len > maxlen) ct_list_cut(l, maxlen, l->len);
    return SSC_OK;
}

/* d.extend(items): each appended in turn (items may be d itself: copied first). */
int32_t ssc_deque_extend(ssc_list *l, ssc_list *items, int64_t maxlen) {
    int32_t n = items->len, size = l->elem->size;
    uint8_t *copy = ssc_alloc((uint32_t)(n * size) + 1);
    for (int32_t i = 0; i < n; i++) memcpy(copy + i * size, ct_at(items, i), (size_t)size);
    for (int32_t i = 0; i < n; i++) ssc_deque_append(l, copy + i * size, maxlen);
    return SSC_OK;
}

int32_t ssc_deque_pop(ssc_list *l, void *out) {
    return l->len ? ssc_list_pop(l, -1, out) : co_empty_deque();
}

int32_t ssc_deque_popleft(ssc_list *l, void *out) {
    return l->len ? ssc_list_pop(l, 0, out) : co_empty_deque();
}

/* d.rotate(n): n steps to the right (left when negative). */
int32_t ssc_deque_rotate(ssc_list *l, int64_t n) {
    int64_t len = l->len;
    if (len <= 1) return SSC_OK;
    n %= len;
    if (n < 0) n += len;
    if (n == 0) return SSC_OK;
    int32_t size = l->elem->size;
    uint8_t *copy = ssc_alloc((uint32_t)(len * size));
    for (int64_t i = 0; i < len; i++) memcpy(copy + ((i + n) % len) * size, ct_at(l, i), (size_t)size);
    for (int64_t i = 0; i < len; i++) memcpy(ct_at(l, i), copy + i * size, (size_t)size);
    return SSC_OK;
}

/* d[i]: IndexError "deque index out of range". */
int32_t ssc_deque_getitem(ssc_list *l, int64_t i, void *out) {
    if (i < 0) i += l->len;
    if ((uint64_t)i >= (uint64_t)l->len) {
        ssc_raise_cstr(SSC_EXC_IndexError, "deque index out of range");
        return SSC_RAISED;
    }
    memcpy(out, ct_at(l, i), (size_t)l->elem->size);
    return SSC_OK;
}

/* ---- Counter --------------------------------------------------------------- */

/* Whether each count of a is b's, a missing count 0. */
static int co_counts_within(ssc_dict *a, ssc_dict *b) {
    for (int32_t ix = 0; ix < a->nentries; ix++) {
        uint8_t *e = ct_entry(a, ix);
        if (!ct_entry_live(e)) continue;
        int64_t mine, theirs = 0;
        memcpy(&mine, e + a->voff, sizeof mine);
        const void *found = ssc_dict_lookup(b, e + a->koff);
        if (found) memcpy(&theirs, found, sizeof theirs);
        if (mine != theirs) return 0;
    }
    return 1;
}

/* c == d of two Counters (CPython 3.10+): every key's count equal in both. */
int32_t ssc_counter_eq(ssc_dict *a, ssc_dict *b, uint8_t *out) {
    *out = (uint8_t)(co_counts_within(a, b) && co_counts_within(b, a));
    return SSC_OK;
}
