from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unlops.dates import DatePrecision
from unlops.images import PictureField
from unlops.publicity import PublicQuerySet
from unlops.querysets import SlugKeyedQuerySet
from unlops.search_vectors import VECTOR_NAMES, WithoutVectorsManager, search_vector
from unlops.sorting import collation_key

from .tenure import TERM_FIELDS, TERM_PRECISIONS, Tenure, held_on_q, stored_date


def _lowered(name):
    """``name`` lowered as Python does and as SQLite's LOWER() does (ASCII letters only)."""
    return {name.lower(), "".join(c.lower() if c.isascii() else c for c in name)}


class OrganisationQuerySet(PublicQuerySet, SlugKeyedQuerySet):
    def by_reference(self, reference):
        """Find an organisation by its slug, its acronym or its exact name (case aside), in that
        order of preference; one query."""
        reference = (reference or "").strip()
        if not reference:
            # An empty acronym is "no acronym", not a reference to every organisation without one.
            return self.none()
        return self.referenced_by([reference], acronym_case=False).order_by(
            models.Case(
                models.When(slug=reference, then=0),
                models.When(acronym__iexact=reference, then=1),
                default=2,
            ),
            "sort_key",
        )

    def referenced_by(self, references, acronym_case=True):
        """Organisations whose slug, acronym or name (case aside) is one of ``references``.
        Acronyms match exactly unless ``acronym_case`` is False (one reference only)."""
        references = [reference.strip() for reference in references if reference.strip()]
        if not references:
            return self.none()
        names = set().union(*(_lowered(reference) for reference in references))
        acronym = Q(acronym__in=references) if acronym_case else Q(acronym__iexact=references[0])
        return self.annotate(lowered_name=Lower("name")).filter(
            Q(slug__in=references) | acronym | Q(lowered_name__in=names)
        )


