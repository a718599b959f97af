/* datetime.c: the datetime module's types (timedelta, timezone, date, time,
 * datetime) and the time module's gmtime and strftime, with CPython's
 * results and messages. No clock and no local time zone: a value comes
 * from a timestamp the program has (record.timestamp), from text, or from
 * its fields.
 *
 * The values are records of ints laid out as tuples (check/stdlib_datetime.py
 * makes them ClassTypes), so that the runtime's generic equality, hashing and
 * state moving serve them; this file owns what needs the calendar. A
 * timezone is its UTC offset in microseconds; a datetime or time holds
 * `timezone | None`. Days are counted as CPython's proleptic Gregorian
 * ordinals (0001-01-01 is day 1). */
#include "datetime.h"
#include "core.h"
#include "text.h"
#include "number.h"

#define SDT_US_PER_SECOND 1000000LL
#define SDT_US_PER_DAY 86400000000LL
#define SDT_MAX_DAYS 999999999LL
#define SDT_MAX_ORDINAL 3652059LL   /* 9999-12-31 */
#define SDT_EPOCH_ORDINAL 719163LL  /* 1970-01-01 */

static const uint8_t sdt_days_in_month[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
static const char *const sdt_day_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                            "Saturday", "Sunday"};
static const char *const sdt_month_names[13] = {"", "January", "February", "March", "April", "May", "June",
                                                "July", "August", "September", "October", "November",
                                                "December"};

static int32_t sdt_raise(int32_t code, const char *msg) {
    ssc_raise_cstr(code, msg);
    return SSC_RAISED;
}

static int64_t sdt_floordiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* a * b into *out; nonzero when it leaves int64 (LLVM's own check would need __multi3 on wasm32). */
static int sdt_mul_overflow(int64_t a, int64_t b, int64_t *out) {
    uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    if ((ua >> 32) && (ub >> 32))
        return 1;
    uint64_t cross = (ua >> 32) * (ub & 0xffffffffu) + (ua & 0xffffffffu) * (ub >> 32);
    if (cross >> 32)
        return 1;
    uint64_t low = (ua & 0xffffffffu) * (ub & 0xffffffffu), magnitude = low + (cross << 32);
    int negative = (a < 0) != (b < 0);
    if (magnitude < low || magnitude > (negative ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1))
        return 1;
    *out = (int64_t)(negative ? (uint64_t)0 - magnitude : magnitude);
    return 0;
}

static int sdt_is_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

static int64_t sdt_month_days(int64_t y, int64_t m) {
    return m == 2 && sdt_is_leap(y) ? 29 : sdt_days_in_month[m];
}

static int64_t sdt_days_before_year(int64_t y) {
    int64_t p = y - 1;
    return p * 365 + p / 4 - p / 100 + p / 400;
}

static int64_t sdt_days_before_month(int64_t y, int64_t m) {
    int64_t days = 0;
    for (int64_t i = 1; i < m; i++)
        days += sdt_month_days(y, i);
    return days;
}

static int64_t sdt_ordinal(int64_t y, int64_t m, int64_t d) {
    return sdt_days_before_year(y) + sdt_days_before_month(y, m) + d;
}

/* The date of ordinal `n` (1 <= n <= SDT_MAX_ORDINAL). */
static void sdt_from_ordinal(int64_t n, int64_t *y, int64_t *m, int64_t *d) {
    int64_t year = (n - 1) * 400 / 146097 + 1;
    while (sdt_days_before_year(year + 1) < n)
        year++;
    while (sdt_days_before_year(year) >= n)
        year--;
    int64_t left = n - sdt_days_before_year(year), month = 1;
    while (left > sdt_month_days(year, month)) {
        left -= sdt_month_days(year, month);
        month++;
    }
    *y = year;
    *m = month;
    *d = left;
}

/* ---- timedelta ------------------------------------------------------------------ */

/* A timedelta of `days` days and `us` microseconds (any int64: carried into the days),
 * normalised; CPython's OverflowError past its range. */
static int32_t sdt_delta_norm(int64_t days, int64_t us, sdt_delta *out) {
    int64_t carry = sdt_floordiv(us, SDT_US_PER_DAY);
    us -= carry * SDT_US_PER_DAY;
    if (__builtin_add_overflow(days, carry, &days) || days > SDT_MAX_DAYS || days < -SDT_MAX_DAYS) {
        ssc_buf b;
        ssc_buf_init(&b, 64);
        ssc_buf_cstr(&b, "days=");
        ssc_buf_i64(&b, days);
        ssc_buf_cstr(&b, "; must have magnitude <= 999999999");
        ssc_raise_buf(SSC_EXC_OverflowError, &b);
        return SSC_RAISED;
    }
    out->days = days;
    out->seconds = us / SDT_US_PER_SECOND;
    out->us = us % SDT_US_PER_SECOND;
    return SSC_OK;
}

static int32_t sdt_delta_of(int64_t us, sdt_delta *out) { return sdt_delta_norm(0, us, out); }

/* The microseconds of a delta within a day (0 <= result < a day). */
static int64_t sdt_day_us(const sdt_delta *d) { return d->seconds * SDT_US_PER_SECOND + d->us; }

static int32_t sdt_too_big(void) {
    return sdt_raise(SSC_EXC_OverflowError, "Python int too large to convert to C int");
}

/* `value` of a unit of `unit_us` microseconds: whole days into *days, the rest into *us. */
static int32_t sdt_add_unit(int64_t value, int64_t unit_us, int64_t *days, int64_t *us) {
    int64_t per_day = SDT_US_PER_DAY / unit_us;
    int64_t whole = sdt_floordiv(value, per_day);
    if (__builtin_add_overflow(*days, whole, days))
        return sdt_too_big();
    *us += (value - whole * per_day) * unit_us;
    return SSC_OK;
}

int32_t ssc_timedelta_new(int64_t days, int64_t seconds, int64_t microseconds, int64_t milliseconds,
                          int64_t minutes, int64_t hours, int64_t weeks, void *out) {
    int64_t d = 0, us = 0;
    if (sdt_mul_overflow(weeks, 7, &d) || __builtin_add_overflow(d, days, &d)
        || sdt_add_unit(hours, 3600 * SDT_US_PER_SECOND, &d, &us)
        || sdt_add_unit(minutes, 60 * SDT_US_PER_SECOND, &d, &us)
        || sdt_add_unit(seconds, SDT_US_PER_SECOND, &d, &us) || sdt_add_unit(milliseconds, 1000, &d, &us)
        || sdt_add_unit(microseconds, 1, &d, &us))
        return d > SDT_MAX_DAYS || d < -SDT_MAX_DAYS ? sdt_delta_norm(d, 0, out) : sdt_too_big();
    return sdt_delta_norm(d, us, out);
}

int32_t ssc_timedelta_add(const void *a, const void *b, void *out) {
    const sdt_delta *x = a, *y = b;
    return sdt_delta_norm(x->days + y->days, sdt_day_us(x) + sdt_day_us(y), out);
}

int32_t ssc_timedelta_sub(const void *a, const void *b, void *out) {
    const sdt_delta *x = a, *y = b;
    return sdt_delta_norm(x->days - y->days, sdt_day_us(x) - sdt_day_us(y), out);
}

int32_t ssc_timedelta_neg(const void *a, void *out) {
    const sdt_delta *x = a;
    return sdt_delta_norm(-x->days, -sdt_day_us(x), out);
}

int32_t ssc_timedelta_abs(const void *a, void *out) {
    const sdt_delta *x = a;
    if (x->days < 0)
        return ssc_timedelta_neg(a, out);
    *(sdt_delta *)out = *x;
    return SSC_OK;
}

int32_t ssc_timedelta_mul(const void *a, int64_t k, void *out) {
    const sdt_delta *x = a;
    int64_t days, us;
    if (sdt_mul_overflow(x->days, k, &days) || sdt_mul_overflow(sdt_day_us(x), k, &us))
        return sdt_raise(SSC_EXC_OverflowError, "date value out of range");
    return sdt_delta_norm(days, us, out);
}

int32_t ssc_timedelta_rmul(int64_t k, const void *a, void *out) { return ssc_timedelta_mul(a, k, out); }

/* A delta in microseconds, when it fits an int64 (OverflowError otherwise). */
static int32_t sdt_total_us(const sdt_delta *x, int64_t *out) {
    if (sdt_mul_overflow(x->days, SDT_US_PER_DAY, out) || __builtin_add_overflow(*out, sdt_day_us(x), out))
        return sdt_too_big();
    return SSC_OK;
}

int32_t ssc_timedelta_floordiv_int(const void *a, int64_t k, void *out) {
    const sdt_delta *x = a;
    if (k == 0)
        return sdt_raise(SSC_EXC_ZeroDivisionError, "integer division or modulo by zero");
    int64_t days = sdt_floordiv(x->days, k), rest_days = x->days - days * k, us;
    if (sdt_mul_overflow(rest_days, SDT_US_PER_DAY, &us))
        return sdt_too_big();
    return sdt_delta_norm(days, sdt_floordiv(us + sdt_day_us(x), k), out);
}

int32_t ssc_timedelta_floordiv(const void *a, const void *b, int64_t *out) {
    int64_t x, y;
    if (sdt_total_us(a, &x) || sdt_total_us(b, &y))
        return SSC_RAISED;
    if (y == 0)
        return sdt_raise(SSC_EXC_ZeroDivisionError, "integer division or modulo by zero");
    *out = sdt_floordiv(x, y);
    return SSC_OK;
}

static double sdt_us_double(const sdt_delta *x) {
    return (double)x->days * (double)SDT_US_PER_DAY + (double)sdt_day_us(x);
}

int32_t ssc_timedelta_truediv(const void *a, const void *b, double *out) {
    int64_t x, y;
    if (sdt_total_us(b, &y) == SSC_OK && y == 0)
        return sdt_raise(SSC_EXC_ZeroDivisionError, "division by zero");
    if (sdt_total_us(a, &x) == SSC_OK && sdt_total_us(b, &y) == SSC_OK) {
        *out = (double)x / (double)y;   /* exact operands below 2**53: correctly rounded */
        return SSC_OK;
    }
    ssc_exc_fetch(&(ssc_exception){0});
    *out = sdt_us_double(a) / sdt_us_double(b);
    return SSC_OK;
}

int32_t ssc_timedelta_total_seconds(const void *a, double *out) {
    /* CPython: delta / timedelta(seconds=1), the microseconds divided, correctly rounded: exact
     * below 2**53 microseconds; beyond, the whole seconds (exact) plus the fraction. */
    const sdt_delta *x = a;
    int64_t us;
    if (sdt_total_us(x, &us) == SSC_OK && us < (1LL << 53) && us > -(1LL << 53)) {
        *out = (double)us / 1e6;
        return SSC_OK;
    }
    ssc_exc_fetch(&(ssc_exception){0});
    *out = (double)(x->days * 86400 + x->seconds) + (double)x->us / 1e6;
    return SSC_OK;
}

static void sdt_put2(ssc_buf *b, int64_t v) {
    ssc_buf_byte(b, (uint8_t)('0' + v / 10 % 10));
    ssc_buf_byte(b, (uint8_t)('0' + v % 10));
}

/* A non-negative v in at least `width` digits, zero-padded. */
static void sdt_put_padded(ssc_buf *b, int64_t v, int width) {
    int digits = 1;
    for (int64_t rest = v / 10; rest; rest /= 10)
        digits++;
    for (int i = digits; i < width; i++)
        ssc_buf_byte(b, '0');
    ssc_buf_i64(b, v);
}

static int32_t sdt_finish(ssc_buf *b, ssc_bytes *out) {
    out->ptr = b->ptr;
    out->len = b->len;
    return SSC_OK;
}

int32_t ssc_timedelta_str(const void *value, ssc_bytes *out) {
    const sdt_delta *d = value;
    ssc_buf b;
    ssc_buf_init(&b, 32);
    if (d->days) {
        ssc_buf_i64(&b, d->days);
        ssc_buf_cstr(&b, d->days == 1 || d->days == -1 ? " day, " : " days, ");
    }
    ssc_buf_i64(&b, d->seconds / 3600);
    ssc_buf_byte(&b, ':');
    sdt_put2(&b, d->seconds / 60 % 60);
    ssc_buf_byte(&b, ':');
    sdt_put2(&b, d->seconds % 60);
    if (d->us) {
        ssc_buf_byte(&b, '.');
        sdt_put_padded(&b, d->us, 6);
    }
    return sdt_finish(&b, out);
}

int32_t ssc_timedelta_repr(const void *value, ssc_bytes *out) {
    const sdt_delta *d = value;
    ssc_buf b;
    ssc_buf_init(&b, 48);
    ssc_buf_cstr(&b, "datetime.timedelta(");
    const char *sep = "";
    if (d->days) {
        ssc_buf_cstr(&b, "days=");
        ssc_buf_i64(&b, d->days);
        sep = ", ";
    }
    if (d->seconds) {
        ssc_buf_cstr(&b, sep);
        ssc_buf_cstr(&b, "seconds=");
        ssc_buf_i64(&b, d->seconds);
        sep = ", ";
    }
    if (d->us) {
        ssc_buf_cstr(&b, sep);
        ssc_buf_cstr(&b, "microseconds=");
        ssc_buf_i64(&b, d->us);
        sep = ", ";
    }
    if (!*sep)
        ssc_buf_byte(&b, '0');
    ssc_buf_byte(&b, ')');
    return sdt_finish(&b, out);
}

/* ---- timezone ------------------------------------------------------------------- */

static int32_t sdt_bad_offset(const sdt_delta *d) {
    ssc_buf b;
    ssc_buf_init(&b, 128);
    ssc_buf_cstr(&b, "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not ");
    ssc_bytes text;
    ssc_timedelta_repr(d, &text);
    ssc_buf_put(&b, text.ptr, text.len);
    ssc_buf_byte(&b, '.');
    ssc_raise_buf(SSC_EXC_ValueError, &b);
    return SSC_RAISED;
}

int32_t ssc_timezone_new(const void *offset, void *out) {
    const sdt_delta *d = offset;
    int64_t us = d->days * SDT_US_PER_DAY + sdt_day_us(d);
    if (d->days < -1 || d->days > 0 || us <= -SDT_US_PER_DAY)
        return sdt_bad_offset(d);
    ((sdt_timezone *)out)->offset = us;
    return SSC_OK;
}

/* +HH:MM[:SS[.ffffff]] (`colon`), or +HHMM[SS[.ffffff]]. */
static void sdt_put_offset(ssc_buf *b, int64_t offset, int colon) {
    ssc_buf_byte(b, offset < 0 ? '-' : '+');
    if (offset < 0)
        offset = -offset;
    int64_t seconds = offset / SDT_US_PER_SECOND, us = offset % SDT_US_PER_SECOND;
    sdt_put2(b, seconds / 3600);
    if (colon)
        ssc_buf_byte(b, ':');
    sdt_put2(b, seconds / 60 % 60);
    if (seconds % 60 || us) {
        if (colon)
            ssc_buf_byte(b, ':');
        sdt_put2(b, seconds % 60);
        if (us) {
            ssc_buf_byte(b, '.');
            sdt_put_padded(b, us, 6);
        }
    }
}

static void sdt_put_tzname(ssc_buf *b, int64_t offset) {
    ssc_buf_cstr(b, "UTC");
    if (offset)
        sdt_put_offset(b, offset, 1);
}

int32_t ssc_timezone_str(const void *value, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, 16);
    sdt_put_tzname(&b, ((const sdt_timezone *)value)->offset);
    return sdt_finish(&b, out);
}

