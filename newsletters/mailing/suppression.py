"""Addresses that must not be mailed again: hard bounces and complaints the ESP reports.

Each function is idempotent: the ESP retries a webhook it thinks failed, and sends some events
twice, so a second report of the same event changes nothing (the first time and reason stay).
"""

import logging

from django.db import transaction
from django.utils import timezone

from .models import Delivery, Subscriber

logger = logging.getLogger(__name__)
REASON_MAX_LENGTH = Subscriber._meta.get_field("suppressed_reason").max_length
STILL_MAILED = {Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED}


def normalised(email):
    return (email or "").strip().lower()


def _subscriber(email):
    """The subscriber at ``email``, locked for the change; None for an address we do not hold."""
    return Subscriber.objects.select_for_update().filter(email=normalised(email)).first()


def _mark_delivery(subscriber, *, message_id, status):
    """The delivery the event is about (by message ID, else the subscriber's latest) gets
    ``status``; no change if it has it."""
    deliveries = Delivery.objects.select_for_update().filter(subscriber=subscriber)
    delivery = None
    if message_id:
        ids = {message_id, message_id.strip("<>"), f"<{message_id.strip('<>')}>"}
        delivery = deliveries.filter(message_id__in=ids).first()
    if delivery is None:
        delivery = (
            deliveries.exclude(status=Delivery.Status.PENDING).order_by("-sent_at", "-pk").first()
        )
    if delivery is not None and delivery.status != status:
        delivery.status = status
        delivery.save(update_fields=["status"])
    return delivery


@transaction.atomic
def suppress(*, email, reason, status=Delivery.Status.BOUNCED, message_id="", when=None):
    """Never mail ``email`` again: its subscriber SUPPRESSED with the time and ``reason``, the
    delivery concerned marked ``status`` (bounced or complained). False for an unknown address."""
    subscriber = _subscriber(email)
    if subscriber is None:
        logger.info("Suppression for an address not on the list: ignored")
        return False
    if subscriber.status != Subscriber.Status.SUPPRESSED:
        subscriber.status = Subscriber.Status.SUPPRESSED
        subscriber.suppressed_at = when or timezone.now()
        subscriber.suppressed_reason = (reason or "")[:REASON_MAX_LENGTH]
        subscriber.save(update_fields=["status", "suppressed_at", "suppressed_reason"])
    _mark_delivery(subscriber, message_id=message_id, status=status)
    return True


@transaction.atomic
def unsubscribe_reported(*, email, when=None):
    """The reader left the list through the ESP (its own unsubscribe link or the mail client's
    List-Unsubscribe): no more mail. A suppressed address stays suppressed."""
    subscriber = _subscriber(email)
    if subscriber is None or subscriber.status not in STILL_MAILED:
        return False
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = when or timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    return True
