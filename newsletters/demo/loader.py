"""Build the October 2016 – May 2017 issue from facts.json and the texts beside it (texts.py).

The demo owns what it loads: running it again brings every row back to the facts (child rows the
facts no longer list are removed) and changes nothing when the facts have not changed. Rows are
found by their slug or natural key (a photo by its file name) and saved only when a value differs,
so timestamps and history stay put. Placeholder pictures are written once to default storage and
reused afterwards. The issue and its articles are made as drafts and published as every state
change is, through ``newsletters.services.transition``.
"""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify
from PIL import Image

from events.models import Event, Participation
from newsletters.models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Status, Topic
from newsletters.services import record_terms, transition
from people.models import Appointment, Organisation, Person
from unlops.dates import parse_partial_date
from unlops.images import placeholder_jpeg

from .dating import event_dates, event_note, event_status, photo_date, photo_place
from .sync import Sync
from .terms import load_terms
from .texts import place_figures, read_texts

FACTS_PATH = Path(__file__).with_name("facts.json")
PHOTO_DIR = "photos/demo"
PUBLISHED_AT = datetime.datetime(2017, 6, 15, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def read_facts(path=FACTS_PATH):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_demo(*, stdout=None):
    """Create or update the demo issue and everything it refers to; return the counts."""
    facts = read_facts()
    loader = _DemoLoader(facts, read_texts(facts))
    with transaction.atomic():
        counts = loader.run()
    if stdout is not None:
        stdout.write(
            f"Loaded the demo issue {loader.issue.slug}: "
            f"{counts['organisations']} organisations, {counts['people']} people "
            f"({counts['appointments']} appointments), {counts['events']} events "
            f"({counts['participations']} participations), {counts['topics']} topics, "
            f"{counts['photos']} photos, {counts['articles']} articles, "
            f"{counts['terms']} terms.\n"
            f"Rows created, changed or removed: {counts['changes']}. "
            f"Placeholder images written: {counts['images_written']}."
        )
    return counts


def _appointment_dates(facts):
    """Start, end and a day in post, each as exact as the facts and no more; an end is known to
    have happened ("now former") with or without its date."""
    start, start_precision = parse_partial_date(facts["start"])
    end, end_precision = parse_partial_date(facts["end"], last=True)
    in_post, in_post_precision = parse_partial_date(facts.get("in_post"))
    return {
        "start_date": start,
        "start_precision": start_precision,
        "end_date": end,
        "end_precision": end_precision,
        "ended": bool(facts.get("ended")) or end is not None,
        "in_post_on": in_post,
        "in_post_precision": in_post_precision,
    }


def _topic_name(name):
    return name[:1].upper() + name[1:]


class _DemoLoader(Sync):
    def __init__(self, facts, texts):
        super().__init__()
        self.facts = facts
        self.texts = texts
        self.images_written = 0
        self.organisations = {}
        self.terms = {}
        self.people = {}
        self.appointments = []
        self.events = {}
        self.participations = []
        self.topics = {}
        self.photos = {}
        self.articles = {}
        self.issue = None

    def run(self):
        self.load_organisations()
        self.terms = load_terms(self, self.facts, self.organisations)
        self.load_people()
        self.load_events()
        self.load_topics()
        self.load_photos()
        self.load_issue()
        self.load_articles()
        self.publish()
        return {
            "organisations": len(self.organisations),
            "terms": len(self.terms),
            "people": len(self.people),
            "appointments": len(self.appointments),
            "events": len(self.events),
            "participations": len(self.participations),
            "topics": len(self.topics),
            "photos": len(self.photos),
            "issues": 1,
            "articles": len(self.articles),
            "changes": self.changes,
            "images_written": self.images_written,
        }

    # The facts, in dependency order.

    def load_organisations(self):
        for facts in self.facts["organisations"]:
            self.organisations[facts["key"]] = self.upsert(
                Organisation,
                {"slug": facts["key"]},
                {
                    "name": facts["name"],
                    "acronym": facts["acronym"] or "",
                    "kind": Organisation.Kind(facts["kind"]),
                },
            )
        # Parents second, so the order of the facts does not matter.
        for facts in self.facts["organisations"]:
            parent = self.organisations[facts["parent"]] if facts["parent"] else None
            self.upsert(
                Organisation,
                {"slug": facts["key"]},
                {"parent_id": parent.pk if parent else None},
            )

    def load_people(self):
        for facts in self.facts["people"]:
            values = {"name": facts["name"], "honorific": facts["honorific"] or ""}
            sort_name = self.texts["people"].get(facts["key"], {}).get("sort_name")
            if sort_name:
                values["sort_name"] = sort_name
            person = self.upsert(Person, {"slug": facts["key"]}, values)
            self.people[facts["key"]] = person
            rows = []
            for appointment in facts["appointments"]:
                lookup = {
                    "organisation": self.organisations[appointment["organisation"]],
                    "title": appointment["title"],
                }
                values = {
                    "short_title": appointment["short"] or "",
                    **_appointment_dates(appointment),
                    "note": appointment["note"] or "",
                }
                rows.append((lookup, values))
            # Created in the order of the facts, which is the order of seniority.
            self.appointments += self.sync_children(Appointment, "person", person, rows)

    def load_events(self):
        for facts in self.facts["events"]:
            start, end, precision, alternative = event_dates(facts)
            self.events[facts["key"]] = self.upsert(
                Event,
                {"slug": facts["key"]},
                {
                    "kind": Event.Kind(facts["kind"]),
                    "title": facts["title"],
                    "start_date": start,
                    "end_date": end,
                    "date_precision": precision,
                    "alternative_start_date": alternative,
                    "date_note": event_note(facts),
                    "status": event_status(facts),
                    "venue": facts.get("venue") or "",
                    "city": facts["city"] or "",
                    "country": facts["country"] or "",
                    "summary": self.texts["events"][facts["key"]]["summary"],
                },
            )
        for facts in self.facts["events"]:
            event = self.events[facts["key"]]
            parent = self.events[facts["parent_event"]] if facts.get("parent_event") else None
            self.upsert(Event, {"pk": event.pk}, {"parent_id": parent.pk if parent else None})
            self.sync_m2m(
                event.organisations, [self.organisations[key] for key in facts["organisations"]]
            )
            rows = [
                (
                    {"person": self.people[p["person"]], "role": Participation.Role(p["role"])},
                    {"position": position},
                )
                for position, p in enumerate(facts["participants"], start=1)
            ]
            self.participations += self.sync_children(Participation, "event", event, rows)

    def load_topics(self):
        for facts in self.facts["articles"]:
            for name in facts["topics"]:
                name = _topic_name(name)
                slug = slugify(name)
                if slug not in self.topics:
                    self.topics[slug] = self.upsert(Topic, {"slug": slug}, {"name": name})

    def load_photos(self):
        for index, facts in enumerate(self.facts["photos"]):
            key = facts["key"]
            authored = self.texts["photos"][key]
            name = self.placeholder_image(key, label=facts["depicts"], seed=index)
            with default_storage.open(name) as stored, Image.open(stored) as image:
                width, height = image.size
            credited = facts["credit_organisation"]
            event = facts["event"]
            taken_on, taken_on_precision = photo_date(facts)
            photo = self.upsert(
                Photo,
                {"image": name},
                {
                    "width": width,
                    "height": height,
                    "caption": authored["caption"],
                    "credit": facts["credit"],
                    "credit_organisation": self.organisations[credited] if credited else None,
                    "alt_text": (
                        f"Placeholder image standing in for a photo of {authored['alt']}; "
                        "the original photograph is not available."
                    ),
                    "taken_on": taken_on,
                    "taken_on_precision": taken_on_precision,
                    "place": photo_place(facts),
                    "event": self.events[event] if event else None,
                },
            )
            self.photos[key] = photo
            rows = [
                ({"person": self.people[person]}, {"position": position})
                for position, person in enumerate(facts["people_left_to_right"], start=1)
            ]
            self.sync_children(PhotoPerson, "photo", photo, rows)

    def placeholder_image(self, key, *, label, seed):
        """The stored name of the photo's placeholder, written only if it is not there yet."""
        name = f"{PHOTO_DIR}/{key}.jpg"
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(placeholder_jpeg(label, seed=seed)))
            if saved != name:
                raise RuntimeError(f"The storage saved {name} as {saved}.")
            self.images_written += 1
        return name

    def load_issue(self):
        period_start, _ = parse_partial_date(self.facts["issue"]["period_start"])
        period_end, _ = parse_partial_date(self.facts["issue"]["period_end"], last=True)
        features = sorted(
            (a for a in self.facts["articles"] if a["section"] == Article.Section.FEATURE),
            key=lambda a: a["position"],
        )
        cover = next(self.photos[a["photos"][0]] for a in features if a["photos"])
        authored = self.texts["issue"]
        slug = authored["slug"]
        existing = Issue.objects.filter(slug=slug).first()
        if existing:
            number = existing.number
        elif Issue.objects.filter(number=authored["number"]).exists():
            number = max(Issue.objects.values_list("number", flat=True)) + 1
        else:
            number = authored["number"]
        self.issue = self.upsert(
            Issue,
            {"slug": slug},
            {
                "number": number,
                "title": authored["title"],
                "period_start": period_start,
                "period_end": period_end,
                "cover_photo": cover,
                "foreword": authored["foreword"],
                # Set before publish(): the service dates only an issue that has no date yet.
                "published_at": PUBLISHED_AT,
            },
        )
        self.changes += record_terms(self.issue)

    def load_articles(self):
        for facts in self.facts["articles"]:
            key = facts["key"]
            authored = self.texts["articles"][key]
            body, in_text = place_figures(authored["body"], self.photos)
            article = self.upsert(
                Article,
                {"issue": self.issue, "slug": key},
                {
                    "section": Article.Section(facts["section"]),
                    "position": facts["position"],
                    "title": facts["title"],
                    "standfirst": authored["standfirst"],
                    "body": body,
                    "published_at": None,
                },
            )
            self.articles[key] = article
            self.changes += record_terms(article)
            self.sync_m2m(article.people, [self.people[k] for k in facts["people"]])
            self.sync_m2m(
                article.organisations, [self.organisations[k] for k in facts["organisations"]]
            )
            self.sync_m2m(article.events, [self.events[k] for k in facts["events"]])
            self.sync_m2m(
                article.topics, [self.topics[slugify(_topic_name(n))] for n in facts["topics"]]
            )
            rows = [
                (
                    {"photo": self.photos[photo]},
                    {
                        "position": position,
                        # A misspelt placement in photos.toml stops the load here.
                        "placement": Photo.Placement(
                            self.texts["photos"][photo].get(
                                "placement",
                                Photo.Placement.FULL if position == 1 else Photo.Placement.INSET,
                            )
                        ),
                    },
                )
                for position, photo in enumerate(
                    [key for key in facts["photos"] if key not in in_text], start=1
                )
            ]
            self.sync_children(ArticlePhoto, "article", article, rows)

    def publish(self):
        """Publish the issue with its articles if it is not public yet; in a public issue, publish
        again an article someone took back to draft. A public demo is left as it is."""
        if self.issue.status != Status.PUBLISHED:
            drafts = [a for a in self.articles.values() if a.status != Status.PUBLISHED]
            self.issue = transition(self.issue, to=Status.PUBLISHED, by=None)
            self.changes += 1 + len(drafts)
            return
        for key, article in self.articles.items():
            if article.status != Status.PUBLISHED:
                self.articles[key] = transition(article, to=Status.PUBLISHED, by=None)
                self.changes += 1
