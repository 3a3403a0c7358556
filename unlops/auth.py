"""Sign-in throttling with django-axes: the backend that counts attempts and the lockout page."""

import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-in for a locked-out username and address; authenticates nobody itself.

    Only sign-ins over the web carry a request. ``authenticate()`` without one (a script, the test
    client's ``login()``) has no address to throttle, so it is left to the other backends.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form: what happened and when to try again."""
    cool_off = get_cool_off(request)
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    retry_at = None
    if cool_off:
        # Up to the next whole minute, so "after 14:36" is never a few seconds too early.
        retry_at = (attempt_time + cool_off + datetime.timedelta(seconds=59)).replace(
            second=0, microsecond=0
        )
    context = {
        **admin.site.each_context(request),
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "retry_at": retry_at,
    }
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
