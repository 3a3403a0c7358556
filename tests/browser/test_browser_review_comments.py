"""Review comments in Chromium: an editor comments on an article's standfirst; its author, a
contributor, sees the open comment on the issue desk and beside the field, answers it; the
publisher's attempt to publish the issue meanwhile is refused and says why; the author resolves
the comment and the issue goes public. Under the strict CSP, with axe on the comment panel.

Screenshots at 1280 and 390 px go to ``UNLOPS_SCREENSHOTS`` when it is set (to look at them)."""

import pytest
from playwright.sync_api import expect

from newsletters.desk import display_name
from newsletters.models import Article, Issue, ReviewComment, Status
from tests.browser.helpers import axe_problems, csp_violations, sign_in, watched_page
from tests.factories import ArticleFactory, IssueFactory, PhotoFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Lacroix briefs the Political and Security Committee"
COMMENT = "Give his title in full: Under-Secretary-General for Peace Operations."
ANSWER = "Done: the standfirst now gives the title in full."


@pytest.fixture
def people():
    return {
        role: UserFactory(role=role, username=f"{role.lower()}-review")
        for role in ("Contributor", "Editor", "Publisher")
    }


@pytest.fixture
def article(people):
    issue = IssueFactory(cover_photo=PhotoFactory(caption="Cover"))
    article = ArticleFactory(
        issue=issue,
        title=TITLE,
        standfirst="Jean-Pierre Lacroix in Brussels.",
        status=Status.REVIEW,
        photos=[PhotoFactory()],
    )
    ArticleFactory(issue=issue, title="EU Military Staff visit", status=Status.REVIEW)
    # The contributor wrote it: the desk names as author whoever saved its first version.
    Article.history.filter(id=article.pk).update(history_user=people["Contributor"])
    return article


def page_for(browser, live_server, user, width=1280, height=900):
    page, problems = watched_page(browser, live_server, width, height)
    sign_in(page, user)
    return page, problems


def public_status(browser, live_server, url):
    reader = browser.new_page(base_url=live_server.url)
    status = reader.goto(url).status
    reader.close()
    return status


