"""Factories for every model, grouped by app, filled with names, titles and dates from the
office's 2017 issue. Tests import them from here."""

from .accounts import NotificationPreferenceFactory, UserFactory
from .events import EventFactory, ParticipationFactory
from .mailing import SubscriberFactory
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
from .site import AuditEventFactory

__all__ = [
    "ORGANISATION_NAMES",
    "PERSON_NAMES",
    "AppointmentFactory",
    "AuditEventFactory",
    "ArticleFactory",
    "ArticlePhotoFactory",
    "EventFactory",
    "IssueFactory",
    "NotificationPreferenceFactory",
    "OrganisationFactory",
    "ParticipationFactory",
    "PersonFactory",
    "PhotoFactory",
    "PhotoPersonFactory",
    "ReviewCommentFactory",
    "SubscriberFactory",
    "TermFactory",
    "TopicFactory",
    "UserFactory",
    "shown_in_published_work",
]
