"""History (compare, restore, recover), no lost edits, and where a photo or person is used."""

import pytest
from django.urls import reverse

from newsletters.models import Article, Photo, Status
from people.models import Person
from tests.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    ParticipationFactory,
    PersonFactory,
    PhotoPersonFactory,
    UserFactory,
)
from tests.newsletters.test_workflow import article_form, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(role="Editor", username="annick"))
    return client


def save_title(client, article, title):
    article.refresh_from_db()
    response = client.post(change_url(article), article_form(article, title=title))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()


def test_every_save_is_kept_with_who_and_when(editor):
    article = ArticleFactory(title="First title")
    save_title(editor, article, "Second title")
    save_title(editor, article, "Third title")
    records = list(article.history.order_by("history_date"))
    assert [r.title for r in records] == ["First title", "Second title", "Third title"]
    assert [r.history_user.username if r.history_user else None for r in records][1:] == [
        "annick",
        "annick",
    ]
    assert [r.version for r in records] == [1, 2, 3]


def test_compare_two_versions_side_by_side(editor):
    article = ArticleFactory(title="UN-EU Conflict Prevention Dialogue")
    save_title(editor, article, "Third UN-EU Conflict Prevention Dialogue")
    first, second = article.history.order_by("history_date")
    url = reverse("admin:newsletters_article_history_compare", args=[article.pk])
    response = editor.get(url, {"left": first.history_id, "right": second.history_id})
    assert response.status_code == 200
    rows = {str(row["label"]): row for row in response.context["rows"]}
    assert rows["title"]["changed"] is True
    assert rows["title"]["left"] == "UN-EU Conflict Prevention Dialogue"
    assert rows["title"]["right"] == "Third UN-EU Conflict Prevention Dialogue"
    assert rows["body"]["changed"] is False
    change_page = editor.get(change_url(article)).content.decode()
    assert url in change_page


def test_restoring_an_old_version_makes_a_new_draft(client):
    client.force_login(UserFactory(role="Publisher"))
    article = ArticleFactory(title="Original wording", status=Status.REVIEW)
    save_title(client, article, "Later wording")
    old = article.history.order_by("history_date").first()
    restore_url = reverse(
        "admin:newsletters_article_simple_history", args=[article.pk, old.history_id]
    )
    form = client.get(restore_url)
    assert form.status_code == 200
    response = client.post(
        restore_url, article_form(old.instance, status=Status.REVIEW, loaded_version=old.version)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Original wording"
    assert article.status == Status.DRAFT
    assert article.version > old.version + 1  # A new version, not the old number.
    latest = article.history.order_by("-history_date").first()
    assert (latest.title, latest.status) == ("Original wording", Status.DRAFT)


def test_a_deleted_article_can_be_recovered_as_a_draft(client):
    client.force_login(UserFactory(role="Editor"))
    article = ArticleFactory(title="NATO update", status=Status.REVIEW)
    pk = article.pk
    delete = client.post(reverse("admin:newsletters_article_delete", args=[pk]), {"post": "yes"})
    assert delete.status_code == 302
    assert not Article.objects.filter(pk=pk).exists()

    bin_page = client.get(reverse("admin:newsletters_article_recover_list"))
    assert "NATO update" in bin_page.content.decode()
    record = bin_page.context["records"][0]
    response = client.post(reverse("admin:newsletters_article_recover", args=[record.history_id]))
    assert response.status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.title == "NATO update"
    assert recovered.status == Status.DRAFT
    assert client.get(reverse("admin:newsletters_article_recover_list")).context["records"] == []


def test_recover_needs_post_and_the_add_permission(client):
    person = PersonFactory(name="Hervé Ladsous")
    person.delete()
    record = Person.history.filter(history_type="-").get()
    url = reverse("admin:people_person_recover", args=[record.history_id])
    client.force_login(UserFactory(role="Contributor"))
    assert client.post(url).status_code == 403
    client.force_login(UserFactory(role="Publisher"))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Person.objects.get().name == "Hervé Ladsous"


def test_a_second_concurrent_save_is_refused_and_nothing_is_lost(client, django_user_model):
    article = ArticleFactory(title="UN-EU Political Dialogue on Counter-Terrorism")
    # Both open the page: both forms carry version 1.
    opened = article_form(article)
    first = UserFactory(role="Editor", first_name="Kamiel", last_name="Mesie")
    second = UserFactory(role="Editor")
    client.force_login(first)
    assert (
        client.post(change_url(article), {**opened, "title": "Kamiel's title"}).status_code == 302
    )

    client.force_login(second)
    response = client.post(
        change_url(article), {**opened, "title": "Second title", "standfirst": "My lead"}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    message = " ".join(form.non_field_errors())
    assert "Kamiel Mesie" in message
    assert "Kamiel's title" in message and "UN-EU Political Dialogue" in message
    # The refused editor's words are still in the form; the first save stands.
    assert form["standfirst"].value() == "My lead"
    article.refresh_from_db()
    assert article.title == "Kamiel's title"
    assert article.version == 2


def test_also_being_edited_by_is_shown(client):
    article = ArticleFactory()
    client.force_login(UserFactory(role="Editor", first_name="Rory", last_name="Keane"))
    first_view = client.get(change_url(article), follow=True)
    assert "Also being edited" not in first_view.content.decode()
    client.force_login(UserFactory(role="Editor"))
    second_view = client.get(change_url(article))
    assert "Also being edited by Rory Keane" in second_view.content.decode()


def test_photo_page_lists_where_it_is_used_and_deleting_it_is_refused(admin_client):
    use = ArticlePhotoFactory(article__title="High-level visits")
    photo = use.photo
    page = admin_client.get(reverse("admin:newsletters_photo_change", args=[photo.pk]))
    assert "High-level visits" in page.content.decode()

    delete_url = reverse("admin:newsletters_photo_delete", args=[photo.pk])
    confirm = admin_client.get(delete_url)
    assert confirm.context["protected"]
    assert "High-level visits" in str(confirm.context["protected"])
    admin_client.post(delete_url, {"post": "yes"})
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_person_page_lists_articles_photos_and_events(admin_client):
    person = PersonFactory(name="Jean-Pierre Lacroix")
    article = ArticleFactory(title="New head of DPKO engages European partners")
    article.people.add(person)
    PhotoPersonFactory(person=person, photo__caption="Lacroix and Vandeput in Brussels")
    ParticipationFactory(person=person, event__title="Informal meeting of EU Defence Ministers")
    page = admin_client.get(reverse("admin:people_person_change", args=[person.pk]))
    content = page.content.decode()
    assert "New head of DPKO engages European partners" in content
    assert "Lacroix and Vandeput in Brussels" in content
    assert "Informal meeting of EU Defence Ministers" in content
