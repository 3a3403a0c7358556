"""The demo's glossary is the seed's: its 42 abbreviations with their expansions, on the glossary
page, at first use in the articles, on the PDF's abbreviations page and in the HTML exports."""

import html
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from newsletters.demo import loader
from newsletters.demo.terms import read_terms
from newsletters.export import formats
from newsletters.export.documents import build, render_source
from newsletters.glossary import text_of
from newsletters.models import Article, Issue, Term
from people.models import Organisation
from unlops.acronyms import acronyms_used

SEED = {entry["acronym"]: entry["expansion"] for entry in loader.read_facts()["glossary"]}
ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
ENTRY = re.compile(
    r'<dt><abbr title="(?P<title>[^"]*)">(?P<abbreviation>[^<]*)</abbr></dt>\s*'
    r"<dd>(?:<a [^>]*>)?(?P<expansion>[^<]*)"
)


def test_the_seed_has_42_abbreviations_and_the_demo_data_covers_them():
    assert len(SEED) == 42
    terms = {term["abbreviation"]: term for term in read_terms(loader.read_facts())}
    acronyms = {
        org["acronym"]: org["name"]
        for org in loader.read_facts()["organisations"]
        if org["acronym"]
    }
    for abbreviation, expansion in SEED.items():
        if abbreviation in terms:
            assert terms[abbreviation]["expansion"] == expansion
        else:  # The organisation's own name is the seed's expansion.
            assert acronyms[abbreviation] == expansion, abbreviation


def test_terms_toml_is_checked_against_the_glossary(tmp_path):
    path = Path(tmp_path) / "terms.toml"
    path.write_text('["SRSG"]\nkind = "rank"\n\n["XYZ"]\nkind = "other"\n', encoding="utf-8")
    with pytest.raises(ValueError) as error:
        read_terms(loader.read_facts(), path)
    message = str(error.value)
    assert "SRSG has no kind among title" in message
    assert "USG has no line" in message
    assert "XYZ is not a term of the glossary" in message


def test_the_glossary_page_lists_the_seeds_42_abbreviations_with_its_expansions(client, demo):
    assert Term.objects.count() == 26 and Term.objects.published().count() == 26
    page = client.get(reverse("newsletters:glossary")).content.decode()
    found = {
        html.unescape(m["abbreviation"]): (
            html.unescape(m["title"]),
            html.unescape(m["expansion"]).strip(),
        )
        for m in ENTRY.finditer(page)
    }
    assert found == {
        abbreviation: (expansion, expansion) for abbreviation, expansion in SEED.items()
    }
    # Organisations keep their own names; where the seed words them otherwise, a term does.
    assert Organisation.objects.get(acronym="DPKO").name == "Department of Peacekeeping Operations"
    assert Term.objects.get(abbreviation="DPKO").organisation.acronym == "DPKO"


def spells_out(text, abbreviation, expansion):
    """Does ``text`` write "expansion (ABBREVIATION)", the expansion perhaps without its closing
    qualifier ("Political and Security Committee (PSC)" for "… Committee (EU)")?"""
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", "", text)).split()).casefold()
    short = re.sub(r"\s*\([^()]*\)$", "", expansion)
    return any(f"{form} ({abbreviation})".casefold() in text for form in (expansion, short))


def test_every_abbreviation_is_explained_at_its_first_use_in_each_article(client, demo):
    explained = set()
    for article in Article.objects.published():
        page = client.get(article.get_absolute_url()).content.decode()
        abbrs = [tuple(map(html.unescape, m)) for m in re.findall(ABBR, page)]
        names = [name for _title, name in abbrs]
        assert len(names) == len(set(names)), article.slug  # First use only.
        assert all(title == SEED[name] for title, name in abbrs), article.slug
        for used in acronyms_used(text_of(article), SEED):
            # By <abbr> at its first use, or spelled out in the text there instead.
            assert used in names or spells_out(page, used, SEED[used]), (article.slug, used)
            explained.add(used)
    page = client.get(Issue.objects.get().get_absolute_url()).content.decode()
    explained.update(html.unescape(name) for _title, name in re.findall(ABBR, page))
    # What no text writes out is on the glossary as an organisation an article names.
    named = Organisation.objects.filter(articles__isnull=False).values_list("acronym", flat=True)
    assert set(SEED) - explained <= set(named)


def pdf_text(data, tmp_path):
    path = Path(tmp_path) / "issue.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


def folded(text):
    """Text without spaces, line breaks or hyphens, which a page's line breaks may add or drop."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def test_the_pdfs_abbreviations_page_and_the_html_exports_have_all_42(demo, tmp_path):
    issue = Issue.objects.get()
    data = build(render_source(issue, formats.get("pdf"))).data
    back = pdf_text(data, tmp_path).rsplit("ABBREVIATIONS IN THIS ISSUE", 1)[1]
    lines = {line.strip() for line in back.splitlines()}
    assert set(SEED) <= lines, set(SEED) - lines
    for abbreviation, expansion in SEED.items():
        assert folded(expansion) in folded(back), abbreviation
    listed = {
        "html": r"<dt>([^<]*)</dt><dd>([^<]*)</dd>",
        "email": r"<strong [^>]*>([^<]*)</strong> ([^<]*?)(?: · |</p>)",
    }
    for fmt, entry in listed.items():
        markup = render_source(issue, formats.get(fmt)).html
        back = markup.split("Abbreviations in this issue", 1)[1]
        found = {html.unescape(a): html.unescape(e) for a, e in re.findall(entry, back)}
        assert found == SEED, fmt
