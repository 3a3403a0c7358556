"""Whole-page caching of the public site, invalidated by a content version any change bumps."""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "unlops:content-version"


def content_version():
    """The current content version; a fresh one (never reused) if the cache lost it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A time-based start, so a version lost by the cache cannot meet pages cached under it.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(**kwargs):
    """Signal receiver: any saved, deleted or re-linked row makes every cached page stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def page_cache_key(request):
    url = request.build_absolute_uri()
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"unlops:page:{content_version()}:{digest}"


def store(key, response, timeout):
    # One chunk, not the many small writes a feed makes: the server then sends it in one go.
    response.content = response.content
    cache.set(key, response, timeout)


def cache_public_page(view):
    """Serve a public page from the cache; store successful GET responses for a while.

    Public pages are the same for every visitor (no drafts, no per-user parts), so one copy serves
    all. The timeout also bounds how late a scheduled publication shows in cached lists.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        key = page_cache_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and not response.cookies:
            timeout = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 300)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda r: store(key, r, timeout))
            else:
                store(key, response, timeout)
        return response

    return wrapped


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
