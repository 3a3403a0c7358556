"""Importing and exporting the glossary's terms, through the admin's bounded import."""

import pytest
import tablib
from import_export.formats.base_formats import CSV, JSON, XLSX

from newsletters.models import Term
from newsletters.resources import TermResource
from tests.factories import (
    ArticleFactory,
    OrganisationFactory,
    TermFactory,
    UserFactory,
    shown_in_published_work,
)
from tests.importing import confirm_data, csv_text, import_errors, upload

pytestmark = pytest.mark.django_db

HEADERS = ["abbreviation", "expansion", "kind", "organisation"]


def rows(*values):
    return tablib.Dataset(*values, headers=HEADERS)


@pytest.mark.parametrize("file_format", [CSV, XLSX, JSON], ids=["csv", "xlsx", "json"])
def test_an_export_imports_back_unchanged(file_format):
    un = OrganisationFactory(name="United Nations", acronym="UN", slug="un")
    TermFactory(abbreviation="SRSG", expansion="Special Representative of the Secretary-General")
    TermFactory(abbreviation="HR/VP", kind=Term.Kind.TITLE, organisation=un)
    TermFactory(abbreviation="G5 Sahel", expansion="Group of Five for the Sahel; “G5”, 2014")
    before = list(Term.objects.order_by("pk").values())
    exported = TermResource().export()
    assert exported.headers == HEADERS
    assert ["HR/VP", exported.dict[1]["expansion"], "title", "UN"] == list(exported[1])
    data = file_format().create_dataset(file_format().export_data(exported))
    result = TermResource().import_data(data)
    assert import_errors(result) == []
    assert [row.import_type for row in result.rows] == ["skip"] * 3
    assert list(Term.objects.order_by("pk").values()) == before


def test_an_import_creates_terms_and_links_them_to_the_texts_that_use_them():
    OrganisationFactory(name="United Nations", acronym="UN", slug="un")
    article = ArticleFactory(body="<p>The USG and the SRSG.</p>")
    result = TermResource().import_data(
        rows(
            ["USG", "Under-Secretary-General", "title", "UN"],
            ["SRSG", "Special Representative of the Secretary-General", "title", ""],
            ["CAR", "Central African Republic", "place", ""],
        )
    )
    assert import_errors(result) == []
    assert Term.objects.get(abbreviation="USG").organisation.slug == "un"
    assert sorted(article.terms.values_list("abbreviation", flat=True)) == ["SRSG", "USG"]


def test_a_bad_row_is_named_and_nothing_is_imported():
    result = TermResource().import_data(
        rows(
            ["USG", "Under-Secretary-General", "title", ""],
            ["SRSG", "Special Representative of the Secretary-General", "rank", ""],
            ["CAR", "Central African Republic", "place", "NOPE"],
            ["RtoP", "", "policy", ""],
        )
    )
    errors = import_errors(result)
    assert [number for number, _ in errors] == [2, 3, 4]
    assert "rank" in errors[0][1] and "is not a valid choice" in errors[0][1]
    assert "NOPE" in errors[1][1]
    assert "expansion" in errors[2][1] and "cannot be blank" in errors[2][1]
    assert not Term.objects.exists()


def test_an_import_does_not_reword_a_public_term_unless_made_by_a_publisher(client):
    term = TermFactory(abbreviation="SRSG", expansion="As published")
    shown_in_published_work(term)
    new = [["SRSG", "Reworded", term.kind, ""]]
    result = TermResource(user=UserFactory(role="Contributor")).import_data(rows(*new))
    assert "only a publisher may change" in import_errors(result)[0][1]
    assert Term.objects.get().expansion == "As published"
    result = TermResource(user=UserFactory(role="Publisher")).import_data(rows(*new))
    assert import_errors(result) == []
    assert Term.objects.get().expansion == "Reworded"


def test_the_admin_import_previews_then_confirms(client):
    client.force_login(UserFactory(role="Contributor"))
    content = csv_text(HEADERS, ["RtoP", "Responsibility to Protect", "policy", ""])
    preview = upload(client, "newsletters_term", content)
    assert preview.status_code == 200 and "confirm_form" in preview.context
    assert not Term.objects.exists()
    client.post("/admin/newsletters/term/process_import/", confirm_data(preview))
    assert Term.objects.get().expansion == "Responsibility to Protect"
