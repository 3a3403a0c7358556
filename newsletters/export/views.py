"""Downloads of an issue's exports: public for published issues, a preview for staff."""

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from ..models import Issue
from .documents import PDF_VARIANTS, ExportError
from .storage import get_export

PUBLIC_FORMATS = ("pdf", "html")
# An HTML export, opened from the site, may run nothing and load nothing but its own data: URIs.
HTML_POLICY = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def variant_from(request, fmt):
    variant = request.GET.get("variant", "")
    if variant and (fmt != "pdf" or variant not in PDF_VARIANTS):
        raise Http404("No such variant.")
    return variant


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
    """A published issue as PDF or HTML, with its published articles only."""
    if fmt not in PUBLIC_FORMATS:
        raise Http404("No such format.")
    issue = get_object_or_404(Issue.objects.published(), slug=slug)
    try:
        stored = get_export(issue, fmt, variant=variant_from(request, fmt), preview=False)
    except ExportError as error:
        raise Http404(str(error)) from error
    return export_response(request, stored, public=True)
