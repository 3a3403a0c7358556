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
from .workflow import can_edit, can_move


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
    """Articles; an import moves them between states only as its user may in the admin."""

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

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def import_instance(self, instance, row, **kwargs):
        stored = Article.objects.filter(pk=instance.pk).first() if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if self.user is None:
            return  # Run from code or the shell, not on someone's behalf.
        old_status = stored.status if stored else Status.DRAFT
        if stored is not None and not can_edit(self.user, stored):
            raise ValidationError(
                _("You may not change “%(title)s” while it is %(status)s.")
                % {"title": stored.title, "status": stored.get_status_display().lower()}
            )
        if not can_move(self.user, instance, instance.status, old_status=old_status):
            raise ValidationError(
                {
                    "status": _("You may not move an article from %(old)s to %(new)s.")
                    % {
                        "old": Status(old_status).label.lower(),
                        "new": Status(instance.status).label.lower(),
                    }
                }
            )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("issue")
            .prefetch_related("people", "organisations", "events", "topics")
        )
