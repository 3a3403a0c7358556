"""Stored full-text vectors: columns the database computes from a row's own text, one per language.

A generated column (GeneratedField) rather than a trigger or an update in services: the database
keeps it right on every write path, bulk_create, QuerySet.update(), imports and restores included,
and the model states its definition, so makemigrations notices a change. ``to_tsvector`` with an
explicit configuration is immutable, as a generated column requires. On other databases (SQLite)
the column holds NULL and the search falls back to matching words as plain text.

The GIN indexes are made by ``gin_indexes``, in a migration, on PostgreSQL only: SQLite has no GIN.
"""

import operator
from functools import reduce

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

# The languages of the bilingual newsletter, with PostgreSQL's text search configurations.
CONFIGS = {"en": "english", "fr": "french"}


class WeightedVector(models.Func):
    """The row's ``(field, weight)`` texts as one weighted vector in ``config``; NULL but on
    PostgreSQL."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self, config, *weighted):
        vector = reduce(
            operator.add,
            (SearchVector(field, weight=weight, config=config) for field, weight in weighted),
        )
        super().__init__(vector)

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra)


def vector_name(language):
    return f"search_vector_{language}"


VECTOR_NAMES = [vector_name(language) for language in CONFIGS]


def search_vector(language, weights):
    """The generated vector column of a model's ``{field: weight}`` texts in ``language``."""
    return models.GeneratedField(
        expression=WeightedVector(CONFIGS[language], *weights.items()),
        output_field=SearchVectorField(),
        db_persist=True,
        editable=False,
        serialize=False,  # Backups carry the text; the database computes the vector again.
    )


class WithoutVectorsManager(models.Manager):
    """Rows without their vectors, which only the search reads (in the database): a vector is
    larger than the text, and pages would fetch it for nothing."""

    def get_queryset(self):
        return super().get_queryset().defer(*VECTOR_NAMES)


def gin_indexes(app_label, model_name):
    """Migration functions (forwards, backwards) adding a GIN index on each vector column of the
    model, on PostgreSQL only."""

    def indexes(model):
        return [
            GinIndex(fields=[vector_name(language)], name=f"{model._meta.db_table}_{language}_fts")
            for language in CONFIGS
        ]

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model(app_label, model_name)
            for index in indexes(model):
                schema_editor.add_index(model, index)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model(app_label, model_name)
            for index in indexes(model):
                schema_editor.remove_index(model, index)

    return forwards, backwards
