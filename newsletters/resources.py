"""Import and export of articles, with issues, people, events and topics by natural keys, and of
the glossary's terms."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from events.models import Event
from people.models import Person
from people.resources import OrganisationsWidget, organisation_field
from unlops.importing import (
    NaturalKeyResource,
    RichTextWidget,
    StrictManyToManyWidget,
    natural_field,
    natural_m2m_field,
)

from .models import Article, Issue, Status, Term, Topic
from .services import record_term_uses, record_terms
from .workflow import can_edit


class TopicsWidget(StrictManyToManyWidget):
    """Topics by name; a new name creates the topic, as typing it in the admin would."""

    def __init__(self, **kwargs):
        super().__init__(Topic, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = self.split(value)
        existing = {topic.name.lower(): topic for topic in Topic.objects.filter(name__in=names)}
        topics = [existing.get(name.lower()) or Topic.objects.create(name=name) for name in names]
        return Topic.objects.filter(pk__in=[topic.pk for topic in topics])


class RecordsTermUses:
    """For a resource: once a confirmed import has saved its rows, ``record(rows)`` links them to
    the terms they use (or the texts that use them), in the import's transaction."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._saved_rows = []

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if not kwargs.get("dry_run"):
            self._saved_rows.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not (kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors()):
            self.record(self._saved_rows)


class ArticleResource(RecordsTermUses, NaturalKeyResource):
    """Articles; an import never moves them between states (that is the buttons' and the list
    actions' job, through the workflow service), and changes only what its user may edit."""

    issue = natural_field("issue", Issue)
    body = fields.Field(attribute="body", column_name="body", widget=RichTextWidget(figures=True))
    people = natural_m2m_field("people", Person)
    organisations = fields.Field(
        attribute="organisations", column_name="organisations", widget=OrganisationsWidget()
    )
    events = natural_m2m_field("events", Event)
    topics = fields.Field(attribute="topics", column_name="topics", widget=TopicsWidget())

    class Meta:
        model = Article
        import_id_fields = ["issue", "slug"]
        fields = [
            "issue",
            "slug",
            "section",
            "position",
            "title",
            "standfirst",
            "body",
            "status",
            "people",
            "organisations",
            "events",
            "topics",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def record(self, articles):
        record_terms(*articles)  # As a save in the admin does.

    def import_instance(self, instance, row, **kwargs):
        stored = Article.objects.filter(pk=instance.pk).first() if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        old_status = stored.status if stored else Status.DRAFT
        if instance.status != old_status:
            raise ValidationError(
                {
                    "status": _(
                        "An import does not move articles between states: this one is %(old)s "
                        "(the file says %(new)s). Use its buttons or the list's actions."
                    )
                    % {
                        "old": Status(old_status).label.lower(),
                        "new": Status(instance.status).label.lower(),
                    }
                }
            )
        if self.user is not None and stored is not None and not can_edit(self.user, stored):
            raise ValidationError(
                _("You may not change “%(title)s” while it is %(status)s.")
                % {"title": stored.title, "status": stored.get_status_display().lower()}
            )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("issue")
            .prefetch_related("people", "organisations", "events", "topics")
        )


class TermResource(RecordsTermUses, NaturalKeyResource):
    """The glossary's terms by abbreviation; an import links them to the texts that use them as
    a save in the admin does, and changes no term released work uses unless made by a publisher."""

    organisation = organisation_field()

    class Meta:
        model = Term
        import_id_fields = ["abbreviation"]
        fields = ["abbreviation", "expansion", "kind", "organisation"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def record(self, terms):
        record_term_uses(terms, by=self.user)

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")
