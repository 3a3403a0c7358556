"""Photos placed inside an article's text: what its body refers to, recorded and rendered.

The body stores a reference, ``<figure data-photo="123" data-placement="inset"></figure>`` (see
``unlops.richtext``), never a copied picture, so a photo's caption, credit, people pictured and
focal point stay the library's. Three jobs:

- ``record_figures(*articles)``: link each article to the photos its text shows now
  (``ArticleFigure``), so "where used", the delete guard and the publicity rule are queries. Called
  with ``services.record_terms`` on every save, import and publication of an article.
- ``figure_photos(articles, public=…)``: the photos all the given articles refer to, in one query
  (and one for the people pictured), whatever the number of figures. Publicly only public photos;
  a reference to any other renders nothing there (a staff preview shows every photo).
- ``render_figures(html, photos=…, context=…)``: each reference in sanitised ``html`` replaced by
  the site's figure (``includes/_photo.html``: the rendition's srcset, caption with the people
  pictured, credit). The exports place them as their own figures (``export.content``).
"""

from collections import defaultdict

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from unlops.richtext import FIGURE_RE, figure_references

from .models import ArticleFigure, Photo, PhotoPerson

CHUNK = 900  # Rows read per query, within the 999 parameters of older SQLite builds.


def photo_ids(html):
    """The ids of the photos ``html`` (a sanitised body) places in its text, once each."""
    return list(dict.fromkeys(photo for photo, _placement in figure_references(html)))


def _recorded(articles):
    recorded = defaultdict(set)
    pks = [article.pk for article in articles]
    for start in range(0, len(pks), CHUNK):
        links = ArticleFigure.objects.filter(article_id__in=pks[start : start + CHUNK])
        for article, photo in links.values_list("article_id", "photo_id"):
            recorded[article].add(photo)
    return recorded


def _existing(ids):
    ids = sorted(ids)
    found = set()
    for start in range(0, len(ids), CHUNK):
        found.update(
            Photo.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("pk", flat=True)
        )
    return found


def record_figures(*articles):
    """Link each saved article to the photos its body places now; return how many changed. A
    reference to a photo that does not exist (any more) is not linked (and renders nothing)."""
    articles = [article for article in articles if article.pk is not None]
    if not articles:
        return 0
    wanted = {article.pk: set(photo_ids(article.body)) for article in articles}
    existing = _existing(set().union(*wanted.values()))
    recorded = _recorded(articles)
    changed = 0
    for article in articles:
        want = wanted[article.pk] & existing
        have = recorded.get(article.pk, set())
        if want == have:
            continue
        ArticleFigure.objects.filter(article=article, photo_id__in=have - want).delete()
        for photo in sorted(want - have):  # One by one, so the write guard sees each.
            ArticleFigure.objects.create(article=article, photo_id=photo)
        changed += 1
    return changed


def figure_photos(articles, *, public=True):
    """{photo id: photo} of every photo the ``articles``' bodies place, people pictured read with
    them; each article gets the dict as ``figure_photos``. No query when no body has a figure."""
    articles = list(articles)
    ids = sorted({photo for article in articles for photo in photo_ids(article.body)})
    photos = {}
    if ids:
        queryset = Photo.objects.published() if public else Photo.objects.all()
        pictured = PhotoPerson.objects.select_related("person")
        photos = {
            photo.pk: photo
            for photo in queryset.filter(pk__in=ids)
            .select_related("credit_organisation")
            .prefetch_related(Prefetch("pictured", queryset=pictured))
        }
    for article in articles:
        article.figure_photos = photos
    return photos


def render_figures(html, *, photos, context=None):
    """``html`` (sanitised) with each figure reference replaced by its figure, or by nothing when
    ``photos`` (from ``figure_photos``) lacks its photo. ``context`` gives the template what the
    page has (``media_grant`` signs a preview's pictures)."""
    flat = context.flatten() if hasattr(context, "flatten") else dict(context or {})

    def figure(match):
        photo = photos.get(int(match[1]))
        if photo is None or not photo.image:
            return ""
        return render_to_string(
            "includes/_photo.html", {**flat, "photo": photo, "placement": match[2], "eager": False}
        ).strip()

    return mark_safe(FIGURE_RE.sub(figure, html or ""))  # noqa: S308 - sanitised, then our markup


def pictured_line(photo):
    """'Pictured, from left: A, B.' (or 'Also pictured: …') for the people pictured whom the
    caption does not name, as plain text for the exports; '' if it names them all."""
    caption = photo.caption or ""
    names = [pictured.person.name for pictured in photo.pictured.all()]
    missing = [name for name in names if name not in caption]
    if not missing:
        return ""
    label = _("Pictured, from left:") if len(missing) == len(names) else _("Also pictured:")
    return f"{label} {', '.join(missing)}."
