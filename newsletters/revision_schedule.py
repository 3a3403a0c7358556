"""Scheduled revisions go live with no job to run.

``apply_due_revisions`` is registered with unlops.cache, which calls it before any page is served
from the cache or made, and so before every view, feed, sitemap, search and export reads.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from unlops.guard import acting_as

from .models import Revision
from .revision_services import _go_live
from .revisions import NEXT_DUE_KEY

# How long "nothing due before …" is remembered: a revision scheduled in another process (with
# a cache of its own) is seen this late at most; the same process forgets it at once.
CHECK_SECONDS = 10
logger = logging.getLogger(__name__)


def apply_due_revisions():
    """Put live every scheduled revision whose time has come; return how many."""
    due = cache.get(NEXT_DUE_KEY)
    if due is None:
        first = Revision.objects.next_go_live()
        due = first.timestamp() if first else "none"
        cache.set(NEXT_DUE_KEY, due, CHECK_SECONDS)
    now = timezone.now()
    if due == "none" or due > now.timestamp():
        return 0
    applied, failed = 0, False
    for pk in Revision.objects.due(now).order_by("go_live_at", "pk").values_list("pk", flat=True):
        try:
            with transaction.atomic(), acting_as(None):  # The system, for the publisher.
                revision = Revision.objects.select_for_update().filter(pk=pk).first()
                if revision is not None and revision.is_open:  # Another request was first.
                    _go_live(revision, by=revision.status_changed_by)
                    applied += 1
        except Exception:  # A page must still be served; tried again a few seconds later.
            logger.exception("The scheduled revision %s could not go live.", pk)
            failed = True
    if failed:
        cache.set(NEXT_DUE_KEY, now.timestamp() + CHECK_SECONDS, CHECK_SECONDS)
    else:
        cache.delete(NEXT_DUE_KEY)
    return applied
