from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Organisation, Person
from unlops.dates import COARSE, DatePrecision, DateSpan
from unlops.publicity import PublicQuerySet
from unlops.querysets import SlugKeyedQuerySet
from unlops.search_vectors import VECTOR_NAMES, WithoutVectorsManager, search_vector

from .status import EventStatus, status_label


class EventQuerySet(PublicQuerySet, SlugKeyedQuerySet):
    def with_participants(self):
        return self.prefetch_related(
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person").order_by("position", "pk"),
            )
        )

    def visits(self):
        return self.filter(kind=Event.Kind.HIGH_LEVEL_VISIT)

    def held_by(self, day):
        """Events known to have taken place, started by ``day``: what pages call recent."""
        return self.filter(status=EventStatus.HELD, start_date__lte=day)

    def coming_from(self, day):
        """Planned events whose dates have not all passed by ``day``."""
        return self.filter(
            Q(end_date__gte=day) | Q(alternative_start_date__gte=day),
            status=EventStatus.PLANNED,
        )

    def newest_first(self):
        """Latest first; an event known only to its year after its year's months, so that it
        never sits among (and splits) the events of a January."""
        return self.alias(
            month_unknown=models.Case(
                models.When(date_precision=DatePrecision.YEAR, then=models.Value(1)),
                default=models.Value(0),
            )
        ).order_by(models.F("start_date").desc(nulls_last=True), "month_unknown", "title")


class Event(models.Model):
    """Something that happened on a date, somewhere: a visit, dialogue, briefing or summit."""

    # What the search reads, with its weight: A counts most.
    search_weights = {"title": "A", "summary": "B", "venue": "C", "city": "C", "country": "C"}

    class Kind(models.TextChoices):
        HIGH_LEVEL_VISIT = "high-level-visit", _("High-level visit")
        DIALOGUE = "dialogue", _("Dialogue")
        BRIEFING = "briefing", _("Briefing")
        MEETING = "meeting", _("Meeting")
        CONFERENCE = "conference", _("Conference")
        SUMMIT = "summit", _("Summit")
        MINISTERIAL = "ministerial", _("Ministerial")
        DONOR_CONFERENCE = "donor-conference", _("Donor conference")
        PLENARY_ADDRESS = "plenary-address", _("Plenary address")
        ELECTION = "election", _("Election")
        OTHER = "other", _("Other")

    Status = EventStatus

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("For an event known only to the month or year, its first day."),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Same as the start for a one-day event; for a month, its last day."),
    )
    date_precision = models.CharField(
        _("date known to"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How exactly the date is known; pages print no more than that."),
    )
    alternative_start_date = models.DateField(
        _("or else on"),
        null=True,
        blank=True,
        help_text=_(
            "Where the sources give two dates, the other one (at the same precision): pages print "
            "both, joined by “or”. Say which source gives which in the date note."
        ),
    )
    date_note = models.CharField(_("date note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.HELD,
        help_text=_(
            "Planned: announced as coming, not yet known to have taken place; pages say so, as of "
            "the issue that reported it. Mark it held once a source says it took place."
        ),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="events", blank=True
    )
    participants = models.ManyToManyField(
        Person, through="Participation", related_name="events", blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_events",
        help_text=_("A meeting held on the margins of a larger event, say."),
    )
    summary = models.TextField(_("summary"), blank=True)
    search_vector_en = search_vector("en", search_weights)
    search_vector_fr = search_vector("fr", search_weights)

    objects = WithoutVectorsManager.from_queryset(EventQuerySet)()
    history = HistoricalRecords(excluded_fields=VECTOR_NAMES)

    class Meta:
        ordering = ["-start_date", "title"]
        get_latest_by = "start_date"
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="events_event_ends_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=False) | Q(date_precision=DatePrecision.UNKNOWN),
                name="events_event_dated_unless_unknown",
            ),
            models.CheckConstraint(
                condition=Q(alternative_start_date__isnull=True) | Q(start_date__isnull=False),
                name="events_event_alternative_needs_a_start",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date"]),
            models.Index(fields=["kind", "start_date"]),
            models.Index(fields=["status", "start_date"]),
        ]

    def __str__(self):
        dates = self.dates_display
        return f"{self.title} ({dates})" if dates else self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An event ends on or after the day it starts.")})
        if self.start_date is None and self.date_precision != DatePrecision.UNKNOWN:
            raise ValidationError(
                {"start_date": _("Give a start date, or mark the date as unknown.")}
            )
        if self.alternative_start_date and self.start_date is None:
            raise ValidationError(
                {"alternative_start_date": _("Give the first date before a second one.")}
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:120]
        if self.start_date and not self.end_date:
            # A month or a year ends on its last day: the end is the last day it can have been.
            self.end_date = (
                DateSpan(self.start_date, None, self.date_precision).last_day
                if self.date_precision in COARSE
                else self.start_date
            )
        super().save(*args, **kwargs)

    @property
    def date_span(self):
        return DateSpan(
            self.start_date, self.end_date, self.date_precision, self.alternative_start_date
        )

    @property
    def dates_display(self):
        return str(self.date_span)

    def status_label(self, *, issue=None, reported_in=None, today=None):
        """What a page says of whether the event took place (see events.status)."""
        return status_label(self, issue=issue, reported_in=reported_in, today=today)

    @cached_property
    def status_note(self):
        """The status as of today; pages inside an issue, and those that know which issue
        reported the event, set it from ``status_label``."""
        return self.status_label()

    @property
    def place_display(self):
        return ", ".join(part for part in (self.venue, self.city, self.country) if part)


class ParticipationQuerySet(models.QuerySet):
    def get_by_natural_key(self, event_slug, person_slug, role):
        return self.get(event__slug=event_slug, person__slug=person_slug, role=role)

    def published(self):
        """Parts in events the public may see."""
        return self.filter(event__in=Event.objects.published())


class Participation(models.Model):
    """A person's part in an event: visitor, host, co-chair, speaker, met with."""

    class Role(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        HOST = "host", _("Host")
        CO_CHAIR = "co-chair", _("Co-chair")
        SPEAKER = "speaker", _("Speaker")
        BRIEFER = "briefer", _("Briefer")
        MET_WITH = "met-with", _("Met with")
        ATTENDEE = "attendee", _("Attendee")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ATTENDEE)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"], name="events_participation_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}) at {self.event.title}"

    def natural_key(self):
        return (*self.event.natural_key(), *self.person.natural_key(), self.role)
