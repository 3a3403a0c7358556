from . import (
    send_admin,  # noqa: F401 - registers the Mailing admin and its sending pages
    subscriber_admin,  # noqa: F401  (registers the subscribers' admin)
)
