"""Pictures of stored images and their captions, for the pages of every app."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from unlops import media
from unlops.renditions import renditions

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
def picture(context, image, alt="", sizes="full", eager=False, css_class="", crop=None, focus=None):
    """A <picture> of a stored image: WebP with a JPEG fallback, never the original file.

    ``image`` is an image field's file. The first picture of a page is ``eager``; the others load
    lazily as the reader scrolls to them. ``crop`` ('3:2') cuts it to those proportions around
    ``focus`` (a photo's focal point, x and y as fractions), the middle if none is given.
    """
    found = renditions(image, crop=crop, focus=focus)
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
def picture_url(context, image, width=1200, crop=None, focus=None):
    """The URL of the JPEG rendition nearest ``width``, for Open Graph; '' if none. ``crop`` and
    ``focus`` as for :func:`picture`."""
    found = renditions(image, crop=crop, focus=focus)
    if not found:
        return ""
    chosen = min(found, key=lambda item: abs(item[0] - width))
    return media_url(chosen[2]["jpg"], context.get("media_grant"))


@register.filter
def caption(photo):
    """The caption, with the people pictured linked to their pages where their names appear.

    Any photo will do that has a ``caption`` and ``pictured`` rows with a ``person`` (``name``,
    ``get_absolute_url()``), in order from left to right.
    """
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
        label = gettext("Pictured, from left:") if not spans else gettext("Also pictured:")
        links = format_html_join(
            ", ", '<a href="{}">{}</a>', ((p.get_absolute_url(), p.name) for p in missing)
        )
        out.append(format_html(' <span class="pictured">{} {}.</span>', label, links))
    return mark_safe("".join(out))
