"""Who may save, move, publish and discard a revision of published work: every role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from newsletters.models import Revision, Status
from newsletters.services import revision_discard, revision_move, revision_publish, revision_save
from tests.factories import ArticleFactory, IssueFactory, UserFactory
from tests.newsletters.test_workflow import article_form, change_url

pytestmark = pytest.mark.django_db

ROLES = ["Contributor", "Editor", "Publisher"]


def revision_url(obj, action):
    return reverse(f"admin:newsletters_{obj._meta.model_name}_revision", args=[obj.pk, action])


def as_role(role):
    client = Client()
    user = UserFactory(role=role)
    client.force_login(user)
    return client, user


@pytest.fixture
def revised():
    article = ArticleFactory(published=True, title="Live title")
    revision = revision_save(item=article, data={"fields": {"title": "Revised title"}}, by=None)
    return article, revision


@pytest.mark.parametrize("role", ROLES)
def test_everyone_who_writes_drafts_may_save_a_revision(role):
    article = ArticleFactory(published=True, title="Live title")
    client, _user = as_role(role)
    form = article_form(article, title="Proposed", _save_revision="1")
    form |= {"article_photos-TOTAL_FORMS": 0, "article_photos-INITIAL_FORMS": 0}
    assert client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.title == "Live title"
    assert Revision.objects.of(article).open().get().snapshot["fields"]["title"] == "Proposed"


@pytest.mark.parametrize(
    ("role", "allowed"), [("Contributor", False), ("Editor", False), ("Publisher", True)]
)
@pytest.mark.parametrize("action", ["publish", "discard", "schedule"])
def test_only_publishers_publish_schedule_or_discard(revised, role, allowed, action):
    article, revision = revised
    client, user = as_role(role)
    response = client.post(revision_url(article, action), {"go_live_at": "2999-01-01T10:00"})
    revision.refresh_from_db()
    article.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert not revision.is_open or revision.is_scheduled
    else:
        assert response.status_code == 403  # A crafted POST: refused, nothing changed.
        assert revision.is_open and revision.status == Status.DRAFT
        assert article.title == "Live title"
        with pytest.raises(PermissionDenied):
            {
                "publish": revision_publish,
                "schedule": revision_publish,
                "discard": revision_discard,
            }[action](revision=revision, by=user)


def test_the_buttons_follow_the_rights(revised):
    article, _revision = revised
    editor, _user = as_role("Editor")
    page = editor.get(change_url(article)).content.decode()
    assert "Submit the revision for review" in page
    assert revision_url(article, "publish") not in page
    publisher, _user = as_role("Publisher")
    page = publisher.get(change_url(article)).content.decode()
    assert revision_url(article, "publish") in page and revision_url(article, "discard") in page


def test_review_states_apply_to_revisions(revised):
    article, revision = revised
    contributor, contributor_user = as_role("Contributor")
    assert contributor.post(revision_url(article, Status.REVIEW)).status_code == 302
    revision.refresh_from_db()
    assert revision.status == Status.REVIEW
    # In review, only an editor changes it or sends it back.
    assert contributor.post(revision_url(article, Status.DRAFT)).status_code == 403
    form = article_form(article, title="Sneaked in")
    form |= {"article_photos-TOTAL_FORMS": 0, "article_photos-INITIAL_FORMS": 0}
    assert contributor.post(change_url(article), form).status_code == 403
    with pytest.raises(PermissionDenied):
        revision_save(item=article, data={"fields": {"title": "x"}}, by=contributor_user)
    editor, editor_user = as_role("Editor")
    revision_move(revision=revision, to=Status.DRAFT, by=editor_user)
    revision.refresh_from_db()
    assert revision.status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        revision_move(revision=revision, to=Status.PUBLISHED, by=editor_user)


def test_a_scheduled_revision_is_the_publishers(revised):
    article, revision = revised
    _client, publisher = as_role("Publisher")
    import datetime

    from django.utils import timezone

    revision_publish(
        revision=revision, by=publisher, at=timezone.now() + datetime.timedelta(days=1)
    )
    _client, editor = as_role("Editor")
    with pytest.raises(PermissionDenied):
        revision_save(item=article, data={"fields": {"title": "x"}}, by=editor)


def test_an_issue_is_revised_for_its_own_texts():
    issue = IssueFactory(published=True, foreword="<p>Old foreword</p>")
    editor_client, editor = as_role("Editor")
    revision = revision_save(
        item=issue, data={"fields": {"foreword": "<p>New foreword</p>"}}, by=editor
    )
    issue.refresh_from_db()
    assert "Old" in issue.foreword
    _client, publisher = as_role("Publisher")
    revision_publish(revision=revision, by=publisher)
    issue.refresh_from_db()
    assert "New foreword" in issue.foreword
    assert issue.status == Status.PUBLISHED
