"""Who may download what: the public gets published issues only, staff a preview of any issue."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pypdf import PdfReader

from tests.export.issue_builder import DRAFT_TITLE, build_issue
from tests.factories import UserFactory


def public_url(issue, fmt="html"):
    return reverse("newsletters:issue-download", kwargs={"slug": issue.slug, "fmt": fmt})


def staff_url(issue, fmt="html"):
    return reverse("admin:newsletters_issue_export", args=[issue.pk, fmt])


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def viewer(db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_issue"))
    return user


def test_public_download_of_a_published_issue(client, export_issue, download):
    issue, articles, _ = export_issue
    response = download(client, public_url(issue))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "unlops-newsletter-issue-export.html" in response["Content-Disposition"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "public" in response["Cache-Control"]
    content = body(response).decode()
    for article in articles:
        assert article.title in content
    assert DRAFT_TITLE not in content


def test_public_pdf_download(client, export_issue, download):
    issue, articles, _ = export_issue
    response = download(client, public_url(issue, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(body(response)))
    assert len(reader.outline) == len(articles)


def test_same_export_again_is_not_modified(client, export_issue, download):
    issue = export_issue[0]
    etag = download(client, public_url(issue))["ETag"]
    response = client.get(public_url(issue), headers={"If-None-Match": etag})
    assert response.status_code == 304


@pytest.mark.parametrize("state", [{}, {"in_review": True}, {"scheduled": True}])
def test_no_public_download_of_an_unpublished_issue(client, db, state):
    from tests.factories import IssueFactory

    issue = IssueFactory(**state)
    assert client.get(public_url(issue)).status_code == 404
    assert client.get(public_url(issue, "pdf")).status_code == 404


def test_public_download_refuses_unknown_formats_and_variants(client, export_issue):
    issue = export_issue[0]
    assert client.get(public_url(issue, "docx")).status_code == 404
    assert client.get(public_url(issue, "html") + "?variant=ua").status_code == 404
    assert client.get(public_url(issue, "pdf") + "?variant=x").status_code == 404
    assert client.post(public_url(issue)).status_code == 405


def test_staff_download_needs_a_login(client, export_issue):
    response = client.get(staff_url(export_issue[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_download_needs_view_permission(client, export_issue):
    client.force_login(UserFactory())
    assert client.get(staff_url(export_issue[0])).status_code == 403


def test_staff_preview_of_a_draft_issue_includes_drafts(client, viewer, download):
    issue, articles, _ = build_issue(published=False, slug="draft-issue")
    client.force_login(viewer)
    response = download(client, staff_url(issue))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "preview" in response["Content-Disposition"]
    content = body(response).decode()
    assert DRAFT_TITLE in content
    for article in articles:
        assert article.title in content
    # The public still sees nothing of it.
    client.logout()
    assert client.get(public_url(issue)).status_code == 404


@pytest.mark.parametrize(
    ("fmt", "query", "kind"),
    [
        ("pdf", "", "application/pdf"),
        ("pdf", "?variant=ua", "application/pdf"),
        ("email", "", "text/html; charset=utf-8"),
    ],
)
def test_staff_download_formats(client, viewer, export_issue, fmt, query, kind, download):
    client.force_login(viewer)
    response = download(client, staff_url(export_issue[0], fmt) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == kind


def test_staff_download_of_unknown_issue_or_format(client, viewer, export_issue):
    client.force_login(viewer)
    missing = reverse("admin:newsletters_issue_export", args=[999, "pdf"])
    assert client.get(missing).status_code == 404
    assert client.get(staff_url(export_issue[0], "docx")).status_code == 404


def test_change_page_offers_the_downloads(client, export_issue):
    issue = export_issue[0]
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("admin:newsletters_issue_change", args=[issue.pk])).content.decode()
    assert staff_url(issue, "pdf") in page
    assert staff_url(issue, "html") in page
    assert staff_url(issue, "pdf") + "?variant=ua" in page


def admin_action(client, action, issues):
    return client.post(
        reverse("admin:newsletters_issue_changelist"),
        {"action": action, "_selected_action": [issue.pk for issue in issues]},
    )


def test_admin_action_downloads_one_issue(client, viewer, export_issue, download):
    client.force_login(viewer)
    response = admin_action(client, "download_html", [export_issue[0]])
    # The issue's export page serves the file, or waits for it.
    assert response.status_code == 302
    assert response["Location"] == staff_url(export_issue[0])
    response = download(client, response["Location"])
    assert response.status_code == 200
    assert DRAFT_TITLE in body(response).decode()


def test_admin_action_downloads_several_issues_as_a_zip(
    client, viewer, export_issue, run_queued_tasks
):
    other, _, _ = build_issue(published=False, slug="another-issue")
    client.force_login(viewer)
    waiting = admin_action(client, "download_html", [export_issue[0], other])
    assert waiting.status_code == 302  # Back to the list, which says they are being prepared.
    listing = client.get(waiting["Location"]).content.decode()
    assert "2 of the 2 exports are being prepared" in listing
    run_queued_tasks()
    response = admin_action(client, "download_html", [export_issue[0], other])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            "unlops-newsletter-another-issue-preview.html",
            "unlops-newsletter-issue-export-preview.html",
        ]


def test_admin_actions_are_not_offered_without_view_permission(rf, export_issue):
    from django.contrib.admin.sites import site

    from newsletters.models import Issue

    request = rf.get("/")
    request.user = UserFactory()
    actions = site._registry[Issue].get_actions(request)
    assert "download_pdf" not in actions
