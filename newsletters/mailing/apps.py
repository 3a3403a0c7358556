from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "newsletters.mailing"
    label = "mailing"
    verbose_name = _("Mailing")

    def ready(self):
        from . import webhooks

        webhooks.connect()
