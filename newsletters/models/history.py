"""What Article's and Issue's history records hold besides their fields."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class HistoryWithRelations(models.Model):
    """The base of Article's and Issue's history records: what the row linked to, at the time
    (mentions, topics, photos in order, figures), as newsletters.revisions.snapshot has it."""

    relations = models.JSONField(null=True, blank=True, editable=False, encoder=DjangoJSONEncoder)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.relations is None and self.history_type != "-":
            from ..revisions import relations_of_stored

            self.relations = relations_of_stored(self.instance_type, self.id)
        super().save(*args, **kwargs)
