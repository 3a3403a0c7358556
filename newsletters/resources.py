"""Import and export of articles, with issues, people, events and topics by natural keys."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from events.models import Event
from people.models import Person
from people.resources import OrganisationsWidget
from unlops.importing import (
    NaturalKeyResource,
    RichTextWidget,
    StrictManyToManyWidget,
    natural_field,
    natural_m2m_field,
)

from .models import Article, Issue, Status, Topic
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


class ArticleResource(NaturalKeyResource):
    """Articles; an import never moves them between states (that is the buttons' and the list
    actions' job, through the workflow service), and changes only what its user may edit."""

    issue = natural_field("issue", Issue)
    body = fields.Field(attribute="body", column_name="body", widget=RichTextWidget())
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
