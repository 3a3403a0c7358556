"""Import and export of subscribers, each with the consent they gave: a row without one is
refused, and an import never puts back on the list someone who left it."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from import_export import fields, widgets

from unlops.importing import NaturalKeyResource

from .models import Subscriber

Status = Subscriber.Status
CONSENT_FIELDS = ("consent_version", "consent_text", "consented_at")


class EmailWidget(widgets.CharWidget):
    """An address as the public form keeps it: trimmed and lower-cased."""

    def clean(self, value, row=None, **kwargs):
        return (super().clean(value, row, **kwargs) or "").strip().lower()


class ChoiceWidget(widgets.CharWidget):
    """One of a field's choices, by its code; anything else is named in the error."""

    def __init__(self, choices, default, **kwargs):
        super().__init__(**kwargs)
        self.values, self.default = [value for value, _label in choices], default

    def clean(self, value, row=None, **kwargs):
        value = (super().clean(value, row, **kwargs) or "").strip().lower() or self.default
        if value not in self.values:
            raise ValueError(
                _("“%(value)s” is not one of %(choices)s.")
                % {"value": value, "choices": ", ".join(self.values)}
            )
        return value


class MomentWidget(widgets.Widget):
    """A moment to the microsecond with its offset (ISO 8601), so that what consent was given
    when survives an export and an import unchanged; a time without offset is Brussels time."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if not isinstance(value, datetime.datetime):  # XLSX cells arrive as datetimes already.
            value = parse_datetime(str(value).strip().replace(" ", "T", 1))
            if value is None:
                raise ValueError(
                    _("Not a date and time: write it as 2019-05-02 10:00 or in ISO 8601.")
                )
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).isoformat() if value else ""


def moment_field(name):
    return fields.Field(attribute=name, column_name=name, widget=MomentWidget())


class SubscriberResource(NaturalKeyResource):
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    language = fields.Field(
        attribute="language",
        column_name="language",
        widget=ChoiceWidget(Subscriber.Language.choices, Subscriber.Language.ENGLISH),
    )
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(Status.choices, Status.PENDING),
    )
    consented_at = moment_field("consented_at")
    confirmed_at = moment_field("confirmed_at")
    unsubscribed_at = moment_field("unsubscribed_at")

    class Meta:
        model = Subscriber
        import_id_fields = ["email"]
        fields = [
            "email",
            "name",
            "language",
            "status",
            "consent_version",
            "consent_text",
            "consented_at",
            "confirmed_at",
            "unsubscribed_at",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        missing = [name for name in CONSENT_FIELDS if not row.get(name)]
        if missing:
            raise ValidationError(
                {
                    name: ValidationError(
                        _(
                            "No consent: every subscriber needs the version and text of what "
                            "they agreed to and when (consent_version, consent_text, "
                            "consented_at)."
                        ),
                        code="no_consent",
                    )
                    for name in missing
                }
            )

    def import_instance(self, instance, row, **kwargs):
        stored = None
        if instance.pk is not None:
            stored = Subscriber.objects.filter(pk=instance.pk).only("status").first()
        super().import_instance(instance, row, **kwargs)
        left = {Status.UNSUBSCRIBED, Status.SUPPRESSED}
        if stored is not None and stored.status in left and instance.status not in left:
            # Only the reader, by a new double opt-in, comes back after leaving or bouncing.
            raise ValidationError(
                {
                    "status": ValidationError(
                        _(
                            "%(email)s is %(status)s here: an import cannot put them back on "
                            "the list; they may subscribe again themselves."
                        )
                        % {"email": instance.email, "status": stored.get_status_display()},
                        code="left",
                    )
                }
            )

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.status == Status.CONFIRMED and instance.confirmed_at is None:
            instance.confirmed_at = instance.consented_at
