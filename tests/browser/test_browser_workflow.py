"""The editorial path in a real browser: contributor writes, editor reviews, publisher publishes."""

import io

import pytest
from PIL import Image

from newsletters.models import Article, Issue, Status
from tests.browser.helpers import staff_page
from tests.factories import IssueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, role):
    page, _problems = staff_page(browser, live_server, role, username=role.lower())
    return page


def choose(page, select_id, text):
    """Pick ``text`` in an admin autocomplete (select2) field."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-results__option--highlighted", has_text=text).wait_for()
    page.keyboard.press("Enter")


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 420), (0, 94, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_contributor_editor_publisher_then_the_public(browser, live_server):
    issue = IssueFactory(title="Newsletter", slug="october-2016-may-2017")

    # A contributor uploads a photo and writes an article with it, then submits it for review.
    page = sign_in(browser, live_server, "Contributor")
    page.goto("/admin/newsletters/photo/add/")
    page.set_input_files(
        "#id_image",
        {"name": "lacroix-vandeput.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()},
    )
    page.fill("#id_alt_text", "Two officials shake hands in front of flags")
    page.fill("#id_caption", "USG Jean-Pierre Lacroix and Defence Minister Steven Vandeput")
    page.fill("#id_credit", "Belgian Defence Ministry")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()

    page.goto("/admin/newsletters/article/add/")
    choose(page, "id_issue", "October 2016")  # Issues are named, and found, by period.
    page.fill("#id_position", "1")
    page.fill("#id_title", "New head of peacekeeping engages European partners")
    page.fill("#id_standfirst", "A first visit to Brussels in the new role.")
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.type("The Under-Secretary-General met Belgium's Defence Minister in Brussels.")
    # The photo is picked in the library's chooser, a modal grid of thumbnails.
    page.locator("#article_photos-0").get_by_role("button", name="Choose a photo").click()
    page.locator("dialog .photo-card", has_text="Lacroix").click()
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    # The state moves by its own button, through the workflow service, not by a form field.
    page.get_by_role("button", name="Submit for review").click()
    page.locator(".messagelist .success").wait_for()
    article = Article.objects.get()
    assert article.status == Status.REVIEW
    assert article.body.startswith("<p>The Under-Secretary-General")
    assert article.article_photos.count() == 1
    page.context.close()

    # The editor finds it waiting for review, tightens the standfirst and keeps it in review.
    page = sign_in(browser, live_server, "Editor")
    page.locator("#review-queue").get_by_text(article.title).click()
    page.fill("#id_standfirst", "His first visit to Brussels as head of peacekeeping.")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.standfirst.startswith("His first visit")
    assert article.status == Status.REVIEW
    page.context.close()

    # The publisher publishes the whole issue from the issue list.
    page = sign_in(browser, live_server, "Publisher")
    page.goto("/admin/newsletters/issue/")
    page.check(f"input[name=_selected_action][value='{issue.pk}']")
    page.select_option("select[name=action]", "publish_issues")
    page.click("button[name=index]")
    # The action leads to the page that lists what goes public; publishing waits for "yes".
    page.wait_for_url(f"**/admin/newsletters/issue/{issue.pk}/publish/")
    assert Issue.objects.get().status != Status.PUBLISHED
    anyway = page.locator("input[name=publish_anyway]")  # A short issue, or no cover photo.
    if anyway.count():
        anyway.check()
    page.get_by_role("button", name="Yes, publish the issue and its articles").click()
    page.locator(".messagelist .success").wait_for()
    assert Issue.objects.get().status == Status.PUBLISHED
    page.context.close()

    # The public sees it, with the photo's caption and credit.
    context = browser.new_context(base_url=live_server.url)
    public = context.new_page()
    response = public.goto(article.get_absolute_url())
    assert response.status == 200
    assert public.locator("h1").inner_text() == article.title
    assert public.get_by_text("Credit: Belgian Defence Ministry").count() >= 1
    context.close()