static void sdt_put_timezone_repr(ssc_buf *b, int64_t offset) {
    if (!offset) {
        ssc_buf_cstr(b, "datetime.timezone.utc");
        return;
    }
    sdt_delta d;
    sdt_delta_of(offset, &d);
    ssc_buf_cstr(b, "datetime.timezone(");
    ssc_bytes text;
    ssc_timedelta_repr(&d, &text);
    ssc_buf_put(b, text.ptr, text.len);
    ssc_buf_byte(b, ')');
}

int32_t ssc_timezone_repr(const void *value, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, 48);
    sdt_put_timezone_repr(&b, ((const sdt_timezone *)value)->offset);
    return sdt_finish(&b, out);
}

int32_t ssc_timezone_utcoffset(const void *value, void *out) {
    return sdt_delta_of(((const sdt_timezone *)value)->offset, out);
}

/* ---- date and datetime ------------------------------------------------------------ */

static int32_t sdt_check_date(int64_t y, int64_t m, int64_t d) {
    if (y < 1 || y > 9999) {
        ssc_buf b;
        ssc_buf_init(&b, 32);
        ssc_buf_cstr(&b, "year ");
        ssc_buf_i64(&b, y);
        ssc_buf_cstr(&b, " is out of range");
        ssc_raise_buf(SSC_EXC_ValueError, &b);
        return SSC_RAISED;
    }
    if (m < 1 || m > 12)
        return sdt_raise(SSC_EXC_ValueError, "month must be in 1..12");
    if (d < 1 || d > sdt_month_days(y, m))
        return sdt_raise(SSC_EXC_ValueError, "day is out of range for month");
    return SSC_OK;
}

static int32_t sdt_check_time(int64_t h, int64_t mi, int64_t s, int64_t us) {
    if (h < 0 || h > 23)
        return sdt_raise(SSC_EXC_ValueError, "hour must be in 0..23");
    if (mi < 0 || mi > 59)
        return sdt_raise(SSC_EXC_ValueError, "minute must be in 0..59");
    if (s < 0 || s > 59)
        return sdt_raise(SSC_EXC_ValueError, "second must be in 0..59");
    if (us < 0 || us > 999999)
        return sdt_raise(SSC_EXC_ValueError, "microsecond must be in 0..999999");
    return SSC_OK;
}

int32_t ssc_date_new(int64_t y, int64_t m, int64_t d, void *out) {
    if (sdt_check_date(y, m, d))
        return SSC_RAISED;
    sdt_date *r = out;
    r->year = y;
    r->month = m;
    r->day = d;
    return SSC_OK;
}

