/* The interface of the test stand-in core (stub_core.c) to the test entry
 * points (*_harness.c): the pending exception, the record layout, and the
 * io area the host writes cases into and reads results from.
 *
 * The io area: h_in() (IO_SIZE bytes) and h_out() (2 * IO_SIZE bytes) are
 * exported, with h_io_size(); each harness defines the byte layout of its
 * cases and results (see tests/guest/harness.py for the host side). */
#ifndef STUB_CORE_H
#define STUB_CORE_H

#include "ssc_rt.h"
/* The stand-in implements core.c's interface; the harnesses call the others'. */
#include "core.h"
#include "text.h"
#include "number.h"
#include "strings.h"
#include "containers.h"
#include "dynamic.h"
#include "json.h"

#define IO_SIZE (8 << 20)

extern uint8_t io_in[IO_SIZE];
extern uint8_t io_out[2 * IO_SIZE];

/* Starts a new "entry call": forgets every allocation and the pending exception. */
void stub_reset(void);

/* The pending exception: its code (0: none) and message. */
extern int32_t stub_exc_code;
extern int32_t stub_exc_len;
extern uint8_t stub_exc_msg[];

/* Writes one case's result at `o` and returns its end: i32 rc, i32 exception
 * code, the 8 bytes at `value8` (an int64 or a double), u32 text length and
 * the text, which is the exception message when rc != 0 (text_harness.c and
 * number_harness.c; harness.py's GuestModule.outcomes reads them). */
uint8_t *stub_put_result(uint8_t *o, int32_t rc, const void *value8, const ssc_buf *text);

/* A record as the stand-in keeps it (core.c's own layout is private to it). */
struct ssc_record {
    int32_t has_key;
    ssc_bytes key;
    ssc_bytes value;
    int64_t offset;
    int64_t timestamp;
};

#endif
