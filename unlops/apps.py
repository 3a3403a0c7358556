from django.apps import AppConfig


class UnlopsConfig(AppConfig):
    """The site app: what every domain app shares (tags, includes, media, roles, commands)."""

    name = "unlops"
    verbose_name = "Site"