int32_t ssc_time_new(int64_t h, int64_t mi, int64_t s, int64_t us, int32_t has_tz, const void *tz, void *out) {
    if (sdt_check_time(h, mi, s, us))
        return SSC_RAISED;
    sdt_time *r = out;
    r->hour = h;
    r->minute = mi;
    r->second = s;
    r->us = us;
    r->tz.present = (uint8_t)has_tz;
    r->tz.offset = has_tz ? ((const sdt_timezone *)tz)->offset : 0;
    return SSC_OK;
}

int32_t ssc_datetime_new(int64_t y, int64_t m, int64_t d, int64_t h, int64_t mi, int64_t s, int64_t us,
                         int32_t has_tz, const void *tz, void *out) {
    if (sdt_check_date(y, m, d) || sdt_check_time(h, mi, s, us))
        return SSC_RAISED;
    sdt_datetime *r = out;
    r->year = y;
    r->month = m;
    r->day = d;
    r->hour = h;
    r->minute = mi;
    r->second = s;
    r->us = us;
    r->tz.present = (uint8_t)has_tz;
    r->tz.offset = has_tz ? ((const sdt_timezone *)tz)->offset : 0;
    return SSC_OK;
}

/* Microseconds since 0001-01-01 00:00 of a datetime's wall clock. */
static int64_t sdt_wall_us(const sdt_datetime *t) {
    int64_t days = sdt_ordinal(t->year, t->month, t->day);
    return ((days * 86400 + t->hour * 3600 + t->minute * 60 + t->second) * SDT_US_PER_SECOND) + t->us;
}

/* The datetime of wall-clock microseconds `us` (OverflowError "date value out of range"). */
static int32_t sdt_datetime_of(int64_t us, sdt_tz tz, sdt_datetime *out) {
    int64_t days = sdt_floordiv(us, SDT_US_PER_DAY);
    int64_t rest = us - days * SDT_US_PER_DAY;
    if (days < 1 || days > SDT_MAX_ORDINAL)
        return sdt_raise(SSC_EXC_OverflowError, "date value out of range");
    sdt_from_ordinal(days, &out->year, &out->month, &out->day);
    int64_t seconds = rest / SDT_US_PER_SECOND;
    out->hour = seconds / 3600;
    out->minute = seconds / 60 % 60;
    out->second = seconds % 60;
    out->us = rest % SDT_US_PER_SECOND;
    out->tz = tz;
    return SSC_OK;
}

static int64_t sdt_round_half_even(double x) {
    double f = (double)(int64_t)x;   /* truncated */
    if (x < 0 && f != x)
        f -= 1;                       /* floor */
    double diff = x - f;
    int64_t r = (int64_t)f;
    if (diff > 0.5 || (diff == 0.5 && (r & 1)))
        r += 1;
    return r;
}

/* CPython's _PyTime_ObjectToTimeval(ts, ROUND_HALF_EVEN): whole seconds and microseconds. */
static int32_t sdt_split_timestamp(double ts, int64_t *seconds, int64_t *us) {
    if (!(ts == ts) || ts >= 9.2e18 || ts <= -9.2e18)
        return sdt_raise(ts == ts ? SSC_EXC_OverflowError : SSC_EXC_ValueError,
                         ts == ts ? "timestamp out of range for platform time_t" : "Invalid value NaN (not a number)");
    double whole = (double)(int64_t)ts;
    int64_t frac = sdt_round_half_even((ts - whole) * 1e6);
    int64_t s = (int64_t)whole;
    if (frac >= SDT_US_PER_SECOND) {
        frac -= SDT_US_PER_SECOND;
        s += 1;
    } else if (frac < 0) {
        frac += SDT_US_PER_SECOND;
        s -= 1;
    }
    *seconds = s;
    *us = frac;
    return SSC_OK;
}

static int32_t sdt_from_epoch_parts(int64_t seconds, int64_t us, sdt_tz tz, sdt_datetime *out) {
    int64_t days = sdt_floordiv(seconds, 86400) + SDT_EPOCH_ORDINAL;
    if (days < 1 || days > SDT_MAX_ORDINAL) {   /* CPython names the year the timestamp falls in */
        int64_t year = days < 1 ? sdt_floordiv((days - 1) * 400, 146097) + 1 : 0, month, day;
        if (days >= 1)
            sdt_from_ordinal(days, &year, &month, &day);
        ssc_buf b;
        ssc_buf_init(&b, 40);
        ssc_buf_cstr(&b, "year ");
        ssc_buf_i64(&b, year);
        ssc_buf_cstr(&b, " is out of range");
        ssc_raise_buf(SSC_EXC_ValueError, &b);
        return SSC_RAISED;
    }
    int64_t wall = (SDT_EPOCH_ORDINAL * 86400 + seconds) * SDT_US_PER_SECOND + us + (tz.present ? tz.offset : 0);
    return sdt_datetime_of(wall, tz, out);
}

/* The zone of fromtimestamp's tz (a timezone), or none for utcfromtimestamp (tz NULL). */
static sdt_tz sdt_zone_of(const void *tz) {
    sdt_tz zone = {tz != 0, tz ? ((const sdt_timezone *)tz)->offset : 0};
    return zone;
}

/* A float timestamp as CPython splits it; an int one as it is (past time_t: OverflowError). */
static int32_t sdt_from_float(double ts, const void *tz, void *out) {
    int64_t seconds, us;
    return sdt_split_timestamp(ts, &seconds, &us) ? SSC_RAISED : sdt_from_epoch_parts(seconds, us, sdt_zone_of(tz), out);
}

static int32_t sdt_from_int(int64_t ts, const void *tz, void *out) {
    if (ts > 9200000000000000000LL || ts < -9200000000000000000LL)
        return sdt_raise(SSC_EXC_OverflowError, "timestamp out of range for platform time_t");
    return sdt_from_epoch_parts(ts, 0, sdt_zone_of(tz), out);
}

int32_t ssc_datetime_fromtimestamp(double ts, const void *tz, void *out) { return sdt_from_float(ts, tz, out); }
int32_t ssc_datetime_utcfromtimestamp(double ts, void *out) { return sdt_from_float(ts, 0, out); }
int32_t ssc_datetime_fromtimestamp_int(int64_t ts, const void *tz, void *out) { return sdt_from_int(ts, tz, out); }
int32_t ssc_datetime_utcfromtimestamp_int(int64_t ts, void *out) { return sdt_from_int(ts, 0, out); }

int32_t ssc_datetime_utcoffset(const void *value, void *out) {
    const sdt_datetime *t = value;
    struct { uint8_t present; sdt_delta delta; } *r = out;
    r->present = t->tz.present;
    if (t->tz.present)
        return sdt_delta_of(t->tz.offset, &r->delta);
    r->delta.days = r->delta.seconds = r->delta.us = 0;
    return SSC_OK;
}

int32_t ssc_datetime_timestamp(const void *value, double *out) {
    const sdt_datetime *t = value;
    if (!t->tz.present)
        return sdt_raise(SSC_EXC_ValueError, "timestamp() of a naive datetime uses the local time zone, which a "
                                             "SmartModule does not have: make it aware first, "
                                             "dt.replace(tzinfo=timezone.utc)");
    int64_t us = sdt_wall_us(t) - t->tz.offset - SDT_EPOCH_ORDINAL * SDT_US_PER_DAY;
    *out = (double)us / 1e6;
    return SSC_OK;
}

int32_t ssc_datetime_astimezone(const void *value, const void *tz, void *out) {
    const sdt_datetime *t = value;
    if (!t->tz.present)
        return sdt_raise(SSC_EXC_ValueError, "astimezone() of a naive datetime assumes the local time zone, "
                                             "which a SmartModule does not have: make it aware first, "
                                             "dt.replace(tzinfo=timezone.utc)");
    sdt_tz zone = {1, ((const sdt_timezone *)tz)->offset};
    return sdt_datetime_of(sdt_wall_us(t) - t->tz.offset + zone.offset, zone, out);
}

int32_t ssc_datetime_add(const void *a, const void *b, void *out) {
    const sdt_datetime *t = a;
    const sdt_delta *d = b;
    if (d->days > SDT_MAX_ORDINAL || d->days < -SDT_MAX_ORDINAL)
        return sdt_raise(SSC_EXC_OverflowError, "date value out of range");
    return sdt_datetime_of(sdt_wall_us(t) + d->days * SDT_US_PER_DAY + sdt_day_us(d), t->tz, out);
}

int32_t ssc_datetime_radd(const void *delta, const void *a, void *out) { return ssc_datetime_add(a, delta, out); }

int32_t ssc_datetime_sub_delta(const void *a, const void *b, void *out) {
    sdt_delta negated;
    if (ssc_timedelta_neg(b, &negated))
        return SSC_RAISED;
    return ssc_datetime_add(a, &negated, out);
}

/* The instant of an aware datetime, the wall clock of a naive one. */
static int64_t sdt_instant(const sdt_datetime *t) { return sdt_wall_us(t) - (t->tz.present ? t->tz.offset : 0); }

int32_t ssc_datetime_sub(const void *a, const void *b, void *out) {
    const sdt_datetime *x = a, *y = b;
    if (x->tz.present != y->tz.present)
        return sdt_raise(SSC_EXC_TypeError, "can't subtract offset-naive and offset-aware datetimes");
    return sdt_delta_of(sdt_instant(x) - sdt_instant(y), out);
}

