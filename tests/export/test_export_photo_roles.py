"""One arrangement of photos: the web page and the exports give each photo the same role."""

from types import SimpleNamespace

import pytest

from newsletters.export import formats
from newsletters.export.content import collect
from newsletters.models import Article, Photo
from newsletters.photos import arrange_photos
from tests.export.issue_builder import jpeg_upload
from tests.factories import ArticleFactory, ArticlePhotoFactory, IssueFactory, PhotoFactory

FULL, INSET = Photo.Placement.FULL, Photo.Placement.INSET


def use(photo_id, placement):
    return SimpleNamespace(photo_id=photo_id, placement=placement)


def ids(uses):
    return [u.photo_id for u in uses]


def test_the_first_photo_leads_if_full_width():
    lead, insets, after = arrange_photos([use(1, FULL), use(2, INSET), use(3, FULL)])
    assert (lead.photo_id, ids(insets), ids(after)) == (1, [2], [3])


def test_an_inset_first_means_no_lead():
    lead, insets, after = arrange_photos([use(1, INSET), use(2, FULL)])
    assert (lead, ids(insets), ids(after)) == (None, [1], [2])


def test_excluded_photos_are_left_out_before_the_lead_is_chosen():
    lead, insets, after = arrange_photos([use(1, FULL), use(2, FULL), use(3, INSET)], exclude={1})
    assert (lead.photo_id, ids(insets), ids(after)) == (2, [3], [])


def test_all_insets():
    lead, insets, after = arrange_photos([use(1, FULL), use(2, INSET)], all_insets=True)
    assert (lead, ids(insets), ids(after)) == (None, [1, 2], [])


def roles_on_the_page(client, article):
    response = client.get(article.get_absolute_url())
    shown = response.context["article"]
    return (
        [shown.lead_photo.photo.caption] if shown.lead_photo else [],
        [u.photo.caption for u in shown.inset_photos],
        [u.photo.caption for u in shown.more_photos],
    )


def roles_in_the_export(issue, fmt):
    (block,) = collect(issue, profile=formats.get(fmt).profile).blocks
    return (
        [figure.caption for figure in block.lead_figures],
        [value.caption for kind, value in block.parts if kind == "figure"],
        [figure.caption for figure in block.end_figures],
    )


@pytest.mark.parametrize(
    "placements",
    [
        [FULL, INSET, FULL, INSET],
        [INSET, FULL, INSET],
        [FULL, FULL],
        [INSET, INSET],
    ],
    ids=["lead-insets-after", "inset-first", "two-full", "insets-only"],
)
def test_page_and_exports_agree(client, db, placements):
    issue = IssueFactory(published=True)
    article = ArticleFactory(
        issue=issue,
        published=True,
        section=Article.Section.FEATURE,
        body="".join(f"<p>Paragraph {n}.</p>" for n in range(6)),
    )
    for position, placement in enumerate(placements, start=1):
        photo = PhotoFactory(image=jpeg_upload(f"p{position}.jpg"), caption=f"Photo {position}")
        ArticlePhotoFactory(article=article, photo=photo, position=position, placement=placement)
    page = roles_on_the_page(client, article)
    assert sum(map(len, page)) == len(placements)
    for fmt in ("pdf", "html", "email"):
        assert roles_in_the_export(issue, fmt) == page, fmt


def test_exports_leave_the_cover_out_and_make_compact_sections_insets(client, db):
    cover = PhotoFactory(image=jpeg_upload("cover.jpg"), caption="The cover")
    issue = IssueFactory(published=True, cover_photo=cover)
    article = ArticleFactory(
        issue=issue, published=True, section=Article.Section.HIGH_LEVEL_VISITS, body="<p>A.</p>"
    )
    ArticlePhotoFactory(article=article, photo=cover, position=1, placement=FULL)
    other = PhotoFactory(image=jpeg_upload("other.jpg"), caption="Another")
    ArticlePhotoFactory(article=article, photo=other, position=2, placement=FULL)
    # The page shows both, as the editor placed them...
    assert roles_on_the_page(client, article) == (["The cover"], [], ["Another"])
    # ...the export prints the cover once, on the cover, and a visit's photo beside its text.
    assert roles_in_the_export(issue, "pdf") == ([], ["Another"], [])
