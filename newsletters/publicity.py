"""What published issues and articles show, and so make public (see unlops.publicity)."""

from django.db.models import Q

from unlops import guard, media, publicity

from .models import (
    Article,
    ArticleFigure,
    ArticlePhoto,
    Issue,
    Photo,
    PhotoPerson,
    Status,
    Term,
    Topic,
)
from .workflow import can_edit, can_move

# Each rule is "pk IN (the ids published work links to)": a subquery that does not depend on the
# outer row, which the database runs once per query, not once per row.


def _articles(released):
    articles = Article.objects.released() if released else Article.objects.published()
    return articles.values("pk")


def _photos(released):
    photos = Photo.objects.all()
    return (photos.released() if released else photos.published()).values("pk")


def _linked_by_articles(field, released):
    """Ids of the rows a published article links to through its many-to-many ``field``."""
    through = getattr(Article, field).through
    target = getattr(Article, field).field.m2m_reverse_field_name()
    return through.objects.filter(article__in=_articles(released)).values(f"{target}_id")


def photo_in_published_work(released):
    issues = Issue.objects.released() if released else Issue.objects.published()
    used = ArticlePhoto.objects.filter(article__in=_articles(released)).values("photo_id")
    in_text = ArticleFigure.objects.filter(article__in=_articles(released)).values("photo_id")
    return (
        Q(pk__in=used)
        | Q(pk__in=in_text)
        | Q(pk__in=issues.exclude(cover_photo=None).values("cover_photo_id"))
    )


def person_in_published_work(released):
    pictured = PhotoPerson.objects.filter(photo__in=_photos(released)).values("person_id")
    return Q(pk__in=_linked_by_articles("people", released)) | Q(pk__in=pictured)


def organisation_in_published_work(released):
    credited = (
        Photo.objects.filter(pk__in=_photos(released))
        .exclude(credit_organisation=None)
        .values("credit_organisation_id")
    )
    return Q(pk__in=_linked_by_articles("organisations", released)) | Q(pk__in=credited)


def event_in_published_work(released):
    pictured_at = (
        Photo.objects.filter(pk__in=_photos(released)).exclude(event=None).values("event_id")
    )
    return Q(pk__in=_linked_by_articles("events", released)) | Q(pk__in=pictured_at)


def topic_of_published_work(released):
    return Q(pk__in=_linked_by_articles("topics", released))


def term_used_by_published_work(released):
    """A term is public once published work uses it: the article-save path records the uses."""
    issues = Issue.objects.released() if released else Issue.objects.published()
    in_forewords = Issue.terms.through.objects.filter(issue__in=issues).values("term_id")
    return Q(pk__in=_linked_by_articles("terms", released)) | Q(pk__in=in_forewords)


def may_write(user, stored, new):
    """A save of an issue or article: allowed on what the user may edit, into a state the user
    may move it to."""
    if stored is not None and not can_edit(user, stored):
        return False
    old_status = stored.status if stored is not None else Status.DRAFT
    return can_move(user, new, new.status, old_status=old_status)


def register():
    publicity.register_use("newsletters.photo", photo_in_published_work)
    publicity.register_use("newsletters.topic", topic_of_published_work)
    publicity.register_use("newsletters.term", term_used_by_published_work)
    publicity.register_use("people.person", person_in_published_work)
    publicity.register_use("people.organisation", organisation_in_published_work)
    publicity.register_use("events.event", event_in_published_work)
    publicity.register_owner(PhotoPerson, lambda pictured: pictured.photo)
    publicity.register_owner(ArticlePhoto, lambda use: use.article)
    publicity.register_owner(ArticleFigure, lambda use: use.article)
    # Issues and articles carry their own state: the workflow decides who may change them.
    publicity.register_rule(Issue, can_edit)
    publicity.register_rule(Article, can_edit)
    media.register_owner("photos/", lambda name: Photo.objects.filter(image=name).first())
    guard.register_write_rule(Issue, may_write)
    guard.register_write_rule(Article, may_write)
    guard.protect(Issue, Article, ArticlePhoto, ArticleFigure, Photo, PhotoPerson, Topic, Term)
    guard.protect_links(
        Article.people,
        Article.organisations,
        Article.events,
        Article.topics,
        Article.terms,
        Issue.terms,
    )
