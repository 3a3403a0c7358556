"""Dates known to a day, a month or only a year, and how every page, note, caption, chart, feed and
export writes them: '17 May 2017', '4–5 May 2017', 'between 4 and 5 May 2017', 'November 2016',
'2015', '28 March 2017 or 26 April 2017'. Nothing here prints more than the precision held.

Templates reach it through the ``when`` filter (``{% load dates %}``); Python code through
``format_date``, ``format_range`` and ``DateSpan``.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    WITHIN = "within", _("A day within the dates")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


#: Precisions whose stored day is a stand-in: the first (or last) day of a month or a year.
COARSE = {DatePrecision.MONTH, DatePrecision.YEAR}


def local_date(value):
    """A date, or a datetime read in the site's time zone (a UTC midnight is another local day)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _month_name(value):
    return str(MONTHS[value.month])


def format_day(value):
    """'17 May 2017', without a leading zero."""
    value = local_date(value)
    return f"{value.day} {_month_name(value)} {value.year}"


def format_month(value):
    """'May 2017'."""
    value = local_date(value)
    return f"{_month_name(value)} {value.year}"


def format_date(value, precision=DatePrecision.DAY):
    """One date at its precision: '17 May 2017', 'May 2017', '2017', or '' if not known."""
    value = local_date(value)
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return format_month(value)
    return format_day(value)


def format_time(value):
    """'09:05', in the site's time zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%H:%M}"


def format_datetime(value):
    """'17 May 2017, 09:05', in the site's time zone: for timestamps, never for facts' dates."""
    return gettext("%(date)s, %(time)s") % {"date": format_day(value), "time": format_time(value)}


def _days(start, end):
    """'4–5 May 2017', '28 April – 2 May 2017', '30 December 2016 – 2 January 2017'."""
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {_month_name(end)} {end.year}"
    if start.year == end.year:
        return f"{start.day} {_month_name(start)} – {format_day(end)}"
    return f"{format_day(start)} – {format_day(end)}"


def _within(start, end):
    """'between 4 and 5 May 2017': one day somewhere in the range, not the whole range."""
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        first = str(start.day)
    elif start.year == end.year:
        first = f"{start.day} {_month_name(start)}"
    else:
        first = format_day(start)
    return gettext("between %(first)s and %(last)s") % {"first": first, "last": format_day(end)}


def _months(start, end):
    if (start.year, start.month) == (end.year, end.month):
        return format_month(start)
    if start.year == end.year:
        return f"{_month_name(start)} – {format_month(end)}"
    return f"{format_month(start)} – {format_month(end)}"


def _range(start, end, precision):
    if precision == DatePrecision.YEAR:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == DatePrecision.MONTH:
        return _months(start, end)
    if precision == DatePrecision.WITHIN:
        return _within(start, end)
    return _days(start, end)


def format_range(start, end=None, precision=DatePrecision.DAY, *, alternative=None):
    """A date range written as the office writes it: '4–5 May 2017', 'October 2016 – May 2017'.

    ``alternative`` is a second start date the source gives: both are printed, joined by 'or'.
    """
    start, end = local_date(start), local_date(end)
    if start is None or precision == DatePrecision.UNKNOWN:
        return ""
    text = _range(start, end or start, precision)
    if alternative:
        other = format_date(alternative, precision if precision in COARSE else DatePrecision.DAY)
        text = gettext("%(date)s or %(alternative)s") % {"date": text, "alternative": other}
    return text


def _last_of(day, precision):
    """The last day a stored date can stand for: its month's or year's last day if coarse."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


@dataclass(frozen=True)
class DateSpan:
    """When something happened, as exactly as it is known; ``str()`` writes it."""

    start: datetime.date | None
    end: datetime.date | None = None
    precision: str = DatePrecision.DAY
    alternative: datetime.date | None = None

    def __str__(self):
        return format_range(self.start, self.end, self.precision, alternative=self.alternative)

    @property
    def known(self):
        return self.start is not None and self.precision != DatePrecision.UNKNOWN

    @property
    def first_day(self):
        """The earliest day it can have been, or None if not known."""
        if not self.known:
            return None
        return min(day for day in (self.start, self.alternative) if day)

    @property
    def last_day(self):
        """The latest day it can have been, or None if not known."""
        if not self.known:
            return None
        days = [_last_of(self.end or self.start, self.precision)]
        if self.alternative:
            days.append(_last_of(self.alternative, self.precision))
        return max(days)

    def ended_before(self, day):
        return self.known and self.last_day < day

    def starts_after(self, day):
        return self.known and self.first_day > day

    @property
    def opening(self):
        """Its first day at the precision held, for notes such as 'Titles as of …'."""
        precision = self.precision if self.precision in COARSE else DatePrecision.DAY
        return DateSpan(self.start, self.start, precision if self.known else DatePrecision.UNKNOWN)

    @property
    def month(self):
        """The first day of the month it falls in, or None where the month is not known."""
        if not self.known or self.alternative or self.precision == DatePrecision.YEAR:
            return None
        end = self.end or self.start
        if self.precision == DatePrecision.WITHIN and (end.year, end.month) != (
            self.start.year,
            self.start.month,
        ):
            return None
        return self.start.replace(day=1)


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
