/* ssc guest runtime, containers: type descriptors, generic equality,
 * ordering, hashing and repr, and list, dict and set. See ssc_rt.h.
 *
 * Everything matches CPython 3.11 (Objects/listobject.c, dictobject.c,
 * setobject.c, object.c, bltinmodule.c), messages included, except where a
 * comment says otherwise. Values have no identity here, so the identity
 * shortcut of PyObject_RichCompareBool does not exist: a float nan is never
 * equal to itself, even "the same" nan ([x] == [x] is False for x = nan,
 * and nan in [x] is False), where CPython compares the objects' identity
 * first.
 *
 * Calling convention (ssc_rt.h): receivers and containers by pointer; a
 * value of a container's element, key or value type by `const void *` to
 * its memory layout, and results of such types through `void *out` (the
 * layout's size in bytes is copied); status SSC_OK / SSC_RAISED.
 *
 * Static helpers are prefixed ct_ (the runtime is one translation unit). */
#include "containers.h"
#include "core.h"
#include "text.h"
#include "number.h"
#include "dynamic.h"
#include "re.h"

/* ==== descriptors ========================================================= */

const ssc_type ssc_type_none = {SSC_T_NONE, 1, 0, NULL, {NULL}};
const ssc_type ssc_type_bool = {SSC_T_BOOL, 1, 0, NULL, {NULL}};
const ssc_type ssc_type_int = {SSC_T_INT, 8, 0, NULL, {NULL}};
const ssc_type ssc_type_float = {SSC_T_FLOAT, 8, 0, NULL, {NULL}};
const ssc_type ssc_type_str = {SSC_T_STR, 8, 0, NULL, {NULL}};
const ssc_type ssc_type_bytes = {SSC_T_BYTES, 8, 0, NULL, {NULL}};
const ssc_type ssc_type_record = {SSC_T_RECORD, 4, 0, NULL, {NULL}};

/* The value type of a set: None, taking no memory. */
static const ssc_type ct_type_void = {SSC_T_NONE, 0, 0, NULL, {NULL}};

/* Alignment of a value's memory layout (LLVM's natural alignment on wasm32). */
int32_t ssc_type_align(const ssc_type *t) {
    switch (t->kind) {
    case SSC_T_INT:
    case SSC_T_FLOAT:
        return 8;
    case SSC_T_STR:
    case SSC_T_BYTES:
    case SSC_T_LIST:
    case SSC_T_DICT:
    case SSC_T_SET:
    case SSC_T_RECORD:
    case SSC_T_ANY:
    case SSC_T_PATTERN:
    case SSC_T_MATCH:
    case SSC_T_OBJECT:
        return 4;
    case SSC_T_OPTIONAL: {
        int32_t a = ssc_type_align(t->items[0]);
        return a > 1 ? a : 1;
    }
    case SSC_T_TUPLE: {
        int32_t a = 1;
        for (int32_t i = 0; i < t->count; i++) {
            int32_t b = ssc_type_align(t->items[i]);
            if (b > a) a = b;
        }
        return a;
    }
    default:
        return 1;
    }
}

static int32_t ct_align_up(int32_t n, int32_t a) { return (n + a - 1) & -a; }

/* ==== loads (memcpy: the layouts are aligned, but stay clear of aliasing) === */

static inline int64_t ct_i64(const void *p) { int64_t v; memcpy(&v, p, 8); return v; }
static inline double ct_f64(const void *p) { double v; memcpy(&v, p, 8); return v; }
static inline ssc_bytes ct_bytes(const void *p) { ssc_bytes v; memcpy(&v, p, sizeof v); return v; }
static inline void *ct_ptr(const void *p) { void *v; memcpy(&v, p, sizeof v); return v; }
static inline uint8_t ct_u8(const void *p) { return *(const uint8_t *)p; }

/* Three-way comparison of byte strings: code point order for UTF-8 str. */
static int32_t ct_bytes_cmp(ssc_bytes a, ssc_bytes b) {
    int32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, (size_t)n) : 0;
    if (c) return c < 0 ? -1 : 1;
    return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

/* ==== dict internals (needed by the generic operations) ================== */

#define CT_EMPTY (-1)
#define CT_DUMMY (-2)
#define CT_MIN_LOG2 3

struct ssc_dict {
    int32_t len;               /* live entries (public: first field) */
    int32_t nentries;          /* entries used, deleted ones included */
    int32_t usable;            /* entries left before the table must grow */
    int32_t log2_size;         /* index table of 1 << log2_size slots; 0: no table */
    int32_t *indices;          /* entry number, CT_EMPTY or CT_DUMMY */
    uint8_t *entries;          /* esize bytes each: u32 hash, u8 live, key, value */
    const ssc_type *key;
    const ssc_type *value;
    int32_t esize, koff, voff;
    const ssc_type *items_type; /* tuple[K, V], made on demand for items() */
};

static inline uint8_t *ct_entry(const ssc_dict *d, int32_t ix) { return d->entries + ix * d->esize; }
static inline uint32_t ct_entry_hash(const uint8_t *e) { uint32_t h; memcpy(&h, e, 4); return h; }
static inline int ct_entry_live(const uint8_t *e) { return e[4]; }

/* ==== generic value operations ============================================ */

static int32_t ct_list_eq(const ssc_list *a, const ssc_list *b);
static int32_t ct_dict_eq(ssc_dict *a, ssc_dict *b);
static int32_t ct_set_le(ssc_dict *a, ssc_dict *b);
static int32_t ct_dict_find(ssc_dict *d, const void *key, uint32_t hash, int32_t *slot);

static int32_t ct_record_eq(const ssc_record *a, const ssc_record *b) {
    ssc_bytes ka, kb, va, vb;
    int32_t ha = ssc_record_key(a, &ka), hb = ssc_record_key(b, &kb);
    ssc_record_value(a, &va);
    ssc_record_value(b, &vb);
    if (ha != hb || (ha && ct_bytes_cmp(ka, kb) != 0)) return 0;
    return ct_bytes_cmp(va, vb) == 0 && ssc_record_offset(a) == ssc_record_offset(b) &&
           ssc_record_timestamp(a) == ssc_record_timestamp(b);
}

int32_t ssc_value_eq(const ssc_type *t, const void *a, const void *b) {
    switch (t->kind) {
    case SSC_T_NONE:
        return 1;
    case SSC_T_BOOL:
        return ct_u8(a) == ct_u8(b);
    case SSC_T_INT:
        return ct_i64(a) == ct_i64(b);
    case SSC_T_FLOAT:
        return ct_f64(a) == ct_f64(b);
    case SSC_T_STR:
    case SSC_T_BYTES: {
        ssc_bytes x = ct_bytes(a), y = ct_bytes(b);
        return x.len == y.len && (x.len == 0 || memcmp(x.ptr, y.ptr, (size_t)x.len) == 0);
    }
    case SSC_T_OPTIONAL: {
        uint8_t pa = ct_u8(a), pb = ct_u8(b);
        if (!pa || !pb) return pa == pb;
        int32_t off = t->offsets[0];
        return ssc_value_eq(t->items[0], (const uint8_t *)a + off, (const uint8_t *)b + off);
    }
    case SSC_T_TUPLE:
        for (int32_t i = 0; i < t->count; i++) {
            int32_t off = t->offsets[i];
            if (!ssc_value_eq(t->items[i], (const uint8_t *)a + off, (const uint8_t *)b + off)) return 0;
        }
        return 1;
    case SSC_T_LIST:
        return ct_list_eq(ct_ptr(a), ct_ptr(b));
    case SSC_T_DICT:
    case SSC_T_SET:
        return ct_dict_eq(ct_ptr(a), ct_ptr(b));
    case SSC_T_RECORD:
        return ct_record_eq(ct_ptr(a), ct_ptr(b));
    case SSC_T_ANY:
        return SSC_ANY_OPS(t)->eq(ct_ptr(a), ct_ptr(b));
    case SSC_T_PATTERN:   /* re.Pattern and re.Match values, objects: compared by identity */
    case SSC_T_MATCH:
    case SSC_T_OBJECT:
        return ct_ptr(a) == ct_ptr(b);
    }
    return 0;
}

/* type(v).__name__ for a value of type t (an Optional's actual type). */
static const char *ct_type_name(const ssc_type *t, const void *v) {
    switch (t->kind) {
    case SSC_T_NONE: return "NoneType";
    case SSC_T_BOOL: return "bool";
    case SSC_T_INT: return "int";
    case SSC_T_FLOAT: return "float";
    case SSC_T_STR: return "str";
    case SSC_T_BYTES: return "bytes";
    case SSC_T_OPTIONAL:
        return ct_u8(v) ? ct_type_name(t->items[0], (const uint8_t *)v + t->offsets[0]) : "NoneType";
    case SSC_T_TUPLE: return "tuple";
    case SSC_T_LIST: return "list";
    case SSC_T_DICT: return "dict";
    case SSC_T_SET: return "set";
    case SSC_T_RECORD: return "Record";
    case SSC_T_ANY: return SSC_ANY_OPS(t)->type_name(ct_ptr(v));
    case SSC_T_PATTERN: return "Pattern";
    case SSC_T_MATCH: return "Match";
    }
    return "object";
}

static const char *const ct_op_names[] = {"==", "!=", "<", "<=", ">", ">="};

/* TypeError: '<' not supported between instances of 'A' and 'B'. */
static int32_t ct_order_error(int32_t op, const char *left, const char *right) {
    ssc_buf b;
    ssc_buf_init(&b, 80);
    ssc_buf_byte(&b, '\'');
    ssc_buf_cstr(&b, ct_op_names[op]);
    ssc_buf_cstr(&b, "' not supported between instances of '");
    ssc_buf_cstr(&b, left);
    ssc_buf_cstr(&b, "' and '");
    ssc_buf_cstr(&b, right);
    ssc_buf_byte(&b, '\'');
    ssc_raise_buf(SSC_EXC_TypeError, &b);
    return SSC_RAISED;
}


static uint8_t ct_float_op(int32_t op, double x, double y) {
    switch (op) {
    case 0: return x == y;
    case 1: return x != y;
    case 2: return x < y;
    case 3: return x <= y;
    case 4: return x > y;
    default: return x >= y;
    }
}

/* Sequence ordering (list_richcompare / tuplerichcompare): the first items
 * that differ decide with op; when there are none, the lengths do. */
static int32_t ct_seq_compare(const ssc_type *const *types, const int32_t *offsets, const uint8_t *a,
                              int32_t alen, const uint8_t *b, int32_t blen, int32_t size, int32_t op,
                              uint8_t *out) {
    int32_t n = alen < blen ? alen : blen;
    for (int32_t i = 0; i < n; i++) {
        const ssc_type *t = offsets ? types[i] : types[0];
        const uint8_t *x = offsets ? a + offsets[i] : a + i * size;
        const uint8_t *y = offsets ? b + offsets[i] : b + i * size;
        if (!ssc_value_eq(t, x, y)) {
            if (op == 0 || op == 1) {
                *out = op == 1;
                return SSC_OK;
            }
            return ssc_value_compare(t, x, y, op, out);
        }
    }
    *out = ssc_order_holds(alen < blen ? -1 : alen > blen ? 1 : 0, op);
    return SSC_OK;
}

