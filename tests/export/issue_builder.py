"""An issue to export: a cover, public articles with pictures, a visits section and a draft."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Event, Participation
from newsletters.models import Article, Photo
from tests.factories import (
    ArticleFactory,
    EventFactory,
    IssueFactory,
    PersonFactory,
    PhotoFactory,
)

PARAGRAPH = (
    "The United Nations and the European Union met in Brussels to take stock of their "
    "cooperation on peace and security, from conflict prevention to crisis management, and to "
    "agree on the next steps for their partnership in the field. "
)
TITLES = [
    "Secretary-General addresses the European Parliament",
    "New Head of Peacekeeping engages European partners",
    "Conflict Prevention Dialogue",
]
DRAFT_TITLE = "Unpublished note on the Libya Quartet"
VISITS_TITLE = "High-level visits"


def jpeg_upload(name="photo.jpg", *, width=1600, height=1000, color=(0, 94, 140)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def body(paragraphs=4):
    return "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(paragraphs))


def build_issue(*, published=True, slug="issue-export"):
    """An issue with a cover, three public articles, a visits section and one draft."""
    cover = PhotoFactory(
        image=jpeg_upload("cover.jpg", width=2400, height=1600),
        caption="The Secretary-General speaks to the European Parliament",
        credit="European Parliament",
        alt_text="A man speaks at a lectern in a large chamber",
    )
    issue = IssueFactory(slug=slug, published=published, cover_photo=cover)
    state = {"published": True} if published else {"status": "published"}
    articles = []
    for position, title in enumerate(TITLES, start=1):
        article = ArticleFactory(
            issue=issue,
            position=position,
            title=title,
            body=body(5 if position == 1 else 3),
            section=Article.Section.FEATURE if position < 3 else Article.Section.PARTNERSHIP,
            photos=[
                PhotoFactory(
                    image=jpeg_upload(f"photo-{position}.jpg"),
                    caption=f"Photo for {title}",
                    credit=f"Credit holder {position}",
                )
            ],
            photos__placement=Photo.Placement.FULL if position == 1 else Photo.Placement.INSET,
            **state,
        )
        articles.append(article)
    event = EventFactory(
        kind=Event.Kind.HIGH_LEVEL_VISIT,
        title="Visit of the USG for Peacekeeping Operations to Brussels",
        start_date=datetime.date(2017, 5, 4),
        end_date=datetime.date(2017, 5, 5),
        city="Brussels",
        country="Belgium",
        participants=[
            (PersonFactory(name="Jean-Pierre Lacroix"), Participation.Role.VISITOR),
            (PersonFactory(name="Steven Vandeput"), Participation.Role.MET_WITH),
        ],
    )
    visits = ArticleFactory(
        issue=issue,
        position=4,
        title=VISITS_TITLE,
        section=Article.Section.HIGH_LEVEL_VISITS,
        body=body(2),
        events=[event],
        **state,
    )
    articles.append(visits)
    draft = ArticleFactory(issue=issue, position=5, title=DRAFT_TITLE, body=body(1))
    return issue, articles, draft
