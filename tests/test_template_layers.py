"""Templates hold the layers too, and name the office only through the publisher setting."""

import re
from pathlib import Path

import pytest
from django.template.backends.django import get_installed_libraries

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# The apps from the bottom up; a template folder may use what is at its level or below.
LAYERS = ["people", "events", "newsletters"]
# Folders whose templates must not reach a higher app, and the apps above each.
ABOVE = {
    "includes": LAYERS,
    "people": LAYERS[1:],
    "events": LAYERS[2:],
}
OFFICE_NAMES = ["Liaison Office", "UNLOPS"]

TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
LITERAL = re.compile(r""""[^"]*"|'[^']*'""")
LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}")
INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def templates_in(folder):
    return sorted((TEMPLATES / folder).rglob("*.html"))


def app_of_library(name):
    return get_installed_libraries()[name].split(".", 1)[0]


def higher_reaches(source, apps):
    """What a template's source loads or includes from any of ``apps``."""
    found = []
    for libraries in LOAD.findall(source):
        names = libraries.split(" from ")[-1].split()
        found += [f"load {name}" for name in names if app_of_library(name) in apps]
    found += [f"include {name}" for name in INCLUDE.findall(source) if name.split("/")[0] in apps]
    return found


def office_names_in_text(source):
    """The office's name typed into a template: as text, or as a string literal inside a tag."""
    literals = []

    def keep_literals(match):
        if not match.group().startswith("{#"):
            literals.extend(LITERAL.findall(match.group()))
        return " "

    text = " ".join([TAG.sub(keep_literals, source), *literals])
    return [name for name in OFFICE_NAMES if name in text]


@pytest.mark.parametrize("folder", sorted(ABOVE))
def test_lower_templates_reach_no_higher_app(folder):
    offences = {
        str(path.relative_to(TEMPLATES)): found
        for path in templates_in(folder)
        if (found := higher_reaches(path.read_text(), ABOVE[folder]))
    }
    assert templates_in(folder)
    assert offences == {}


def test_the_check_sees_a_newsletters_library_and_partial():
    source = '{% load i18n newsletter_tags %}{% include "newsletters/_article_body.html" %}'
    assert higher_reaches(source, ["newsletters"]) == [
        "load newsletter_tags",
        "include newsletters/_article_body.html",
    ]
    assert higher_reaches("{% load text pictures dates safety %}", LAYERS) == []


def test_no_template_types_the_office_name():
    offences = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and (found := office_names_in_text(path.read_text()))
    }
    assert offences == {}


def test_the_name_check_sees_text_and_literals_but_not_variables():
    assert office_names_in_text("<p>UNLOPS newsletter</p>") == ["UNLOPS"]
    assert office_names_in_text('{% include "x.html" with title="the Liaison Office" %}') == [
        "Liaison Office"
    ]
    assert office_names_in_text("{{ publisher.acronym }} {# UNLOPS #} {% if UNLOPS %}") == []
