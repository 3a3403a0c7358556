"""The admin's comforts seen from the server: icons where browsers look for them, the desk's own
stylesheet and scripts, the spell-checked editor, no per-form Export button, calmer lists and
filters that list only what is used."""

import json

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse

from newsletters.models import Article, Photo
from tests.factories import (
    ArticleFactory,
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    PersonFactory,
    PhotoFactory,
    UserFactory,
)
from unlops.admin_filters import UsedRelatedFilter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(role="Editor"))
    return client


@pytest.mark.parametrize(
    ("path", "content_type", "magic"),
    [
        ("/favicon.ico", "image/vnd.microsoft.icon", b"\x00\x00\x01\x00"),
        ("/apple-touch-icon.png", "image/png", b"\x89PNG"),
    ],
)
def test_icons_answer_where_browsers_ask_for_them(client, path, content_type, magic):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content).startswith(magic)
    assert "max-age=86400" in response["Cache-Control"]


def test_the_web_manifest_names_the_office_and_lists_icons_that_exist(client):
    response = client.get("/site.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "UNLOPS Newsletter"
    assert "United Nations Liaison Office" in manifest["name"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"any", "192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


def test_icons_refuse_a_post_and_unknown_names(client):
    assert client.post("/favicon.ico").status_code == 405
    assert client.get("/favicon.png").status_code == 404


def test_public_pages_and_the_admin_link_the_icons(client, editor, published_issue):
    for html in (
        client.get(reverse("newsletters:home")).content.decode(),
        editor.get(reverse("admin:index")).content.decode(),
    ):
        assert '<link rel="icon" href="/favicon.ico"' in html
        assert 'rel="apple-touch-icon"' in html
        assert '<link rel="manifest" href="/site.webmanifest">' in html


def test_the_admin_wears_the_publication_stylesheet_and_the_office_name(editor):
    html = editor.get(reverse("admin:index")).content.decode()
    assert "css/admin.css" in html and "css/fonts.css" in html
    assert html.index("admin/css/responsive.css") < html.index("css/admin.css")  # It wins.
    assert "United Nations Liaison Office for Peace and Security" in html
    assert 'class="admin-brand"' in html
    assert "js/admin-editor.js" in html and "js/admin-autosave.js" in html
    assert 'name="unlops-time-zone" content="Europe/Brussels"' in html


def test_the_rich_text_editor_is_spell_checked_in_the_site_language(editor):
    article = ArticleFactory()
    html = editor.get(reverse("admin:newsletters_article_change", args=[article.pk])).content
    html = html.decode()
    textarea = html[html.index('<textarea name="body"') :].split(">", 1)[0]
    assert 'spellcheck="true"' in textarea and 'lang="en-gb"' in textarea
    assert "data-word-count" in textarea
    assert "NoSpellCheck" not in textarea  # The editor's own switch is left out of its config.


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:newsletters_article_change",
        "admin:people_person_change",
        "admin:people_organisation_change",
        "admin:events_event_change",
    ],
)
def test_no_export_button_under_change_forms(client, url_name):
    client.force_login(UserFactory(is_superuser=True))
    factories = {
        "admin:newsletters_article_change": ArticleFactory,
        "admin:people_person_change": PersonFactory,
        "admin:people_organisation_change": OrganisationFactory,
        "admin:events_event_change": EventFactory,
    }
    obj = factories[url_name]()
    html = client.get(reverse(url_name, args=[obj.pk])).content.decode()
    assert 'name="_save"' in html  # The form is there,
    assert 'name="_export-item"' not in html  # its stray Export button is not.
    changelist = client.get(reverse(url_name.replace("_change", "_changelist"))).content
    assert b"/export/" in changelist  # Exporting from the list still works.


def test_the_article_list_shows_state_and_date_in_few_columns(editor):
    ArticleFactory(issue=IssueFactory())
    response = editor.get(reverse("admin:newsletters_article_changelist"))
    html = response.content.decode()
    for column in ("column-title", "column-status", "column-updated", "column-issue_period"):
        assert column in html
    assert len(admin.site._registry[Article].list_display) <= 6


def test_the_photo_filter_lists_only_organisations_credited(editor):
    credited = OrganisationFactory(name="European Parliament")
    OrganisationFactory.create_batch(12)
    PhotoFactory(credit_organisation=credited)
    html = editor.get(reverse("admin:newsletters_photo_changelist")).content.decode()
    assert f"credit_organisation__id__exact={credited.pk}" in html
    assert html.count("credit_organisation__id__exact=") == 1


def test_a_long_filter_gets_a_search_box(editor):
    for index in range(12):
        PhotoFactory(credit_organisation=OrganisationFactory(name=f"Agency {index:02}"))
    html = editor.get(reverse("admin:newsletters_photo_changelist")).content.decode()
    assert html.count("credit_organisation__id__exact=") == 12
    assert 'class="filter-search"' in html and 'aria-controls="filter-credit_organisation"' in html
    assert 'class="filter-choices-long"' in html


def test_every_long_related_filter_lists_only_what_is_used():
    """The filters over tables that grow (organisations, topics, issues) use UsedRelatedFilter."""
    wanted = {
        Photo: {"credit_organisation"},
        Article: {"issue", "topics"},
    }
    for model, fields in wanted.items():
        filters = admin.site._registry[model].list_filter
        used = {item[0] for item in filters if isinstance(item, tuple)}
        assert fields <= used
        assert all(item[1] is UsedRelatedFilter for item in filters if isinstance(item, tuple))
