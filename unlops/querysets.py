"""QuerySet bases that several apps' models share."""

from django.db import models


class SlugKeyedQuerySet(models.QuerySet):
    """Rows whose natural key is their slug, for fixtures, imports and backups."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
