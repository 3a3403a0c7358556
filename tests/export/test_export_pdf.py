"""The print edition read back with pypdf: pages, running header, outline, metadata, fonts."""

import io
import re

import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from newsletters.export import formats
from newsletters.export.documents import build, render_source
from tests.export.issue_builder import DRAFT_TITLE, build_issue

# Marked so that the test database is set up (and used) even though the rows live in a fixture.
pytestmark = pytest.mark.django_db


def squash(text):
    """Text as words: pages break lines and hyphenate words at will."""
    return re.sub(r"\s+", " ", text.replace("-\n", "")).strip()


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory):
    """One issue rendered once for the module, its rows rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        issue, articles, draft = build_issue()
        source = render_source(issue, formats.get("pdf"))
        built = build(source)
        facts = {
            "pdf": built.data,
            "pages": built.pages,
            "titles": [article.title for article in articles],
            "masthead": issue.masthead,
            "period": issue.period_display,
        }
        transaction.set_rollback(True)
    reader = PdfReader(io.BytesIO(facts["pdf"]))
    facts["reader"] = reader
    facts["texts"] = [page.extract_text() for page in reader.pages]
    return facts


def test_has_a_cover_inner_pages_and_a_back_page(printed):
    assert len(printed["reader"].pages) == printed["pages"] > 2


def test_every_inner_page_has_the_running_header_and_its_number(printed):
    texts = printed["texts"]
    for number, text in enumerate(texts[1:-1], start=2):
        assert squash(printed["masthead"]) in squash(text), f"no header on page {number}"
        assert re.search(rf"(^|\n)\s*{number}\s*($|\n)", text), f"no number on page {number}"


def test_running_header_is_built_from_the_issue(printed):
    assert printed["masthead"] == (
        "United Nations Liaison Office for Peace and Security · Newsletter | "
        "October 2016 – May 2017"
    )


def test_cover_and_back_page_carry_no_running_header(printed):
    assert squash(printed["masthead"]) not in squash(printed["texts"][0])
    assert squash(printed["masthead"]) not in squash(printed["texts"][-1])


def test_cover_has_masthead_period_and_contents_with_page_numbers(printed):
    cover = squash(printed["texts"][0])
    assert "United Nations Liaison Office for Peace and Security" in cover
    assert printed["period"] in cover
    assert "IN THIS ISSUE" in cover
    inner = [squash(text) for text in printed["texts"]]
    for title in printed["titles"]:
        match = re.search(re.escape(title) + r"[ .]*(\d+)", cover)
        assert match, f"{title!r} not in the contents"
        page = int(match[1])
        assert title in inner[page - 1], f"{title!r} is not on page {page}"


def test_every_published_article_is_printed_and_no_draft(printed):
    everything = squash(" ".join(printed["texts"][1:]))
    for title in printed["titles"]:
        assert title in everything
    assert DRAFT_TITLE not in everything


def test_one_outline_entry_per_article(printed):
    outline = printed["reader"].outline
    entries = [item for item in outline if not isinstance(item, list)]
    assert [entry.title for entry in entries] == printed["titles"]
    assert not any(isinstance(item, list) for item in outline)


def test_metadata(printed):
    reader = printed["reader"]
    info = reader.metadata
    assert info.title == printed["masthead"]
    assert info.author == "United Nations Liaison Office for Peace and Security (UNLOPS)"
    assert "October 2016 – May 2017" in info.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_fonts_are_the_shipped_noto_fonts_embedded(printed):
    fonts = {}
    for page in printed["reader"].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descendant = font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = descriptor
    assert fonts
    names = [name.replace("-", "") for name in fonts]
    assert any("NotoSans" in name for name in names)
    assert any("NotoSerif" in name for name in names)
    assert not any("DejaVu" in name for name in names), "a system font slipped in"
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def test_pictures_are_at_print_resolution_not_larger(printed):
    widest = formats.get("pdf").profile.full
    widths = []
    for page in printed["reader"].pages:
        for image in page.images:
            widths.append(image.image.width)
    assert widths, "no picture in the PDF"
    assert max(widths) <= widest
    # The 2400 px cover is printed 174 mm wide at most: never embedded at full size.
    assert 2400 not in widths
