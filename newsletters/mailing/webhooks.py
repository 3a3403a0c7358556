"""What the ESP reports through anymail's tracking webhooks (mounted at /newsletter/anymail/).

Only anymail's tracking views are mounted (no inbound mail), at anymail's own paths and names.
A view whose ESP is not configured here (Mailgun's refuses to start without its signing key)
answers 404 rather than a server error.

A hard bounce or a complaint suppresses the address, an unsubscribe takes it off the list. Soft
bounces and deferrals change nothing: the ESP tries again, and so may the next issue. The views
answer, and events are acted on, only while ``ANYMAIL["WEBHOOK_SECRET"]`` is set: anymail's views
take unauthenticated posts when no secret is set (with a warning), and no stranger may suppress
an address.
"""

import functools
import logging

from anymail import urls as anymail_urls
from anymail.signals import EventType, RejectReason, tracking
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import URLPattern
from django.views.decorators.csrf import csrf_exempt

from . import suppression
from .models import Delivery

logger = logging.getLogger(__name__)
# A rejection for one of these means the ESP holds the address as undeliverable: a hard bounce.
UNDELIVERABLE = {RejectReason.BOUNCED, RejectReason.INVALID}


def secured():
    return bool(getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"))


def is_hard_bounce(event, esp_name):
    """anymail calls some temporary failures "bounced": read the ESP's own word where it has one."""
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    if esp_name == "Postmark":
        # A bounce names its Type; a subscription change its SuppressionReason.
        return esp_event.get("Type", esp_event.get("SuppressionReason")) == "HardBounce"
    if esp_name == "Amazon SES":
        return (esp_event.get("bounce") or {}).get("bounceType") == "Permanent"
    return True  # Mailgun and the others report temporary failures as "deferred".


def reason(event, esp_name):
    detail = event.description or event.reject_reason or ""
    return f"{esp_name} {event.event_type}: {detail}".strip().rstrip(":")


def on_tracking(sender, event, esp_name, **kwargs):
    if not secured():
        logger.error("Anymail webhook event ignored: set ANYMAIL_WEBHOOK_SECRET (user:password)")
        return
    if not event.recipient:
        return
    common = {"email": event.recipient, "message_id": event.message_id or "", "when": None}
    kind = event.event_type
    if kind == EventType.COMPLAINED:
        suppression.suppress(
            **common, reason=reason(event, esp_name), status=Delivery.Status.COMPLAINED
        )
    elif (kind == EventType.BOUNCED and is_hard_bounce(event, esp_name)) or (
        kind == EventType.REJECTED and event.reject_reason in UNDELIVERABLE
    ):
        suppression.suppress(**common, reason=reason(event, esp_name))
    elif kind == EventType.UNSUBSCRIBED:
        suppression.unsubscribe_reported(email=event.recipient)


def connect():
    tracking.connect(on_tracking, dispatch_uid="mailing.webhooks.on_tracking")


def _unless_unconfigured(view):
    @csrf_exempt  # The ESP signs in with basic auth (and its signature), never with a cookie.
    @functools.wraps(view)
    def webhook(request, *args, **kwargs):
        if not secured():
            raise Http404  # No secret, no webhook: anymail would take anyone's post.
        try:
            return view(request, *args, **kwargs)
        except ImproperlyConfigured as error:
            logger.warning("Anymail webhook for an ESP not configured here: %s", error)
            raise Http404 from error

    return webhook


app_name = "anymail"
urlpatterns = [
    URLPattern(entry.pattern, _unless_unconfigured(entry.callback), name=entry.name)
    for entry in anymail_urls.urlpatterns
    if entry.name and entry.name.endswith("_tracking_webhook")
]
