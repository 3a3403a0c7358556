"""The office's name and details come from settings.PUBLISHER alone: pages, feeds, exports."""

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import get_resolver, reverse

from newsletters.export import formats
from newsletters.export.documents import render_source
from unlops.publisher import publisher_details

OTHER = {"name": "Office of the Test Envoy for Harbours", "acronym": "OTEH", "city": "Valletta"}


@pytest.fixture
def other_office(settings):
    settings.PUBLISHER = dict(OTHER)
    return settings.PUBLISHER


def test_the_optional_details_are_filled_in(other_office):
    details = publisher_details()
    assert details["address_lines"] == ["Valletta"]
    assert details["email"] == details["website"] == ""
    assert details["about"].startswith(
        "The Office of the Test Envoy for Harbours (OTEH) in Valletta works with"
    )


def test_given_details_are_kept_and_an_address_string_becomes_lines(other_office):
    other_office.update(address="  1 Quay Street \n\nValletta VLT 1000 ", about="We are small.")
    details = publisher_details()
    assert details["address_lines"] == ["1 Quay Street", "Valletta VLT 1000"]
    assert details["about"] == "We are small."


def test_a_publisher_without_a_name_is_refused(settings):
    settings.PUBLISHER = {"acronym": "X", "city": "Y"}
    with pytest.raises(ImproperlyConfigured, match="name"):
        publisher_details()


def test_every_public_page_names_the_configured_office(client, world, other_office):
    for url in [
        reverse("newsletters:home"),
        world.issue.get_absolute_url(),
        world.article.get_absolute_url(),
        world.person.get_absolute_url(),
        world.organisation.get_absolute_url(),
        reverse("people:organisation-list"),
        reverse("newsletters:glossary"),
        reverse("events:event-list"),
        reverse("newsletters:topic-list"),
        "/no-such-page/",
    ]:
        page = client.get(url).content.decode()
        assert f"· {OTHER['name']}</title>" in page, url
        assert "Office of the Test Envoy for&nbsp;Harbours</span>" in page, url
        assert f"{OTHER['name']}<br>{OTHER['city']}" in page, url
        assert "Liaison Office" not in page and "UNLOPS" not in page, url


def test_the_error_page_names_the_configured_office(other_office):
    response = get_resolver().resolve_error_handler(500)(RequestFactory().get("/"))
    assert f"Something went wrong · {OTHER['name']}" in response.content.decode()


def test_feeds_name_the_configured_office(client, world, other_office):
    feed = client.get(reverse("newsletters:issue-feed")).content.decode()
    assert f"<title>{OTHER['name']}: Newsletter issues</title>" in feed
    assert f"<author><name>{OTHER['name']}</name></author>" in feed


@pytest.mark.parametrize("fmt", ["pdf", "html", "email"])
def test_exports_take_the_same_details(world, other_office, fmt):
    other_office["email"] = "envoy@example.org"
    html = render_source(world.issue, formats.get(fmt)).html
    details = publisher_details()
    assert f"{OTHER['name']} ({OTHER['acronym']})" in html
    assert details["about"] in html and "envoy@example.org" in html
    assert "Liaison Office" not in html and "UNLOPS" not in html


def test_the_admin_header_reads_the_setting(other_office):
    assert str(admin.site.site_header) == "OTEH newsletter"
    assert str(admin.site.site_title) == "OTEH newsletter"
