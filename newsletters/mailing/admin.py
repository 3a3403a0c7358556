from . import subscriber_admin  # noqa: F401  (registers the subscribers' admin)
