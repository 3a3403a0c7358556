"""Templates hold the layers too: a lower app's templates reach nothing of a higher app's."""

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
