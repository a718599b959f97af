/* bench/programs/csv_pick.py (SmartModule ABI, `filter_map`): split the
 * value on ','; keep the records whose field 3 is "eu-west", as
 * fields[0] + "," + fields[5]. Only the commas up to field 5 are looked
 * for: the other fields are not needed. See ref.h. */
#include "ref.h"

EXPORT(filter_map) int32_t filter_map(int32_t ptr, int32_t len, int32_t version) {
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
        if (!utf8_valid(v, n)) return out_error(&out, &in, &rec, MODULE_FILTER_MAP, HINT_UTF8);
        int32_t comma[6];   /* the first six commas; field k is (comma[k-1], comma[k]) */
        int32_t commas = 0;
        for (int32_t j = 0; j < n && commas < 6; j++)
            if (v[j] == ',') comma[commas++] = j;
        if (commas < 3) return out_error(&out, &in, &rec, MODULE_FILTER_MAP, HINT_INDEX);
        int32_t f3 = comma[2] + 1, f3_end = commas > 3 ? comma[3] : n;
        static const u8 region[7] = {'e', 'u', '-', 'w', 'e', 's', 't'};
        if (f3_end - f3 != 7 || !same(v + f3, region, 7)) continue;
        if (commas < 5) return out_error(&out, &in, &rec, MODULE_FILTER_MAP, HINT_INDEX);
        uint32_t f0_len = (uint32_t)comma[0];
        int32_t f5 = comma[4] + 1, f5_end = commas > 5 ? comma[5] : n;
        uint32_t f5_len = (uint32_t)(f5_end - f5);
        uint32_t vlen = f0_len + 1 + f5_len;
        u8 *p = out_record_begin(&out, &rec, vlen);
        memcpy(p, v, f0_len);
        p[f0_len] = ',';
        memcpy(p + f0_len + 1, v + f5, f5_len);
        out_record_end(&out, &rec, p + vlen);
    }
    return out_done(&out);
}