int32_t ssc_value_compare(const ssc_type *t, const void *a, const void *b, int32_t op, uint8_t *out) {
    switch (t->kind) {
    case SSC_T_ANY:
        return ssc_any_compare(ct_ptr(a), ct_ptr(b), op, out);
    case SSC_T_BOOL:
        *out = ssc_order_holds((int32_t)ct_u8(a) - (int32_t)ct_u8(b), op);
        return SSC_OK;
    case SSC_T_INT: {
        int64_t x = ct_i64(a), y = ct_i64(b);
        *out = ssc_order_holds(x < y ? -1 : x > y ? 1 : 0, op);
        return SSC_OK;
    }
    case SSC_T_FLOAT:
        *out = ct_float_op(op, ct_f64(a), ct_f64(b));
        return SSC_OK;
    case SSC_T_STR:
    case SSC_T_BYTES:
        *out = ssc_order_holds(ct_bytes_cmp(ct_bytes(a), ct_bytes(b)), op);
        return SSC_OK;
    case SSC_T_OPTIONAL:
        if (ct_u8(a) && ct_u8(b)) {
            int32_t off = t->offsets[0];
            return ssc_value_compare(t->items[0], (const uint8_t *)a + off, (const uint8_t *)b + off, op, out);
        }
        if (op < 2) {
            *out = (uint8_t)(ssc_value_eq(t, a, b) ^ (op == 1));
            return SSC_OK;
        }
        return ct_order_error(op, ct_type_name(t, a), ct_type_name(t, b));
    case SSC_T_TUPLE:
        return ct_seq_compare(t->items, t->offsets, a, t->count, b, t->count, 0, op, out);
    case SSC_T_LIST: {
        const ssc_list *x = ct_ptr(a), *y = ct_ptr(b);
        if (op < 2 && x->len != y->len) {
            *out = op == 1;
            return SSC_OK;
        }
        return ct_seq_compare(&x->elem, NULL, x->data, x->len, y->data, y->len, x->elem->size, op, out);
    }
    case SSC_T_SET: {
        ssc_dict *x = ct_ptr(a), *y = ct_ptr(b);
        switch (op) {
        case 0: *out = (uint8_t)ct_dict_eq(x, y); break;
        case 1: *out = (uint8_t)!ct_dict_eq(x, y); break;
        case 2: *out = (uint8_t)(x->len < y->len && ct_set_le(x, y)); break;
        case 3: *out = (uint8_t)ct_set_le(x, y); break;
        case 4: *out = (uint8_t)(x->len > y->len && ct_set_le(y, x)); break;
        default: *out = (uint8_t)ct_set_le(y, x); break;
        }
        return SSC_OK;
    }
    default: /* None, dict, Record: only == and != */
        if (op < 2) {
            *out = (uint8_t)(ssc_value_eq(t, a, b) ^ (op == 1));
            return SSC_OK;
        }
        return ct_order_error(op, ct_type_name(t, a), ct_type_name(t, b));
    }
}

/* ---- hashing ------------------------------------------------------------- */

static inline uint32_t ct_mix32(uint32_t h) {
    h ^= h >> 16;
    h *= 0x7feb352dU;
    h ^= h >> 15;
    h *= 0x846ca68bU;
    h ^= h >> 16;
    return h;
}

static uint32_t ct_hash_i64(int64_t v) {
    uint64_t x = (uint64_t)v;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (uint32_t)x;
}

/* Eight bytes a step (dict keys from JSON are hashed once per key and
 * record); the tail is packed into one last word. */
static uint32_t ct_hash_bytes(ssc_bytes s) {
    const uint8_t *p = s.ptr;
    int32_t n = s.len;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uint32_t)n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        __builtin_memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (int32_t i = 0; i < n; i++) w |= (uint64_t)p[i] << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return ct_mix32((uint32_t)h ^ (uint32_t)(h >> 32));
}

static uint32_t ct_hash_f64(double x) {
    /* Integral values hash as the int (and 0.0 == -0.0 hash alike). */
    if (x >= -9223372036854775808.0 && x < 9223372036854775808.0 && x == (double)(int64_t)x)
        return ct_hash_i64((int64_t)x);
    uint64_t bits;
    memcpy(&bits, &x, 8);
    return ct_hash_i64((int64_t)bits);
}

uint32_t ssc_value_hash(const ssc_type *t, const void *a) {
    switch (t->kind) {
    case SSC_T_NONE:
        return 0x2545f491U;
    case SSC_T_BOOL:
        return ct_hash_i64(ct_u8(a));
    case SSC_T_INT:
        return ct_hash_i64(ct_i64(a));
    case SSC_T_FLOAT:
        return ct_hash_f64(ct_f64(a));
    case SSC_T_STR:
    case SSC_T_BYTES:
        return ct_hash_bytes(ct_bytes(a));
    case SSC_T_OPTIONAL:
        if (!ct_u8(a)) return 0x2545f491U;
        return ssc_value_hash(t->items[0], (const uint8_t *)a + t->offsets[0]);
    case SSC_T_TUPLE: {
        uint32_t h = 0x345678U + (uint32_t)t->count;
        for (int32_t i = 0; i < t->count; i++)
            h = ct_mix32(h * 1000003U ^ ssc_value_hash(t->items[i], (const uint8_t *)a + t->offsets[i]));
        return h;
    }
    case SSC_T_RECORD: {
        const ssc_record *r = ct_ptr(a);
        ssc_bytes k, v;
        int32_t has = ssc_record_key(r, &k);
        ssc_record_value(r, &v);
        uint32_t h = has ? ct_hash_bytes(k) : 0x2545f491U;
        h = ct_mix32(h * 1000003U ^ ct_hash_bytes(v));
        h = ct_mix32(h * 1000003U ^ ct_hash_i64(ssc_record_offset(r)));
        return ct_mix32(h * 1000003U ^ ct_hash_i64(ssc_record_timestamp(r)));
    }
    case SSC_T_ANY:
        return SSC_ANY_OPS(t)->hash(ct_ptr(a));
    case SSC_T_LIST:   /* a list is unhashable (the checker refuses it); a tuple[T, ...], laid out as one, is */
        return t->vartuple_ops ? t->vartuple_ops->hash(ct_ptr(a)) : 0;
    default: /* dict, set are unhashable; the checker refuses them */
        return 0;
    }
}

/* ---- repr and str -------------------------------------------------------- */

static void ct_dict_repr(ssc_buf *b, ssc_dict *d, int32_t is_set);

void ssc_buf_value_repr(ssc_buf *b, const ssc_type *t, const void *a) {
    switch (t->kind) {
    case SSC_T_NONE:
        ssc_buf_cstr(b, "None");
        return;
    case SSC_T_BOOL:
        ssc_buf_cstr(b, ct_u8(a) ? "True" : "False");
        return;
    case SSC_T_INT:
        ssc_buf_i64(b, ct_i64(a));
        return;
    case SSC_T_FLOAT:
        ssc_buf_float_repr(b, ct_f64(a));
        return;
    case SSC_T_STR: {
        ssc_bytes s = ct_bytes(a);
        ssc_buf_str_repr(b, s.ptr, s.len, -1);
        return;
    }
    case SSC_T_BYTES: {
        ssc_bytes s = ct_bytes(a);
        ssc_buf_bytes_repr(b, s.ptr, s.len, -1);
        return;
    }
    case SSC_T_OPTIONAL:
        if (!ct_u8(a))
            ssc_buf_cstr(b, "None");
        else
            ssc_buf_value_repr(b, t->items[0], (const uint8_t *)a + t->offsets[0]);
        return;
    case SSC_T_TUPLE:
        ssc_buf_byte(b, '(');
        for (int32_t i = 0; i < t->count; i++) {
            if (i) ssc_buf_cstr(b, ", ");
            ssc_buf_value_repr(b, t->items[i], (const uint8_t *)a + t->offsets[i]);
        }
        if (t->count == 1) ssc_buf_byte(b, ',');
        ssc_buf_byte(b, ')');
        return;
    case SSC_T_LIST: {
        const ssc_list *l = ct_ptr(a);
        if (t->vartuple_ops) {   /* a tuple[T, ...] */
            t->vartuple_ops->repr(b, l);
            return;
        }
        if (l->elem->kind == SSC_T_ANY) {   /* a dynamic list: dynamic.c's repr guards against cycles */
            ssc_any box = {SSC_ANY_LIST, 0, {0}};
            box.u.list = (ssc_list *)l;
            ssc_buf_any_repr(b, &box);
            return;
        }
        ssc_buf_byte(b, '[');
        for (int32_t i = 0; i < l->len; i++) {
            if (i) ssc_buf_cstr(b, ", ");
            ssc_buf_value_repr(b, l->elem, l->data + i * l->elem->size);
        }
        ssc_buf_byte(b, ']');
        return;
    }
    case SSC_T_DICT:
    case SSC_T_SET: {
        ssc_dict *d = ct_ptr(a);
        if (t->kind == SSC_T_DICT && d->key->kind == SSC_T_ANY && d->value->kind == SSC_T_ANY) {
            ssc_any box = {SSC_ANY_DICT, 0, {0}};   /* a dynamic dict, as a list above */
            box.u.dict = d;
            ssc_buf_any_repr(b, &box);
            return;
        }
        ct_dict_repr(b, d, t->kind == SSC_T_SET);
        return;
    }
    case SSC_T_RECORD: {
        const ssc_record *r = ct_ptr(a);
        ssc_bytes k, v;
        int32_t has = ssc_record_key(r, &k);
        ssc_record_value(r, &v);
        ssc_buf_cstr(b, "Record(key=");
        if (has)
            ssc_buf_bytes_repr(b, k.ptr, k.len, -1);
        else
            ssc_buf_cstr(b, "None");
        ssc_buf_cstr(b, ", value=");
        ssc_buf_bytes_repr(b, v.ptr, v.len, -1);
        ssc_buf_cstr(b, ", offset=");
        ssc_buf_i64(b, ssc_record_offset(r));
        ssc_buf_cstr(b, ", timestamp=");
        ssc_buf_i64(b, ssc_record_timestamp(r));
        ssc_buf_byte(b, ')');
        return;
    }
    case SSC_T_ANY:
        ssc_buf_any_repr(b, ct_ptr(a));
        return;
    }
}

void ssc_buf_value_str(ssc_buf *b, const ssc_type *t, const void *a) {
    if (t->kind == SSC_T_OPTIONAL && ct_u8(a)) {
        ssc_buf_value_str(b, t->items[0], (const uint8_t *)a + t->offsets[0]);
        return;
    }
    if (t->kind == SSC_T_STR) {
        ssc_bytes s = ct_bytes(a);
        ssc_buf_put(b, s.ptr, s.len);
        return;
    }
    if (t->kind == SSC_T_ANY) {
        ssc_buf_any_str(b, ct_ptr(a));
        return;
    }
    ssc_buf_value_repr(b, t, a);
}

int32_t ssc_value_truth(const ssc_type *t, const void *a) {
    switch (t->kind) {
    case SSC_T_NONE: return 0;
    case SSC_T_BOOL: return ct_u8(a) != 0;
    case SSC_T_INT: return ct_i64(a) != 0;
    case SSC_T_FLOAT: return ct_f64(a) != 0.0;
    case SSC_T_STR:
    case SSC_T_BYTES: return ct_bytes(a).len != 0;
    case SSC_T_OPTIONAL: return ct_u8(a) && ssc_value_truth(t->items[0], (const uint8_t *)a + t->offsets[0]);
    case SSC_T_TUPLE: return t->count != 0;
    case SSC_T_LIST: return ((const ssc_list *)ct_ptr(a))->len != 0;
    case SSC_T_DICT:
    case SSC_T_SET: return ((const ssc_dict *)ct_ptr(a))->len != 0;
    case SSC_T_ANY: return SSC_ANY_OPS(t)->truth(ct_ptr(a));
    default: return 1;
    }
}

/* ==== slices ================================================================ */

#define CT_SSIZE_MAX INT64_MAX
#define CT_SSIZE_MIN INT64_MIN

/* PySlice_Unpack + PySlice_AdjustIndices. */
int32_t ssc_slice(int64_t len, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                  int32_t has_step, int64_t step, int64_t *out_start, int64_t *out_step, int64_t *out_count) {
    if (!has_step) {
        step = 1;
    } else {
        if (step == 0) {
            ssc_raise_cstr(SSC_EXC_ValueError, "slice step cannot be zero");
            return SSC_RAISED;
        }
        if (step < -CT_SSIZE_MAX) step = -CT_SSIZE_MAX;
    }
    if (!has_start) start = step < 0 ? CT_SSIZE_MAX : 0;
    if (!has_stop) stop = step < 0 ? CT_SSIZE_MIN : CT_SSIZE_MAX;
    if (start < 0) {
        start += len;
        if (start < 0) start = step < 0 ? -1 : 0;
    } else if (start >= len) {
        start = step < 0 ? len - 1 : len;
    }
    if (stop < 0) {
        stop += len;
        if (stop < 0) stop = step < 0 ? -1 : 0;
    } else if (stop >= len) {
        stop = step < 0 ? len - 1 : len;
    }
    int64_t count = 0;
    if (step < 0) {
        if (stop < start) count = (start - stop - 1) / (-step) + 1;
    } else if (start < stop) {
        count = (stop - start - 1) / step + 1;
    }
    *out_start = start;
    *out_step = step;
    *out_count = count;
    return SSC_OK;
}

/* ==== list ================================================================== */

static uint8_t *ct_alloc_elems(const ssc_type *elem, int64_t n) {
    int64_t bytes = n * (int64_t)elem->size;
    if (n < 0 || bytes > 0x7fffffff) __builtin_trap(); /* MemoryError: wasm32 cannot hold it */
    return bytes ? ssc_alloc((uint32_t)bytes) : NULL;
}

ssc_list *ssc_list_new(const ssc_type *elem, int32_t cap) {
    ssc_list *l = ssc_alloc(sizeof(ssc_list));
    l->len = 0;
    l->cap = cap > 0 ? cap : 0;
    l->data = ct_alloc_elems(elem, l->cap);
    l->elem = elem;
    return l;
}

