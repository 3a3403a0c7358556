"""Resolving an export's pictures and fonts: internal addresses become what a reader loads.

A resolver decides what each address becomes: :class:`Resources` embeds it as a data: URI (the
downloadable files), the mailed edition links published renditions by absolute URL instead
(newsletters/mailing/edition.py). Both go through :func:`inline_resources`, so the two cannot
differ in which addresses they find.

Only the markup's own resource attributes and the url() of its <style> elements are resolved, as
an HTML parser finds them. Text and every other attribute (alt, title, an <a>'s href) come back
byte for byte, whatever they say: a caption that reads like an internal address stays a caption.
"""

import base64
import logging
import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.exceptions import SuspiciousOperation

from . import fetcher
from .images import MEDIA_SCHEME, placeholder

logger = logging.getLogger(__name__)

INTERNAL_SCHEMES = {fetcher.STATIC_SCHEME, MEDIA_SCHEME}
PICTURE_ATTRIBUTES = {"img": {"src", "srcset"}, "source": {"src", "srcset"}}
LOADED_LINKS = {"stylesheet", "icon", "apple-touch-icon", "preload"}
# What stands in for a stylesheet or font that cannot be read: the reader's browser falls back.
EMPTY = {"stylesheet": "data:text/css,", "other": "data:,"}
# One CSS token at a time, so that url( inside a string or a comment is left alone.
CSS_TOKEN_RE = re.compile(
    r"""
    (?P<comment>/\*.*?(?:\*/|\Z))
    | (?P<string>"(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*')
    | (?P<url>(?<![\w-])url\(\s*
        (?: "(?P<double>[^"]*)" | '(?P<single>[^']*)' | (?P<bare>[^)\s"']*) )
      \s*\))
    """,
    re.DOTALL | re.IGNORECASE | re.VERBOSE,
)


def is_internal(url):
    return urlsplit(url.strip()).scheme.lower() in INTERNAL_SCHEMES


def loading_attributes(tag):
    return PICTURE_ATTRIBUTES.get(tag, {"href"})


def srcset_urls(value):
    """(url, descriptor) of each candidate of a srcset."""
    for candidate in value.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            yield url, descriptor.strip()


class Resources:
    """Embeds each internal address of one export once; one that fails is logged, not raised.

    A resolver's ``address`` returns what stands in the markup; None (for a picture) leaves the
    tag out, for a resolver that may not show it.
    """

    def __init__(self, images):
        self.images = images
        self._cache = {}

    def address(self, url, *, kind, width=0):
        key = (url, kind)
        if key not in self._cache:
            self._cache[key] = self._resolve(url.strip(), kind, width)
        return self._cache[key]

    def _resolve(self, url, kind, width):
        try:
            data, mime_type = fetcher.resolve(url, self.images)
        except (OSError, ValueError, SuspiciousOperation) as error:
            # A reader gets the file without it; whoever runs the export finds why in the log.
            logger.warning("Export resource %r could not be embedded (%s)", url, error)
            if kind != "picture":
                return EMPTY[kind]
            rendition = placeholder("Picture unavailable", width=width or 300)
            data, mime_type = rendition.data, rendition.mime_type
        return f"data:{mime_type};base64,{base64.b64encode(data).decode('ascii')}"


def inline_css(css, resources):
    def replace(match):
        if not match["url"]:
            return match[0]
        url = match["double"] if match["double"] is not None else match["single"]
        url = url if url is not None else match["bare"]
        if not is_internal(url):
            return match[0]
        return f'url("{resources.address(url, kind="other")}")'

    return CSS_TOKEN_RE.sub(replace, css)


def _srcset(value, resources, width):
    candidates = []
    for url, descriptor in srcset_urls(value):
        if is_internal(url):
            url = resources.address(url, kind="picture", width=width)
            if url is None:
                continue
        candidates.append(f"{url} {descriptor}".strip())
    return ", ".join(candidates)


class _Finder(HTMLParser):
    """Notes where the tags that load something, and the <style> elements, sit in the markup."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", markup)]
        self.edits = []  # (start, end, kind, tag, attrs)
        self._style_start = None

    def _position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        start = self._position()
        end = start + len(text)
        if self.markup[start:end] != text:
            return  # Never splice where the tag is not: the address stays, the text too.
        if tag == "style":
            self._style_start = end
            return
        kind = self._kind(tag, dict(attrs))
        if kind and any(
            name in loading_attributes(tag) and value and self._holds_internal(name, value)
            for name, value in attrs
        ):
            self.edits.append((start, end, kind, tag, attrs))

    def handle_endtag(self, tag):
        if tag == "style" and self._style_start is not None:
            self.edits.append((self._style_start, self._position(), "css", tag, None))
            self._style_start = None

    @staticmethod
    def _kind(tag, attributes):
        if tag in PICTURE_ATTRIBUTES:
            return "picture"
        rels = set((attributes.get("rel") or "").lower().split())
        if tag == "link" and rels & LOADED_LINKS:
            return "stylesheet" if "stylesheet" in rels else "other"
        return None

    @staticmethod
    def _holds_internal(name, value):
        if name == "srcset":
            return any(is_internal(url) for url, _ in srcset_urls(value))
        return is_internal(value)


def _start_tag(tag, attrs, kind, resources, closed):
    """The start tag again, its internal addresses replaced and every other value as it was."""
    width = next((int(v) for n, v in attrs if n == "width" and v and v.isdigit()), 0)
    parts = [f"<{tag}"]
    for name, value in attrs:
        if value is not None and name in loading_attributes(tag):
            if name == "srcset":
                value = _srcset(value, resources, width)
            elif is_internal(value):
                value = resources.address(value, kind=kind, width=width)
                if value is None:
                    return ""  # Not to be shown: the tag goes, its caption stays text.
        parts.append(f" {name}" if value is None else f' {name}="{escape(value)}"')
    return "".join(parts) + ("/>" if closed else ">")


def inline_resources(markup, images, *, resources=None):
    """``markup`` with every internal address it loads resolved by ``resources``: by default
    replaced by a data: URI read through ``images``."""
    finder = _Finder(markup)
    finder.feed(markup)
    finder.close()
    resources = resources if resources is not None else Resources(images)
    pieces, done = [], 0
    for start, end, kind, tag, attrs in finder.edits:
        pieces.append(markup[done:start])
        original = markup[start:end]
        if kind == "css":
            pieces.append(inline_css(original, resources))
        else:
            closed = original.rstrip().endswith("/>")
            pieces.append(_start_tag(tag, attrs, kind, resources, closed))
        done = end
    pieces.append(markup[done:])
    return "".join(pieces)
