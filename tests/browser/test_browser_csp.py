"""The Content-Security-Policy in a real browser: nothing blocked on the public pages, and the
admin's rich-text editor still starts and takes typing (its inline import map carries the nonce)."""

import pytest
from django.core.cache import cache

from tests.browser.helpers import csp_violations, sign_in, watched_page
from tests.factories import IssueFactory, UserFactory
from tests.site.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_load_everything_under_the_policy(browser, live_server):
    cache.clear()
    world = make_world()
    page, messages = watched_page(browser, live_server)
    urls = [
        "/",
        world.issue.get_absolute_url(),
        world.article.get_absolute_url(),
        world.person.get_absolute_url(),
        world.event.get_absolute_url(),
        "/events/",
        "/people/",
        "/topics/",
        "/search/?q=peacekeeping",
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, policy
        page.wait_for_load_state("load")
        # Styles and fonts were applied, not blocked: the site's font is in use.
        assert "Noto" in page.evaluate("getComputedStyle(document.body).fontFamily"), url
        assert csp_violations(page, messages) == [], url


def test_admin_article_editor_works_under_the_policy(browser, live_server):
    IssueFactory(title="Newsletter")
    user = UserFactory(role="Contributor", username="contributor")
    page, messages = watched_page(browser, live_server)
    sign_in(page, user)
    assert csp_violations(page, messages) == []

    response = page.goto("/admin/newsletters/article/add/")
    policy = response.headers["content-security-policy"]
    assert (
        "'nonce-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    editor = page.locator(".ProseMirror[contenteditable=true]").first
    editor.wait_for()
    editor.click()
    page.keyboard.type("The Secretary-General addressed the European Parliament.")
    assert "addressed the European Parliament" in editor.inner_text()
    page.keyboard.press("Control+b")
    page.keyboard.type(" In bold.")
    assert editor.locator("strong").inner_text().strip() == "In bold."
    assert csp_violations(page, messages) == []


def test_admin_export_select_all_works_under_the_policy(browser, live_server):
    user = UserFactory(username="exporter", is_superuser=True)
    page, messages = watched_page(browser, live_server)
    sign_in(page, user)
    page.goto("/admin/people/person/export/")
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert boxes.count() > 1
    page.uncheck("input.select-toggle")
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.check("input.select-toggle")
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert csp_violations(page, messages) == []
