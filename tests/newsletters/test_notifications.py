"""Workflow e-mails, read from a real SMTP server running in the test process (aiosmtpd)."""

import logging
import socket

import pytest
from django.db import transaction
from django.urls import reverse

from newsletters.models import Status
from newsletters.notifications import notify
from newsletters.services import transition
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    NotificationPreferenceFactory,
    UserFactory,
)
from unlops.models import NotificationPreference

pytestmark = pytest.mark.django_db

SITE = "https://newsletter.example.org"


def staff(role, name):
    return UserFactory(
        role=role,
        username=name,
        first_name=name.capitalize(),
        last_name="Hiensch",
        email=f"{name}@unlops.example.org",
    )


@pytest.fixture
def office():
    return {
        "author": staff("Contributor", "annick"),
        "editor": staff("Editor", "kamiel"),
        "publisher": staff("Publisher", "rory"),
        "other_contributor": staff("Contributor", "lotte"),
    }


def addresses(inbox):
    return sorted(address for rcpt_tos, _message in inbox.messages for address in rcpt_tos)


def subject_of(message):
    return " ".join(str(message["Subject"]).split())  # Unfolded, as a mail client shows it.


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def admin_link(obj):
    return SITE + reverse(f"admin:newsletters_{obj._meta.model_name}_change", args=[obj.pk])


