from django.db import models
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
