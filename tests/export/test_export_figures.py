"""Photos placed inside an article's text in the PDF, the offline HTML and the e-mail edition."""

import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsletters.export import formats
from newsletters.export.content import collect
from newsletters.export.documents import build, render_source
from newsletters.export.formats import Audience
from newsletters.figures import record_figures
from newsletters.models import Article
from tests.export.issue_builder import jpeg_upload
from tests.factories import ArticleFactory, IssueFactory, PersonFactory, PhotoFactory

pytestmark = pytest.mark.django_db

CAPTION = "Valletta, at the informal meeting of EU Defence Ministers"


def ref(photo, placement="full"):
    return f'<figure data-photo="{photo.pk}" data-placement="{placement}"></figure>'


@pytest.fixture
def figure_issue():
    """A public issue whose one article places a photo between its first two paragraphs."""
    photo = PhotoFactory(
        image=jpeg_upload("valletta.jpg", width=1600, height=1000),
        caption=CAPTION,
        credit="Maltese Presidency",
        alt_text="Three people at a meeting table",
        people=[PersonFactory(name="Carmelo Abela"), PersonFactory(name="Federica Mogherini")],
    )
    issue = IssueFactory(published=True)
    article = ArticleFactory(
        issue=issue,
        published=True,
        title="Briefing in Malta",
        body=f"<p>First paragraph.</p>{ref(photo, 'inset')}<p>Second paragraph.</p>",
    )
    record_figures(article)
    return issue, article, photo


def export(issue, fmt, *, preview=False):
    audience = Audience.PREVIEW if preview else Audience.PUBLIC
    return render_source(issue, formats.get(fmt), audience=audience)


@pytest.mark.parametrize("fmt", ["pdf", "html", "email"])
def test_each_export_places_the_figure_with_caption_credit_and_people(figure_issue, fmt):
    issue, _article, _photo = figure_issue
    html = export(issue, fmt).html
    first, second = html.index("First paragraph."), html.index("Second paragraph.")
    caption = html.index(CAPTION)
    assert first < caption < second
    assert "Credit: Maltese Presidency" in html
    words = re.sub(r"<[^>]+>", "", html)  # The PDF marks names for its text layer.
    assert "Pictured, from left: Carmelo Abela, Federica Mogherini." in words
    assert "data-photo" not in html
    if fmt != "email":
        assert re.search(r'<figure class="figure figure--inset"', html)


def test_the_offline_html_embeds_the_figure_as_a_data_uri(figure_issue):
    issue, _article, _photo = figure_issue
    data = build(export(issue, "html")).data.decode()
    figure = data[data.index('<figure class="figure figure--inset"') :]
    src = re.search(r'<img src="([^"]+)"', figure)[1]
    assert src.startswith("data:image/")
    assert 'alt="Three people at a meeting table"' in figure


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_the_pdf_prints_the_caption_and_credit(figure_issue):
    issue, _article, _photo = figure_issue
    pdf = build(export(issue, "pdf")).data
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    words = re.sub(r"\s+", " ", text.replace("-\n", ""))
    assert "informal meeting of EU Defence Ministers" in words
    assert "Maltese Presidency" in words


def test_a_public_export_leaves_out_a_photo_that_is_not_public(figure_issue):
    issue, article, _photo = figure_issue
    hidden = PhotoFactory(caption="Not for the public yet")
    # In the text without the save path that records it (and makes it public with the article).
    Article.objects.filter(pk=article.pk).update(body=f"{article.body}{ref(hidden)}")
    assert "Not for the public yet" not in export(issue, "html").html
    assert "Not for the public yet" in export(issue, "html", preview=True).html


def test_a_reference_inside_a_list_is_left_out_and_breaks_nothing(figure_issue):
    issue, article, photo = figure_issue
    Article.objects.filter(pk=article.pk).update(
        body=f"<ul><li>One{ref(photo)}</li><li>Two</li></ul><p>After.</p>"
    )
    html = export(issue, "html").html
    assert "<li>One</li>" in html and "After." in html
    assert CAPTION not in html and "data-photo" not in html


def test_collecting_reads_the_photos_of_every_text_at_once(figure_issue):
    issue, article, photo = figure_issue
    profile = formats.get("html").profile

    def queries():
        with CaptureQueriesContext(connection) as captured:
            collect(issue, profile=profile)
        return len(captured)

    one = queries()
    others = [PhotoFactory(people=[PersonFactory()]) for _ in range(4)]
    article.body += "".join(ref(other) for other in others)
    article.save()
    record_figures(article)
    second = ArticleFactory(issue=issue, published=True, body=f"<p>b</p>{ref(others[0])}")
    record_figures(second)
    assert queries() == one
    content = collect(issue, profile=profile)
    assert sum(kind == "figure" for block in content.blocks for kind, _ in block.parts) == 6
