"""What an export prints: an issue's articles in order, their pictures placed, its visits listed."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from events.models import Event, Participation
from unlops.richtext import FIGURE_RE, sanitize_text_with_figures

from ..figures import figure_photos, pictured_line
from ..glossary import load_glossary
from ..models import Article, ArticlePhoto, Photo, PhotoPerson
from ..photos import arrange_photos
from .images import fitted_pixels, media_url

COMPACT_SECTIONS = {Article.Section.HIGH_LEVEL_VISITS}
TWO_COLUMNS_FROM_CHARACTERS = 400


@dataclass
class Figure:
    photo: Photo
    placement: str
    src: str
    width: int
    height: int
    frame_percent: int = 100  # Width of the frame the picture fills, so its caption lines up.

    @property
    def caption(self):
        return self.photo.caption

    @property
    def credit_line(self):
        return self.photo.credit_line

    @property
    def pictured(self):
        """'Pictured, from left: …' for the people pictured whom the caption does not name."""
        return pictured_line(self.photo)

    @property
    def alt(self):
        return self.photo.alt_text or self.photo.caption


@dataclass
class ArticleBlock:
    article: Article
    kicker: str
    lead_figures: list = field(default_factory=list)
    parts: list = field(
        default_factory=list
    )  # (kind, value): ("html", markup) / ("figure", Figure)
    end_figures: list = field(default_factory=list)
    two_columns: bool = True

    @property
    def anchor(self):
        return f"article-{self.article.pk}"

    @property
    def state_label(self):
        return self.article.state_label

    @property
    def is_draft(self):
        return bool(self.state_label)

    @property
    def figures(self):
        return [
            *self.lead_figures,
            *(value for kind, value in self.parts if kind == "figure"),
            *self.end_figures,
        ]


@dataclass
class Visit:
    event: Event
    when: str
    where: str
    visitors: list
    met: list
    status: str = ""  # As of the issue: "Upcoming as of October 2016 – May 2017".


@dataclass
class Section:
    key: str
    label: str
    blocks: list
    visits: list = field(default_factory=list)

    @property
    def compact(self):
        return self.key in COMPACT_SECTIONS

    @property
    def label_is_a_title(self):
        """True when the first article is titled like the section: its title is the heading."""
        return bool(self.blocks) and _same(self.blocks[0].article.title, self.label)


@dataclass
class IssueContent:
    issue: object
    preview: bool
    sections: list
    cover: Figure | None
    abbreviations: list  # glossary.Entry, sorted

    @property
    def blocks(self):
        return [block for section in self.sections for block in section.blocks]

    @property
    def articles(self):
        return [block.article for block in self.blocks]

    @property
    def figures(self):
        figures = [self.cover] if self.cover else []
        return figures + [figure for block in self.blocks for figure in block.figures]

    @property
    def image_names(self):
        return {figure.photo.image.name for figure in self.figures if figure.photo.image}

    @property
    def has_drafts(self):
        return not self.issue.is_published() or any(block.is_draft for block in self.blocks)


def _same(a, b):
    return a.strip().casefold() == str(b).strip().casefold()


PICTURED = PhotoPerson.objects.select_related("person")


def article_queryset(issue, *, preview):
    """The articles an export shows: only published ones, unless staff preview the issue."""
    articles = issue.articles.all() if preview else Article.objects.published().filter(issue=issue)
    participations = Participation.objects.select_related("person").prefetch_related(
        "person__appointments"
    )
    return articles.order_by("position", "pk").prefetch_related(
        "topics",
        "corrections",
        Prefetch(
            "article_photos",
            queryset=ArticlePhoto.objects.select_related("photo")
            .prefetch_related(Prefetch("photo__pictured", queryset=PICTURED))
            .order_by("position", "pk"),
        ),
        Prefetch(
            "events",
            queryset=Event.objects.visits()
            .order_by("start_date", "pk")
            .prefetch_related(Prefetch("participations", queryset=participations)),
            to_attr="visit_events",
        ),
    )


def collect(issue, *, profile, preview=False):
    """Everything an export of ``issue`` prints, pictures sized by ``profile``, in a handful of
    queries."""
    articles = list(article_queryset(issue, preview=preview))
    for article in articles:
        article.issue = issue  # Read once, not once per article.
    # The photos placed in the texts, all at once; a public export shows only public ones.
    figure_photos(articles, public=not preview)
    blocks = [
        _block(
            article,
            profile,
            cover_photo_id=issue.cover_photo_id,
            compact=article.section in COMPACT_SECTIONS,
        )
        for article in articles
    ]
    sections = []
    for block in blocks:
        key = block.article.section
        if sections and sections[-1].key == key:
            sections[-1].blocks.append(block)
        else:
            label = block.article.get_section_display()
            sections.append(Section(key=key, label=label, blocks=[block]))
    for section in sections:
        if section.compact:
            section.visits = _visits(section.blocks)
        for index, block in enumerate(section.blocks):
            repeats_section = index > 0 or _same(block.article.title, section.label)
            block.kicker = "" if repeats_section else section.label
    cover = None
    if issue.cover_photo_id:
        cover_photo = Photo.objects.prefetch_related(Prefetch("pictured", queryset=PICTURED)).get(
            pk=issue.cover_photo_id
        )
        cover = _figure(cover_photo, "cover", profile)
    # What the articles shown (and the foreword) use: a public export shows only what is public.
    abbreviations = load_glossary(articles=[article.pk for article in articles], issue=issue)
    return IssueContent(
        issue=issue,
        preview=preview,
        sections=sections,
        cover=cover,
        abbreviations=abbreviations.entries,
    )


def _figure(photo, placement, profile):
    frame = getattr(profile, placement)
    max_height = getattr(profile, f"{placement}_max_height")
    width = fitted_pixels(photo, max_width_px=frame, max_height_px=max_height)
    height = round(width * photo.height / photo.width) if photo.width and photo.height else 0
    percent = 100
    if max_height and photo.width and photo.height:
        percent = min(100, round(100 * max_height * photo.width / photo.height / frame))
    src = media_url(photo.image.name, width=width, quality=profile.quality)
    return Figure(
        photo=photo,
        placement=placement,
        src=src,
        width=width,
        height=height,
        frame_percent=percent,
    )


def _block(article, profile, *, cover_photo_id=None, compact=False):
    uses = article.article_photos.all()
    # The cover already shows its photo, with its caption; a photo without a file prints nothing.
    left_out = {cover_photo_id, *(use.photo_id for use in uses if not use.photo.image)}
    photos = arrange_photos(uses, exclude=left_out, all_insets=compact)
    insets = [_figure(use.photo, "inset", profile) for use in photos.insets]
    # Sanitised again here, before the headings are demoted past the allow-list's h3.
    blocks = split_lists(split_blocks(demote_headings(sanitize_text_with_figures(article.body))))
    parts = _text_parts(blocks, getattr(article, "figure_photos", {}), profile)
    texts = [position for position, (kind, _value) in enumerate(parts) if kind == "html"]
    # Inset pictures spread evenly through the text, each after a paragraph.
    for index, figure in reversed(list(enumerate(insets))):
        after = max(1, round((index + 1) * len(texts) / (len(insets) + 1))) if texts else 0
        at = texts[after - 1] + 1 if after else 0
        parts.insert(min(at, len(parts)), ("figure", figure))
    text_length = len(strip_tags(article.body))
    return ArticleBlock(
        article=article,
        kicker="",
        lead_figures=[_figure(photos.lead.photo, "full", profile)] if photos.lead else [],
        parts=parts,
        end_figures=[_figure(use.photo, "full", profile) for use in photos.after],
        two_columns=text_length >= TWO_COLUMNS_FROM_CHARACTERS,
    )


def _text_parts(blocks, photos, profile):
    """The body's blocks as parts: a photo placed in the text becomes a figure where it stands
    (none if its photo is not shown here); one placed inside a list or a quotation is left out."""
    parts = []
    for markup in blocks:
        reference = FIGURE_RE.fullmatch(markup)
        if reference:
            photo = photos.get(int(reference[1]))
            if photo is not None and photo.image:
                parts.append(("figure", _figure(photo, reference[2], profile)))
        else:
            markup = FIGURE_RE.sub("", markup)
            parts.append(("html", mark_safe(markup)))  # noqa: S308 - nh3 output
    return parts


def _visits(blocks):
    seen, visits = set(), []
    for block in blocks:
        for event in block.article.visit_events:
            if event.pk in seen:
                continue
            seen.add(event.pk)
            visitors, met = [], []
            for participation in event.participations.all():
                person = participation.person
                title = (
                    person.described_on(event.start_date, until=event.end_date)
                    if event.start_date
                    else ""
                )
                entry = {"person": person, "title": title}
                if participation.role == Participation.Role.VISITOR:
                    visitors.append(entry)
                elif participation.role in {Participation.Role.MET_WITH, Participation.Role.HOST}:
                    met.append(entry)
            visits.append(
                Visit(
                    event=event,
                    when=event.dates_display,
                    where=event.place_display,
                    visitors=visitors,
                    met=met,
                    status=event.status_label(issue=block.article.issue),
                )
            )
    visits.sort(key=lambda visit: (visit.event.start_date is None, visit.event.start_date))
    return visits


HEADING_RE = re.compile(r"<(/?)h([2-5])\b", re.IGNORECASE)


def demote_headings(html):
    """Headings in a body sit under the article's own title: h2 becomes h3, h3 becomes h4."""
    return HEADING_RE.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html or "")


