"""Sending an issue: a test to the publisher, then one delivery per confirmed subscriber.

A worker claims a batch of deliveries, sends them over one SMTP connection and marks each as sent
the moment the server accepts it, so a worker killed mid-send and restarted sends the rest and
nobody twice (docs/queue.md). Only a published issue is sent, only by a publisher.
"""

import logging
import smtplib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import connections as db_connections
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletters.models import Issue
from newsletters.workflow import can_publish

from .message import MessageBuilder
from .models import Delivery, Mailing, Subscriber

logger = logging.getLogger(__name__)
ACTIVE = [Mailing.Status.QUEUED, Mailing.Status.SENDING]


class SendRefused(Exception):
    """A sending that may not start: the issue is not public, or the user may not send."""


def _check(*, issue, by):
    if not can_publish(by, Issue):
        raise PermissionDenied(_("Only a publisher sends an issue."))
    if not Issue.objects.published().filter(pk=issue.pk).exists():
        raise SendRefused(
            _("Only a published issue is sent: publish “%(issue)s” first.") % {"issue": issue}
        )


def recipients(issue):
    """Confirmed subscribers who have no copy of ``issue`` yet: whom a new sending reaches."""
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).exclude(
        deliveries__issue=issue
    )


def test_send_start(*, issue, by):
    """Queue one copy of the issue to ``by``'s own address."""
    _check(issue=issue, by=by)
    if not by.email:
        raise SendRefused(_("Your account has no e-mail address: add one to send yourself a test."))
    from .tasks import send_test

    with transaction.atomic():
        mailing = Mailing.objects.create(
            issue=issue, kind=Mailing.Kind.TEST, requested_by=by, test_address=by.email
        )
        # The database backend stores the task in this transaction: both or neither.
        send_test.enqueue(mailing.pk)
    return mailing


def mailing_start(*, issue, by):
    """Queue the sending of ``issue`` to every confirmed subscriber who has not had it."""
    _check(issue=issue, by=by)
    from .tasks import send_mailing

    with transaction.atomic():
        mailing = Mailing.objects.create(
            issue=issue, kind=Mailing.Kind.SUBSCRIBERS, requested_by=by
        )
        send_mailing.enqueue(mailing.pk)
    return mailing


def resume_unfinished():
    """Queue again every mailing not done: after a worker died, its task never finishes."""
    from .tasks import send_mailing, send_test

    resumed = []
    for mailing in Mailing.objects.filter(status__in=ACTIVE).order_by("pk"):
        (send_test if mailing.kind == Mailing.Kind.TEST else send_mailing).enqueue(mailing.pk)
        resumed.append(mailing)
    return resumed


# The worker's side ------------------------------------------------------------------------


def send_test(mailing_id):
    mailing = Mailing.objects.select_related("issue").get(pk=mailing_id)
    if mailing.status not in ACTIVE:
        return mailing.status
    builder = MessageBuilder(mailing.issue, subject_prefix=_("[Test] "))
    subscriber = Subscriber.objects.filter(email=mailing.test_address.lower()).first()
    if subscriber is None:  # The link then leads nowhere, as it should from a test.
        subscriber = Subscriber(pk=0, email=mailing.test_address.lower())
    message, _message_id = builder.for_subscriber(subscriber)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Test mailing %s failed: %s", mailing.pk, error)
        status = Mailing.Status.FAILED
    else:
        status = Mailing.Status.DONE
    now = timezone.now()
    Mailing.objects.filter(pk=mailing.pk).update(status=status, started_at=now, finished_at=now)
    return status


def create_deliveries(mailing):
    """One pending delivery per confirmed subscriber who has none for this issue, once."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if mailing.started_at is not None:
            return mailing
        # Copies a stopped sending never sent are this one's to send.
        Delivery.objects.filter(issue_id=mailing.issue_id, status=Delivery.Status.PENDING).exclude(
            mailing__status__in=ACTIVE
        ).update(mailing=mailing, claimed_at=None)
        ids = recipients(mailing.issue_id).values_list("pk", flat=True)
        Delivery.objects.bulk_create(
            (Delivery(issue_id=mailing.issue_id, subscriber_id=pk, mailing=mailing) for pk in ids),
            batch_size=1000,
            ignore_conflicts=True,  # A copy made meanwhile by another sending stays the only one.
        )
        mailing.status, mailing.started_at = Mailing.Status.SENDING, timezone.now()
        mailing.save(update_fields=["status", "started_at"])
    return mailing


def claim_batch(mailing, *, size, lease):
    """Take up to ``size`` pending deliveries no live worker holds; return them with subscribers."""
    now = timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lte=now - lease)
    pending = Delivery.objects.filter(free, mailing=mailing, status=Delivery.Status.PENDING)
    with transaction.atomic():
        if db_connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: two workers each lock their own rows, neither waits for the other.
            ids = list(
                pending.select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:size]
            )
        else:
            ids = list(pending.order_by("pk").values_list("pk", flat=True)[:size])
        # SQLite runs one writer at a time: the update only takes rows still free, and the rows
        # stamped with this worker's moment are this worker's.
        pending.filter(pk__in=ids).update(claimed_at=now)
    return list(
        Delivery.objects.filter(pk__in=ids, claimed_at=now, status=Delivery.Status.PENDING)
        .select_related("subscriber")
        .order_by("pk")
    )


class Throttle:
    """At most ``rate`` messages a second (0: no limit), spread evenly."""

    def __init__(self, rate):
        self.interval = 1 / rate if rate > 0 else 0
        self.next_at = time.monotonic()
        self.lock = threading.Lock()

    def wait(self):
        if not self.interval:
            return
        with self.lock:  # Each sender books its moment, then waits for it on its own.
            now = time.monotonic()
            at = self.next_at = max(self.next_at, now) + self.interval
        if at - self.interval > now:
            time.sleep(at - self.interval - now)


def is_temporary(error):
    """4xx replies and lost connections are worth another try; a 5xx about the address is not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return 400 <= error.smtp_code < 500
    try:
        from anymail.exceptions import AnymailRecipientsRefused
    except ImportError:  # pragma: no cover - anymail is in requirements
        return True
    return not isinstance(error, AnymailRecipientsRefused)


