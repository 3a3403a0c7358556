"""Every path that publishes, unpublishes, deletes, restores or changes rights leaves exactly one
audit event, with who did it, from which address, on what."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Article, Status, Term
from newsletters.services import issue_publish, transition
from tests.factories import ArticleFactory, IssueFactory, TermFactory, UserFactory
from tests.newsletters.test_workflow import article_form
from unlops.models import AuditEvent

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
ADDRESS = "127.0.0.1"  # The test client's REMOTE_ADDR.


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def only(action):
    found = events(action)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def publisher(client):
    user = UserFactory(role="Publisher", username="rory")
    client.force_login(user)
    return user


def complete_issue(**kwargs):
    issue = IssueFactory(**kwargs)
    ArticleFactory.create_batch(2, issue=issue)
    return issue


def test_publishing_through_the_service_records_who_and_what():
    user = UserFactory(role="Publisher")
    issue = complete_issue()
    issue_publish(issue=issue, by=user)
    event = only(Action.PUBLISH)
    assert (event.actor, event.actor_name, event.ip) == (user, user.username, None)
    assert (event.content_type.model, event.object_id) == ("issue", str(issue.pk))
    assert event.object_repr == str(issue)
    assert sorted(event.detail["articles"]) == sorted(issue.articles.values_list("pk", flat=True))


def test_the_publish_button_records_the_address(client, publisher):
    article = ArticleFactory(issue=IssueFactory(published=True))
    url = reverse("admin:newsletters_article_move", args=[article.pk, Status.PUBLISHED])
    assert client.post(url).status_code == 302
    event = only(Action.PUBLISH)
    assert (event.actor, event.ip, event.object_id) == (publisher, ADDRESS, str(article.pk))


def test_the_list_action_records_one_event_per_article(client, publisher):
    articles = ArticleFactory.create_batch(3, issue=IssueFactory(published=True))
    response = client.post(
        reverse("admin:newsletters_article_changelist"),
        {"action": "publish_articles", "_selected_action": [a.pk for a in articles]},
    )
    assert response.status_code == 302
    found = events(Action.PUBLISH)
    assert sorted(int(e.object_id) for e in found) == sorted(a.pk for a in articles)
    assert {(e.actor, e.ip) for e in found} == {(publisher, ADDRESS)}


def test_the_issue_list_action_publishes_with_one_event(client, publisher):
    issue = complete_issue()
    response = client.post(
        reverse("admin:newsletters_issue_changelist"),
        {"action": "publish_issues", "_selected_action": [issue.pk]},
    )
    # The action leads to the confirmation page; nothing is published before it is confirmed.
    assert response.url == reverse("admin:newsletters_issue_publish", args=[issue.pk])
    assert events(Action.PUBLISH) == []
    client.post(response.url, {"publish_anyway": "1"})
    assert only(Action.PUBLISH).object_id == str(issue.pk)


def test_unpublishing_is_recorded(client, publisher):
    issue = IssueFactory(published=True)
    ArticleFactory(issue=issue, status=Status.PUBLISHED)
    url = reverse("admin:newsletters_issue_move", args=[issue.pk, Status.REVIEW])
    assert client.post(url).status_code == 302
    event = only(Action.UNPUBLISH)
    assert (event.actor, event.ip, event.detail["to"]) == (publisher, ADDRESS, Status.REVIEW)
    assert events(Action.PUBLISH) == []


def test_review_moves_are_not_audited():
    article = ArticleFactory()
    transition(article, to=Status.REVIEW, by=UserFactory(role="Contributor"))
    assert AuditEvent.objects.filter(action__in=[Action.PUBLISH, Action.UNPUBLISH]).count() == 0


def test_a_rolled_back_publication_leaves_no_event():
    issue = complete_issue()
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_publish(issue=issue, by=UserFactory(role="Publisher"))
        raise RuntimeError
    assert events(Action.PUBLISH) == []


def test_scheduling_records_who_set_the_time_and_nothing_when_it_comes(client, publisher):
    later = timezone.now() + datetime.timedelta(days=7)
    issue = complete_issue(published_at=later)
    issue_publish(issue=issue, by=publisher)
    assert only(Action.PUBLISH).detail["goes_live"] == later.isoformat()

    # Moving the go-live time of released work, on its form.
    article = issue.articles.first()
    form = article_form(article, published_at_0="2031-01-02", published_at_1="09:00")
    form.pop("published_at")
    response = client.post(reverse("admin:newsletters_article_change", args=[article.pk]), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = only(Action.SCHEDULE)
    assert (event.actor, event.ip, event.object_id) == (publisher, ADDRESS, str(article.pk))
    assert event.detail["from"] is None and event.detail["to"].startswith("2031-01-02T")
    # Time passing publishes nothing new: no job, no event.
    assert AuditEvent.objects.filter(action=Action.PUBLISH).count() == 1


def test_deleting_one_row_and_in_bulk(client, publisher):
    term, *others = TermFactory.create_batch(3)
    url = reverse("admin:newsletters_term_delete", args=[term.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    event = only(Action.DELETE)
    assert (event.actor, event.ip, event.object_id) == (publisher, ADDRESS, str(term.pk))
    assert (event.content_type.model, event.object_repr) == ("term", str(term))

    response = client.post(
        reverse("admin:newsletters_term_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in others], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Term.objects.exists()
    bulk = events(Action.DELETE)
    assert sorted(e.object_id for e in bulk) == sorted(str(t.pk) for t in [term, *others])
    assert sum(e.detail.get("bulk", 0) == 2 for e in bulk) == 2


def test_deleting_an_issue_records_it_once_not_its_articles(client, publisher):
    issue = complete_issue()
    url = reverse("admin:newsletters_issue_delete", args=[issue.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert only(Action.DELETE).object_id == str(issue.pk)


def test_restoring_an_old_version(client, publisher):
    article = ArticleFactory(title="Original wording")
    article.title = "Later wording"
    article.save()
    old = article.history.order_by("history_date").first()
    url = reverse("admin:newsletters_article_simple_history", args=[article.pk, old.history_id])
    response = client.post(url, article_form(old.instance, loaded_version=old.version))
    assert response.status_code == 302
    event = only(Action.REVERT)
    assert (event.actor, event.ip, event.object_repr) == (publisher, ADDRESS, "Original wording")
    assert event.detail["version"] == str(old.history_id)


def test_recovering_a_deleted_row(client, publisher):
    article = ArticleFactory(title="NATO update")
    pk = article.pk
    article.delete()
    record = Article.history.filter(history_type="-").get()
    response = client.post(reverse("admin:newsletters_article_recover", args=[record.history_id]))
    assert response.status_code == 302
    event = only(Action.RECOVER)
    assert (event.actor, event.ip, event.object_id) == (publisher, ADDRESS, str(pk))


# Rights.


def user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2017-01-01",
        "date_joined_1": "09:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_role_given_in_the_admin(admin_client):
    user = UserFactory(role="Contributor")
    AuditEvent.objects.all().delete()
    editor = Group.objects.get(name="Editor")
    contributor = Group.objects.get(name="Contributor")
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = admin_client.post(url, user_form(user, groups=[editor.pk]))
    assert response.status_code == 302
    changed = AuditEvent.objects.filter(action=Action.USER_GROUPS).order_by("pk")
    assert [event.detail for event in changed] == [
        {"removed": [contributor.name]},
        {"added": [editor.name]},
    ]
    admin = User.objects.get(username="admin")
    assert {(e.actor, e.ip, e.object_id) for e in changed} == {(admin, ADDRESS, str(user.pk))}
    assert AuditEvent.objects.exclude(action=Action.USER_GROUPS).count() == 0


def test_the_superuser_flag(admin_client):
    user = UserFactory()
    AuditEvent.objects.all().delete()
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = admin_client.post(url, user_form(user, is_superuser="on"))
    assert response.status_code == 302
    event = only(Action.USER_FLAGS)
    assert event.detail == {"is_superuser": [False, True]}
    assert (event.actor.username, event.ip) == ("admin", ADDRESS)
    assert AuditEvent.objects.count() == 1


def test_a_sign_in_records_nothing(client):
    user = UserFactory()
    AuditEvent.objects.all().delete()
    assert client.login(username=user.username, password="unlops-test-password")
    assert AuditEvent.objects.count() == 0


def test_accounts_added_and_deleted_and_own_permissions():
    user = User.objects.create_user("lotte", is_staff=True)
    assert only(Action.USER_ADD).detail == {
        "is_active": True,
        "is_staff": True,
        "is_superuser": False,
    }
    user.user_permissions.add(Permission.objects.get(codename="publish_article"))
    assert only(Action.USER_PERMISSIONS).detail == {"added": ["newsletters.publish_article"]}
    user.groups.add(Group.objects.get_or_create(name="Editor")[0])
    user.groups.clear()
    assert [e.detail for e in AuditEvent.objects.filter(action=Action.USER_GROUPS)] == [
        {"removed": ["Editor"]},
        {"added": ["Editor"]},
    ]
    pk = user.pk
    user.delete()
    event = only(Action.USER_DELETE)
    assert (event.object_id, event.object_repr) == (str(pk), "lotte")


def test_what_a_group_may_do(admin_client):
    group = Group.objects.create(name="Translators")
    permission = Permission.objects.get(codename="view_article")
    url = reverse("admin:auth_group_change", args=[group.pk])
    data = {"name": group.name, "permissions": [permission.pk]}
    assert admin_client.post(url, data).status_code == 302
    event = only(Action.GROUP_PERMISSIONS)
    assert event.detail == {"added": ["newsletters.view_article"]}
    assert (event.object_repr, event.ip) == ("Translators", ADDRESS)
    group.delete()
    assert only(Action.GROUP_DELETE).object_repr == "Translators"


def test_adding_a_member_from_the_groups_side_records_the_user():
    users = UserFactory.create_batch(2)
    group = Group.objects.create(name="Translators")
    AuditEvent.objects.all().delete()
    group.user_set.add(*users)
    found = events(Action.USER_GROUPS)
    assert sorted(e.object_id for e in found) == sorted(str(u.pk) for u in users)
    assert {str(e.detail) for e in found} == {"{'added': ['Translators']}"}
