"""What the ESP reports through anymail's tracking webhooks (mounted at /newsletter/anymail/).

A hard bounce or a complaint suppresses the address, an unsubscribe takes it off the list. Soft
bounces and deferrals change nothing: the ESP tries again, and so may the next issue. Events are
acted on only while ``ANYMAIL["WEBHOOK_SECRET"]`` is set, so that anymail's views (which accept
unauthenticated posts when no secret is set, with a warning) never let a stranger suppress an
address.
"""

import logging

from anymail.signals import EventType, RejectReason, tracking
from django.conf import settings

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
