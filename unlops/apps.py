from django.apps import AppConfig


class UnlopsConfig(AppConfig):
    """The site app: what every domain app shares (tags, includes, media, roles, commands)."""

    name = "unlops"
    verbose_name = "Site"

    def ready(self):
        from . import audit

        audit.connect()  # Changes of rights reach the audit trail, whichever path makes them.
