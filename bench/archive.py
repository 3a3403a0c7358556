"""Large archives for the benchmarks, made with bulk_create (tests use tests/factories/, the
demo its loader).

The site shows a person, organisation, event or topic only when published work shows it
(unlops.publicity), so every one of them is linked from a published article, as in a real archive;
photos picture people and serve as covers or article pictures. Call after django.setup().
"""

import datetime
import math
import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from events.models import Event, Participation
from newsletters.models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Status, Topic
from people.models import Appointment, Organisation, Person
from unlops.images import placeholder_jpeg
from unlops.sorting import collation_key

# The 10× archive: ten times the 2017 office's archive of 40 issues and 1,000 articles.
SIZES = {
    "issues": 400,
    "articles": 10_000,
    "people": 20_000,
    "events": 30_000,
    "photos": 20_000,
    "organisations": 2_000,
    "topics": 100,
}
# A few real pictures, shared by many photo rows: renditions are made per picture file.
PICTURES = 8
FIRST = ["Ana", "Jean", "Federica", "Ivan", "Miroslav", "Helga", "Pedro", "Amina", "Kamiel", "Liu"]
LAST = ["Lacroix", "Mogherini", "Šimonović", "Jenča", "Schmid", "Serrano", "Mohammed", "Mesie"]
CITIES = [
    ("Brussels", "Belgium"),
    ("New York", "United States"),
    ("Strasbourg", "France"),
    ("Geneva", "Switzerland"),
    ("Addis Ababa", "Ethiopia"),
    ("Valletta", "Malta"),
    ("Vienna", "Austria"),
    ("The Hague", "Netherlands"),
    ("Bamako", "Mali"),
    ("Tripoli", "Libya"),
]
WORDS = (
    "the council discussed support for peacekeeping missions and the protection of civilians "
    "partners agreed to strengthen cooperation on crisis management mediation and training "
    "ministers reviewed progress in the region and the role of regional organisations"
).split()
ROLES = [Participation.Role.VISITOR, Participation.Role.HOST, Participation.Role.MET_WITH]


def build_archive(sizes=SIZES, *, seed=2017):
    """Create an archive of ``sizes`` rows; return its focal rows: a person in many events and
    articles, an organisation and a topic."""
    archive = _Archive(random.Random(seed), {**SIZES, **sizes})
    return archive.build()


def spread(count, targets, per):
    """For each of ``count`` items, ``per`` distinct indices into ``targets`` rows (more where
    ``per`` would leave some out), so that together they reach every row."""
    per = min(max(per, math.ceil(targets / count)), targets)
    return [[(i * per + n) % targets for n in range(per)] for i in range(count)]


def date(year, month, day=1):
    return datetime.date(year, month, day)


