"""What every piece of content that moves from draft to publication shares."""

from django.conf import settings
from django.db import models
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from unlops.richtext import (
    EDITOR_EXTENSIONS,
    FIGURE_EXTENSION,
    RichTextField,
    sanitize_html,
    sanitize_text_with_figures,
)

# The editor's "Insert photo" (static/js/admin-figure.js): the chooser to pick in, the address
# that describes the photos a text shows, its words.
FIGURE_OPTIONS = {
    "chooserUrl": reverse_lazy("admin:newsletters_photo_chooser"),
    "previewUrl": reverse_lazy("admin:newsletters_photo_figures"),
    "chooserScript": lazy(static, str)("js/admin-photo-chooser.js"),
    "stylesheets": [
        lazy(static, str)("css/admin-photos.css"),
        lazy(static, str)("css/admin-figure.css"),
    ],
    "labels": {
        "insert": _("Insert photo"),
        "button": _("Photo"),
        "full": _("Full width"),
        "inset": _("Inset"),
        "remove": _("Remove"),
        "up": _("Move up"),
        "down": _("Move down"),
        "placement": _("Placement"),
        "missing": _("This photo is not in the library any more."),
        "loading": _("Loading the photo…"),
        "figure": _("Photo in the text"),
    },
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


def rich_text_field(verbose_name, *, figures=False, **kwargs):
    """A rich-text field; with ``figures``, photos may be placed in its text (an article's body)."""
    extensions = {**EDITOR_EXTENSIONS, FIGURE_EXTENSION: FIGURE_OPTIONS} if figures else None
    return RichTextField(
        verbose_name,
        config={"extensions": extensions or EDITOR_EXTENSIONS},
        sanitize=sanitize_text_with_figures if figures else sanitize_html,
        blank=True,
        **kwargs,
    )


class Workflow(models.Model):
    """Fields every piece of content moving from draft through review to publication has."""

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    embargo_note = models.CharField(
        _("embargo note"),
        max_length=300,
        blank=True,
        help_text=_("For editors: why and until when this must not go out early."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts saves, so that an edit made on an older copy is refused."),
    )
    preview_revocations = models.PositiveIntegerField(
        _("preview links revoked"),
        default=0,
        editable=False,
        help_text=_("Counts revocations: a preview link made before the last one no longer opens."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True

    def set_status(self, status, *, by):
        """Record a move to ``status`` by the user ``by`` (saving is the caller's)."""
        if status != self.status:
            self.status = status
            self.status_changed_at = timezone.now()
            self.status_changed_by = by

    def save(self, *args, **kwargs):
        if self.pk is not None:
            # Counted from the stored row, so saving an old copy (a restore) still moves forward
            # and never brings back preview links revoked since the copy was read.
            stored = (
                type(self).objects.filter(pk=self.pk).values_list("version", "preview_revocations")
            )
            version, self.preview_revocations = stored.first() or (0, self.preview_revocations)
            self.version = version + 1
        super().save(*args, **kwargs)
