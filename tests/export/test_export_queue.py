"""Exports are built by the queue's workers: a request serves the stored file, or says it is
being prepared and enqueues the build once; what published issues print is rebuilt in advance."""

import os
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletters.export import builds, documents, formats, pipeline, views
from newsletters.export import storage as files
from newsletters.export.formats import Audience
from newsletters.models import Article, Issue
from newsletters.preview import make_token
from tests.export.issue_builder import DRAFT_TITLE, TITLES, build_issue
from tests.factories import PersonFactory, UserFactory
from tests.queue import BuiltOnRequest

pytestmark = pytest.mark.django_db

BUILD = "newsletters.export.tasks.build_export"
REFRESH = "newsletters.export.tasks.refresh_exports"
HTML = formats.get("html")


def public_url(issue, fmt="html"):
    return reverse("newsletters:issue-download", kwargs={"slug": issue.slug, "fmt": fmt})


def tasks(path, **filters):
    return DBTaskResult.objects.filter(task_path=path, **filters)


def current(issue, export_format=HTML, audience=Audience.PUBLIC):
    stored, _present = pipeline.find_export(issue, export_format, audience=audience)
    return stored


def exports_on_disk(settings, issue):
    folder = settings.MEDIA_ROOT / "exports" / issue.slug
    return sorted(os.listdir(folder)) if folder.exists() else []


def assert_being_prepared(response):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert "Your download is being prepared" in content
    assert '<meta http-equiv="refresh" content="3">' in content
    assert "<script" not in content  # The site's policy runs no inline script.
    return content


def test_the_first_download_waits_for_the_worker_then_gets_the_file(
    client, export_issue, run_queued_tasks, settings
):
    issue = export_issue[0]
    content = assert_being_prepared(client.get(public_url(issue)))
    assert "Waiting for its turn." in content
    assert exports_on_disk(settings, issue) == []
    # Asked again before the worker ran: still waiting, and not stored by the page cache.
    assert_being_prepared(client.get(public_url(issue)))
    run_queued_tasks()
    response = client.get(public_url(issue))
    assert response.status_code == 200
    assert TITLES[0] in b"".join(response.streaming_content).decode()
    assert tasks(BUILD).get().status == "SUCCESSFUL"
    assert builds.record(current(issue).name) is None


def test_a_waiting_build_is_enqueued_once_however_often_it_is_asked_for(client, export_issue):
    issue = export_issue[0]
    for _ in range(3):
        assert client.get(public_url(issue)).status_code == 503
    assert tasks(BUILD, status="READY").count() == 1
    client.get(public_url(issue, "pdf"))
    assert tasks(BUILD, status="READY").count() == 2  # Another file, another build.


def test_the_waiting_page_shows_the_workers_progress(client, export_issue):
    issue = export_issue[0]
    client.get(public_url(issue))
    builds.report(current(issue).name, "Laying out page 3")  # As the worker writes it.
    content = assert_being_prepared(client.get(public_url(issue)))
    assert "Being made now." in content
    assert "Current step: Laying out page 3." in content


def test_an_edit_while_waiting_asks_for_the_new_file(client, export_issue, run_queued_tasks):
    issue, articles, _ = export_issue
    client.get(public_url(issue))
    Article.objects.filter(pk=articles[0].pk).update(title="A title changed meanwhile")
    assert client.get(public_url(issue)).status_code == 503
    run_queued_tasks()
    response = client.get(public_url(issue))
    assert "A title changed meanwhile" in b"".join(response.streaming_content).decode()


