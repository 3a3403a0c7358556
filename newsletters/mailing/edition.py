"""The e-mail edition that is mailed: the export's e-mail HTML with its pictures hosted, and a
plain-text part.

It is the downloadable e-mail file (newsletters/export, format "email") made through the same
pipeline, with one difference: where the download embeds each picture as a data: URI (which
Gmail and Outlook on the web do not show), the mailed edition links the picture's published JPEG
rendition at an absolute URL, the very file the media view serves the public. A picture the
public may not fetch is left out, never linked.

It is rendered once per mailing and is the same every time for the same issue and language; the
sender substitutes only the recipient's unsubscribe link, at ``UNSUBSCRIBE_PLACEHOLDER``.
"""

import dataclasses
import logging
import textwrap
from html import escape
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from unlops import media, publicity
from unlops.publisher import publisher_details
from unlops.renditions import renditions

from ..export import fetcher, formats
from ..export.documents import render_source
from ..export.images import parse_media_url
from ..export.inline import EMPTY, inline_resources

logger = logging.getLogger(__name__)

# Where each recipient's own one-click unsubscribe link goes, in both parts. Percent signs cannot
# come out of a URL the site makes, and the issue's own text never carries it (see _MARK).
UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"
# What the templates print first: no database text holds a NUL, so only the places the edition
# puts it become the placeholder; the placeholder typed into an article stays text.
_MARK = "\x00unsubscribe\x00"
TEMPLATE = "mailing/edition.html"
TEXT_WIDTH = 76
# JPEG, not WebP: Outlook on Windows shows no WebP.
RENDITION_FORMAT = "jpg"


class EditionError(Exception):
    """An issue that cannot be mailed (it is not published)."""


@dataclasses.dataclass(frozen=True)
class Edition:
    """One issue's message, the same for every recipient until ``personalised``."""

    subject: str
    html: str
    text: str

    def personalised(self, *, unsubscribe_url):
        """(html, text) with the recipient's unsubscribe link in place."""
        return (
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe_url)),
            self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        )


def absolute(path):
    return f"{settings.SITE_URL}{path}"


class HostedPictures:
    """A resolver for inline_resources: each picture of the issue at the absolute URL of its
    published rendition; None (the picture left out) for anything the public may not fetch."""

    def __init__(self, content):
        # Only the pictures this issue prints, as ImageLoader allows: a crafted address names
        # nothing else.
        self.files = {
            figure.photo.image.name: figure.photo.image
            for figure in content.figures
            if figure.photo.image
        }
        self.left_out = []
        self._cache = {}

    def address(self, url, *, kind, width=0):
        url = url.strip()
        if (url, kind) not in self._cache:
            self._cache[(url, kind)] = self._resolve(url, kind)
        return self._cache[(url, kind)]

    def _resolve(self, url, kind):
        if urlsplit(url).scheme.lower() == fetcher.STATIC_SCHEME:
            return absolute(staticfiles_storage.url(urlsplit(url).path.lstrip("/")))
        try:
            name, width, _quality = parse_media_url(url)
        except ValueError:
            name, width = None, 0
        found = self._public_rendition(name, width) if name in self.files else None
        if found is None:
            logger.warning("Mailed edition: picture %r left out (no public rendition)", url)
            self.left_out.append(url)
            return None if kind == "picture" else EMPTY.get(kind, EMPTY["other"])
        return absolute(media.url(found))

    def _public_rendition(self, name, width):
        """The smallest rendition at least ``width`` wide (else the widest), if the public may
        fetch it: the media view's own rule, asked of the rendition's own name."""
        sizes = renditions(self.files[name])
        if not sizes:
            return None
        wide_enough = [size for size in sizes if size[0] >= width]
        _width, _height, names = wide_enough[0] if wide_enough else sizes[-1]
        chosen = names[RENDITION_FORMAT]
        owner = media.owner_of(chosen)
        if owner is None or not publicity.is_public(owner):
            return None
        return chosen


def _links(issue):
    return {
        "web_url": absolute(issue.get_absolute_url()),
        "pdf_url": absolute(reverse("newsletters:issue-download", args=[issue.slug, "pdf"])),
        "unsubscribe_url": _MARK,
    }


def _wrapped(text, *, indent=""):
    # URLs and long words are never broken: a link must stay one token to be followed.
    return textwrap.fill(
        " ".join(text.split()),
        width=TEXT_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def render_text(issue, content, links):
    """The plain-text part: what the issue holds and where to read it, wrapped for mail."""
    details = publisher_details()
    heading = f"{details['name']} · {issue.title}"
    lines = [
        _wrapped(heading),
        _wrapped(f"{issue.period_display} · " + _("Issue %(number)s") % {"number": issue.number}),
        "",
        _wrapped(_("Read this issue on the web:")),
        links["web_url"],
        _wrapped(_("Download the PDF:")),
        links["pdf_url"],
        "",
        _("In this issue"),
        "=" * len(_("In this issue")),
    ]
    for article in content.articles:
        lines += ["", _wrapped(article.title)]
        if article.standfirst:
            lines.append(_wrapped(article.standfirst, indent="  "))
        lines.append(f"  {absolute(article.get_absolute_url())}")
    lines += [
        "",
        "-- ",
        _wrapped(
            _(
                "You receive this newsletter because you subscribed to it on the website of "
                "the %(name)s."
            )
            % {"name": details["name"]}
        ),
        _wrapped(_("Unsubscribe:")),
        links["unsubscribe_url"],
        "",
    ]
    return "\n".join(lines)


def _with_placeholder(value):
    return value.replace(UNSUBSCRIBE_PLACEHOLDER, "%\u200b%UNSUBSCRIBE_URL%%").replace(
        _MARK, UNSUBSCRIBE_PLACEHOLDER
    )


def render_edition(issue, *, language="en"):
    """The mailed edition of a published ``issue`` in ``language``; EditionError if unpublished."""
    if not issue.is_published():
        raise EditionError(_("Only a published issue can be mailed."))
    export_format = dataclasses.replace(formats.get("email"), template=TEMPLATE)
    links = _links(issue)
    with translation.override(language):
        source = render_source(
            issue, export_format, audience=formats.Audience.PUBLIC, extra_context={"edition": links}
        )
        html = inline_resources(source.html, None, resources=HostedPictures(source.content))
        text = render_text(issue, source.content, links)
        subject = _("%(title)s: %(period)s") % {
            "title": f"{publisher_details()['acronym']} {issue.title}",
            "period": issue.period_display,
        }
    return Edition(
        subject=" ".join(subject.split()),
        html=_with_placeholder(html),
        text=_with_placeholder(text),
    )
