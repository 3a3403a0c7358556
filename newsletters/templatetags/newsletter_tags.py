"""An article's title, standfirst and body, with the glossary's acronyms explained once per article.

The site-wide tags (pictures, dates, rich text) live in the site app: ``{% load pictures dates
text %}``.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from unlops.acronyms import abbreviate
from unlops.richtext import sanitize_text_with_figures

from ..figures import render_figures

register = template.Library()


def _seen(article):
    if not hasattr(article, "_acronyms_seen"):
        article._acronyms_seen = set()
    return article._acronyms_seen


@register.filter
def headline(article, glossary):
    """An article's title with acronyms explained: where the article first uses them, if there.
    Render it before the standfirst and the body."""
    return mark_safe(abbreviate(conditional_escape(article.title), glossary or {}, _seen(article)))


@register.filter
def standfirst(article, glossary):
    """An article's standfirst with acronyms explained; render it before the body."""
    return mark_safe(
        abbreviate(conditional_escape(article.standfirst), glossary or {}, _seen(article))
    )


def _body(article, glossary, context=None):
    text = sanitize_text_with_figures(article.body or "")
    html = abbreviate(text, glossary or {}, _seen(article))
    photos = getattr(article, "figure_photos", None) or {}
    return render_figures(html, photos=photos, context=context)


@register.filter
def body(article, glossary):
    """An article's body, sanitised again, with acronyms not yet met explained at first use and
    the photos placed in it (those the view read: ``figures.figure_photos``)."""
    return _body(article, glossary)


@register.simple_tag(takes_context=True)
def article_body(context, article, glossary):
    """As ``body``, with the page's context for the pictures (a preview's signed addresses)."""
    return _body(article, glossary, context)
