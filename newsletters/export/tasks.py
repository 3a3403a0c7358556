"""Exports are built by the queue's workers (``manage.py db_worker``), never by a request.

request_build    a download or preview found no stored file: enqueue its build, once
build_export     the worker runs the pipeline (get_export) and stores the file
schedule_refresh something an issue prints changed: after a short delay, enqueue the builds
                 of its public formats whose files are missing (refresh_exports)
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import default_task_backend, task

from ..models import Issue
from . import builds, formats
from .formats import Audience
from .pipeline import find_export, get_export

logger = logging.getLogger(__name__)

EVERY_ISSUE = "all"


def _issues(audience):
    # A public export prints a published issue only, even when its build was asked for earlier.
    return Issue.objects.published() if audience == Audience.PUBLIC else Issue.objects.all()


@task()
def build_export(*, issue_id, key, variant, audience, name):
    """Build and store one issue × format × audience export; ``name`` is the file asked for."""
    audience = Audience(audience)
    try:
        issue = _issues(audience).get(pk=issue_id)
    except Issue.DoesNotExist:
        builds.release(name)
        return ""
    try:
        stored = get_export(
            issue,
            formats.get(key, variant),
            audience=audience,
            progress=lambda message: builds.report(name, message),
        )
    except Exception as error:
        logger.exception("Export %s failed", name)
        builds.fail(name, f"{type(error).__name__}: {error}")
        raise
    builds.release(name)
    if stored.name != name:  # What the issue prints changed since the request: the newer file.
        builds.release(stored.name)
    return stored.name


def enqueue_build(issue, export_format, *, audience, stored):
    """Enqueue the build of ``stored`` unless it is on its way already; True if enqueued."""
    if not builds.claim(stored.name):
        return False
    try:
        result = build_export.enqueue(
            issue_id=issue.pk,
            key=export_format.key,
            variant=export_format.variant,
            audience=str(audience),
            name=stored.name,
        )
    except Exception:
        builds.release(stored.name)  # Enqueued nothing: the next request tries again.
        raise
    builds.note_task(stored.name, result.id)
    return True


def request_build(issue, export_format, *, audience, stored):
    """Make sure the build of ``stored`` is on its way; its record, for the waiting page."""
    enqueue_build(issue, export_format, audience=audience, stored=stored)
    return builds.record(stored.name) or builds.BuildRecord(builds.WAITING)


def _public_formats():
    return [export_format for export_format in formats.FORMATS if export_format.public]


@task()
def refresh_exports(*, issue_id=None):
    """Enqueue the missing public exports of a published issue (of every one, with None)."""
    cache.delete(_pending_key(issue_id))  # Changes from now on need a refresh of their own.
    issues = Issue.objects.published()
    if issue_id is not None:
        issues = issues.filter(pk=issue_id)
    queued = 0
    for issue in issues:
        for export_format in _public_formats():
            stored, present = find_export(issue, export_format, audience=Audience.PUBLIC)
            if not present:
                queued += enqueue_build(
                    issue, export_format, audience=Audience.PUBLIC, stored=stored
                )
    return queued


def _pending_key(issue_id):
    return f"unlops:export-refresh:{EVERY_ISSUE if issue_id is None else issue_id}"


def schedule_refresh(issue_id=None):
    """Refresh an issue's public exports (every issue's, with None) in a moment: a burst of
    edits within the delay makes one refresh, which reads the database as it then is."""
    if issue_id is not None and cache.get(_pending_key(None)):
        return False  # A refresh of every issue is waiting already.
    delay = settings.EXPORT_REFRESH_DELAY_SECONDS
    if not cache.add(_pending_key(issue_id), 1, delay + settings.EXPORT_BUILD_TIMEOUT_SECONDS):
        return False
    refresh = refresh_exports
    if delay and default_task_backend.supports_defer:
        refresh = refresh.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    try:
        refresh.enqueue(issue_id=issue_id)
    except Exception:
        cache.delete(_pending_key(issue_id))
        raise
    return True