static int32_t sdt_compare(const sdt_datetime *x, const sdt_datetime *y, int32_t op, uint8_t *out) {
    if (x->tz.present != y->tz.present) {
        if (op == 0 || op == 1) {
            *out = op == 1;
            return SSC_OK;
        }
        return sdt_raise(SSC_EXC_TypeError, "can't compare offset-naive and offset-aware datetimes");
    }
    int64_t a = sdt_instant(x), b = sdt_instant(y);
    *out = ssc_order_holds(a < b ? -1 : a > b, op);
    return SSC_OK;
}

#define SDT_COMPARE_FN(name, op) \
    int32_t name(const void *a, const void *b, uint8_t *out) { return sdt_compare(a, b, op, out); }
SDT_COMPARE_FN(ssc_datetime_eq, 0)
SDT_COMPARE_FN(ssc_datetime_ne, 1)
SDT_COMPARE_FN(ssc_datetime_lt, 2)
SDT_COMPARE_FN(ssc_datetime_le, 3)
SDT_COMPARE_FN(ssc_datetime_gt, 4)
SDT_COMPARE_FN(ssc_datetime_ge, 5)

static int64_t sdt_weekday_of(int64_t y, int64_t m, int64_t d) { return (sdt_ordinal(y, m, d) + 6) % 7; }

int32_t ssc_date_weekday(const void *value, int64_t *out) {
    const sdt_date *t = value;   /* a datetime starts as a date does */
    *out = sdt_weekday_of(t->year, t->month, t->day);
    return SSC_OK;
}

int32_t ssc_date_isoweekday(const void *value, int64_t *out) {
    const sdt_date *t = value;
    *out = sdt_weekday_of(t->year, t->month, t->day) + 1;
    return SSC_OK;
}

int32_t ssc_date_toordinal(const void *value, int64_t *out) {
    const sdt_date *t = value;
    *out = sdt_ordinal(t->year, t->month, t->day);
    return SSC_OK;
}

/* The ISO year, week and weekday of a date. */
static void sdt_iso_calendar(int64_t y, int64_t m, int64_t d, int64_t *iy, int64_t *iw, int64_t *iwd) {
    int64_t ord = sdt_ordinal(y, m, d);
    int64_t year = y;
    /* the Monday of ISO week 1 of `year`: the week holding January 4 */
    int64_t jan4 = sdt_ordinal(year, 1, 4), week1 = jan4 - (jan4 + 6) % 7;
    if (ord < week1) {
        year -= 1;
        jan4 = sdt_ordinal(year, 1, 4);
        week1 = jan4 - (jan4 + 6) % 7;
    } else {
        int64_t next4 = sdt_ordinal(year + 1, 1, 4), next1 = next4 - (next4 + 6) % 7;
        if (ord >= next1) {
            year += 1;
            week1 = next1;
        }
    }
    *iy = year;
    *iw = (ord - week1) / 7 + 1;
    *iwd = (ord + 6) % 7 + 1;
}

int32_t ssc_date_isocalendar(const void *value, void *out) {
    const sdt_date *t = value;
    int64_t *r = out;
    sdt_iso_calendar(t->year, t->month, t->day, &r[0], &r[1], &r[2]);
    return SSC_OK;
}

int32_t ssc_date_sub(const void *a, const void *b, void *out) {
    const sdt_date *x = a, *y = b;
    return sdt_delta_norm(sdt_ordinal(x->year, x->month, x->day) - sdt_ordinal(y->year, y->month, y->day), 0, out);
}

int32_t ssc_date_add(const void *a, const void *delta, void *out) {
    const sdt_date *x = a;
    int64_t days = sdt_ordinal(x->year, x->month, x->day) + ((const sdt_delta *)delta)->days;
    if (days < 1 || days > SDT_MAX_ORDINAL)
        return sdt_raise(SSC_EXC_OverflowError, "date value out of range");
    sdt_date *r = out;
    sdt_from_ordinal(days, &r->year, &r->month, &r->day);
    return SSC_OK;
}

int32_t ssc_date_sub_delta(const void *a, const void *delta, void *out) {
    sdt_delta negated = {-((const sdt_delta *)delta)->days, 0, 0};
    return ssc_date_add(a, &negated, out);
}

int32_t ssc_datetime_date(const void *value, void *out) {
    memcpy(out, value, sizeof(sdt_date));
    return SSC_OK;
}

int32_t ssc_datetime_time(const void *value, void *out) {
    const sdt_datetime *t = value;
    sdt_time *r = out;
    r->hour = t->hour;
    r->minute = t->minute;
    r->second = t->second;
    r->us = t->us;
    r->tz.present = 0;
    r->tz.offset = 0;
    return SSC_OK;
}

/* ---- text: isoformat, str, repr ------------------------------------------------------ */

static void sdt_put_date(ssc_buf *b, int64_t y, int64_t m, int64_t d) {
    sdt_put_padded(b, y, 4);
    ssc_buf_byte(b, '-');
    sdt_put2(b, m);
    ssc_buf_byte(b, '-');
    sdt_put2(b, d);
}

/* hh:mm:ss.ffffff by `timespec` (0 auto, 1 hours, 2 minutes, 3 seconds, 4 milliseconds, 5 microseconds). */
static void sdt_put_clock(ssc_buf *b, int64_t h, int64_t mi, int64_t s, int64_t us, int spec) {
    if (spec == 0)
        spec = us ? 5 : 3;
    sdt_put2(b, h);
    if (spec >= 2) {
        ssc_buf_byte(b, ':');
        sdt_put2(b, mi);
    }
    if (spec >= 3) {
        ssc_buf_byte(b, ':');
        sdt_put2(b, s);
    }
    if (spec == 4) {
        ssc_buf_byte(b, '.');
        sdt_put_padded(b, us / 1000, 3);
    } else if (spec == 5) {
        ssc_buf_byte(b, '.');
        sdt_put_padded(b, us, 6);
    }
}

static int sdt_timespec(const uint8_t *p, int32_t n) {
    static const char *const names[6] = {"auto", "hours", "minutes", "seconds", "milliseconds", "microseconds"};
    for (int i = 0; i < 6; i++) {
        int32_t len = 0;
        while (names[i][len])
            len++;
        if (len == n && memcmp(names[i], p, (size_t)n) == 0)
            return i;
    }
    return -1;
}

static int32_t sdt_isoformat(const sdt_datetime *t, const uint8_t *sep, int32_t sep_len, const uint8_t *spec,
                             int32_t spec_len, int with_date, ssc_bytes *out) {
    int which = sdt_timespec(spec, spec_len);
    if (which < 0)
        return sdt_raise(SSC_EXC_ValueError, "Unknown timespec value");
    ssc_buf b;
    ssc_buf_init(&b, 40);
    if (with_date) {
        sdt_put_date(&b, t->year, t->month, t->day);
        ssc_buf_put(&b, sep, sep_len);
    }
    sdt_put_clock(&b, t->hour, t->minute, t->second, t->us, which);
    if (t->tz.present)
        sdt_put_offset(&b, t->tz.offset, 1);
    return sdt_finish(&b, out);
}

int32_t ssc_datetime_isoformat(const void *value, const uint8_t *sep, int32_t sep_len, const uint8_t *spec,
                               int32_t spec_len, ssc_bytes *out) {
    int32_t chars = 0;
    for (int32_t i = 0; i < sep_len; i++)
        chars += (sep[i] & 0xC0) != 0x80;
    if (chars != 1)
        return sdt_raise(SSC_EXC_TypeError, "isoformat() argument 1 must be a unicode character");
    return sdt_isoformat(value, sep, sep_len, spec, spec_len, 1, out);
}

int32_t ssc_datetime_str(const void *value, ssc_bytes *out) {
    return sdt_isoformat(value, (const uint8_t *)" ", 1, (const uint8_t *)"auto", 4, 1, out);
}

int32_t ssc_time_isoformat(const void *value, const uint8_t *spec, int32_t spec_len, ssc_bytes *out) {
    const sdt_time *t = value;
    sdt_datetime full = {1, 1, 1, t->hour, t->minute, t->second, t->us, t->tz};
    return sdt_isoformat(&full, 0, 0, spec, spec_len, 0, out);
}

int32_t ssc_time_str(const void *value, ssc_bytes *out) {
    return ssc_time_isoformat(value, (const uint8_t *)"auto", 4, out);
}

int32_t ssc_date_isoformat(const void *value, ssc_bytes *out) {
    const sdt_date *t = value;
    ssc_buf b;
    ssc_buf_init(&b, 12);
    sdt_put_date(&b, t->year, t->month, t->day);
    return sdt_finish(&b, out);
}

static void sdt_put_ints(ssc_buf *b, const int64_t *values, int count) {
    for (int i = 0; i < count; i++) {
        if (i)
            ssc_buf_cstr(b, ", ");
        ssc_buf_i64(b, values[i]);
    }
}

