"""Dates as the office writes them, for the pages of every app: one filter, ``when``.

``{{ event|when }}``, ``{{ photo|when }}``: anything with a ``date_span`` (a ``DateSpan``), written
at the precision it holds. ``{{ day|when }}`` a date ('17 May 2017'), ``{{ day|when:"month" }}``
('May 2017'), ``{{ day|when:"year" }}``; a timestamp ``{{ moment|when:"minute" }}`` ('17 May 2017,
09:05') or ``{{ moment|when:"time" }}`` ('09:05'), in the site's time zone.
"""

import datetime

from django import template

from unlops.dates import DatePrecision, DateSpan, format_date, format_datetime, format_time

register = template.Library()

TIMESTAMP_STYLES = {"minute": format_datetime, "time": format_time}


@register.filter
def when(value, style=""):
    if value is None or value == "":
        return ""
    span = getattr(value, "date_span", value)
    if isinstance(span, DateSpan):
        return str(span)
    if style in TIMESTAMP_STYLES:
        if not isinstance(value, datetime.datetime):
            raise template.TemplateSyntaxError(f"when:{style!r} needs a date and time.")
        return TIMESTAMP_STYLES[style](value)
    # A misspelt style is an error, not a silently exact day.
    return format_date(value, DatePrecision(style or DatePrecision.DAY))