class _Archive:
    def __init__(self, rnd, sizes):
        self.rnd = rnd
        self.sizes = sizes
        letters = "ABCDEFGHIKLMNOPRSTUVW"
        codes = {"".join(rnd.choice(letters) for _ in range(rnd.choice([3, 4]))) for _ in range(90)}
        self.acronyms = sorted(codes)[:60]

    def words(self, count):
        return " ".join(self.rnd.choice(WORDS) for _ in range(count))

    def paragraph(self, words=70):
        text = [self.rnd.choice(WORDS) for _ in range(words)]
        for _ in range(3):
            text.insert(self.rnd.randrange(len(text)), self.rnd.choice(self.acronyms))
        return "<p>" + " ".join(text).capitalize() + ".</p>"

    def build(self):
        self.organisations = self.make_organisations()
        self.people = self.make_people()
        self.events = self.make_events()
        self.topics = Topic.objects.bulk_create(
            Topic(name=f"Topic {i}: {self.rnd.choice(WORDS)}", slug=f"topic-{i}")
            for i in range(self.sizes["topics"])
        )
        self.photos = self.make_photos()
        issues = self.make_issues()
        articles = self.make_articles(issues)
        self.link(articles)
        return {
            "person": self.people[0],
            "organisation": self.organisations[7 % len(self.organisations)],
            "topic": self.topics[0],
        }

    def make_organisations(self):
        rnd = self.rnd
        organisations = [
            Organisation(
                name=f"Office for {rnd.choice(WORDS).title()} and {rnd.choice(WORDS).title()} {i}",
                slug=f"organisation-{i}",
                acronym=self.acronyms[i] if i < len(self.acronyms) else "",
                kind=rnd.choice(Organisation.Kind.values),
            )
            for i in range(self.sizes["organisations"])
        ]
        for organisation in organisations:  # What save() would fill in.
            organisation.sort_key = collation_key(organisation.name)
        return Organisation.objects.bulk_create(organisations)

    def make_people(self):
        people = Person.objects.bulk_create(
            Person(
                name=f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}{i}",
                sort_name=f"{LAST[i % len(LAST)]}{i} {FIRST[i % len(FIRST)]}",
                sort_key=collation_key(f"{LAST[i % len(LAST)]}{i} {FIRST[i % len(FIRST)]}"),
                slug=f"person-{i}",
                biography="A career in peacekeeping, mediation and the protection of civilians.",
            )
            for i in range(self.sizes["people"])
        )
        Appointment.objects.bulk_create(
            Appointment(
                person=person,
                organisation=self.rnd.choice(self.organisations),
                title=f"Director for {self.rnd.choice(WORDS).title()} {n}",
                start_date=date(2000 + self.rnd.randrange(17), 1 + self.rnd.randrange(12)),
                end_date=None if n else date(2018, 1),
                end_precision="unknown" if n else "day",
                ended=not n,
                in_post_precision="unknown",
            )
            for i, person in enumerate(people)
            for n in range(1 + (i + 1) % 2)
        )
        return people

    def make_events(self):
        rnd, total = self.rnd, self.sizes["events"]
        events = Event.objects.bulk_create(
            Event(
                kind=Event.Kind.HIGH_LEVEL_VISIT if i % 3 == 0 else rnd.choice(Event.Kind.values),
                title=f"{rnd.choice(['Visit', 'Dialogue', 'Briefing', 'Meeting'])} on "
                f"{rnd.choice(WORDS)} {i}",
                slug=f"event-{i}",
                start_date=date(2005 + i * 12 // total, 1 + i % 12, 1 + i % 28),
                end_date=date(2005 + i * 12 // total, 1 + i % 12, 1 + i % 28),
                city=CITIES[i % len(CITIES)][0],
                country=CITIES[i % len(CITIES)][1],
                summary=self.words(40),
            )
            for i in range(total)
        )
        # The focal person takes part in many events.
        Participation.objects.bulk_create(
            Participation(
                event=event,
                person=self.people[0] if n == 0 and i % 20 == 19 else rnd.choice(self.people),
                role=ROLES[n],
                position=n,
            )
            for i, event in enumerate(events)
            for n in range(len(ROLES))
        )
        through = Event.organisations.through
        through.objects.bulk_create(
            through(event=events[i], organisation=self.organisations[j])
            for i, chosen in enumerate(spread(total, len(self.organisations), 2))
            for j in chosen
        )
        return events

    def make_photos(self):
        pictures = [
            default_storage.save(
                f"photos/bench/picture-{i}.jpg",
                ContentFile(
                    placeholder_jpeg(f"Bench picture {i}", width=1600, height=1067, seed=i)
                ),
            )
            for i in range(PICTURES)
        ]
        people, total = self.people, self.sizes["photos"]
        photos = Photo.objects.bulk_create(
            Photo(
                image=pictures[i % len(pictures)],
                width=1600,
                height=1067,
                caption=f"{people[i % len(people)].name} at a meeting on {self.rnd.choice(WORDS)}",
                credit="UN Photo",
                alt_text="People around a conference table",
                event=self.events[i % len(self.events)] if i % 4 == 0 else None,
            )
            for i in range(total)
        )
        PhotoPerson.objects.bulk_create(
            PhotoPerson(photo=photos[i], person=people[j], position=n)
            for i, chosen in enumerate(spread(total, len(people), 2))
            for n, j in enumerate(chosen)
        )
        return photos

    def make_issues(self):
        now, count = timezone.now(), self.sizes["issues"]
        return Issue.objects.bulk_create(
            Issue(
                number=n + 1,
                slug=f"issue-{n + 1}",
                # Quarterly, the last one ending in 2026.
                period_start=date(2027 - count // 4 + n // 4, 1 + 3 * (n % 4)),
                period_end=date(2027 - count // 4 + n // 4, 3 + 3 * (n % 4), 30),
                cover_photo=self.photos[n],
                foreword=self.paragraph(),
                status=Status.PUBLISHED,
                published_at=now - datetime.timedelta(days=count - n),
            )
            for n in range(count)
        )

    def make_articles(self, issues):
        rnd, per_issue = self.rnd, self.sizes["articles"] // len(issues)
        return Article.objects.bulk_create(
            Article(
                issue=issue,
                position=p + 1,
                section=rnd.choice(Article.Section.values),
                title=f"Partners discuss {rnd.choice(WORDS)} and {rnd.choice(WORDS)}, "
                f"part {issue.number}-{p + 1}",
                slug=f"article-{p + 1}",
                standfirst=self.words(30).capitalize() + ".",
                body="".join(self.paragraph() for _ in range(6)),
                status=Status.PUBLISHED,
            )
            for issue in issues
            for p in range(per_issue)
        )

    def link(self, articles):
        """Every person, organisation, event and topic named in some article; the focal person
        in every twentieth as well; two pictures to each article, the covers aside."""
        count = len(articles)
        for field, rows, per in (
            ("people", self.people, 3),
            ("organisations", self.organisations, 2),
            ("events", self.events, 2),
            ("topics", self.topics, 2),
        ):
            links = {
                (i, j) for i, chosen in enumerate(spread(count, len(rows), per)) for j in chosen
            }
            if field == "people":
                links |= {(i, 0) for i in range(0, count, 20)}
            through = getattr(Article, field).through
            target = getattr(Article, field).field.m2m_reverse_field_name()
            through.objects.bulk_create(
                through(article=articles[i], **{target: rows[j]}) for i, j in sorted(links)
            )
        pictures = self.photos[self.sizes["issues"] :]  # The first ones are the covers.
        ArticlePhoto.objects.bulk_create(
            ArticlePhoto(
                article=articles[i],
                photo=pictures[j],
                position=n + 1,
                placement=Photo.Placement.INSET if n else Photo.Placement.FULL,
            )
            for i, chosen in enumerate(spread(count, len(pictures), 2))
            for n, j in enumerate(chosen)
        )


def copy_articles(issue, *, copies, slug):
    """A new issue holding ``copies`` copies of ``issue``'s articles, each with its own copies of
    the pictures (so that an export embeds them all)."""
    copy = Issue.objects.create(
        title=issue.title,
        number=issue.number + 100,
        slug=slug,
        period_start=issue.period_start,
        period_end=issue.period_end,
        cover_photo=issue.cover_photo,
        foreword=issue.foreword,
        status=issue.status,
        published_at=issue.published_at,
    )
    originals = list(issue.articles.order_by("position").prefetch_related("article_photos__photo"))
    plan = [
        (round_number, original) for round_number in range(1, copies + 1) for original in originals
    ]
    articles = Article.objects.bulk_create(
        Article(
            issue=copy,
            section=original.section,
            position=position,
            title=f"{original.title} ({round_number})",
            slug=f"{original.slug}-{round_number}"[:120],
            standfirst=original.standfirst,
            body=original.body,
            status=original.status,
            published_at=original.published_at,
        )
        for position, (round_number, original) in enumerate(plan, start=1)
    )
    uses = [
        (article, round_number, use)
        for article, (round_number, original) in zip(articles, plan, strict=True)
        for use in original.article_photos.all()
    ]
    photos = Photo.objects.bulk_create(
        Photo(
            image=_copy_file(use.photo.image.name, f"photos/bench/{round_number}-"),
            width=use.photo.width,
            height=use.photo.height,
            caption=use.photo.caption,
            credit=use.photo.credit,
            alt_text=use.photo.alt_text,
            taken_on=use.photo.taken_on,
        )
        for _article, round_number, use in uses
    )
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(article=article, photo=photo, position=use.position, placement=use.placement)
        for (article, _round, use), photo in zip(uses, photos, strict=True)
    )
    for article, (_round, original) in zip(articles, plan, strict=True):
        article.events.set(original.events.all())
        article.organisations.set(original.organisations.all())
    return copy


def _copy_file(name, prefix):
    with default_storage.open(name, "rb") as file:
        return default_storage.save(prefix + Path(name).name, ContentFile(file.read()))
