"""The glossary: organisations' acronyms and terms read together, made public only by released
work, explained once per article, and the same on the site and in the exports."""

import re

import pytest
from django.urls import reverse

from newsletters.export import formats
from newsletters.export.documents import render_source
from newsletters.export.formats import Audience
from newsletters.glossary import load_glossary
from newsletters.models import Status, Term
from newsletters.services import record_term_uses, record_terms, transition
from newsletters.templatetags.newsletter_tags import body, headline, standfirst
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    OrganisationFactory,
    TermFactory,
    UserFactory,
    shown_in_published_work,
)
from tests.security.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

SRSG = "Special Representative of the Secretary-General"


def abbrs(markup):
    """(abbreviation, title) of every <abbr> in ``markup``, in order."""
    return [
        (text, title) for title, text in re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', markup)
    ]


def published_using(text, **kwargs):
    """A published article whose body is ``text``, with the terms it uses recorded."""
    article = ArticleFactory(published=True, body=f"<p>{text}</p>", standfirst="", **kwargs)
    record_terms(article)
    return article


def public_export(issue, fmt="html"):
    return render_source(issue, formats.get(fmt), audience=Audience.PUBLIC).html


def test_an_organisation_and_a_term_of_the_same_abbreviation_make_one_entry(client):
    dpko = OrganisationFactory(name="Department of Peacekeeping Operations", acronym="DPKO")
    TermFactory(
        abbreviation="DPKO",
        expansion="Department of Peacekeeping Operations (UN)",
        kind=Term.Kind.ORGANISATION,
    )
    article = published_using("The DPKO and the DPKO.", organisations=[dpko])
    glossary = load_glossary()
    assert [(e.abbreviation, e.expansion) for e in glossary.entries] == [
        ("DPKO", "Department of Peacekeeping Operations (UN)")
    ]
    assert glossary.entries[0].organisation == dpko
    page = client.get(reverse("newsletters:glossary")).content.decode()
    assert page.count(">DPKO</abbr>") == 1
    assert (
        f'<a href="{dpko.get_absolute_url()}">Department of Peacekeeping Operations (UN)</a>'
        in (page)
    )
    assert abbrs(client.get(article.get_absolute_url()).content.decode()) == [
        ("DPKO", "Department of Peacekeeping Operations (UN)")
    ]


def test_entries_sort_as_a_reader_looks_them_up():
    for abbreviation in ["MEP", "km", "Éco", "IED", "EU"]:
        TermFactory(abbreviation=abbreviation)
    published_using("MEP, km, Éco, IED and EU.")
    assert [entry.abbreviation for entry in load_glossary().entries] == [
        "Éco",
        "EU",
        "IED",
        "km",
        "MEP",
    ]


def test_a_term_links_to_its_organisation_only_once_that_is_public(client):
    un = OrganisationFactory(name="United Nations", acronym="UN", slug="un")
    TermFactory(abbreviation="SRSG", expansion=SRSG, organisation=un)
    published_using("The SRSG spoke.")
    assert load_glossary().entries[0].organisation is None
    page = client.get(reverse("newsletters:glossary")).content.decode()
    assert "/people/organisations/un/" not in page
    shown_in_published_work(un)
    entries = {entry.abbreviation: entry for entry in load_glossary().entries}
    assert entries["SRSG"].organisation == un
    page = client.get(reverse("newsletters:glossary")).content.decode()
    assert f'<a href="/people/organisations/un/">{SRSG}</a>' in page


def test_each_article_explains_a_term_and_an_organisation_at_its_first_use_only(client):
    dpko = OrganisationFactory(name="Department of Peacekeeping Operations", acronym="DPKO")
    TermFactory(abbreviation="SRSG", expansion=SRSG)
    issue = IssueFactory(published=True)
    text = "The SRSG met the DPKO. The SRSG and the DPKO agreed; so did the SRSG."
    articles = [published_using(text, issue=issue, organisations=[dpko]) for _ in range(2)]
    explained = [("SRSG", SRSG), ("DPKO", "Department of Peacekeeping Operations")]
    for article in articles:
        page = client.get(article.get_absolute_url()).content.decode()
        assert abbrs(page) == explained, article
        assert "so did the SRSG." in page  # Later uses are printed as written.
    issue_page = client.get(issue.get_absolute_url()).content.decode()
    assert abbrs(issue_page) == explained * 2  # Once in each article of the issue.


