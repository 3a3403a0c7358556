"""manage.py export_issue: writes a valid file and shows its progress on stderr."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.export.issue_builder import DRAFT_TITLE, build_issue


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_issue", *args, stdout=stdout, stderr=stderr)
    return stderr.getvalue()


def test_writes_a_pdf_with_progress(export_issue, tmp_path):
    issue, articles, _ = export_issue
    output = tmp_path / "issue.pdf"
    progress = run(issue.slug, "--format", "pdf", "--output", str(output))
    reader = PdfReader(output)
    assert len(reader.pages) > 2
    assert len(reader.outline) == len(articles)
    for stage in ("Reading the issue", "Picture 1", "Laying out page 1", "Writing", "Wrote"):
        assert stage in progress
    # A second run reuses the stored export.
    assert "reused" in run(issue.slug, "--format", "pdf", "--output", str(output))


@pytest.mark.parametrize("fmt", ["html", "email"])
def test_writes_html(export_issue, tmp_path, fmt):
    issue = export_issue[0]
    output = tmp_path / "issue.html"
    run(issue.slug, "--format", fmt, "--output", str(output))
    text = output.read_text()
    assert text.startswith("<!doctype html>")
    assert DRAFT_TITLE not in text


def test_accessible_variant(export_issue, tmp_path):
    output = tmp_path / "issue.pdf"
    run(export_issue[0].slug, "--output", str(output), "--variant", "ua")
    assert "/StructTreeRoot" in PdfReader(output).trailer["/Root"]


def test_unpublished_issue_needs_preview(db, tmp_path):
    issue, _, _ = build_issue(published=False, slug="draft-issue")
    output = tmp_path / "draft.html"
    with pytest.raises(CommandError, match="--preview"):
        run(issue.slug, "--format", "html", "--output", str(output))
    run(issue.slug, "--format", "html", "--output", str(output), "--preview")
    assert DRAFT_TITLE in output.read_text()


def test_bad_arguments(export_issue, tmp_path):
    output = str(tmp_path / "x")
    with pytest.raises(CommandError, match="No issue"):
        run("no-such-issue", "--output", output)
    with pytest.raises(CommandError, match="variant"):
        run(export_issue[0].slug, "--format", "html", "--variant", "ua", "--output", output)
