"""The consent a reader gives, as data: one version at a time, in English and French.

A new wording gets a new ``version`` in consent.json; what each subscriber agreed to is copied
onto their row, so changing the file never rewrites an earlier consent.
"""

import json
from functools import cache
from pathlib import Path

from unlops.publisher import publisher_details

CONSENT_FILE = Path(__file__).with_name("consent.json")


@cache
def _load():
    data = json.loads(CONSENT_FILE.read_text(encoding="utf-8"))
    return data["version"], data["text"]


def version():
    return _load()[0]


def text(language):
    """The consent in ``language`` (en or fr), naming the office as the settings do."""
    texts = _load()[1]
    return texts.get(language, texts["en"]).format(name=publisher_details()["name"])


def texts():
    """Every language's wording, for the page that shows them all: {language: text}."""
    return {language: text(language) for language in _load()[1]}