def test_the_title_and_the_standfirst_count_as_the_first_use(client):
    TermFactory(abbreviation="SRSG", expansion=SRSG)
    TermFactory(abbreviation="CAR", expansion="Central African Republic")
    article = ArticleFactory(
        published=True,
        title="CAR donor conference",
        standfirst="The SRSG came to the CAR conference.",
        body="<p>The SRSG spoke on the CAR.</p>",
    )
    record_terms(article)
    glossary = load_glossary()
    assert abbrs(headline(article, glossary)) == [("CAR", "Central African Republic")]
    assert abbrs(standfirst(article, glossary)) == [("SRSG", SRSG)]
    assert abbrs(body(article, glossary)) == []
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 id="article-title"><abbr title="Central African Republic">CAR</abbr> donor' in page
    assert "<title>CAR donor conference ·" in page  # Plain text everywhere else.


def test_a_term_only_unpublished_work_uses_is_nowhere_public(client):
    term = TermFactory(abbreviation="XQZ", expansion="Not yet announced programme")
    issue = IssueFactory(published=True, foreword="<p>A foreword.</p>")
    public = ArticleFactory(issue=issue, status=Status.PUBLISHED, body="<p>The XQZ.</p>")
    draft = ArticleFactory(issue=issue, body="<p>The XQZ starts.</p>")
    scheduled = ArticleFactory(scheduled=True, body="<p>The XQZ starts later.</p>")
    # The public article was saved before the term existed; the others have it recorded.
    record_terms(draft, scheduled)
    assert set(term.articles.all()) == {draft, scheduled}
    assert not Term.objects.published().exists()
    assert "XQZ" not in load_glossary()
    for url in [
        reverse("newsletters:glossary"),
        public.get_absolute_url(),
        issue.get_absolute_url(),
    ]:
        assert "Not yet announced programme" not in client.get(url).content.decode(), url
    for fmt in ("html", "email", "pdf"):
        assert "Not yet announced programme" not in public_export(issue, fmt), fmt
    preview = render_source(issue, formats.get("html"), audience=Audience.PREVIEW).html
    assert "Not yet announced programme" in preview  # Staff see what the draft will show.

    transition(draft, to=Status.PUBLISHED, by=None)
    assert list(Term.objects.published()) == [term]
    assert "<dd>Not yet announced programme</dd>" in public_export(issue)
    assert abbrs(client.get(public.get_absolute_url()).content.decode()) == [
        ("XQZ", "Not yet announced programme")
    ]


def test_publishing_records_the_terms_the_text_uses_now():
    article = ArticleFactory(body="<p>The CSDP and HR/VP.</p>")
    csdp = Term.objects.create(abbreviation="CSDP", expansion="Common Security and Defence Policy")
    hrvp = Term.objects.create(abbreviation="HR/VP", expansion="High Representative")
    Term.objects.create(abbreviation="HR", expansion="Not used on its own")
    assert not article.terms.exists()  # Created by code, which records nothing.
    transition(article.issue, to=Status.PUBLISHED, by=None)
    assert set(article.terms.all()) == {csdp, hrvp}
    assert set(Term.objects.published()) == {csdp, hrvp}


def test_the_foreword_of_a_public_issue_makes_its_terms_public():
    term = TermFactory(abbreviation="RtoP", expansion="Responsibility to Protect")
    issue = IssueFactory(foreword="<p>On RtoP.</p>")
    ArticleFactory(issue=issue)
    record_terms(issue)
    assert list(issue.terms.all()) == [term]
    assert not Term.objects.published().exists()
    transition(issue, to=Status.PUBLISHED, by=None)
    assert list(Term.objects.published()) == [term]
    assert "<dt>RtoP</dt><dd>Responsibility to Protect</dd>" in public_export(issue)


def test_saving_a_draft_in_the_admin_records_its_terms(client, admin_client):
    term = TermFactory(abbreviation="SRSG", expansion=SRSG)
    article = ArticleFactory(body="<p>No term yet.</p>")
    url = reverse("admin:newsletters_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data["body"] = "<p>The SRSG arrived.</p>"
    client.force_login(UserFactory(role="Contributor"))
    assert client.post(url, data).status_code == 302
    assert list(article.terms.all()) == [term]
    data = change_form_data(admin_client.get(url))
    data["body"] = "<p>No term again.</p>"
    assert client.post(url, data).status_code == 302
    assert not article.terms.exists()


def test_saving_a_term_links_it_to_the_texts_its_author_may_change():
    draft = ArticleFactory(body="<p>The USG.</p>")
    published = ArticleFactory(published=True, body="<p>The USG.</p>")
    term = Term.objects.create(abbreviation="USG", expansion="Under-Secretary-General")
    record_term_uses([term], by=UserFactory(role="Contributor"))
    assert list(term.articles.all()) == [draft]
    assert not Term.objects.published().exists()
    record_term_uses([term], by=UserFactory(role="Publisher"))
    assert set(term.articles.all()) == {draft, published}
    term.abbreviation = "UNSG"
    term.save()
    record_term_uses([term], by=None)
    assert not term.articles.exists()  # Renamed: no text uses it any longer.
