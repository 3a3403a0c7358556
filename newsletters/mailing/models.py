"""Subscribers, the sendings of an issue, and one delivery per issue and subscriber."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    """A reader's address, with the consent they gave and where their subscription stands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed (bounced or complained)")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    # Kept lower-cased (services normalise it), so one address is one row whatever its spelling.
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # The consent as the reader saw it: the text and its version are copied, not referenced, so
    # a later wording never rewrites what someone agreed to.
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_text = models.TextField(_("consent text"))
    consented_at = models.DateTimeField(_("consent given"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    suppressed_at = models.DateTimeField(_("suppressed"), null=True, blank=True)
    suppressed_reason = models.CharField(_("why suppressed"), max_length=200, blank=True)
    # The last confirmation mail, for the rate limit of one per address and hour.
    confirmation_sent_at = models.DateTimeField(_("confirmation mailed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]

    def __str__(self):
        return self.email


class Mailing(models.Model):
    """One sending of an issue's e-mail edition: a test to its sender, or to every subscriber."""

    class Kind(models.TextChoices):
        TEST = "test", _("test to the sender")
        SUBSCRIBERS = "subscribers", _("to subscribers")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    issue = models.ForeignKey(
        "newsletters.Issue", on_delete=models.PROTECT, related_name="mailings"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A test goes to this address only; a real sending to the confirmed subscribers.
    test_address = models.EmailField(_("test address"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.issue} ({self.get_kind_display()})"


class Delivery(models.Model):
    """One subscriber's copy of one issue: the row that makes a restarted send send nobody twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("complained")

    issue = models.ForeignKey(
        "newsletters.Issue", on_delete=models.PROTECT, related_name="deliveries"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set when a worker takes the row: a row claimed long ago by a worker that died is taken again.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("message ID"), max_length=255, blank=True, db_index=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="mailing_one_delivery_per_issue_subscriber"
            )
        ]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self):
        return f"{self.issue} → {self.subscriber}"
