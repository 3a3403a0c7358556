"""Names marked in the print markup, and line ends mended so that pdftotext keeps words whole."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from newsletters.export import fetcher, formats
from newsletters.export.breaks import MAX_LAYOUTS
from newsletters.export.documents import font_faces
from newsletters.export.images import ImageLoader
from newsletters.export.pdf import render_pdf
from newsletters.export.textlayer import mark_names

NAMES = {"António Guterres", "Jean-Pierre Lacroix", "Donald Trump"}


def test_mark_names_marks_each_word_of_a_name_in_the_body_text():
    html = (
        '<html><head><title>António Guterres</title><style>.x { content: "Trump"; }</style>'
        '</head><body><p class="Trump"><img alt="Jean-Pierre Lacroix">'
        "António Guterres met Jean-Pierre Lacroix and Lacroix&#x27;s staff.</p></body></html>"
    )
    marked = mark_names(html, NAMES)
    name = '<span class="person-name">{}</span>'.format
    assert f"{name('António')} {name('Guterres')} met {name('Jean-Pierre')}" in marked
    assert f"and {name('Lacroix')}&#x27;s staff" in marked
    # The head, tags and attributes are left as they are.
    assert marked.startswith(html[: html.index("<body>")])
    assert '<p class="Trump"><img alt="Jean-Pierre Lacroix">' in marked


def test_mark_names_leaves_other_words_alone():
    html = "<body><p>A trumpet, a Trumpet and Donald.</p></body>"
    assert mark_names(html, NAMES) == html.replace(
        "Donald", '<span class="person-name">Donald</span>'
    )
    assert mark_names(html, set()) == html


COMPOUNDS = (
    "UN-EU Steering Committee",
    "Under-Secretary-General",
    "Jean-Pierre Lacroix",
    "Counter-Terrorism",
    "Tayé-Brook Zerihoun",
    "co-chairs",
)
TITLE = "UN-EU Counter-Terrorism Dialogue and Under-Secretary-General Jean-Pierre Lacroix"


@pytest.fixture(scope="module")
def narrow_pdf():
    """A print document whose narrow columns put compounds at line ends time and again."""
    paragraph = " and the ".join(COMPOUNDS)
    paragraphs = "".join(
        f'<p style="width: {width}mm">{paragraph}.</p>' for width in (22, 26, 30, 34)
    )
    html = (
        f"<!doctype html><html lang='en'><head><style>{font_faces(formats.get('pdf'))}"
        f"{fetcher.read_static('css/print-issue.css').decode()}</style></head><body>"
        f'<h2 class="article-title" style="width: 60mm">{TITLE}</h2>'
        f'<div class="article-body">{paragraphs}</div></body></html>'
    )
    messages = []
    data, _ = render_pdf(html, images=ImageLoader(set()), progress=messages.append)
    return data, messages


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_no_line_ends_in_a_hyphen_of_the_text(narrow_pdf):
    """pdftotext drops a line's final hyphen and joins the lines: "UN-" then "EU" would be
    "UNEU". Laid out again, each compound breaks only where it is hyphenated."""
    data, messages = narrow_pdf
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    words = re.sub(r"\s+", " ", text)
    for compound in COMPOUNDS:
        assert words.count(compound) == 4 + TITLE.count(compound), compound
    assert "\u200d" not in text
    assert any(message.startswith("Laying out again") for message in messages)
    assert sum(message.startswith("Laying out again") for message in messages) < MAX_LAYOUTS


def test_bookmarks_hold_the_title_as_written(narrow_pdf):
    data, _ = narrow_pdf
    assert [entry.title for entry in PdfReader(io.BytesIO(data)).outline] == [TITLE]
