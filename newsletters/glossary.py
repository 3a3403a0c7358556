"""The newsletter's glossary: organisations' acronyms and terms together, one entry each.

Every reader of abbreviations (the glossary page, the ``<abbr>`` at first use in each article, an
export's abbreviations page) calls ``load_glossary``; what it may show is what published work shows
(``published()``), or what the articles of one export use.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _

from people.models import Organisation
from unlops.acronyms import Acronyms
from unlops.sorting import sort_key

from .models import Article, Issue, Term

ORGANISATION = _("Organisation")


@dataclass(frozen=True)
class Entry:
    abbreviation: str
    expansion: str
    kind: str
    organisation: Organisation | None = None  # Its page, when the glossary may link to it.


class Glossary(Acronyms):
    """Abbreviation → expansion (what ``abbreviate`` reads), with ``entries`` in reading order."""

    def __init__(self, entries=()):
        self.entries = list(entries)
        super().__init__((entry.abbreviation, entry.expansion) for entry in self.entries)


def load_glossary(*, articles=None, issue=None):
    """Organisations' acronyms and terms as one glossary, sorted as a reader looks them up.

    With no arguments: everything published work shows, for the public site. With ``articles``
    (and ``issue``): the organisations those articles name and the terms they (and the issue's
    foreword) use, for an export of them. Where a term and an organisation share an abbreviation
    there is one entry: the term's expansion (the glossary's wording), linked to the organisation.
    """
    if articles is None:
        organisations = Organisation.objects.published()
        terms = Term.objects.published()
    else:
        organisations = Organisation.objects.filter(articles__in=articles)
        used = Q(articles__in=articles)
        if issue is not None:
            used |= Q(issues=issue)
        terms = Term.objects.filter(used)
    shown = organisations.values("pk")
    acronyms = organisations.exclude(acronym="").distinct().only("pk", "name", "acronym", "slug")
    terms = (
        terms.distinct()
        .select_related("organisation")
        .annotate(
            organisation_shown=ExpressionWrapper(
                Q(organisation__in=shown), output_field=BooleanField()
            )
        )
    )
    return Glossary(merged(acronyms, terms))


def merged(organisations, terms):
    """One entry per abbreviation, sorted: organisations' (unless the acronym is the name) with a
    term's expansion where a term has the same abbreviation."""
    entries = {
        org.acronym: Entry(org.acronym, org.name, ORGANISATION, org)
        for org in organisations
        if org.acronym != org.name
    }
    for term in terms:
        shared = entries.get(term.abbreviation)
        if shared is not None:
            organisation = shared.organisation
        else:
            organisation = term.organisation if getattr(term, "organisation_shown", False) else None
        entries[term.abbreviation] = Entry(
            term.abbreviation, term.expansion, term.get_kind_display(), organisation
        )
    return sorted(entries.values(), key=lambda entry: sort_key(entry.abbreviation))


def text_of(obj):
    """The text of an article (title, standfirst, body) or an issue (foreword), as safe HTML."""
    if isinstance(obj, Article):
        parts = [conditional_escape(obj.title), conditional_escape(obj.standfirst), obj.body]
    elif isinstance(obj, Issue):
        parts = [obj.foreword]
    else:
        raise TypeError(f"{type(obj).__name__} has no text that uses terms.")
    return "\n".join(str(part or "") for part in parts)
