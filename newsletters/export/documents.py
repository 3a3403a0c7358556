"""An issue as a document: the source markup of each export format, and its finished bytes."""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.dateformat import format as format_datetime
from django.utils.safestring import mark_safe

from unlops.dates import format_date
from unlops.publisher import publisher_details as publisher

from . import fetcher
from .content import collect
from .formats import Audience, ExportFormat
from .images import ImageLoader
from .inline import inline_resources
from .mail import inline_styles
from .textlayer import mark_names, printed_names

# Raise when a change in code (not in templates or CSS) changes what an export looks like.
EXPORT_VERSION = "3"

FONT_FACES = [
    # family, weight, style, file name without extension
    ("Noto Sans", 400, "normal", "NotoSans-Regular"),
    ("Noto Sans", 700, "normal", "NotoSans-Bold"),
    ("Noto Sans", 400, "italic", "NotoSans-Italic"),
    ("Noto Serif", 400, "normal", "NotoSerif-Regular"),
    ("Noto Serif", 700, "normal", "NotoSerif-Bold"),
    ("Noto Serif", 400, "italic", "NotoSerif-Italic"),
]
FONT_TYPES = {"ttf": "truetype", "woff2": "woff2"}  # File extension: CSS format().
CONTENTS_ON_COVER_UP_TO = 12


def css_string(value):
    """``value`` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 0x20 else char for char in value
    )
    return f'"{escaped}"'


def font_faces(export_format):
    extension = export_format.font_files
    if not extension:
        return ""
    kind = FONT_TYPES[extension]
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
    export_format: ExportFormat
    audience: Audience
    html: str
    content: object

    @property
    def fingerprint(self):
        digest = hashlib.sha256()
        for part in (EXPORT_VERSION, self.export_format.key, self.export_format.variant, self.html):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


def render_source(issue, export_format, *, audience=Audience.PUBLIC, extra_context=None):
    """The markup of an export, with pictures and fonts still as internal addresses.

    ``extra_context`` gives a template that extends the format's more to print (the mailed
    edition's links)."""
    content = collect(issue, profile=export_format.profile, preview=audience.includes_drafts)
    details = publisher()
    stylesheet = export_format.stylesheet
    context = {
        "issue": issue,
        "content": content,
        "publisher": details,
        "meta": metadata(issue, content, details),
        "font_faces": font_faces(export_format),
        "stylesheet": mark_safe(fetcher.read_static(stylesheet).decode()) if stylesheet else "",
        "header_css": mark_safe(css_string(issue.masthead)),  # noqa: S308 - escaped above
        "contents_on_cover": len(content.blocks) <= CONTENTS_ON_COVER_UP_TO,
        "published_on": format_date(issue.published_at) if issue.published_at else "",
        **(extra_context or {}),
    }
    html = render_to_string(export_format.template, context)
    if export_format.styles_inline:
        html = inline_styles(html)
    if export_format.laid_out:
        html = mark_names(html, printed_names(content))
    return Source(
        issue=issue, export_format=export_format, audience=audience, html=html, content=content
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
    if source.export_format.laid_out:
        from .pdf import render_pdf  # WeasyPrint loads pango; only laid-out exports need it.

        data, pages = render_pdf(
            source.html,
            images=images,
            pdf_variant=source.export_format.pdf_variant,
            progress=say,
        )
    else:
        say("Embedding pictures and fonts")
        data, pages = inline_resources(source.html, images).encode("utf-8"), None
    return Built(data, pages, time.monotonic() - started, images.placeholders)
