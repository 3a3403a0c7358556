"""What changes a subscriber: subscribing (double opt-in), confirming, leaving the list, and a
person's requests under the GDPR (their data, their erasure). Keyword-only and atomic."""

import enum
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from unlops import audit

from . import consent, limits
from .confirmation import send_confirmation
from .models import Subscriber
from .tokens import read_confirm_token

log = logging.getLogger(__name__)
Status = Subscriber.Status


class TooManyRequests(Exception):
    """One client address asked for too many subscriptions this hour."""


class Outcome(enum.Enum):
    """What subscribe() did; for tests and logs only: the reader is told the same every time."""

    MAILED = "mailed"
    ALREADY_MAILED = "already mailed within the hour"
    NOT_MAILED = "not mailed (confirmed or suppressed)"
    MAIL_FAILED = "the mail server refused the confirmation"


def normalise_email(email):
    email = (email or "").strip().lower()
    validate_email(email)
    return email


def subscribe(*, email, name="", language="en", client_address=None):
    """Ask for ``email`` to join the list: a pending row and a confirmation link by mail.

    Raises ValidationError for an address that is not one, TooManyRequests past the client
    address's hourly limit. Confirmed and suppressed addresses get no mail; an unsubscribed one
    starts again from pending; a pending one is mailed again only after an hour.
    """
    email = normalise_email(email)
    if language not in Subscriber.Language.values:
        raise ValidationError({"language": "Choose English or French."})
    if not limits.allow_client(client_address):
        raise TooManyRequests
    try:
        with transaction.atomic():
            subscriber, outcome = _register(email=email, name=name.strip()[:200], language=language)
            if outcome is Outcome.MAILED:
                # Inside the transaction: the time of the mail is stored only if it went out.
                send_confirmation(subscriber)
    except (smtplib.SMTPException, OSError):
        log.exception("The confirmation mail of a subscription could not be sent")
        return Outcome.MAIL_FAILED
    return outcome


def _locked(email):
    return Subscriber.objects.select_for_update().filter(email=email).first()


def _register(*, email, name, language):
    now = timezone.now()
    subscriber = _locked(email)
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=email, name=name, language=language, **_consent(language, now)
                )
        except IntegrityError:  # The same address, subscribed at the same moment.
            subscriber = _locked(email)
        else:
            subscriber.confirmation_sent_at = now
            subscriber.save(update_fields=["confirmation_sent_at"])
            return subscriber, Outcome.MAILED
    if subscriber.status in {Status.CONFIRMED, Status.SUPPRESSED}:
        return subscriber, Outcome.NOT_MAILED
    resend_after = timedelta(seconds=settings.MAILING_CONFIRM_RESEND_SECONDS)
    if (
        subscriber.status == Status.PENDING
        and subscriber.confirmation_sent_at is not None
        and now - subscriber.confirmation_sent_at < resend_after
    ):
        return subscriber, Outcome.ALREADY_MAILED
    # Pending for over an hour, or back after leaving: a new consent, confirmed again.
    subscriber.status = Status.PENDING
    subscriber.name, subscriber.language = name, language
    for field, value in _consent(language, now).items():
        setattr(subscriber, field, value)
    subscriber.confirmed_at = None
    subscriber.confirmation_sent_at = now
    subscriber.save()
    return subscriber, Outcome.MAILED


def _consent(language, when):
    return {
        "consent_version": consent.version(),
        "consent_text": consent.text(language),
        "consented_at": when,
    }


@transaction.atomic
def confirm(*, token):
    """Confirm the pending subscription ``token`` names; the subscriber, or None if the link is
    forged, expired or no longer matches a pending (or confirmed) subscription."""
    found = read_confirm_token(token)
    if found is None:
        return None
    pk, email = found
    subscriber = Subscriber.objects.select_for_update().filter(pk=pk, email=email).first()
    if subscriber is None or subscriber.status not in {Status.PENDING, Status.CONFIRMED}:
        return None
    if subscriber.status == Status.PENDING:
        subscriber.status = Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber):
    """Take ``subscriber`` off the list at once; again changes nothing. A suppressed address
    stays suppressed: it is mailed no more either way."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status in {Status.PENDING, Status.CONFIRMED}:
        subscriber.status = Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def personal_data(subscriber):
    """Everything kept about ``subscriber``, as plain values for a JSON answer to their request."""
    fields = [
        "email",
        "name",
        "language",
        "status",
        "consent_version",
        "consent_text",
        "consented_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "suppressed_at",
        "suppressed_reason",
        "created_at",
    ]
    data = {field: _plain(getattr(subscriber, field)) for field in fields}
    data["deliveries"] = [
        {
            "issue": str(delivery.issue),
            "status": delivery.status,
            "sent_at": _plain(delivery.sent_at),
        }
        for delivery in subscriber.deliveries.select_related("issue").order_by("pk")
    ]
    return data


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def export_personal_data(*, subscribers, by):
    """The data of each of ``subscribers`` ({"subscribers": [...]}); each export is audited."""
    exported = []
    for subscriber in subscribers:
        exported.append(personal_data(subscriber))
        audit.record(audit.Action.DATA_EXPORT, _anonymous(subscriber), actor=by, model=Subscriber)
    return {"subscribers": exported}


@transaction.atomic
def erase(*, subscriber, by):
    """Delete ``subscriber``, their deliveries and the admin's log of their row, keeping nothing
    that names them; the audit trail says only that row number N was erased, and by whom."""
    pk = subscriber.pk
    deliveries, _ = subscriber.deliveries.all().delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Subscriber), object_id=str(pk)
    ).delete()
    Subscriber.objects.filter(pk=pk).delete()
    audit.record(
        audit.Action.ERASE,
        _anonymous(subscriber),
        actor=by,
        model=Subscriber,
        detail={"deliveries": deliveries},
    )


def _anonymous(subscriber):
    return subscriber.pk, f"subscriber #{subscriber.pk}"
