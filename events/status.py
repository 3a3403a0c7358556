"""Whether an event took place, as known, and what a page says of it at the time it is read.

An issue reports some events as coming ("the summit in November"). Inside that issue's pages (the
issue page, its articles, its exports) such an event is "upcoming as of" the issue's period, for
that is what the issue knew. Elsewhere, pages speak as of today: upcoming while its dates are
ahead, and once they have passed without anyone marking it held, planned "as reported in" the
issue that last mentioned it, never silently as something that happened.

``issue`` and ``reported_in`` are anything with ``period_start``, ``period_end`` and
``period_display`` (an issue), so this layer needs nothing from the newsletters.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


def status_label(event, *, issue=None, reported_in=None, today=None):
    """'' for an event held as the page's reader would expect; otherwise the words to show."""
    if issue is not None:
        return _in_issue(event, issue)
    return _as_of(event, today or timezone.localdate(), reported_in)


def _in_issue(event, issue):
    span = event.date_span
    after = span.starts_after(issue.period_end)
    period = issue.period_display
    if event.status == EventStatus.CANCELLED:
        if after:
            return gettext("Upcoming as of %(period)s; since cancelled") % {"period": period}
        return gettext("Cancelled")
    if event.status == EventStatus.PLANNED or after:
        return gettext("Upcoming as of %(period)s") % {"period": period}
    return ""


def _as_of(event, today, reported_in):
    if event.status == EventStatus.CANCELLED:
        return gettext("Cancelled")
    if event.status == EventStatus.HELD:
        return ""
    span = event.date_span
    if not span.known:
        return gettext("Planned")
    if not span.ended_before(today):
        return gettext("Upcoming")
    if reported_in is not None:
        return gettext("Planned, as reported in the %(period)s issue") % {
            "period": reported_in.period_display
        }
    return gettext("Planned; not recorded as held")
