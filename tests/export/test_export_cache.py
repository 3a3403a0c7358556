"""An export is made once, served from storage, and made again when what it prints changes."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage

from newsletters.export import formats, pipeline
from newsletters.export.formats import Audience
from newsletters.export.pipeline import get_export
from tests.export.issue_builder import DRAFT_TITLE

HTML, PDF = formats.get("html"), formats.get("pdf")


@pytest.fixture
def builds():
    with mock.patch.object(pipeline, "build", wraps=pipeline.build) as spy:
        yield spy


def stored_files(issue):
    return sorted(default_storage.listdir(f"exports/{issue.slug}")[1])


def test_second_export_is_served_from_storage(export_issue, builds):
    issue = export_issue[0]
    first = get_export(issue, HTML)
    second = get_export(issue, HTML)
    assert builds.call_count == 1
    assert first.created and not second.created
    assert first.name == second.name
    assert default_storage.exists(first.name)


def test_changed_article_makes_a_new_export_and_drops_the_old(export_issue, builds):
    issue, articles, _ = export_issue
    first = get_export(issue, HTML)
    articles[1].title = "A corrected title"
    articles[1].save()
    second = get_export(issue, HTML)
    assert builds.call_count == 2
    assert second.name != first.name
    assert not default_storage.exists(first.name)
    with second.open() as file:
        assert "A corrected title" in file.read().decode()


def test_changed_caption_makes_a_new_export(export_issue, builds):
    # Photos have no "last changed" time: the fingerprint still sees the caption.
    issue, articles, _ = export_issue
    get_export(issue, HTML)
    photo = articles[0].photos.get()
    photo.caption = "A corrected caption"
    photo.save()
    stored = get_export(issue, HTML)
    assert builds.call_count == 2
    with stored.open() as file:
        assert "A corrected caption" in file.read().decode()


def test_publishing_a_draft_article_changes_the_public_export(export_issue, builds):
    issue, _, draft = export_issue
    get_export(issue, HTML)
    draft.status = "published"
    draft.save()
    stored = get_export(issue, HTML)
    with stored.open() as file:
        assert DRAFT_TITLE in file.read().decode()


def test_public_and_preview_exports_are_kept_apart(export_issue, builds):
    issue = export_issue[0]
    preview = get_export(issue, HTML, audience=Audience.PREVIEW)
    public = get_export(issue, HTML)
    assert preview.name != public.name
    with public.open() as file:
        assert DRAFT_TITLE not in file.read().decode()
    # Each kind keeps its own latest file.
    get_export(issue, PDF)
    assert len(stored_files(issue)) == 3


def test_force_makes_it_again(export_issue, builds):
    issue = export_issue[0]
    get_export(issue, HTML)
    get_export(issue, HTML, force=True)
    assert builds.call_count == 2
    assert len(stored_files(issue)) == 1


def test_fingerprint_costs_a_few_queries(export_issue, django_assert_max_num_queries):
    issue = export_issue[0]
    get_export(issue, HTML)
    # The glossary's abbreviations are two of them: organisations', then terms; the corrections
    # shown under each article one, the issue's own one; the people pictured (articles' photos,
    # the cover) two.
    with django_assert_max_num_queries(13):
        assert not get_export(issue, HTML).created