static void sdt_put_tzinfo_repr(ssc_buf *b, sdt_tz tz) {
    if (tz.present) {
        ssc_buf_cstr(b, ", tzinfo=");
        sdt_put_timezone_repr(b, tz.offset);
    }
    ssc_buf_byte(b, ')');
}

int32_t ssc_datetime_repr(const void *value, ssc_bytes *out) {
    const sdt_datetime *t = value;
    int64_t fields[7] = {t->year, t->month, t->day, t->hour, t->minute, t->second, t->us};
    ssc_buf b;
    ssc_buf_init(&b, 64);
    ssc_buf_cstr(&b, "datetime.datetime(");
    sdt_put_ints(&b, fields, t->us ? 7 : t->second ? 6 : 5);
    sdt_put_tzinfo_repr(&b, t->tz);
    return sdt_finish(&b, out);
}

int32_t ssc_date_repr(const void *value, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, 32);
    ssc_buf_cstr(&b, "datetime.date(");
    sdt_put_ints(&b, value, 3);
    ssc_buf_byte(&b, ')');
    return sdt_finish(&b, out);
}

int32_t ssc_time_repr(const void *value, ssc_bytes *out) {
    const sdt_time *t = value;
    ssc_buf b;
    ssc_buf_init(&b, 48);
    ssc_buf_cstr(&b, "datetime.time(");
    sdt_put_ints(&b, value, t->us ? 4 : t->second ? 3 : 2);
    sdt_put_tzinfo_repr(&b, t->tz);
    return sdt_finish(&b, out);
}

/* ---- strftime ------------------------------------------------------------------------ */

typedef struct {
    int64_t year, month, day, hour, minute, second, us, weekday, yday;   /* weekday: Monday 0 */
    sdt_tz tz;
    int python;   /* datetime's strftime (Python's own %f, %z, %Z) rather than time.strftime */
} sdt_fields;

static void sdt_put_name(ssc_buf *b, const char *name, int abbreviated) {
    if (abbreviated)
        ssc_buf_put(b, name, 3);
    else
        ssc_buf_cstr(b, name);
}

static void sdt_put_spaced(ssc_buf *b, int64_t v) {
    ssc_buf_byte(b, v < 10 ? ' ' : (uint8_t)('0' + v / 10));
    ssc_buf_byte(b, (uint8_t)('0' + v % 10));
}

static void sdt_strftime_one(ssc_buf *b, const sdt_fields *f, uint8_t c);

static void sdt_strftime_text(ssc_buf *b, const sdt_fields *f, const char *format) {
    for (const char *p = format; *p; p++) {
        if (*p == '%' && p[1])
            sdt_strftime_one(b, f, (uint8_t)*++p);
        else
            ssc_buf_byte(b, (uint8_t)*p);
    }
}

static int64_t sdt_week_number(const sdt_fields *f, int first_monday) {
    int64_t wday = first_monday ? f->weekday : (f->weekday + 1) % 7;   /* days since the week's start */
    return (f->yday - 1 + 7 - wday) / 7;
}

static void sdt_strftime_one(ssc_buf *b, const sdt_fields *f, uint8_t c) {
    int64_t iy, iw, iwd;
    switch (c) {
    case 'a': case 'A': sdt_put_name(b, sdt_day_names[f->weekday], c == 'a'); break;
    case 'b': case 'h': case 'B': sdt_put_name(b, sdt_month_names[f->month], c != 'B'); break;
    case 'c': sdt_strftime_text(b, f, "%a %b %e %H:%M:%S %Y"); break;
    case 'C': sdt_put2(b, f->year / 100); break;
    case 'd': sdt_put2(b, f->day); break;
    case 'D': sdt_strftime_text(b, f, "%m/%d/%y"); break;
    case 'e': sdt_put_spaced(b, f->day); break;
    case 'F': sdt_strftime_text(b, f, "%Y-%m-%d"); break;
    case 'G': case 'g': case 'V': case 'u':
        sdt_iso_calendar(f->year, f->month, f->day, &iy, &iw, &iwd);
        if (c == 'G') ssc_buf_i64(b, iy);
        else if (c == 'g') sdt_put2(b, iy % 100);
        else if (c == 'V') sdt_put2(b, iw);
        else ssc_buf_i64(b, iwd);
        break;
    case 'H': sdt_put2(b, f->hour); break;
    case 'I': sdt_put2(b, (f->hour + 11) % 12 + 1); break;
    case 'j': sdt_put_padded(b, f->yday, 3); break;
    case 'k': sdt_put_spaced(b, f->hour); break;
    case 'l': sdt_put_spaced(b, (f->hour + 11) % 12 + 1); break;
    case 'm': sdt_put2(b, f->month); break;
    case 'M': sdt_put2(b, f->minute); break;
    case 'n': ssc_buf_byte(b, '\n'); break;
    case 'p': ssc_buf_cstr(b, f->hour < 12 ? "AM" : "PM"); break;
    case 'P': ssc_buf_cstr(b, f->hour < 12 ? "am" : "pm"); break;
    case 'r': sdt_strftime_text(b, f, "%I:%M:%S %p"); break;
    case 'R': sdt_strftime_text(b, f, "%H:%M"); break;
    case 'S': sdt_put2(b, f->second); break;
    case 't': ssc_buf_byte(b, '\t'); break;
    case 'T': sdt_strftime_text(b, f, "%H:%M:%S"); break;
    case 'U': sdt_put2(b, sdt_week_number(f, 0)); break;
    case 'w': ssc_buf_i64(b, (f->weekday + 1) % 7); break;
    case 'W': sdt_put2(b, sdt_week_number(f, 1)); break;
    case 'x': sdt_strftime_text(b, f, "%m/%d/%y"); break;
    case 'X': sdt_strftime_text(b, f, "%H:%M:%S"); break;
    case 'y': sdt_put2(b, f->year % 100); break;
    case 'Y': ssc_buf_i64(b, f->year); break;
    case '%': ssc_buf_byte(b, '%'); break;
    case 'f':
        if (f->python) sdt_put_padded(b, f->us, 6);
        else ssc_buf_cstr(b, "%f");
        break;
    case 'z':
        if (!f->python) ssc_buf_cstr(b, "+0000");
        else if (f->tz.present) sdt_put_offset(b, f->tz.offset, 0);
        break;
    case 'Z':
        if (!f->python) ssc_buf_cstr(b, "GMT");
        else if (f->tz.present) sdt_put_tzname(b, f->tz.offset);
        break;
    default:   /* the C library keeps a directive it does not know as it is */
        ssc_buf_byte(b, '%');
        ssc_buf_byte(b, c);
    }
}

static int32_t sdt_strftime(const sdt_fields *f, const uint8_t *p, int32_t n, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, n + 16);
    for (int32_t i = 0; i < n; i++) {
        if (p[i] != '%') {
            ssc_buf_byte(&b, p[i]);
        } else if (i + 1 == n) {
            ssc_buf_byte(&b, '%');   /* a lone % at the end stays */
        } else if (f->python && p[i + 1] == ':' && i + 2 < n && p[i + 2] == 'z') {
#if SSC_PYTHON >= 312
            if (f->tz.present)
                sdt_put_offset(&b, f->tz.offset, 1);
#else
            ssc_buf_cstr(&b, "%:z");
#endif
            i += 2;
        } else {
            sdt_strftime_one(&b, f, p[++i]);
        }
    }
    return sdt_finish(&b, out);
}

static void sdt_fields_of(const sdt_datetime *t, sdt_fields *f) {
    f->year = t->year;
    f->month = t->month;
    f->day = t->day;
    f->hour = t->hour;
    f->minute = t->minute;
    f->second = t->second;
    f->us = t->us;
    f->weekday = sdt_weekday_of(t->year, t->month, t->day);
    f->yday = sdt_days_before_month(t->year, t->month) + t->day;
    f->tz = t->tz;
    f->python = 1;
}

int32_t ssc_datetime_strftime(const void *value, const uint8_t *p, int32_t n, ssc_bytes *out) {
    sdt_fields f;
    sdt_fields_of(value, &f);
    return sdt_strftime(&f, p, n, out);
}

int32_t ssc_date_strftime(const void *value, const uint8_t *p, int32_t n, ssc_bytes *out) {
    const sdt_date *t = value;
    sdt_datetime full = {t->year, t->month, t->day, 0, 0, 0, 0, {0, 0}};
    return ssc_datetime_strftime(&full, p, n, out);
}

int32_t ssc_time_strftime(const void *value, const uint8_t *p, int32_t n, ssc_bytes *out) {
    const sdt_time *t = value;
    sdt_datetime full = {1900, 1, 1, t->hour, t->minute, t->second, t->us, t->tz};
    return ssc_datetime_strftime(&full, p, n, out);
}

/* ---- the time module ------------------------------------------------------------------ */

static int32_t sdt_gmtime(int64_t seconds, void *out) {
    int64_t *r = out;
    int64_t days = sdt_floordiv(seconds, 86400) + SDT_EPOCH_ORDINAL, rest = seconds - sdt_floordiv(seconds, 86400) * 86400;
    if (days < 1 || days > SDT_MAX_ORDINAL)   /* glibc goes further; datetime's range is ssc's */
        return sdt_raise(SSC_EXC_OverflowError, "timestamp out of range for platform time_t");
    sdt_from_ordinal(days, &r[0], &r[1], &r[2]);
    r[3] = rest / 3600;
    r[4] = rest / 60 % 60;
    r[5] = rest % 60;
    r[6] = (days + 6) % 7;
    r[7] = sdt_days_before_month(r[0], r[1]) + r[2];
    r[8] = 0;
    return SSC_OK;
}

