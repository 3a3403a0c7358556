"""Draft revisions of published work, the corrections they carry, and what history records.

The live row stays what the public reads. A revision holds a snapshot of everything the item shows
(newsletters.revisions makes and applies it) and moves through the same states; a publisher
publishes it at once or at a time, and only then is the snapshot written to the live row.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .content import Article, Issue
from .workflow import Status


class RevisionQuerySet(models.QuerySet):
    def open(self):
        """Revisions not yet live nor discarded: drafts, in review, or scheduled."""
        return self.filter(applied_at__isnull=True, discarded_at__isnull=True)

    def of(self, item):
        content_type = ContentType.objects.get_for_model(type(item))
        return self.filter(content_type=content_type, object_id=item.pk)

    def waiting(self):
        """Published by a publisher, not live yet: going live at their time."""
        return self.open().filter(status=Status.PUBLISHED)

    def due(self, now=None):
        return self.waiting().filter(go_live_at__lte=now or timezone.now())

    def next_go_live(self):
        """When the first scheduled revision goes live, or None: one query on the index."""
        return self.waiting().aggregate(first=models.Min("go_live_at"))["first"]


class Revision(models.Model):
    """Changes to a published article or issue, kept beside the live version until published."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    snapshot = models.JSONField(_("snapshot"), encoder=DjangoJSONEncoder)
    base_version = models.PositiveIntegerField(
        _("made from version"), help_text=_("The live version the revision was made from.")
    )
    # What the live version showed when the revision was made: publishing compares it with the
    # live row to see whether someone changed the live version since (None: made before it was
    # kept, so the version number is compared).
    base_snapshot = models.JSONField(
        _("live version it was made from"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    correction_note = models.TextField(
        _("correction note"),
        blank=True,
        help_text=_(
            "Optional, shown on the article or issue once published, after “Corrected on <date>:”. "
            "Say what was wrong, not who was at fault."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    go_live_at = models.DateTimeField(_("goes live"), null=True, blank=True)
    applied_at = models.DateTimeField(_("went live"), null=True, blank=True)
    discarded_at = models.DateTimeField(_("discarded"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["status", "applied_at", "discarded_at", "go_live_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(applied_at__isnull=True, discarded_at__isnull=True),
                name="newsletters_revision_one_open_per_item",
            )
        ]

    def __str__(self):
        return _("Revision of %(item)s") % {"item": self.snapshot.get("label", self.object_id)}

    @property
    def is_open(self):
        return self.applied_at is None and self.discarded_at is None

    @property
    def is_scheduled(self):
        return self.is_open and self.status == Status.PUBLISHED

    @property
    def state_label(self):
        if self.applied_at:
            return _("Live")
        if self.discarded_at:
            return _("Discarded")
        if self.status == Status.PUBLISHED:
            return _("Scheduled")
        return Status(self.status).label


class Correction(models.Model):
    """A public note that a published article or issue was corrected, and on which day."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("article"),
    )
    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("issue"),
    )
    note = models.TextField(_("note"))
    published_at = models.DateTimeField(_("corrected on"))
    revision = models.OneToOneField(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="correction"
    )

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(
                condition=(Q(article__isnull=False) & Q(issue__isnull=True))
                | (Q(article__isnull=True) & Q(issue__isnull=False)),
                name="correction_of_one_item",
            )
        ]

    def __str__(self):
        return self.note

    @property
    def day(self):
        """The day of the correction, in the site's time zone."""
        return timezone.localtime(self.published_at).date()
