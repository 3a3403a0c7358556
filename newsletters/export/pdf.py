"""The print edition: the issue laid out by WeasyPrint on A4 pages."""

import io
import logging
import re
import threading

_progress = threading.local()
PAGE_RE = re.compile(r"Creating layout - Page (\d+)$")


def _forward_progress(record):
    """Turn WeasyPrint's step-by-step log into the export's progress; keep it out of the logs."""
    say = getattr(_progress, "say", None)
    if say and (match := PAGE_RE.search(record.getMessage())):
        say(f"Laying out page {match[1]}")
    return False


# Before WeasyPrint is imported: it logs steps while parsing its own stylesheets.
PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
PROGRESS_LOGGER.addFilter(_forward_progress)
PROGRESS_LOGGER.setLevel(logging.INFO)  # Records reach the filter whatever the root level is.

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from . import fetcher  # noqa: E402
from .breaks import lay_out  # noqa: E402
from .images import MEDIA_SCHEME  # noqa: E402
from .textlayer import without_joiners  # noqa: E402


class ExportURLFetcher(URLFetcher):
    """Serves static files and the issue's pictures; refuses every other address (no HTTP)."""

    def __init__(self, images):
        super().__init__(allowed_protocols={fetcher.STATIC_SCHEME, MEDIA_SCHEME})
        self.images = images

    def fetch(self, url, headers=None):
        data, mime_type = fetcher.resolve(url, self.images)
        return URLFetcherResponse(url, data, {"Content-Type": mime_type})


def render_pdf(source, *, images, pdf_variant=None, progress=None):
    """PDF bytes of the print document ``source`` (HTML using internal addresses), made to
    conform to WeasyPrint's ``pdf_variant`` if one is given ("pdf/ua-1")."""
    say = progress or (lambda message: None)
    url_fetcher = ExportURLFetcher(images)
    say("Parsing the print document")
    document = HTML(string=source, url_fetcher=url_fetcher, base_url=None)
    options = {"pdf_variant": pdf_variant}
    _progress.say = say
    try:
        rendered = lay_out(document, say, **options)
    finally:
        _progress.say = None
    for page in rendered.pages:
        # A bookmark copies its heading's text with any joiner breaks.py put in: not its own.
        page.bookmarks = [
            (level, without_joiners(label), target, state)
            for level, label, target, state in page.bookmarks
        ]
    say(f"Writing {len(rendered.pages)} pages")
    output = io.BytesIO()
    rendered.write_pdf(output, **options)
    return output.getvalue(), len(rendered.pages)
