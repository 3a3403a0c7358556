"""Draft revisions of published work: the public keeps the live version until one is published."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from newsletters.models import Article, Revision, Status
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, UserFactory
from tests.newsletters.test_workflow import article_form, change_url
from tests.queue import download as queued_download

pytestmark = pytest.mark.django_db

OLD = "The dialogue met in Brussels on the xylophone question."
NEW = "The dialogue met in Brussels on the zeppelin question."


def revision_url(article, action):
    return reverse("admin:newsletters_article_revision", args=[article.pk, action])


def photo_rows(*uses):
    """The photos inline as posted: [(photo, placement)] in order."""
    data = {"article_photos-TOTAL_FORMS": len(uses), "article_photos-INITIAL_FORMS": 0}
    for index, (photo, placement) in enumerate(uses):
        data[f"article_photos-{index}-photo"] = photo.pk
        data[f"article_photos-{index}-placement"] = placement
        data[f"article_photos-{index}-position"] = index + 1
    return data


def staff(role):
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


@pytest.fixture
def live():
    first = PhotoFactory(caption="First photo")
    second = PhotoFactory(caption="Second photo")
    article = ArticleFactory(
        published=True, body=f"<p>{OLD}</p>", standfirst=OLD, photos=[first, second]
    )
    return article, first, second


def public_views(article):
    """What the public sees of the article: its page, the feed, a search, the PDF."""
    reader = Client()
    page = reader.get(article.get_absolute_url()).content.decode()
    feed = reader.get(reverse("newsletters:article-feed")).content.decode()
    found = {
        word: article.title
        in reader.get(reverse("newsletters:search"), {"q": word}).content.decode()
        for word in ("xylophone", "zeppelin")
    }
    download = reverse(
        "newsletters:issue-download", kwargs={"slug": article.issue.slug, "fmt": "pdf"}
    )
    response = queued_download(reader, download)
    pdf = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    return page, feed, found, " ".join(pdf.split())


def photo_order(page, *photos):
    return sorted(photos, key=lambda photo: page.index(photo.caption))


def test_an_edit_waits_in_a_revision_until_a_publisher_publishes_it(live):
    article, first, second = live
    before = public_views(article)  # Cached now, pages and PDF both.
    editor = staff("Editor")
    form = article_form(article, body=f"<p>{NEW}</p>", standfirst=NEW) | photo_rows(
        (second, "full"), (first, "inset")
    )
    response = editor.post(change_url(article), form)
    assert response.status_code == 302

    article.refresh_from_db()
    assert OLD in article.body
    assert [use.photo for use in article.article_photos.order_by("position")] == [first, second]
    revision = Revision.objects.of(article).open().get()
    assert NEW in revision.snapshot["fields"]["body"]
    assert [use["photo"] for use in revision.snapshot["photos"]] == [second.pk, first.pk]
    for shown in (public_views(article), before):
        page, feed, found, pdf = shown
        assert OLD in page and NEW not in page
        assert photo_order(page, first, second) == [first, second]
        assert "xylophone" in feed and "zeppelin" not in feed
        assert found == {"xylophone": True, "zeppelin": False}
        assert "xylophone" in pdf and "zeppelin" not in pdf
    # The form shows the revision to whoever opens it next.
    page = editor.get(change_url(article))
    assert page.context["adminform"].form.initial["body"] == revision.snapshot["fields"]["body"]
    assert "Draft revision" in page.content.decode()

    publisher = staff("Publisher")
    assert publisher.post(revision_url(article, "publish")).status_code == 302
    article.refresh_from_db()
    assert NEW in article.body
    assert [use.photo for use in article.article_photos.order_by("position")] == [second, first]
    page, feed, found, pdf = public_views(article)  # The page cache serves the new one at once.
    assert NEW in page and OLD not in page
    assert photo_order(page, first, second) == [second, first]
    assert "zeppelin" in feed and "xylophone" not in feed
    assert found == {"xylophone": False, "zeppelin": True}
    assert "zeppelin" in pdf and "xylophone" not in pdf
    assert not Revision.objects.of(article).open().exists()


def test_a_scheduled_revision_goes_live_at_its_time_with_no_job(live, monkeypatch):
    article, first, second = live
    editor = staff("Editor")
    form = article_form(article, body=f"<p>{NEW}</p>", standfirst=NEW)
    editor.post(change_url(article), form | photo_rows())
    publisher = staff("Publisher")
    at = timezone.localtime() + datetime.timedelta(hours=2)
    response = publisher.post(
        revision_url(article, "schedule"), {"go_live_at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    revision = Revision.objects.of(article).get()
    assert revision.status == Status.PUBLISHED and revision.applied_at is None
    reader = Client()
    assert OLD in reader.get(article.get_absolute_url()).content.decode()
    assert OLD in reader.get(article.get_absolute_url()).content.decode()  # From the cache.
    article.refresh_from_db()
    assert OLD in article.body

    later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = reader.get(article.get_absolute_url()).content.decode()
    assert NEW in page and OLD not in page
    article.refresh_from_db()
    assert NEW in article.body
    assert Revision.objects.of(article).get().applied_at == later


def test_pages_are_not_kept_past_a_scheduled_revision(live):
    from unlops.cache import page_timeout

    article, *_ = live
    editor = staff("Editor")
    editor.post(change_url(article), article_form(article, title="Soon") | photo_rows())
    staff("Publisher").post(
        revision_url(article, "schedule"),
        {
            "go_live_at": (timezone.localtime() + datetime.timedelta(minutes=2)).strftime(
                "%Y-%m-%dT%H:%M"
            )
        },
    )
    cache.clear()
    assert page_timeout() <= 180


def test_a_correction_note_is_shown_with_the_day_it_was_published(live, monkeypatch):
    article, *_ = live
    editor = staff("Editor")
    form = article_form(article, body=f"<p>{NEW}</p>", correction_note="The question was misnamed.")
    editor.post(change_url(article), form | photo_rows())
    day = timezone.make_aware(datetime.datetime(2017, 6, 3, 11, 0))
    publisher = staff("Publisher")
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: day)
        publisher.post(revision_url(article, "publish"))
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Corrected on 3 June 2017: The question was misnamed." in page
    html = reverse("newsletters:issue-download", kwargs={"slug": article.issue.slug, "fmt": "html"})
    export = b"".join(queued_download(Client(), html).streaming_content).decode()
    assert "Corrected on 3 June 2017:" in export and "misnamed" in export


def test_discarding_leaves_the_live_version(live):
    article, *_ = live
    staff("Contributor").post(
        change_url(article), article_form(article, title="Wrong") | photo_rows()
    )
    assert staff("Publisher").post(revision_url(article, "discard")).status_code == 302
    article.refresh_from_db()
    assert article.title != "Wrong"
    assert Revision.objects.of(article).get().discarded_at is not None
    assert not Revision.objects.of(article).open().exists()


def test_a_publisher_saves_live_or_as_a_revision(live):
    article, *_ = live
    publisher = staff("Publisher")
    publisher.post(change_url(article), article_form(article, title="Direct") | photo_rows())
    article.refresh_from_db()
    assert article.title == "Direct"
    form = article_form(article, title="Proposed", _save_revision="1") | photo_rows()
    publisher.post(change_url(article), form)
    article.refresh_from_db()
    assert article.title == "Direct"
    assert Revision.objects.of(article).open().get().snapshot["fields"]["title"] == "Proposed"


def test_restoring_a_month_old_version_brings_back_its_mentions_and_photo_order(live):
    article, first, second = live
    then = PersonFactory(name="Federica Mogherini")
    article.people.set([then])
    from newsletters import revisions

    revisions.record_relations(article)
    old = article.history.order_by("-history_date").first()
    month_ago = timezone.now() - datetime.timedelta(days=31)
    type(old).objects.filter(pk=old.pk).update(history_date=month_ago)
    revisions.apply(
        Article.objects.get(pk=article.pk),
        {
            "links": {"people": [PersonFactory(name="Jean-Pierre Lacroix").pk]},
            "photos": [
                {"photo": second.pk, "placement": "full"},
                {"photo": first.pk, "placement": "inset"},
            ],
        },
    )
    editor = staff("Editor")
    url = reverse("admin:newsletters_article_simple_history", args=[article.pk, old.history_id])
    form = editor.get(url)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["people"] == [then.pk]
    data = article_form(old.instance, people=[then.pk], loaded_version=old.version)
    assert editor.post(url, data).status_code == 302

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED  # Live work is never overwritten.
    assert [p.name for p in article.people.all()] == ["Jean-Pierre Lacroix"]
    revision = Revision.objects.of(article).open().get()
    assert revision.status == Status.DRAFT
    assert revision.snapshot["links"]["people"] == [then.pk]
    assert [use["photo"] for use in revision.snapshot["photos"]] == [first.pk, second.pk]

    staff("Publisher").post(revision_url(article, "publish"))
    assert list(article.people.all()) == [then]
    assert [use.photo for use in article.article_photos.order_by("position")] == [first, second]


def test_restoring_a_draft_writes_its_relations_back(live):
    _article, first, second = live
    article = ArticleFactory(photos=[first, second])
    person = PersonFactory()
    article.people.set([person])
    from newsletters import revisions

    revisions.record_relations(article)
    old = article.history.order_by("-history_date").first()
    revisions.apply(
        article, {"links": {"people": []}, "photos": [{"photo": second.pk, "placement": "full"}]}
    )
    editor = staff("Editor")
    url = reverse("admin:newsletters_article_simple_history", args=[article.pk, old.history_id])
    assert (
        editor.post(url, article_form(old.instance, loaded_version=old.version)).status_code == 302
    )
    assert list(article.people.all()) == [person]
    assert [use.photo for use in article.article_photos.order_by("position")] == [first, second]
    assert not Revision.objects.of(article).exists()


def test_history_compares_mentions_and_photos(live):
    _article, first, second = live
    article = ArticleFactory()
    editor = staff("Editor")
    person = PersonFactory(name="Ivan Šimonović")
    form = article_form(article, people=[person.pk]) | photo_rows(
        (second, "full"), (first, "inset")
    )
    assert editor.post(change_url(article), form).status_code == 302
    newer, older = article.history.order_by("-history_date")[:2]
    url = reverse("admin:newsletters_article_history_compare", args=[article.pk])
    response = editor.get(url, {"left": older.history_id, "right": newer.history_id})
    rows = {str(row["label"]): row for row in response.context["rows"]}
    assert rows["people mentioned"]["changed"] and "Šimonović" in rows["people mentioned"]["right"]
    assert rows["photos, in order"]["changed"]
    assert rows["photos, in order"]["right"].startswith("1. Second photo")
    assert "Šimonović" in response.content.decode()


def test_the_change_page_costs_the_same_queries_whatever_the_revision_holds(live):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory, TopicFactory

    def cost(article, client):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(change_url(article)).status_code == 200
        return len(queries)

    publisher = staff("Publisher")
    cost(ArticleFactory(published=True), publisher)  # Caches warmed: content types, rights.
    costs = []
    for size in (1, 5):
        photos = [PhotoFactory(), PhotoFactory()]
        article = ArticleFactory(published=True, photos=photos)
        without = cost(article, publisher)
        form = article_form(
            article,
            title="Revised",
            people=[PersonFactory().pk for _ in range(size)],
            organisations=[OrganisationFactory().pk for _ in range(size)],
            topics=[TopicFactory().pk for _ in range(size)],
            _save_revision="1",
        )
        publisher.post(
            change_url(article), form | photo_rows(*[(p, "inset") for p in photos[::-1]])
        )
        assert Revision.objects.of(article).open().exists()
        costs.append(cost(article, publisher))
        # The live version and the revision side by side, and the count of its open comments.
        assert costs[-1] <= without + 13
    assert costs[0] == costs[1]
