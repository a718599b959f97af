/* examples/map_double.py (legacy ABI, `map`): the value as an int, doubled:
 * str(int(value.decode()) * 2). See ref.h. */
#include "ref.h"

EXPORT(map) int32_t map(int32_t ptr, int32_t len) {
    batch in;
    int32_t status = decode_input(ptr, len, 0, ERR_DECODING_RECORDS, &in);
    if (status) return status;
    output out;
    out_start(&out, (uint32_t)(in.records.end - in.records.p));
    record rec;
    for (int32_t i = 0; i < in.count; i++) {
        if (read_record(&in.records, &rec)) return in.status;
        if (!utf8_valid(rec.value, rec.value_len)) return out_error(&out, &in, &rec, LEGACY_MAP, HINT_UTF8);
        int64_t n;
        int parsed = int_parse(rec.value, rec.value_len, &n);
        if (parsed == INT_INVALID) return out_error(&out, &in, &rec, LEGACY_MAP, HINT_INT_INVALID);
        if (parsed == INT_OVERFLOW || n > INT64_MAX / 2 || n < INT64_MIN / 2)
            return out_error(&out, &in, &rec, LEGACY_MAP, HINT_INT_OVERFLOW);
        n *= 2;
        u8 buf[20], *end = buf + sizeof buf;
        u8 *digits = udigits(n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n, end);
        if (n < 0) *--digits = '-';
        uint32_t vlen = (uint32_t)(end - digits);
        u8 *p = out_record_begin(&out, &rec, vlen);
        memcpy(p, digits, vlen);
        out_record_end(&out, &rec, p + vlen);
    }
    return out_done(&out);
}
