"""Search over published articles, people and events.

PostgreSQL ranks with weighted full-text search; other databases (SQLite in development) fall back
to a case-insensitive match on every word, ranked by where the words are found.
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.utils.translation import gettext_lazy as _

from events.models import Event
from people.models import Appointment, Person

from .models import Article

KINDS = {"articles": _("Articles"), "people": _("People"), "events": _("Events")}
PER_PAGE = 20
MAX_QUERY_LENGTH = 200
CONFIG = "english"
# Words of the web-search syntax, not words to find.
OPERATORS = {"or", "and", "not"}

# Fields searched, with their weight: A counts most.
FIELDS = {
    "articles": {"title": "A", "standfirst": "B", "body": "C"},
    "people": {"name": "A", "sort_name": "A", "biography": "C"},
    "events": {"title": "A", "summary": "B", "venue": "C", "city": "C", "country": "C"},
}
FALLBACK_POINTS = {"A": 4, "B": 2, "C": 1}


def clean_query(value):
    return " ".join(str(value).split())[:MAX_QUERY_LENGTH]


def terms(query):
    """The words to look for and to highlight, longest first."""
    words = {word.lower() for word in re.findall(r"\w+", query) if len(word) > 1}
    return sorted(words - OPERATORS, key=lambda word: (-len(word), word))


def base_querysets():
    return {
        "articles": Article.objects.published().select_related("issue"),
        "people": Person.objects.published().prefetch_related(
            Prefetch("appointments", queryset=Appointment.objects.select_related("organisation"))
        ),
        "events": Event.objects.published(),
    }


TIEBREAKS = {
    "articles": ["-issue__period_end", "position", "pk"],
    "people": ["sort_key", "pk"],
    "events": ["-start_date", "pk"],
}


def every_word_in(fields, words):
    """Each word somewhere in the row's fields."""
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words),
    )


def search(query):
    """Return {kind: queryset} of matching rows, best first."""
    querysets = base_querysets()
    words = terms(query)
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        results = {}
        for kind, queryset in querysets.items():
            vector = reduce(
                lambda a, b: a + b,
                (
                    SearchVector(field, weight=weight, config=CONFIG)
                    for field, weight in FIELDS[kind].items()
                ),
            )
            found = Q(search=search_query)
            if words:
                # Text the parser reads as markup ("<b>", "a-b") falls out of the full-text
                # vector; every word matching as plain text still finds the row, ranked last.
                found |= every_word_in(FIELDS[kind], words)
            results[kind] = (
                queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
                .filter(found)
                .order_by("-rank", *TIEBREAKS[kind])
            )
        return results
    return {kind: fallback(queryset, kind, words) for kind, queryset in querysets.items()}


def fallback(queryset, kind, words):
    """Every word somewhere in the row; a word in a heavier field ranks the row higher."""
    if not words:
        return queryset.none()
    fields = FIELDS[kind]
    points = [
        Case(
            *(
                When(**{f"{field}__icontains": word}, then=Value(FALLBACK_POINTS[weight]))
                for field, weight in fields.items()
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
    ]
    return (
        queryset.filter(every_word_in(fields, words))
        .annotate(rank=reduce(lambda a, b: a + b, points))
        .order_by("-rank", *TIEBREAKS[kind])
    )


def paginate(queryset, page, count=None):
    paginator = Paginator(queryset, PER_PAGE)
    if count is not None:
        paginator.count = count  # Already counted for the tabs.
    return paginator.get_page(page)
