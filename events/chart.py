"""The events timeline's bar chart: events per month, counted, then drawn as SVG geometry."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from .models import Event

CHART_MONTHS = 24


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_chart(events, year=None):
    """Bars of events per month, high-level visits apart, for the year or the latest 24 months."""
    rows = (
        events.exclude(start_date=None)
        .annotate(month=TruncMonth("start_date"))
        .order_by()
        .values("month")
        .annotate(
            total=Count("pk"),
            visits=Count("pk", filter=Q(kind=Event.Kind.HIGH_LEVEL_VISIT)),
        )
    )
    counts = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        counts[month.replace(day=1)] = (row["total"], row["visits"])
    if year:
        first = datetime.date(year, 1, 1)
        months = 12
    elif counts:
        last = max(counts)
        first = max(min(counts), add_months(last, 1 - CHART_MONTHS))
        months = (last.year - first.year) * 12 + last.month - first.month + 1
    else:
        return None
    bars = []
    for index in range(months):
        month = add_months(first, index)
        total, visits = counts.get(month, (0, 0))
        bars.append({"month": month, "total": total, "visits": visits, "others": total - visits})
    highest = max(bar["total"] for bar in bars)
    # Geometry of the SVG, in its own units; the viewBox scales it to the page.
    slot, height, top, bottom = 24, 120, 14, 34
    for index, bar in enumerate(bars):
        scale = (height / highest) if highest else 0
        bar["x"] = index * slot + 4
        bar["width"] = slot - 6
        bar["visits_height"] = round(bar["visits"] * scale, 1)
        bar["others_height"] = round(bar["others"] * scale, 1)
        bar["visits_y"] = round(top + height - bar["visits_height"], 1)
        bar["others_y"] = round(bar["visits_y"] - bar["others_height"], 1)
        bar["label_x"] = bar["x"] + bar["width"] / 2
        bar["value_y"] = bar["others_y"] - 3
        # The year under January, and under the first bar if its January is not too close.
        bar["show_year"] = bar["month"].month == 1 or (index == 0 and bar["month"].month < 11)
    busiest = max(bars, key=lambda bar: bar["total"])
    return {
        "bars": bars,
        "first": bars[0]["month"],
        "last": bars[-1]["month"],
        "total": sum(bar["total"] for bar in bars),
        "visits": sum(bar["visits"] for bar in bars),
        "highest": highest,
        "busiest": busiest if highest else None,
        "width": len(bars) * slot + 8,
        "height": top + height + bottom,
        "baseline": top + height,
        "month_y": top + height + 14,
        "year_y": top + height + 28,
        "top": top,
    }
