"""A reader subscribes in Chromium: the form (with its errors), the check-your-inbox page, the
link from the mail a real SMTP server received, and the confirmation; under the CSP, axe-clean,
at desk and phone widths, with screenshots."""

import re

import pytest
from django.core.cache import cache

from newsletters.mailing.models import Subscriber
from tests.browser.helpers import axe_problems, csp_violations, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https://newsletter\.example\.org(/newsletter/confirm/[^/\s]+/)")


def checked(page, problems, label):
    assert csp_violations(page, problems) == [], label
    assert axe_problems(page) == [], label
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{label}: the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", [1280, 390])
def test_subscribe_check_inbox_confirm(browser, live_server, smtp_server, shots, width):
    cache.clear()
    page, problems = watched_page(browser, live_server, width=width, height=900)
    page.goto("/")
    page.get_by_role("link", name="Subscribe by e-mail").click()
    page.wait_for_url("**/newsletter/subscribe/")
    checked(page, problems, "subscribe")
    page.screenshot(path=shots / f"mailing-subscribe-{width}.png", full_page=True)

    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Subscribe").click()
    assert page.locator(".form-summary").is_visible()
    assert page.get_by_label("E-mail address").get_attribute("aria-invalid") == "true"
    checked(page, problems, "subscribe with errors")
    page.screenshot(path=shots / f"mailing-subscribe-errors-{width}.png", full_page=True)

    address = f"federica.mogherini.{width}@example.org"
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("Name").fill("Federica Mogherini")
    page.get_by_label("French").check()
    page.get_by_label("I agree to the terms above").check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/newsletter/subscribe/check-your-inbox/")
    checked(page, problems, "check your inbox")
    page.screenshot(path=shots / f"mailing-check-inbox-{width}.png", full_page=True)

    [(recipients, message)] = smtp_server.messages
    assert recipients == [address]
    [path] = LINK.findall(message.get_content())
    page.goto(path)
    checked(page, problems, "confirm")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    page.get_by_role("button", name="Confirm my subscription").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    checked(page, problems, "confirmed")
    page.screenshot(path=shots / f"mailing-confirmed-{width}.png", full_page=True)
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.language) == (Subscriber.Status.CONFIRMED, "fr")
    page.context.close()
