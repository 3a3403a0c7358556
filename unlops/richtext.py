"""Sanitising of rich text: one allow-list, used on save, on import and on render.

An article's body may also hold pictures placed in the text, stored as references to photos, never
as copied pictures: ``<figure data-photo="123" data-placement="full"></figure>`` (or "inset").
``sanitize_html(html, figures=True)`` keeps exactly that: a figure whose photo is a number and
whose placement is one of the two, empty, with no other attribute; any other figure goes, with
what it held. The page, the exports and the editor read the same form (``FIGURE_RE``).
"""

import re

import nh3
from django.conf import settings
from django.utils.translation import get_language
from django_prose_editor.fields import ProseEditorField

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "blockquote",
    "abbr",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# The editor offers exactly what the sanitiser keeps, so nothing an editor writes is lost on save.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # The editor turns the browser's spell check off by default; writers want it on.
    "NoSpellCheck": False,
}

# What the editor of a text with figures adds (the JS module is in settings'
# DJANGO_PROSE_EDITOR_EXTENSIONS); its options (the chooser's address) are the app's.
FIGURE_EXTENSION = "PhotoFigure"
FIGURE_PLACEMENTS = ("full", "inset")
_PHOTO_ID = re.compile(r"[1-9][0-9]{0,17}")
# nh3 writes every attribute quoted and escapes "<" and ">" inside values and text, so in its
# output a "<" always opens a tag and a figure reference always reads exactly like this.
FIGURE_RE = re.compile(
    r'<figure data-photo="([1-9][0-9]{0,17})" data-placement="(full|inset)"></figure>'
)
_FIGURE_TAG_RE = re.compile(r"<(/?)figure\b([^>]*)>")
_ATTRIBUTE_RE = re.compile(r'([a-z-]+)="([^"]*)"')


def figure_processor(config, shared_config):
    """The allow-list django-prose-editor derives for the figure extension (for its checks; the
    fields sanitise with ``sanitize_html``)."""
    shared_config["tags"].add("figure")
    shared_config["attributes"].setdefault("figure", set()).update({"data-photo", "data-placement"})


def _figure_attribute(element, attribute, value):
    if element != "figure":
        return value
    if attribute == "data-photo":
        return value if _PHOTO_ID.fullmatch(value) else None
    if attribute == "data-placement":
        return value if value in FIGURE_PLACEMENTS else None
    return None


_options = {
    "url_schemes": ALLOWED_URL_SCHEMES,
    "link_rel": "noopener noreferrer",
    "strip_comments": True,
}
_cleaner = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, **_options)
_figure_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS | {"figure"},
    attributes={**ALLOWED_ATTRIBUTES, "figure": {"data-photo", "data-placement"}},
    attribute_filter=_figure_attribute,
    **_options,
)


def _canonical_figure(attributes):
    values = dict(_ATTRIBUTE_RE.findall(attributes))
    photo = values.get("data-photo", "")
    if not _PHOTO_ID.fullmatch(photo):
        return ""
    placement = values.get("data-placement")
    placement = placement if placement in FIGURE_PLACEMENTS else FIGURE_PLACEMENTS[0]
    return f'<figure data-photo="{photo}" data-placement="{placement}"></figure>'


def _keep_figure_references(html):
    """Each outermost figure becomes its bare reference, or nothing if it names no photo; what
    a figure held (text, other figures) goes with it."""
    out, depth, position, opening = [], 0, 0, ""
    for match in _FIGURE_TAG_RE.finditer(html):
        closing = match[1] == "/"
        if not closing:
            if depth == 0:
                out.append(html[position : match.start()])
                opening = match[2]
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append(_canonical_figure(opening))
                position = match.end()
    if depth:  # Unclosed: nh3 closes every element, so only by mistake; keep the reference.
        out.append(_canonical_figure(opening))
    else:
        out.append(html[position:])
    return "".join(out)


def sanitize_html(html, *, figures=False):
    """Return ``html`` reduced to the allow-list; empty editor markup becomes ''. With
    ``figures``, references to photos placed in the text are kept (see the module's doc)."""
    if not html:
        return ""
    if figures:
        cleaned = _keep_figure_references(_figure_cleaner.clean(html)).strip()
    else:
        cleaned = _cleaner.clean(html).strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned


class RichTextField(ProseEditorField):
    """django-prose-editor's field whose editor is spell-checked in the site's language and
    counts its words (static/js/admin-editor.js copies the attributes onto the editable area)."""

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs.update(
            {
                "spellcheck": "true",
                "lang": get_language() or settings.LANGUAGE_CODE,
                "data-word-count": "",
            }
        )
        return field


def sanitize_text_with_figures(html):
    """``sanitize_html`` for texts that may hold figures (an article's body)."""
    return sanitize_html(html, figures=True)


def figure_references(html):
    """[(photo id, placement), …] of the figures in sanitised ``html``, in order."""
    return [(int(photo), placement) for photo, placement in FIGURE_RE.findall(html or "")]
