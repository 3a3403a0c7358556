"""Review comments: who may write, answer and resolve them; open ones hold publication back,
unless a publisher goes ahead with a reason; every path enforced on the server."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletters.models import ReviewComment, Status
from newsletters.services import (
    IssueIncomplete,
    articles_move,
    comment_add,
    comment_resolve,
    issue_publish,
    transition,
)
from tests.factories import ArticleFactory, IssueFactory, ReviewCommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def comments_url(item):
    name = type(item)._meta.model_name
    return reverse(f"admin:newsletters_{name}_comments", args=[item.pk])


def change_url(item):
    name = type(item)._meta.model_name
    return reverse(f"admin:newsletters_{name}_change", args=[item.pk])


@pytest.mark.parametrize(
    ("role", "may_start", "may_answer"),
    [("Contributor", False, True), ("Editor", True, True), ("Publisher", True, True)],
)
def test_who_may_start_and_answer_a_thread_on_an_article(role, may_start, may_answer):
    user = UserFactory(role=role)
    article = ArticleFactory()
    thread = ReviewCommentFactory(article=article)
    if may_start:
        comment = comment_add(item=article, body="Check the date.", field="body", by=user)
        assert comment.field == "body" and comment.item_version == article.version
    else:
        with pytest.raises(PermissionDenied):
            comment_add(item=article, body="Check the date.", by=user)
    answer = comment_add(item=article, body="Done.", reply_to=thread, by=user)
    assert answer.parent == thread and answer.field == thread.field
    assert may_answer


def test_a_contributor_may_not_answer_on_an_issue_they_cannot_change():
    issue = IssueFactory()
    thread = ReviewCommentFactory(article=None, issue=issue, field="foreword")
    with pytest.raises(PermissionDenied):
        comment_add(item=issue, body="ok", reply_to=thread, by=UserFactory(role="Contributor"))
    with pytest.raises(PermissionDenied):
        comment_resolve(comment=thread, by=UserFactory(role="Contributor"))


@pytest.mark.parametrize(
    ("field", "body", "message"),
    [
        ("standfirst", "   ", "Write the comment first."),
        ("password", "Look here", "There is no field"),
    ],
)
def test_an_empty_comment_or_an_unknown_field_is_refused(field, body, message):
    with pytest.raises(ValidationError, match=message):
        comment_add(item=ArticleFactory(), body=body, field=field, by=UserFactory(role="Editor"))
    assert ReviewComment.objects.count() == 0


def test_an_answer_must_be_on_the_same_item_and_to_a_top_level_comment():
    editor = UserFactory(role="Editor")
    thread = ReviewCommentFactory()
    with pytest.raises(ValidationError):
        comment_add(item=ArticleFactory(), body="x", reply_to=thread, by=editor)
    answer = comment_add(item=thread.article, body="y", reply_to=thread, by=editor)
    with pytest.raises(ValidationError):
        comment_add(item=thread.article, body="z", reply_to=answer, by=editor)
    with pytest.raises(ValidationError):
        comment_resolve(comment=answer, by=editor)


def test_an_open_comment_blocks_the_article_and_its_issue_until_resolved():
    publisher = UserFactory(role="Publisher")
    article = ArticleFactory()
    thread = ReviewCommentFactory(article=article)
    with pytest.raises(IssueIncomplete, match="1 review comment on .* is still open"):
        issue_publish(issue=article.issue, by=publisher)
    with pytest.raises(IssueIncomplete):
        articles_move(articles=[article], status=Status.PUBLISHED, by=publisher)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    comment_resolve(comment=thread, by=UserFactory(role="Contributor"))
    issue_publish(issue=article.issue, by=publisher)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_a_comment_on_the_issue_itself_blocks_it():
    article = ArticleFactory()
    ReviewCommentFactory(article=None, issue=article.issue, field="foreword")
    with pytest.raises(IssueIncomplete, match="still open"):
        transition(article.issue, to=Status.PUBLISHED, by=UserFactory(role="Publisher"))


def test_answers_and_resolved_threads_do_not_block():
    article = ArticleFactory()
    thread = ReviewCommentFactory(article=article)
    comment_add(item=article, body="Fixed", reply_to=thread, by=UserFactory(role="Editor"))
    comment_resolve(comment=thread, by=UserFactory(role="Editor"))
    issue_publish(issue=article.issue, by=UserFactory(role="Publisher"))


def test_a_publisher_may_publish_over_open_comments_with_a_reason_which_is_kept():
    publisher = UserFactory(role="Publisher")
    article = ArticleFactory()
    thread = ReviewCommentFactory(article=article)
    issue_publish(issue=article.issue, by=publisher, override_comments="Cleared by phone")
    thread.refresh_from_db()
    assert thread.resolved_by == publisher
    assert thread.resolution == "Published over it: Cleared by phone"
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_a_blank_reason_is_no_override():
    article = ArticleFactory()
    ReviewCommentFactory(article=article)
    with pytest.raises(IssueIncomplete):
        issue_publish(issue=article.issue, by=UserFactory(role="Publisher"), override_comments=" ")


def test_the_panel_shows_threads_and_the_field_they_are_on(client):
    client.force_login(UserFactory(role="Contributor"))
    thread = ReviewCommentFactory(body="Say Under-Secretary-General in full.")
    response = client.get(change_url(thread.article))
    html = response.content.decode()
    assert "Say Under-Secretary-General in full." in html
    assert 'href="#id_standfirst"' in html and "1 open" in html
    assert 'name="do" value="resolve"' in html  # The author may resolve it…
    assert 'id="new-comment-body"' not in html  # …but not start a new thread.


def test_a_reviewer_comments_on_a_field_through_the_admin(client):
    client.force_login(UserFactory(role="Editor"))
    article = ArticleFactory()
    response = client.post(
        comments_url(article), {"do": "add", "field": "body", "body": "Date of the visit?"}
    )
    assert response.status_code == 302 and response.url.endswith("#review-comments")
    comment = ReviewComment.objects.get()
    assert (comment.article, comment.field, comment.body) == (article, "body", "Date of the visit?")


def test_the_author_answers_and_resolves_through_the_admin(client):
    client.force_login(UserFactory(role="Contributor"))
    thread = ReviewCommentFactory()
    url = comments_url(thread.article)
    client.post(url, {"do": "add", "comment": thread.pk, "body": "Corrected."})
    client.post(url, {"do": "resolve", "comment": thread.pk})
    thread.refresh_from_db()
    assert not thread.is_open and thread.answers.get().body == "Corrected."
    client.post(url, {"do": "reopen", "comment": thread.pk})
    thread.refresh_from_db()
    assert thread.is_open


def test_a_contributor_posting_a_new_thread_is_refused(client):
    client.force_login(UserFactory(role="Contributor"))
    article = ArticleFactory()
    response = client.post(comments_url(article), {"do": "add", "body": "Mine"})
    assert response.status_code == 403
    assert ReviewComment.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"do": "resolve", "comment": "999999"},
        {"do": "resolve", "comment": "not-a-number"},
        {"do": "explode", "comment": ""},
        {"do": "add", "field": "body", "body": ""},
    ],
)
def test_crafted_posts_change_nothing_and_say_so(client, data):
    client.force_login(UserFactory(role="Editor"))
    other = ReviewCommentFactory()
    article = ArticleFactory()
    response = client.post(comments_url(article), data, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])[0].level_tag == "error"
    other.refresh_from_db()
    assert other.is_open and ReviewComment.objects.count() == 1


def test_a_comment_on_another_items_thread_is_refused(client):
    client.force_login(UserFactory(role="Editor"))
    other = ReviewCommentFactory()
    article = ArticleFactory()
    client.post(comments_url(article), {"do": "resolve", "comment": other.pk})
    other.refresh_from_db()
    assert other.is_open


def test_get_is_not_allowed_and_strangers_are_sent_to_sign_in(client):
    article = ArticleFactory()
    assert client.post(comments_url(article), {"do": "add", "body": "x"}).status_code == 302
    client.force_login(UserFactory(role="Editor"))
    assert client.get(comments_url(article)).status_code == 405


def test_the_article_page_keeps_its_query_count_as_comments_grow(client):
    client.force_login(UserFactory(role="Editor"))
    article = ArticleFactory()
    client.get(change_url(article))  # Memoised once per process: the check for due revisions.
    counts = []
    for _round in range(2):
        for _n in range(5):
            thread = ReviewCommentFactory(article=article)
            ReviewCommentFactory(article=article, parent=thread)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(change_url(article)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_desk_lists_open_comments_among_what_blocks_publication(client):
    client.force_login(UserFactory(role="Editor"))
    article = ArticleFactory(title="Mali update")
    ReviewCommentFactory(article=article)
    html = client.get(change_url(article.issue)).content.decode()
    assert "1 review comment on “Mali update” is still open." in html


def test_the_publish_page_refuses_open_comments_without_a_reason_and_takes_one(client):
    client.force_login(UserFactory(role="Publisher"))
    article = ArticleFactory(title="Mali update")
    thread = ReviewCommentFactory(article=article)
    url = reverse("admin:newsletters_issue_publish", args=[article.issue.pk])
    page = client.get(url).content.decode()
    assert 'name="override_comments"' in page
    refused = client.post(url, {"publish_anyway": "1"})
    assert refused.status_code == 400
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    client.post(url, {"publish_anyway": "1", "override_comments": "Cleared with the head"})
    article.refresh_from_db()
    thread.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert thread.resolution == "Published over it: Cleared with the head"


def test_other_problems_leave_no_way_to_publish_over_comments(client):
    client.force_login(UserFactory(role="Publisher"))
    article = ArticleFactory(title="Mali update", body="")
    ReviewCommentFactory(article=article)
    url = reverse("admin:newsletters_issue_publish", args=[article.issue.pk])
    assert 'name="override_comments"' not in client.get(url).content.decode()
    client.post(url, {"publish_anyway": "1", "override_comments": "Anyway"})
    article.refresh_from_db()
    assert article.status == Status.DRAFT and ReviewComment.objects.open().count() == 1
