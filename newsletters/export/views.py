"""Downloads of an issue's exports: public for published issues, a preview for staff.

A download sends the stored file of what the issue prints now. If there is none yet, the request
enqueues its build and answers "being prepared": 503 with Retry-After, so that nothing (the page
cache, a proxy, a download manager, a crawler) takes the waiting page for the file, which a 2xx
answer would let it keep under the file's URL. The page reloads itself until the file is there.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import quote_etag
from django.utils.log import log_response
from django.views.decorators.http import require_safe

from ..models import Issue
from . import formats
from . import storage as files
from .builds import FAILED
from .formats import Audience, ExportError
from .pipeline import find_export
from .tasks import request_build

# An HTML export, opened from the site, may run nothing and load nothing but its own data: URIs.
HTML_POLICY = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def requested_format(request, key):
    """The format and ?variant= a download URL asks for; Http404 if there is no such."""
    try:
        return formats.get(key, request.GET.get("variant", ""))
    except ExportError as error:
        raise Http404(str(error)) from error


def public_downloads(issue):
    """(label, URL) of the downloads an issue's page links to."""
    return [
        (
            export_format.public_link,
            reverse("newsletters:issue-download", args=[issue.slug, export_format.key])
            + export_format.query_string,
        )
        for export_format in formats.public_links()
    ]


def export_response(request, stored, *, public):
    etag = quote_etag(stored.fingerprint[:32])
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            stored.open(),
            as_attachment=True,
            filename=stored.filename,
            content_type=stored.mime_type,
        )
    response["ETag"] = etag
    if stored.mime_type.startswith("text/html"):
        response["Content-Security-Policy"] = HTML_POLICY
    if public:
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def preparing_response(request, record):
    """The "being prepared" page: what the worker is at, reloading itself until the file is in."""
    seconds = settings.EXPORT_PREPARING_REFRESH_SECONDS
    context = {"record": record, "failed": record.state == FAILED, "refresh_seconds": seconds}
    response = render(request, "newsletters/export_preparing.html", context, status=503)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    # Waiting is no server error: logged as information, and not again (with mail to the admins)
    # by Django's request logger, which logs every 5xx as an error.
    log_response("Export being prepared: %s", request.path, response=response, level="info")
    return response


def serve_or_prepare(request, issue, export_format, *, audience, public):
    """The stored export of what ``issue`` prints now, or the page saying it is being prepared."""
    stored, present = find_export(issue, export_format, audience=audience)
    if not present:
        record = request_build(issue, export_format, audience=audience, stored=stored)
        # With DJANGO_TASKS_IMMEDIATE the build ran just now, in this process.
        if not files.is_stored(stored):
            return preparing_response(request, record)
    return export_response(request, stored, public=public)


@require_safe
def issue_download(request, slug, fmt):
    """A published issue in a public format, with its published articles only."""
    export_format = requested_format(request, fmt)
    if not export_format.public:
        raise Http404("No such format.")
    issue = get_object_or_404(Issue.objects.published(), slug=slug)
    return serve_or_prepare(request, issue, export_format, audience=Audience.PUBLIC, public=True)
