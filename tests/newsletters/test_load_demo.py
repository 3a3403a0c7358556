import calendar
import datetime
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.core.management import call_command
from PIL import Image

from events.models import Event, Participation
from newsletters.demo import dating, loader
from newsletters.models import (
    Article,
    ArticlePhoto,
    Issue,
    Photo,
    PhotoPerson,
    Status,
    Term,
    Topic,
)
from newsletters.services import issue_problems, transition
from people.models import Appointment, Organisation, Person
from unlops.dates import DatePrecision, parse_partial_date

FACTS = loader.read_facts()
USG_PEACEKEEPING = "Under-Secretary-General for Peacekeeping Operations"


def facts_by_key(kind):
    return {item["key"]: item for item in FACTS[kind]}


def snapshot():
    models = [
        Organisation,
        Person,
        Appointment,
        Event,
        Event.organisations.through,
        Participation,
        Topic,
        Photo,
        PhotoPerson,
        Term,
        Issue,
        Issue.terms.through,
        Article,
        Article.terms.through,
        Article.people.through,
        Article.organisations.through,
        Article.events.through,
        Article.topics.through,
        ArticlePhoto,
    ]
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    # A save that changed nothing would still leave a historical record behind.
    rows["history"] = {
        model._meta.label: model.history.count() for model in models if hasattr(model, "history")
    }
    return rows


def stored_files(root):
    return {
        path.relative_to(root): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in Path(root).rglob("*")
        if path.is_file()
    }


def test_the_demo_reads_the_projects_own_copy_of_the_facts():
    assert loader.FACTS_PATH.resolve().is_relative_to(Path(django_settings.BASE_DIR).resolve())
    assert loader.FACTS_PATH.relative_to(django_settings.BASE_DIR) == Path(
        "newsletters/demo/facts.json"
    )


def test_counts_match_the_facts(demo):
    expected = {
        Organisation: len(FACTS["organisations"]),
        Person: len(FACTS["people"]),
        Event: len(FACTS["events"]),
        Article: len(FACTS["articles"]),
        Photo: len(FACTS["photos"]),
    }
    assert list(expected.values()) == [73, 50, 68, 10, 13]
    for model, count in expected.items():
        assert model.objects.count() == count, model
    assert Issue.objects.count() == 1
    assert Appointment.objects.count() == sum(len(p["appointments"]) for p in FACTS["people"])
    assert Participation.objects.count() == sum(len(e["participants"]) for e in FACTS["events"])
    assert demo["organisations"] == 73 and demo["articles"] == 10 and demo["photos"] == 13


def test_running_twice_changes_nothing(demo, media_root):
    before, files_before = snapshot(), stored_files(media_root)
    assert demo["images_written"] == 13
    assert len(files_before) == 13

    again = loader.load_demo()

    assert again["changes"] == 0
    assert again["images_written"] == 0
    assert {k: v for k, v in again.items() if k != "changes" and k != "images_written"} == {
        k: v for k, v in demo.items() if k != "changes" and k != "images_written"
    }
    assert snapshot() == before
    assert stored_files(media_root) == files_before


def test_the_command_prints_a_summary_and_is_idempotent(db, media_root):
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert "73 organisations, 50 people" in first.getvalue()
    assert "Placeholder images written: 13." in first.getvalue()
    assert "Rows created, changed or removed: 0." in second.getvalue()
    assert "Placeholder images written: 0." in second.getvalue()
    assert Organisation.objects.count() == 73


def test_an_existing_placeholder_file_is_reused(db, media_root):
    name = Path(media_root) / "photos/demo/photo-libya-quartet.jpg"
    name.parent.mkdir(parents=True)
    Image.new("RGB", (640, 480), "grey").save(name, "JPEG")

    counts = loader.load_demo()

    assert counts["images_written"] == 12
    photo = Photo.objects.get(image="photos/demo/photo-libya-quartet.jpg")
    assert (photo.width, photo.height) == (640, 480)


