"""Prefix each record with its timestamp as an ISO-8601 UTC string, computed by hand."""
from smartstream import smartstream, Record


def civil_from_days(days: int) -> tuple[int, int, int]:
    # Howard Hinnant's algorithm
    days += 719468
    era = (days if days >= 0 else days - 146096) // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y, m, d)


def iso(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    days, secs = divmod(seconds, 86400)
    year, month, day = civil_from_days(days)
    hh, rem = divmod(secs, 3600)
    mm, ss = divmod(rem, 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (year, month, day, hh, mm, ss, millis)


@smartstream.map
def map(record: Record):
    stamp = iso(record.timestamp)
    return record.key, stamp + " " + record.value.decode()
