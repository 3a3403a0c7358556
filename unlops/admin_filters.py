"""List filters that fit beside a list: only the values the listed rows use, and a search box over
the choices once there are more than a glance takes in (static/js/admin-editor.js runs it).

Use them in any app's ``list_filter``::

    list_filter = [("credit_organisation", UsedRelatedFilter), ("country", UsedValuesFilter)]
"""

from django.contrib import admin

# More choices than this, and the filter gets a search box and scrolls within itself.
SEARCHABLE_FROM = 10


class SearchableFilterMixin:
    template = "admin/filter_searchable.html"
    searchable_from = SEARCHABLE_FROM


class UsedRelatedFilter(SearchableFilterMixin, admin.RelatedOnlyFieldListFilter):
    """The related rows some listed row points to (an organisation credited on a photo), not
    every row of the related table."""


class UsedValuesFilter(SearchableFilterMixin, admin.AllValuesFieldListFilter):
    """The distinct values of a plain field among the listed rows, searchable when many."""


class SearchableChoicesFilter(SearchableFilterMixin, admin.ChoicesFieldListFilter):
    """A field's declared choices, searchable when many."""
