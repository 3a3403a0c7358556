"""A reader's walk through the public site in a real browser, checked by axe-core on every page."""

import json

import pytest
from django.core.cache import cache

from tests.browser.helpers import AXE, WCAG_22_AA
from tests.site.world import HIDDEN, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def check_page(page, label):
    """No error, nothing unpublished, no horizontal scrolling, no WCAG 2.2 AA violation."""
    assert HIDDEN not in page.content(), label
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{label}: the page scrolls sideways by {overflow}px"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    problems = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "where": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in result["violations"]
    ]
    assert not problems, f"{label}: {json.dumps(problems, indent=1)}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_walk_home_issue_article_person_event_search(browser, live_server, viewport):
    cache.clear()
    world = make_world()
    # axe-core goes in as an inline script, which the site's Content-Security-Policy would block.
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    try:
        page.goto("/")
        check_page(page, f"{viewport} home")

        page.get_by_role("link", name="Read the whole issue").click()
        page.wait_for_url(f"**{world.issue.get_absolute_url()}")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Newsletter")
        check_page(page, f"{viewport} issue")

        page.locator(f"#title-{world.article.slug} a").click()
        page.wait_for_url(f"**{world.article.get_absolute_url()}")
        check_page(page, f"{viewport} article")

        page.get_by_role("link", name=world.person.name, exact=True).first.click()
        page.wait_for_url(f"**{world.person.get_absolute_url()}")
        check_page(page, f"{viewport} person")

        page.get_by_role("link", name=world.event.title).first.click()
        page.wait_for_url(f"**{world.event.get_absolute_url()}")
        check_page(page, f"{viewport} event")

        page.get_by_role("searchbox", name="Search articles, people and events").fill(
            "peacekeeping"
        )
        page.get_by_role("searchbox", name="Search articles, people and events").press("Enter")
        page.wait_for_url("**/search/?q=peacekeeping")
        assert page.locator("mark").count() > 0
        check_page(page, f"{viewport} search")

        for url in ["/events/", "/people/", "/people/organisations/", "/topics/", "/issues/"]:
            page.goto(url)
            check_page(page, f"{viewport} {url}")
    finally:
        context.close()
    assert errors == []


def test_skip_link_and_focus_are_visible(browser, live_server):
    cache.clear()
    make_world()
    context = browser.new_context(viewport=VIEWPORTS["desktop"], base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/")
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to content")
        assert skip.evaluate("element => element === document.activeElement")
        box = skip.bounding_box()
        assert box and box["y"] >= 0, "the skip link shows when focused"
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
    finally:
        context.close()
