"""The one rule: what released work shows is public, and only a publisher changes it.

Each test names the hole an attack found and would fail on the code before the rule.
"""

import datetime
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Participation
from newsletters.models import Article, Issue, Photo, PhotoPerson, Status, Term
from newsletters.services import record_terms
from people.models import Organisation, Person
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
    UserFactory,
    shown_in_published_work,
)
from tests.security.admin_forms import change_form_data
from unlops import publicity
from unlops.guard import acting_as

pytestmark = pytest.mark.django_db


def logged_in(client, role):
    client.force_login(UserFactory(role=role))
    return client


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def post_change(client, admin_client, obj, **changes):
    data = change_form_data(admin_client.get(change_url(obj)))
    data.update(changes)
    return client.post(change_url(obj), data)


# What is public ---------------------------------------------------------------------------------


def test_rows_are_public_when_published_work_shows_them_and_not_before():
    person, organisation, event, topic = (
        PersonFactory(),
        OrganisationFactory(),
        EventFactory(),
        TopicFactory(),
    )
    photo = PhotoFactory()
    draft = ArticleFactory()
    shown_in_published_work(person, organisation, event, topic, photo, article=draft)
    for obj in (person, organisation, event, topic, photo):
        assert not type(obj).objects.published().filter(pk=obj.pk).exists()
    Article.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
    Issue.objects.filter(pk=draft.issue_id).update(
        status=Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    for obj in (person, organisation, event, topic, photo):
        assert type(obj).objects.published().filter(pk=obj.pk).exists(), obj


def test_what_a_public_row_shows_is_public_too():
    """A public event's participants and organisations, a public person's employers, a public
    photo's people, credited organisation and event."""
    event = EventFactory()
    participant = ParticipationFactory(event=event).person
    host = OrganisationFactory()
    event.organisations.add(host)
    employer = AppointmentFactory(person=participant).organisation
    photo = PhotoFactory(event=EventFactory(), credit_organisation=OrganisationFactory())
    pictured = PhotoPersonFactory(photo=photo).person
    shown_in_published_work(event, photo)
    assert set(Person.objects.published()) == {participant, pictured}
    assert set(Organisation.objects.published()) == {host, employer, photo.credit_organisation}
    assert set(Event.objects.published()) == {event, photo.event}


def test_a_scheduled_issue_releases_its_rows_but_shows_them_only_on_time():
    person = PersonFactory()
    shown_in_published_work(person, article=ArticleFactory(scheduled=True))
    assert not Person.objects.published().filter(pk=person.pk).exists()
    assert Person.objects.released().filter(pk=person.pk).exists()
    assert not publicity.may_change(UserFactory(role="Editor"), person)
    assert publicity.may_change(UserFactory(role="Publisher"), person)


def test_a_topic_used_only_by_drafts_has_no_public_page(client):
    topic = TopicFactory(slug="libya")
    ArticleFactory().topics.add(topic)
    assert client.get(topic.get_absolute_url()).status_code == 404
    shown_in_published_work(topic)
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_people_no_published_work_shows_have_no_page_and_no_place_in_lists(client):
    hidden = PersonFactory(name="Not Yet Announced", slug="not-yet-announced")
    ArticleFactory().people.add(hidden)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in ("/people/", "/search/?q=announced", "/sitemap-people.xml"):
        assert "Not Yet Announced" not in client.get(url).content.decode()
        assert "not-yet-announced" not in client.get(url).content.decode()


def test_a_parent_organisation_is_linked_only_when_public_itself(client):
    parent = OrganisationFactory(name="Hidden Parent Body", slug="hidden-parent")
    child = OrganisationFactory(parent=parent)
    shown_in_published_work(child)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Hidden Parent Body" not in page


def test_a_contributors_new_term_waits_for_a_publisher_though_published_work_uses_it(
    client, admin_client
):
    article = ArticleFactory(published=True, body="<p>The SRSG arrived.</p>")
    contributor = logged_in(client, "Contributor")
    response = contributor.post(
        reverse("admin:newsletters_term_add"),
        {"abbreviation": "SRSG", "expansion": "Invented by a contributor", "kind": "title"},
    )
    assert response.status_code == 302
    term = Term.objects.get(abbreviation="SRSG")
    assert not term.articles.exists() and not Term.objects.published().exists()
    client.logout()
    for url in (reverse("newsletters:glossary"), article.get_absolute_url()):
        assert "Invented by a contributor" not in client.get(url).content.decode(), url
    # A publisher's save of the term is its release: it goes to the published text.
    post_change(logged_in(client, "Publisher"), admin_client, term)
    assert list(Term.objects.published()) == [term]
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<abbr title="Invented by a contributor">SRSG</abbr>' in page


def test_a_contributor_cannot_reword_unlink_or_delete_a_public_term(client, admin_client):
    term = TermFactory(abbreviation="SRSG", expansion="As published")
    article = ArticleFactory(published=True, body="<p>The SRSG arrived.</p>")
    record_terms(article)
    contributor = logged_in(client, "Contributor")
    assert post_change(contributor, admin_client, term, expansion="Reworded").status_code == 403
    assert "Only a publisher may change" in contributor.get(change_url(term)).content.decode()
    term.refresh_from_db()
    assert term.expansion == "As published"
    user = UserFactory(role="Contributor")
    term.expansion = "Reworded"
    with refused(user):
        term.save()
    with refused(user):
        term.delete()
    with refused(user):
        article.terms.remove(term)  # Unlinked from the published article that uses it.
    other, draft = ArticleFactory(published=True), ArticleFactory()
    with refused(user):
        other.terms.add(term)
    with acting_as(user):
        draft.terms.add(term)  # A draft may use a public term: nothing public changes.
    with acting_as(UserFactory(role="Publisher")):
        term.save()
    assert Term.objects.get(pk=term.pk).expansion == "Reworded"


# Who may change it ------------------------------------------------------------------------------


def test_a_contributor_cannot_recaption_or_replace_a_photo_published_work_uses(
    client, admin_client
):
    photo = PhotoFactory(caption="As published")
    ArticlePhotoFactory(photo=photo, article=ArticleFactory(published=True))
    contributor = logged_in(client, "Contributor")
    for field, value in [("caption", "Rewritten"), ("alt_text", "Rewritten"), ("credit", "X")]:
        response = post_change(contributor, admin_client, photo, **{field: value})
        assert response.status_code == 403
    photo.refresh_from_db()
    assert (photo.caption, photo.alt_text) == ("As published", PhotoFactory.alt_text)
    assert "Only a publisher may change" in contributor.get(change_url(photo)).content.decode()


def test_a_contributor_cannot_change_who_a_published_photo_shows(client, admin_client):
    photo = PhotoFactory()
    ArticlePhotoFactory(photo=photo, article=ArticleFactory(published=True))
    PhotoPersonFactory(photo=photo)
    contributor = logged_in(client, "Contributor")
    data = change_form_data(admin_client.get(change_url(photo)))
    data["pictured-0-DELETE"] = "on"
    assert contributor.post(change_url(photo), data).status_code == 403
    assert PhotoPerson.objects.filter(photo=photo).count() == 1


def test_a_draft_photo_stays_the_contributors_to_caption(client, admin_client):
    photo = PhotoFactory()
    response = post_change(logged_in(client, "Contributor"), admin_client, photo, caption="New")
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "New"


@pytest.mark.parametrize(
    "make",
    [
        lambda: shown_in_published_work(PersonFactory()) and Person.objects.latest("pk"),
        lambda: shown_in_published_work(OrganisationFactory()) and Organisation.objects.last(),
        lambda: shown_in_published_work(EventFactory()) and Event.objects.latest("pk"),
    ],
    ids=["person", "organisation", "event"],
)
def test_an_editor_cannot_rename_what_published_work_shows(client, admin_client, make):
    obj = make()
    field = "name" if hasattr(obj, "name") else "title"
    response = post_change(logged_in(client, "Editor"), admin_client, obj, **{field: "Renamed"})
    assert response.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) != "Renamed"


