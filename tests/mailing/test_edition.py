"""The mailed edition: the e-mail export with hosted pictures, a text part, one placeholder."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from newsletters.export import formats
from newsletters.export.content import collect
from newsletters.export.documents import build, render_source
from newsletters.export.images import media_url
from newsletters.mailing.edition import (
    TEXT_WIDTH,
    UNSUBSCRIBE_PLACEHOLDER,
    EditionError,
    HostedPictures,
    render_edition,
)
from newsletters.models import Article, Issue, Photo
from tests.export.issue_builder import DRAFT_TITLE, TITLES, build_issue, jpeg_upload
from tests.export.test_export_html import audit
from tests.factories import ArticleFactory, ArticlePhotoFactory, IssueFactory, PhotoFactory
from tests.security.test_hostile_text import (  # noqa: F401 - the fixture is used by name
    assert_harmless,
    hostile,
    label,
)

pytestmark = pytest.mark.django_db
SITE = "https://news.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def issue(db):
    return build_issue()[0]


def local_path(url):
    assert url.startswith(f"{SITE}/"), url
    return url.removeprefix(SITE)


def test_every_picture_is_a_public_rendition_at_an_absolute_url(issue):
    edition = render_edition(issue)
    page = audit(edition.html.encode())
    assert len(page.images) == 1 + 3  # The cover and one picture per article.
    anonymous = Client()
    for image in page.images:
        assert image["alt"]
        src = image["src"]
        assert re.fullmatch(rf"{SITE}/media/renditions/photos/.+/\d+\.jpg", src), src
        # The public fetches exactly that file, with no grant and no session.
        response = anonymous.get(local_path(src))
        assert response.status_code == 200, src
        assert response["Content-Type"] == "image/jpeg"
    for url in page.loads:
        assert url.startswith(f"{SITE}/"), url
    assert "data:" not in edition.html
    assert "media:" not in edition.html and "static:" not in edition.html


def test_the_downloadable_email_file_still_embeds_its_pictures(issue):
    data = build(render_source(issue, formats.get("email"))).data.decode()
    page = audit(data.encode())
    assert page.images and all(i["src"].startswith("data:image/jpeg;") for i in page.images)
    # The mailed edition's own links are not in the download.
    assert UNSUBSCRIBE_PLACEHOLDER not in data
    assert "Read this issue on the web" not in data


def test_a_rendition_wide_enough_for_the_column_is_chosen(issue):
    sources = [i["src"] for i in audit(render_edition(issue).html.encode()).images]
    widths = {int(src.rsplit("/", 1)[1].split(".")[0]) for src in sources}
    # The e-mail profile asks for 900 px (1.5 × the 600 px column): the 1200 px rendition.
    assert widths == {1200}


def test_a_picture_the_public_may_not_fetch_is_never_linked(issue):
    # A draft article's photo, placed in a published article's text: the published article
    # shows it only once the photo is public, and nothing links it before.
    private = PhotoFactory(image=jpeg_upload("private.jpg"), caption="Private picture")
    article = issue.articles.filter(status="published").first()
    Article.objects.filter(pk=article.pk).update(
        body=f'{article.body}<figure data-photo="{private.pk}" data-placement="full"></figure>'
    )
    edition = render_edition(issue)
    assert private.image.name not in edition.html
    assert "Private picture" not in edition.html
    assert DRAFT_TITLE not in edition.html


def test_the_resolver_refuses_a_draft_photo_even_when_asked(db):
    # Staff's preview content holds the draft article's photo; the hosted resolver, given it,
    # still links only what the media view would serve the public.
    issue, _articles, draft = build_issue()
    secret = PhotoFactory(image=jpeg_upload("secret.jpg"), caption="Draft photo")
    ArticlePhotoFactory(article=draft, photo=secret)
    content = collect(issue, profile=formats.get("email").profile, preview=True)
    figures = [figure for figure in content.figures if figure.photo == secret]
    assert figures, "the preview shows the draft's photo"
    resolver = HostedPictures(content)
    assert resolver.address(figures[0].src, kind="picture", width=900) is None
    public = next(figure for figure in content.figures if figure.photo != secret)
    assert resolver.address(public.src, kind="picture", width=900).startswith(SITE)
    # A crafted address for a file the issue does not print names nothing.
    crafted = media_url(secret.image.name.replace("secret", "other"), width=900)
    assert resolver.address(crafted, kind="picture") is None


def test_a_picture_that_stops_being_public_is_left_out(issue, monkeypatch):
    # The resolver asks the media view's own rule: here it says no to every photo.
    from unlops import publicity

    monkeypatch.setattr(publicity, "is_public", lambda obj, **kwargs: False)
    edition = render_edition(issue)
    assert audit(edition.html.encode()).images == []
    # The captions stay as text: the reader loses the picture, not the words.
    assert f"Photo for {TITLES[0]}" in edition.html


def test_an_unpublished_issue_is_not_mailed(db):
    unpublished = build_issue(published=False, slug="not-yet")
    with pytest.raises(EditionError):
        render_edition(unpublished[0])


def test_the_edition_links_the_web_issue_the_pdf_and_the_unsubscribe_placeholder(issue):
    edition = render_edition(issue)
    web = f"{SITE}{issue.get_absolute_url()}"
    pdf = f"{SITE}{reverse('newsletters:issue-download', args=[issue.slug, 'pdf'])}"
    links = audit(edition.html.encode()).links
    assert web in links and pdf in links
    assert links.count(UNSUBSCRIBE_PLACEHOLDER) == 1
    assert web in edition.text and pdf in edition.text
    assert edition.text.count(UNSUBSCRIBE_PLACEHOLDER) == 1
    # Each link the reader may follow goes to the site, as it is, never through a redirector.
    for href in links:
        assert href.startswith(("#", f"{SITE}/", UNSUBSCRIBE_PLACEHOLDER)), href


def test_personalised_puts_the_recipients_link_in_both_parts(issue):
    edition = render_edition(issue)
    url = f"{SITE}/newsletter/unsubscribe/abc:def&x/"
    html, text = edition.personalised(unsubscribe_url=url)
    assert 'href="https://news.example.org/newsletter/unsubscribe/abc:def&amp;x/"' in html
    assert url in text.splitlines()
    assert UNSUBSCRIBE_PLACEHOLDER not in html + text


def test_the_placeholder_typed_in_an_article_stays_text(issue):
    article = issue.articles.filter(status="published").first()
    Article.objects.filter(pk=article.pk).update(
        title=f"Typed {UNSUBSCRIBE_PLACEHOLDER}", standfirst=UNSUBSCRIBE_PLACEHOLDER
    )
    edition = render_edition(issue)
    assert edition.html.count(UNSUBSCRIBE_PLACEHOLDER) == 1
    assert edition.text.count(UNSUBSCRIBE_PLACEHOLDER) == 1
    html, text = edition.personalised(unsubscribe_url="https://x.example/u/")
    assert "Typed" in text and text.count("https://x.example/u/") == 1


def test_the_text_part_lists_each_published_article_wrapped(issue):
    edition = render_edition(issue)
    text = edition.text
    assert issue.period_display in text
    for article in Article.objects.published().filter(issue=issue):
        assert article.title in text
        assert f"{SITE}{article.get_absolute_url()}" in text
        if article.standfirst:
            assert " ".join(article.standfirst.split()[:3]) in text
    assert DRAFT_TITLE not in text
    for line in text.splitlines():
        assert len(line) <= TEXT_WIDTH or line.split()[-1].startswith("http"), line


def test_the_text_part_never_breaks_a_link(db):
    issue = IssueFactory(published=True, slug="a-" + "very-long-slug-" * 6)
    ArticleFactory(
        issue=issue, published=True, title="Word " * 40, standfirst="Long standfirst " * 20
    )
    text = render_edition(issue).text
    assert f"{SITE}{issue.get_absolute_url()}" in text.splitlines()
    assert max(len(line) for line in text.splitlines() if "http" not in line) <= TEXT_WIDTH


def test_rendering_is_deterministic(issue):
    first = render_edition(issue)
    assert render_edition(Issue.objects.get(pk=issue.pk)) == first


def test_the_subject_names_the_issue_and_its_period(issue):
    subject = render_edition(issue).subject
    assert issue.period_display in subject and issue.title in subject
    assert "\n" not in subject


def test_french_edition(issue):
    edition = render_edition(issue, language="fr")
    assert '<html lang="' in edition.html
    assert edition.text


def test_edition_runs_nothing_and_has_no_form(issue):
    edition = render_edition(issue)
    # The checks every export passes, and stricter: not even data: pictures.
    assert_harmless(edition.html, "mailed edition", data_images=False, forms=False)
    page = audit(edition.html.encode())
    assert "script" not in page.tags and "form" not in page.tags and "iframe" not in page.tags
    assert "style" not in page.tags, "mail clients drop <style>"
    assert not page.errors and page.stack == []


def test_hostile_issue_runs_nothing_in_either_part(hostile):  # noqa: F811
    issue, rows = hostile
    edition = render_edition(issue)
    assert_harmless(edition.html, "mailed edition", data_images=False, forms=False)
    assert all(label(index) in edition.html for index, *_ in rows)
    assert all(label(index) in edition.text for index, *_ in rows)
    # The text part is text: the payloads stay as typed, nothing was made of them.
    assert "<script>alert(1)</script>" in edition.text


def test_no_tracking_pixel(issue):
    images = audit(render_edition(issue).html.encode()).images
    photos = {photo.image.name for photo in Photo.objects.all()}
    for image in images:
        # Every picture is a photo's rendition with its size: none is a 1 px beacon.
        assert any(f"/renditions/{name}/" in image["src"] for name in photos), image["src"]
        assert int(image["width"]) > 1
