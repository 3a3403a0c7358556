"""Photos, the people they show and where articles use them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models import Event
from people.models import Organisation, Person
from unlops.dates import DatePrecision, DateSpan
from unlops.images import PictureField
from unlops.publicity import PublicQuerySet

from .content import Article


class PhotoQuerySet(PublicQuerySet):
    """Photos are public when a published article uses them or a public issue has them as cover
    (the rule is registered in newsletters.publicity with the other uses)."""


class Photo(models.Model):
    """A photograph with its caption, credit and the people it shows."""

    class Placement(models.TextChoices):
        FULL = "full", _("Full width")
        INSET = "inset", _("Inset")

    image = PictureField(
        _("image"),
        upload_to="photos/%Y/",
        width_field="width",
        height_field="height",
        help_text=_(
            "JPEG, PNG, WebP or GIF. Turned upright when saved; location and camera "
            "details are removed."
        ),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    caption = models.TextField(_("caption"))
    credit = models.CharField(
        _("credit"),
        max_length=200,
        help_text=_("Printed as “Credit: …”, e.g. European Parliament."),
    )
    credit_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("credited organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos_credited",
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    taken_on = models.DateField(
        _("date taken"),
        null=True,
        blank=True,
        help_text=_(
            "Only what the caption's source says: leave it empty rather than take the date of the "
            "event. For a month or a year, its first day."
        ),
    )
    taken_on_precision = models.CharField(
        _("date known to"),
        max_length=10,
        choices=[
            (value, label)
            for value, label in DatePrecision.choices
            if value != DatePrecision.WITHIN
        ],
        default=DatePrecision.DAY,
        help_text=_("How exactly the date is known; pages print no more than that."),
    )
    place = models.CharField(
        _("place taken"),
        max_length=200,
        blank=True,
        help_text=_("Only what the source says; a city it does not name stays out."),
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
    )
    people = models.ManyToManyField(
        Person, through="PhotoPerson", related_name="photos", blank=True
    )
    focal_point_x = models.FloatField(
        _("focal point across"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Click the picture where it matters most: crops keep that point in view."),
    )
    focal_point_y = models.FloatField(
        _("focal point down"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_on", "-pk"]
        get_latest_by = "taken_on"
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [models.Index(fields=["taken_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_point_x__gte=0, focal_point_x__lte=1)
                & Q(focal_point_y__gte=0, focal_point_y__lte=1),
                name="newsletters_photo_focal_point_inside",
            )
        ]

    def __str__(self):
        text = self.caption if len(self.caption) <= 80 else self.caption[:79] + "…"
        return text or self.image.name

    def is_published(self):
        return Photo.objects.published().filter(pk=self.pk).exists()

    is_published.boolean = True
    is_published.short_description = _("public")

    @property
    def focal_point(self):
        """(x, y) as fractions of the width and height: what every crop keeps in view."""
        return (self.focal_point_x, self.focal_point_y)

    @property
    def credit_line(self):
        return f"Credit: {self.credit}" if self.credit else ""

    @property
    def date_span(self):
        return DateSpan(self.taken_on, self.taken_on, self.taken_on_precision)

    @property
    def taken_on_display(self):
        return str(self.date_span)


class PhotoPerson(models.Model):
    """A person pictured in a photo, in order from left to right."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="pictured")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pictured_in"
    )
    position = models.PositiveSmallIntegerField(_("from the left"), default=0)

    class Meta:
        ordering = ["photo", "position", "pk"]
        verbose_name = _("person pictured")
        verbose_name_plural = _("people pictured, from left to right")
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "person"], name="newsletters_photoperson_unique"
            )
        ]

    def __str__(self):
        return f"{self.person} in photo {self.photo_id}"


class ArticlePhoto(models.Model):
    """A photo used by an article, in order, full width or inset."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_photos")
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="article_uses"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    placement = models.CharField(
        _("placement"), max_length=10, choices=Photo.Placement.choices, default=Photo.Placement.FULL
    )

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("photo in the article")
        verbose_name_plural = _("photos in the article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "photo"], name="newsletters_articlephoto_unique"
            )
        ]

    def __str__(self):
        return f"{self.photo} in {self.article}"


class ArticleFigure(models.Model):
    """A photo placed inside an article's text (a figure in its body), recorded from the body
    whenever the article is saved, imported or published (``newsletters.figures``), so that
    "where used", the delete guard and the publicity rule find it without reading texts."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figure_uses")
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="figure_uses"
    )

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("photo in the text")
        verbose_name_plural = _("photos in the text")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "photo"], name="newsletters_articlefigure_unique"
            )
        ]

    def __str__(self):
        return _("“%(photo)s” in the text of “%(article)s”") % {
            "photo": self.photo,
            "article": self.article,
        }
