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
