from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and visits"

    def ready(self):
        from . import publicity
        from .signals import connect

        connect(self)
        publicity.register()
