"""Downloads of an issue's exports: public for published issues, a preview for staff."""

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from ..models import Issue
from . import formats
from .formats import Audience, ExportError
from .pipeline import get_export

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


@require_safe
def issue_download(request, slug, fmt):
    """A published issue in a public format, with its published articles only."""
    export_format = requested_format(request, fmt)
    if not export_format.public:
        raise Http404("No such format.")
    issue = get_object_or_404(Issue.objects.published(), slug=slug)
    stored = get_export(issue, export_format, audience=Audience.PUBLIC)
    return export_response(request, stored, public=True)
