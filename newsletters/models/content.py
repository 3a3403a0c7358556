"""Issues, their articles and the topics articles are filed under."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models import Event
from people.models import Organisation, Person
from unlops.dates import DatePrecision, DateSpan
from unlops.publicity import PublicQuerySet
from unlops.querysets import SlugKeyedQuerySet
from unlops.richtext import sanitize_html, sanitize_text_with_figures
from unlops.search_vectors import VECTOR_NAMES, WithoutVectorsManager, search_vector

from .history import HistoryWithRelations
from .workflow import Status, Workflow, rich_text_field


class TopicQuerySet(PublicQuerySet, SlugKeyedQuerySet):
    pass


class Topic(models.Model):
    """A subject articles are filed under, such as 'Libya' or 'Women, peace and security'."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("newsletters:topic-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


# What the masthead says after the office's name, unless an issue says otherwise.
MASTHEAD_WORD = "Newsletter"


class IssueQuerySet(SlugKeyedQuerySet):
    def published(self):
        """Issues the public can read now."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def released(self):
        """Issues a publisher has published, whether public now or at a later time."""
        return self.filter(status=Status.PUBLISHED)

    def scheduled(self):
        """Published issues set to go public later."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def next_go_live(self):
        """When the first scheduled issue goes public, or None."""
        return self.scheduled().aggregate(first=models.Min("published_at"))["first"]


