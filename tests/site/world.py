"""A small archive for the public site's tests, which can be grown to check query counts."""

import datetime
import itertools
from types import SimpleNamespace

from django.utils import timezone

from events.models import Event, Participation
from newsletters.models import Article, Status, Term
from newsletters.services import record_terms
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PhotoFactory,
    TermFactory,
    TopicFactory,
)

# Written into every draft, scheduled or otherwise hidden row: no public page may show it.
HIDDEN = "Zebraquill"

_batches = itertools.count(1)


def make_world():
    """Focal rows (an issue, an article, a person, an organisation, an event, a topic) and a
    first batch of content around them."""
    un = OrganisationFactory(name="United Nations", acronym="UN", slug="un")
    dpko = OrganisationFactory(
        name="Department of Peacekeeping Operations", acronym="DPKO", slug="dpko", parent=un
    )
    person = PersonFactory(name="Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    AppointmentFactory(
        person=person,
        organisation=dpko,
        title="Under-Secretary-General for Peacekeeping Operations",
        start_date=datetime.date(2017, 4, 1),
    )
    AppointmentFactory(
        person=person,
        organisation=un,
        title="Assistant Secretary-General",
        start_date=datetime.date(2012, 1, 1),
        end_date=datetime.date(2017, 3, 31),
    )
    cover = PhotoFactory(
        caption="Jean-Pierre Lacroix in Brussels", credit="UN Photo", people=[person]
    )
    issue = IssueFactory(
        published=True,
        slug="october-2016-may-2017",
        number=1,
        cover_photo=cover,
        foreword="<p>The first months of the DPKO under new leadership.</p>",
    )
    event = EventFactory(
        kind=Event.Kind.HIGH_LEVEL_VISIT,
        title="First visit of USG Jean-Pierre Lacroix to Brussels",
        slug="lacroix-brussels",
        start_date=datetime.date(2017, 5, 4),
        end_date=datetime.date(2017, 5, 5),
        city="Brussels",
        country="Belgium",
        organisations=[dpko],
        participants=[(person, Participation.Role.VISITOR)],
    )
    topic = TopicFactory(name="Peacekeeping", slug="peacekeeping")
    TermFactory(
        abbreviation="SRSG",
        expansion="Special Representative of the Secretary-General",
        kind=Term.Kind.TITLE,
        organisation=un,
    )
    TermFactory(abbreviation="ZQ", expansion=f"{HIDDEN} term", kind=Term.Kind.OTHER)
    world = SimpleNamespace(
        issue=issue, person=person, organisation=dpko, parent=un, event=event, topic=topic
    )
    grow(world)
    world.article = world.issue.articles.published().first()
    return world


def grow(world):
    """Add as much again around the focal rows: public content and hidden content."""
    n = next(_batches)
    year = 2016 - n  # Older than the focal issue, which stays the latest.
    batch_term = TermFactory(abbreviation=f"TB{n}", organisation=world.organisation)
    IssueFactory(
        published=True,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 6, 30),
    )
    for i in range(2):
        other = PersonFactory(name=f"Ana Person{n}x{i}", slug=f"ana-person-{n}-{i}")
        AppointmentFactory(
            person=other,
            organisation=world.organisation,
            title=f"Director of Division {n}{i}",
            start_date=datetime.date(2016, 1, 1),
        )
        AppointmentFactory(
            person=world.person,
            organisation=world.parent,
            title=f"Special Envoy {n}{i}",
            start_date=datetime.date(2000 + n, 1, 1),
            end_date=datetime.date(2000 + n, 12, 31),
        )
        event = EventFactory(
            kind=Event.Kind.DIALOGUE if i else Event.Kind.HIGH_LEVEL_VISIT,
            title=f"Dialogue on peacekeeping {n}-{i}",
            slug=f"dialogue-{n}-{i}",
            start_date=datetime.date(2017, 1 + (n + i) % 12, 10),
            city="Brussels" if i else "New York",
            country="Belgium" if i else "United States",
            organisations=[world.organisation],
            participants=[
                (world.person, Participation.Role.HOST),
                (other, Participation.Role.VISITOR),
            ],
        )
        ParticipationFactory(event=world.event, person=other, role=Participation.Role.MET_WITH)
        article = ArticleFactory(
            published=True,
            issue=world.issue,
            title=f"Peacekeeping partners meet, part {n}-{i}",
            slug=f"partners-{n}-{i}",
            standfirst="The DPKO and European partners discuss peacekeeping.",
            body=(
                "<p>The DPKO met EU partners. The DPKO, part of the UN, asked for help.</p>"
                f"<p>{other.name} spoke about peacekeeping.</p>"
                f"<p>The SRSG and the {batch_term.abbreviation} were there.</p>"
            ),
            people=[world.person, other],
            organisations=[world.organisation],
            events=[world.event, event],
            topics=[world.topic, TopicFactory()],
            photos=[
                PhotoFactory(
                    caption=f"{other.name} and Jean-Pierre Lacroix in Brussels",
                    event=world.event,
                    people=[other, world.person],
                ),
                PhotoFactory(caption=f"A meeting room, {n}-{i}"),
            ],
        )
        record_terms(article)  # As saving it in the admin does.
    hide(world, n)


