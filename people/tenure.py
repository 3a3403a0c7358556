"""When a post is held, from dates known to the day, the month, the year or not at all.

What is known decides, and a day between what is known is *not known*, never guessed:

- A start known to a month ("January 2017") means the post is certainly held from the month's
  last day on, certainly not before its first day, and not known in between. An end known to a
  month likewise: certainly held up to its first day, certainly not after its last day.
- A post whose start is not known, with nothing else known of it, counts as held since ever: the
  source gives the title without dates. One that has ended on a day not known (``ended``) is
  then never certainly held.
- A day (or month) the source shows the person in post (``in_post_on``: "still in post on
  16 March 2017", "in post by 26 April 2017 at the latest") bounds what is not known: a post of
  unknown start is certainly held from then on, not before; one ended on an unknown day up to
  then, not after. It is shown as what it is, never as a start or an end.

``held_during(first, last)`` answers for the day ``first`` or, given ``last``, for a period (an
event known to the month, one over several days): True if the post is certainly held on some
day of it, False if certainly on none, None if not known. Titles are printed only for True.
"""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from unlops.dates import DatePrecision, format_date, period_bounds

# The precisions a start, an end or a day in post may have ("a day within two dates" is an
# event's).
TERM_PRECISIONS = [
    (precision.value, precision.label)
    for precision in (
        DatePrecision.DAY,
        DatePrecision.MONTH,
        DatePrecision.YEAR,
        DatePrecision.UNKNOWN,
    )
]


# (date field, its precision, kept as the last day of its month or year) of an appointment.
TERM_FIELDS = [
    ("start_date", "start_precision", False),
    ("end_date", "end_precision", True),
    ("in_post_on", "in_post_precision", False),
]
KNOWN_PRECISIONS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)


def stored_date(value, precision, *, last=False):
    """The date kept for ``value``: the first day of its month or year (the last, for an end);
    None if not known."""
    bounds = period_bounds(value, precision)
    if bounds is None:
        return None
    return bounds[1] if last else bounds[0]


def _unknown(date_field, precision_field):
    return Q(**{f"{date_field}__isnull": True}) | Q(**{precision_field: DatePrecision.UNKNOWN})


def _certainly_since(date_field, precision_field, day):
    """The date, kept as the first day of its period, stands for a period over by ``day``."""
    after = day + datetime.timedelta(days=1)
    return reduce(
        or_,
        (
            Q(**{precision_field: p, f"{date_field}__lt": period_bounds(after, p)[0]})
            for p in KNOWN_PRECISIONS
        ),
    )


def _certainly_until(date_field, precision_field, day, *, kept_last):
    """The date stands for a period that starts on or after ``day``."""
    conditions = []
    for p in KNOWN_PRECISIONS:
        first, last = period_bounds(day, p)
        if kept_last:  # The date is its period's last day.
            threshold = day if day == first else last + datetime.timedelta(days=1)
        else:  # The date is its period's first day.
            threshold = day
        conditions.append(Q(**{precision_field: p, f"{date_field}__gte": threshold}))
    return reduce(or_, conditions)


def held_on_q(day):
    """The database's version of ``Tenure.is_held_on(day)``, for dates kept as save() keeps
    them."""
    since = (
        (_unknown("start_date", "start_precision") & _unknown("in_post_on", "in_post_precision"))
        | _certainly_since("start_date", "start_precision", day)
        | _certainly_since("in_post_on", "in_post_precision", day)
    )
    until = (
        (Q(ended=False) & _unknown("end_date", "end_precision"))
        | _certainly_until("end_date", "end_precision", day, kept_last=True)
        | _certainly_until("in_post_on", "in_post_precision", day, kept_last=False)
    )
    # A post known to the day is held on its first and its last day.
    exact = (
        Q(start_precision=DatePrecision.DAY, start_date=day)
        | Q(end_precision=DatePrecision.DAY, end_date=day)
        | Q(in_post_precision=DatePrecision.DAY, in_post_on=day)
    )
    return (since & until) | exact


class Tenure:
    """For Appointment: when the post is held, and how its dates are written."""

    # The periods the known dates stand for, (first day, last day), or None if not known.

    @property
    def start_period(self):
        return period_bounds(self.start_date, self.start_precision)

    @property
    def end_period(self):
        return period_bounds(self.end_date, self.end_precision)

    @property
    def in_post_period(self):
        return period_bounds(self.in_post_on, self.in_post_precision)

    @property
    def has_ended(self):
        """Known to be over, with or without a date."""
        return bool(self.ended or self.end_period)

    def _held_since(self):
        """The first day the post is certainly held, if it goes on: None for since ever."""
        known = [bounds[1] for bounds in (self.start_period, self.in_post_period) if bounds]
        return min(known) if known else None

    def _held_until(self):
        """The last day the post is certainly held, if it had started; datetime.date.max while it
        goes on, None if no day is certain."""
        if not self.has_ended:
            return datetime.date.max
        known = [bounds[0] for bounds in (self.end_period, self.in_post_period) if bounds]
        return max(known) if known else None

    @property
    def left_by(self):
        """The latest day the post is known to have been held, to find the post left last."""
        known = [bounds[0] for bounds in (self.end_period, self.in_post_period) if bounds]
        return max(known, default=self.start_date or datetime.date.min)

    def starts_after(self, day):
        start = self.start_period
        return start is not None and day < start[0]

    def held_during(self, first, last=None):
        """True, False or None (not known): is the post held on ``first`` or, if ``last`` is
        given, on some day from ``first`` to ``last``?"""
        last = last or first
        end = self.end_period
        if self.starts_after(last) or (end is not None and end[1] < first):
            return False
        # The post is held on its first day, its last and the day the source shows it: a period
        # that holds the whole of one of them holds a day of the post.
        for bounds in (self.in_post_period, self.start_period, end):
            if bounds is not None and first <= bounds[0] and bounds[1] <= last:
                return True
        since, until = self._held_since(), self._held_until()
        if until is not None and max(first, since or first) <= min(last, until):
            return True
        return None

    def is_held_on(self, day):
        return self.held_during(day) is True

    @property
    def is_current(self):
        return not self.has_ended and self.is_held_on(timezone.localdate())

    # As pages write them.

    @property
    def start_display(self):
        return format_date(self.start_date, self.start_precision)

    @property
    def end_display(self):
        return format_date(self.end_date, self.end_precision)

    @property
    def dates_display(self):
        """'January 2017 – present', 'Date not known – January 2017', never a day not known."""
        start, end = self.start_display, self.end_display
        if end:
            return gettext("%(start)s – %(end)s") % {
                "start": start or gettext("Date not known"),
                "end": end,
            }
        if self.has_ended:
            if start:
                return gettext("%(start)s – end date not known") % {"start": start}
            return gettext("Dates not known; no longer held")
        if self.is_current:
            return gettext("%(start)s – present") % {"start": start or gettext("Date not known")}
        return gettext("%(start)s – …") % {"start": start or gettext("Date not known")}

    @property
    def in_post_display(self):
        """What the source shows of the post between its dates: 'In post on 16 March 2017'."""
        text = format_date(self.in_post_on, self.in_post_precision)
        if not text:
            return ""
        if self.in_post_precision == DatePrecision.DAY:
            return gettext("In post on %(date)s") % {"date": text}
        return gettext("In post in %(date)s") % {"date": text}
