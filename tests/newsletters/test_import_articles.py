"""Importing and exporting articles, and the admin's import screens."""

import io

import pytest
import tablib
from django.urls import reverse
from import_export.formats.base_formats import CSV, JSON, XLSX

from newsletters.models import Article, Topic
from newsletters.resources import ArticleResource
from tests.factories import (
    ArticleFactory,
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    PersonFactory,
    TopicFactory,
)
from tests.importing import import_errors

pytestmark = pytest.mark.django_db

HEADERS = ["issue", "slug", "section", "position", "title", "body", "people", "topics"]


@pytest.fixture
def issue(db):
    PersonFactory(name="Jehangir Khan", slug="jehangir-khan")
    return IssueFactory(slug="october-2016-may-2017")


def test_articles_import_with_natural_keys_and_sanitised_body(issue):
    data = tablib.Dataset(
        [
            "october-2016-may-2017",
            "counter-terrorism-dialogue",
            "partnership",
            3,
            "UN-EU Political Dialogue on Counter-Terrorism",
            '<p>Held in Brussels.<img src=x onerror="alert(1)"></p>',
            "jehangir-khan",
            "terrorism; UN-EU partnership",
        ],
        headers=HEADERS,
    )
    result = ArticleResource().import_data(data)
    assert import_errors(result) == []
    article = Article.objects.get()
    assert article.body == "<p>Held in Brussels.</p>"
    assert list(article.people.values_list("slug", flat=True)) == ["jehangir-khan"]
    assert sorted(article.topics.values_list("name", flat=True)) == [
        "UN-EU partnership",
        "terrorism",
    ]


def test_unknown_issue_and_person_are_named_and_nothing_is_written(issue):
    data = tablib.Dataset(
        ["october-2016-may-2017", "fine", "feature", 1, "Fine", "<p>x</p>", "", ""],
        ["no-such-issue", "orphan", "feature", 2, "Orphan", "<p>x</p>", "", ""],
        ["october-2016-may-2017", "who", "feature", 3, "Who", "<p>x</p>", "ghost", ""],
        headers=HEADERS,
    )
    result = ArticleResource().import_data(data)
    errors = import_errors(result)
    assert [number for number, _ in errors] == [2, 3]
    assert "no-such-issue" in errors[0][1]
    assert "ghost" in errors[1][1]
    assert not Article.objects.exists()
    assert not Topic.objects.exists()


def test_duplicate_position_in_an_issue_is_a_row_error(issue):
    ArticleFactory(issue=issue, position=1, slug="first")
    data = tablib.Dataset(
        ["october-2016-may-2017", "second", "feature", 1, "Second", "<p>x</p>", "", ""],
        headers=HEADERS,
    )
    errors = import_errors(ArticleResource().import_data(data))
    assert len(errors) == 1 and "position" in errors[0][1].lower()
    assert Article.objects.count() == 1


@pytest.mark.parametrize("file_format", [CSV, XLSX, JSON], ids=["csv", "xlsx", "json"])
def test_export_then_reimport_changes_nothing(issue, file_format):
    article = ArticleFactory(issue=issue, body="<p>=SUM(A1:A9) is not a formula here</p>")
    article.people.set([PersonFactory(slug="federica-mogherini")])
    article.organisations.set(
        [OrganisationFactory(slug="eeas", acronym="EEAS"), OrganisationFactory(slug="council-eu")]
    )
    article.events.set([EventFactory(slug="hrvp-briefing")])
    article.topics.set([TopicFactory(name="Libya")])
    before = list(Article.objects.values())
    relations = {
        name: list(getattr(article, name).order_by("pk").values_list("pk", flat=True))
        for name in ["people", "organisations", "events", "topics"]
    }

    fmt = file_format()
    result = ArticleResource().import_data(
        fmt.create_dataset(fmt.export_data(ArticleResource().export()))
    )

    assert import_errors(result) == []
    assert [row.import_type for row in result.rows] == ["skip"]
    assert list(Article.objects.values()) == before
    article.refresh_from_db()
    for name, pks in relations.items():
        assert list(getattr(article, name).order_by("pk").values_list("pk", flat=True)) == pks
    assert Topic.objects.count() == 1


def _upload(client, url, content, name="articles.csv"):
    upload = io.BytesIO(content.encode())
    upload.name = name
    return client.post(url, {"format": "0", "import_file": upload, "resource": ""})


def test_admin_import_previews_then_confirms(admin_client, issue):
    url = reverse("admin:newsletters_article_import")
    csv = (
        "issue,slug,section,position,title,body\n"
        "october-2016-may-2017,nato-update,nato-update,7,NATO update,<p>Summit in Brussels.</p>\n"
    )
    preview = _upload(admin_client, url, csv)
    assert preview.status_code == 200
    assert "confirm_form" in preview.context
    assert not Article.objects.exists()
    assert "NATO update" in preview.content.decode()

    confirm_form = preview.context["confirm_form"]
    data = {name: confirm_form[name].value() for name in confirm_form.fields}
    done = admin_client.post(reverse("admin:newsletters_article_process_import"), data)
    assert done.status_code == 302
    assert Article.objects.get().title == "NATO update"


def test_admin_import_with_a_bad_row_shows_the_error_and_offers_no_confirm(admin_client, issue):
    url = reverse("admin:newsletters_article_import")
    csv = (
        "issue,slug,section,position,title,body\n"
        "october-2016-may-2017,ok,feature,1,Fine,<p>x</p>\n"
        "october-2016-may-2017,bad,gossip,2,Bad section,<p>x</p>\n"
    )
    response = _upload(admin_client, url, csv)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    content = response.content.decode()
    assert "gossip" in content
    assert not Article.objects.exists()


def test_admin_import_refuses_a_file_that_is_not_csv(admin_client, issue):
    url = reverse("admin:newsletters_article_import")
    response = _upload(admin_client, url, "\x00\x01garbage", name="photo.csv")
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert not Article.objects.exists()


def test_admin_export_of_articles_as_csv(admin_client, issue):
    ArticleFactory(issue=issue, title="Brussels political update", slug="brussels-update")
    response = admin_client.post(
        reverse("admin:newsletters_article_export"),
        {
            "format": "0",
            "resource": "",
            "articleresource_slug": "on",
            "articleresource_title": "on",
        },
    )
    assert response.status_code == 200
    assert "text/csv" in response["Content-Type"]
    assert "brussels-update" in response.content.decode()
