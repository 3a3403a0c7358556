"""Sending an issue in Chromium: the confirmation page with its count, the progress page whose
figures update by themselves as the worker sends (under the strict CSP, axe clean), and the
received message's HTML rendered as a mail client would.

Screenshots at 1280 and 390 px go to ``UNLOPS_SCREENSHOTS`` when it is set (to look at them)."""

import pytest
from playwright.sync_api import expect

from newsletters.mailing import sending
from newsletters.mailing.models import Delivery, Mailing
from tests.browser.helpers import axe_problems, csp_violations, staff_page, wait_until
from tests.factories import ArticleFactory, ArticlePhotoFactory, IssueFactory, PhotoFactory
from tests.factories.mailing import SubscriberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
READERS = 30


@pytest.fixture
def issue():
    issue = IssueFactory(published=True, cover_photo=PhotoFactory(caption="Cover"))
    for article in ArticleFactory.create_batch(2, published=True, issue=issue):
        ArticlePhotoFactory(article=article)
    SubscriberFactory.create_batch(READERS, confirmed=True)
    return issue


def figure(page, name):
    return page.locator(f'[data-field="{name}"]').inner_text()


def test_send_confirm_then_progress_updates_while_the_worker_sends(
    browser, live_server, issue, shots, smtp_server, settings
):
    settings.MAILING_CONNECTIONS = 1
    settings.SITE_URL = live_server.url  # The message's hosted pictures, from this server.
    settings.MAILING_RATE_PER_SECOND = 0
    page, problems = staff_page(browser, live_server, "Publisher", username="publisher1280")
    page.goto(f"/admin/newsletters/issue/{issue.pk}/change/")
    page.get_by_role("link", name="Send to subscribers").click()
    expect(page.locator(".mailing-count")).to_contain_text(f"{READERS} confirmed subscribers")
    assert axe_problems(page, "#content") == []
    page.screenshot(path=str(shots / "mailing-send-1280.png"), full_page=True)
    phone, phone_problems = staff_page(
        browser, live_server, "Publisher", width=390, height=844, username="publisher390"
    )
    phone.goto(f"/admin/mailing/mailing/send/{issue.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(shots / "mailing-send-390.png"), full_page=True)

    page.get_by_role("button", name=f"Send to {READERS} subscribers").click()
    expect(page.locator(".mailing-progress")).to_be_visible()
    mailing = Mailing.objects.get()
    assert mailing.status == Mailing.Status.QUEUED  # No worker here: the test plays its part.

    # Part of the work done as a worker would: the page shows it without a reload.
    sending.create_deliveries(mailing)
    done = list(Delivery.objects.filter(mailing=mailing).values_list("pk", flat=True)[:12])
    Delivery.objects.filter(pk__in=done).update(
        status=Delivery.Status.SENT, sent_at=mailing.created_at
    )
    wait_until(page, "document.querySelector('[data-field=sent]').textContent === '12'")
    assert figure(page, "left") == str(READERS - 12)
    assert axe_problems(page, "#content") == []
    page.screenshot(path=str(shots / "mailing-progress-1280.png"), full_page=True)

    phone.goto(f"/admin/mailing/mailing/{mailing.pk}/progress/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(shots / "mailing-progress-390.png"), full_page=True)

    Delivery.objects.filter(pk__in=done).update(status=Delivery.Status.PENDING, sent_at=None)
    assert sending.deliver(mailing.pk) == (True, None)
    wait_until(page, "document.querySelector('[data-field=status_label]').textContent === 'done'")
    assert (figure(page, "sent"), figure(page, "left")) == (str(READERS), "0")
    assert len(smtp_server.messages) == READERS
    assert csp_violations(page, problems) == [] and csp_violations(phone, phone_problems) == []

    page.goto("/admin/newsletters/issue/")  # Its pictures resolve against the site, as hosted.
    _rcpts, message = smtp_server.messages[0]
    html = message.get_body(("html",)).get_content()
    assert "<script" not in html.lower() and "<form" not in html.lower()
    page.set_content(html)
    page.screenshot(path=str(shots / "mailing-message-1280.png"), full_page=True)
    phone.set_content(html)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(shots / "mailing-message-390.png"), full_page=True)