class Issue(Workflow):
    """One issue of the newsletter, covering a period such as October 2016 – May 2017."""

    title = models.CharField(
        _("masthead word"),
        max_length=200,
        default=MASTHEAD_WORD,
        help_text=_(
            "The word printed large in the masthead after the office's name: “Newsletter”. The "
            "issue itself is named by its period."
        ),
    )
    number = models.PositiveIntegerField(_("number"), unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "Used in the issue's web address. Left empty, it is made from the period: "
            "november-2017-april-2018."
        ),
    )
    period_start = models.DateField(
        _("period from"), help_text=_("First month the issue covers (stored as its first day).")
    )
    period_end = models.DateField(
        _("period until"), help_text=_("Last month the issue covers (stored as its last day).")
    )
    cover_photo = models.ForeignKey(
        "Photo",
        verbose_name=_("cover photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cover_of",
    )
    foreword = rich_text_field(_("foreword"))
    terms = models.ManyToManyField(
        "Term",
        verbose_name=_("terms used"),
        related_name="issues",
        blank=True,
        editable=False,
        help_text=_("The terms the foreword uses, recorded when the issue is saved or published."),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("When the issue goes public. A future time keeps it hidden until then."),
    )

    objects = IssueQuerySet.as_manager()
    history = HistoricalRecords(bases=[HistoryWithRelations])

    class Meta:
        ordering = ["-period_end", "-number"]
        get_latest_by = "period_end"
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        permissions = [("publish_issue", _("Can publish and unpublish issues"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="newsletters_issue_period_in_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        """Named as people name it: 'November 2017 – April 2018'."""
        return self.period_display

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("newsletters:issue-detail", kwargs={"slug": self.slug})

    def slug_from_period(self):
        """'november-2017-april-2018'; with the number after it if another issue has that."""
        slug = slugify(self.period_display)[:100]
        taken = Issue.objects.filter(slug=slug).exclude(pk=self.pk).exists()
        return f"{slug[:90]}-{self.number}" if taken else slug

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends after it starts.")})

    def save(self, *args, **kwargs):
        if not self.slug and self.period_start and self.period_end:
            self.slug = self.slug_from_period()
        if not self.title:
            self.title = MASTHEAD_WORD
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.foreword = sanitize_html(self.foreword)
        super().save(*args, **kwargs)

    @property
    def date_span(self):
        """The months the issue covers."""
        return DateSpan(self.period_start, self.period_end, DatePrecision.MONTH)

    @property
    def period_display(self):
        """'October 2016 – May 2017'."""
        return str(self.date_span)

    @property
    def masthead(self):
        return f"{settings.PUBLISHER['name']} · {self.title} | {self.period_display}"

    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def state_label(self):
        """'Draft', 'In review', 'Scheduled' or 'Published'."""
        if self.status == Status.PUBLISHED and not self.is_published():
            return _("Scheduled")
        return self.get_status_display()

    is_published.boolean = True
    is_published.short_description = _("public")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public can read now: published, in an issue that is public."""
        now = timezone.now()
        return self.filter(
            Q(published_at__isnull=True) | Q(published_at__lte=now),
            status=Status.PUBLISHED,
            issue__status=Status.PUBLISHED,
            issue__published_at__lte=now,
        )

    def released(self):
        """Published articles in published issues, whether public now or at a later time."""
        return self.filter(status=Status.PUBLISHED, issue__status=Status.PUBLISHED)

    def scheduled(self):
        """Released articles that go public later, by their own time or their issue's."""
        now = timezone.now()
        return self.released().filter(Q(published_at__gt=now) | Q(issue__published_at__gt=now))

    def next_go_live(self):
        """When the first article with a go-live time of its own goes public, or None (those
        waiting for their issue go with it: see IssueQuerySet.next_go_live)."""
        upcoming = self.released().filter(published_at__gt=timezone.now())
        return upcoming.aggregate(first=models.Min("published_at"))["first"]


class Article(Workflow):
    """An article in an issue, in one of its sections."""

    # What the search reads, with its weight: A counts most.
    search_weights = {"title": "A", "standfirst": "B", "body": "C"}

    class Section(models.TextChoices):
        FEATURE = "feature", _("Feature")
        PARTNERSHIP = "partnership", _("UN-EU partnership")
        POLITICAL_UPDATE = "political-update", _("Brussels political update")
        NATO_UPDATE = "nato-update", _("NATO update")
        HIGH_LEVEL_VISITS = "high-level-visits", _("High-level visits")
        OFFICE_ACTIVITIES = "office-activities", _("The office's activities")

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="articles"
    )
    section = models.CharField(
        _("section"), max_length=30, choices=Section.choices, default=Section.FEATURE
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the issue: 1 comes first.")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences that lead into the article.")
    )
    body = rich_text_field(_("body"), figures=True)
    people = models.ManyToManyField(
        Person, verbose_name=_("people mentioned"), related_name="articles", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations mentioned"),
        related_name="articles",
        blank=True,
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("related events"), related_name="articles", blank=True
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="articles", blank=True
    )
    photos = models.ManyToManyField(
        "Photo", through="ArticlePhoto", related_name="articles", blank=True
    )
    terms = models.ManyToManyField(
        "Term",
        verbose_name=_("terms used"),
        related_name="articles",
        blank=True,
        editable=False,
        help_text=_("The terms the text uses, recorded when the article is saved or published."),
    )
    published_at = models.DateTimeField(
        _("go-live time"),
        null=True,
        blank=True,
        help_text=_("Optional: keep the article hidden until then, even in a published issue."),
    )
    search_vector_en = search_vector("en", search_weights)
    search_vector_fr = search_vector("fr", search_weights)

    objects = WithoutVectorsManager.from_queryset(ArticleQuerySet)()
    history = HistoricalRecords(bases=[HistoryWithRelations], excluded_fields=VECTOR_NAMES)

    class Meta:
        ordering = ["issue", "position", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("review_article", _("Can move articles through review")),
            ("publish_article", _("Can publish and unpublish articles")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "slug"], name="newsletters_article_unique_slug_in_issue"
            ),
            models.UniqueConstraint(
                fields=["issue", "position"],
                condition=Q(position__gt=0),
                name="newsletters_article_unique_position_in_issue",
                violation_error_message=_(
                    "Another article already has this position in the issue."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.issue.natural_key(), self.slug)

    def get_absolute_url(self):
        return reverse(
            "newsletters:article-detail",
            kwargs={"issue_slug": self.issue.slug, "slug": self.slug},
        )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:120]
        self.body = sanitize_text_with_figures(self.body)
        super().save(*args, **kwargs)

    def is_published(self):
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and (self.published_at is None or self.published_at <= now)
            and self.issue.is_published()
        )

    @property
    def state_label(self):
        """What holds the article back once its issue is out: '' if nothing, else 'Draft',
        'In review' or 'Scheduled' (a go-live time of its own still to come)."""
        if self.status != Status.PUBLISHED:
            return self.get_status_display()
        if self.published_at and self.published_at > timezone.now():
            return _("Scheduled")
        return ""

    is_published.boolean = True
    is_published.short_description = _("public")