def hide(world, n):
    """Content that exists but is not public: a draft article, a scheduled one, an article that is
    published in a draft issue, a scheduled issue, each linked to every focal row."""
    draft_issue = IssueFactory(
        title=f"{HIDDEN} draft issue", cover_photo=PhotoFactory(caption=f"{HIDDEN} cover {n}")
    )
    IssueFactory(scheduled=True, title=f"{HIDDEN} scheduled issue")
    hidden = [
        {"issue": world.issue, "title": f"{HIDDEN} draft {n}", "slug": f"draft-{n}"},
        {
            "scheduled": True,
            "issue": world.issue,
            "title": f"{HIDDEN} scheduled {n}",
            "slug": f"later-{n}",
        },
        {
            "issue": draft_issue,
            "status": Status.PUBLISHED,
            "published_at": timezone.now() - datetime.timedelta(days=2),
            "title": f"{HIDDEN} in a draft issue {n}",
            "slug": f"in-draft-{n}",
        },
    ]
    for fields in hidden:
        article = ArticleFactory(
            **fields,
            standfirst=f"{HIDDEN} peacekeeping standfirst",
            body=f"<p>{HIDDEN} peacekeeping body, with the ZQ and the SRSG</p>",
            people=[world.person],
            organisations=[world.organisation],
            events=[world.event],
            topics=[world.topic, TopicFactory(name=f"{HIDDEN} topic {fields['slug']}")],
            photos=[
                PhotoFactory(
                    caption=f"{HIDDEN} photo of Jean-Pierre Lacroix",
                    event=world.event,
                    people=[world.person],
                )
            ],
        )
        record_terms(article)


PAGE_NAMES = [
    "home",
    "issue-list",
    "issue-detail",
    "article-detail",
    "topic-list",
    "topic-detail",
    "person-list",
    "person-list-filtered",
    "person-detail",
    "organisation-list",
    "organisation-detail",
    "glossary",
    "event-list",
    "event-list-filtered",
    "event-detail",
    "search-articles",
    "search-people",
    "search-events",
    "article-feed",
    "issue-feed",
    "sitemap",
    "sitemap-section",
    "robots",
]


def public_urls(world):
    """Every kind of public page, with filters and a search, for the focal rows."""
    return {
        "home": "/",
        "issue-list": "/issues/",
        "issue-detail": world.issue.get_absolute_url(),
        "article-detail": world.article.get_absolute_url(),
        "topic-list": "/topics/",
        "topic-detail": world.topic.get_absolute_url(),
        "person-list": "/people/",
        "person-list-filtered": f"/people/?organisation={world.organisation.slug}&letter=P",
        "person-detail": world.person.get_absolute_url(),
        "organisation-list": "/people/organisations/",
        "organisation-detail": world.organisation.get_absolute_url(),
        "glossary": "/glossary/",
        "event-list": "/events/",
        "event-list-filtered": (
            f"/events/?year=2017&kind=dialogue&organisation={world.organisation.slug}"
            "&place=Brussels"
        ),
        "event-detail": world.event.get_absolute_url(),
        "search-articles": "/search/?q=peacekeeping",
        "search-people": "/search/?q=person&type=people",
        "search-events": "/search/?q=dialogue&type=events",
        "article-feed": "/feeds/articles/",
        "issue-feed": "/feeds/issues/",
        "sitemap": "/sitemap.xml",
        "sitemap-section": "/sitemap-articles.xml",
        "robots": "/robots.txt",
    }


def hidden_articles():
    return Article.objects.filter(title__contains=HIDDEN).select_related("issue")
