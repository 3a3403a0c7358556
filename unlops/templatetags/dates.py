"""Dates as the office writes them, for the pages of every app."""

from django import template

from unlops.dates import format_day

register = template.Library()


@register.filter
def day(value):
    """'17 May 2017'."""
    return format_day(value) if value else ""


@register.filter
def month(value):
    """'May 2017'."""
    return f"{value:%B %Y}" if value else ""
