"""The admin's home page for the office, by role, in a fixed number of queries."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletters.dashboard import dashboard
from newsletters.models import Article, Status
from tests.factories import ArticleFactory, IssueFactory, PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def written_by(user, **kwargs):
    article = ArticleFactory.build(**kwargs)
    article._history_user = user
    article.save()
    return article


def home(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


@pytest.fixture
def office():
    issue = IssueFactory(period_start=D(2017, 11, 1), period_end=D(2018, 4, 30), slug="")
    contributor = UserFactory(role="Contributor", first_name="Lotte", last_name="Knudsen")
    editor = UserFactory(role="Editor")
    mine = written_by(contributor, issue=issue, title="Lotte's draft", slug="mine", position=1)
    sent = written_by(
        contributor, issue=issue, title="Lotte's text in review", slug="sent", position=2
    )
    Article.objects.filter(pk=sent.pk).update(status=Status.REVIEW)
    other = written_by(editor, issue=issue, title="The editor's draft", slug="e", position=3)
    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=[other], action_flag=CHANGE, change_message="Changed body"
    )
    return {"issue": issue, "contributor": contributor, "editor": editor, "mine": mine}


def test_the_issue_in_hand_and_its_progress(client, office):
    page = home(client, office["editor"])
    assert "The issue in hand" in page
    assert "November 2017 – April 2018" in page
    assert "Draft: 2" in page and "In review: 1" in page


def test_a_contributor_sees_their_drafts_their_work_in_review_and_others_changes(client, office):
    page = home(client, office["contributor"])
    assert "Lotte&#x27;s draft" in page
    assert "My work in review" in page and "Lotte&#x27;s text in review" in page
    assert "The editor&#x27;s draft" in page  # Among recent changes by others.
    assert "Recent changes by others" in page


def test_an_editor_sees_what_waits_for_review_but_not_others_drafts_as_theirs(client, office):
    board = dashboard(office["editor"])
    assert [a.title for a in board["review"]] == ["Lotte's text in review"]
    assert [a.title for a in board["drafts"]] == ["The editor's draft"]
    assert board["recent"] == []  # The only change was the editor's own.


def test_scheduled_issues_are_listed(client, office):
    IssueFactory(scheduled=True, period_start=D(2018, 5, 1), period_end=D(2018, 10, 31), slug="")
    page = home(client, office["editor"])
    scheduled = page[page.index('id="scheduled"') :]
    assert "May – October 2018" in scheduled[: scheduled.index("</section>")]


@pytest.mark.parametrize("role", ["Contributor", "Editor", "Publisher"])
def test_throttling_is_for_superusers_only(client, role):
    AccessAttempt.objects.create(
        username="intruder", ip_address="127.0.0.9", failures_since_start=4, user_agent="x"
    )
    page = home(client, UserFactory(role=role))
    assert "Sign-in throttling" not in page and "intruder" not in page
    assert "/admin/axes/" not in page  # Not in the app list either.
    assert dashboard(UserFactory(role=role))["throttling"] is None
    superuser_page = home(client, UserFactory(is_superuser=True))
    assert "Sign-in throttling" in superuser_page and "intruder" in superuser_page


def test_the_dashboard_takes_as_many_queries_for_20_articles_as_for_2(client):
    user = UserFactory(role="Editor")
    client.force_login(user)
    counts = []
    for size, number in ((2, 100), (20, 101)):
        issue = IssueFactory(number=number, cover_photo=PhotoFactory(), slug=f"n-{number}")
        for n in range(size):
            written_by(user, issue=issue, title=f"A{n}", slug=f"a{n}", position=n + 1)
            written_by(
                UserFactory(),
                issue=issue,
                title=f"B{n}",
                slug=f"b{n}",
                position=100 + n,
                status=Status.REVIEW,
            )
        client.get(reverse("admin:index"))  # Once first, which also empties the query log.
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:index")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_staff_without_a_role_see_no_titles_and_others_see_only_what_they_may_view(client, office):
    page = home(client, UserFactory())  # Staff, no role.
    assert "Lotte&#x27;s text in review" not in page and "The editor&#x27;s draft" not in page
    publisher = UserFactory(role="Publisher")
    LogEntry.objects.log_actions(
        user_id=publisher.pk, queryset=[publisher], action_flag=CHANGE, change_message="x"
    )
    page = home(client, office["contributor"])
    assert publisher.username not in page
    assert publisher.username in home(client, UserFactory(role="Publisher"))
