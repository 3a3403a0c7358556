"""Pictures, rich text, captions and search highlights for the public pages."""

import html
import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, escape, format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from newsletters.glossary import Glossary
from unlops import media
from unlops.dates import format_day
from unlops.renditions import renditions
from unlops.richtext import sanitize_html

register = template.Library()


@lru_cache(maxsize=8192)
def _media_url(media_prefix, name):
    return media.url(name)


def media_url(name, grant=None):
    """The address of a stored file, remembered: a page may have hundreds of rendition URLs.
    A preview's ``grant`` signs it for that preview's readers."""
    if grant is not None:
        return media.url(name, grant=grant)
    return _media_url(settings.MEDIA_URL, name)


SIZES = {
    # The article column is at most 44rem wide; insets float at 20rem beside the text.
    "full": "(min-width: 48rem) 44rem, calc(100vw - 2rem)",
    "inset": "(min-width: 48rem) 20rem, calc(100vw - 2rem)",
    "cover": "(min-width: 72rem) 44rem, (min-width: 48rem) 60vw, calc(100vw - 2rem)",
    "thumb": "(min-width: 48rem) 14rem, calc(50vw - 1.5rem)",
}


@register.simple_tag(takes_context=True)
def picture(context, image, alt="", sizes="full", eager=False, css_class=""):
    """A <picture> of a stored image: WebP with a JPEG fallback, never the original file.

    ``image`` is an image field's file. The first picture of a page is ``eager``; the others load
    lazily as the reader scrolls to them.
    """
    found = renditions(image)
    if not found:
        return ""
    grant = context.get("media_grant")

    def url(name):
        return media_url(name, grant)

    webp = ", ".join(f"{url(names['webp'])} {width}w" for width, _h, names in found)
    jpeg = ", ".join(f"{url(names['jpg'])} {width}w" for width, _h, names in found)
    # The fallback src is a middle size; browsers that know srcset pick their own.
    width, height, names = found[min(1, len(found) - 1)]
    largest_width, largest_height, _names = found[-1]
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}'
        ' decoding="async" {}></picture>',
        webp,
        SIZES.get(sizes, sizes),
        url(names["jpg"]),
        jpeg,
        SIZES.get(sizes, sizes),
        largest_width,
        largest_height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe(loading),
    )


@register.simple_tag(takes_context=True)
def picture_url(context, image, width=1200):
    """The URL of the JPEG rendition nearest ``width``, for Open Graph; '' if none."""
    found = renditions(image)
    if not found:
        return ""
    chosen = min(found, key=lambda item: abs(item[0] - width))
    return media_url(chosen[2]["jpg"], context.get("media_grant"))


def _abbreviate(markup, glossary, seen=None):
    """Wrap the first use of each acronym in <abbr title="…">, in text only, never in tags.

    ``seen`` holds the acronyms already explained earlier in the same article; it is updated.
    """
    if not glossary:
        return markup
    if not isinstance(glossary, Glossary):
        glossary = Glossary(glossary)
    expansions, pattern = glossary.expansions, glossary.pattern
    seen = set() if seen is None else seen
    in_abbr = False
    parts = []
    for part in re.split(r"(<[^>]*>)", markup):
        if part.startswith("<"):
            name = part[1:].split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if name == "abbr":
                in_abbr = True
            elif name == "/abbr":
                in_abbr = False
            parts.append(part)
            continue
        if in_abbr:
            seen.update(pattern.findall(part))
            parts.append(part)
            continue

        def mark(match):
            acronym = match.group(1)
            if acronym in seen:
                return acronym
            seen.add(acronym)
            expansion = expansions[acronym]
            return format_html('<abbr title="{}">{}</abbr>', expansion, mark_safe(acronym))

        parts.append(pattern.sub(mark, part))
    return "".join(parts)


@register.filter
def richtext(value, glossary=None):
    """Stored rich text, sanitised again, with its acronyms explained at first use."""
    return mark_safe(_abbreviate(sanitize_html(value or ""), glossary or {}))


@register.filter
def abbreviate(value, glossary):
    """Acronyms of an already safe or plain text explained at first use."""
    return mark_safe(_abbreviate(conditional_escape(value), glossary or {}))


def _seen(article):
    if not hasattr(article, "_acronyms_seen"):
        article._acronyms_seen = set()
    return article._acronyms_seen


@register.filter
def standfirst(article, glossary):
    """An article's standfirst with acronyms explained; render it before the body."""
    return mark_safe(
        _abbreviate(conditional_escape(article.standfirst), glossary or {}, _seen(article))
    )


@register.filter
def body(article, glossary):
    """An article's body, sanitised again, with acronyms not yet met explained at first use."""
    return mark_safe(_abbreviate(sanitize_html(article.body or ""), glossary or {}, _seen(article)))


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


@register.filter
def caption(photo):
    """The caption, with the people pictured linked to their pages where their names appear."""
    text = photo.caption or ""
    people = [pictured.person for pictured in photo.pictured.all()]
    spans = []
    missing = []
    for person in people:
        index = text.find(person.name)
        stop = index + len(person.name)
        if index < 0 or any(start < stop and index < end for start, end, _ in spans):
            missing.append(person)
        else:
            spans.append((index, index + len(person.name), person))
    out, position = [], 0
    for start, end, person in sorted(spans, key=lambda span: span[0]):
        out.append(escape(text[position:start]))
        out.append(format_html('<a href="{}">{}</a>', person.get_absolute_url(), person.name))
        position = end
    out.append(escape(text[position:]))
    if missing:
        label = "Pictured, from left:" if not spans else "Also pictured:"
        links = format_html_join(
            ", ", '<a href="{}">{}</a>', ((p.get_absolute_url(), p.name) for p in missing)
        )
        out.append(format_html(' <span class="pictured">{} {}.</span>', label, links))
    return mark_safe("".join(out))


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


@register.filter
def day(value):
    """'17 May 2017'."""
    return format_day(value) if value else ""


@register.filter
def month(value):
    """'May 2017'."""
    return f"{value:%B %Y}" if value else ""
