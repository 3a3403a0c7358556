"""The whole editor's job in Chromium, clicks counted: create the November 2017 – April 2018
issue, bulk-upload three photos and fill their texts, write an article with a photo placed in its
text, reorder two articles by drag and drop, submit; a publisher confirms publication; the public
page and the PDF show the figure with its caption and credit.

A click is a press of the mouse, a choice in a select, a file picked, a drag, or a page opened
from the address bar (``open_page``): what a person would do. Typing is not a click."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from newsletters.models import Article, Issue, Status
from tests.browser.helpers import csp_violations, picture, staff_page, wait_until
from tests.factories import ArticleFactory
from tests.queue import run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTION = "Jean-Pierre Lacroix meets the EU Political and Security Committee in Brussels"
CREDIT = "European External Action Service"


class Clicks:
    """Counts what a person does with the mouse on ``page``."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def select(self, selector, value):
        self.count += 1
        self.page.select_option(selector, value)

    def files(self, selector, files):
        self.count += 1
        self.page.set_input_files(selector, files)

    def drag(self, source, target):
        self.count += 1
        source.drag_to(target, target_position={"x": 40, "y": 4})

    def open_page(self, url):
        self.count += 1
        self.page.goto(url)


def create_the_issue(page, clicks):
    clicks.open_page("/admin/newsletters/issue/add/")
    clicks.select("#id_period_start_0", "11")
    clicks.select("#id_period_start_1", "2017")
    clicks.select("#id_period_end_0", "4")
    clicks.select("#id_period_end_1", "2018")
    clicks.click(page.locator("input[name=_continue]"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    return Issue.objects.get(slug="november-2017-april-2018")


def bulk_upload_three_photos(page, clicks):
    clicks.open_page("/admin/newsletters/photo/")
    clicks.click(page.get_by_role("link", name="Upload several photos"))
    clicks.files(
        "#id_images",
        [
            {"name": f"psc-{n}.jpg", "mimeType": "image/jpeg", "buffer": picture(colour, str(n))}
            for n, colour in enumerate(["navy", "darkgreen", "maroon"])
        ],
    )
    clicks.click(page.get_by_role("button", name="Upload"))
    page.locator(".photo-bulk-card").nth(2).wait_for()
    captions = [CAPTION, "EU Military Staff in Brussels", "UN-EU Steering Committee"]
    for index, caption in enumerate(captions):
        page.fill(f"#id_form-{index}-caption", caption)
        page.fill(f"#id_form-{index}-credit", CREDIT)
        page.fill(f"#id_form-{index}-alt_text", f"Officials around a table, picture {index + 1}")
    clicks.click(page.get_by_role("button", name="Save all"))
    expect(page.locator(".messagelist .success")).to_be_visible()


def write_an_article_with_a_picture_in_its_text(page, clicks, issue):
    clicks.open_page(f"/admin/newsletters/issue/{issue.pk}/change/")
    clicks.click(page.get_by_role("link", name="Add an article to this issue"))
    page.fill("#id_title", "Lacroix briefs the Political and Security Committee")
    page.fill("#id_standfirst", "The Under-Secretary-General for Peace Operations in Brussels.")
    editor = page.locator(".ProseMirror[contenteditable]").first
    clicks.click(editor)
    page.keyboard.type("Jean-Pierre Lacroix briefed the committee on peacekeeping.")
    clicks.click(page.get_by_role("button", name="Insert photo"))
    dialog = page.locator("dialog.photo-chooser-dialog")
    dialog.wait_for(state="visible")
    clicks.click(dialog.locator(".photo-card", has_text="Political and Security Committee"))
    expect(dialog).to_be_hidden()
    expect(editor.locator("figure.figure-ref")).to_have_count(1)
    clicks.click(page.locator("input[name=_continue]"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title__startswith="Lacroix briefs")
    assert article.issue == issue
    assert 'data-photo="' in article.body
    clicks.click(page.get_by_role("button", name="Submit for review"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    return article


def desk_titles(page):
    return page.eval_on_selector_all(
        "#issue-desk tbody tr.desk-row .desk-title a", "links => links.map(a => a.textContent)"
    )


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_the_editors_whole_job_in_few_clicks(browser, live_server):
    page, problems = staff_page(browser, live_server, "Editor")
    clicks = Clicks(page)

    issue = create_the_issue(page, clicks)
    assert str(issue) == "November 2017 – April 2018"
    bulk_upload_three_photos(page, clicks)

    before = clicks.count
    article = write_an_article_with_a_picture_in_its_text(page, clicks, issue)
    article_clicks = clicks.count - before

    # A colleague's article, already in the issue after it; the editor puts it first by drag.
    ArticleFactory(issue=issue, title="EU Military Staff visit", status=Status.REVIEW)
    clicks.open_page(f"/admin/newsletters/issue/{issue.pk}/change/")
    rows = page.locator("#issue-desk tbody tr.desk-row")
    assert desk_titles(page) == [article.title, "EU Military Staff visit"]
    clicks.drag(rows.nth(1).locator(".desk-grip"), rows.nth(0))
    wait_until(page, "Number(document.getElementById('issue-desk').dataset.saved || 0) >= 1")
    assert list(issue.articles.order_by("position").values_list("title", flat=True)) == [
        "EU Military Staff visit",
        article.title,
    ]
    assert csp_violations(page, problems) == []
    editor_clicks = clicks.count

    # The publisher confirms on the page that lists what goes public.
    publisher, publisher_problems = staff_page(browser, live_server, "Publisher")
    clicks.page = publisher
    clicks.open_page(f"/admin/newsletters/issue/{issue.pk}/change/")
    clicks.click(publisher.get_by_role("link", name="Publish the issue and all its articles"))
    expect(publisher.locator(".publish-list")).to_contain_text(article.title)
    clicks.click(publisher.get_by_label("Publish anyway, despite the warnings above"))
    clicks.click(publisher.get_by_role("button", name="Yes, publish the issue and its articles"))
    expect(publisher.locator(".messagelist")).to_contain_text("are published")
    assert Issue.objects.get(pk=issue.pk).status == Status.PUBLISHED
    assert csp_violations(publisher, publisher_problems) == []

    print(  # noqa: T201 - the figures for the closing note: pytest -s shows them.
        f"clicks: one article with one photo {article_clicks}, "
        f"the editor's whole job {editor_clicks}, with the publisher's {clicks.count}"
    )
    assert article_clicks <= 25
    assert editor_clicks <= 40

    # The public page shows the figure with its caption and credit; so does the PDF.
    reader = browser.new_page(base_url=live_server.url)
    article.refresh_from_db()
    reader.goto(article.get_absolute_url())
    figure = reader.locator("article figure").filter(has_text=CAPTION)
    expect(figure).to_be_visible()
    expect(figure).to_contain_text(CREDIT)
    pdf_url = f"/issues/{issue.slug}/download/pdf/"
    response = reader.request.get(pdf_url)
    if response.status == 503:  # Being prepared: the queue's worker builds it, never the request.
        assert "being prepared" in response.text()
        run_queued_tasks()
        response = reader.request.get(pdf_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=response.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    words = re.sub(r"\s+", " ", text.replace("-\n", ""))
    assert "Political and Security Committee in Brussels" in words
    assert CREDIT in words
    reader.close()