def test_an_editor_cannot_add_a_participant_to_a_public_event(client):
    event = EventFactory()
    shown_in_published_work(event)
    person = PersonFactory()
    editor = logged_in(client, "Editor")
    response = editor.post(
        reverse("admin:events_participation_add"),
        {"event": event.pk, "person": person.pk, "role": "host", "position": 1},
    )
    assert response.status_code == 200
    assert "Only a publisher may change" in response.content.decode()
    assert not Participation.objects.filter(event=event, person=person).exists()


def test_an_editor_cannot_delete_published_work_by_page_or_bulk_action(client):
    article = ArticleFactory(published=True)
    editor = logged_in(client, "Editor")
    url = reverse("admin:newsletters_article_delete", args=[article.pk])
    assert editor.post(url, {"post": "yes"}).status_code == 403
    editor.post(
        reverse("admin:newsletters_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    issue = article.issue
    editor.post(reverse("admin:newsletters_issue_delete", args=[issue.pk]), {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()
    assert Issue.objects.filter(pk=issue.pk).exists()


def test_the_issue_form_never_publishes_even_for_a_publisher(client, admin_client):
    issue = IssueFactory()
    ArticleFactory(issue=issue, body="")  # Incomplete: the check must not be skipped.
    publisher = logged_in(client, "Publisher")
    post_change(publisher, admin_client, issue, status="published", title="Retitled")
    issue.refresh_from_db()
    assert issue.title == "Retitled"
    assert issue.status == Status.DRAFT
    assert not issue.articles.filter(status=Status.PUBLISHED).exists()


# The guard: a path that forgets to ask is refused all the same --------------------------------


@contextmanager
def refused(user):
    """Expect the block to be refused; like a request's, its transaction is rolled back."""
    with acting_as(user), pytest.raises(PermissionDenied), transaction.atomic():
        yield


def test_a_write_that_skips_every_check_is_refused_for_the_user_of_the_request():
    person = PersonFactory(name="As published")
    shown_in_published_work(person)
    person.name = "Rewritten"
    with refused(UserFactory(role="Editor")):
        person.save()
    with refused(UserFactory(role="Editor")):
        person.delete()
    with acting_as(UserFactory(role="Publisher")):
        person.save()
    assert Person.objects.get(pk=person.pk).name == "Rewritten"


def test_the_guard_checks_child_rows_and_links_from_both_sides():
    event = EventFactory()
    shown_in_published_work(event)
    editor = UserFactory(role="Editor")
    with refused(editor):
        ParticipationFactory(event=event)  # Added to a public event.
    moved = ParticipationFactory()
    moved.event = event
    with refused(editor):
        moved.save()  # Moved under a public event.
    organisation = OrganisationFactory()
    with refused(editor):
        organisation.events.add(event)  # The reverse side of Event.organisations.
    with refused(editor):
        event.organisations.clear()
    assert not organisation.events.exists()
    draft = ArticleFactory()
    with acting_as(editor):
        draft.events.add(event)  # A draft may name a public event: nothing public changes.


def test_the_guard_refuses_a_workflow_row_moved_to_published_by_a_plain_save():
    article = ArticleFactory()
    article.status = Status.PUBLISHED
    with refused(UserFactory(role="Editor")):
        article.save()
    with acting_as(UserFactory(role="Editor")):
        article.status = Status.REVIEW
        article.save()  # Submitting a draft for review is an editor's move.


def test_code_outside_a_request_acts_as_the_system():
    person = PersonFactory()
    shown_in_published_work(person)
    person.name = "Changed by a command"
    person.save()
    assert Person.objects.get(pk=person.pk).name == "Changed by a command"


def test_photo_helpers_follow_their_owner():
    photo = PhotoFactory()
    use = ArticlePhotoFactory(photo=photo, article=ArticleFactory(published=True))
    pictured = PhotoPersonFactory(photo=photo)
    assert publicity.owner_of(pictured) == photo
    assert publicity.owner_of(use) == use.article
    assert Photo.objects.published().filter(pk=photo.pk).exists()
    assert not publicity.may_change(UserFactory(role="Contributor"), pictured)
