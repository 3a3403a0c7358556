"""The accessible (PDF/UA) and archival (PDF/A) variants of the print edition."""

import io

import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from newsletters.export import formats
from newsletters.export.documents import build, render_source
from tests.export.issue_builder import build_issue

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def variants(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        issue, _, _ = build_issue()
        pdfs = {
            variant: PdfReader(
                io.BytesIO(build(render_source(issue, formats.get("pdf", variant))).data)
            )
            for variant in ("ua", "a")
        }
        transaction.set_rollback(True)
    return pdfs


def test_accessible_variant_is_tagged_pdf_ua(variants):
    catalog = variants["ua"].trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"
    metadata = catalog["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in metadata
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]


def test_archival_variant_is_pdf_a_with_an_output_intent(variants):
    catalog = variants["a"].trailer["/Root"]
    assert "/OutputIntents" in catalog
    metadata = catalog["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata
    assert variants["a"].pdf_header.startswith("%PDF-1.7")
