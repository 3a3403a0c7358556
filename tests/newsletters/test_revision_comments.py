"""Review comments kept with the draft revision they were made on; a revision whose live version
changed since it was made is not published over those changes unawares; issues carry public
correction notes as articles do."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Correction, ReviewComment, Revision
from newsletters.services import (
    IssueIncomplete,
    LiveChangedSince,
    comment_add,
    comment_resolve,
    revision_discard,
    revision_publish,
    revision_save,
)
from tests.factories import ArticleFactory, IssueFactory, PersonFactory, PhotoFactory, UserFactory
from tests.queue import download as queued_download
from unlops.models import AuditEvent

pytestmark = pytest.mark.django_db

STANDFIRST = "Jean-Pierre Lacroix briefed the Political and Security Committee."


@pytest.fixture
def people():
    return {role: UserFactory(role=role) for role in ("Contributor", "Editor", "Publisher")}


@pytest.fixture
def article():
    return ArticleFactory(published=True, standfirst=STANDFIRST, photos=[PhotoFactory()])


def admin_url(item, view, *args):
    name = type(item)._meta.model_name
    return reverse(f"admin:newsletters_{name}_{view}", args=[item.pk, *args])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def propose(item, by, **fields):
    return revision_save(item=item, data={"fields": fields}, by=by)


# Comments stay with the revision they were made on ---------------------------------------------


def test_a_comment_made_while_a_revision_is_open_is_tied_to_it_and_its_answers_too(article, people):
    before = comment_add(item=article, body="On the live text.", by=people["Editor"])
    revision = propose(article, people["Contributor"], standfirst="Lacroix in Brussels.")
    thread = comment_add(
        item=article, body="Name the committee.", field="standfirst", by=people["Editor"]
    )
    answer = comment_add(item=article, body="Named.", reply_to=thread, by=people["Contributor"])
    assert before.revision is None
    assert thread.revision == revision and answer.revision == revision
    assert list(revision.comments.open()) == [thread]


def test_the_comment_says_which_version_it_was_made_on(article, people):
    comment_add(item=article, body="On the live text.", by=people["Editor"])
    propose(article, people["Contributor"], standfirst="Lacroix in Brussels.")
    comment_add(item=article, body="On the proposal.", by=people["Editor"])
    html = signed_in(people["Contributor"]).get(admin_url(article, "change")).content.decode()
    assert f"on the live version (version {article.version})" in html
    assert "on draft revision 1 (draft)" in html
    # The revision panel beside the live version counts the revision's open comment.
    assert "1 review comment on this revision is still open" in html


def test_a_comment_on_an_issue_revision_is_tied_to_it(people):
    issue = IssueFactory(published=True)
    revision = propose(issue, people["Editor"], foreword="<p>A new foreword.</p>")
    comment = comment_add(item=issue, body="Too long.", field="foreword", by=people["Editor"])
    assert comment.revision == revision


def test_open_comments_on_a_revision_hold_it_back_unless_a_publisher_gives_a_reason(
    article, people
):
    revision = propose(article, people["Contributor"], standfirst="Lacroix in Brussels.")
    thread = comment_add(item=article, body="Source?", by=people["Editor"])
    with pytest.raises(IssueIncomplete, match="1 review comment on the revision is still open"):
        revision_publish(revision=revision, by=people["Publisher"])
    with pytest.raises(IssueIncomplete):
        revision_publish(revision=revision, by=people["Publisher"], override_comments="  ")
    article.refresh_from_db()
    assert article.standfirst == STANDFIRST and Revision.objects.get().is_open
    revision_publish(revision=revision, by=people["Publisher"], override_comments="Cleared")
    article.refresh_from_db()
    thread.refresh_from_db()
    assert article.standfirst == "Lacroix in Brussels."
    assert thread.revision == revision and thread.resolution == "Published over it: Cleared"


def test_comments_stay_with_a_published_revision_and_show_in_the_history(article, people):
    revision = propose(article, people["Contributor"], standfirst="Lacroix in Brussels.")
    thread = comment_add(item=article, body="Say which committee.", by=people["Editor"])
    comment_add(item=article, body="The PSC.", reply_to=thread, by=people["Contributor"])
    comment_resolve(comment=thread, by=people["Contributor"])
    revision_publish(revision=revision, by=people["Publisher"])
    revision.refresh_from_db()
    assert revision.applied_at is not None
    assert list(revision.comments.filter(parent=None)) == [thread]
    # New comments, once it is live, are on the live version again.
    assert comment_add(item=article, body="Fine.", by=people["Editor"]).revision is None
    history = signed_in(people["Editor"]).get(admin_url(article, "history")).content.decode()
    assert "Revision 1: Live" in history
    assert "Say which committee." in history and "The PSC." in history


def test_discarding_closes_its_open_comments_with_a_reason_and_keeps_them(article, people):
    revision = propose(article, people["Contributor"], standfirst="Wrong.")
    still_open = comment_add(item=article, body="This is wrong.", by=people["Editor"])
    resolved = comment_add(item=article, body="Typo.", by=people["Editor"])
    comment_resolve(comment=resolved, by=people["Contributor"])
    revision_discard(revision=revision, by=people["Publisher"])
    still_open.refresh_from_db()
    resolved.refresh_from_db()
    assert not still_open.is_open and still_open.resolved_by == people["Publisher"]
    assert still_open.resolution == "Closed: the revision it was made on was discarded."
    assert resolved.resolution == "" and resolved.resolved_by == people["Contributor"]
    assert set(revision.comments.all()) == {still_open, resolved}
    assert not ReviewComment.objects.blocking(article).exists()
    history = signed_in(people["Editor"]).get(admin_url(article, "history")).content.decode()
    assert "Revision 1: Discarded" in history and "This is wrong." in history
    assert "Closed: the revision it was made on was discarded." in history


def test_the_revision_panel_takes_a_reason_to_publish_over_its_comments(article, people):
    propose(article, people["Contributor"], standfirst="Lacroix in Brussels.")
    comment_add(item=article, body="Source?", by=people["Editor"])
    publisher = signed_in(people["Publisher"])
    page = publisher.get(admin_url(article, "change")).content.decode()
    assert 'name="override_comments"' in page
    refused = publisher.post(admin_url(article, "revision", "publish"), follow=True)
    assert "still open" in refused.content.decode()
    assert Revision.objects.get().is_open
    publisher.post(admin_url(article, "revision", "publish"), {"override_comments": "By phone"})
    article.refresh_from_db()
    assert article.standfirst == "Lacroix in Brussels."


# A live version changed since the revision was made -------------------------------------------


def change_live(item, **fields):
    """As an import or a script would: the live row saved with no revision in between."""
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()


def test_publishing_over_live_changes_is_refused_until_confirmed(article, people):
    revision = propose(article, people["Contributor"], body="<p>The revised text.</p>")
    change_live(article, standfirst="Corrected live by the publisher.")
    with pytest.raises(LiveChangedSince, match="standfirst") as refused:
        revision_publish(revision=revision, by=people["Publisher"])
    assert refused.value.changes == ["standfirst"]
    article.refresh_from_db()
    assert article.body != "<p>The revised text.</p>" and Revision.objects.get().is_open
    revision_publish(revision=revision, by=people["Publisher"], over_live_changes=True)
    article.refresh_from_db()
    assert article.body == "<p>The revised text.</p>"
    assert article.standfirst == STANDFIRST  # The revision's, as the publisher confirmed.
    event = AuditEvent.objects.filter(action="publish").latest("pk")
    assert event.detail["over_live_changes"] == ["standfirst"]


def test_scheduling_over_live_changes_needs_the_confirmation_too(article, people):
    revision = propose(article, people["Contributor"], title="A new title")
    change_live(article, title="Changed live")
    later = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(LiveChangedSince):
        revision_publish(revision=revision, by=people["Publisher"], at=later)
    assert not Revision.objects.get().is_scheduled
    revision_publish(revision=revision, by=people["Publisher"], at=later, over_live_changes=True)
    assert Revision.objects.get().is_scheduled


def test_saves_that_change_nothing_shown_and_library_edits_are_no_live_change(article, people):
    revision = propose(article, people["Contributor"], title="A new title")
    article.save()  # A save that changes nothing the article shows (the version moves on).
    photo = article.article_photos.get().photo
    photo.people.add(PersonFactory())  # The library names who a photo pictures.
    revision_publish(revision=revision, by=people["Publisher"])
    article.refresh_from_db()
    assert article.title == "A new title"


def test_a_revision_made_before_the_live_version_was_kept_compares_version_numbers(article, people):
    revision = propose(article, people["Contributor"], title="A new title")
    Revision.objects.filter(pk=revision.pk).update(base_snapshot=None)
    revision.refresh_from_db()
    revision_publish(revision=revision, by=people["Publisher"])  # Same version: no question.
    revision = propose(article, people["Contributor"], title="Another title")
    Revision.objects.filter(pk=revision.pk).update(base_snapshot=None)
    revision.refresh_from_db()
    article.refresh_from_db()
    article.save()
    with pytest.raises(LiveChangedSince, match="the live version"):
        revision_publish(revision=revision, by=people["Publisher"])


def test_the_compare_page_warns_and_asks_for_the_confirmation(article, people):
    propose(article, people["Contributor"], body="<p>The revised text.</p>")
    publisher = signed_in(people["Publisher"])
    page = publisher.get(admin_url(article, "change")).content.decode()
    assert 'id="revision-live-changed"' not in page and "over_live_changes" not in page
    change_live(article, standfirst="Corrected live.")
    page = publisher.get(admin_url(article, "change")).content.decode()
    assert "The live version was changed since this revision was made:" in page
    assert 'name="over_live_changes"' in page
    refused = publisher.post(admin_url(article, "revision", "publish"), follow=True)
    html = refused.content.decode()
    assert "Someone changed the live version since this revision was made" in html
    assert "Nothing was published." in html
    article.refresh_from_db()
    assert article.body != "<p>The revised text.</p>"
    publisher.post(admin_url(article, "revision", "publish"), {"over_live_changes": "1"})
    article.refresh_from_db()
    assert article.body == "<p>The revised text.</p>"


# Corrections of issues --------------------------------------------------------------------------


def test_an_issue_revision_carries_a_public_correction_note(people, monkeypatch):
    issue = IssueFactory(published=True, foreword="<p>The office opened in 2010.</p>")
    # An editor changes a published issue through a revision, and may write the note there.
    page = signed_in(people["Editor"]).get(admin_url(issue, "change")).content.decode()
    assert 'name="correction_note"' in page
    page = signed_in(people["Publisher"]).get(admin_url(issue, "change")).content.decode()
    assert 'name="correction_note"' not in page  # Saving live: no revision, no note.
    revision = revision_save(
        item=issue,
        data={
            "fields": {"foreword": "<p>The office opened in 2011.</p>"},
            "correction_note": "The foreword gave the wrong year for the office's opening.",
        },
        by=people["Editor"],
    )
    public = Client().get(issue.get_absolute_url()).content.decode()
    assert "Corrected on" not in public and "2010" in public
    day = timezone.make_aware(datetime.datetime(2017, 6, 3, 11, 0))
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: day)
        revision_publish(revision=revision, by=people["Publisher"])
    correction = Correction.objects.get()
    assert (correction.issue, correction.article, correction.revision) == (issue, None, revision)
    public = Client().get(issue.get_absolute_url()).content.decode()
    assert "Corrected on 3 June 2017: The foreword gave the wrong year" in public
    assert "2011" in public
    download = reverse("newsletters:issue-download", kwargs={"slug": issue.slug, "fmt": "html"})
    export = b"".join(queued_download(Client(), download).streaming_content).decode()
    assert "Corrected on 3 June 2017:" in export and "wrong year" in export


def test_a_correction_is_of_one_article_or_one_issue():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(
            article=article, issue=article.issue, note="x", published_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(note="x", published_at=timezone.now())