def test_a_comment_on_a_field_holds_publication_until_its_author_resolves_it(
    browser, live_server, people, article, shots
):
    issue = article.issue
    article_url = f"/admin/newsletters/article/{article.pk}/change/"
    issue_url = f"/admin/newsletters/issue/{issue.pk}/change/"
    public_url = issue.get_absolute_url()

    # The editor comments on the standfirst, through the panel above the form.
    editor, editor_problems = page_for(browser, live_server, people["Editor"])
    editor.goto(article_url)
    panel = editor.locator("#review-comments")
    expect(panel).to_contain_text("No comments yet.")
    panel.locator("summary").click()
    editor.get_by_label("Comment on").select_option(label="Standfirst")
    editor.get_by_label("New comment").fill(COMMENT)
    editor.get_by_role("button", name="Add comment").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("Your comment is saved.")
    comment = ReviewComment.objects.get()
    assert (comment.article, comment.field, comment.author) == (
        article,
        "standfirst",
        people["Editor"],
    )
    assert comment.is_open and comment.revision is None
    assert csp_violations(editor, editor_problems) == []

    # The author sees it on the issue desk, in the article's row and among the blockers.
    author, author_problems = page_for(browser, live_server, people["Contributor"])
    author.goto(issue_url)
    row = author.locator("#issue-desk tr.desk-row", has_text=TITLE)
    expect(row.locator(".desk-problem")).to_have_text(
        f"1 review comment on “{TITLE}” is still open."
    )
    expect(row).to_contain_text(display_name(people["Contributor"]))
    expect(author.locator("#desk-checklist")).to_contain_text("still open")
    assert axe_problems(author, "#issue-desk") == []
    author.screenshot(path=str(shots / "review-desk-1280.png"), full_page=True)

    # …and beside the field on the article's page, the flag leading to the comment.
    row.get_by_role("link", name=TITLE).click()
    author.wait_for_url(f"**{article_url}")
    flag = author.locator(".field-standfirst label + a.review-comment-flag")
    expect(flag).to_have_text("1 open comment")
    flag.click()
    thread = author.locator(f"#comment-{comment.pk}")
    expect(thread).to_be_visible()
    expect(thread).to_contain_text(COMMENT)
    expect(thread).to_contain_text("Standfirst")
    expect(thread.locator(".review-comment__version")).to_have_text("on version 1")
    expect(author.locator("#new-comment-body")).to_have_count(0)  # Authors answer, not start.
    thread.get_by_label("Answer").fill(ANSWER)
    thread.get_by_role("button", name="Answer").click()
    expect(author.locator(".messagelist .success")).to_contain_text("Your comment is saved.")
    expect(author.locator(f"#comment-{comment.pk} .review-comment__answer")).to_contain_text(ANSWER)
    assert comment.answers.get().author == people["Contributor"]
    assert ReviewComment.objects.open().count() == 1  # An answer does not close the thread.
    assert axe_problems(author, "#review-comments") == []
    author.locator("#review-comments").screenshot(path=str(shots / "review-panel-1280.png"))
    author.screenshot(path=str(shots / "review-article-1280.png"), full_page=True)
    assert csp_violations(author, author_problems) == []

    phone, phone_problems = page_for(browser, live_server, people["Contributor"], 390, 844)
    phone.goto(issue_url)
    expect(phone.locator("#issue-desk .desk-problem").first).to_contain_text("still open")
    phone.screenshot(path=str(shots / "review-desk-390.png"), full_page=True)
    phone.goto(article_url)
    expect(phone.locator("a.review-comment-flag")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the article page scrolls sideways by {overflow}px on a phone"
    assert axe_problems(phone, "#review-comments") == []
    phone.locator("#review-comments").screenshot(path=str(shots / "review-panel-390.png"))
    assert csp_violations(phone, phone_problems) == []
    phone.context.close()

    # While it is open the publisher cannot publish: the page says why.
    publisher, publisher_problems = page_for(browser, live_server, people["Publisher"])
    publisher.goto(issue_url)
    publisher.get_by_role("link", name="Publish the issue and all its articles").click()
    publisher.wait_for_url(f"**/admin/newsletters/issue/{issue.pk}/publish/")
    blocked = publisher.locator(".publish-blocked")
    expect(blocked).to_contain_text(f"1 review comment on “{TITLE}” is still open.")
    publish = publisher.get_by_role("button", name="Yes, publish the issue and its articles")
    anyway = publisher.get_by_label("Publish anyway, despite the warnings above")
    if anyway.count():
        anyway.check()
    publish.click()  # No reason given: the browser keeps the form (the reason is required)…
    expect(publisher.locator("#override-comments")).to_be_visible()
    assert publisher.evaluate("document.getElementById('override-comments').validity.valueMissing")
    # …and a request without it, as a crafted one would be, is refused by the server.
    publisher.evaluate("document.getElementById('override-comments').removeAttribute('required')")
    publish.click()
    expect(publisher.locator(".errornote")).to_contain_text("nothing was published")
    expect(publisher.locator(".publish-blocked")).to_contain_text("is still open")
    assert Issue.objects.get(pk=issue.pk).status == issue.status != Status.PUBLISHED
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW
    assert ReviewComment.objects.get(pk=comment.pk).is_open
    assert public_status(browser, live_server, public_url) == 404
    assert csp_violations(publisher, publisher_problems) == []

    # The author resolves it; the desk and the field no longer flag it.
    author.goto(article_url)
    author.locator(f"#comment-{comment.pk}").get_by_role("button", name="Resolve").click()
    expect(author.locator(".messagelist .success")).to_contain_text("The comment is resolved.")
    expect(author.locator("a.review-comment-flag")).to_have_count(0)
    expect(author.locator(f"#comment-{comment.pk}")).to_contain_text(
        f"resolved by {people['Contributor'].get_username()}"
    )
    resolved = ReviewComment.objects.get(pk=comment.pk)
    assert not resolved.is_open and resolved.resolved_by == people["Contributor"]
    author.goto(issue_url)
    expect(author.locator("#issue-desk .desk-problem")).to_have_count(0)

    # Now the issue goes public, and with it the article.
    publisher.goto(f"/admin/newsletters/issue/{issue.pk}/publish/")
    expect(publisher.locator(".publish-blocked")).to_have_count(0)
    expect(publisher.locator("#override-comments")).to_have_count(0)
    if anyway.count():
        anyway.check()
    publish.click()
    publisher.wait_for_url(f"**{issue_url}")
    expect(publisher.locator(".messagelist")).to_contain_text("are published")
    assert Issue.objects.get(pk=issue.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    reader = browser.new_page(base_url=live_server.url)
    assert reader.goto(public_url).status == 200
    expect(reader.locator("main")).to_contain_text(TITLE)
    reader.close()
    assert csp_violations(publisher, publisher_problems) == []
    assert csp_violations(author, author_problems) == []