/* Room for `extra` more elements. */
static void ct_list_reserve(ssc_list *l, int64_t extra) {
    int64_t need = (int64_t)l->len + extra;
    if (need <= l->cap) return;
    if (need > 0x7fffffff) __builtin_trap();
    int64_t cap = l->cap < 4 ? 4 : (int64_t)l->cap * 2;
    if (cap < need) cap = need;
    if (cap > 0x7fffffff) cap = 0x7fffffff;
    uint8_t *data = ct_alloc_elems(l->elem, cap);
    if (l->len) memcpy(data, l->data, (size_t)l->len * (size_t)l->elem->size);
    l->data = data;
    l->cap = (int32_t)cap;
}

void ssc_list_append(ssc_list *l, const void *elem) {
    int32_t size = l->elem->size;
    if (l->len == l->cap) ct_list_reserve(l, 1);
    memcpy(l->data + l->len * size, elem, (size_t)size);
    l->len++;
}

ssc_list *ssc_list_clone(const ssc_list *l) {
    ssc_list *c = ssc_list_new(l->elem, l->len);
    if (l->len) memcpy(c->data, l->data, (size_t)l->len * (size_t)l->elem->size);
    c->len = l->len;
    return c;
}

int32_t ssc_list_copy(ssc_list *l, ssc_list **out) {
    *out = ssc_list_clone(l);
    return SSC_OK;
}

static inline uint8_t *ct_at(const ssc_list *l, int64_t i) { return l->data + i * l->elem->size; }

int32_t ssc_list_get(ssc_list *l, int64_t i, void *out) {
    if (i < 0) i += l->len;
    if ((uint64_t)i >= (uint64_t)l->len) {
        ssc_raise_cstr(SSC_EXC_IndexError, "list index out of range");
        return SSC_RAISED;
    }
    memcpy(out, ct_at(l, i), (size_t)l->elem->size);
    return SSC_OK;
}

int32_t ssc_list_set(ssc_list *l, int64_t i, const void *x) {
    if (i < 0) i += l->len;
    if ((uint64_t)i >= (uint64_t)l->len) {
        ssc_raise_cstr(SSC_EXC_IndexError, "list assignment index out of range");
        return SSC_RAISED;
    }
    memmove(ct_at(l, i), x, (size_t)l->elem->size);
    return SSC_OK;
}

static void ct_list_cut(ssc_list *l, int64_t lo, int64_t hi) {
    int32_t size = l->elem->size;
    memmove(ct_at(l, lo), ct_at(l, hi), (size_t)((l->len - hi) * size));
    l->len -= (int32_t)(hi - lo);
}

int32_t ssc_list_del(ssc_list *l, int64_t i) {
    if (i < 0) i += l->len;
    if ((uint64_t)i >= (uint64_t)l->len) {
        ssc_raise_cstr(SSC_EXC_IndexError, "list assignment index out of range");
        return SSC_RAISED;
    }
    ct_list_cut(l, i, i + 1);
    return SSC_OK;
}

int32_t ssc_list_pop(ssc_list *l, int64_t i, void *out) {
    if (l->len == 0) {
        ssc_raise_cstr(SSC_EXC_IndexError, "pop from empty list");
        return SSC_RAISED;
    }
    if (i < 0) i += l->len;
    if ((uint64_t)i >= (uint64_t)l->len) {
        ssc_raise_cstr(SSC_EXC_IndexError, "pop index out of range");
        return SSC_RAISED;
    }
    memcpy(out, ct_at(l, i), (size_t)l->elem->size);
    ct_list_cut(l, i, i + 1);
    return SSC_OK;
}

int32_t ssc_list_insert(ssc_list *l, int64_t i, const void *x) {
    int32_t size = l->elem->size;
    uint8_t tmp[64];
    uint8_t *copy = size <= 64 ? tmp : ssc_alloc((uint32_t)size);
    memcpy(copy, x, (size_t)size); /* x may point into the list */
    int64_t n = l->len;
    if (i < 0) {
        i += n;
        if (i < 0) i = 0;
    }
    if (i > n) i = n;
    ct_list_reserve(l, 1);
    memmove(ct_at(l, i + 1), ct_at(l, i), (size_t)((n - i) * size));
    memcpy(ct_at(l, i), copy, (size_t)size);
    l->len++;
    return SSC_OK;
}

int32_t ssc_list_extend(ssc_list *l, ssc_list *other) {
    int32_t n = other->len; /* before growing: l.extend(l) doubles l */
    if (!n) return SSC_OK;
    ct_list_reserve(l, n);
    memmove(ct_at(l, l->len), other->data, (size_t)n * (size_t)l->elem->size);
    l->len += n;
    return SSC_OK;
}

/* dict(pairs): the item at `position` of the pairs has `len` items (ValueError unless 2). */
int32_t ssc_dict_pair_check(int32_t len, int64_t position) {
    if (len == 2)
        return SSC_OK;
    ssc_buf b;
    ssc_buf_init(&b, 80);
    ssc_buf_cstr(&b, "dictionary update sequence element #");
    ssc_buf_i64(&b, position);
    ssc_buf_cstr(&b, " has length ");
    ssc_buf_i64(&b, len);
    ssc_buf_cstr(&b, "; 2 is required");
    ssc_raise_buf(SSC_EXC_ValueError, &b);
    return SSC_RAISED;
}

/* The error "<repr(x)> is not in list". */
static int32_t ct_not_in_list(const ssc_type *t, const void *x) {
    ssc_buf b;
    ssc_buf_init(&b, 32);
    ssc_buf_value_repr(&b, t, x);
    ssc_buf_cstr(&b, " is not in list");
    ssc_raise_buf(SSC_EXC_ValueError, &b);
    return SSC_RAISED;
}

int32_t ssc_list_index(ssc_list *l, const void *x, int64_t start, int64_t stop, int64_t *out) {
    int64_t n = l->len;
    if (start < 0) {
        start += n;
        if (start < 0) start = 0;
    }
    if (stop < 0) {
        stop += n;
        if (stop < 0) stop = 0;
    }
    for (int64_t i = start; i < stop && i < l->len; i++) {
        if (ssc_value_eq(l->elem, ct_at(l, i), x)) {
            *out = i;
            return SSC_OK;
        }
    }
    return ct_not_in_list(l->elem, x);
}

int32_t ssc_list_count(ssc_list *l, const void *x, int64_t *out) {
    int64_t c = 0;
    for (int32_t i = 0; i < l->len; i++) c += ssc_value_eq(l->elem, ct_at(l, i), x);
    *out = c;
    return SSC_OK;
}

int32_t ssc_list_remove(ssc_list *l, const void *x) {
    for (int32_t i = 0; i < l->len; i++) {
        if (ssc_value_eq(l->elem, ct_at(l, i), x)) {
            ct_list_cut(l, i, i + 1);
            return SSC_OK;
        }
    }
    ssc_raise_cstr(SSC_EXC_ValueError, "list.remove(x): x not in list");
    return SSC_RAISED;
}

static void ct_reverse_bytes(uint8_t *data, int32_t n, int32_t size) {
    uint8_t tmp[64];
    uint8_t *t = size <= 64 ? tmp : ssc_alloc((uint32_t)size);
    for (int32_t i = 0, j = n - 1; i < j; i++, j--) {
        memcpy(t, data + i * size, (size_t)size);
        memcpy(data + i * size, data + j * size, (size_t)size);
        memcpy(data + j * size, t, (size_t)size);
    }
}

int32_t ssc_list_reverse(ssc_list *l) {
    ct_reverse_bytes(l->data, l->len, l->elem->size);
    return SSC_OK;
}

int32_t ssc_list_clear(ssc_list *l) {
    l->len = 0;
    l->cap = 0;
    l->data = NULL;
    return SSC_OK;
}

/* ---- sorting: CPython's run detection (3.13's from 3.13) and merge order
 * (timsort with the powersort merge policy of 3.11), so that the comparison that raises first,
 * and the list left behind when it raises, are CPython's as far as the runs
 * go; the merges are plain stable merges (no galloping), which give the same
 * result whenever the comparisons are consistent. ---------------------------- */

typedef struct {
    const ssc_type *t;
    int32_t kind;
    /* a < b for the kinds not compared inline: ssc_value_compare, or the
     * Any comparison for a dynamic list (ssc_list_sort_any), so that one
     * links no code of the other */
    int32_t (*less)(const ssc_type *t, const void *a, const void *b, uint8_t *out);
} ct_sorter;

static int32_t ct_value_less(const ssc_type *t, const void *a, const void *b, uint8_t *out) {
    return ssc_value_compare(t, a, b, 2, out);
}

static int32_t ct_any_less(const ssc_type *t, const void *a, const void *b, uint8_t *out) {
    (void)t;
    return ssc_any_compare(ct_ptr(a), ct_ptr(b), 2, out);
}

/* *lt = (a < b); SSC_RAISED on a TypeError. */
static inline int32_t ct_lt(const ct_sorter *s, const uint8_t *a, const uint8_t *b, int32_t *lt) {
    switch (s->kind) {
    case SSC_T_INT:
        *lt = ct_i64(a) < ct_i64(b);
        return SSC_OK;
    case SSC_T_FLOAT:
        *lt = ct_f64(a) < ct_f64(b);
        return SSC_OK;
    case SSC_T_STR:
    case SSC_T_BYTES:
        *lt = ct_bytes_cmp(ct_bytes(a), ct_bytes(b)) < 0;
        return SSC_OK;
    default: {
        uint8_t r;
        if (s->less(s->t, a, b, &r)) return SSC_RAISED;
        *lt = r;
        return SSC_OK;
    }
    }
}

typedef struct {
    int32_t base, len, power;
} ct_run;

