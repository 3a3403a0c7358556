"""The demo's texts: the files beside facts.json, how they are read, and that they are our own."""

import html
import os
import re
import shutil

import pytest
from django.conf import settings as django_settings

from events.models import Event
from newsletters.demo import loader, texts
from newsletters.models import Article, Issue, Photo
from tests.newsletters.source_claims import find_seed_text, short_quotations_masked

FACTS = loader.read_facts()


def test_every_fact_has_its_text_and_every_text_its_fact():
    read = texts.read_texts(FACTS)
    assert set(read["articles"]) == {a["key"] for a in FACTS["articles"]}
    assert set(read["events"]) == {e["key"] for e in FACTS["events"]}
    assert set(read["photos"]) == {p["key"] for p in FACTS["photos"]}
    assert set(read["people"]) <= {p["key"] for p in FACTS["people"]}
    assert read["issue"]["slug"] == "october-2016-may-2017"


@pytest.fixture
def copied_texts(tmp_path):
    directory = tmp_path / "demo"
    shutil.copytree(texts.TEXTS_DIR, directory, ignore=shutil.ignore_patterns("*.py*"))
    return directory


def test_a_misspelt_or_missing_key_is_refused(copied_texts):
    (copied_texts / "articles/nato-update.md").rename(copied_texts / "articles/nato-updates.md")
    with pytest.raises(ValueError) as refused:
        texts.read_texts(FACTS, copied_texts)
    assert str(refused.value) == (
        "articles: nato-updates is not in the facts; articles: nato-update has no text"
    )


def test_a_file_without_front_matter_is_refused(copied_texts):
    (copied_texts / "issue.md").write_text("The foreword alone.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no front matter"):
        texts.read_texts(FACTS, copied_texts)


def test_markdown_becomes_the_stored_markup():
    text = (
        "One sentence.\nAnother, on its own line.\n\n"
        "- **Visitor A**, Brussels.\n  Met the PSC.\n- Visitor B\n\n"
        "Last *word*<script>alert(1)</script>.\n"
    )
    assert texts.render_markdown(text) == (
        "<p>One sentence. Another, on its own line.</p>\n"
        "<ul><li><strong>Visitor A</strong>, Brussels. Met the PSC.</li><li>Visitor B</li></ul>\n"
        "<p>Last <em>word</em>.</p>"
    )


def test_short_texts_join_their_lines(copied_texts):
    summary = "Estonia takes over the rotating Presidency of the Council of the European Union."
    path = copied_texts / "events.toml"
    text = path.read_text(encoding="utf-8")
    assert f'summary = "{summary}"' in text
    on_two_lines = summary.replace(" of the Council", "\n  of the Council")
    path.write_text(
        text.replace(f'summary = "{summary}"', f"summary = '''\n{on_two_lines}\n'''"),
        encoding="utf-8",
    )
    events = texts.read_texts(FACTS, copied_texts)["events"]
    assert events["estonia-council-presidency-2017-07-01"]["summary"] == summary


# The printed issue's text, kept outside the project; the check against it is skipped without it.
SEED_TEXT = find_seed_text(django_settings.BASE_DIR, os.environ)

# Names of things that are not in facts.json as such but must be written as they are.
PROPER_NAMES = [
    "Joint UNDP-DPA Programme on Building National Capacities for Conflict Prevention",
    "Implementing the RtoP principle: UN, EU and civil society perspectives",
]


def _words(text):
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).lower().replace("’", "'")
    return " ".join(re.findall(r"\w+|§", text))


def _masked(text, names):
    """The text as words, with official names and titles (facts, not prose) replaced by '§'."""
    words = f" {_words(text)} "
    for name in names:
        words = words.replace(f" {name} ", " § ")
    return words.split()


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="the printed issue's text is not here")
def test_no_authored_text_repeats_the_printed_issue(demo):
    """No 12-word run of the written text appears in the printed issue.

    Official names and titles (of organisations, posts, events, articles and topics, from the
    facts) are taken out of both texts first: writing a title out in full is the house style, not
    copying. So are the written text's short quotations: quoting someone's words is not copying
    (a long quotation is, and stays in).
    """
    names = {o["name"] for o in FACTS["organisations"]}
    names |= {alias for o in FACTS["organisations"] for alias in o.get("aliases") or []}
    names |= {a["title"] for p in FACTS["people"] for a in p["appointments"]}
    names |= {e["title"] for e in FACTS["events"]}
    names |= {a["title"] for a in FACTS["articles"]}
    names |= {topic for a in FACTS["articles"] for topic in a["topics"]}
    names |= set(PROPER_NAMES)
    names = sorted(
        {_words(name) for name in names if len(_words(name).split()) >= 3}, key=len, reverse=True
    )
    seed = _masked(SEED_TEXT.read_text(encoding="utf-8"), names)
    runs = {tuple(seed[i : i + 12]) for i in range(len(seed) - 11)}

    issue = Issue.objects.get()
    texts = {"foreword": issue.foreword}
    for article in Article.objects.all():
        texts[f"{article.slug} body"] = article.body
        texts[f"{article.slug} standfirst"] = article.standfirst
    for photo in Photo.objects.all():
        texts[photo.image.name] = photo.caption
    for event in Event.objects.all():
        texts[event.slug] = event.summary

    copied = []
    for label, text in texts.items():
        words = _masked(short_quotations_masked(text), names)
        copied += [
            f"{label}: {' '.join(words[i : i + 12])}"
            for i in range(len(words) - 11)
            if tuple(words[i : i + 12]) in runs
        ]
    assert copied == []