int32_t ssc_time_gmtime(int64_t seconds, void *out) { return sdt_gmtime(seconds, out); }

int32_t ssc_time_gmtime_float(double seconds, void *out) {
    if (!(seconds == seconds))
        return sdt_raise(SSC_EXC_ValueError, "Invalid value NaN (not a number)");
    if (seconds >= 9.3e18 || seconds <= -9.3e18)
        return sdt_raise(SSC_EXC_OverflowError, "timestamp out of range for platform time_t");
    int64_t whole = (int64_t)seconds;   /* time.gmtime truncates toward zero... */
    if ((double)whole > seconds)        /* ...to the second below (ROUND_FLOOR) */
        whole -= 1;
    return sdt_gmtime(whole, out);
}

int32_t ssc_time_strftime_struct(const uint8_t *p, int32_t n, const void *value, ssc_bytes *out) {
    const int64_t *t = value;
    if (t[1] < 1 || t[1] > 12)
        return sdt_raise(SSC_EXC_ValueError, "month out of range");
    if (t[2] < 1 || t[2] > 31)
        return sdt_raise(SSC_EXC_ValueError, "day of month out of range");
    if (t[3] < 0 || t[3] > 23)
        return sdt_raise(SSC_EXC_ValueError, "hour out of range");
    if (t[4] < 0 || t[4] > 59)
        return sdt_raise(SSC_EXC_ValueError, "minute out of range");
    if (t[5] < 0 || t[5] > 61)
        return sdt_raise(SSC_EXC_ValueError, "seconds out of range");
    if (t[7] < 1 || t[7] > 366)
        return sdt_raise(SSC_EXC_ValueError, "day of year out of range");
    sdt_fields f = {t[0], t[1], t[2], t[3], t[4], t[5], 0, t[6] < 0 ? 6 : t[6] % 7, t[7], {0, 0}, 0};
    return sdt_strftime(&f, p, n, out);
}

int32_t ssc_struct_time_repr(const void *value, ssc_bytes *out) {
    static const char *const names[9] = {"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec",
                                         "tm_wday", "tm_yday", "tm_isdst"};
    const int64_t *t = value;
    ssc_buf b;
    ssc_buf_init(&b, 160);
    ssc_buf_cstr(&b, "time.struct_time(");
    for (int i = 0; i < 9; i++) {
        if (i)
            ssc_buf_cstr(&b, ", ");
        ssc_buf_cstr(&b, names[i]);
        ssc_buf_byte(&b, '=');
        ssc_buf_i64(&b, t[i]);
    }
    ssc_buf_byte(&b, ')');
    return sdt_finish(&b, out);
}

/* ---- fromisoformat ----------------------------------------------------------------------- */

typedef struct {
    const uint8_t *p;
    int32_t n, i;
} sdt_text;

static int sdt_digits(sdt_text *t, int count, int64_t *out) {
    if (t->i + count > t->n)
        return 0;
    int64_t v = 0;
    for (int k = 0; k < count; k++) {
        uint8_t c = t->p[t->i + k];
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (c - '0');
    }
    t->i += count;
    *out = v;
    return 1;
}

static int sdt_eat(sdt_text *t, uint8_t c) {
    if (t->i < t->n && t->p[t->i] == c) {
        t->i++;
        return 1;
    }
    return 0;
}

/* Digits of a fraction of a second, as microseconds (3.11: any number, beyond 6 dropped; 3.10: 3 or 6). */
static int sdt_fraction(sdt_text *t, int64_t *us) {
    int32_t start = t->i;
    int64_t v = 0;
    while (t->i < t->n && t->p[t->i] >= '0' && t->p[t->i] <= '9') {
        if (t->i - start < 6)
            v = v * 10 + (t->p[t->i] - '0');
        t->i++;
    }
    int32_t count = t->i - start;
#if SSC_PYTHON >= 311
    if (count == 0)
        return 0;
#else
    if (count != 3 && count != 6)
        return 0;
#endif
    for (int32_t k = count; k < 6; k++)
        v *= 10;
    *us = v;
    return 1;
}

static int sdt_is_digit(const sdt_text *t) { return t->i < t->n && t->p[t->i] >= '0' && t->p[t->i] <= '9'; }

/* HH[:MM[:SS[.ffffff]]] (3.11 also HHMMSS, and ',' for '.'): into h, m, s, us. */
static int sdt_iso_clock(sdt_text *t, int64_t *h, int64_t *m, int64_t *s, int64_t *us) {
    *m = *s = *us = 0;
    if (!sdt_digits(t, 2, h))
        return 0;
    if (t->i == t->n || !(t->p[t->i] == ':' || sdt_is_digit(t)))
        return 1;
    int colon = sdt_eat(t, ':');
#if SSC_PYTHON < 311
    if (!colon)
        return 0;
#endif
    if (!sdt_digits(t, 2, m))
        return 0;
    if (t->i == t->n || (colon ? t->p[t->i] != ':' : !sdt_is_digit(t)))
        return 1;
    t->i += colon;
    if (!sdt_digits(t, 2, s))
        return 0;
#if SSC_PYTHON >= 311
    if (sdt_eat(t, '.') || sdt_eat(t, ','))
#else
    if (sdt_eat(t, '.'))
#endif
        return sdt_fraction(t, us);
    return 1;
}

/* Z, or +HH:MM[:SS[.ffffff]] (3.11 also +HH and +HHMM[SS]): the offset in microseconds. */
static int sdt_iso_offset(sdt_text *t, sdt_tz *tz) {
    tz->present = 0;
    tz->offset = 0;
    if (t->i == t->n)
        return 1;
#if SSC_PYTHON >= 311
    if (sdt_eat(t, 'Z')) {
        tz->present = 1;
        return t->i == t->n;
    }
#endif
    int negative = t->p[t->i] == '-';
    if (!negative && t->p[t->i] != '+')
        return 0;
    t->i++;
    int64_t h, m, s, us;
    int32_t start = t->i;
    if (!sdt_iso_clock(t, &h, &m, &s, &us) || t->i != t->n)
        return 0;
#if SSC_PYTHON < 311
    if (t->i - start < 5)
        return 0;
#else
    (void)start;
#endif
    int64_t offset = ((h * 60 + m) * 60 + s) * SDT_US_PER_SECOND + us;
    if (offset >= SDT_US_PER_DAY) {
        tz->offset = negative ? -offset : offset;
        return -1;
    }
    tz->present = 1;
    tz->offset = negative ? -offset : offset;
    return 1;
}

static int32_t sdt_invalid_iso(const uint8_t *p, int32_t n) {
    ssc_buf b;
    ssc_buf_init(&b, n + 32);
    ssc_buf_cstr(&b, "Invalid isoformat string: ");
    ssc_buf_str_repr_all(&b, p, n);
    ssc_raise_buf(SSC_EXC_ValueError, &b);
    return SSC_RAISED;
}

static int sdt_iso_date(sdt_text *t, int64_t *y, int64_t *m, int64_t *d) {
    if (!sdt_digits(t, 4, y))
        return 0;
    if (sdt_eat(t, '-'))
        return sdt_digits(t, 2, m) && sdt_eat(t, '-') && sdt_digits(t, 2, d);
#if SSC_PYTHON >= 311
    return sdt_digits(t, 2, m) && sdt_digits(t, 2, d);
#else
    return 0;
#endif
}

int32_t ssc_datetime_fromisoformat(const uint8_t *p, int32_t n, void *out) {
    sdt_text t = {p, n, 0};
    int64_t y, mo, d, h = 0, mi = 0, s = 0, us = 0;
    sdt_tz tz = {0, 0};
    if (!sdt_iso_date(&t, &y, &mo, &d))
        return sdt_invalid_iso(p, n);
    if (t.i < n) {
        /* the separator: any one character (a code point) */
        t.i++;
        while (t.i < n && (p[t.i] & 0xC0) == 0x80)
            t.i++;
        int ok = sdt_iso_clock(&t, &h, &mi, &s, &us);
        int zone = ok ? sdt_iso_offset(&t, &tz) : 0;
        if (!ok || zone == 0 || t.i != n)
            return sdt_invalid_iso(p, n);
        if (zone < 0) {
            sdt_delta d;
            sdt_delta_of(tz.offset, &d);
            return sdt_bad_offset(&d);
        }
    }
    sdt_timezone zone = {tz.offset};
    return ssc_datetime_new(y, mo, d, h, mi, s, us, tz.present, &zone, out);
}

int32_t ssc_date_fromisoformat(const uint8_t *p, int32_t n, void *out) {
    sdt_text t = {p, n, 0};
    int64_t y, m, d;
    if (!sdt_iso_date(&t, &y, &m, &d) || t.i != n)
        return sdt_invalid_iso(p, n);
    return ssc_date_new(y, m, d, out);
}