def test_ladsous_is_a_former_usg_and_lacroix_his_successor(demo):
    ladsous = Person.objects.get(slug="herve-ladsous")
    lacroix = Person.objects.get(slug="jean-pierre-lacroix")

    assert ladsous.described_on() == f"former {USG_PEACEKEEPING}"
    assert ladsous.title_on(datetime.date(2017, 3, 16)) == USG_PEACEKEEPING
    assert ladsous.title_on(datetime.date(2017, 4, 1)) == ""
    assert lacroix.title_on(datetime.date(2017, 5, 5)) == USG_PEACEKEEPING
    assert lacroix.title_on(datetime.date(2017, 3, 16)) == ""
    assert "succeeded by Jean-Pierre Lacroix" in ladsous.appointments.get().note
    assert "successor of Hervé Ladsous" in lacroix.appointments.get().note


def test_demo_person_pages_print_no_day_the_facts_do_not_give(demo, client):
    day = re.compile(
        r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
        r"September|October|November|December) \d{4}"
    )
    for facts in FACTS["people"]:
        page = client.get(f"/people/{facts['key']}/").content.decode()
        dates = re.findall(r'<p class="timeline__dates">([^<]*)</p>', page)
        assert len(dates) == len(facts["appointments"]), facts["key"]
        assert not [text for text in dates if day.search(text)], facts["key"]
    tajani = client.get("/people/antonio-tajani/").content.decode()
    assert "January 2017 – present" in tajani
    schulz = client.get("/people/martin-schulz/").content.decode()
    assert "Date not known – January 2017" in schulz
    ladsous = client.get("/people/herve-ladsous/").content.decode()
    assert f'<p class="lede">former {USG_PEACEKEEPING}</p>' in ladsous
    assert "Dates not known; no longer held" in ladsous
    assert "In post on 16 March 2017" in ladsous


def test_appointments_get_no_date_the_facts_do_not_give(demo):
    for facts in FACTS["people"]:
        person = Person.objects.get(slug=facts["key"])
        for appointment_facts in facts["appointments"]:
            appointment = person.appointments.get(title=appointment_facts["title"])
            for value, date_field, precision_field, last in [
                (appointment_facts["start"], "start_date", "start_precision", False),
                (appointment_facts["end"], "end_date", "end_precision", True),
                (appointment_facts.get("in_post"), "in_post_on", "in_post_precision", False),
            ]:
                stored = (getattr(appointment, date_field), getattr(appointment, precision_field))
                assert stored == parse_partial_date(value, last=last), (facts["key"], date_field)
            ended = bool(appointment_facts.get("ended")) or appointment_facts["end"] is not None
            assert appointment.has_ended == ended, facts["key"]
            assert appointment.note == (appointment_facts["note"] or "")
            assert appointment.short_title == (appointment_facts["short"] or "")
            assert appointment.organisation.slug == appointment_facts["organisation"]


def test_every_post_the_facts_call_former_has_ended(demo):
    former = {
        facts["key"]
        for facts in FACTS["people"]
        for appointment in facts["appointments"]
        if "former" in (appointment["note"] or "")
    }
    assert former == {"carmelo-abela", "herve-ladsous", "martin-schulz", "alexander-vershbow"}
    for slug in former:
        person = Person.objects.get(slug=slug)
        assert person.described_on().startswith("former "), slug
        assert person.current_appointments() == [], slug


def test_dates_are_no_more_exact_than_the_facts(demo):
    events = {event.slug: event for event in Event.objects.all()}
    checked = set()
    for key, facts in facts_by_key("events").items():
        event = events[key]
        precision = facts["date_precision"]
        if precision == "month":
            year, month = map(int, facts["start"].split("-"))
            assert event.date_precision == DatePrecision.MONTH
            assert event.start_date == datetime.date(year, month, 1)
            last = calendar.monthrange(year, month)[1]
            assert event.end_date == datetime.date(year, month, last)
        elif precision == "year":
            assert event.date_precision == DatePrecision.YEAR
            assert event.start_date == datetime.date(int(facts["start"]), 1, 1)
            assert event.end_date == datetime.date(int(facts["end"]), 12, 31)
        elif precision is None:
            assert event.date_precision == DatePrecision.UNKNOWN
            assert event.start_date is None and event.end_date is None
            assert event.date_note
        elif precision == "within":
            assert event.date_precision == DatePrecision.WITHIN
            assert event.start_date.isoformat() == facts["start"]
            assert event.end_date.isoformat() == facts["end"]
        else:
            assert event.date_precision == DatePrecision.DAY
            assert event.start_date.isoformat() == facts["start"]
            assert event.end_date.isoformat() == facts["end"]
        # Two dates in the source are both kept, not one silently chosen.
        alternative = facts.get("alternative_start")
        assert event.alternative_start_date == (
            datetime.date.fromisoformat(alternative) if alternative else None
        )
        checked.add(precision)
    assert checked == {"day", "month", "within", "year", None}


