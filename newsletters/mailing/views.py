"""Public pages of the readers' list (built by the subscribers work; until then, not found)."""

from django.http import Http404


def subscribe(request):
    raise Http404


def confirm(request, token):
    raise Http404


def unsubscribe(request, token):
    raise Http404