def test_a_staff_preview_waits_too_and_stays_private(client, run_queued_tasks):
    issue, _articles, _ = build_issue(published=False, slug="draft-issue")
    url = reverse("newsletters:preview-download", args=[make_token(issue), "html"])
    waiting = client.get(url)
    assert_being_prepared(waiting)
    assert waiting["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    run_queued_tasks()
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert DRAFT_TITLE in b"".join(response.streaming_content).decode()


def test_the_admins_export_button_waits_too(client, export_issue, run_queued_tasks):
    issue = export_issue[0]
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("admin:newsletters_issue_export", args=[issue.pk, "pdf"])
    assert_being_prepared(client.get(url))
    run_queued_tasks()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_public_build_of_an_issue_unpublished_meanwhile_makes_nothing(
    client, export_issue, run_queued_tasks, settings
):
    issue = export_issue[0]
    client.get(public_url(issue))
    Issue.objects.filter(pk=issue.pk).update(status="draft")
    run_queued_tasks()
    assert exports_on_disk(settings, issue) == []
    assert client.get(public_url(issue)).status_code == 404


# A crash leaves no half-written file ------------------------------------------------------------


def test_a_write_that_fails_midway_leaves_no_file_and_the_next_run_succeeds(
    client, export_issue, run_queued_tasks, settings, monkeypatch
):
    issue = export_issue[0]
    settings.EXPORT_BUILD_RETRY_SECONDS = 0  # The failed record expires at once: asked again.
    client.get(public_url(issue))
    written = []

    def crash(descriptor):  # The bytes are in the file; the worker dies before it is renamed.
        written.append(os.fstat(descriptor).st_size)
        raise OSError("disk gone")

    monkeypatch.setattr(files.os, "fsync", crash)
    run_queued_tasks()
    assert written and written[0] > 1000
    assert tasks(BUILD).get().status == "FAILED"
    assert exports_on_disk(settings, issue) == []  # Neither the file nor its temporary copy.
    assert not files.is_stored(current(issue))
    assert_being_prepared(client.get(public_url(issue)))
    monkeypatch.undo()
    run_queued_tasks()
    response = client.get(public_url(issue))
    assert response.status_code == 200
    assert b"</html>" in b"".join(response.streaming_content)


def test_a_build_that_fails_says_so_and_is_tried_again(
    client, export_issue, run_queued_tasks, settings, monkeypatch
):
    issue = export_issue[0]
    client.get(public_url(issue))

    def broken(source, *, progress=None):
        progress("Picture 1: cover.jpg")
        raise RuntimeError("pango fell over")

    monkeypatch.setattr(pipeline, "build", broken)
    run_queued_tasks()
    assert exports_on_disk(settings, issue) == []
    content = assert_being_prepared(client.get(public_url(issue)))
    assert "The last attempt did not succeed" in content
    assert "pango" not in content  # The reason is for the task list, not for readers.
    assert tasks(BUILD).count() == 1  # Not retried at every reload of the page...
    builds.release(current(issue).name)  # ...but once EXPORT_BUILD_RETRY_SECONDS have passed.
    monkeypatch.undo()
    assert client.get(public_url(issue)).status_code == 503
    run_queued_tasks()
    assert client.get(public_url(issue)).status_code == 200


def test_a_file_left_half_written_by_a_killed_worker_is_never_served(
    client, export_issue, settings
):
    """A worker killed mid-write leaves its temporary file, under a name no request reads."""
    issue = export_issue[0]
    stored = current(issue)
    folder = settings.MEDIA_ROOT / "exports" / issue.slug
    folder.mkdir(parents=True)
    (folder / ".partial-abc.tmp").write_bytes(b"<!doctype html><p>half")
    assert_being_prepared(client.get(public_url(issue)))
    assert not files.is_stored(stored)


# No request builds ------------------------------------------------------------------------------


def test_the_suite_refuses_a_build_while_a_request_is_handled(client, export_issue, monkeypatch):
    """The guard in tests/conftest.py can fail: a download that builds on the request raises."""

    def builds_on_request(request, issue, export_format, *, audience, public):
        stored = pipeline.get_export(issue, export_format, audience=audience)
        return views.export_response(request, stored, public=public)

    monkeypatch.setattr(views, "serve_or_prepare", builds_on_request)
    with pytest.raises(BuiltOnRequest):
        client.get(public_url(export_issue[0]))
    # Outside a request (a worker, the export_issue command) the builder runs.
    assert documents.build(pipeline.render_source(export_issue[0], HTML)).data


# Built in advance -------------------------------------------------------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks, run_queued_tasks):
    """Run what waits for the commit, as a real transaction's end does."""

    def commit():
        connection.export_refresh_pending = None  # The test's own transaction never ends.
        return django_capture_on_commit_callbacks(execute=True)

    return commit


def test_publishing_builds_the_public_exports_before_anyone_asks(
    client, committed, run_queued_tasks, settings
):
    settings.EXPORT_REFRESH_DELAY_SECONDS = 0
    issue, _articles, _ = build_issue(published=False)
    assert not tasks(REFRESH).exists()  # Drafts are nobody's download.
    with committed():
        Issue.objects.get(pk=issue.pk).save()
    assert not tasks(REFRESH).exists()
    with committed():
        issue.status, issue.published_at = "published", timezone.now() - timedelta(hours=1)
        issue.save()
    assert tasks(REFRESH).count() == 1
    run_queued_tasks()
    public = {str(entry) for entry in formats.FORMATS if entry.public}
    assert tasks(BUILD, status="SUCCESSFUL").count() == len(public)
    for entry in formats.FORMATS:
        if entry.public:
            url = public_url(issue, entry.key) + entry.query_string
            assert client.get(url).status_code == 200, entry


def test_a_burst_of_edits_makes_one_refresh_which_waits_for_the_delay(
    client, committed, export_issue, settings, run_queued_tasks
):
    settings.EXPORT_REFRESH_DELAY_SECONDS = 30
    issue, articles, _ = export_issue
    for number in range(5):
        with committed():
            article = Article.objects.get(pk=articles[0].pk)
            article.title = f"Edit {number}"
            article.save()
    refresh = tasks(REFRESH).get()
    assert refresh.args_kwargs["kwargs"] == {"issue_id": issue.pk}
    assert (refresh.run_after - refresh.enqueued_at).total_seconds() >= 29
    run_queued_tasks()  # Not due yet: nothing is built.
    assert not tasks(BUILD).exists()
    DBTaskResult.objects.filter(pk=refresh.pk).update(run_after=refresh.enqueued_at)
    run_queued_tasks()
    response = client.get(public_url(issue))
    assert "Edit 4" in b"".join(response.streaming_content).decode()
    # The refresh is done: the next edit makes a new one.
    with committed():
        article.title = "Edit 5"
        article.save()
    assert tasks(REFRESH).count() == 2


def test_a_rolled_back_change_refreshes_nothing(committed, export_issue):
    from django.db import transaction

    with committed():
        try:
            with transaction.atomic():
                article = Article.objects.get(pk=export_issue[1][0].pk)
                article.title = "Never saved"
                article.save()
                raise RuntimeError
        except RuntimeError:
            pass
    assert not tasks(REFRESH).exists()


def test_a_person_edited_refreshes_every_published_issue(committed, export_issue):
    person = PersonFactory()
    with committed():
        person.last_name = "Renamed"
        person.save()
    assert tasks(REFRESH).get().args_kwargs["kwargs"] == {"issue_id": None}


def test_a_refresh_builds_only_what_changed(committed, export_issue, run_queued_tasks, settings):
    settings.EXPORT_REFRESH_DELAY_SECONDS = 0
    with committed():
        PersonFactory().save()
    run_queued_tasks()
    built = tasks(BUILD).count()
    assert built == len([entry for entry in formats.FORMATS if entry.public])
    with committed():
        PersonFactory().save()  # A person no issue prints: every fingerprint is the same.
    run_queued_tasks()
    assert tasks(BUILD).count() == built
    assert tasks(REFRESH, status="SUCCESSFUL").count() == 2