def test_month_and_unknown_dates_display_without_a_day(demo):
    feltman = Event.objects.get(slug="feltman-brussels-visit-2016-10")
    assert feltman.dates_display == "October 2016"
    assert feltman.date_note == "Early October 2016."
    assert Event.objects.get(slug="nato-conference-sofia").dates_display == ""
    zerihoun = Event.objects.get(slug="zerihoun-brussels-visit-2017-05")
    assert zerihoun.date_note == "Place: Brussels implied (EEAS, Commission, PSC), not stated."


def test_events_keep_their_links(demo):
    for key, facts in facts_by_key("events").items():
        event = Event.objects.get(slug=key)
        assert event.kind == facts["kind"]
        assert event.summary
        assert sorted(event.organisations.values_list("slug", flat=True)) == sorted(
            facts["organisations"]
        )
        assert (event.parent.slug if event.parent else None) == facts.get("parent_event")
        assert [(p.person.slug, p.role) for p in event.participations.order_by("position")] == [
            (p["person"], p["role"]) for p in facts["participants"]
        ]


def test_photos_have_dimensions_and_people_from_left_to_right(demo, media_root):
    articles = facts_by_key("articles")
    for facts in FACTS["photos"]:
        photo = Photo.objects.get(image=f"photos/demo/{facts['key']}.jpg")
        with Image.open(Path(media_root) / photo.image.name) as image:
            assert image.format == "JPEG"
            assert (photo.width, photo.height) == image.size
        assert photo.width > 0 and photo.height > 0
        assert [pp.person.slug for pp in photo.pictured.order_by("position")] == facts[
            "people_left_to_right"
        ]
        assert photo.alt_text.startswith("Placeholder image standing in for a photo of ")
        assert photo.caption and photo.credit == facts["credit"]
        article = Article.objects.get(slug=facts["article"])
        # Each photo is the article's: below its title or placed inside its text, not both.
        uses = [*photo.article_uses.all(), *photo.figure_uses.all()]
        assert [use.article for use in uses] == [article]
        in_text = set(article.figure_uses.values_list("photo__image", flat=True))
        shown_apart = [
            key
            for key in articles[facts["article"]]["photos"]
            if f"photos/demo/{key}.jpg" not in in_text
        ]
        if photo.article_uses.exists():
            assert uses[0].position == shown_apart.index(facts["key"]) + 1
        taken_on, precision = dating.photo_date(facts)
        assert (photo.taken_on, photo.taken_on_precision) == (taken_on, precision)
        assert (photo.event.slug if photo.event else None) == facts["event"]
    quartet = Photo.objects.get(image="photos/demo/photo-libya-quartet.jpg")
    assert [pp.person.name for pp in quartet.pictured.all()] == [
        "Ahmed Abo El-Gheit",
        "Federica Mogherini",
        "Jakaya Kikwete",
        "Martin Kobler",
    ]


def test_the_issue_and_its_articles_are_published(demo):
    issue = Issue.objects.get()
    assert issue.slug == "october-2016-may-2017"
    assert issue.title == "Newsletter"
    assert issue.period_display == "October 2016 – May 2017"
    assert (issue.period_start, issue.period_end) == (
        datetime.date(2016, 10, 1),
        datetime.date(2017, 5, 31),
    )
    assert issue.status == Status.PUBLISHED
    assert issue.published_at == datetime.datetime(
        2017, 6, 15, 9, 0, tzinfo=ZoneInfo("Europe/Brussels")
    )
    assert issue.is_published()
    assert issue_problems(issue) == []
    assert issue.foreword.startswith("<p>")
    assert issue.cover_photo.image.name == "photos/demo/photo-guterres-european-parliament.jpg"
    assert list(Issue.objects.published()) == [issue]
    assert Article.objects.published().count() == 10
    assert list(issue.articles.values_list("slug", flat=True)) == [
        a["key"] for a in sorted(FACTS["articles"], key=lambda a: a["position"])
    ]


