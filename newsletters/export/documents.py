"""An issue as a document: the source markup of each export format, and its finished bytes."""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.dateformat import format as format_datetime
from django.utils.safestring import mark_safe

from unlops.dates import format_day
from unlops.publisher import publisher_details as publisher

from . import fetcher
from .content import collect
from .images import ImageLoader
from .inline import inline_resources
from .mail import inline_styles

# Raise when a change in code (not in templates or CSS) changes what an export looks like.
EXPORT_VERSION = "2"

FORMATS = {
    # format: (template, file extension, mime type)
    "pdf": ("newsletters/export/print.html", "pdf", "application/pdf"),
    "html": ("newsletters/export/standalone.html", "html", "text/html; charset=utf-8"),
    "email": ("newsletters/export/email.html", "html", "text/html; charset=utf-8"),
}
PDF_VARIANTS = ("", "ua", "a")
STYLESHEETS = {
    "pdf": "css/print-issue.css",
    "html": "css/standalone-issue.css",
    "email": None,
}
FONT_FACES = [
    # family, weight, style, file name without extension
    ("Noto Sans", 400, "normal", "NotoSans-Regular"),
    ("Noto Sans", 700, "normal", "NotoSans-Bold"),
    ("Noto Sans", 400, "italic", "NotoSans-Italic"),
    ("Noto Serif", 400, "normal", "NotoSerif-Regular"),
    ("Noto Serif", 700, "normal", "NotoSerif-Bold"),
    ("Noto Serif", 400, "italic", "NotoSerif-Italic"),
]
CONTENTS_ON_COVER_UP_TO = 12


class ExportError(Exception):
    """An export that cannot be made as asked (unknown format or variant)."""


def css_string(value):
    """``value`` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 0x20 else char for char in value
    )
    return f'"{escaped}"'


def font_faces(fmt):
    if fmt == "email":
        return ""
    kind, extension = ("truetype", "ttf") if fmt == "pdf" else ("woff2", "woff2")
    rules = [
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{fetcher.static_url(f"fonts/{name}.{extension}")}") format("{kind}"); }}'
        for family, weight, style, name in FONT_FACES
    ]
    return mark_safe("\n".join(rules))  # noqa: S308 - built from constants


def metadata(issue, content, publisher_details):
    topics = sorted({topic.name for article in content.articles for topic in article.topics.all()})
    return {
        "lang": settings.LANGUAGE_CODE.split("-")[0],
        "title": issue.masthead,
        "author": f"{publisher_details['name']} ({publisher_details['acronym']})",
        "description": (
            f"{issue.title} of the {publisher_details['name']} ({publisher_details['acronym']}), "
            f"{publisher_details['city']}: issue {issue.number}, {issue.period_display}."
        ),
        "keywords": ", ".join(topics),
        "created": format_datetime(issue.published_at, "c") if issue.published_at else "",
    }


@dataclass
class Source:
    """An export before it is made: its markup with internal addresses, and its fingerprint."""

    issue: object
    fmt: str
    variant: str
    preview: bool
    html: str
    content: object

    @property
    def fingerprint(self):
        digest = hashlib.sha256()
        for part in (EXPORT_VERSION, self.fmt, self.variant, self.html):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    @property
    def extension(self):
        return FORMATS[self.fmt][1]

    @property
    def mime_type(self):
        return FORMATS[self.fmt][2]


def check(fmt, variant=""):
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}: choose from {', '.join(FORMATS)}.")
    if variant and (fmt != "pdf" or variant not in PDF_VARIANTS):
        raise ExportError(f"Unknown variant {variant!r} for {fmt}: PDF takes 'ua' or 'a'.")


def render_source(issue, fmt, *, variant="", preview=False):
    """The markup of an export, with pictures and fonts still as internal addresses."""
    check(fmt, variant)
    content = collect(issue, fmt=fmt, preview=preview)
    details = publisher()
    stylesheet = STYLESHEETS[fmt]
    context = {
        "issue": issue,
        "content": content,
        "publisher": details,
        "meta": metadata(issue, content, details),
        "font_faces": font_faces(fmt),
        "stylesheet": mark_safe(fetcher.read_static(stylesheet).decode()) if stylesheet else "",
        "header_css": mark_safe(css_string(issue.masthead)),  # noqa: S308 - escaped above
        "contents_on_cover": len(content.blocks) <= CONTENTS_ON_COVER_UP_TO,
        "published_on": format_day(issue.published_at.date()) if issue.published_at else "",
    }
    html = render_to_string(FORMATS[fmt][0], context)
    if fmt == "email":
        html = inline_styles(html)
    return Source(
        issue=issue, fmt=fmt, variant=variant, preview=preview, html=html, content=content
    )


@dataclass
class Built:
    data: bytes
    pages: int | None
    seconds: float
    placeholders: list


def build(source, *, progress=None):
    """The finished bytes of an export."""
    say = progress or (lambda message: None)
    started = time.monotonic()
    images = ImageLoader(source.content.image_names, progress=say)
    if source.fmt == "pdf":
        from .pdf import render_pdf  # WeasyPrint loads pango; only PDF exports need it.

        data, pages = render_pdf(source.html, images=images, variant=source.variant, progress=say)
    else:
        say("Embedding pictures and fonts")
        data, pages = inline_resources(source.html, images).encode("utf-8"), None
    return Built(data, pages, time.monotonic() - started, images.placeholders)
