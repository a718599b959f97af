/* Test entry points for compiler/guest/text.c, linked with stub_core.c (see
 * stub_core.h).
 *
 * The host writes a batch of cases into h_in(): for each, a little-endian
 * u32 length and the bytes. h_run(op, count, max_chars) runs one text
 * function per case, each as its own "entry call" (stub_reset), and writes
 * to h_out() for each case: i32 rc, i32 exception code, i64 int result,
 * u32 text length and the text (the exception message when rc != 0, the
 * repr for the repr ops). It returns the number of bytes written.
 *
 * Each case's bytes are copied to a fresh allocation followed by filler that
 * would change the outcome if the code read past the end: continuation
 * bytes for the UTF-8 and repr ops, digits for int(). */
#include "stub_core.h"

enum { OP_UTF8_CHECK, OP_INT_FROM_STR, OP_INT_FROM_BYTES, OP_STR_REPR, OP_BYTES_REPR };

#define FILLER 8

__attribute__((export_name("h_run")))
int32_t h_run(int32_t op, int32_t count, int32_t max_chars) {
    const uint8_t *in = io_in;
    uint8_t *o = io_out;
    for (int32_t k = 0; k < count; k++) {
        uint32_t len;
        memcpy(&len, in, 4);
        in += 4;
        stub_reset();
        uint8_t *data = ssc_alloc(len + FILLER);
        memcpy(data, in, len);
        memset(data + len, op == OP_INT_FROM_STR || op == OP_INT_FROM_BYTES ? '7' : 0x80, FILLER);
        in += len;

        int32_t rc = 0;
        int64_t value = 0;
        ssc_buf text = {0, 0, 0};
        switch (op) {
        case OP_UTF8_CHECK:
            rc = ssc_utf8_check(data, (int32_t)len);
            break;
        case OP_INT_FROM_STR:
            rc = ssc_int_from_str(data, (int32_t)len, &value);
            break;
        case OP_INT_FROM_BYTES:
            rc = ssc_int_from_bytes(data, (int32_t)len, &value);
            break;
        case OP_STR_REPR:
            ssc_buf_init(&text, 8);
            ssc_buf_str_repr(&text, data, (int32_t)len, max_chars);
            break;
        case OP_BYTES_REPR:
            ssc_buf_init(&text, 8);
            ssc_buf_bytes_repr(&text, data, (int32_t)len, max_chars);
            break;
        default:
            __builtin_trap();
        }
        o = stub_put_result(o, rc, &value, &text);
    }
    return (int32_t)(o - io_out);
}