def test_the_issue_is_published_through_the_workflow(db, media_root, monkeypatch):
    moves = []

    def recording(obj, *, to, by):
        moves.append((obj.slug, obj.status, to, by))
        return transition(obj, to=to, by=by)

    monkeypatch.setattr(loader, "transition", recording)
    loader.load_demo()
    loader.load_demo()

    assert moves == [("october-2016-may-2017", Status.DRAFT, Status.PUBLISHED, None)]
    issue = Issue.objects.get()
    assert [record.status for record in issue.history.order_by("history_date")] == [
        Status.DRAFT,
        Status.PUBLISHED,
    ]
    assert issue.published_at == loader.PUBLISHED_AT
    for article in issue.articles.all():
        assert article.history.earliest("history_date").status == Status.DRAFT
        assert article.status == Status.PUBLISHED and article.status_changed_by is None


def test_a_run_publishes_again_what_was_taken_off_the_site(demo):
    issue = Issue.objects.get()
    transition(issue, to=Status.DRAFT, by=None)
    assert not Article.objects.published().exists()

    assert loader.load_demo()["changes"] == 1 + 10

    issue.refresh_from_db()
    assert issue.is_published() and issue.published_at == loader.PUBLISHED_AT
    assert Article.objects.published().count() == 10

    article = issue.articles.get(slug="nato-update")
    transition(article, to=Status.DRAFT, by=None)
    assert loader.load_demo()["changes"] == 1
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert loader.load_demo()["changes"] == 0


def test_articles_carry_their_links_and_topics(demo):
    for facts in FACTS["articles"]:
        article = Article.objects.get(slug=facts["key"])
        assert article.title == facts["title"]
        assert article.section == facts["section"]
        assert sorted(article.people.values_list("slug", flat=True)) == sorted(facts["people"])
        assert sorted(article.organisations.values_list("slug", flat=True)) == sorted(
            facts["organisations"]
        )
        assert sorted(article.events.values_list("slug", flat=True)) == sorted(facts["events"])
        assert sorted(name.lower() for name in article.topics.values_list("name", flat=True)) == (
            sorted(name.lower() for name in facts["topics"])
        )
        apart = [p.image.name for p in article.photos.order_by("article_uses__position")]
        in_text = [use.photo.image.name for use in article.figure_uses.select_related("photo")]
        assert apart + in_text == [f"photos/demo/{key}.jpg" for key in facts["photos"]]


def test_one_article_places_a_photo_inside_its_text(demo):
    article = Article.objects.get(slug="new-head-of-dpko-engages-european-partners")
    valletta = Photo.objects.get(image="photos/demo/photo-informal-defence-ministers-valletta.jpg")
    reference = f'<figure data-photo="{valletta.pk}" data-placement="inset"></figure>'
    assert article.body.count(reference) == 1
    assert list(article.figure_uses.values_list("photo", flat=True)) == [valletta.pk]
    assert not article.article_photos.filter(photo=valletta).exists()
    assert Article.objects.filter(body__contains="<figure").count() == 1
    assert "{photo-" not in "".join(Article.objects.values_list("body", flat=True))


def test_article_bodies_are_short_and_use_only_the_allowed_markup(demo):
    allowed = {"p", "strong", "em", "a", "h2", "h3", "ul", "li", "figure"}
    for article in Article.objects.all():
        assert set(re.findall(r"</?([a-z0-9]+)", article.body)) <= allowed, article.slug
        blocks = re.findall(r"<(?:p|ul|h2|h3)>", article.body)
        assert 2 <= len(blocks) <= 5, article.slug
        assert article.standfirst and "<" not in article.standfirst


def test_names_keep_their_diacritics(demo):
    assert Person.objects.get(slug="ivan-simonovic").name == "Ivan Šimonović"
    assert Person.objects.get(slug="miroslav-jenca").name == "Miroslav Jenča"
    assert Person.objects.get(slug="herve-ladsous").name == "Hervé Ladsous"
    for facts in FACTS["people"]:
        person = Person.objects.get(slug=facts["key"])
        assert person.name == facts["name"]
        assert person.honorific == (facts["honorific"] or "")
    assert Person.objects.get(slug="esa-pulkkinen").honorific == "Lt. General"


def test_organisations_match_the_facts(demo):
    for facts in FACTS["organisations"]:
        organisation = Organisation.objects.get(slug=facts["key"])
        assert organisation.name == facts["name"]
        assert organisation.acronym == (facts["acronym"] or "")
        assert organisation.kind == facts["kind"]
        assert (organisation.parent.slug if organisation.parent else None) == facts["parent"]