static void ct_reverse_ptrs(const uint8_t **p, int32_t n) {
    for (int32_t i = 0, j = n - 1; i < j; i++, j--) {
        const uint8_t *t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}

#if SSC_PYTHON >= 313
/* 3.13's count_run (gh-116554): the length of the run at p[0:n] (n >= 1),
 * made ascending in place. An ascending run ends at the first descent,
 * unless all its items are equal: then it is the start of a descending run,
 * which may hold runs of equal items (kept in their order by reversing each
 * before the whole), and which may then go on as an ascending run. */
static int32_t ct_count_run(const ct_sorter *s, const uint8_t **p, int32_t n, int32_t *run) {
    int32_t k, lt, neq = 0;
    for (k = 1; k < n; k++) {
        if (ct_lt(s, p[k], p[k - 1], &lt)) return SSC_RAISED;
        if (lt) break;
    }
    if (k < n && k > 1) {
        if (ct_lt(s, p[0], p[k - 1], &lt)) return SSC_RAISED;
        if (lt) n = k; /* a plain ascending run */
        else ct_reverse_ptrs(p, k);
    }
    if (k < n) {
        for (k++; k < n; k++) {
            if (ct_lt(s, p[k], p[k - 1], &lt)) return SSC_RAISED;
            if (!lt) {
                if (ct_lt(s, p[k - 1], p[k], &lt)) return SSC_RAISED;
                if (lt) break; /* the descending run is over */
                neq++;         /* neither is less: equal */
            } else if (neq) {
                ct_reverse_ptrs(p + k - neq - 1, neq + 1);
                neq = 0;
            }
        }
        if (neq) ct_reverse_ptrs(p + k - neq - 1, neq + 1);
        ct_reverse_ptrs(p, k);
        for (; k < n; k++) {
            if (ct_lt(s, p[k], p[k - 1], &lt)) return SSC_RAISED;
            if (lt) break;
        }
    }
    *run = k;
    return SSC_OK;
}
#else
/* count_run: the length of the run at p[0:n] (n >= 1), reversed in place
 * when strictly descending. */
static int32_t ct_count_run(const ct_sorter *s, const uint8_t **p, int32_t n, int32_t *run) {
    int32_t lt, k = 1;
    if (n == 1) {
        *run = 1;
        return SSC_OK;
    }
    if (ct_lt(s, p[1], p[0], &lt)) return SSC_RAISED;
    k = 2;
    if (lt) {
        for (; k < n; k++) {
            if (ct_lt(s, p[k], p[k - 1], &lt)) return SSC_RAISED;
            if (!lt) break;
        }
        ct_reverse_ptrs(p, k);
    } else {
        for (; k < n; k++) {
            if (ct_lt(s, p[k], p[k - 1], &lt)) return SSC_RAISED;
            if (lt) break;
        }
    }
    *run = k;
    return SSC_OK;
}
#endif

/* binarysort: p[0:start] is sorted; insert p[start:n] one by one. */
static int32_t ct_binarysort(const ct_sorter *s, const uint8_t **p, int32_t n, int32_t start) {
    if (start == 0) start = 1;
    for (; start < n; start++) {
        const uint8_t *pivot = p[start];
        int32_t l = 0, r = start, lt;
        do {
            int32_t m = l + ((r - l) >> 1);
            if (ct_lt(s, pivot, p[m], &lt)) return SSC_RAISED;
            if (lt)
                r = m;
            else
                l = m + 1;
        } while (l < r);
        for (int32_t k = start; k > l; k--) p[k] = p[k - 1];
        p[l] = pivot;
    }
    return SSC_OK;
}

static int32_t ct_minrun(int32_t n) {
    int32_t r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

/* Powersort's power of the boundary between runs [s1, s1+n1) and
 * [s1+n1, s1+n1+n2) in a list of n: the first binary digit at which the
 * runs' midpoints, as fractions of n, differ. */
static int32_t ct_power(int64_t s1, int64_t n1, int64_t n2, int64_t n) {
    int64_t a = 2 * s1 + n1, b = a + n1 + n2, d = 2 * n;
    int32_t p = 0;
    for (;;) {
        p++;
        a *= 2;
        b *= 2;
        int ba = a >= d, bb = b >= d;
        if (ba != bb) return p;
        if (ba) {
            a -= d;
            b -= d;
        }
    }
}

/* Stable merge of the adjacent sorted runs p[0:na] and p[na:na+nb]. On an
 * error, p stays a permutation of what it was. */
static int32_t ct_merge(const ct_sorter *s, const uint8_t **p, int32_t na, int32_t nb, const uint8_t **tmp) {
    memcpy(tmp, p, (size_t)na * sizeof *tmp);
    int32_t ia = 0, ib = na, dest = 0, end = na + nb, lt;
    while (ia < na && ib < end) {
        if (ct_lt(s, p[ib], tmp[ia], &lt)) {
            memcpy(p + dest, tmp + ia, (size_t)(na - ia) * sizeof *tmp);
            return SSC_RAISED;
        }
        p[dest++] = lt ? p[ib++] : tmp[ia++];
    }
    if (ia < na) memcpy(p + dest, tmp + ia, (size_t)(na - ia) * sizeof *tmp);
    return SSC_OK;
}

static int32_t ct_merge_at(const ct_sorter *s, const uint8_t **p, ct_run *runs, int32_t *nruns, int32_t i,
                           const uint8_t **tmp) {
    ct_run *a = &runs[i], *b = &runs[i + 1];
    int32_t rc = ct_merge(s, p + a->base, a->len, b->len, tmp);
    a->len += b->len;
    if (i == *nruns - 3) runs[i + 1] = runs[i + 2];
    (*nruns)--;
    return rc;
}

/* Sorts the pointers p[0:n] by the values they point to (n >= 2). */
static int32_t ct_timsort(const ct_sorter *s, const uint8_t **p, int32_t n) {
    ct_run runs[90];
    int32_t nruns = 0, lo = 0, remaining = n, minrun = ct_minrun(n);
    const uint8_t **tmp = ssc_alloc((uint32_t)n * sizeof *tmp); /* the left run of a merge */
    while (remaining) {
        int32_t r;
        if (ct_count_run(s, p + lo, remaining, &r)) return SSC_RAISED;
        if (r < minrun) {
            int32_t force = remaining < minrun ? remaining : minrun;
            if (ct_binarysort(s, p + lo, force, r)) return SSC_RAISED;
            r = force;
        }
        if (nruns) {
            ct_run *top = &runs[nruns - 1];
            int32_t power = ct_power(top->base, top->len, r, n);
            while (nruns > 1 && runs[nruns - 2].power > power)
                if (ct_merge_at(s, p, runs, &nruns, nruns - 2, tmp)) return SSC_RAISED;
            runs[nruns - 1].power = power;
        }
        runs[nruns].base = lo;
        runs[nruns].len = r;
        runs[nruns].power = 0;
        nruns++;
        lo += r;
        remaining -= r;
    }
    while (nruns > 1) {
        int32_t k = nruns - 2;
        if (k > 0 && runs[k - 1].len < runs[k + 1].len) k--;
        if (ct_merge_at(s, p, runs, &nruns, k, tmp)) return SSC_RAISED;
    }
    return SSC_OK;
}

/* list.sort(reverse=...): as CPython, reverse, sort stably, reverse back,
 * so equal items keep their order either way. TypeError from a comparison
 * propagates, leaving the list as far as the sort got. */
static int32_t ct_list_sort(ssc_list *l, int32_t reverse,
                            int32_t (*less)(const ssc_type *, const void *, const void *, uint8_t *)) {
    int32_t n = l->len, size = l->elem->size;
    if (n < 2) return SSC_OK;
    if (reverse) ct_reverse_bytes(l->data, n, size);
    const uint8_t **p = ssc_alloc((uint32_t)n * sizeof *p);
    for (int32_t i = 0; i < n; i++) p[i] = l->data + i * size;
    ct_sorter s = {l->elem, l->elem->kind, less};
    int32_t rc = ct_timsort(&s, p, n);
    /* Apply the permutation (also after an error: CPython leaves the list
     * as far as the sort got). */
    uint8_t *data = ct_alloc_elems(l->elem, n);
    for (int32_t i = 0; i < n; i++) memcpy(data + i * size, p[i], (size_t)size);
    memcpy(l->data, data, (size_t)n * (size_t)size);
    if (reverse) ct_reverse_bytes(l->data, n, size);
    return rc;
}

int32_t ssc_list_sort(ssc_list *l, int32_t reverse) { return ct_list_sort(l, reverse, ct_value_less); }

/* list[Any].sort(): the items compared with ssc_any_compare only. */
int32_t ssc_list_sort_any(ssc_list *l, int32_t reverse) { return ct_list_sort(l, reverse, ct_any_less); }

/* list.sort(key=f, reverse=...) once the keys are made (keys[i] is f(l[i])):
 * as CPython, both reversed, the keys sorted stably (only keys compared),
 * the items moved as their keys were, and both reversed back. After a
 * TypeError the items are left as far as the sort got. */
int32_t ssc_list_sort_keyed(ssc_list *l, ssc_list *keys, int32_t reverse) {
    int32_t n = l->len, size = l->elem->size, key_size = keys->elem->size;
    if (n < 2) return SSC_OK;
    if (reverse) {
        ct_reverse_bytes(l->data, n, size);
        ct_reverse_bytes(keys->data, n, key_size);
    }
    const uint8_t **p = ssc_alloc((uint32_t)n * sizeof *p);
    for (int32_t i = 0; i < n; i++) p[i] = keys->data + i * key_size;
    ct_sorter s = {keys->elem, keys->elem->kind, ct_value_less};
    int32_t rc = ct_timsort(&s, p, n);
    uint8_t *data = ct_alloc_elems(l->elem, n);
    for (int32_t i = 0; i < n; i++) {
        int32_t from = (int32_t)((p[i] - keys->data) / key_size);
        memcpy(data + i * size, l->data + from * size, (size_t)size);
    }
    memcpy(l->data, data, (size_t)n * (size_t)size);
    if (reverse) ct_reverse_bytes(l->data, n, size);
    return rc;
}

int32_t ssc_list_sorted(ssc_list *l, int32_t reverse, ssc_list **out) {
    ssc_list *c = ssc_list_clone(l);
    *out = c;
    return ssc_list_sort(c, reverse);
}

/* ---- slices, concatenation, repetition ---------------------------------- */

int32_t ssc_list_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                       int32_t has_step, int64_t step, ssc_list **out) {
    int64_t count;
    if (ssc_slice(l->len, has_start, start, has_stop, stop, has_step, step, &start, &step, &count))
        return SSC_RAISED;
    ssc_list *r = ssc_list_new(l->elem, (int32_t)count);
    int32_t size = l->elem->size;
    if (step == 1) {
        if (count) memcpy(r->data, ct_at(l, start), (size_t)count * (size_t)size);
    } else {
        for (int64_t i = 0; i < count; i++) memcpy(r->data + i * size, ct_at(l, start + i * step), (size_t)size);
    }
    r->len = (int32_t)count;
    *out = r;
    return SSC_OK;
}

/* list_ass_subscript with a list value. */
int32_t ssc_list_set_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                           int32_t has_step, int64_t step, const ssc_list *value) {
    int64_t count;
    if (ssc_slice(l->len, has_start, start, has_stop, stop, has_step, step, &start, &step, &count))
        return SSC_RAISED;
    int32_t size = l->elem->size;
    if (value == l) value = ssc_list_clone(l);
    if (step == 1) {
        int64_t lo = start, hi = start + count; /* stop < start gives count 0 at start */
        int64_t n = value->len, d = n - (hi - lo);
        if (d > 0) ct_list_reserve(l, d);
        memmove(ct_at(l, hi + d), ct_at(l, hi), (size_t)((l->len - hi) * size));
        if (n) memcpy(ct_at(l, lo), value->data, (size_t)n * (size_t)size);
        l->len += (int32_t)d;
        return SSC_OK;
    }
    if (value->len != count) {
        ssc_buf b;
        ssc_buf_init(&b, 80);
        ssc_buf_cstr(&b, "attempt to assign sequence of size ");
        ssc_buf_i64(&b, value->len);
        ssc_buf_cstr(&b, " to extended slice of size ");
        ssc_buf_i64(&b, count);
        ssc_raise_buf(SSC_EXC_ValueError, &b);
        return SSC_RAISED;
    }
    for (int64_t i = 0; i < count; i++) memcpy(ct_at(l, start + i * step), value->data + i * size, (size_t)size);
    return SSC_OK;
}

int32_t ssc_list_del_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                           int32_t has_step, int64_t step) {
    int64_t count;
    if (ssc_slice(l->len, has_start, start, has_stop, stop, has_step, step, &start, &step, &count))
        return SSC_RAISED;
    if (!count) return SSC_OK;
    if (step < 0) { /* the same items, walked forwards */
        start = start + (count - 1) * step;
        step = -step;
    }
    if (step == 1) {
        ct_list_cut(l, start, start + count);
        return SSC_OK;
    }
    int32_t size = l->elem->size, w = (int32_t)start;
    for (int64_t r = start; r < l->len; r++) {
        if (r - start < count * step && (r - start) % step == 0) continue;
        memmove(ct_at(l, w), ct_at(l, r), (size_t)size);
        w++;
    }
    l->len = w;
    return SSC_OK;
}

int32_t ssc_list_concat(ssc_list *a, ssc_list *b, ssc_list **out) {
    int32_t size = a->elem->size;
    ssc_list *r = ssc_list_new(a->elem, 0);
    ct_list_reserve(r, (int64_t)a->len + b->len);
    if (a->len) memcpy(r->data, a->data, (size_t)a->len * (size_t)size);
    if (b->len) memcpy(r->data + a->len * size, b->data, (size_t)b->len * (size_t)size);
    r->len = a->len + b->len;
    *out = r;
    return SSC_OK;
}

static void ct_list_fill_repeat(ssc_list *r, const ssc_list *a, int64_t n) {
    int32_t size = a->elem->size;
    int64_t chunk = (int64_t)a->len * size;
    uint8_t *src = a->data;
    for (int64_t k = 0; k < n; k++) memcpy(r->data + k * chunk, src, (size_t)chunk);
}

int32_t ssc_list_repeat(ssc_list *a, int64_t n, ssc_list **out) {
    if (n < 0) n = 0;
    ssc_list *r = ssc_list_new(a->elem, 0);
    if (n && a->len) {
        if (n > 0x7fffffff / a->len) ssc_out_of_memory();
        ct_list_reserve(r, n * a->len);
        ct_list_fill_repeat(r, a, n);
        r->len = (int32_t)(n * a->len);
    }
    *out = r;
    return SSC_OK;
}

int32_t ssc_list_irepeat(ssc_list *a, int64_t n) {
    if (n <= 0 || !a->len) return ssc_list_clear(a);
    if (n == 1) return SSC_OK;
    if (n > 0x7fffffff / a->len) ssc_out_of_memory();
    ssc_list *src = ssc_list_clone(a);
    ct_list_reserve(a, (n - 1) * a->len);
    ct_list_fill_repeat(a, src, n);
    a->len = (int32_t)(n * src->len);
    return SSC_OK;
}

