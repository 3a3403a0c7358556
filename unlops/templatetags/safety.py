"""Template filters that keep pages safe: rich text sanitised on render, media with the CSP nonce.

The site app's library, so any app's templates can ``{% load safety %}``.
"""

from django import forms, template
from django.utils.safestring import mark_safe
from js_asset import Media

from unlops.richtext import sanitize_html

register = template.Library()


@register.filter(is_safe=True)
def sanitized(value):
    """Rich text reduced to the allow-list again, whatever was stored; only then marked safe."""
    return mark_safe(sanitize_html(str(value or "")))  # noqa: S308 - nh3 output


@register.filter
def with_csp_nonce(media, request):
    """Form media whose inline import map and scripts carry the request's CSP nonce.

    django-prose-editor writes an inline ``<script type="importmap">``: without the nonce a policy
    without 'unsafe-inline' would block it and the editor would not start.
    """
    if not isinstance(media, forms.Media):
        return media
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None:
        return media
    return Media.from_media(media, nonce=nonce)