/* ---- strptime: CPython's _strptime, whose regex for each directive is matched here with its
 * alternatives in the regex's order, backtracking as re does; case-insensitive, a run of
 * whitespace in the format matching one or more whitespace characters. ---------------------- */

typedef struct {
    const uint8_t *data;
    int32_t n;
    const uint8_t *fmt;
    int32_t fn;
    int64_t values[128];   /* by directive letter; -1: not given */
    int32_t z_start, z_end;
} sdt_parse;

static int sdt_is_space(uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static uint8_t sdt_lower(uint8_t c) { return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c; }

static int sdt_digit_at(const sdt_parse *ps, int32_t i) {
    return i < ps->n && ps->data[i] >= '0' && ps->data[i] <= '9';
}

/* The number of digits an alternative of the form "ranges" would take at i, for a two-digit field
 * from lo to hi: CPython's regexes list the longest alternatives first. Candidate lengths, in order. */
static int sdt_number_lengths(const sdt_parse *ps, int32_t i, uint8_t c, int32_t *lengths) {
    int count = 0, two = sdt_digit_at(ps, i) && sdt_digit_at(ps, i + 1);
    int64_t v2 = two ? (ps->data[i] - '0') * 10 + (ps->data[i + 1] - '0') : -1;
    int64_t v1 = sdt_digit_at(ps, i) ? ps->data[i] - '0' : -1;
    switch (c) {
    case 'd':   /* 3[01]|[12]\d|0[1-9]|[1-9]| [1-9] */
        if (v2 >= 1 && v2 <= 31) lengths[count++] = 2;
        if (v1 >= 1) lengths[count++] = 1;
        if (i + 1 < ps->n && ps->data[i] == ' ' && sdt_digit_at(ps, i + 1) && ps->data[i + 1] != '0')
            lengths[count++] = -2;   /* " [1-9]": a space, then the digit */
        break;
    case 'm': case 'I':   /* 1[0-2]|0[1-9]|[1-9] */
        if (v2 >= 1 && v2 <= 12) lengths[count++] = 2;
        if (v1 >= 1) lengths[count++] = 1;
        break;
    case 'H':   /* 2[0-3]|[0-1]\d|\d */
        if (v2 >= 0 && v2 <= 23) lengths[count++] = 2;
        if (v1 >= 0) lengths[count++] = 1;
        break;
    case 'M':   /* [0-5]\d|\d */
        if (v2 >= 0 && v2 <= 59) lengths[count++] = 2;
        if (v1 >= 0) lengths[count++] = 1;
        break;
    case 'S':   /* 6[0-1]|[0-5]\d|\d */
        if (v2 >= 0 && v2 <= 61) lengths[count++] = 2;
        if (v1 >= 0) lengths[count++] = 1;
        break;
    case 'U': case 'W': case 'V':   /* 5[0-3]|[0-4]\d|\d (%V: 5[0-3]|0[1-9]|[1-4]\d|\d) */
        if (v2 >= 0 && v2 <= 53 && !(c == 'V' && v2 == 0)) lengths[count++] = 2;
        if (v1 >= 0) lengths[count++] = 1;
        break;
    case 'y':
        if (two) lengths[count++] = 2;
        break;
    case 'Y': case 'G':
        if (two && sdt_digit_at(ps, i + 2) && sdt_digit_at(ps, i + 3)) lengths[count++] = 4;
        break;
    case 'w':
        if (v1 >= 0 && v1 <= 6) lengths[count++] = 1;
        break;
    case 'u':
        if (v1 >= 1 && v1 <= 7) lengths[count++] = 1;
        break;
    case 'j': {   /* 36[0-6]|3[0-5]\d|[12]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9] */
        int64_t v3 = two && sdt_digit_at(ps, i + 2) ? v2 * 10 + (ps->data[i + 2] - '0') : -1;
        if (v3 >= 1 && v3 <= 366) lengths[count++] = 3;
        if (v2 >= 1) lengths[count++] = 2;
        if (v1 >= 1) lengths[count++] = 1;
        break;
    }
    case 'f':   /* [0-9]{1,6}, greedy */
        for (int k = 6; k >= 1; k--) {
            int all = 1;
            for (int j = 0; j < k; j++)
                all &= sdt_digit_at(ps, i + j);
            if (all) lengths[count++] = k;
        }
        break;
    }
    return count;
}

static int64_t sdt_number(const uint8_t *p, int32_t len) {
    int64_t v = 0;
    for (int32_t k = 0; k < len; k++)
        if (p[k] != ' ')
            v = v * 10 + (p[k] - '0');
    return v;
}

/* Whether data at i starts with `word`, case-insensitively. */
static int sdt_word_at(const sdt_parse *ps, int32_t i, const char *word, int32_t len) {
    if (i + len > ps->n)
        return 0;
    for (int32_t k = 0; k < len; k++)
        if (sdt_lower(ps->data[i + k]) != sdt_lower((uint8_t)word[k]))
            return 0;
    return 1;
}

static int sdt_match(sdt_parse *ps, int32_t fi, int32_t di, int32_t *end);

/* Tries `len` characters for directive c at di, then the rest of the format. */
static int sdt_take(sdt_parse *ps, uint8_t c, int64_t value, int32_t fi, int32_t di, int32_t len, int32_t *end) {
    int64_t saved = ps->values[c];
    ps->values[c] = value;
    if (sdt_match(ps, fi, di + len, end))
        return 1;
    ps->values[c] = saved;
    return 0;
}

static int sdt_names(sdt_parse *ps, uint8_t c, int32_t fi, int32_t di, int32_t *end) {
    /* full names before abbreviations where both are listed (CPython sorts by length, longest first) */
    int full = c == 'A' || c == 'B', months = c == 'b' || c == 'B';
    int count = months ? 12 : 7;
    int32_t best[24];
    int tried = 0;
    for (int32_t want = 9; want >= 3; want--)   /* longest first, as CPython's sorted alternatives */
        for (int k = 0; k < count; k++) {
            const char *name = months ? sdt_month_names[k + 1] : sdt_day_names[k];
            int32_t len = 0;
            while (name[len])
                len++;
            if (!full)
                len = 3;
            if (len == want && sdt_word_at(ps, di, name, len)) {
                best[tried++] = k;
                if (sdt_take(ps, c, months ? k + 1 : k, fi, di, len, end))
                    return 1;
            }
        }
    (void)best;
    return 0;
}

/* %z: [+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|Z */
static int sdt_zone(sdt_parse *ps, int32_t fi, int32_t di, int32_t *end) {
    if (di < ps->n && ps->data[di] == 'Z') {
        ps->z_start = di;
        ps->z_end = di + 1;
        return sdt_match(ps, fi, di + 1, end);
    }
    if (di >= ps->n || (ps->data[di] != '+' && ps->data[di] != '-'))
        return 0;
    int32_t lengths[8], count = 0, i = di + 1;
    if (!(sdt_digit_at(ps, i) && sdt_digit_at(ps, i + 1)))
        return 0;
    i += 2;
    int colon = i < ps->n && ps->data[i] == ':';
    i += colon;
    if (!(i < ps->n && ps->data[i] >= '0' && ps->data[i] <= '5' && sdt_digit_at(ps, i + 1)))
        return 0;
    i += 2;
    int32_t minutes_end = i;
    int colon2 = i < ps->n && ps->data[i] == ':';
    int32_t j = i + colon2;
    if (j < ps->n && ps->data[j] >= '0' && ps->data[j] <= '5' && sdt_digit_at(ps, j + 1)) {
        int32_t seconds_end = j + 2;
        if (seconds_end < ps->n && ps->data[seconds_end] == '.' && sdt_digit_at(ps, seconds_end + 1)) {
            int32_t k = seconds_end + 1, digits = 0;
            while (digits < 6 && sdt_digit_at(ps, k)) {
                k++;
                digits++;
            }
            for (int32_t stop = k; stop > seconds_end + 1; stop--)
                lengths[count++] = stop;
        }
        lengths[count++] = seconds_end;
    }
    lengths[count++] = minutes_end;
    for (int k = 0; k < count; k++) {
        ps->z_start = di;
        ps->z_end = lengths[k];
        if (sdt_match(ps, fi, lengths[k], end))
            return 1;
    }
    ps->z_start = -1;
    return 0;
}

static int sdt_directive(sdt_parse *ps, uint8_t c, int32_t fi, int32_t di, int32_t *end) {
    int32_t lengths[8];
    switch (c) {
    case 'a': case 'A': case 'b': case 'B':
        return sdt_names(ps, c, fi, di, end);
    case 'p':
        if (sdt_word_at(ps, di, "am", 2))
            return sdt_take(ps, c, 0, fi, di, 2, end);
        if (sdt_word_at(ps, di, "pm", 2))
            return sdt_take(ps, c, 1, fi, di, 2, end);
        return 0;
    case 'z':
        return sdt_zone(ps, fi, di, end);
    case 'Z': {
        static const char *const zones[3] = {"utc", "gmt", "UTC"};
        for (int k = 0; k < 2; k++)
            if (sdt_word_at(ps, di, zones[k], 3) && sdt_take(ps, c, k, fi, di, 3, end))
                return 1;
        return 0;
    }
    case '%':
        return di < ps->n && ps->data[di] == '%' && sdt_match(ps, fi, di + 1, end);
    }
    int count = sdt_number_lengths(ps, di, c, lengths);
    if (!count && !(c == 'd' || c == 'm' || c == 'I' || c == 'H' || c == 'M' || c == 'S' || c == 'U'
                    || c == 'W' || c == 'V' || c == 'y' || c == 'Y' || c == 'G' || c == 'w' || c == 'u'
                    || c == 'j' || c == 'f'))
        return -1;
    for (int k = 0; k < count; k++) {
        int32_t len = lengths[k] < 0 ? -lengths[k] : lengths[k];
        int64_t value = sdt_number(ps->data + di, len);
        if (c == 'f')
            for (int32_t j = len; j < 6; j++)
                value *= 10;
        if (sdt_take(ps, c, value, fi, di, len, end))
            return 1;
    }
    return 0;
}

/* Whether the format from fi matches the data from di; *end: where the match ended. */
static int sdt_match(sdt_parse *ps, int32_t fi, int32_t di, int32_t *end) {
    while (fi < ps->fn) {
        uint8_t c = ps->fmt[fi];
        if (sdt_is_space(c)) {   /* \s+, greedy, backtracking */
            while (fi < ps->fn && sdt_is_space(ps->fmt[fi]))
                fi++;
            int32_t stop = di;
            while (stop < ps->n && sdt_is_space(ps->data[stop]))
                stop++;
            for (; stop > di; stop--)
                if (sdt_match(ps, fi, stop, end))
                    return 1;
            return 0;
        }
        if (c == '%' && fi + 1 < ps->fn) {
            return sdt_directive(ps, ps->fmt[fi + 1], fi + 2, di, end) > 0;
        }
        if (di >= ps->n || sdt_lower(ps->data[di]) != sdt_lower(c))
            return 0;
        fi++;
        di++;
    }
    *end = di;
    return 1;
}

static int32_t sdt_strptime_error(const char *what, const uint8_t *a, int32_t an, const uint8_t *b, int32_t bn) {
    ssc_buf m;
    ssc_buf_init(&m, an + bn + 48);
    ssc_buf_cstr(&m, what);
    if (b) {
        ssc_buf_str_repr_all(&m, a, an);
        ssc_buf_cstr(&m, " does not match format ");
        ssc_buf_str_repr_all(&m, b, bn);
    } else {
        ssc_buf_put(&m, a, an);
    }
    ssc_raise_buf(SSC_EXC_ValueError, &m);
    return SSC_RAISED;
}

static int32_t sdt_check_format(const uint8_t *f, int32_t fn) {
    static const char known[] = "aAbBdfHIjmMpSUwWyYzZGuV%";
    for (int32_t i = 0; i < fn; i++) {
        if (f[i] != '%')
            continue;
        ssc_buf m;
        ssc_buf_init(&m, fn + 48);
        if (i + 1 == fn) {
            ssc_buf_cstr(&m, "stray % in format '");
        } else {
            uint8_t c = f[++i];
            int found = 0;
            for (const char *k = known; *k; k++)
                found |= (uint8_t)*k == c;
            if (found)
                continue;
            ssc_buf_byte(&m, '\'');
            ssc_buf_byte(&m, c);
            ssc_buf_cstr(&m, "' is a bad directive in format '");
        }
        ssc_buf_put(&m, f, fn);
        ssc_buf_byte(&m, '\'');
        ssc_raise_buf(SSC_EXC_ValueError, &m);
        return SSC_RAISED;
    }
    return SSC_OK;
}

static int32_t sdt_zone_offset(const sdt_parse *ps, sdt_tz *tz) {
    const uint8_t *z = ps->data + ps->z_start;
    int32_t len = ps->z_end - ps->z_start;
    tz->present = 1;
    tz->offset = 0;
    if (len == 1)
        return SSC_OK;   /* Z */
    int colon = z[3] == ':';
    if (len > 6 && (z[colon ? 6 : 5] == ':') != colon) {
        ssc_buf m;
        ssc_buf_init(&m, len + 40);
        ssc_buf_cstr(&m, "Inconsistent use of : in ");
        ssc_buf_put(&m, z, len);
        ssc_raise_buf(SSC_EXC_ValueError, &m);
        return SSC_RAISED;
    }
    int64_t h = sdt_number(z + 1, 2), m = sdt_number(z + 3 + colon, 2), s = 0, us = 0;
    int32_t at = 5 + colon;
    if (len > at) {
        at += colon;
        s = sdt_number(z + at, 2);
        at += 2;
        if (len > at) {
            int32_t digits = len - at - 1;
            us = sdt_number(z + at + 1, digits);
            for (int32_t k = digits; k < 6; k++)
                us *= 10;
        }
    }
    int64_t offset = ((h * 60 + m) * 60 + s) * SDT_US_PER_SECOND + us;
    if (offset >= SDT_US_PER_DAY) {
        sdt_delta d;
        sdt_delta_of(z[0] == '-' ? -offset : offset, &d);
        return sdt_bad_offset(&d);
    }
    tz->offset = z[0] == '-' ? -offset : offset;
    return SSC_OK;
}

int32_t ssc_datetime_strptime(const uint8_t *p, int32_t n, const uint8_t *f, int32_t fn, void *out) {
    if (sdt_check_format(f, fn))
        return SSC_RAISED;
    sdt_parse ps;
    ps.data = p;
    ps.n = n;
    ps.fmt = f;
    ps.fn = fn;
    ps.z_start = -1;
    for (int k = 0; k < 128; k++)
        ps.values[k] = -1;
    int32_t end = 0;
    if (!sdt_match(&ps, 0, 0, &end))
        return sdt_strptime_error("time data ", p, n, f, fn);
    if (end != n)
        return sdt_strptime_error("unconverted data remains: ", p + end, n - end, 0, 0);
    int64_t *v = ps.values;
    int64_t year = 1900, month = 1, day = 1, hour = 0;
    if (v['y'] >= 0)
        year = v['y'] <= 68 ? 2000 + v['y'] : 1900 + v['y'];
    if (v['Y'] >= 0)
        year = v['Y'];
    if (v['m'] >= 0)
        month = v['m'];
    else if (v['B'] >= 0 || v['b'] >= 0)
        month = v['b'] >= 0 ? v['b'] : v['B'];
    if (v['d'] >= 0)
        day = v['d'];
    if (v['H'] >= 0)
        hour = v['H'];
    if (v['I'] >= 0) {
        hour = v['I'] % 12;
        if (v['p'] == 1)
            hour += 12;
    }
    if (v['j'] >= 0) {
        if (year < 1 || year > 9999)
            return sdt_check_date(year, 1, 1);
        int64_t ord = sdt_ordinal(year, 1, 1) + v['j'] - 1;
        if (ord < 1 || ord > SDT_MAX_ORDINAL)
            return sdt_raise(SSC_EXC_OverflowError, "date value out of range");
        sdt_from_ordinal(ord, &year, &month, &day);
    }
    sdt_tz tz = {0, 0};
    if (ps.z_start >= 0 && sdt_zone_offset(&ps, &tz))
        return SSC_RAISED;
    sdt_timezone zone = {tz.offset};
    return ssc_datetime_new(year, month, day, hour, v['M'] >= 0 ? v['M'] : 0, v['S'] >= 0 ? v['S'] : 0,
                            v['f'] >= 0 ? v['f'] : 0, tz.present, &zone, out);
}

int32_t ssc_datetime_combine(const void *date, const void *time, void *out) {
    const sdt_date *d = date;
    const sdt_time *t = time;
    sdt_datetime *r = out;
    r->year = d->year;
    r->month = d->month;
    r->day = d->day;
    r->hour = t->hour;
    r->minute = t->minute;
    r->second = t->second;
    r->us = t->us;
    r->tz = t->tz;
    return SSC_OK;
}

/* dt.replace(...): a field given as SDT_KEEP (check/stdlib_datetime.py: semantics.DATETIME_KEEP)
 * keeps the receiver's; tzinfo likewise when keep_tz. */
#define SDT_KEEP (-(1LL << 62))
int32_t ssc_datetime_replace(const void *value, int64_t y, int64_t m, int64_t d, int64_t h, int64_t mi, int64_t s,
                             int64_t us, int32_t has_tz, const void *tz, int32_t keep_tz, void *out) {
    const sdt_datetime *t = value;
    sdt_timezone zone = {has_tz ? ((const sdt_timezone *)tz)->offset : 0};
    if (keep_tz) {
        has_tz = t->tz.present;
        zone.offset = t->tz.offset;
    }
    return ssc_datetime_new(y == SDT_KEEP ? t->year : y, m == SDT_KEEP ? t->month : m, d == SDT_KEEP ? t->day : d,
                            h == SDT_KEEP ? t->hour : h, mi == SDT_KEEP ? t->minute : mi,
                            s == SDT_KEEP ? t->second : s, us == SDT_KEEP ? t->us : us, has_tz, &zone, out);
}

int32_t ssc_timezone_utc(void *out) {
    ((sdt_timezone *)out)->offset = 0;
    return SSC_OK;
}