/* xs += ys and xs *= n: the list itself, extended (ys may be xs) or repeated in place. */
int32_t ssc_list_iadd(ssc_list *a, ssc_list *b, ssc_list **out) {
    *out = a;
    return ssc_list_extend(a, b);
}
int32_t ssc_list_imul(ssc_list *a, int64_t n, ssc_list **out) {
    *out = a;
    return ssc_list_irepeat(a, n);
}

int32_t ssc_list_contains(ssc_list *l, const void *x, uint8_t *out) {
    *out = 0;
    for (int32_t i = 0; i < l->len; i++) {
        if (ssc_value_eq(l->elem, ct_at(l, i), x)) {
            *out = 1;
            break;
        }
    }
    return SSC_OK;
}

static int32_t ct_list_eq(const ssc_list *a, const ssc_list *b) {
    if (a->len != b->len) return 0;
    for (int32_t i = 0; i < a->len; i++)
        if (!ssc_value_eq(a->elem, ct_at(a, i), ct_at(b, i))) return 0;
    return 1;
}

int32_t ssc_list_eq(ssc_list *a, const ssc_list *b, uint8_t *out) {
    *out = (uint8_t)ct_list_eq(a, b);
    return SSC_OK;
}

/* a <op> b, op as ssc_value_compare (0 == ... 5 >=). */
int32_t ssc_list_compare(ssc_list *a, const ssc_list *b, int32_t op, uint8_t *out) {
    ssc_type t = {SSC_T_LIST, 4, 1, &a->elem, {NULL}};
    return ssc_value_compare(&t, &a, &b, op, out);
}

/* a < b, a <= b, a > b, a >= b (the semantics table's entries). */
int32_t ssc_list_lt(ssc_list *a, const ssc_list *b, uint8_t *out) { return ssc_list_compare(a, b, 2, out); }
int32_t ssc_list_le(ssc_list *a, const ssc_list *b, uint8_t *out) { return ssc_list_compare(a, b, 3, out); }
int32_t ssc_list_gt(ssc_list *a, const ssc_list *b, uint8_t *out) { return ssc_list_compare(a, b, 4, out); }
int32_t ssc_list_ge(ssc_list *a, const ssc_list *b, uint8_t *out) { return ssc_list_compare(a, b, 5, out); }

/* min_max of bltinmodule.c: the first extreme item wins; item <op> best. */
static int32_t ct_min_max(ssc_list *l, void *out, int32_t op, const char *empty) {
    if (!l->len) {
        ssc_raise_cstr(SSC_EXC_ValueError, empty);
        return SSC_RAISED;
    }
    const uint8_t *best = ct_at(l, 0);
    for (int32_t i = 1; i < l->len; i++) {
        uint8_t r;
        if (ssc_value_compare(l->elem, ct_at(l, i), best, op, &r)) return SSC_RAISED;
        if (r) best = ct_at(l, i);
    }
    memcpy(out, best, (size_t)l->elem->size);
    return SSC_OK;
}

#if SSC_PYTHON >= 312
#define CT_EMPTY_MIN_MAX "() iterable argument is empty"
#else
#define CT_EMPTY_MIN_MAX "() arg is an empty sequence"
#endif
int32_t ssc_list_min(ssc_list *l, void *out) { return ct_min_max(l, out, 2, "min" CT_EMPTY_MIN_MAX); }
int32_t ssc_list_max(ssc_list *l, void *out) { return ct_min_max(l, out, 4, "max" CT_EMPTY_MIN_MAX); }

/* sum(l, start) for list[int]: exact, OverflowError only when the total
 * leaves int64 (as CPython's result would not fit). */
int32_t ssc_list_sum_int(ssc_list *l, int64_t start, int64_t *out) {
    int64_t acc = start, carry = 0;
    for (int32_t i = 0; i < l->len; i++) {
        int64_t x = ct_i64(ct_at(l, i)), r;
        if (__builtin_add_overflow(acc, x, &r)) carry += x > 0 ? 1 : -1;
        acc = r;
    }
    if (carry) return ssc_raise_int_overflow();
    *out = acc;
    return SSC_OK;
}

/* sum(l, start) for list[float]: plain left-to-right addition up to 3.11;
 * from 3.12 on Neumaier's compensated summation, whose compensation is added
 * at the end when it is non-zero and finite (bltinmodule.c's builtin_sum_impl;
 * lowered code does the same inline: lower/builtin_calls.py). */
int32_t ssc_list_sum_float(ssc_list *l, double start, double *out) {
    double acc = start;
#if SSC_PYTHON >= 312
    double comp = 0.0;
    for (int32_t i = 0; i < l->len; i++) {
        double x = ct_f64(ct_at(l, i)), t = acc + x;
        comp += __builtin_fabs(acc) >= __builtin_fabs(x) ? (acc - t) + x : (x - t) + acc;
        acc = t;
    }
    if (comp != 0.0 && comp - comp == 0.0) acc += comp;
#else
    for (int32_t i = 0; i < l->len; i++) acc += ct_f64(ct_at(l, i));
#endif
    *out = acc;
    return SSC_OK;
}

/* ==== dict ================================================================== */

#define CT_USABLE(size) (((size) << 1) / 3)

static int32_t ct_log2_for(int64_t minsize) {
    int32_t log2 = CT_MIN_LOG2;
    while (((int64_t)1 << log2) < minsize) log2++;
    return log2;
}

/* estimate_log2_keysize: a table that holds n entries without growing. */
static int32_t ct_estimate_log2(int64_t n) { return ct_log2_for((n * 3 + 1) / 2); }

static void ct_dict_init(ssc_dict *d, const ssc_type *key, const ssc_type *value) {
    memset(d, 0, sizeof *d);
    d->key = key;
    d->value = value;
    int32_t ka = ssc_type_align(key), va = ssc_type_align(value);
    d->koff = ct_align_up(5, ka);
    d->voff = ct_align_up(d->koff + key->size, va);
    int32_t a = ka > va ? ka : va;
    if (a < 4) a = 4;
    d->esize = ct_align_up(d->voff + value->size, a);
}

