"""Whole-page caching of the public site, invalidated by a content version any change bumps."""

import hashlib
import threading
import time
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

VERSION_KEY = "unlops:content-version"
NEXT_CHANGE_KEY = "unlops:next-scheduled-change"
NOTHING_SCHEDULED = "none"

# Functions returning the next time (an aware datetime, or None) at which published content
# changes by itself: scheduled issues and articles going public. Apps register them when ready.
_schedules = []


def register_schedule(source):
    if source not in _schedules:
        _schedules.append(source)


# Functions that make scheduled changes happen (a revision going live at its time) with no job to
# run: called before any page is served or made, each cheap when nothing is due.
_due_work = []


def register_due_work(work):
    if work not in _due_work:
        _due_work.append(work)


def run_due_work():
    for work in _due_work:
        work()


def content_version():
    """The current content version; a fresh one (never reused) if the cache lost it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A time-based start, so a version lost by the cache cannot meet pages cached under it.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)
    # The change may have scheduled something, or brought a scheduled time forward.
    cache.delete(NEXT_CHANGE_KEY)


def _bump_on_commit_pending(connection):
    # Django drops the callbacks of a rolled-back savepoint or transaction from this list, so the
    # list, not a flag of ours that a rollback would leave set, says whether one is still due.
    return any(func is _bump for _sids, func, _robust in connection.run_on_commit)


_coalescing = threading.local()


@contextmanager
def invalidation_coalesced():
    """Changes made within bump the version only when their transaction commits (never if it
    rolls back), not once more per row as well: an import saves thousands, and a preview,
    rolled back, leaves pages alone."""
    _coalescing.depth = getattr(_coalescing, "depth", 0) + 1
    try:
        yield
    finally:
        _coalescing.depth -= 1


def bump_content_version(using=DEFAULT_DB_ALIAS, **kwargs):
    """Signal receiver: any saved, deleted or re-linked row makes every cached page stale.

    Inside a transaction, the version moves twice: now, and again on commit. Until the commit,
    other connections still read the old rows, and a page they render meanwhile is stored under
    the new version; the second bump retires it. One bump per transaction, however many rows.
    """
    connection = connections[using]
    in_transaction = connection.in_atomic_block
    if not (in_transaction and getattr(_coalescing, "depth", 0)):
        _bump()
    if in_transaction and not _bump_on_commit_pending(connection):
        connection.on_commit(_bump)


def seconds_to_next_change():
    """Seconds until scheduled content goes public by itself; None if nothing is scheduled.

    Asked only when a page is stored, and remembered until that moment or the next change.
    """
    found = cache.get(NEXT_CHANGE_KEY)
    if found is None:
        times = [when for when in (source() for source in _schedules) if when is not None]
        found = min(times).timestamp() if times else NOTHING_SCHEDULED
        timeout = None if found == NOTHING_SCHEDULED else max(1, found - time.time())
        cache.set(NEXT_CHANGE_KEY, found, timeout)
    if found == NOTHING_SCHEDULED:
        return None
    return max(1, found - time.time())


def page_timeout():
    """How long a page may be kept: never past the moment scheduled content goes public."""
    timeout = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 300)
    upcoming = seconds_to_next_change()
    return timeout if upcoming is None else min(timeout, upcoming)


def page_cache_key(request):
    url = request.build_absolute_uri()
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"unlops:page:{content_version()}:{digest}"


def store(key, response, timeout):
    # One chunk, not the many small writes a feed makes: the server then sends it in one go.
    response.content = response.content
    cache.set(key, response, timeout)


def cacheable(request, response):
    """A successful GET, the same for everyone: no cookie set, nothing varying by cookie."""
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
    )


def cache_public_page(view):
    """Mark a view's pages as public and cacheable: the same for every visitor.

    With PublicPageCacheMiddleware installed, the middleware serves and stores them before and
    after every other middleware; without it, the view is cached here. A page is kept no later than
    the next scheduled publication, so that it shows on time.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "public_page_cache", None) is not None:
            request.public_page_cache = True  # The middleware does the rest.
            return view(request, *args, **kwargs)
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        run_due_work()
        key = page_cache_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if cacheable(request, response):
            timeout = page_timeout()
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda r: store(key, r, timeout))
            else:
                store(key, response, timeout)
        return response

    return wrapped


class PublicPageCacheMiddleware:
    """Serve cached public pages before sessions, authentication and the rest are even set up.

    Put it just after WhiteNoise. Only views marked with cache_public_page are stored, with the
    headers the middleware below it added; security headers above it are added on every response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        run_due_work()  # Before the key is made: what goes live now bumps the version.
        key = page_cache_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        request.public_page_cache = False
        response = self.get_response(request)
        if request.public_page_cache and cacheable(request, response):
            store(key, response, page_timeout())
        return response


def connect_invalidation(app_config):
    """Bump the content version whenever a row of ``app_config``'s models changes."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in app_config.get_models():
        uid = f"unlops-cache-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                bump_content_version,
                sender=through,
                dispatch_uid=f"unlops-cache-{through._meta.label_lower}-m2m",
            )
