"""The events timeline's bar chart: events per month, counted, then drawn as SVG geometry.

An event is counted in its month only where the month is known. One known only to its year, one
whose sources give two dates, and one on a day somewhere between dates in two months go to a bar
of their year, drawn apart from the months ("month not known"), never into a January. Events with
no known date are counted for the caption and drawn nowhere.
"""

import datetime

from django.db.models import Case, CharField, Count, DateField, F, Q, Value, When
from django.db.models.functions import Coalesce, TruncMonth, TruncYear

from unlops.dates import DatePrecision, format_date

from .models import Event

CHART_MONTHS = 24
MONTH, YEAR, UNKNOWN = "month", "year", "unknown"
# Geometry of the SVG, in its own units; the viewBox scales it to the page.
SLOT, HEIGHT, TOP, BOTTOM = 24, 120, 14, 34
YEAR_SLOT = 34  # Wider than a month's: a year's label is four figures.
APART_LABEL = 84  # Room for "month not known" under the year bars.


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _bucketed(events):
    """Rows of bucket_kind (month, year or unknown), bucket (a month's or year's first day),
    total and visits."""
    month_unknown = (
        Q(date_precision=DatePrecision.YEAR)
        | Q(alternative_start_date__isnull=False)
        | (Q(date_precision=DatePrecision.WITHIN) & ~Q(first_month=F("last_month")))
    )
    return (
        events.order_by()
        .annotate(
            first_month=TruncMonth("start_date"),
            last_month=TruncMonth(Coalesce("end_date", "start_date")),
        )
        .annotate(
            bucket_kind=Case(
                When(
                    Q(start_date=None) | Q(date_precision=DatePrecision.UNKNOWN),
                    then=Value(UNKNOWN),
                ),
                When(month_unknown, then=Value(YEAR)),
                default=Value(MONTH),
                output_field=CharField(),
            )
        )
        .annotate(
            bucket=Case(
                When(bucket_kind=MONTH, then=F("first_month")),
                When(bucket_kind=YEAR, then=TruncYear("start_date")),
                default=None,
                output_field=DateField(),
            )
        )
        .values("bucket_kind", "bucket")
        .annotate(
            total=Count("pk"),
            visits=Count("pk", filter=Q(kind=Event.Kind.HIGH_LEVEL_VISIT)),
        )
    )


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def count(events):
    """({first of month: (total, visits)}, {year: (total, visits)}, events with no known date)."""
    months, years, undated = {}, {}, 0
    for row in _bucketed(events):
        counts = (row["total"], row["visits"])
        if row["bucket_kind"] == MONTH:
            months[_as_date(row["bucket"]).replace(day=1)] = counts
        elif row["bucket_kind"] == YEAR:
            years[_as_date(row["bucket"]).year] = counts
        else:
            undated += row["total"]
    return months, years, undated


def _window(months, years, year):
    """(first month, number of months) the chart shows, or None if there is nothing to draw."""
    if year:
        return datetime.date(year, 1, 1), 12
    if months:
        last = max(months)
        first = max(min(months), add_months(last, 1 - CHART_MONTHS))
        return first, (last.year - first.year) * 12 + last.month - first.month + 1
    if years:
        return datetime.date(max(years), 1, 1), 12
    return None


def _bar(total, visits, **fields):
    return {"total": total, "visits": visits, "others": total - visits, **fields}


def month_chart(events, year=None):
    """Bars of events per month, high-level visits apart, for the year or the latest 24 months,
    then a bar per year for the events whose month is not known."""
    months, years, undated = count(events)
    window = _window(months, years, year)
    if window is None:
        return None
    first, length = window
    bars = []
    for index in range(length):
        month = add_months(first, index)
        bars.append(
            _bar(
                *months.get(month, (0, 0)),
                month=month,
                initial=format_date(month, DatePrecision.MONTH)[:1],
                year_label=str(month.year),
                # The year under January, and under the first bar if its January is not too close.
                show_year=month.month == 1 or (index == 0 and month.month < 11),
            )
        )
    last = bars[-1]["month"]
    year_bars = [
        _bar(*years[each], year=each) for each in range(first.year, last.year + 1) if each in years
    ]
    return _geometry(bars, year_bars, first=first, last=last, undated=undated)


def _place(bar, x, scale, slot=SLOT):
    bar["x"] = x + (slot - SLOT) / 2
    bar["width"] = SLOT - 6
    bar["visits_height"] = round(bar["visits"] * scale, 1)
    bar["others_height"] = round(bar["others"] * scale, 1)
    bar["visits_y"] = round(TOP + HEIGHT - bar["visits_height"], 1)
    bar["others_y"] = round(bar["visits_y"] - bar["others_height"], 1)
    bar["label_x"] = bar["x"] + bar["width"] / 2
    bar["value_y"] = bar["others_y"] - 3


def _geometry(bars, year_bars, *, first, last, undated):
    every = bars + year_bars
    highest = max(bar["total"] for bar in every)
    scale = (HEIGHT / highest) if highest else 0
    for index, bar in enumerate(bars):
        _place(bar, index * SLOT + 4, scale)
    # The year bars stand apart, after a gap of a slot, so that none reads as a month.
    apart = (len(bars) + 1) * SLOT if year_bars else len(bars) * SLOT
    for index, bar in enumerate(year_bars):
        _place(bar, apart + index * YEAR_SLOT + 4, scale, YEAR_SLOT)
    busiest = max(bars, key=lambda bar: bar["total"])
    return {
        "bars": bars,
        "year_bars": year_bars,
        "apart_x": apart,
        "first": first,
        "last": last,
        "total": sum(bar["total"] for bar in every),
        "visits": sum(bar["visits"] for bar in every),
        "month_unknown": sum(bar["total"] for bar in year_bars),
        "undated": undated,
        "highest": highest,
        "busiest": busiest if busiest["total"] else None,
        "width": apart + (max(len(year_bars) * YEAR_SLOT, APART_LABEL) if year_bars else 0) + 8,
        "wide": len(every) > 14,
        "height": TOP + HEIGHT + BOTTOM,
        "baseline": TOP + HEIGHT,
        "month_y": TOP + HEIGHT + 14,
        "year_y": TOP + HEIGHT + 28,
        "top": TOP,
    }
