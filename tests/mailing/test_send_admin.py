"""The sending pages of the admin: for publishers only, through a page that counts recipients."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletters.mailing.models import Delivery, Mailing
from tests.factories import IssueFactory, UserFactory
from tests.factories.mailing import DeliveryFactory, MailingFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def send_url(issue):
    return reverse("admin:mailing_mailing_send", args=[issue.pk])


def send_test_url(issue):
    return reverse("admin:mailing_mailing_send_test", args=[issue.pk])


def test_the_issue_page_offers_sending_to_publishers(client, published_issue, publisher):
    client.force_login(publisher)
    page = client.get(reverse("admin:newsletters_issue_change", args=[published_issue.pk]))
    assert send_url(published_issue) in page.text and send_test_url(published_issue) in page.text


@pytest.mark.parametrize("role", ["Contributor", "Editor"])
def test_other_roles_see_no_button_and_are_refused(client, published_issue, role, smtp_server):
    SubscriberFactory(confirmed=True)
    mailing = MailingFactory(issue=published_issue)
    client.force_login(UserFactory(role=role, email="x@unlops.example.org"))
    page = client.get(reverse("admin:newsletters_issue_change", args=[published_issue.pk]))
    assert send_url(published_issue) not in page.text
    for method, url in [
        ("get", send_url(published_issue)),
        ("post", send_url(published_issue)),
        ("post", send_test_url(published_issue)),
        ("get", reverse("admin:mailing_mailing_progress", args=[mailing.pk])),
        ("get", reverse("admin:mailing_mailing_progress_data", args=[mailing.pk])),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    assert client.get(reverse("admin:mailing_mailing_changelist")).status_code == 403
    assert Mailing.objects.count() == 1 and smtp_server.messages == []


def test_confirmation_counts_recipients_then_queues(
    client, published_issue, publisher, smtp_server, immediate_tasks
):
    SubscriberFactory.create_batch(4, confirmed=True)
    SubscriberFactory()  # Pending: not counted.
    DeliveryFactory(issue=published_issue, mailing__issue=published_issue)  # Has it already.
    client.force_login(publisher)

    page = client.get(send_url(published_issue))
    assert "<strong>4</strong> confirmed subscribers will receive" in page.text
    assert "1 reader already has a copy" in page.text
    assert Mailing.objects.count() == 1  # Looking sends nothing.

    response = client.post(send_url(published_issue))
    mailing = Mailing.objects.latest("created_at")
    assert response.url == reverse("admin:mailing_mailing_progress", args=[mailing.pk])
    assert len(smtp_server.messages) == 4
    assert Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENT).count() == 4


def test_test_button_sends_to_the_publisher(
    client, published_issue, publisher, smtp_server, immediate_tasks
):
    SubscriberFactory.create_batch(2, confirmed=True)
    client.force_login(publisher)
    assert client.get(send_test_url(published_issue)).status_code == 405
    client.post(send_test_url(published_issue))
    assert [rcpts for rcpts, _m in smtp_server.messages] == [[publisher.email]]


def test_an_unpublished_issue_is_refused(client, publisher, smtp_server, immediate_tasks):
    SubscriberFactory(confirmed=True)
    issue = IssueFactory()
    client.force_login(publisher)
    for response in (client.get(send_url(issue)), client.post(send_url(issue))):
        assert response.status_code == 302
    client.post(send_test_url(issue))
    assert not Mailing.objects.exists() and smtp_server.messages == []


def test_progress_data_takes_the_same_queries_however_many_deliveries(client, publisher):
    mailing = MailingFactory(status=Mailing.Status.SENDING)
    url = reverse("admin:mailing_mailing_progress_data", args=[mailing.pk])
    client.force_login(publisher)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            data = client.get(url).json()
        return len(captured), data

    client.get(url)  # The first request of a session does a little more.
    DeliveryFactory(mailing=mailing)
    few, data = queries()
    assert (data["total"], data["left"]) == (1, 1)
    for status in [Delivery.Status.SENT] * 5 + [Delivery.Status.FAILED] * 3:
        DeliveryFactory(mailing=mailing, status=status)
    Delivery.objects.filter(status=Delivery.Status.SENT).update(sent_at=mailing.created_at)
    many, data = queries()
    assert many == few
    assert {k: data[k] for k in ("total", "sent", "failed", "left")} == {
        "total": 9,
        "sent": 5,
        "failed": 3,
        "left": 1,
    }


def test_progress_page_and_mailing_list(client, publisher):
    mailing = MailingFactory()
    DeliveryFactory.create_batch(2, mailing=mailing, status=Delivery.Status.BOUNCED)
    client.force_login(publisher)
    page = client.get(reverse("admin:mailing_mailing_progress", args=[mailing.pk]))
    assert 'data-url="' in page.text and "admin-mailing-progress.js" in page.text
    listing = client.get(reverse("admin:mailing_mailing_changelist"))
    assert listing.status_code == 200
    assert '<td class="field-bounced">2</td>' in listing.text
    columns = listing.context["cl"].list_display
    assert not {"opens", "clicks", "opened", "clicked"} & set(columns)  # Counts, no tracking.
