"""A reader asks for a PDF nobody has made yet: the waiting page (under the CSP, axe-clean, at
desk and phone widths, with screenshots) reloads itself, and the file arrives once a worker ran."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.browser.helpers import axe_problems, csp_violations, watched_page
from tests.factories import ArticleFactory, IssueFactory
from tests.queue import run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_waiting_page_then_the_download(browser, live_server, shots, width):
    cache.clear()
    issue = IssueFactory(published=True)
    ArticleFactory(issue=issue, published=True, title="Peacekeeping partners meet in Brussels")
    page, problems = watched_page(browser, live_server, width=width, height=900)
    response = page.goto(reverse("newsletters:issue-download", args=[issue.slug, "html"]))
    assert response.status == 503
    assert page.get_by_role("heading", name="Your download is being prepared").is_visible()
    assert page.get_by_role("status").inner_text().startswith("Waiting for its turn.")
    assert csp_violations(page, problems) == []
    assert axe_problems(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    page.screenshot(path=shots / f"export-being-prepared-{width}.png", full_page=True)
    with page.expect_download(timeout=15_000) as arrived:
        run_queued_tasks()  # The page reloads by itself meanwhile, and gets the file.
    assert arrived.value.suggested_filename == f"unlops-newsletter-{issue.slug}.html"
