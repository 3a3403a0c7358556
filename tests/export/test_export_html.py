"""The standalone HTML file and its e-mail variant: self-contained, complete, and nothing more."""

import base64
import io
import re
from html.parser import HTMLParser

import pytest
from PIL import Image

from newsletters.export import formats
from newsletters.export.documents import build, render_source
from newsletters.export.formats import Audience
from tests.export.issue_builder import DRAFT_TITLE

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
INLINE = {"br", "strong", "em", "b", "i"}
# Attributes that make a browser load something.
LOADING = {"src", "srcset", "poster", "data", "background", "action", "formaction"}


class Audit(HTMLParser):
    """Collects what a file would load, its links, text, structure and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads, self.links, self.styles, self.errors = [], [], [], []
        self.stack, self.ids, self.tags = [], [], []
        self.text, self.images, self.unstyled = [], [], []
        self.in_body = False
        self._style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "body":
            self.in_body = True
        if tag not in VOID:
            self.stack.append(tag)
        self._note_attributes(attrs)
        if tag == "link":
            self.loads.append(attributes.get("href", ""))
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag == "img":
            self.images.append(attributes)
        if self.in_body and "style" not in attributes and tag not in INLINE:
            self.unstyled.append(tag)
        self._style = tag == "style"

    def _note_attributes(self, attrs):
        for name, value in attrs:
            if name in LOADING:
                self.loads.append(value or "")
            if name == "style":
                self.styles.append(value or "")
            if name == "id":
                self.ids.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self._style = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._style:
            self.styles.append(data)
        else:
            self.text.append(data)

    @property
    def words(self):
        return re.sub(r"\s+", " ", " ".join(self.text))


def audit(data):
    parser = Audit()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


def export(issue, fmt="html", *, preview=False):
    audience = Audience.PREVIEW if preview else Audience.PUBLIC
    return build(render_source(issue, formats.get(fmt), audience=audience)).data


def assert_self_contained(page):
    assert page.loads, "nothing embedded at all?"
    for url in page.loads:
        assert url.startswith("data:"), f"loads {url[:80]!r}"
    for css in page.styles:
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            assert url.startswith("data:"), f"CSS loads {url[:80]!r}"
        assert "@import" not in css
    for href in page.links:
        # Links are followed only when clicked; none may depend on where the file is.
        assert href.startswith(("#", "https://", "http://", "mailto:")), href
    assert "script" not in page.tags
    assert "iframe" not in page.tags


@pytest.mark.parametrize("fmt", ["html", "email"])
def test_export_is_self_contained_and_well_formed(export_issue, fmt):
    data = export(export_issue[0], fmt)
    page = audit(data)
    assert_self_contained(page)
    assert not page.errors
    assert page.stack == []
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    text = data.decode()
    assert text.startswith("<!doctype html>")
    assert '<html lang="en">' in text
    assert '<meta charset="utf-8">' in text
    assert re.search(r"<title>[^<]+</title>", text)
    assert "media:" not in text and "static:" not in text


@pytest.mark.parametrize("fmt", ["html", "email"])
def test_every_picture_is_embedded_resized_and_described(export_issue, fmt):
    issue, articles, _ = export_issue
    page = audit(export(issue, fmt))
    # The cover and one picture per article.
    assert len(page.images) == 1 + 3
    widest = formats.get(fmt).profile.full
    for image in page.images:
        assert image["alt"]
        assert image["src"].startswith("data:image/jpeg;base64,")
        data = base64.b64decode(image["src"].split(",", 1)[1])
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "JPEG"
            assert picture.width <= widest


@pytest.mark.parametrize("fmt", ["html", "email"])
def test_public_export_has_every_published_article_and_no_draft(export_issue, fmt):
    issue, articles, _ = export_issue
    page = audit(export(issue, fmt))
    for article in articles:
        assert article.title in page.words
    assert DRAFT_TITLE not in page.words
    assert "Credit: Credit holder 1" in page.words


def test_staff_preview_shows_drafts_and_says_so(export_issue):
    issue, articles, _ = export_issue
    page = audit(export(issue, preview=True))
    assert DRAFT_TITLE in page.words
    assert "Preview for staff" in page.words
    assert page.words.count("Draft") == 1  # The draft's badge; published articles carry none.
    assert "Preview for staff" not in audit(export(issue)).words


def test_standalone_html_embeds_the_shipped_fonts(export_issue):
    text = export(export_issue[0]).decode()
    faces = re.findall(r"@font-face\s*{[^}]*}", text)
    assert len(faces) == 6
    assert all('url("data:font/woff2;base64,' in face for face in faces)


def test_email_styles_every_element_inline(export_issue):
    page = audit(export(export_issue[0], "email"))
    assert "style" not in page.tags, "mail clients drop <style>"
    allowed_plain = {"div", "span"}  # Containers that only group styled children.
    assert set(page.unstyled) <= allowed_plain, set(page.unstyled)
