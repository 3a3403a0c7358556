"""What published issues and articles show, and so make public (see unlops.publicity)."""

from django.db.models import Exists, OuterRef, Q

from unlops import guard, media, publicity

from .models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Status, Topic
from .workflow import can_edit, can_move


def _articles(released):
    return Article.objects.released() if released else Article.objects.published()


def _photos(released):
    photos = Photo.objects.all()
    return photos.released() if released else photos.published()


def _mentioned(field, released):
    """Rows a published article links to through its many-to-many ``field``."""
    through = getattr(Article, field).through
    target = getattr(Article, field).field.m2m_reverse_field_name()
    return Q(
        Exists(
            through.objects.filter(**{target: OuterRef("pk"), "article__in": _articles(released)})
        )
    )


def photo_in_published_work(released):
    issues = Issue.objects.released() if released else Issue.objects.published()
    return Q(
        Exists(ArticlePhoto.objects.filter(photo=OuterRef("pk"), article__in=_articles(released)))
    ) | Q(Exists(issues.filter(cover_photo=OuterRef("pk"))))


def person_in_published_work(released):
    pictured = PhotoPerson.objects.filter(person=OuterRef("pk"), photo__in=_photos(released))
    return _mentioned("people", released) | Q(Exists(pictured))


def organisation_in_published_work(released):
    credited = _photos(released).filter(credit_organisation=OuterRef("pk"))
    return _mentioned("organisations", released) | Q(Exists(credited))


def event_in_published_work(released):
    pictured_at = _photos(released).filter(event=OuterRef("pk"))
    return _mentioned("events", released) | Q(Exists(pictured_at))


def topic_of_published_work(released):
    return _mentioned("topics", released)


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
    publicity.register_use("people.person", person_in_published_work)
    publicity.register_use("people.organisation", organisation_in_published_work)
    publicity.register_use("events.event", event_in_published_work)
    publicity.register_owner(PhotoPerson, lambda pictured: pictured.photo)
    publicity.register_owner(ArticlePhoto, lambda use: use.article)
    # Issues and articles carry their own state: the workflow decides who may change them.
    publicity.register_rule(Issue, can_edit)
    publicity.register_rule(Article, can_edit)
    media.register_owner("photos/", lambda name: Photo.objects.filter(image=name).first())
    guard.register_write_rule(Issue, may_write)
    guard.register_write_rule(Article, may_write)
    guard.protect(Issue, Article, ArticlePhoto, Photo, PhotoPerson, Topic)
    guard.protect_links(Article.people, Article.organisations, Article.events, Article.topics)
