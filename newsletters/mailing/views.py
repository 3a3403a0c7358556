"""The readers' pages: subscribe, check your inbox, confirm, and leave the list in one click."""

from axes.helpers import get_client_ip_address
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import consent, services
from .forms import SubscribeForm
from .models import Subscriber
from .tokens import read_confirm_token, read_unsubscribe_token


def _page(request, template, context=None, status=200):
    # Pages for one reader, from links in their mail: not for search engines.
    response = render(request, template, context or {}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_robot():
            return redirect("mailing:check-inbox")
        try:
            services.subscribe(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                client_address=get_client_ip_address(request),
            )
        except services.TooManyRequests:
            return _page(request, "mailing/too_many.html", status=429)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            # The same answer whatever the address's state, so the page tells no one who reads.
            return redirect("mailing:check-inbox")
    context = {"form": form, "consent_texts": consent.texts(), "version": consent.version()}
    return _page(request, "mailing/subscribe.html", context, status=400 if form.errors else 200)


def check_inbox(request):
    return _page(request, "mailing/check_inbox.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    # A GET only shows the button: mail scanners open links, and must not confirm for the reader.
    if read_confirm_token(token) is None:
        return _page(request, "mailing/link_invalid.html", status=400)
    if request.method != "POST":
        return _page(request, "mailing/confirm.html")
    subscriber = services.confirm(token=token)
    if subscriber is None:
        return _page(request, "mailing/link_invalid.html", status=400)
    return _page(request, "mailing/confirmed.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here, with no cookie.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    found = read_unsubscribe_token(token)
    if found is None:
        return _page(request, "mailing/link_invalid.html", status=400)
    if request.method != "POST":
        return _page(request, "mailing/unsubscribe.html")
    pk, email = found
    subscriber = Subscriber.objects.filter(pk=pk, email=email).first()
    if subscriber is not None:
        services.unsubscribe(subscriber=subscriber)
    # Already off the list or erased: the same answer, and nothing more to do.
    return _page(request, "mailing/unsubscribed.html")
