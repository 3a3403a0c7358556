"""Factories for every model, filled with names, titles and dates from the office's 2017 issue."""

import datetime

import factory
from django.contrib.auth.models import Group, User
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, Participation
from newsletters.models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Status, Topic
from newsletters.roles import sync_roles
from people.models import Appointment, Organisation, Person
from unlops.dates import DatePrecision

ORGANISATION_NAMES = [
    "Department of Peacekeeping Operations",
    "European External Action Service",
    "Department of Political Affairs",
    "European Parliament",
    "Political and Security Committee",
    "United Nations Support Mission in Libya",
]
PERSON_NAMES = [
    "Jean-Pierre Lacroix",
    "Hervé Ladsous",
    "Federica Mogherini",
    "Miroslav Jenča",
    "Ivan Šimonović",
    "Steven Vandeput",
]
TOPIC_NAMES = ["UN-EU partnership", "Libya", "Central African Republic", "Mali", "Somalia"]


def _past():
    return timezone.now() - datetime.timedelta(days=1)


def _future():
    return timezone.now() + datetime.timedelta(days=7)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Iterator(ORGANISATION_NAMES)
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)[:90]}-{n}")
    acronym = ""
    kind = Organisation.Kind.UN_ENTITY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(PERSON_NAMES)
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)[:90]}-{n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Under-Secretary-General for Peacekeeping Operations"
    short_title = "USG"
    start_date = datetime.date(2017, 4, 1)
    end_date = None


def _add_links(field):
    """A ``post_generation`` hook: ``Factory(people=[...])`` adds the rows to ``field``."""

    def add(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).add(*extracted)

    return factory.PostGeneration(add)


class EventFactory(factory.django.DjangoModelFactory):
    """``organisations=[...]``, ``participants=[(person, role), ...]`` link rows to the event."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.PLENARY_ADDRESS
    title = "Secretary-General António Guterres addresses the European Parliament plenary"
    slug = factory.Sequence(lambda n: f"event-{n}")
    start_date = datetime.date(2017, 5, 17)
    end_date = factory.SelfAttribute("start_date")
    date_precision = DatePrecision.DAY
    city = "Strasbourg"
    country = "France"
    organisations = _add_links("organisations")

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        for position, (person, role) in enumerate(extracted or [], start=1):
            Participation.objects.create(event=self, person=person, role=role, position=position)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.SPEAKER


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
        else:
            raise TypeError(f"A published article does not show a {type(obj).__name__}.")
    return article


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; ``role="Editor"`` puts them in that editorial group."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Iterator(["Annick", "Kamiel", "Rory", "Lotte"])
    last_name = factory.Iterator(["Hiensch", "Mesie", "Keane", "Knudsen"])
    is_staff = True
    password = factory.django.Password("unlops-test-password")
    role = None

    @classmethod
    def _create(cls, model_class, *args, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role:
            if not Group.objects.filter(name=role).exists():
                sync_roles()  # A transactional test before this one emptied the tables.
            user.groups.add(Group.objects.get(name=role))
        return user
