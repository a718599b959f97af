/* bench/programs/format_amount.py (SmartModule ABI, `map`):
 * "NAME cents=N" becomes f"{NAME}: ${N // 100:,}.{N % 100:02d}", N read by
 * int() (str.partition: the first " cents=", N is "" without one). See ref.h. */
#include "ref.h"

static const u8 marker[7] = {' ', 'c', 'e', 'n', 't', 's', '='};

EXPORT(map) int32_t map(int32_t ptr, int32_t len, int32_t version) {
    (void)version;   /* raw_bytes sits at the same place at every version */
    batch in;
    int32_t status = decode_input(ptr, len, 0, ERR_DECODING_BASE_INPUT, &in);
    if (status) return status;
    output out;
    out_start(&out, (uint32_t)(in.records.end - in.records.p));
    record rec;
    for (int32_t i = 0; i < in.count; i++) {
        if (read_record(&in.records, &rec)) return in.status;
        const u8 *v = rec.value;
        int32_t n = rec.value_len;
        if (!utf8_valid(v, n)) return out_error(&out, &in, &rec, MODULE_MAP, HINT_UTF8);
        int32_t name_len = n, field = n;
        for (int32_t j = 0; j + 7 <= n; j++) {
            if (v[j] == ' ' && same(v + j + 1, marker + 1, 6)) {
                name_len = j;
                field = j + 7;
                break;
            }
        }
        int64_t cents;
        int parsed = int_parse(v + field, n - field, &cents);
        if (parsed == INT_INVALID) return out_error(&out, &in, &rec, MODULE_MAP, HINT_INT_INVALID);
        if (parsed == INT_OVERFLOW) return out_error(&out, &in, &rec, MODULE_MAP, HINT_INT_OVERFLOW);
        int64_t dollars = cents / 100, rest = cents % 100;   /* Python's floor division */
        if (rest < 0) {
            dollars -= 1;
            rest += 100;
        }
        /* {dollars:,}: the digits grouped by three with ',' */
        u8 buf[32], *end = buf + sizeof buf;
        uint64_t mag = dollars < 0 ? (uint64_t)0 - (uint64_t)dollars : (uint64_t)dollars;
        u8 *num = end;
        for (int32_t k = 0;; k++) {
            if (k && k % 3 == 0) *--num = ',';
            *--num = (u8)('0' + mag % 10u);
            mag /= 10u;
            if (!mag) break;
        }
        if (dollars < 0) *--num = '-';
        uint32_t num_len = (uint32_t)(end - num);
        uint32_t vlen = (uint32_t)name_len + 3 + num_len + 3;
        u8 *p = out_record_begin(&out, &rec, vlen);
        memcpy(p, v, (uint32_t)name_len);
        p += name_len;
        *p++ = ':';
        *p++ = ' ';
        *p++ = '$';
        memcpy(p, num, num_len);
        p += num_len;
        *p++ = '.';
        *p++ = (u8)('0' + rest / 10);
        *p++ = (u8)('0' + rest % 10);
        out_record_end(&out, &rec, p);
    }
    return out_done(&out);
}
