"""Search over published articles, people and events.

PostgreSQL matches the query against the stored English and French vectors (GIN-indexed, see
unlops.search_vectors) and ranks by the vector of the page's language; other databases (SQLite in
development) fall back to a case-insensitive match on every word, ranked by where it is found.
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import Event
from people.models import Appointment, Person
from unlops.search_vectors import CONFIGS, vector_name

from .models import Article

KINDS = {"articles": _("Articles"), "people": _("People"), "events": _("Events")}
PER_PAGE = 20
MAX_QUERY_LENGTH = 200
# Words of the web-search syntax, not words to find.
OPERATORS = {"or", "and", "not"}

# Fields searched, with their weight: A counts most (the models' vectors hold the same).
FIELDS = {
    "articles": Article.search_weights,
    "people": Person.search_weights,
    "events": Event.search_weights,
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
        return {
            kind: full_text(queryset, kind, query, words) for kind, queryset in querysets.items()
        }
    return {kind: fallback(queryset, kind, words) for kind, queryset in querysets.items()}


def page_language():
    language = (get_language() or "en").split("-")[0]
    return language if language in CONFIGS else "en"


def full_text(queryset, kind, query, words):
    """Rows whose English or French vector matches, ranked by the page language's vector."""
    model = queryset.model
    queries = {
        language: SearchQuery(query, search_type="websearch", config=config)
        for language, config in CONFIGS.items()
    }
    # Each test is a subquery of ids, so that the GIN indexes answer it; in one OR with the rest
    # the database would read every row's vector.
    matches = [
        Q(pk__in=model.objects.filter(**{vector_name(language): q}).values("pk"))
        for language, q in queries.items()
    ]
    if words:
        # Text the parser reads as markup ("<b>", "a-b") falls out of the vectors: every word in
        # a heading field (weights A and B) as plain text still finds the row, ranked last.
        headings = [field for field, weight in FIELDS[kind].items() if weight in "AB"]
        matches.append(Q(pk__in=model.objects.filter(every_word_in(headings, words)).values("pk")))
    language = page_language()
    rank = SearchRank(F(vector_name(language)), queries[language])
    return (
        queryset.filter(reduce(or_, matches))
        .annotate(rank=rank)
        .order_by("-rank", *TIEBREAKS[kind])
    )


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
