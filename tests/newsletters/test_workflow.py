"""Roles, states and publishing: every role against every path, enforced on the server."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from newsletters.models import Article, Issue, Revision, Status
from newsletters.roles import ROLES
from newsletters.services import IssueIncomplete, issue_problems, issue_publish
from tests.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    IssueFactory,
    PersonFactory,
    PhotoFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLE_NAMES = ["Contributor", "Editor", "Publisher"]


def client_for(client, role):
    client.force_login(UserFactory(role=role))
    return client


def article_form(article, **changes):
    """The article change form as the admin would post it."""
    data = {
        "issue": article.issue_id,
        "section": article.section,
        "position": article.position,
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at": "",
        "embargo_note": "",
        "loaded_version": article.version,
        "article_photos-TOTAL_FORMS": 0,
        "article_photos-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def change_url(obj):
    return reverse(f"admin:newsletters_{obj._meta.model_name}_change", args=[obj.pk])


def move_url(obj, status):
    return reverse(f"admin:newsletters_{obj._meta.model_name}_move", args=[obj.pk, status])


# Roles -------------------------------------------------------------------------------------------


def test_the_migration_creates_the_three_roles_with_their_permissions():
    for name, codes in ROLES.items():
        group = Group.objects.get(name=name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == codes
    contributor = UserFactory(role="Contributor")
    publisher = UserFactory(role="Publisher")
    assert not any("publish" in code for code in ROLES["Contributor"] | ROLES["Editor"])
    assert not contributor.has_perm("newsletters.publish_article")
    assert publisher.has_perm("newsletters.publish_issue")
    assert publisher.has_perm("auth.change_user")
    assert not UserFactory(role="Editor").has_perm("people.delete_person")


# The change form -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["Contributor", "Editor", "Publisher"])
def test_a_change_form_never_moves_the_state_even_when_crafted(client, role):
    article = ArticleFactory()
    client = client_for(client, role)
    response = client.post(
        change_url(article), article_form(article, status="published", title="Retitled")
    )
    article.refresh_from_db()
    assert response.status_code == 302
    assert article.title == "Retitled"
    assert article.status == Status.DRAFT  # Only the move buttons, through the service, move it.


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("Contributor", False), ("Editor", False), ("Publisher", True)],
)
def test_publishing_an_article_with_its_button(client, role, allowed):
    article = ArticleFactory()
    client = client_for(client, role)
    page = client.get(change_url(article)).content.decode()
    assert (move_url(article, "published") in page) is allowed
    response = client.post(move_url(article, "published"))
    article.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert article.status == Status.PUBLISHED
        assert article.status_changed_by.username.startswith("staff")
    else:
        assert response.status_code == 403
        assert article.status == Status.DRAFT


def test_an_article_without_text_is_not_published_by_its_button(client):
    article = ArticleFactory(body="")
    response = client_for(client, "Publisher").post(move_url(article, "published"), follow=True)
    assert "has no text" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_moves_answer_only_post(client):
    article = ArticleFactory()
    assert client_for(client, "Publisher").get(move_url(article, "review")).status_code == 405


@pytest.mark.parametrize(
    ("role", "status", "may_edit"),
    [
        ("Contributor", Status.DRAFT, True),
        ("Contributor", Status.REVIEW, False),
        ("Contributor", Status.PUBLISHED, "revision"),
        ("Editor", Status.REVIEW, True),
        ("Editor", Status.PUBLISHED, "revision"),
        ("Publisher", Status.PUBLISHED, True),
    ],
)
def test_who_may_edit_an_article_in_each_state(client, role, status, may_edit):
    article = ArticleFactory(status=status)
    client = client_for(client, role)
    page = client.get(change_url(article))
    assert page.status_code == 200  # Everyone may read it.
    response = client.post(change_url(article), article_form(article, title="A new title"))
    article.refresh_from_db()
    revision = Revision.objects.of(article).open().first()
    if may_edit == "revision":  # Published work: the change waits in a draft revision.
        assert response.status_code == 302
        assert article.title != "A new title"
        assert revision.snapshot["fields"]["title"] == "A new title"
    elif may_edit:
        assert response.status_code == 302
        assert article.title == "A new title"
        assert revision is None
    else:
        assert response.status_code == 403
        assert article.title != "A new title"


def test_contributor_submits_for_review_and_may_not_take_it_back(client):
    article = ArticleFactory()
    contributor = client_for(client, "Contributor")
    assert contributor.post(move_url(article, "review")).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    # Once in review, only an editor moves it (back to draft or on).
    assert contributor.post(move_url(article, "draft")).status_code == 403
    response = contributor.post(change_url(article), article_form(article, title="Changed"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_contributor_cannot_delete_an_article_or_change_people(client):
    article = ArticleFactory()
    person = PersonFactory()
    contributor = client_for(client, "Contributor")
    delete_url = reverse("admin:newsletters_article_delete", args=[article.pk])
    assert contributor.post(delete_url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    person_url = reverse("admin:people_person_change", args=[person.pk])
    assert contributor.post(person_url, {"name": "Changed"}).status_code == 403


# List actions --------------------------------------------------------------------------------


def run_action(client, model, action, objects):
    return client.post(
        reverse(f"admin:newsletters_{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_publish_articles_action(client, role):
    articles = ArticleFactory.create_batch(2, status=Status.REVIEW)
    response = run_action(client_for(client, role), "article", "publish_articles", articles)
    statuses = set(Article.objects.values_list("status", flat=True))
    if role == "Publisher":
        assert statuses == {Status.PUBLISHED}
    else:
        assert statuses == {Status.REVIEW}
        assert response.status_code == 200


@pytest.mark.parametrize(("role", "allowed"), [("Contributor", False), ("Editor", True)])
def test_send_back_to_draft_needs_an_editor(client, role, allowed):
    article = ArticleFactory(status=Status.REVIEW)
    run_action(client_for(client, role), "article", "send_back_to_draft", [article])
    article.refresh_from_db()
    assert (article.status == Status.DRAFT) is allowed


def test_editor_sees_the_review_queue_on_the_admin_home(client):
    waiting = ArticleFactory(status=Status.REVIEW, title="UN-EU Steering Committee")
    ArticleFactory(status=Status.DRAFT, title="A draft nobody should see listed")
    page = client_for(client, "Editor").get(reverse("admin:index"))
    content = page.content.decode()
    assert "Waiting for review" in content
    assert waiting.title in content
    assert "A draft nobody should see listed" not in content


# Publishing a whole issue -------------------------------------------------------------------


@pytest.fixture
def complete_issue():
    issue = IssueFactory()
    for article in ArticleFactory.create_batch(3, issue=issue, status=Status.REVIEW):
        ArticlePhotoFactory(article=article)
    return issue


@pytest.fixture
def incomplete_issue():
    issue = IssueFactory()
    ArticleFactory(issue=issue, body="<p>Complete.</p>")
    ArticleFactory(issue=issue, body="", title="Brussels political update")
    ArticlePhotoFactory(
        article=ArticleFactory(issue=issue, title="NATO update"),
        photo=PhotoFactory(alt_text="", credit=""),
    )
    return issue


def publish_url(issue):
    return reverse("admin:newsletters_issue_publish", args=[issue.pk])


def test_publishing_a_complete_issue_publishes_it_and_every_article(client, complete_issue):
    publisher = client_for(client, "Publisher")
    response = run_action(publisher, "issue", "publish_issues", [complete_issue])
    # The list action leads to the confirmation page, which publishes only when confirmed.
    assert response.redirect_chain[-1][0] == publish_url(complete_issue)
    assert Issue.objects.get(pk=complete_issue.pk).status == Status.DRAFT
    response = publisher.post(publish_url(complete_issue), {"publish_anyway": "1"}, follow=True)
    complete_issue.refresh_from_db()
    assert complete_issue.status == Status.PUBLISHED
    assert complete_issue.is_published()
    assert set(complete_issue.articles.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert Article.objects.published().count() == 3
    assert "are published" in response.content.decode()


def test_an_incomplete_issue_lists_what_is_missing_and_publishes_nothing(client, incomplete_issue):
    problems = issue_problems(incomplete_issue)
    assert any("Brussels political update" in p and "no text" in p for p in problems)
    assert any("no alt text" in p and "NATO update" in p for p in problems)
    assert any("no credit" in p for p in problems)

    publisher = client_for(client, "Publisher")
    response = run_action(publisher, "issue", "publish_issues", [incomplete_issue])
    content = response.content.decode()
    assert "blocks publication" in content and "no alt text" in content
    assert "Yes, publish" not in content  # No button to confirm.
    refused = publisher.post(publish_url(incomplete_issue), {"publish_anyway": "1"})
    assert refused.status_code == 400
    assert "nothing was published" in refused.content.decode()
    incomplete_issue.refresh_from_db()
    assert incomplete_issue.status == Status.DRAFT
    assert set(incomplete_issue.articles.values_list("status", flat=True)) == {Status.DRAFT}


def test_publish_is_all_or_nothing_even_when_a_save_fails(complete_issue, monkeypatch):
    publisher = UserFactory(role="Publisher")
    saves = {"count": 0}
    original_save = Article.save

    def failing_save(self, *args, **kwargs):
        saves["count"] += 1
        if saves["count"] == 2:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Article, "save", failing_save)
    with pytest.raises(RuntimeError):
        issue_publish(issue=complete_issue, by=publisher)
    monkeypatch.undo()
    assert not Article.objects.filter(status=Status.PUBLISHED).exists()
    assert Issue.objects.get(pk=complete_issue.pk).status == Status.DRAFT


@pytest.mark.parametrize("role", ["Contributor", "Editor"])
def test_only_a_publisher_may_publish_an_issue_by_any_path(client, complete_issue, role):
    user_client = client_for(client, role)
    run_action(user_client, "issue", "publish_issues", [complete_issue])
    button = user_client.post(move_url(complete_issue, "published"))
    assert button.status_code == 403
    assert user_client.get(publish_url(complete_issue)).status_code == 403
    assert user_client.post(publish_url(complete_issue), {"publish_anyway": "1"}).status_code == 403
    user_client.post(change_url(complete_issue), {"status": "published"})
    with pytest.raises(Exception, match="may not move"):
        issue_publish(issue=complete_issue, by=UserFactory(role=role))
    complete_issue.refresh_from_db()
    assert complete_issue.status == Status.DRAFT


def test_publish_button_on_the_issue_page(client, complete_issue):
    publisher = client_for(client, "Publisher")
    page = publisher.get(change_url(complete_issue)).content.decode()
    button_url = move_url(complete_issue, "published")
    # The Publish button is a link to the confirmation page; the old move URL leads there too.
    assert f'href="{publish_url(complete_issue)}"' in page
    assert button_url not in page
    assert publisher.get(button_url).status_code == 405
    response = publisher.post(button_url)
    assert response.status_code == 302 and response["Location"] == publish_url(complete_issue)
    assert Issue.objects.get(pk=complete_issue.pk).status == Status.DRAFT
    confirm = publisher.get(publish_url(complete_issue)).content.decode()
    assert "What goes public" in confirm and "no cover photo" in confirm
    unticked = publisher.post(publish_url(complete_issue))
    assert unticked.status_code == 400 and "Publish anyway" in unticked.content.decode()
    assert Issue.objects.get(pk=complete_issue.pk).status == Status.DRAFT
    publisher.post(publish_url(complete_issue), {"publish_anyway": "1"})
    complete_issue.refresh_from_db()
    assert complete_issue.status == Status.PUBLISHED


def test_unpublishing_takes_the_issue_and_its_articles_off_the_site(client, complete_issue):
    publisher = client_for(client, "Publisher")
    publisher.post(publish_url(complete_issue), {"publish_anyway": "1"})
    assert Article.objects.published().count() == 3
    publisher.post(move_url(complete_issue, "draft"))
    assert Article.objects.published().count() == 0
    assert not Issue.objects.published().exists()


def test_issue_incomplete_carries_its_problems():
    error = IssueIncomplete(["a", "b"])
    assert error.problems == ["a", "b"] and str(error) == "a; b"


# Imports obey the same rules --------------------------------------------------------------------


def upload_articles(client, csv):
    upload = io.BytesIO(csv.encode())
    upload.name = "articles.csv"
    return client.post(
        reverse("admin:newsletters_article_import"),
        {"format": "0", "import_file": upload, "resource": ""},
    )


@pytest.mark.parametrize("role", ["Contributor", "Publisher"])
def test_an_import_never_moves_a_state_whoever_runs_it(client, role):
    IssueFactory(slug="october-2016-may-2017")
    csv = (
        "issue,slug,section,position,title,body,status\n"
        "october-2016-may-2017,nato-update,nato-update,7,NATO update,<p>x</p>,published\n"
    )
    response = upload_articles(client_for(client, role), csv)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "does not move articles between states" in response.content.decode()
    assert not Article.objects.exists()


def test_an_import_may_not_rewrite_a_published_article_for_a_contributor(client):
    article = ArticleFactory(published=True, slug="nato-update")
    csv = (
        "issue,slug,section,position,title,body,status\n"
        f"{article.issue.slug},nato-update,nato-update,{article.position},Rewritten,<p>x</p>,"
        "published\n"
    )
    response = upload_articles(client_for(client, "Contributor"), csv)
    assert "confirm_form" not in response.context
    article.refresh_from_db()
    assert article.title != "Rewritten"


@pytest.mark.parametrize("kind", ["issue", "article"])
def test_the_two_ways_off_the_site_have_different_labels(admin_client, kind):
    from tests.factories import ArticleFactory, IssueFactory

    obj = IssueFactory(published=True) if kind == "issue" else ArticleFactory(published=True)
    page = admin_client.get(f"/admin/newsletters/{kind}/{obj.pk}/change/").content.decode()
    labels = re.findall(r">\s*(Unpublish[^<]*?)\s*<", page)
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert any("draft" in label for label in labels) and any("review" in label for label in labels)
