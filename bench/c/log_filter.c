/* bench/programs/log_filter.py (SmartModule ABI, `filter`): keep the lines
 * whose second space-separated part (value.decode().split(" ", 2)[1]) is a
 * level of WARN or above: WARN, ERROR or FATAL. See ref.h. */
#include "ref.h"

static int is_warn_or_above(const u8 *s, int32_t n) {
    if (n == 4) return s[0] == 'W' && s[1] == 'A' && s[2] == 'R' && s[3] == 'N';
    if (n != 5) return 0;
    return (s[0] == 'E' && s[1] == 'R' && s[2] == 'R' && s[3] == 'O' && s[4] == 'R') ||
           (s[0] == 'F' && s[1] == 'A' && s[2] == 'T' && s[3] == 'A' && s[4] == 'L');
}

EXPORT(filter) int32_t filter(int32_t ptr, int32_t len, int32_t version) {
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
        if (!utf8_valid(v, n)) return out_error(&out, &in, &rec, MODULE_FILTER, HINT_UTF8);
        int32_t start = 0;
        while (start < n && v[start] != ' ') start++;
        if (start == n) return out_error(&out, &in, &rec, MODULE_FILTER, HINT_INDEX);
        int32_t end = ++start;
        while (end < n && v[end] != ' ') end++;
        if (is_warn_or_above(v + start, end - start)) out_keep(&out, &rec);
    }
    return out_done(&out);
}
