"""The demo issue's PDF read back with pdftotext: names, kickers and words come out whole.

What a reader finds by searching the PDF, or hears from a screen reader, is its text layer, not
its look: a name hyphenated at a line's end, a letter-spaced kicker or a word cut at a column's
foot must still extract as the words the issue prints. The plain and the tagged (PDF/UA) variants
are each built once for the module.
"""

import html
import io
import re
import shutil
import subprocess

import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from newsletters.demo import loader
from newsletters.export import formats
from newsletters.export.documents import build, render_source
from newsletters.models import Article, Issue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext"),
]

VARIANTS = ("", "ua")  # The print edition, and its tagged variant for screen readers.
LETTERS_RE = re.compile(r"[^\W\d_]+")
# Characters that only the layout puts in: a hyphen or joiner must not reach the text layer.
LAYOUT_ONLY = {"\u00ad": "soft hyphen", "\u2010": "hyphen", "\u2011": "non-breaking hyphen"}
LAYOUT_ONLY |= {"\u200d": "zero-width joiner", "\u2060": "word joiner"}


def squash(text):
    """Text as words: pdftotext ends each printed line with a newline."""
    return re.sub(r"\s+", " ", text).strip()


def source_text(markup):
    """The words an export's markup prints, as a reader sees them (no tags, no joiners)."""
    body = markup[markup.index("<body") :]
    text = html.unescape(re.sub(r"<[^>]*>", " ", body))
    return squash(text.replace("\u200d", "").replace("\u2060", ""))


def people_shown(issue):
    """Full names of the people the issue's published articles mention or picture."""
    articles = Article.objects.published().filter(issue=issue)
    mentioned = {person.name for article in articles for person in article.people.all()}
    pictured = {
        person.name
        for article in articles
        for photo in article.photos.all()
        for person in photo.people.all()
    }
    return mentioned | pictured


def pdftotext(data):
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def demo_pdfs(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo issue, each variant built once; its rows rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        loader.load_demo()
        issue = Issue.objects.get()  # The demo is the only issue.
        printed = {}
        for variant in VARIANTS:
            source = render_source(issue, formats.get("pdf", variant))
            data = build(source).data
            printed[variant] = {
                "text": pdftotext(data),
                "outline": [entry.title for entry in PdfReader(io.BytesIO(data)).outline],
                "source": source_text(source.html),
                "kickers": [block.kicker for block in source.content.blocks if block.kicker],
                "titles": [block.article.title for block in source.content.blocks],
            }
        names = people_shown(issue)
        transaction.set_rollback(True)
    return names, printed


@pytest.fixture(params=VARIANTS, ids=["plain", "ua"])
def printed(request, demo_pdfs):
    return demo_pdfs[1][request.param]


@pytest.fixture
def names(demo_pdfs):
    return demo_pdfs[0]


def test_the_demo_shows_people_with_diacritics(names):
    assert len(names) >= 40
    assert {"António Guterres", "Hervé Ladsous", "Jean-Pierre Lacroix"} <= names


def test_every_person_shown_is_found_by_full_name(printed, names):
    text = squash(printed["text"])
    missing = sorted(name for name in names if name not in text)
    assert not missing, f"{len(names) - len(missing)}/{len(names)} names found; not: {missing}"


def test_every_kicker_extracts_as_words(printed):
    """Each kicker is printed twice, in the contents and above its article, in capitals."""
    text = squash(printed["text"])
    assert printed["kickers"]
    for kicker in set(printed["kickers"]):
        found = re.findall(rf"(?<!\w){re.escape(kicker.upper())}(?!\w)", text)
        assert len(found) == 2 * printed["kickers"].count(kicker), kicker


def test_no_hyphen_or_joiner_of_the_layout_is_left_in_the_text(printed):
    for character, name in LAYOUT_ONLY.items():
        if character not in printed["source"]:
            assert character not in printed["text"], f"a {name} in the text layer"


def test_every_extracted_word_is_a_word_the_issue_prints(printed):
    """A word split by a line break, a hyphen or a letter-spacing would be two that are not."""
    vocabulary = {word.casefold() for word in LETTERS_RE.findall(printed["source"])}
    words = {word.casefold() for word in LETTERS_RE.findall(printed["text"])}
    assert not sorted(words - vocabulary)


def test_a_line_ends_in_a_hyphen_only_where_the_text_has_one(printed):
    """pdftotext joins a hyphenated line to the next in the same block of text; one that ends
    a block (a column, a page) keeps its hyphen and is cut from the rest of its word."""
    lines = [line.strip() for line in printed["text"].splitlines() if line.strip()]
    cut = [
        f"{line} / {following}"
        for line, following in zip(lines, lines[1:], strict=False)
        if re.search(r"[^\W\d_]-$", line)
        and f"{line.split()[-1]}{following.split()[0]}" not in printed["source"]
    ]
    assert not cut


def test_outline_holds_the_titles_as_written(printed):
    assert printed["outline"] == printed["titles"]
    assert any("-" in title for title in printed["titles"])
