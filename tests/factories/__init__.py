"""Factories for every model, grouped by app, filled with names, titles and dates from the
office's 2017 issue. Tests import them from here."""

from .accounts import UserFactory
from .events import EventFactory, ParticipationFactory
from .newsletters import (
    ArticleFactory,
    ArticlePhotoFactory,
    IssueFactory,
    PhotoFactory,
    PhotoPersonFactory,
    ReviewCommentFactory,
    TermFactory,
    TopicFactory,
    shown_in_published_work,
)
from .people import (
    ORGANISATION_NAMES,
    PERSON_NAMES,
    AppointmentFactory,
    OrganisationFactory,
    PersonFactory,
)

__all__ = [
    "ORGANISATION_NAMES",
    "PERSON_NAMES",
    "AppointmentFactory",
    "ArticleFactory",
    "ArticlePhotoFactory",
    "EventFactory",
    "IssueFactory",
    "OrganisationFactory",
    "ParticipationFactory",
    "PersonFactory",
    "PhotoFactory",
    "PhotoPersonFactory",
    "ReviewCommentFactory",
    "TermFactory",
    "TopicFactory",
    "UserFactory",
    "shown_in_published_work",
]