def move(obj, to, by, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return transition(obj, to=to, by=by, **kwargs)


def test_submitted_for_review_goes_to_those_who_may_review_it(
    smtp_server, office, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="UN-EU Steering Committee meets in Brussels")
    move(article, Status.REVIEW, office["author"], django_capture_on_commit_callbacks)

    # Editors and publishers review; the author and other contributors do not hear of it.
    assert addresses(smtp_server) == ["kamiel@unlops.example.org", "rory@unlops.example.org"]
    for _rcpt, message in smtp_server.messages:
        assert subject_of(message) == "For review: “UN-EU Steering Committee meets in Brussels”"
        assert admin_link(article) in text_of(message)
        assert f'href="{admin_link(article)}"' in html_of(message)
        assert "Annick Hiensch submitted this for review" in text_of(message)


def test_sent_back_goes_to_the_author_with_the_reason(
    smtp_server, office, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="NATO update")
    move(article, Status.REVIEW, office["author"], django_capture_on_commit_callbacks)
    smtp_server.envelopes.clear()

    move(
        article,
        Status.DRAFT,
        office["editor"],
        django_capture_on_commit_callbacks,
        reason="Check the date of the visit.",
    )

    assert addresses(smtp_server) == ["annick@unlops.example.org"]
    (_rcpt, message) = smtp_server.messages[0]
    assert subject_of(message) == "Sent back to draft: “NATO update”"
    assert "Check the date of the visit." in text_of(message)
    assert admin_link(article) in text_of(message)


def test_publishing_an_issue_tells_each_author_once_about_their_work(
    smtp_server, office, django_capture_on_commit_callbacks
):
    issue = IssueFactory(title="Newsletter")
    mine = ArticleFactory(issue=issue, title="Feature")
    theirs = ArticleFactory(issue=issue, title="Brussels political update")
    move(mine, Status.REVIEW, office["author"], django_capture_on_commit_callbacks)
    move(theirs, Status.REVIEW, office["other_contributor"], django_capture_on_commit_callbacks)
    # The editor made the issue.
    issue.history.filter(history_type="+").update(history_user=office["editor"])
    smtp_server.envelopes.clear()

    move(issue, Status.PUBLISHED, office["publisher"], django_capture_on_commit_callbacks)

    received = {rcpt[0]: message for rcpt, message in smtp_server.messages}
    assert sorted(received) == [
        "annick@unlops.example.org",
        "kamiel@unlops.example.org",
        "lotte@unlops.example.org",
    ]
    assert subject_of(received["annick@unlops.example.org"]) == "Published: “Feature”"
    assert admin_link(mine) in text_of(received["annick@unlops.example.org"])
    assert admin_link(theirs) not in text_of(received["annick@unlops.example.org"])
    assert subject_of(received["kamiel@unlops.example.org"]) == f"Published: “{issue}”"


def test_no_mail_to_a_user_who_turned_them_off(
    smtp_server, office, django_capture_on_commit_callbacks
):
    NotificationPreferenceFactory(user=office["editor"], email=False)
    NotificationPreferenceFactory(user=office["publisher"], email=True)
    article = ArticleFactory()
    move(article, Status.REVIEW, office["author"], django_capture_on_commit_callbacks)
    assert addresses(smtp_server) == ["rory@unlops.example.org"]

    NotificationPreferenceFactory(user=office["author"], email=False)
    smtp_server.envelopes.clear()
    move(article, Status.PUBLISHED, office["publisher"], django_capture_on_commit_callbacks)
    assert smtp_server.envelopes == []


def test_a_rolled_back_move_sends_nothing(smtp_server, office, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            transition(article, to=Status.REVIEW, by=office["author"])
            raise RuntimeError("something later in the same transaction failed")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert smtp_server.envelopes == []


def test_nothing_is_sent_before_the_commit(smtp_server, office, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition(article, to=Status.REVIEW, by=office["author"])
    assert smtp_server.envelopes == []
    assert len(callbacks) == 1  # Sent once the transaction commits.


def test_a_failed_send_is_logged_and_the_move_stands(
    smtp_server, settings, office, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]  # Nothing listens there.
    article = ArticleFactory()
    with caplog.at_level(logging.ERROR, logger="newsletters.notifications"):
        move(article, Status.REVIEW, office["author"], django_capture_on_commit_callbacks)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert "e-mails about" in caplog.text
    assert smtp_server.envelopes == []


def test_notify_takes_plain_values_for_a_queue(smtp_server, office):
    article = ArticleFactory(title="Feature")
    sent = notify("submitted", [("newsletters.article", article.pk)], actor=office["author"].pk)
    assert sent == 2
    assert notify("submitted", [("newsletters.article", 0)]) == 0  # Deleted since: nothing.


@pytest.mark.django_db(transaction=True)
def test_a_publish_button_sends_after_the_real_commit(smtp_server, client):
    author = staff("Contributor", "annick")
    publisher = staff("Publisher", "rory")
    article = ArticleFactory(title="Feature", issue=IssueFactory(published=True))
    transition(article, to=Status.REVIEW, by=author)  # Committed: reviewers were told.
    smtp_server.envelopes.clear()
    client.force_login(publisher)
    url = reverse("admin:newsletters_article_move", args=[article.pk, Status.PUBLISHED])
    assert client.post(url).status_code == 302
    assert addresses(smtp_server) == ["annick@unlops.example.org"]
    assert subject_of(smtp_server.messages[0][1]) == "Published: “Feature”"


# The preference, in the admin.


def preference_url(obj=None):
    if obj is None:
        return reverse("admin:unlops_notificationpreference_changelist")
    return reverse("admin:unlops_notificationpreference_change", args=[obj.pk])


@pytest.mark.parametrize("role", ["Contributor", "Editor", "Publisher"])
def test_each_user_turns_their_own_e_mails_off(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(preference_url())
    own = NotificationPreference.objects.get(user=user)
    assert response.status_code == 302 and response.url == preference_url(own)
    assert client.get(preference_url(own)).status_code == 200
    response = client.post(preference_url(own), {"email": ""})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.email is False


def test_no_one_but_a_superuser_sees_or_changes_anothers(client, admin_client):
    theirs = NotificationPreferenceFactory(email=True)
    client.force_login(UserFactory(role="Publisher"))
    assert client.get(preference_url(theirs)).status_code in (302, 403, 404)
    client.post(preference_url(theirs), {"email": ""})
    theirs.refresh_from_db()
    assert theirs.email is True

    assert admin_client.post(preference_url(theirs), {"email": ""}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.email is False
    assert admin_client.get(preference_url()).status_code == 200  # Everyone's, for superusers.


def test_the_send_back_button_asks_why_and_the_author_reads_it(
    client, smtp_server, office, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="NATO update")
    transition(article, to=Status.REVIEW, by=office["author"])
    client.force_login(office["editor"])
    url = reverse("admin:newsletters_article_move", args=[article.pk, Status.DRAFT])
    page = client.get(reverse("admin:newsletters_article_change", args=[article.pk]))
    assert f'<a href="{url}"' in page.content.decode()  # A link to the page that asks.
    form = client.get(url)
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    article.refresh_from_db()
    assert article.status == Status.REVIEW  # Opening the page moves nothing.

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Name the Deputy Secretary-General."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert addresses(smtp_server) == ["annick@unlops.example.org"]
    assert "Name the Deputy Secretary-General." in text_of(smtp_server.messages[0][1])


def test_a_contributor_cannot_open_the_send_back_page(client, office):
    article = ArticleFactory(status=Status.REVIEW)
    client.force_login(office["author"])
    url = reverse("admin:newsletters_article_move", args=[article.pk, Status.DRAFT])
    assert client.get(url).status_code == 403
    # Other moves stay POST only.
    draft = ArticleFactory()
    url = reverse("admin:newsletters_article_move", args=[draft.pk, Status.REVIEW])
    assert client.get(url).status_code == 405


def test_a_review_comment_reaches_the_author_with_its_text(
    smtp_server, office, django_capture_on_commit_callbacks
):
    from newsletters.services import comment_add

    article = ArticleFactory(title="EU Military Staff visit")
    move(article, Status.REVIEW, office["author"], django_capture_on_commit_callbacks)
    smtp_server.envelopes.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(item=article, body="Name the Director General.", by=office["editor"])
    assert addresses(smtp_server) == ["annick@unlops.example.org"]
    (_rcpt, message) = smtp_server.messages[0]
    assert subject_of(message) == "Review comment on “EU Military Staff visit”"
    assert "Comment: Name the Director General." in text_of(message)
    assert admin_link(article) in text_of(message)


def test_publishing_a_revision_tells_the_author_and_reaches_the_audit_trail(
    smtp_server, office, django_capture_on_commit_callbacks
):
    from newsletters.services import revision_publish, revision_save
    from unlops.models import AuditEvent

    article = ArticleFactory(title="Libya briefing")
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, to=Status.REVIEW, by=office["author"])
        transition(article, to=Status.PUBLISHED, by=office["publisher"])
    smtp_server.envelopes.clear()
    AuditEvent.objects.all().delete()
    revision = revision_save(
        item=article, data={"fields": {"title": "Libya briefing, corrected"}}, by=office["editor"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        revision_publish(revision=revision, by=office["publisher"])
    assert addresses(smtp_server) == ["annick@unlops.example.org"]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.detail["revision"]) == (
        "publish",
        office["publisher"],
        revision.pk,
    )
