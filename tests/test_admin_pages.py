"""Every model's admin pages open for a superuser: list, search, add, change."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Event
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    ArticlePhotoFactory,
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PhotoFactory,
    PhotoPersonFactory,
    TermFactory,
    TopicFactory,
)

FACTORIES = {
    "people.organisation": OrganisationFactory,
    "people.person": PersonFactory,
    "people.appointment": AppointmentFactory,
    "events.event": EventFactory,
    "events.participation": ParticipationFactory,
    "newsletters.issue": IssueFactory,
    "newsletters.article": ArticleFactory,
    "newsletters.photo": PhotoFactory,
    "newsletters.topic": TopicFactory,
    "newsletters.term": TermFactory,
}

PROJECT_APPS = {"people", "events", "newsletters"}
REGISTERED = sorted(
    model._meta.label_lower
    for model in admin.site._registry
    if model._meta.app_label in PROJECT_APPS
)


def test_every_project_model_with_a_page_of_its_own_is_registered():
    assert set(FACTORIES) == set(REGISTERED)


def _admin_url(label, action, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{action}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("label", REGISTERED)
def test_changelist_add_and_change_pages_open(admin_client, label):
    obj = FACTORIES[label]()

    changelist = admin_client.get(_admin_url(label, "changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == type(obj).objects.count()

    searched = admin_client.get(_admin_url(label, "changelist"), {"q": "zzz-no-such-thing"})
    assert searched.status_code == 200
    assert searched.context["cl"].result_count == 0

    assert admin_client.get(_admin_url(label, "add")).status_code == 200

    change = admin_client.get(_admin_url(label, "change", obj.pk))
    assert change.status_code == 200
    assert change.context["original"] == obj


@pytest.mark.django_db
def test_issue_page_lists_its_articles_on_the_desk_in_order(admin_client):
    issue = IssueFactory()
    second = ArticleFactory(issue=issue, position=2, title="NATO update")
    first = ArticleFactory(issue=issue, position=1, title="UN-EU Conflict Prevention Dialogue")
    response = admin_client.get(_admin_url("newsletters.issue", "change", issue.pk))
    assert [row.article for row in response.context["desk"].rows] == [first, second]


@pytest.mark.django_db
def test_photo_list_shows_a_thumbnail_and_article_page_shows_its_photos(admin_client):
    use = ArticlePhotoFactory()
    PhotoPersonFactory(photo=use.photo)
    photos = admin_client.get(_admin_url("newsletters.photo", "changelist"))
    # A small rendition cut around the focal point, not the original upload.
    assert f'src="/media/renditions/{use.photo.image.name}/4x3-50-50/'.encode() in photos.content
    assert f'src="{use.photo.image.url}"'.encode() not in photos.content

    article = admin_client.get(_admin_url("newsletters.article", "change", use.article.pk))
    inlines = article.context["inline_admin_formsets"]
    assert [form.instance for form in inlines[0].formset.initial_forms] == [use]


@pytest.mark.django_db
def test_article_body_uses_the_offline_rich_text_editor(admin_client):
    response = admin_client.get(_admin_url("newsletters.article", "add"))
    content = response.content.decode()
    assert "data-django-prose-editor" in content
    assert "/static/django_prose_editor/" in content
    assert "http://" not in "".join(str(js) for js in response.context["media"]._js)


@pytest.mark.django_db
def test_autocomplete_finds_people_by_name_with_diacritics(admin_client):
    PersonFactory(name="Ivan Šimonović", slug="ivan-simonovic")
    PersonFactory(name="Steven Vandeput", slug="steven-vandeput")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "people",
            "model_name": "appointment",
            "field_name": "person",
            "term": "Šimon",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Ivan Šimonović"]


@pytest.mark.django_db
def test_adding_an_article_through_the_admin_sanitises_its_body(admin_client):
    issue = IssueFactory()
    response = admin_client.post(
        _admin_url("newsletters.article", "add"),
        {
            "issue": issue.pk,
            "section": "feature",
            "position": 1,
            "title": "UN-EU Steering Committee on Crisis Management",
            "slug": "un-eu-steering-committee",
            "standfirst": "",
            "body": '<p onclick="steal()">Met in New York.<script>alert(1)</script></p>',
            "status": "draft",
            "article_photos-TOTAL_FORMS": 0,
            "article_photos-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = issue.articles.get()
    assert article.body == "<p>Met in New York.</p>"


@pytest.mark.django_db
def test_event_admin_refuses_an_end_before_the_start(admin_client):
    response = admin_client.post(
        _admin_url("events.event", "add"),
        {
            "kind": "dialogue",
            "title": "UN-EU Conflict Prevention Dialogue",
            "slug": "conflict-prevention-dialogue",
            "start_date": "2017-03-23",
            "end_date": "2017-03-22",
            "date_precision": "day",
            "participations-TOTAL_FORMS": 0,
            "participations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "end_date" in errors
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_view_on_site_link_points_at_the_public_page(admin_client):
    person = PersonFactory(slug="jean-pierre-lacroix")
    response = admin_client.get(_admin_url("people.person", "change", person.pk))
    assert response.context["has_absolute_url"] is True
    assert "viewsitelink" in response.content.decode()
