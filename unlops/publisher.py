"""The office that publishes the newsletter, as settings.PUBLISHER describes it."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

REQUIRED = ("name", "acronym", "city")


def publisher_details():
    """settings.PUBLISHER with what it may leave out filled in, for pages, mastheads and exports.

    The setting names the office (``name``, ``acronym``, ``city``); ``address`` (lines, or one
    string of lines), ``email``, ``website`` and ``about`` are optional.
    """
    configured = getattr(settings, "PUBLISHER", None) or {}
    missing = [key for key in REQUIRED if not configured.get(key)]
    if missing:
        raise ImproperlyConfigured(f"settings.PUBLISHER needs {', '.join(missing)}.")
    details = {"address": "", "email": "", "website": "", "about": "", **configured}
    address = details["address"]
    if isinstance(address, str):
        address = [line.strip() for line in address.splitlines() if line.strip()]
    details["address_lines"] = address or [details["city"]]
    if not details["about"]:
        details["about"] = gettext(
            "The %(name)s (%(acronym)s) in %(city)s works with the European Union and NATO on "
            "peace and security. Its newsletter reports on their cooperation with the United "
            "Nations and on the visits of UN officials."
        ) % {key: details[key] for key in REQUIRED}
    return details
