/* examples/aggregate_concat.py (legacy ABI, `aggregate`): the accumulator
 * is the concatenation of the values so far, each decoded as UTF-8; every
 * record's output value is the running accumulator. See ref.h.
 *
 * Python decodes the accumulator at every record. It is the initial one
 * followed by values that already decoded, and a concatenation of valid
 * UTF-8 is valid UTF-8, so checking the initial accumulator once (at the
 * first record, where Python would first raise) is the same check. The
 * running accumulator is never copied aside: it is the previous output
 * record's value. */
#include "ref.h"

EXPORT(aggregate) int32_t aggregate(int32_t ptr, int32_t len) {
    batch in;
    int32_t status = decode_input(ptr, len, 1, ERR_DECODING_RECORDS, &in);
    if (status) return status;
    output out;
    out_start(&out, (uint32_t)(in.records.end - in.records.p));
    const u8 *acc = in.accumulator;
    uint32_t acc_len = (uint32_t)in.accumulator_len;
    record rec;
    for (int32_t i = 0; i < in.count; i++) {
        if (read_record(&in.records, &rec)) return in.status;
        if ((i == 0 && !utf8_valid(acc, (int32_t)acc_len)) || !utf8_valid(rec.value, rec.value_len))
            return out_error(&out, &in, &rec, LEGACY_AGGREGATE, HINT_UTF8);
        uint32_t vlen = acc_len + (uint32_t)rec.value_len;
        u8 *p = out_record_begin(&out, &rec, vlen);
        memcpy(p, acc, acc_len);
        memcpy(p + acc_len, rec.value, (uint32_t)rec.value_len);
        out_record_end(&out, &rec, p + vlen);
        acc = p;
        acc_len = vlen;
    }
    return out_done(&out);   /* L0: no accumulator in the output */
}
