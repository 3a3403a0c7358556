"""Where an article's photos go, for its pages and its exports alike."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import ArticlePhoto, Photo, PhotoPerson


def photos_prefetch(lookup="article_photos"):
    """An article's photos in order, with the people they show from left to right."""
    return Prefetch(
        lookup,
        queryset=ArticlePhoto.objects.select_related("photo").prefetch_related(
            Prefetch("photo__pictured", queryset=PhotoPerson.objects.select_related("person"))
        ),
    )


@dataclass(frozen=True)
class PhotoArrangement:
    """An article's photo uses by role: a lead above the text, insets with it, the rest after."""

    lead: ArticlePhoto | None
    insets: list
    after: list

    def __iter__(self):
        return iter((self.lead, self.insets, self.after))


def arrange_photos(uses, *, exclude=(), all_insets=False):
    """Place an article's photo uses (in their order) in their roles.

    The first photo leads if it is full width, so editors choose the lead by order; insets go
    with the text; every other full-width photo follows it. ``exclude`` leaves out photos by id
    (an export prints its cover apart); ``all_insets`` makes every photo an inset (an export's
    compact sections, where a full-width picture would outweigh a short note).
    """
    uses = [use for use in uses if use.photo_id not in exclude]
    if all_insets:
        return PhotoArrangement(lead=None, insets=uses, after=[])
    lead = uses.pop(0) if uses and uses[0].placement == Photo.Placement.FULL else None
    return PhotoArrangement(
        lead=lead,
        insets=[use for use in uses if use.placement == Photo.Placement.INSET],
        after=[use for use in uses if use.placement != Photo.Placement.INSET],
    )
