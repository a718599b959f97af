/* examples/filter.py (legacy ABI, `filter`): keep the records whose value,
 * decoded as UTF-8, contains "a". See ref.h. */
#include "ref.h"

EXPORT(filter) int32_t filter(int32_t ptr, int32_t len) {
    batch in;
    int32_t status = decode_input(ptr, len, 0, ERR_DECODING_RECORDS, &in);
    if (status) return status;
    output out;
    out_start(&out, (uint32_t)(in.records.end - in.records.p));
    record rec;
    for (int32_t i = 0; i < in.count; i++) {
        if (read_record(&in.records, &rec)) return in.status;
        const u8 *v = rec.value;
        int32_t n = rec.value_len;
        if (!utf8_valid(v, n)) return out_error(&out, &in, &rec, LEGACY_FILTER, HINT_UTF8);
        for (int32_t j = 0; j < n; j++) {
            if (v[j] == 'a') {
                out_keep(&out, &rec);
                break;
            }
        }
    }
    return out_done(&out);
}
