from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import publicity
        from .roles import sync_roles_after_migrate
        from .signals import connect

        connect(self)
        publicity.register()
        # Roles are kept in code: a permission added later reaches the groups on the next migrate.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
