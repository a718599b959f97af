/* bench/programs/redact_digits.py (SmartModule ABI, `map`): every ASCII
 * digit of the decoded value becomes '#'. One pass writes the output value
 * while checking the UTF-8 (a digit and '#' are both one byte, so the
 * length is the input's); an invalid value abandons the record it began. */
#include "ref.h"

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
        u8 *p = out_record_begin(&out, &rec, (uint32_t)n);
        for (int32_t j = 0; j < n;) {
            u8 c = v[j];
            if (c < 0x80) {
                p[j++] = (u8)(c - '0') < 10u ? '#' : c;
                continue;
            }
            int32_t k = utf8_seq(v + j, n - j);
            if (!k) return out_error(&out, &in, &rec, MODULE_MAP, HINT_UTF8);
            for (int32_t e = j + k; j < e; j++) p[j] = v[j];
        }
        out_record_end(&out, &rec, p + n);
    }
    return out_done(&out);
}
