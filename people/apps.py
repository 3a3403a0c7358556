from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisations"

    def ready(self):
        from . import publicity
        from .signals import connect

        connect(self)
        publicity.register()
