"""Text that reads like an export's internal addresses is printed as written, never loaded.

Exports embed their pictures and fonts by resolving ``static:`` and ``media:`` addresses. An alt
text, a caption, a credit, a link title or a sentence may say the same words: each format is made
from an issue full of them and read back.
"""

import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from newsletters.export import fetcher, formats
from newsletters.export.documents import build, render_source
from newsletters.export.inline import inline_resources
from tests.export.test_export_html import Audit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "static:css/print-issue.css",
    "media:photos/x.jpg?w=100",
    "static:../../etc/passwd",
    "media:photos/cover.jpg?w=100&q=80",
]
LINK_TITLE = "static:fonts/NotoSans-Regular.woff2"
ABBR_TITLE = "media:exports/issue-export/public-html.html?w=1"
SENTENCE = "The handbook says \"static:css/standalone-issue.css\" and 'media:photos/x.jpg?w=9'."
CSS_SENTENCE = 'Quoted as url("static:fonts/NotoSans-Bold.woff2") in the draft.'


@pytest.fixture
def hostile_issue(export_issue):
    """The export issue with every picture's alt text, caption and credit an internal address."""
    issue, articles, _ = export_issue
    photos = [issue.cover_photo, *(article.photos.get() for article in articles[:3])]
    for photo, address in zip(photos, ADDRESSES, strict=True):
        photo.alt_text = address
        photo.caption = f'"{address}"'
        photo.credit = f"'{address}'"
        photo.save()
    article = articles[0]
    article.body = (
        f"<p>{html.escape(SENTENCE, quote=False)} See "
        f'<a href="https://www.un.org/en/about-us/un-charter" title="{LINK_TITLE}">the Charter'
        f'</a> and <abbr title="{ABBR_TITLE}">UNLOPS</abbr>.</p><p>{CSS_SENTENCE}</p>'
    )
    article.save()
    return issue, photos


def read(data):
    parser = Audit()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


def titles(data, tag):
    return re.findall(rf'<{tag}\b[^>]*\stitle="([^"]*)"', data.decode())


def assert_text_kept_and_pictures_embedded(data, photos):
    page = read(data)
    assert sorted(image["alt"] for image in page.images) == sorted(ADDRESSES)
    for image in page.images:
        assert image["src"].startswith("data:image/jpeg;base64,")
    words = page.words
    for address in ADDRESSES:
        assert f'"{address}"' in words  # the caption
        assert f"'{address}'" in words  # the credit
    assert SENTENCE in words
    assert CSS_SENTENCE in words
    assert titles(data, "a") == [html.escape(LINK_TITLE)]
    assert titles(data, "abbr") == [html.escape(ABBR_TITLE)]
    text = data.decode()
    for photo in photos:
        assert f'alt="{html.escape(photo.alt_text)}"' in text


def test_public_html_download_prints_hostile_text_as_written(client, hostile_issue, download):
    issue, photos = hostile_issue
    response = download(
        client, reverse("newsletters:issue-download", kwargs={"slug": issue.slug, "fmt": "html"})
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert_text_kept_and_pictures_embedded(data, photos)
    faces = re.findall(r"@font-face\s*{[^}]*}", data.decode())
    assert len(faces) == 6
    assert all('url("data:font/woff2;base64,' in face for face in faces)


def test_email_export_prints_hostile_text_as_written(client, hostile_issue, download):
    issue, photos = hostile_issue
    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_issue"))
    client.force_login(viewer)
    response = download(client, reverse("admin:newsletters_issue_export", args=[issue.pk, "email"]))
    assert response.status_code == 200
    assert_text_kept_and_pictures_embedded(b"".join(response.streaming_content), photos)


def test_pdf_loads_only_the_fonts_and_the_pictures(monkeypatch, hostile_issue):
    """WeasyPrint asks for the documents' own resources only, never for what an attribute says."""
    issue, photos = hostile_issue
    asked = []
    resolve = fetcher.resolve

    def spy(url, images):
        asked.append(url)
        return resolve(url, images)

    monkeypatch.setattr(fetcher, "resolve", spy)
    source = render_source(issue, formats.get("pdf"))
    built = build(source)
    assert built.data.startswith(b"%PDF")
    assert not built.placeholders
    pictures = {figure.src for figure in source.content.figures}
    assert {url for url in asked if url.startswith("media:")} == pictures
    assert {url for url in asked if not url.startswith("media:")} <= set(
        re.findall(r'url\("(static:fonts/[^"]+)"\)', source.html)
    )


# Internal addresses that cannot be resolved -----------------------------------------------------


class NoPictures:
    """An image loader of an issue without pictures: every media address is refused."""

    placeholders = ()

    def from_url(self, url):
        raise PermissionError(f"{url!r} is not a picture of this issue")


UNRESOLVABLE = """<html><head>
<link rel="stylesheet" href="static:css/missing.css">
<link rel="canonical" href="static:css/print-issue.css">
<style>
@font-face { font-family: "Gone"; src: url("static:fonts/Missing.woff2") format("woff2"); }
@font-face { font-family: "Here"; src: url( 'static:fonts/NotoSans-Regular.woff2' ); }
h1::before { content: "url(static:css/print-issue.css)"; }
/* url(static:../../etc/passwd) */
</style></head><body>
<img src="media:photos/not-of-this-issue.jpg?w=100" alt="media:photos/x.jpg?w=100">
<img src="static:../../etc/passwd" alt="static:css/print-issue.css" width="120">
<picture><source srcset="media:photos/x.jpg?w=100 1x, media:photos/x.jpg?w=200 2x"></picture>
<a href="static:css/print-issue.css" title="static:css/print-issue.css">static:x</a>
</body></html>"""


def test_an_address_that_cannot_be_resolved_becomes_a_placeholder_not_an_error(caplog):
    data = inline_resources(UNRESOLVABLE, NoPictures())
    page = read(data.encode())
    assert [image["alt"] for image in page.images] == [
        "media:photos/x.jpg?w=100",
        "static:css/print-issue.css",
    ]
    for image in page.images:
        assert image["src"].startswith("data:image/jpeg;base64,")  # "Picture unavailable"
    assert re.search(r'srcset="data:image/jpeg;base64,\S+ 1x, data:image/jpeg;base64,\S+ 2x"', data)
    assert '<link rel="stylesheet" href="data:text/css,">' in data
    assert 'src: url("data:,") format("woff2")' in data
    assert 'src: url("data:font/woff2;base64,' in data
    # Neither other attributes, nor CSS strings and comments, nor text are touched.
    assert '<link rel="canonical" href="static:css/print-issue.css">' in data
    assert 'content: "url(static:css/print-issue.css)";' in data
    assert "/* url(static:../../etc/passwd) */" in data
    link = '<a href="static:css/print-issue.css" title="static:css/print-issue.css">static:x</a>'
    assert link in data
    assert len(re.findall("could not be embedded", caplog.text)) == 6


def test_everything_else_comes_back_byte_for_byte():
    markup = (
        "<!doctype html><p class=x title=\"a &amp; b\" data-x='static:y'>Caf&eacute; &lt;3 "
        '"static:css/print-issue.css"</p>\n<IMG SRC="https://example.org/x.png" ALT="">'
        "<br/><!-- static:z --><script>var s = 'static:css/print-issue.css';</script>"
    )
    assert inline_resources(markup, NoPictures()) == markup
