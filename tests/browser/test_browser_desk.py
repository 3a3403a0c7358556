"""The issue desk in Chromium: reorder two articles by drag and drop and by keyboard, saved at
once; then a publisher confirms publication on the page that lists what goes public. Under the
strict CSP, with axe finding no WCAG 2.2 AA violation on the desk, the confirmation and the
dashboard.

Screenshots at 1280 and 390 px go to ``UNLOPS_SCREENSHOTS`` when it is set (to look at them)."""

import pytest
from playwright.sync_api import expect

from newsletters.models import Issue, Status
from tests.browser.helpers import axe_problems, csp_violations, staff_page, wait_until
from tests.factories import ArticleFactory, IssueFactory, PhotoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, role, width=1280, height=900):
    return staff_page(browser, live_server, role, width, height)


def titles(page):
    return page.eval_on_selector_all(
        "#issue-desk tbody tr.desk-row .desk-title a", "links => links.map(a => a.textContent)"
    )


def stored_titles(issue):
    return list(issue.articles.order_by("position").values_list("title", flat=True))


def saves(page):
    return int(page.get_attribute("#issue-desk", "data-saved") or 0)


@pytest.fixture
def issue():
    issue = IssueFactory(cover_photo=PhotoFactory(caption="Cover"))
    for title in ("Guterres in Strasbourg", "Lacroix in Brussels", "NATO update"):
        ArticleFactory(issue=issue, title=title, photos=[PhotoFactory()])
    return issue


def test_reorder_by_drag_and_by_keyboard_then_confirm_publication(
    browser,
    live_server,
    issue,
    shots,
):
    page, problems = signed_in(browser, live_server, "Editor")
    page.goto(f"/admin/newsletters/issue/{issue.pk}/change/")
    expect(page.locator("#issue-desk")).to_be_visible()
    assert titles(page) == ["Guterres in Strasbourg", "Lacroix in Brussels", "NATO update"]
    assert axe_problems(page, "#issue-desk") == []
    page.screenshot(path=str(shots / "desk-1280.png"), full_page=True)

    # Drag the second row above the first.
    rows = page.locator("#issue-desk tbody tr.desk-row")
    rows.nth(1).locator(".desk-grip").drag_to(rows.nth(0), target_position={"x": 40, "y": 4})
    wait_until(page, "Number(document.getElementById('issue-desk').dataset.saved || 0) >= 1")
    assert titles(page) == ["Lacroix in Brussels", "Guterres in Strasbourg", "NATO update"]
    assert stored_titles(issue) == titles(page)

    # By keyboard: focus the last row's "up" button and press the up arrow.
    done = saves(page)
    up = page.get_by_role("button", name="Move “NATO update” up")
    up.focus()
    page.keyboard.press("ArrowUp")
    wait_until(page, f"Number(document.getElementById('issue-desk').dataset.saved) > {done}")
    assert titles(page) == ["Lacroix in Brussels", "NATO update", "Guterres in Strasbourg"]
    assert stored_titles(issue) == titles(page)
    # The focus stays on the button that moved, for the next press.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Move “NATO update” up"
    )
    expect(page.locator(".desk-position").nth(1)).to_have_text("2")
    assert csp_violations(page, problems) == []

    phone, phone_problems = signed_in(browser, live_server, "Editor", width=390, height=844)
    phone.goto(f"/admin/newsletters/issue/{issue.pk}/change/")
    phone.screenshot(path=str(shots / "desk-390.png"), full_page=True)
    assert axe_problems(phone, "#issue-desk") == []
    assert csp_violations(phone, phone_problems) == []

    # A publisher publishes through the confirmation page.
    publisher, publisher_problems = signed_in(browser, live_server, "Publisher")
    dashboard = publisher.locator("#dashboard")
    expect(dashboard).to_be_visible()
    assert axe_problems(publisher, "#dashboard") == []
    publisher.screenshot(path=str(shots / "dashboard-1280.png"), full_page=True)
    phone_desk, phone_desk_problems = signed_in(browser, live_server, "Publisher", 390, 844)
    expect(phone_desk.locator("#dashboard")).to_be_visible()
    overflow = phone_desk.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the dashboard scrolls sideways by {overflow}px on a phone"
    assert axe_problems(phone_desk, "#dashboard") == []
    phone_desk.screenshot(path=str(shots / "dashboard-390.png"), full_page=True)
    assert csp_violations(phone_desk, phone_desk_problems) == []
    phone_desk.context.close()
    publisher.goto(f"/admin/newsletters/issue/{issue.pk}/change/")
    publisher.get_by_role("link", name="Publish the issue and all its articles").click()
    publisher.wait_for_url(f"**/admin/newsletters/issue/{issue.pk}/publish/")
    listing = publisher.locator(".publish-list")
    expect(listing).to_contain_text("NATO update")
    expect(listing).to_contain_text("Cover")
    assert axe_problems(publisher, "#content-main") == []
    publisher.screenshot(path=str(shots / "publish-1280.png"), full_page=True)
    assert Issue.objects.get(pk=issue.pk).status == Status.DRAFT
    publisher.get_by_role("button", name="Yes, publish the issue and its articles").click()
    publisher.wait_for_url(f"**/admin/newsletters/issue/{issue.pk}/change/")
    expect(publisher.locator(".messagelist")).to_contain_text("are published")
    assert Issue.objects.get(pk=issue.pk).status == Status.PUBLISHED
    assert csp_violations(publisher, publisher_problems) == []
