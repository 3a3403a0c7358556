from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteRights(models.Model):
    """Rights over the whole site rather than one kind of content; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            (
                "change_public",
                _("Can change and delete what published work shows (people, photos, events)"),
            )
        ]
        verbose_name = _("site right")
        verbose_name_plural = _("site rights")


class AuditEvent(models.Model):
    """One thing someone did that a head of office may have to account for: written by
    ``unlops.audit.record`` only, never changed or deleted from the admin."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("published")
        UNPUBLISH = "unpublish", _("unpublished")
        SCHEDULE = "schedule", _("changed the go-live time")
        DELETE = "delete", _("deleted")
        REVERT = "revert", _("restored an older version")
        RECOVER = "recover", _("recovered a deleted item")
        USER_ADD = "user_add", _("added a staff account")
        USER_DELETE = "user_delete", _("deleted a staff account")
        USER_FLAGS = "user_flags", _("changed an account's status")
        USER_GROUPS = "user_groups", _("changed an account's roles")
        USER_PERMISSIONS = "user_permissions", _("changed an account's permissions")
        GROUP_PERMISSIONS = "group_permissions", _("changed a group's permissions")
        GROUP_DELETE = "group_delete", _("deleted a group")
        # A person's requests under the GDPR: their data, handed over; their data, erased.
        DATA_EXPORT = "data_export", _("exported a person's data")
        ERASE = "erase", _("erased a person's data")

    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as it was, so the trail still names someone whose account is deleted since.
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        who = self.actor_name or _("the system")
        return f"{who} {self.get_action_display()} {self.object_repr}".strip()


class NotificationPreference(models.Model):
    """Whether a staff member gets the workflow's e-mails; no row means they do."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email = models.BooleanField(
        _("send me e-mails"),
        default=True,
        help_text=_(
            "Work submitted for review (if you review), and your own work sent back to draft "
            "or published."
        ),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)
