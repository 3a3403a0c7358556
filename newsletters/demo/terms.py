"""The demo's terms: the facts' glossary, less what organisations' own names already say, each
with the kind (and organisation) that ``terms.toml`` gives it."""

import tomllib
from pathlib import Path

from newsletters.models import Term

TERMS_PATH = Path(__file__).with_name("terms.toml")


def _classified(path):
    with Path(path).open("rb") as file:
        return tomllib.load(file)


def _term(entry, classified, organisation, keys):
    """One term's values, or what is wrong with its line in terms.toml."""
    abbreviation = entry["acronym"]
    if abbreviation not in classified:
        return None, f"{abbreviation} has no line"
    given = classified[abbreviation].get("organisation")
    if organisation and given not in (None, organisation["key"]):
        return None, f"{abbreviation} is the acronym of {organisation['key']}, not of {given}"
    if given is not None and given not in keys:
        return None, f"{abbreviation}: the facts have no organisation {given}"
    try:
        kind = Term.Kind(classified[abbreviation]["kind"])
    except (KeyError, ValueError):
        return None, f"{abbreviation} has no kind among {', '.join(Term.Kind.values)}"
    return {
        "abbreviation": abbreviation,
        "expansion": entry["expansion"],
        "kind": kind,
        "organisation": given or (organisation["key"] if organisation else None),
    }, None


def read_terms(facts, path=TERMS_PATH):
    """Every term of the facts' glossary, checked against terms.toml: a glossary abbreviation
    with no line there, or a line for no such term, is a mistake."""
    classified = _classified(path)
    acronyms = {org["acronym"]: org for org in facts["organisations"] if org["acronym"]}
    keys = {org["key"] for org in facts["organisations"]}
    terms, problems, wanted = [], [], set()
    for entry in facts["glossary"]:
        organisation = acronyms.get(entry["acronym"])
        if organisation and organisation["name"] == entry["expansion"]:
            continue  # The organisation's own entry says it.
        wanted.add(entry["acronym"])
        term, problem = _term(entry, classified, organisation, keys)
        if problem:
            problems.append(problem)
        else:
            terms.append(term)
    problems += [f"{key} is not a term of the glossary" for key in sorted(set(classified) - wanted)]
    if problems:
        raise ValueError(f"{Path(path).name}: " + "; ".join(problems))
    return terms


def load_terms(sync, facts, organisations):
    """Create or update the terms through ``sync`` (the loader); return them by abbreviation."""
    return {
        term["abbreviation"]: sync.upsert(
            Term,
            {"abbreviation": term["abbreviation"]},
            {
                "expansion": term["expansion"],
                "kind": term["kind"],
                "organisation": organisations[term["organisation"]]
                if term["organisation"]
                else None,
            },
        )
        for term in read_terms(facts)
    }
