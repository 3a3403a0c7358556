"""Signed links for readers who never sign in: confirm a subscription, leave the list."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "mailing.confirm"
UNSUBSCRIBE_SALT = "mailing.unsubscribe"


def confirm_token(subscriber):
    # The address is inside, so a token for an address later erased and re-entered still matches
    # only that address; max_age is checked on reading.
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=CONFIRM_SALT)


def read_confirm_token(token):
    """The (id, email) a confirmation token names, or None if forged or older than allowed."""
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.MAILING_CONFIRM_LINK_SECONDS
        )
    except signing.BadSignature:
        return None
    return data.get("id"), data.get("email")


def unsubscribe_token(subscriber):
    # Never expires: an unsubscribe link in a years-old message must still work.
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data.get("id"), data.get("email")


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscriber):
    return absolute(reverse("mailing:confirm", args=[confirm_token(subscriber)]))


def unsubscribe_url(subscriber):
    return absolute(reverse("mailing:unsubscribe", args=[unsubscribe_token(subscriber)]))
