"""Sanitising of rich text: one allow-list, used on save, on import and on render."""

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

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html):
    """Return ``html`` reduced to the allow-list; empty editor markup becomes ''."""
    if not html:
        return ""
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
