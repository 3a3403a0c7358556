"""Dates known to a day, a month or only a year, and how to write them."""

import calendar
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    WITHIN = "within", _("A day within the dates")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


def format_day(value):
    """'17 May 2017', without a leading zero."""
    return f"{value.day} {value:%B %Y}"


def format_date(value, precision=DatePrecision.DAY):
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%B %Y}"
    return format_day(value)


def format_range(start, end, precision=DatePrecision.DAY):
    """A date range written as the office writes it: '4–5 May 2017', 'October 2016 – May 2017'."""
    if start is None or precision == DatePrecision.UNKNOWN:
        return ""
    end = end or start
    if precision == DatePrecision.YEAR:
        return f"{start:%Y}" if start.year == end.year else f"{start:%Y}–{end:%Y}"
    if precision == DatePrecision.MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%B %Y}"
        if start.year == end.year:
            return f"{start:%B} – {end:%B %Y}"
        return f"{start:%B %Y} – {end:%B %Y}"
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {format_day(end)}"
    return f"{format_day(start)} – {format_day(end)}"


def parse_partial_date(value, *, last=False):
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' into (date, precision).

    A year or month gives its first day, or its last day with ``last=True``.
    """
    if not value:
        return None, DatePrecision.UNKNOWN
    parts = [int(part) for part in str(value).split("-")]
    if len(parts) == 1:
        day = datetime.date(parts[0], 12, 31) if last else datetime.date(parts[0], 1, 1)
        return day, DatePrecision.YEAR
    if len(parts) == 2:
        year, month = parts
        day = datetime.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return day, DatePrecision.MONTH
    return datetime.date(*parts), DatePrecision.DAY


def period_bounds(value, precision=DatePrecision.DAY):
    """The first and last day of the day, month or year ``value`` stands for; None if unknown."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value
