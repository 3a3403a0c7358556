"""The benchmarks' archive builder (bench/archive.py), at a small scale."""

import pytest

from bench.archive import build_archive, copy_articles
from events.models import Event
from newsletters.demo.loader import load_demo
from newsletters.models import Article, Issue, Photo, Topic
from people.models import Organisation, Person

SMALL = {
    "issues": 2,
    "articles": 6,
    "people": 9,
    "events": 14,
    "photos": 10,
    "organisations": 8,
    "topics": 3,
}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_row_of_the_archive_is_on_the_public_site(db, media_root):
    focal = build_archive(SMALL)

    assert Issue.objects.published().count() == 2
    assert Article.objects.published().count() == 6
    for model, size in [
        (Person, "people"),
        (Organisation, "organisations"),
        (Event, "events"),
        (Topic, "topics"),
        (Photo, "photos"),
    ]:
        assert model.objects.published().count() == model.objects.count() == SMALL[size], model
    assert focal["person"].articles.published().exists()
    assert all(article.article_photos.count() == 2 for article in Article.objects.all())


def test_copies_of_an_issue_have_their_own_pictures(db, media_root):
    load_demo()
    demo = Issue.objects.get()

    copy = copy_articles(demo, copies=2, slug="copies")

    assert copy.is_published()
    assert copy.articles.published().count() == 2 * demo.articles.count()
    pictures = Photo.objects.filter(article_uses__article__issue=copy)
    assert pictures.count() == 2 * Photo.objects.filter(article_uses__article__issue=demo).count()
    assert all(photo.image.name.startswith("photos/bench/") for photo in pictures)