/* dictresize: a table of 1 << log2 slots holding the live entries, compacted. */
static void ct_dict_resize(ssc_dict *d, int32_t log2) {
    int32_t size = 1 << log2, usable = CT_USABLE(size);
    int32_t *indices = ssc_alloc((uint32_t)size * 4);
    memset(indices, 0xff, (size_t)size * 4);
    uint8_t *entries = ssc_alloc((uint32_t)usable * (uint32_t)d->esize);
    uint32_t mask = (uint32_t)size - 1;
    int32_t n = 0;
    for (int32_t ix = 0; ix < d->nentries; ix++) {
        const uint8_t *e = ct_entry(d, ix);
        if (!ct_entry_live(e)) continue;
        memcpy(entries + n * d->esize, e, (size_t)d->esize);
        uint32_t h = ct_entry_hash(e), perturb = h, i = h & mask;
        while (indices[i] != CT_EMPTY) {
            perturb >>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
        indices[i] = n++;
    }
    d->indices = indices;
    d->entries = entries;
    d->log2_size = log2;
    d->nentries = n;
    d->usable = usable - n;
}

/* Equality of two keys of a dict keyed by Any (hashable boxes: None, bool,
 * int, float, str): PyObject_RichCompareBool, so identity first (the same
 * nan box is one key); numbers by value across bool, int and float (1, 1.0
 * and True are one key, as their hashes are); str by bytes; None. What
 * ssc_value_eq(&ssc_type_any) gives for such keys, without reaching the
 * code of other types. (A list or dict is not hashable and never a key:
 * the callers check first; it would be equal only to itself.) */
static int ct_any_key_eq_rest(const ssc_any *a, const ssc_any *b) {
    int32_t ta = a->tag, tb = b->tag;
    if (ta == tb) {
        switch (ta) {
        case SSC_ANY_NONE: return 1;
        case SSC_ANY_BOOL:
        case SSC_ANY_INT: return a->u.i == b->u.i;
        case SSC_ANY_FLOAT: return a->u.f == b->u.f;
        default: return a->u.list == b->u.list; /* list, dict (str: ct_any_key_eq) */
        }
    }
    if (ta == SSC_ANY_NONE || tb == SSC_ANY_NONE || ta >= SSC_ANY_STR || tb >= SSC_ANY_STR) return 0;
    if (ta != SSC_ANY_FLOAT && tb != SSC_ANY_FLOAT) return a->u.i == b->u.i; /* bool and int */
    /* an int (or bool) and a float: equal when the float is that integer */
    double f = ta == SSC_ANY_FLOAT ? a->u.f : b->u.f;
    int64_t i = ta == SSC_ANY_FLOAT ? b->u.i : a->u.i;
    return f >= -9223372036854775808.0 && f < 9223372036854775808.0 && (double)(int64_t)f == f && (int64_t)f == i;
}

SSC_INTERNAL int ct_any_key_eq(const ssc_any *a, const ssc_any *b) {
    if (a == b) return 1;
    if (a->tag == SSC_ANY_STR && b->tag == SSC_ANY_STR)
        return a->u.s.len == b->u.s.len && (a->u.s.len == 0 || memcmp(a->u.s.ptr, b->u.s.ptr, (size_t)a->u.s.len) == 0);
    return ct_any_key_eq_rest(a, b);
}

/* The key kinds the probe is instantiated for: a typed dict, whose key
 * descriptor decides at run time (int and str compared inline, the other
 * types through ssc_value_eq); a dict keyed by Any (the dynamic dicts of
 * dynamic.c and json.c: ct_any_key_eq, no generic code); a dict keyed by
 * Any searched for a str box (only str keys can equal it: no number
 * comparison either); and a dict keyed by Any whose keys are compared with
 * ssc_any_eq (dynamic.c's dict ==, which has that code at hand already: so
 * that a typed module, which reaches dict == through ssc_value_eq's case
 * for Any, links no second key equality). */
enum { CT_KEYS_TYPED, CT_KEYS_ANY, CT_KEYS_ANY_STR, CT_KEYS_ANY_ITEM, CT_KEYS_TEXT };

/* lookdict: the entry index of key (hash given), or -1; *slot is its index
 * slot, or the first free (empty or deleted) slot of its probe sequence.
 * key points to the key's layout, for the Any kinds its ssc_any * (a str
 * box for CT_KEYS_ANY_STR). */
SSC_INTERNAL int32_t ct_dict_probe(ssc_dict *d, const void *key, uint32_t hash, int32_t *slot, int keys) {
    if (!d->log2_size) {
        *slot = -1;
        return -1;
    }
    uint32_t mask = ((uint32_t)1 << d->log2_size) - 1, perturb = hash, i = hash & mask;
    int32_t free_slot = -1;
    /* CT_KEYS_TEXT: a typed dict whose keys are str or bytes, known to the lowering */
    int32_t kind = keys == CT_KEYS_TEXT ? SSC_T_STR : keys != CT_KEYS_TYPED ? SSC_T_ANY : d->key->kind;
    const ssc_any *akey = keys != CT_KEYS_TYPED && keys != CT_KEYS_TEXT ? ct_ptr(key) : NULL;
    for (;;) {
        int32_t ix = d->indices[i];
        if (ix == CT_EMPTY) {
            *slot = free_slot >= 0 ? free_slot : (int32_t)i;
            return -1;
        }
        if (ix == CT_DUMMY) {
            if (free_slot < 0) free_slot = (int32_t)i;
        } else {
            const uint8_t *e = ct_entry(d, ix);
            if (ct_entry_hash(e) == hash) {
                const uint8_t *k = e + d->koff;
                int eq;
                if (keys == CT_KEYS_ANY) eq = ct_any_key_eq(ct_ptr(k), akey);
                else if (keys == CT_KEYS_ANY_STR) {
                    const ssc_any *x = ct_ptr(k);
                    eq = x == akey || (x->tag == SSC_ANY_STR && x->u.s.len == akey->u.s.len &&
                                       (x->u.s.len == 0 || memcmp(x->u.s.ptr, akey->u.s.ptr, (size_t)x->u.s.len) == 0));
                } else if (keys == CT_KEYS_ANY_ITEM) {
                    eq = ssc_any_eq(ct_ptr(k), akey);
                } else if (kind == SSC_T_INT) eq = ct_i64(k) == ct_i64(key);
                else if (kind == SSC_T_STR || kind == SSC_T_BYTES) {
                    ssc_bytes x = ct_bytes(k), y = ct_bytes(key);
                    eq = x.len == y.len && (x.len == 0 || memcmp(x.ptr, y.ptr, (size_t)x.len) == 0);
                } else eq = ssc_value_eq(d->key, k, key);
                if (eq) {
                    *slot = (int32_t)i;
                    return ix;
                }
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static int32_t ct_dict_find(ssc_dict *d, const void *key, uint32_t hash, int32_t *slot) {
    return ct_dict_probe(d, key, hash, slot, CT_KEYS_TYPED);
}

/* ct_dict_find for a dict keyed by Any (key: a hashable box; its hash is
 * ssc_any_hash(key) or the hash stored with it). */
static int32_t ct_any_dict_find(ssc_dict *d, const ssc_any *key, uint32_t hash, int32_t *slot) {
    return ct_dict_probe(d, &key, hash, slot, CT_KEYS_ANY);
}

/* ct_any_dict_find with the keys compared by ssc_any_eq. */
static int32_t ct_any_dict_find_item(ssc_dict *d, const ssc_any *key, uint32_t hash, int32_t *slot) {
    return ct_dict_probe(d, &key, hash, slot, CT_KEYS_ANY_ITEM);
}

/* ct_any_dict_find for a str box key (its hash: ssc_any_hash's for a str). */
static int32_t ct_any_dict_find_str(ssc_dict *d, const ssc_any *key, int32_t *slot) {
    return ct_dict_probe(d, &key, ct_hash_bytes(key->u.s), slot, CT_KEYS_ANY_STR);
}

/* find_empty_slot: the first free (empty or deleted) index slot of hash's
 * probe sequence, for a key known to be absent (no key is compared). The
 * table exists and has an empty slot. */
static int32_t ct_dict_free_slot(const ssc_dict *d, uint32_t hash) {
    uint32_t mask = ((uint32_t)1 << d->log2_size) - 1, perturb = hash, i = hash & mask;
    while (d->indices[i] >= 0) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    return (int32_t)i;
}

/* The index slot that holds entry ix (live, with hash stored), found along
 * the entry's probe sequence without comparing keys. */
static int32_t ct_dict_slot_of(const ssc_dict *d, int32_t ix) {
    uint32_t hash = ct_entry_hash(ct_entry(d, ix));
    uint32_t mask = ((uint32_t)1 << d->log2_size) - 1, perturb = hash, i = hash & mask;
    while (d->indices[i] != ix) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    return (int32_t)i;
}

static inline uint32_t ct_key_hash(const ssc_dict *d, const void *key) {
    switch (d->key->kind) {
    case SSC_T_INT: return ct_hash_i64(ct_i64(key));
    case SSC_T_STR:
    case SSC_T_BYTES: return ct_hash_bytes(ct_bytes(key));
    default: return ssc_value_hash(d->key, key);
    }
}

/* Appends a new entry for a key known to be absent. */
static uint8_t *ct_dict_insert_new(ssc_dict *d, const void *key, uint32_t hash, const void *value) {
    if (d->usable <= 0) ct_dict_resize(d, ct_log2_for((int64_t)d->len * 3));
    int32_t slot = ct_dict_free_slot(d, hash);
    int32_t ix = d->nentries++;
    uint8_t *e = ct_entry(d, ix);
    memcpy(e, &hash, 4);
    e[4] = 1;
    memcpy(e + d->koff, key, (size_t)d->key->size);
    if (d->value->size) memcpy(e + d->voff, value, (size_t)d->value->size);
    d->indices[slot] = ix;
    d->usable--;
    d->len++;
    return e;
}

ssc_dict *ssc_dict_new(const ssc_type *key, const ssc_type *value, int32_t expected) {
    ssc_dict *d = ssc_alloc(sizeof(ssc_dict));
    ct_dict_init(d, key, value);
    if (expected > CT_USABLE(1 << CT_MIN_LOG2)) ct_dict_resize(d, ct_estimate_log2(expected));
    return d;
}

/* dict[Any, Any], the dynamic dict: ct_dict_init's layout for two 4-byte
 * keys and values (koff 8, voff 12, esize 16), without the descriptor walk. */
static void ct_dict_init_any(ssc_dict *d) {
    memset(d, 0, sizeof *d);
    d->key = &ssc_type_any;
    d->value = &ssc_type_any;
    d->koff = 8;
    d->voff = 12;
    d->esize = 16;
}

ssc_dict *ssc_dict_new_any(int32_t expected) {
    ssc_dict *d = ssc_alloc(sizeof(ssc_dict));
    ct_dict_init_any(d);
    if (expected > CT_USABLE(1 << CT_MIN_LOG2)) ct_dict_resize(d, ct_estimate_log2(expected));
    return d;
}

const ssc_type *ssc_dict_key_type(const ssc_dict *d) { return d->key; }
const ssc_type *ssc_dict_value_type(const ssc_dict *d) { return d->value; }

void *ssc_dict_lookup(ssc_dict *d, const void *key) {
    int32_t slot, ix = ct_dict_find(d, key, ct_key_hash(d, key), &slot);
    return ix < 0 ? NULL : ct_entry(d, ix) + d->voff;
}

/* KeyError(key): str(e) is repr(key). */
static int32_t ct_key_error(const ssc_type *t, const void *key) {
    ssc_buf b;
    ssc_buf_init(&b, 32);
    ssc_buf_value_repr(&b, t, key);
    ssc_raise_buf(SSC_EXC_KeyError, &b);
    return SSC_RAISED;
}

int32_t ssc_dict_getitem(ssc_dict *d, const void *key, void *out) {
    const void *v = ssc_dict_lookup(d, key);
    if (!v) return ct_key_error(d->key, key);
    memcpy(out, v, (size_t)d->value->size);
    return SSC_OK;
}

int32_t ssc_dict_setitem(ssc_dict *d, const void *key, const void *value) {
    uint32_t h = ct_key_hash(d, key);
    int32_t slot, ix = ct_dict_find(d, key, h, &slot);
    if (ix >= 0)
        memmove(ct_entry(d, ix) + d->voff, value, (size_t)d->value->size);
    else
        ct_dict_insert_new(d, key, h, value);
    return SSC_OK;
}

/* d[key] and d[key] = value for a dict[str, V] or dict[bytes, V]: what the
 * lowering calls for them, reaching no code for other key types. */
void *ssc_dict_lookup_text(ssc_dict *d, const void *key) {
    int32_t slot, ix = ct_dict_probe(d, key, ct_hash_bytes(ct_bytes(key)), &slot, CT_KEYS_TEXT);
    return ix < 0 ? NULL : ct_entry(d, ix) + d->voff;
}

int32_t ssc_dict_setitem_text(ssc_dict *d, const void *key, const void *value) {
    uint32_t h = ct_hash_bytes(ct_bytes(key));
    int32_t slot, ix = ct_dict_probe(d, key, h, &slot, CT_KEYS_TEXT);
    if (ix >= 0)
        memmove(ct_entry(d, ix) + d->voff, value, (size_t)d->value->size);
    else
        ct_dict_insert_new(d, key, h, value);
    return SSC_OK;
}

static void ct_dict_remove_at(ssc_dict *d, int32_t slot, int32_t ix) {
    d->indices[slot] = CT_DUMMY;
    ct_entry(d, ix)[4] = 0;
    d->len--;
}

int32_t ssc_dict_delitem(ssc_dict *d, const void *key) {
    int32_t slot, ix = ct_dict_find(d, key, ct_key_hash(d, key), &slot);
    if (ix < 0) return ct_key_error(d->key, key);
    ct_dict_remove_at(d, slot, ix);
    return SSC_OK;
}

int32_t ssc_dict_contains(ssc_dict *d, const void *key, uint8_t *out) {
    *out = ssc_dict_lookup(d, key) != NULL;
    return SSC_OK;
}

/* d.get(key) -> V | None. When V is itself optional the result is V's
 * layout (absent: present byte 0); otherwise {u8 present; pad; V}. */
int32_t ssc_dict_get(ssc_dict *d, const void *key, void *out) {
    const void *v = ssc_dict_lookup(d, key);
    if (d->value->kind == SSC_T_OPTIONAL) {
        if (v)
            memcpy(out, v, (size_t)d->value->size);
        else
            *(uint8_t *)out = 0;
        return SSC_OK;
    }
    *(uint8_t *)out = v != NULL;
    if (v && d->value->size)
        memcpy((uint8_t *)out + ct_align_up(1, ssc_type_align(d->value)), v, (size_t)d->value->size);
    return SSC_OK;
}

int32_t ssc_dict_get_default(ssc_dict *d, const void *key, const void *dflt, void *out) {
    const void *v = ssc_dict_lookup(d, key);
    memmove(out, v ? v : dflt, (size_t)d->value->size);
    return SSC_OK;
}

int32_t ssc_dict_pop(ssc_dict *d, const void *key, void *out) {
    int32_t slot, ix = ct_dict_find(d, key, ct_key_hash(d, key), &slot);
    if (ix < 0) return ct_key_error(d->key, key);
    memcpy(out, ct_entry(d, ix) + d->voff, (size_t)d->value->size);
    ct_dict_remove_at(d, slot, ix);
    return SSC_OK;
}

int32_t ssc_dict_pop_default(ssc_dict *d, const void *key, const void *dflt, void *out) {
    int32_t slot, ix = ct_dict_find(d, key, ct_key_hash(d, key), &slot);
    if (ix < 0) {
        memmove(out, dflt, (size_t)d->value->size);
        return SSC_OK;
    }
    memcpy(out, ct_entry(d, ix) + d->voff, (size_t)d->value->size);
    ct_dict_remove_at(d, slot, ix);
    return SSC_OK;
}

/* The tuple[K, V] descriptor of items(). */
static const ssc_type *ct_items_type(ssc_dict *d) {
    if (d->items_type) return d->items_type;
    ssc_type *t = ssc_alloc(sizeof(ssc_type));
    const ssc_type **items = ssc_alloc(2 * sizeof *items);
    int32_t *offsets = ssc_alloc(2 * sizeof *offsets);
    int32_t ka = ssc_type_align(d->key), va = ssc_type_align(d->value);
    items[0] = d->key;
    items[1] = d->value;
    offsets[0] = 0;
    offsets[1] = ct_align_up(d->key->size, va);
    t->kind = SSC_T_TUPLE;
    t->count = 2;
    t->size = ct_align_up(offsets[1] + d->value->size, ka > va ? ka : va);
    t->items = items;
    t->offsets = offsets;
    d->items_type = t;
    return t;
}

/* d.popitem() -> tuple[K, V] (the last entry); KeyError when empty. */
int32_t ssc_dict_popitem(ssc_dict *d, void *out) {
    if (!d->len) {
        ssc_raise_cstr(SSC_EXC_KeyError, "'popitem(): dictionary is empty'");
        return SSC_RAISED;
    }
    const ssc_type *t = ct_items_type(d);
    int32_t ix = d->nentries - 1;
    while (!ct_entry_live(ct_entry(d, ix))) ix--;
    uint8_t *e = ct_entry(d, ix);
    memcpy(out, e + d->koff, (size_t)d->key->size);
    memcpy((uint8_t *)out + t->offsets[1], e + d->voff, (size_t)d->value->size);
    ct_dict_remove_at(d, ct_dict_slot_of(d, ix), ix);
    /* As CPython: the entry slot is reused, but not counted as usable again
     * (its index slot stays a dummy). */
    d->nentries = ix;
    return SSC_OK;
}

int32_t ssc_dict_setdefault(ssc_dict *d, const void *key, const void *dflt, void *out) {
    uint32_t h = ct_key_hash(d, key);
    int32_t slot, ix = ct_dict_find(d, key, h, &slot);
    const uint8_t *v = ix >= 0 ? ct_entry(d, ix) + d->voff : ct_dict_insert_new(d, key, h, dflt) + d->voff;
    memmove(out, v, (size_t)d->value->size);
    return SSC_OK;
}

/* dict_merge(d, other, override=1), for d's key kind (both dicts have the
 * same key and value types). */
SSC_INTERNAL void ct_dict_merge(ssc_dict *d, ssc_dict *other, int keys) {
    if (other == d || !other->len) return;
    int32_t size = d->log2_size ? 1 << d->log2_size : 1;
    if (CT_USABLE(size) < other->len) ct_dict_resize(d, ct_estimate_log2((int64_t)d->len + other->len));
    int32_t n = other->nentries;
    for (int32_t ix = 0; ix < n; ix++) {
        const uint8_t *e = ct_entry(other, ix);
        if (!ct_entry_live(e)) continue;
        uint32_t h = ct_entry_hash(e);
        int32_t slot, found = ct_dict_probe(d, e + other->koff, h, &slot, keys);
        if (found >= 0)
            memcpy(ct_entry(d, found) + d->voff, e + other->voff, (size_t)d->value->size);
        else
            ct_dict_insert_new(d, e + other->koff, h, e + other->voff);
    }
}

int32_t ssc_dict_update(ssc_dict *d, ssc_dict *other) {
    ct_dict_merge(d, other, CT_KEYS_TYPED);
    return SSC_OK;
}

/* The layout (key and value types, entry offsets) stays. */
int32_t ssc_dict_clear(ssc_dict *d) {
    d->len = d->nentries = d->usable = d->log2_size = 0;
    d->indices = NULL;
    d->entries = NULL;
    return SSC_OK;
}

/* PyDict_Copy: a clone of the table when at most a third of its entries
 * are deleted, else a compacted copy (the keys are distinct: no key is
 * compared). */
/* d | other: a copy of d updated by other; d |= other: d itself updated. */
int32_t ssc_dict_or(ssc_dict *d, ssc_dict *other, ssc_dict **out) {
    ssc_dict_copy(d, out);
    return ssc_dict_update(*out, other);
}
int32_t ssc_dict_ior(ssc_dict *d, ssc_dict *other, ssc_dict **out) {
    *out = d;
    return ssc_dict_update(d, other);
}

int32_t ssc_dict_copy(ssc_dict *d, ssc_dict **out) {
    ssc_dict *c = ssc_alloc(sizeof(ssc_dict));
    memset(c, 0, sizeof *c);
    c->key = d->key;
    c->value = d->value;
    c->esize = d->esize;
    c->koff = d->koff;
    c->voff = d->voff;
    c->items_type = d->items_type;
    if (d->len >= (d->nentries * 2) / 3) {
        if (d->log2_size) {
            int32_t size = 1 << d->log2_size;
            c->log2_size = d->log2_size;
            c->indices = ssc_alloc((uint32_t)size * 4);
            memcpy(c->indices, d->indices, (size_t)size * 4);
            c->entries = ssc_alloc((uint32_t)CT_USABLE(size) * (uint32_t)d->esize);
            memcpy(c->entries, d->entries, (size_t)d->nentries * (size_t)d->esize);
            c->nentries = d->nentries;
            c->usable = d->usable;
            c->len = d->len;
        }
    } else if (d->len) {
        ct_dict_resize(c, ct_estimate_log2(d->len));
        for (int32_t ix = 0; ix < d->nentries; ix++) {
            const uint8_t *e = ct_entry(d, ix);
            if (ct_entry_live(e)) ct_dict_insert_new(c, e + d->koff, ct_entry_hash(e), e + d->voff);
        }
    }
    *out = c;
    return SSC_OK;
}

/* The keys (what 0), values (1) or items (2; t is tuple[K, V]) as a new
 * list[t], in order. */
static ssc_list *ct_dict_list(ssc_dict *d, int32_t what, const ssc_type *t) {
    ssc_list *l = ssc_list_new(t, d->len);
    int32_t size = t->size;
    for (int32_t ix = 0; ix < d->nentries; ix++) {
        const uint8_t *e = ct_entry(d, ix);
        if (!ct_entry_live(e)) continue;
        uint8_t *o = l->data + l->len * size;
        if (what == 0) {
            memcpy(o, e + d->koff, (size_t)size);
        } else if (what == 1) {
            memcpy(o, e + d->voff, (size_t)size);
        } else {
            memset(o, 0, (size_t)size);
            memcpy(o, e + d->koff, (size_t)d->key->size);
            memcpy(o + t->offsets[1], e + d->voff, (size_t)d->value->size);
        }
        l->len++;
    }
    return l;
}

int32_t ssc_dict_keys(ssc_dict *d, ssc_list **out) { *out = ct_dict_list(d, 0, d->key); return SSC_OK; }
int32_t ssc_dict_values(ssc_dict *d, ssc_list **out) { *out = ct_dict_list(d, 1, d->value); return SSC_OK; }
int32_t ssc_dict_items(ssc_dict *d, ssc_list **out) { *out = ct_dict_list(d, 2, ct_items_type(d)); return SSC_OK; }

/* dict_equal / set_richcompare: same length, every key of a in b with an
 * equal value (sets: value size 0). */
static int32_t ct_dict_eq(ssc_dict *a, ssc_dict *b) {
    if (a->len != b->len) return 0;
    for (int32_t ix = 0; ix < a->nentries; ix++) {
        const uint8_t *e = ct_entry(a, ix);
        if (!ct_entry_live(e)) continue;
        int32_t slot, j = ct_dict_find(b, e + a->koff, ct_entry_hash(e), &slot);
        if (j < 0) return 0;
        if (a->value->size && !ssc_value_eq(a->value, e + a->voff, ct_entry(b, j) + b->voff)) return 0;
    }
    return 1;
}

int32_t ssc_dict_eq(ssc_dict *a, ssc_dict *b, uint8_t *out) {
    *out = (uint8_t)ct_dict_eq(a, b);
    return SSC_OK;
}

/* a <= b for sets. */
static int32_t ct_set_le(ssc_dict *a, ssc_dict *b) {
    if (a->len > b->len) return 0;
    for (int32_t ix = 0; ix < a->nentries; ix++) {
        const uint8_t *e = ct_entry(a, ix);
        if (!ct_entry_live(e)) continue;
        int32_t slot;
        if (ct_dict_find(b, e + a->koff, ct_entry_hash(e), &slot) < 0) return 0;
    }
    return 1;
}

static void ct_dict_repr(ssc_buf *b, ssc_dict *d, int32_t is_set) {
    if (!d->len) {
        ssc_buf_cstr(b, is_set ? "set()" : "{}");
        return;
    }
    ssc_buf_byte(b, '{');
    int32_t first = 1;
    for (int32_t ix = 0; ix < d->nentries; ix++) {
        const uint8_t *e = ct_entry(d, ix);
        if (!ct_entry_live(e)) continue;
        if (!first) ssc_buf_cstr(b, ", ");
        first = 0;
        ssc_buf_value_repr(b, d->key, e + d->koff);
        if (!is_set) {
            ssc_buf_cstr(b, ": ");
            ssc_buf_value_repr(b, d->value, e + d->voff);
        }
    }
    ssc_buf_byte(b, '}');
}

/* One step of `for k in d` / `for k, v in d.items()` / `for v in d.values()`:
 * copies the next entry's key and value (either out may be NULL) and sets
 * *more = 1, or sets *more = 0 at the end. RuntimeError when the length
 * differs from it->expect_len (checked on every step, the last included). */
static int32_t ct_iter_next(ssc_dict *d, ssc_dict_iter *it, void *key_out, void *value_out, uint8_t *more,
                            const char *changed) {
    if (d->len != it->expect_len) {
        it->expect_len = -1; /* sticky, as CPython */
        ssc_raise_cstr(SSC_EXC_RuntimeError, changed);
        return SSC_RAISED;
    }
    int32_t i = it->pos;
    while (i < d->nentries && !ct_entry_live(ct_entry(d, i))) i++;
    if (i >= d->nentries) {
        it->pos = i;
        *more = 0;
        return SSC_OK;
    }
    const uint8_t *e = ct_entry(d, i);
    if (key_out) memcpy(key_out, e + d->koff, (size_t)d->key->size);
    if (value_out && d->value->size) memcpy(value_out, e + d->voff, (size_t)d->value->size);
    it->pos = i + 1;
    *more = 1;
    return SSC_OK;
}

int32_t ssc_dict_iter_next(ssc_dict *d, ssc_dict_iter *it, void *key_out, void *value_out, uint8_t *more) {
    return ct_iter_next(d, it, key_out, value_out, more, "dictionary changed size during iteration");
}

/* ==== set =================================================================== */

ssc_set *ssc_set_new(const ssc_type *elem, int32_t expected) {
    return ssc_dict_new(elem, &ct_type_void, expected);
}

int32_t ssc_set_add(ssc_set *s, const void *x) {
    uint32_t h = ct_key_hash(s, x);
    int32_t slot;
    if (ct_dict_find(s, x, h, &slot) < 0) ct_dict_insert_new(s, x, h, NULL);
    return SSC_OK;
}

int32_t ssc_set_discard(ssc_set *s, const void *x) {
    int32_t slot, ix = ct_dict_find(s, x, ct_key_hash(s, x), &slot);
    if (ix >= 0) ct_dict_remove_at(s, slot, ix);
    return SSC_OK;
}

int32_t ssc_set_remove(ssc_set *s, const void *x) {
    return ssc_dict_delitem(s, x);
}

int32_t ssc_set_contains(ssc_set *s, const void *x, uint8_t *out) {
    return ssc_dict_contains(s, x, out);
}

/* s.pop(): removes and returns the first element in iteration order. */
int32_t ssc_set_pop(ssc_set *s, void *out) {
    if (!s->len) {
        ssc_raise_cstr(SSC_EXC_KeyError, "'pop from an empty set'");
        return SSC_RAISED;
    }
    int32_t ix = 0;
    while (!ct_entry_live(ct_entry(s, ix))) ix++;
    const uint8_t *e = ct_entry(s, ix);
    memcpy(out, e + s->koff, (size_t)s->key->size);
    ct_dict_remove_at(s, ct_dict_slot_of(s, ix), ix);
    return SSC_OK;
}

int32_t ssc_set_clear(ssc_set *s) { return ssc_dict_clear(s); }
int32_t ssc_set_copy(ssc_set *s, ssc_set **out) { return ssc_dict_copy(s, out); }
int32_t ssc_set_update(ssc_set *s, ssc_set *other) { return ssc_dict_update(s, other); }

int32_t ssc_set_union(ssc_set *a, ssc_set *b, ssc_set **out) {
    ssc_set_copy(a, out);
    return ssc_dict_update(*out, b);
}

/* Adds to r the elements of a that are (want = 1) or are not (want = 0) in b. */
static void ct_set_filter(ssc_set *r, ssc_set *a, ssc_set *b, int32_t want) {
    for (int32_t ix = 0; ix < a->nentries; ix++) {
        const uint8_t *e = ct_entry(a, ix);
        if (!ct_entry_live(e)) continue;
        uint32_t h = ct_entry_hash(e);
        int32_t slot;
        if ((ct_dict_find(b, e + a->koff, h, &slot) >= 0) == want && ct_dict_find(r, e + a->koff, h, &slot) < 0)
            ct_dict_insert_new(r, e + a->koff, h, NULL);
    }
}

/* set_intersection: walks the smaller set (b on a tie) and keeps its elements. */
int32_t ssc_set_intersection(ssc_set *a, ssc_set *b, ssc_set **out) {
    ssc_set *r = ssc_set_new(a->key, 0);
    if (b->len > a->len) {
        ssc_set *t = a;
        a = b;
        b = t;
    }
    ct_set_filter(r, b, a, 1);
    *out = r;
    return SSC_OK;
}

int32_t ssc_set_difference(ssc_set *a, ssc_set *b, ssc_set **out) {
    ssc_set *r = ssc_set_new(a->key, 0);
    ct_set_filter(r, a, b, 0);
    *out = r;
    return SSC_OK;
}

int32_t ssc_set_symmetric_difference(ssc_set *a, ssc_set *b, ssc_set **out) {
    ssc_set *r = ssc_set_new(a->key, 0);
    ct_set_filter(r, a, b, 0);
    ct_set_filter(r, b, a, 0);
    *out = r;
    return SSC_OK;
}

/* a's elements replaced by those of r (a new set computed from a). */
static void ct_set_replace(ssc_set *a, ssc_set *r) {
    ssc_dict_clear(a);
    ssc_dict_update(a, r);
}

int32_t ssc_set_intersection_update(ssc_set *a, ssc_set *b) {
    ssc_set *r;
    ssc_set_intersection(a, b, &r);
    ct_set_replace(a, r);
    return SSC_OK;
}

int32_t ssc_set_difference_update(ssc_set *a, ssc_set *b) {
    ssc_set *r;
    ssc_set_difference(a, b, &r);
    ct_set_replace(a, r);
    return SSC_OK;
}

int32_t ssc_set_symmetric_difference_update(ssc_set *a, ssc_set *b) {
    ssc_set *r;
    ssc_set_symmetric_difference(a, b, &r);
    ct_set_replace(a, r);
    return SSC_OK;
}

/* a |= b, a &= b, a -= b, a ^= b: a changed in place, and a itself the result. */
int32_t ssc_set_ior(ssc_set *a, ssc_set *b, ssc_set **out) {
    *out = a;
    return ssc_dict_update(a, b);
}
int32_t ssc_set_iand(ssc_set *a, ssc_set *b, ssc_set **out) {
    *out = a;
    return ssc_set_intersection_update(a, b);
}
int32_t ssc_set_isub(ssc_set *a, ssc_set *b, ssc_set **out) {
    *out = a;
    return ssc_set_difference_update(a, b);
}
int32_t ssc_set_ixor(ssc_set *a, ssc_set *b, ssc_set **out) {
    *out = a;
    return ssc_set_symmetric_difference_update(a, b);
}

int32_t ssc_set_issubset(ssc_set *a, ssc_set *b, uint8_t *out) { *out = (uint8_t)ct_set_le(a, b); return SSC_OK; }
int32_t ssc_set_issuperset(ssc_set *a, ssc_set *b, uint8_t *out) { *out = (uint8_t)ct_set_le(b, a); return SSC_OK; }

int32_t ssc_set_isdisjoint(ssc_set *a, ssc_set *b, uint8_t *out) {
    if (a->len > b->len) {
        ssc_set *t = a;
        a = b;
        b = t;
    }
    *out = 1;
    for (int32_t ix = 0; ix < a->nentries; ix++) {
        const uint8_t *e = ct_entry(a, ix);
        int32_t slot;
        if (ct_entry_live(e) && ct_dict_find(b, e + a->koff, ct_entry_hash(e), &slot) >= 0) {
            *out = 0;
            break;
        }
    }
    return SSC_OK;
}

int32_t ssc_set_eq(ssc_set *a, ssc_set *b, uint8_t *out) { return ssc_dict_eq(a, b, out); }

int32_t ssc_set_compare(ssc_set *a, ssc_set *b, int32_t op, uint8_t *out) {
    ssc_type t = {SSC_T_SET, 4, 1, &a->key, {NULL}};
    return ssc_value_compare(&t, &a, &b, op, out);
}

/* Subset ordering: a < b is a proper subset. */
int32_t ssc_set_lt(ssc_set *a, ssc_set *b, uint8_t *out) { return ssc_set_compare(a, b, 2, out); }
int32_t ssc_set_le(ssc_set *a, ssc_set *b, uint8_t *out) { return ssc_set_compare(a, b, 3, out); }
int32_t ssc_set_gt(ssc_set *a, ssc_set *b, uint8_t *out) { return ssc_set_compare(a, b, 4, out); }
int32_t ssc_set_ge(ssc_set *a, ssc_set *b, uint8_t *out) { return ssc_set_compare(a, b, 5, out); }

int32_t ssc_set_iter_next(ssc_set *s, ssc_dict_iter *it, void *elem_out, uint8_t *more) {
    return ct_iter_next(s, it, elem_out, NULL, more, "Set changed size during iteration");
}

/* The elements as a new list[T], in iteration order (list(s), sorted(s)). */
ssc_list *ssc_set_to_list(ssc_set *s) { return ct_dict_list(s, 0, s->key); }

/* ==== module state: moving live values out of batch memory ================ */
/* Module state (globals declared with `global`, docs/language.md) outlives a
 * batch, but every value is made in batch memory. ssc_state_evacuate copies
 * the values reachable from the state variables that lie in the from-space
 * [lo, hi) to fresh memory from ssc_alloc, as a copying collector does:
 * a list or dict copied once is marked forwarded (len -1 and the new address
 * in a pointer field), an object by the new address in its first word, which
 * is null until then, so values shared between variables stay shared and
 * cycles end. str and bytes are copied at each reference (they are
 * immutable, and a str may be a view into a larger buffer), and so are the
 * boxes of Any values. Values outside
 * the from-space (literals in the data segment) are kept as they are. The
 * old objects are destroyed: the caller discards the from-space. */

typedef struct {
    uintptr_t lo, hi;
} ct_space;

static int ct_in_space(const ct_space *sp, const void *p) {
    uintptr_t a = (uintptr_t)p;
    return p && a >= sp->lo && a < sp->hi;
}

static void ct_evacuate(const ssc_type *t, uint8_t *dst, const uint8_t *src, const ct_space *sp);

static ssc_list *ct_evacuate_list(ssc_list *old, const ct_space *sp) {
    if (old->len < 0) return (ssc_list *)(void *)old->data;       /* forwarded */
    int32_t len = old->len;
    uint8_t *data = old->data;
    const ssc_type *elem = old->elem;
    ssc_list *copy = ssc_list_new(elem, len);
    old->len = -1;
    old->data = (uint8_t *)(void *)copy;
    for (int32_t i = 0; i < len; i++) ct_evacuate(elem, copy->data + i * elem->size, data + i * elem->size, sp);
    copy->len = len;
    return copy;
}

static ssc_dict *ct_evacuate_dict(ssc_dict *old, const ct_space *sp) {
    if (old->len < 0) return (ssc_dict *)(void *)old->indices;   /* forwarded */
    int32_t count = old->nentries, esize = old->esize, koff = old->koff, voff = old->voff;
    uint8_t *entries = old->entries;
    const ssc_type *key_t = old->key, *value_t = old->value;
    ssc_dict *copy = ssc_dict_new(key_t, value_t, old->len);
    old->len = -1;
    old->indices = (int32_t *)(void *)copy;
    uint8_t small[2][64];
    uint8_t *kbuf = key_t->size <= 64 ? small[0] : ssc_alloc((uint32_t)key_t->size);
    uint8_t *vbuf = value_t->size <= 64 ? small[1] : ssc_alloc((uint32_t)value_t->size);
    for (int32_t i = 0; i < count; i++) {
        const uint8_t *e = entries + i * esize;
        if (!ct_entry_live(e)) continue;
        ct_evacuate(key_t, kbuf, e + koff, sp);
        if (value_t->size) ct_evacuate(value_t, vbuf, e + voff, sp);
        ssc_dict_setitem(copy, kbuf, vbuf);
    }
    return copy;
}

/* A pattern made at run time (re_compile.c): its one block, copied, its pointers moved with it. */
static const ssc_re_pattern *ct_evacuate_pattern(const ssc_re_pattern *old) {
    uint8_t *block = ssc_alloc((uint32_t)old->size);
    memcpy(block, old, (size_t)old->size);
    ssc_re_pattern *p = (ssc_re_pattern *)(void *)block;
    intptr_t delta = (intptr_t)block - (intptr_t)old;
    p->code = (const uint32_t *)(const void *)((const uint8_t *)old->code + delta);
    p->pattern.ptr += delta;
    if (p->names) {
        ssc_re_name *names = (ssc_re_name *)(void *)((uint8_t *)(uintptr_t)old->names + delta);
        for (int32_t i = 0; i < p->names_count; i++)
            names[i].name.ptr += delta;
        p->names = names;
    }
    return p;
}

/* A match: copied with its marks; its subject (usually the record's value,
 * in batch memory) and a pattern made at run time are moved as values are.
 * Copied at each reference, as a str is (a match is immutable). */
static const ssc_re_match *ct_evacuate_match(const ssc_re_match *old, const ct_space *sp) {
    size_t size = sizeof(ssc_re_match) + (size_t)old->re->groups * 8;
    ssc_re_match *m = ssc_alloc((uint32_t)size);
    memcpy(m, old, size);
    ct_evacuate(&ssc_type_str, (uint8_t *)&m->string, (const uint8_t *)&old->string, sp);
    if (ct_in_space(sp, m->re) && m->re->size > 0) m->re = ct_evacuate_pattern(m->re);
    return m;
}

/* An Any's box (immutable): copied, with the str, list or dict it holds (a list or dict
 * forwarded as above, so that boxes of one list stay boxes of one list), each moved by
 * ct_evacuate as a value of its kind. */
static const ssc_type ct_box_list = {SSC_T_LIST, 4, 0, NULL, {0}}, ct_box_dict = {SSC_T_DICT, 4, 0, NULL, {0}};

static ssc_any *ct_evacuate_any(const ssc_any *old, const ct_space *sp) {
    ssc_any *copy = ssc_alloc((uint32_t)sizeof *copy);
    *copy = *old;
    const ssc_type *t = old->tag == SSC_ANY_STR ? &ssc_type_str : old->tag == SSC_ANY_LIST ? &ct_box_list
                        : old->tag == SSC_ANY_DICT ? &ct_box_dict : NULL;
    if (t) ct_evacuate(t, (uint8_t *)&copy->u, (const uint8_t *)&old->u, sp);
    return copy;
}

static void ct_evacuate(const ssc_type *t, uint8_t *dst, const uint8_t *src, const ct_space *sp) {
    switch (t->kind) {
    case SSC_T_STR:
    case SSC_T_BYTES: {
        ssc_bytes b;
        memcpy(&b, src, sizeof b);
        if (b.len > 0 && ct_in_space(sp, b.ptr)) {
            uint8_t *p = ssc_alloc((uint32_t)b.len);
            memcpy(p, b.ptr, (size_t)b.len);
            b.ptr = p;
        }
        memcpy(dst, &b, sizeof b);
        return;
    }
    case SSC_T_OPTIONAL:
        dst[0] = src[0];
        if (src[0]) ct_evacuate(t->items[0], dst + t->offsets[0], src + t->offsets[0], sp);
        return;
    case SSC_T_TUPLE:
        for (int32_t i = 0; i < t->count; i++) ct_evacuate(t->items[i], dst + t->offsets[i], src + t->offsets[i], sp);
        return;
    case SSC_T_LIST:
    case SSC_T_DICT:
    case SSC_T_SET:
    case SSC_T_OBJECT: { /* an object by its descriptor's ssc_object_move: linked only with objects */
        void *p;
        memcpy(&p, src, sizeof p);
        if (ct_in_space(sp, p))
            p = t->kind == SSC_T_LIST ? (void *)ct_evacuate_list(p, sp)
                : t->kind == SSC_T_OBJECT ? t->move(t->items[0], p, sp) : (void *)ct_evacuate_dict(p, sp);
        memcpy(dst, &p, sizeof p);
        return;
    }
    case SSC_T_ANY: {
        const ssc_any *p;
        memcpy(&p, src, sizeof p);
        if (ct_in_space(sp, p)) p = ct_evacuate_any(p, sp);
        memcpy(dst, &p, sizeof p);
        return;
    }
    case SSC_T_PATTERN: {
        const ssc_re_pattern *p;
        memcpy(&p, src, sizeof p);
        if (ct_in_space(sp, p) && p->size > 0) p = ct_evacuate_pattern(p);
        memcpy(dst, &p, sizeof p);
        return;
    }
    case SSC_T_MATCH: {
        const ssc_re_match *m;
        memcpy(&m, src, sizeof m);
        if (ct_in_space(sp, m)) m = ct_evacuate_match(m, sp);
        memcpy(dst, &m, sizeof m);
        return;
    }
    default:
        memcpy(dst, src, (size_t)t->size);
    }
}

/* An object of a plain class, whose memory `heap` describes as a tuple {forwarded,
 * attributes...}: moved once, its old memory forwarding to the new. */
void *ssc_object_move(const ssc_type *heap, void *old, const void *space) {
    void *forwarded = ct_ptr(old);
    if (forwarded) return forwarded;
    uint8_t *copy = ssc_alloc((uint32_t)heap->size);
    memcpy(old, &copy, sizeof copy);
    ct_evacuate(heap, copy, old, space);
    memset(copy, 0, sizeof(void *));   /* the copy is not forwarded */
    return copy;
}

void ssc_state_evacuate(const ssc_state_var *vars, int32_t count, uintptr_t lo, uintptr_t hi) {
    ct_space sp = {lo, hi};
    uint8_t small[64];
    for (int32_t i = 0; i < count; i++) {
        const ssc_type *t = vars[i].type;
        uint8_t *tmp = t->size <= 64 ? small : ssc_alloc((uint32_t)t->size);
        ct_evacuate(t, tmp, vars[i].slot, &sp);
        memcpy(vars[i].slot, tmp, (size_t)t->size);
    }
}

/* ---- tuples of any length ------------------------------------------------ */

/* A tuple[T, ...] is laid out as a list, and its descriptor is a list's (kind SSC_T_LIST) whose
 * `vartuple_ops` points here: its hash and its text, a tuple's, which only a program with such
 * tuples links. */
static uint32_t ct_vartuple_hash(const ssc_list *l) {
    uint32_t h = 0x345678U + (uint32_t)l->len;
    for (int32_t i = 0; i < l->len; i++) h = ct_mix32(h * 1000003U ^ ssc_value_hash(l->elem, ct_at(l, i)));
    return h;
}

static void ct_vartuple_repr(ssc_buf *b, const ssc_list *l) {
    ssc_buf_byte(b, '(');
    for (int32_t i = 0; i < l->len; i++) {
        if (i) ssc_buf_cstr(b, ", ");
        ssc_buf_value_repr(b, l->elem, ct_at(l, i));
    }
    if (l->len == 1) ssc_buf_byte(b, ',');
    ssc_buf_byte(b, ')');
}

const struct ssc_vartuple_ops ssc_vartuple_ops = {ct_vartuple_hash, ct_vartuple_repr};

