"""Rich text, acronyms, search highlights and choice labels, for the pages of every app."""

import html
import re

from django import template
from django.utils.html import conditional_escape, escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from unlops.acronyms import abbreviate as explain_acronyms
from unlops.richtext import sanitize_html

register = template.Library()


@register.filter
def richtext(value, acronyms=None):
    """Stored rich text, sanitised again, with its acronyms explained at first use."""
    return mark_safe(explain_acronyms(sanitize_html(value or ""), acronyms or {}))


@register.filter
def abbreviate(value, acronyms):
    """Acronyms of an already safe or plain text explained at first use."""
    return mark_safe(explain_acronyms(conditional_escape(value), acronyms or {}))


@register.filter(is_safe=True)
def nowrap_last(value):
    """Plain text, escaped, its last two words held together so that no word stands alone."""
    head, space, tail = str(value or "").rpartition(" ")
    if not space:
        return escape(tail)
    return format_html("{}&nbsp;{}", head, tail)


def _terms_pattern(terms):
    terms = [term for term in terms or [] if term]
    if not terms:
        return None
    return re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )


@register.filter
def highlight(value, terms):
    """Plain text, escaped, with the searched words in <mark>."""
    text = str(value or "")
    pattern = _terms_pattern(terms)
    if pattern is None:
        return escape(text)
    out, position = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


@register.filter
def excerpt(value, terms, length=240):
    """A passage of rich text around the first searched word, as plain text, highlighted."""
    # Tags become spaces, so that paragraphs do not run together.
    text = " ".join(html.unescape(strip_tags(re.sub(r"<[^>]*>", " ", str(value or "")))).split())
    pattern = _terms_pattern(terms)
    match = pattern.search(text) if pattern else None
    if len(text) <= length:
        return highlight(text, terms)
    start = 0
    if match and match.start() > length // 3:
        start = text.rfind(" ", 0, match.start() - length // 3) + 1
    end = text.rfind(" ", start, start + length)
    end = end if end > start else start + length
    passage = text[start:end]
    return mark_safe(
        ("… " if start else "") + highlight(passage, terms) + (" …" if end < len(text) else "")
    )


_labels = {}


@register.filter
def display(obj, field_name):
    """The label of a choice field's value, like get_FOO_display() but without its cost.

    get_FOO_display() hashes every lazy label of the field, translating each, on every call; a
    page listing 150 events made thousands of translations. Labels are kept per language.
    """
    field = obj._meta.get_field(field_name)
    key = (obj._meta.label, field_name, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {value: str(label) for value, label in field.flatchoices}
    value = getattr(obj, field.attname)
    return labels.get(value, value)
