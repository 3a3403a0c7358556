"""The mailed edition of the demo issue as a reader's mail client shows it: in Chromium, wide
and on a phone, its pictures fetched from the site like any anonymous reader's."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from newsletters.mailing.edition import render_edition
from newsletters.models import Issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"wide": 1280, "phone": 390}


@pytest.fixture
def edition(live_server, settings):
    cache.clear()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.SITE_URL = live_server.url
    issue = Issue.objects.get(slug="october-2016-may-2017")
    html, _text = render_edition(issue).personalised(
        unsubscribe_url=f"{live_server.url}/newsletter/unsubscribe/token/"
    )
    return html


@pytest.mark.parametrize("viewport", WIDTHS)
def test_the_mailed_edition_shows_its_pictures_and_fits_a_phone(
    browser, live_server, edition, shots, viewport
):
    context = browser.new_context(viewport={"width": WIDTHS[viewport], "height": 900})
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    scripts = []
    page.on("console", lambda message: scripts.append(message.text))
    page.set_content(edition, wait_until="load")
    images = page.evaluate(
        "[...document.images].map(i => [i.currentSrc, i.complete, i.naturalWidth, i.width])"
    )
    assert len(images) >= 10
    for src, complete, natural_width, shown_width in images:
        assert src.startswith(f"{live_server.url}/media/renditions/"), src
        assert complete and natural_width > 0, f"broken picture {src}"
        assert shown_width <= WIDTHS[viewport]
    assert not failed, failed
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"scrolls sideways by {overflow}px"
    # Text stays readable on a phone: body text at 16 px, no line wider than the screen.
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('p')).fontSize)")
    assert size >= 13
    page.screenshot(path=str(shots / f"mailed-edition-{viewport}.png"), full_page=True)
    page.screenshot(path=str(shots / f"mailed-edition-{viewport}-top.png"))
    context.close()
