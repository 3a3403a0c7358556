"""Terms: the abbreviations the newsletter uses besides organisations' acronyms."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Organisation
from unlops.publicity import PublicQuerySet


class TermQuerySet(PublicQuerySet):
    def get_by_natural_key(self, abbreviation):
        return self.get(abbreviation=abbreviation)


class Term(models.Model):
    """An abbreviation and what it stands for: a title (SRSG), a policy (CSDP), a place (CAR)."""

    class Kind(models.TextChoices):
        TITLE = "title", _("Title")
        PROGRAMME = "programme", _("Programme")
        POLICY = "policy", _("Policy")
        PLACE = "place", _("Place")
        ORGANISATION = "organisation", _("Organisation")
        OTHER = "other", _("Other")

    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=30,
        unique=True,
        help_text=_(
            "As the text writes it, with its capitals: SRSG, HR/VP, RtoP. Where an organisation "
            "has the same acronym, this term's expansion is the one the glossary prints."
        ),
        error_messages={"unique": _("Another term already has this abbreviation.")},
    )
    expansion = models.CharField(
        _("expansion"),
        max_length=300,
        help_text=_("What it stands for, as readers see it on hovering and in the glossary."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="terms",
        help_text=_(
            "Optional: the organisation the term names or belongs to (DPKO, the UN for USG); "
            "the glossary links to its page once it is public."
        ),
    )

    objects = TermQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self):
        return f"{self.abbreviation} ({self.expansion})"

    def natural_key(self):
        return (self.abbreviation,)
