/* datetime.c: the datetime module's values and the time module's gmtime and strftime. */
#ifndef SSC_DATETIME_H
#define SSC_DATETIME_H

#include "ssc_rt.h"

/* The memory layouts of check/stdlib_datetime.py's record types (int64 fields, as tuples). */
typedef struct { int64_t days, seconds, us; } sdt_delta;              /* timedelta */
typedef struct { int64_t offset; } sdt_timezone;                       /* timezone: UTC offset, in us */
typedef struct { uint8_t present; int64_t offset; } sdt_tz;            /* timezone | None */
typedef struct { int64_t year, month, day; } sdt_date;                 /* date */
typedef struct { int64_t hour, minute, second, us; sdt_tz tz; } sdt_time;   /* time */
typedef struct { int64_t year, month, day, hour, minute, second, us; sdt_tz tz; } sdt_datetime;

#endif
