"""The stored search vectors: kept by the database on every write path, in English and French,
GIN-indexed and read by the search on PostgreSQL; NULL and unused on SQLite."""

import pytest
from django.db import connection
from django.utils import translation

from events.models import Event
from newsletters import search
from newsletters.models import Article
from people.models import Person
from tests.factories import ArticleFactory, IssueFactory
from unlops.search_vectors import VECTOR_NAMES

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's"
)


def vectors(article):
    return Article.objects.values_list(*VECTOR_NAMES).get(pk=article.pk)


def test_pages_do_not_load_the_vectors(db):
    article = ArticleFactory(published=True)
    loaded = Article.objects.get(pk=article.pk)
    assert set(VECTOR_NAMES) <= loaded.get_deferred_fields()
    for model in (Person, Event):
        assert set(VECTOR_NAMES) <= set(model.objects.all().query.deferred_loading[0])


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's fallback")
def test_on_sqlite_the_vectors_are_empty_and_the_fallback_finds(db):
    article = ArticleFactory(published=True, title="Mediation in Mali")
    assert vectors(article) == (None, None)
    assert [a.pk for a in search.search("mali")["articles"]] == [article.pk]


@postgres_only
def test_the_database_keeps_the_vectors_on_bulk_writes(db):
    issue = IssueFactory(published=True)
    [article] = Article.objects.bulk_create(
        [Article(issue=issue, title="Mediation in Mali", slug="mali", body="<p>Talks.</p>")]
    )
    english, french = vectors(article)
    assert "'mali':" in english and "'mediat':" in english
    Article.objects.filter(pk=article.pk).update(title="Sanctions on Libya")
    english, _french = vectors(article)
    assert "'libya':" in english and "mali" not in english


@postgres_only
def test_each_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        for model in (Article, Person, Event):
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s", [model._meta.db_table]
            )
            definitions = [row[0] for row in cursor.fetchall()]
            for name in VECTOR_NAMES:
                assert any("USING gin" in d and name in d for d in definitions), (model, name)


@postgres_only
def test_french_words_are_found_by_their_stem_and_unpublished_ones_never(db):
    issue = IssueFactory(published=True)
    shown = ArticleFactory(
        published=True, issue=issue, title="Les négociations reprennent", body="<p>Paix.</p>"
    )
    ArticleFactory(issue=issue, title="Négociations secrètes", body="<p>Brouillon.</p>")
    with translation.override("fr"):
        found = list(search.search("négociation")["articles"])
    assert found == [shown]  # French stemming; the draft is left out.
    assert list(search.search("secrètes")["articles"]) == []


@postgres_only
def test_the_search_reads_the_index_not_every_row(db):
    ArticleFactory(published=True, title="Mediation in Mali")
    queryset = search.search("mali")["articles"]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # As on a large table; tiny ones seq-scan.
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")
    assert "newsletters_article_en_fts" in plan or "newsletters_article_fr_fts" in plan
