"""The issue's form: its period picked as two months, as people name an issue.

The fields stay dates (``period_start``, ``period_end``): the first month is stored as its first
day, the last as its last day. A form posted with plain dates (an old client, a test) still works.
"""

import calendar
import datetime

from django import forms
from django.utils import dates, timezone
from django.utils.translation import gettext_lazy as _

from .workflow_admin import VersionedForm

FIRST_YEAR = 1990


class MonthWidget(forms.MultiWidget):
    """A month and a year, each a select with a label of its own for screen readers."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        months = [("", "—")] + [(str(n), dates.MONTHS[n]) for n in range(1, 13)]
        last = timezone.localdate().year + 3
        years = [("", "—")] + [(str(year), str(year)) for year in range(last, FIRST_YEAR - 1, -1)]
        super().__init__(
            [
                forms.Select(choices=months, attrs={"aria-label": _("Month")}),
                forms.Select(choices=years, attrs={"aria-label": _("Year")}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None]
        if isinstance(value, datetime.date):
            return [str(value.month), str(value.year)]
        return [None, None]

    def value_from_datadict(self, data, files, name):
        if name in data and f"{name}_0" not in data:
            return data.get(name)  # A plain date.
        return super().value_from_datadict(data, files, name)


class MonthField(forms.Field):
    """A month, as the date of its first day (``end=True``: its last day)."""

    widget = MonthWidget
    default_error_messages = {"invalid": _("Pick a month and a year.")}

    def __init__(self, *, end=False, **kwargs):
        kwargs.pop("max_length", None)
        self.end = end
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, "", [], ["", ""], [None, None]):
            return None
        try:
            if isinstance(value, str):
                day = datetime.date.fromisoformat(value)
                month, year = day.month, day.year
            else:
                month, year = (int(part) for part in value)
            first = datetime.date(year, month, 1)
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if self.end:
            return first.replace(day=calendar.monthrange(year, month)[1])
        return first


class IssueForm(VersionedForm):
    """The issue's form, with its period as two months."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, end in (("period_start", False), ("period_end", True)):
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = MonthField(
                    end=end,
                    required=old.required,
                    label=old.label,
                    help_text=old.help_text,
                    initial=old.initial,
                    disabled=old.disabled,
                )
