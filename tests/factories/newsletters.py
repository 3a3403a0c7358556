"""Topics, issues, articles, photos and the glossary's terms."""

import datetime

import factory
from django.db.models import Max
from django.utils.text import slugify

from events.models import Event
from newsletters.models import (
    Article,
    ArticlePhoto,
    Issue,
    Photo,
    PhotoPerson,
    ReviewComment,
    Status,
    Term,
    Topic,
)
from people.models import Organisation, Person

from .links import _add_links, _future, _past
from .people import PersonFactory

TOPIC_NAMES = ["UN-EU partnership", "Libya", "Central African Republic", "Mali", "Somalia"]


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(
        lambda n: (
            TOPIC_NAMES[n] if n < len(TOPIC_NAMES) else f"{TOPIC_NAMES[n % len(TOPIC_NAMES)]} {n}"
        )
    )
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class IssueFactory(factory.django.DjangoModelFactory):
    """A draft issue; ``published=True`` makes it public, ``scheduled=True`` public next week."""

    class Meta:
        model = Issue

    class Params:
        published = factory.Trait(status=Status.PUBLISHED, published_at=factory.LazyFunction(_past))
        scheduled = factory.Trait(
            status=Status.PUBLISHED, published_at=factory.LazyFunction(_future)
        )
        in_review = factory.Trait(status=Status.REVIEW)

    number = factory.Sequence(lambda n: n + 1)
    slug = factory.LazyAttribute(lambda o: f"issue-{o.number}")
    period_start = datetime.date(2016, 10, 1)
    period_end = datetime.date(2017, 5, 31)
    status = Status.DRAFT
    published_at = None


class PhotoFactory(factory.django.DjangoModelFactory):
    """``people=[...]`` pictures them, from left to right."""

    class Meta:
        model = Photo
        skip_postgeneration_save = True

    image = factory.django.ImageField(
        filename="lacroix-vandeput.jpg", format="JPEG", width=48, height=32, color="navy"
    )
    caption = "Jean-Pierre Lacroix with Steven Vandeput in Brussels"
    credit = "Belgian Defence Ministry"
    alt_text = "Two men shake hands in front of flags"
    taken_on = datetime.date(2017, 5, 5)
    place = "Brussels, Belgium"

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        for position, person in enumerate(extracted or [], start=1):
            PhotoPerson.objects.create(photo=self, person=person, position=position)


class PhotoPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhotoPerson

    photo = factory.SubFactory(PhotoFactory)
    person = factory.SubFactory(PersonFactory)
    position = factory.Sequence(lambda n: n)


def _next_position(article):
    highest = article.issue.articles.aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + 1


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft article; ``published=True`` publishes it in a published issue unless one is given.

    ``people``, ``organisations``, ``events``, ``topics`` link rows to it; ``photos=[photo, ...]``
    shows them in that order, the first full width and the others inset unless
    ``photos__placement`` says otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(_past),
            issue=factory.SubFactory(IssueFactory, published=True),
        )
        scheduled = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(_future),
            issue=factory.SubFactory(IssueFactory, published=True),
        )

    issue = factory.SubFactory(IssueFactory)
    section = Article.Section.FEATURE
    position = factory.LazyAttribute(_next_position)
    title = "New Head of UN Department of Peacekeeping Operations engages European partners"
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "Jean-Pierre Lacroix meets European partners in Brussels."
    body = "<p>Jean-Pierre Lacroix, Under-Secretary-General for Peacekeeping Operations.</p>"
    status = Status.DRAFT
    published_at = None
    people = _add_links("people")
    organisations = _add_links("organisations")
    events = _add_links("events")
    topics = _add_links("topics")

    @factory.post_generation
    def photos(self, create, extracted, **kwargs):
        for position, photo in enumerate(extracted or [], start=1):
            placement = kwargs.get(
                "placement", Photo.Placement.FULL if position == 1 else Photo.Placement.INSET
            )
            ArticlePhoto.objects.create(
                article=self, photo=photo, position=position, placement=placement
            )


class ArticlePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticlePhoto

    article = factory.SubFactory(ArticleFactory)
    photo = factory.SubFactory(PhotoFactory)
    position = factory.Sequence(lambda n: n)
    placement = Photo.Placement.FULL


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    """An open comment on an article's standfirst, as a reviewer would ask for a fix."""

    class Meta:
        model = ReviewComment

    article = factory.SubFactory(ArticleFactory)
    field = "standfirst"
    body = "Give Jean-Pierre Lacroix's title in full: Under-Secretary-General."


TERM_EXPANSIONS = [
    ("Special Representative of the Secretary-General", Term.Kind.TITLE),
    ("Common Security and Defence Policy", Term.Kind.POLICY),
    ("Responsibility to Protect", Term.Kind.POLICY),
    ("Central African Republic", Term.Kind.PLACE),
]


class TermFactory(factory.django.DjangoModelFactory):
    """A term worded as in the seed's glossary, under an abbreviation of its own (TERM1, …):
    pass ``abbreviation`` for one a text uses."""

    class Meta:
        model = Term

    abbreviation = factory.Sequence(lambda n: f"TERM{n + 1}")
    expansion = factory.Iterator([expansion for expansion, _kind in TERM_EXPANSIONS])
    kind = factory.Iterator([kind for _expansion, kind in TERM_EXPANSIONS])


def shown_in_published_work(*objects, article=None):
    """Make rows public as the site does: a published article (made if not given) shows them."""
    article = article or ArticleFactory(published=True)
    for obj in objects:
        if isinstance(obj, Person):
            article.people.add(obj)
        elif isinstance(obj, Organisation):
            article.organisations.add(obj)
        elif isinstance(obj, Event):
            article.events.add(obj)
        elif isinstance(obj, Topic):
            article.topics.add(obj)
        elif isinstance(obj, Photo):
            ArticlePhotoFactory(article=article, photo=obj)
        elif isinstance(obj, Term):
            article.terms.add(obj)  # As saving an article whose text uses it records.
        else:
            raise TypeError(f"A published article does not show a {type(obj).__name__}.")
    return article