def mark_failed(delivery, error, *, lease):
    attempts = delivery.attempts + 1
    message = f"{type(error).__name__}: {error}"[:500]
    if is_temporary(error) and attempts < settings.MAILING_MAX_ATTEMPTS:
        wait = min(settings.MAILING_RETRY_SECONDS * 2 ** (attempts - 1), 6 * 3600)
        # Claimed so that the lease runs out after the wait: then any worker takes it again.
        retry_claim = timezone.now() - lease + timedelta(seconds=wait)
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts, error=message, claimed_at=retry_claim
        )
    else:
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts, error=message, status=Delivery.Status.FAILED
        )


def send_batch(batch, builder, throttle, *, lease):
    """Send ``batch`` over one connection; each copy is marked sent as soon as it is accepted."""
    connection = get_connection(fail_silently=False)
    connection.open()
    try:
        for delivery in batch:
            message, message_id = builder.for_subscriber(delivery.subscriber, connection=connection)
            throttle.wait()
            try:
                message.send()
            except Exception as error:  # noqa: BLE001 - every error is recorded on its delivery
                mark_failed(delivery, error, lease=lease)
                connection.close()  # A refused or broken session starts afresh for the next.
                connection.open()
                continue
            # The window in which a crash would send this copy again: from the server's accept
            # to this update, one round trip to the database.
            # An ESP's own id (django-anymail) is what its webhooks name the message by.
            esp_id = getattr(getattr(message, "anymail_status", None), "message_id", None)
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.SENT,
                sent_at=timezone.now(),
                message_id=(message_id if esp_id in (None, "") else str(esp_id))[:255],
                attempts=F("attempts") + 1,
                error="",
            )
    finally:
        connection.close()


def send_claimed(mailing, builder, throttle, *, lease):
    """Claim and send batches until none is free; False if the issue stopped being public."""
    while Issue.objects.published().filter(pk=mailing.issue_id).exists():
        batch = claim_batch(mailing, size=settings.MAILING_BATCH_SIZE, lease=lease)
        if not batch:
            return True
        send_batch(batch, builder, throttle, lease=lease)
    return False


def _in_thread(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    finally:
        db_connections.close_all()  # This thread's own database connection.


def send_in_parallel(mailing, builder, throttle, *, lease):
    """``MAILING_CONNECTIONS`` SMTP sessions at once, each with its own batches: the waits for a
    distant server's replies overlap, while the throttle counts for them all."""
    count = max(1, settings.MAILING_CONNECTIONS)
    if count == 1:
        return send_claimed(mailing, builder, throttle, lease=lease)
    builder.edition("en")  # Rendered once, before the threads share it.
    with ThreadPoolExecutor(max_workers=count) as pool:
        runs = [
            pool.submit(_in_thread, send_claimed, mailing, builder, throttle, lease=lease)
            for _n in range(count)
        ]
        return all(run.result() for run in runs)


def deliver(mailing_id, *, wait_up_to=5.0):
    """Send every pending copy of a mailing; the return says whether it is done.

    Copies waiting for a retry sooner than ``wait_up_to`` seconds are waited for here; later
    ones leave the mailing for a task queued to run then (the return gives that moment)."""
    mailing = Mailing.objects.select_related("issue").get(pk=mailing_id)
    if mailing.status not in ACTIVE:
        return True, None
    mailing = create_deliveries(mailing)
    lease = timedelta(seconds=settings.MAILING_CLAIM_LEASE_SECONDS)
    builder = MessageBuilder(mailing.issue)
    throttle = Throttle(settings.MAILING_RATE_PER_SECOND)
    while True:
        if not send_in_parallel(mailing, builder, throttle, lease=lease):
            logger.warning("Mailing %s stopped: its issue is no longer public.", mailing.pk)
            Mailing.objects.filter(pk=mailing.pk).update(
                status=Mailing.Status.FAILED, finished_at=timezone.now()
            )
            return True, None
        left = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.PENDING).aggregate(
            count=Count("pk"), first_claim=Min("claimed_at")
        )
        if not left["count"]:
            Mailing.objects.filter(pk=mailing.pk, status__in=ACTIVE).update(
                status=Mailing.Status.DONE, finished_at=timezone.now()
            )
            return True, None
        free_at = (left["first_claim"] or timezone.now()) + lease
        seconds = (free_at - timezone.now()).total_seconds()
        if seconds > wait_up_to:
            return False, free_at
        time.sleep(max(seconds, 0.05))


def progress(mailing):
    """Sent, failed and left of a mailing, in one query whatever its size."""
    counts = Delivery.objects.filter(mailing=mailing).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        left=Count("pk", filter=Q(status=Delivery.Status.PENDING)),
    )
    if mailing.kind == Mailing.Kind.TEST:
        done = mailing.status == Mailing.Status.DONE
        counts = {
            "total": 1,
            "sent": int(done),
            "failed": int(mailing.status == Mailing.Status.FAILED),
            "left": int(mailing.status in ACTIVE),
        }
    return {
        **counts,
        "status": mailing.status,
        "status_label": mailing.get_status_display(),
        "finished": mailing.status not in ACTIVE,
    }
