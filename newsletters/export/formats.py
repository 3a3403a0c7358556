"""What each export is: the one list of formats and variants that every other module reads.

The public download view, the admin's buttons and actions, the export_issue command, the preview
links and the issue page's links all come from ``FORMATS``; adding an entry here offers it
everywhere its attributes say (docs/exports.md shows how).
"""

import dataclasses
import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .images import print_pixels


class ExportError(Exception):
    """An export that cannot be made as asked (unknown format or variant)."""


class Audience(enum.StrEnum):
    """Who an export is for: the public sees published articles only, a preview drafts too."""

    PUBLIC = "public"
    PREVIEW = "preview"

    @property
    def includes_drafts(self):
        return self is Audience.PREVIEW


@dataclass(frozen=True)
class ImageProfile:
    """How wide (and high) pictures are printed in one export format, in pixels."""

    full: int
    inset: int
    cover: int
    quality: int
    full_max_height: int | None = None
    inset_max_height: int | None = None
    cover_max_height: int | None = None


@dataclass(frozen=True)
class ExportFormat:
    """One export format, or one variant of it, and everything that offers and makes it."""

    key: str  # In download URLs and the command's --format.
    label: str  # Its name for people: the admin's button, the command's help.
    description: str  # What it is, in a line: the button's tooltip.
    template: str
    extension: str
    mime_type: str
    profile: ImageProfile
    variant: str = ""  # The download URL's ?variant=, "" for the format itself.
    stylesheet: str | None = None  # A static file, inlined in the document's <style>.
    font_files: str | None = None  # Which font files are embedded ("ttf", "woff2"), if any.
    laid_out: bool = False  # True: pages laid out by WeasyPrint; False: HTML, resources inlined.
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant ("pdf/ua-1").
    styles_inline: bool = False  # Every element styled by its own attribute (for mail clients).
    public: bool = False  # The public may download it for a published issue.
    public_link: str = ""  # The issue page's link to it; "" for none.
    preview_label: str = ""  # A preview link's download of it; "" for none.
    admin_action: bool = False  # A bulk action on the admin's list of issues.
    filename_suffix: str = ""  # Ends the downloaded file's name: "…-accessible.pdf".

    @property
    def query_string(self):
        return f"?variant={self.variant}" if self.variant else ""

    @property
    def action_name(self):
        return "_".join(part for part in ("download", self.key, self.variant) if part)

    def __str__(self):
        return f"{self.key}-{self.variant}" if self.variant else self.key


# The PDF's sizes follow its page geometry in static/css/print-issue.css: A4, 18 mm margins
# (174 mm of text), two 83.5 mm columns; pictures capped in height so a page keeps its text.
PDF_TEXT_WIDTH_MM = 174
PDF_COLUMN_WIDTH_MM = 83.5

PDF = ExportFormat(
    key="pdf",
    label=_("PDF"),
    description=_("The print edition, drafts included"),
    template="newsletters/export/print.html",
    extension="pdf",
    mime_type="application/pdf",
    profile=ImageProfile(
        full=print_pixels(PDF_TEXT_WIDTH_MM),
        inset=print_pixels(PDF_COLUMN_WIDTH_MM),
        cover=print_pixels(PDF_TEXT_WIDTH_MM),
        quality=80,
        full_max_height=print_pixels(95),
        inset_max_height=print_pixels(80),
        cover_max_height=print_pixels(118),
    ),
    stylesheet="css/print-issue.css",
    font_files="ttf",
    laid_out=True,
    public=True,
    public_link=_("Download the PDF"),
    preview_label=_("PDF preview"),
    admin_action=True,
)
FORMATS = (
    PDF,
    dataclasses.replace(
        PDF,
        variant="ua",
        label=_("PDF/UA"),
        description=_("Tagged PDF for screen readers (PDF/UA)"),
        pdf_variant="pdf/ua-1",  # PDF/UA turns tagging on by itself.
        public_link=_("Accessible PDF (tagged)"),
        preview_label="",
        admin_action=False,
        filename_suffix="accessible",
    ),
    dataclasses.replace(
        PDF,
        variant="a",
        label=_("PDF/A"),
        description=_("Archival PDF (PDF/A-3b)"),
        pdf_variant="pdf/a-3b",
        public_link="",
        preview_label="",
        admin_action=False,
        filename_suffix="archive",
    ),
    ExportFormat(
        key="html",
        label=_("HTML"),
        description=_("One HTML file that opens offline"),
        template="newsletters/export/standalone.html",
        extension="html",
        mime_type="text/html; charset=utf-8",
        # A 720 px reading column, pictures at twice that for sharp screens.
        profile=ImageProfile(full=1440, inset=720, cover=1440, quality=76),
        stylesheet="css/standalone-issue.css",
        font_files="woff2",
        public=True,
        public_link=_("HTML file to read offline"),
        preview_label=_("HTML preview"),
        admin_action=True,
    ),
    ExportFormat(
        key="email",
        label=_("E-mail HTML"),
        description=_("HTML for e-mail, styles inline"),
        template="newsletters/export/email.html",
        extension="html",
        mime_type="text/html; charset=utf-8",
        # Mail clients show a 600 px column; 1.5× keeps the message light.
        profile=ImageProfile(full=900, inset=900, cover=900, quality=72),
        styles_inline=True,
        preview_label=_("E-mail HTML preview"),
        filename_suffix="email",
    ),
)


def get(key, variant=""):
    """The format ``key`` in ``variant``; ExportError if there is no such."""
    for export_format in FORMATS:
        if (export_format.key, export_format.variant) == (key, variant or ""):
            return export_format
    if key not in keys():
        raise ExportError(f"Unknown format {key!r}: choose from {', '.join(keys())}.")
    takes = "; ".join(
        f"{get(name).label} takes {' or '.join(repr(v) for v in variants(name))}"
        for name in keys()
        if variants(name)
    )
    raise ExportError(f"Unknown variant {variant!r} for {key}: {takes}.")


def keys():
    return list(dict.fromkeys(export_format.key for export_format in FORMATS))


def variants(key=None):
    """The variant names (of ``key``, or of any format), in the registry's order."""
    return list(
        dict.fromkeys(
            export_format.variant
            for export_format in FORMATS
            if export_format.variant and key in (None, export_format.key)
        )
    )


def public_links():
    return [export_format for export_format in FORMATS if export_format.public_link]


def previews():
    return [export_format for export_format in FORMATS if export_format.preview_label]


def admin_actions():
    return [export_format for export_format in FORMATS if export_format.admin_action]