TAG_RE = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
VOID_TAGS = {"br", "hr", "img", "wbr"}
BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "blockquote",
    "div",
    "table",
    "figure",
}


def split_blocks(html, *, block_tags=BLOCK_TAGS, wrap_loose=True):
    """Split sanitised markup into its top-level blocks; loose inline text becomes a paragraph."""
    blocks, depth, block_start, loose_start = [], 0, 0, 0

    def loose(text):
        if wrap_loose and strip_tags(text).strip():
            blocks.append(f"<p>{text.strip()}</p>")

    for match in TAG_RE.finditer(html):
        closing, tag = match[1] == "/", match[2].lower()
        if depth == 0:
            if tag in block_tags and not closing:
                loose(html[loose_start : match.start()])
                block_start, depth = match.start(), 1
        elif tag not in VOID_TAGS:
            depth += -1 if closing else 1
            if depth == 0:
                blocks.append(html[block_start : match.end()])
                loose_start = match.end()
    if depth:
        blocks.append(html[block_start:])
    else:
        loose(html[loose_start:])
    return blocks


LIST_RE = re.compile(r"^<(ul|ol)>(.*)</\1>$", re.DOTALL | re.IGNORECASE)


def split_lists(blocks):
    """One block per list item, so pictures can sit between the items of a long list."""
    result = []
    for block in blocks:
        match = LIST_RE.match(block)
        items = split_blocks(match[2], block_tags={"li"}, wrap_loose=False) if match else []
        if len(items) < 2:
            result.append(block)
            continue
        tag = match[1].lower()
        for number, item in enumerate(items, start=1):
            start = f' start="{number}"' if tag == "ol" and number > 1 else ""
            result.append(f'<{tag} class="list-part"{start}>{item}</{tag}>')
    return result