class Organisation(models.Model):
    """An organisation people work for and events involve: a UN entity, an EU body, a state."""

    class Kind(models.TextChoices):
        UN_ENTITY = "un-entity", _("UN entity")
        UN_MISSION = "un-mission", _("UN mission")
        EU_INSTITUTION = "eu-institution", _("EU institution")
        EU_BODY = "eu-body", _("EU body")
        NATIONAL_GOVERNMENT = "national-government", _("National government")
        REGIONAL_ORGANISATION = "regional-organisation", _("Regional organisation")
        ALLIANCE = "alliance", _("Alliance")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Used in web addresses and imports.")
    )
    acronym = models.CharField(
        _("acronym"),
        max_length=30,
        blank=True,
        help_text=_("The short form readers know, e.g. EEAS, DPKO, PSC. Leave empty if none."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger organisation this one belongs to, e.g. the UN for DPKO."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sort_key = models.CharField(
        _("sort key"),
        max_length=200,
        editable=False,
        default="",
        help_text=_("The name without diacritics or case, so that “Ó” sorts with “O”."),
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_key", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["acronym"],
                condition=~Q(acronym=""),
                name="people_organisation_unique_acronym",
                violation_error_message=_("Another organisation already has this acronym."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="people_organisation_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["acronym"]), models.Index(fields=["sort_key"])]

    def __str__(self):
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("people:organisation-detail", kwargs={"slug": self.slug})

    @property
    def short_name(self):
        return self.acronym or self.name

    def clean(self):
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be part of itself.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.acronym or self.name)[:100]
        self.sort_key = collation_key(self.name)[:200]
        super().save(*args, **kwargs)


class PersonQuerySet(PublicQuerySet, SlugKeyedQuerySet):
    pass


class Person(models.Model):
    """A person the newsletter names, with their name written as they write it."""

    # What the search reads, with its weight: A counts most.
    search_weights = {"name": "A", "sort_name": "A", "biography": "C"}

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As the person writes it, with diacritics: “Ivan Šimonović”."),
    )
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        blank=True,
        help_text=_("Family name first, for the A–Z directory. Filled in if left empty."),
    )
    honorific = models.CharField(
        _("honorific"), max_length=50, blank=True, help_text=_("e.g. Ms., Mr., Lt. General")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    biography = models.TextField(_("short biography"), blank=True)
    portrait = PictureField(
        _("portrait"),
        upload_to="people/",
        blank=True,
        help_text=_("JPEG, PNG, WebP or GIF. Location and camera details are removed when saved."),
    )
    sort_key = models.CharField(
        _("sort key"),
        max_length=200,
        editable=False,
        default="",
        help_text=_("The sort name without diacritics or case, so that “Š” sorts with “S”."),
    )
    search_vector_en = search_vector("en", search_weights)
    search_vector_fr = search_vector("fr", search_weights)

    objects = WithoutVectorsManager.from_queryset(PersonQuerySet)()
    history = HistoricalRecords(excluded_fields=VECTOR_NAMES)

    class Meta:
        ordering = ["sort_key", "sort_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["sort_key"])]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("people:person-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        if not self.sort_name:
            *given, family = self.name.split() or [""]
            self.sort_name = " ".join([family, *given]).strip()
        self.sort_key = collation_key(self.sort_name)[:200]
        super().save(*args, **kwargs)

    def appointments_on(self, day, until=None):
        """The appointments certainly held on ``day`` (or some day up to ``until``), the latest
        taken up first; a post only perhaps held then is not among them."""
        held = [a for a in self.appointments.all() if a.held_during(day, until) is True]
        # Sorted here, not by the database: PostgreSQL puts an unknown start date first in a
        # descending order, SQLite last. A post of unknown start counts as the oldest.
        return sorted(held, key=lambda a: (a.start_date is not None, a.start_date), reverse=True)

    def current_appointments(self):
        return [a for a in self.appointments_on(timezone.localdate()) if not a.has_ended]

    def title_on(self, day=None, *, until=None):
        """The title certainly held on ``day`` (today if None), e.g. 'USG for ...'; '' if none."""
        current = self.appointments_on(day or timezone.localdate(), until)
        return current[0].title if current else ""

    def described_on(self, day=None, *, until=None):
        """The title as of ``day`` (or a period up to ``until``), as a reader today reads it:
        'then …' for a post held then and left since, 'former …' for one left or perhaps left by
        then, '' if nothing is known."""
        today = timezone.localdate()
        day = day or today
        last = until or day
        current = self.appointments_on(day, until)
        if current:
            post = current[0]
            if post.has_ended and last < today:
                return gettext("then %(title)s") % {"title": post.title}
            return post.title
        left = [a for a in self.appointments.all() if a.has_ended and not a.starts_after(last)]
        if left:
            latest = max(left, key=lambda a: a.left_by)
            return gettext("former %(title)s") % {"title": latest.title}
        return ""


class AppointmentQuerySet(models.QuerySet):
    def get_by_natural_key(self, person_slug, organisation_slug, title):
        return self.get(person__slug=person_slug, organisation__slug=organisation_slug, title=title)

    def held_on(self, day):
        """The appointments certainly held on ``day``, as Appointment.held_during() judges."""
        return self.filter(held_on_q(day))

    def current(self):
        return self.held_on(timezone.localdate()).exclude(ended=True)

    def published(self):
        """Appointments of people the public may see: a person's posts are part of their page."""
        return self.filter(person__in=Person.objects.published())


class Appointment(Tenure, models.Model):
    """A title a person holds in an organisation from a date, perhaps until a date."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="appointments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    title = models.CharField(
        _("title"),
        max_length=250,
        help_text=_("Written out: “Under-Secretary-General for Peacekeeping Operations”."),
    )
    short_title = models.CharField(
        _("short title"), max_length=50, blank=True, help_text=_("e.g. USG, SRSG, HR/VP")
    )
    start_date = models.DateField(
        _("from"),
        null=True,
        blank=True,
        help_text=_("Leave empty if not known. For a month or a year, any day in it will do."),
    )
    start_precision = models.CharField(
        _("from: known to"),
        max_length=10,
        choices=TERM_PRECISIONS,
        default=DatePrecision.DAY,
        help_text=_("Pages print no more than this: “January 2017”, never a day not known."),
    )
    end_date = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the post is held, or if it ended on a date not known."),
    )
    end_precision = models.CharField(
        _("until: known to"),
        max_length=10,
        choices=TERM_PRECISIONS,
        default=DatePrecision.DAY,
    )
    ended = models.BooleanField(
        _("ended"),
        default=False,
        help_text=_(
            "The post is no longer held (“former”, “then”), even if the date is not known. "
            "An end date ticks it."
        ),
    )
    in_post_on = models.DateField(
        _("known in post on"),
        null=True,
        blank=True,
        help_text=_(
            "A day the source shows the person in this post, when the start or the end is not "
            "known: “still in post on 16 March 2017”, “in post by 26 April 2017 at the latest”. "
            "Shown as such, never as a start or an end."
        ),
    )
    in_post_precision = models.CharField(
        _("in post: known to"),
        max_length=10,
        choices=TERM_PRECISIONS,
        default=DatePrecision.DAY,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", models.F("start_date").desc(nulls_last=True), "pk"]
        get_latest_by = "start_date"
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="people_appointment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation", "title", "start_date"],
                name="people_appointment_unique",
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self):
        return f"{self.person}, {self.title}"

    def natural_key(self):
        return (*self.person.natural_key(), *self.organisation.natural_key(), self.title)

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def clean(self):
        errors = {}
        for date_field, precision_field, _last in TERM_FIELDS:
            given = getattr(self, date_field) is not None
            if given and getattr(self, precision_field) == DatePrecision.UNKNOWN:
                errors[precision_field] = _(
                    "A date is given: say whether it is known to the day, the month or the year, "
                    "or leave the date empty."
                )
        if errors:
            raise ValidationError(errors)
        self.keep_dates_as_stored()
        start, end, evidence = self.start_period, self.end_period, self.in_post_period
        if start and end and end[1] < start[0]:
            raise ValidationError({"end_date": _("An appointment cannot end before it starts.")})
        if evidence and ((start and evidence[1] < start[0]) or (end and end[1] < evidence[0])):
            raise ValidationError(
                {"in_post_on": _("This date lies outside the appointment’s start and end.")}
            )

    def keep_dates_as_stored(self):
        """A month or a year is kept as its first day (an end as its last), so that the database
        compares dates as held_during() does; a missing date is an unknown one, an end date means
        the post has ended."""
        for date_field, precision_field, last in TERM_FIELDS:
            value, precision = getattr(self, date_field), getattr(self, precision_field)
            if value is None:
                setattr(self, precision_field, DatePrecision.UNKNOWN)
            elif precision != DatePrecision.UNKNOWN:
                setattr(self, date_field, stored_date(value, precision, last=last))
        if self.end_date is not None:
            self.ended = True

    def save(self, *args, **kwargs):
        self.keep_dates_as_stored()
        super().save(*args, **kwargs)
