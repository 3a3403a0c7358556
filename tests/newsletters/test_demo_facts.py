"""The demo's texts state only what the printed issue states: every date, number and quotation in
them is in the issue's text or in facts.json (see source_claims for what counts as the same)."""

import os
import shutil

import pytest
from django.conf import settings as django_settings

from newsletters.demo import loader, texts
from tests.newsletters.source_claims import (
    MAX_QUOTE_WORDS,
    Source,
    claims,
    find_seed_text,
    quotations,
    short_quotations_masked,
    strings_in,
)

FACTS = loader.read_facts()
SEED_TEXT = find_seed_text(django_settings.BASE_DIR, os.environ)

pytestmark = pytest.mark.skipif(
    not SEED_TEXT.exists(), reason="the printed issue's text is not here"
)

# Claims of the demo's texts that the source does not make in so many words, each with why it
# stands: (where, as written) -> reason.
EXCEPTIONS = {
    ("photos/photo-libya-quartet/alt", "four"): (
        "counts the people the photo's facts list from left to right; the source names all four"
    ),
}


# A photo's date and place in facts.json are at times inferred (its date_note says so): a caption
# is held to the printed text alone.
HELD_TO_THE_TEXT_ALONE = ("photos/",)


@pytest.fixture(scope="module")
def seed():
    return Source.of(SEED_TEXT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def source():
    return Source.of(SEED_TEXT.read_text(encoding="utf-8"), *strings_in(FACTS))


def demo_texts(directory=texts.TEXTS_DIR):
    """Every text of the demo (articles, foreword, summaries, captions, any other field of the
    text files) by where it is: "articles/nato-update/body"."""
    found = {}

    def walk(label, value):
        if isinstance(value, str):
            found[label] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{label}/{key}" if label else key, item)

    walk("", texts.read_texts(FACTS, directory))
    return found


def unheld(source, seed, directory=texts.TEXTS_DIR):
    return [
        (label, claim.written)
        for label, text in demo_texts(directory).items()
        for claim in (seed if label.startswith(HELD_TO_THE_TEXT_ALONE) else source).unheld(text)
    ]


def test_every_date_number_and_quotation_of_the_demo_is_in_the_source(source, seed):
    assert [claim for claim in unheld(source, seed) if claim not in EXCEPTIONS] == []


def test_the_check_has_something_to_check():
    counts = {}
    for text in demo_texts().values():
        for claim in claims(text):
            counts[claim.kind] = counts.get(claim.kind, 0) + 1
    assert counts["day"] > 40 and counts["number"] > 40 and counts["quotation"] > 5, counts


def test_every_exception_is_still_needed(source, seed):
    assert set(EXCEPTIONS) <= set(unheld(source, seed))


def test_quotations_are_short():
    long = [
        (label, quotation)
        for label, text in demo_texts().items()
        for quotation in quotations(text)
        if len(quotation.split()) > MAX_QUOTE_WORDS
    ]
    assert long == []


def test_the_sources_quotations_are_kept():
    """What the source quotes in two words or more is quoted in the demo too, in full if it is
    short and at least in part if it is long."""
    quoted = [q.strip(" .,") for text in demo_texts().values() for q in quotations(text)]
    missing = []
    for passage in quotations(SEED_TEXT.read_text(encoding="utf-8")):
        passage = passage.strip(" .,")
        if len(passage.split()) < 2:
            continue  # a single word in quotes ("Quartet") is a name, not someone's words
        if len(passage.split()) <= MAX_QUOTE_WORDS:
            kept = passage in quoted
        else:
            kept = any(len(q.split()) >= 5 and q in passage for q in quoted)
        if not kept:
            missing.append(passage)
    assert missing == []


def test_where_the_facts_give_two_dates_the_texts_give_both():
    read = texts.read_texts(FACTS)
    articles = {a["key"]: a for a in FACTS["articles"]}
    conflicts = [e for e in FACTS["events"] if e.get("alternative_start")]
    assert conflicts
    for event in conflicts:
        dates = {_day(event["start"]), _day(event["alternative_start"])}
        where = {f"events/{event['key']}": read["events"][event["key"]]["summary"]}
        for key, article in articles.items():
            if event["key"] in article["events"]:
                where[f"articles/{key}"] = read["articles"][key]["body"]
        for label, text in where.items():
            written = {claim.value for claim in claims(text) if claim.kind == "day"}
            assert dates <= written, label


def _day(iso):
    year, month, day = (int(part) for part in iso.split("-"))
    return (day, month, year)


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("Romania also pledged 2,500 troops.", ["2,500"]),
        ("Romania also pledged 2 500 troops.", ["2 500"]),
        ("Romania also pledged 2500 troops.", ["2500"]),
        ("Romania will spend 3% of its GDP on defence.", ["3%"]),
        ("Pledges came to more than 2.2 billion euros.", ["2.2 billion euros"]),
        ("Pledges came to more than seven billion euros.", ["seven billion euros"]),
        ("Over these eight months the two organisations met often.", ["eight"]),
        ("The ministers met on 18 May 2017.", ["18 May 2017"]),
        ("The ministers met on 18.05.2017.", ["18.05.2017"]),
        ("The ministers met on 28 March 2016.", ["28 March 2016"]),
        ("The ministers met in August 2017.", ["August 2017"]),
        ("The ministers met on Tuesday, 9 May.", ["Tuesday"]),
        ("It replaced the strategy of 1999.", ["1999"]),
        ("He called the EU “a partnership without equal”.", ['"a partnership without equal"']),
        (
            "He called the EU the “most successful peace project”.",
            ['"most successful peace project"'],
        ),
    ],
)
def test_a_claim_the_source_does_not_make_is_caught(source, text, caught):
    assert [claim.written for claim in source.unheld(text)] == caught


@pytest.mark.parametrize(
    "text",
    [
        "Guterres spoke in Strasbourg on 17.05.2017.",
        "Guterres spoke in Strasbourg on May 17, 2017.",
        "Guterres spoke in Strasbourg on 2017-05-17 and Macron met Tusk on 17 May.",
        "Estonia takes over on 1 July 2017.",
        "Ministers meet in Vancouver on 14–15 November 2017.",
        "Romania will reach the 2% target; 2 per cent is the goal of six allies.",
        "More than $2.2 billion was pledged, and €200 million announced.",
        "Pledges exceeded 6,000 million euros, or 6 000 million euros.",
        "The summit marked sixty years since the Treaty of Rome.",
        "He said a “strong and united Europe is an absolutely fundamental pillar of a strong and "
        "effective United Nations”.",
        'The documentary "Bogdan\'s journey"; cooperation is “the norm rather than the exception”.',
    ],
)
def test_the_same_claim_written_differently_is_held(source, text):
    assert source.unheld(text) == []


def test_a_figure_added_to_an_article_fails_the_check(source, seed, tmp_path):
    directory = tmp_path / "demo"
    shutil.copytree(texts.TEXTS_DIR, directory, ignore=shutil.ignore_patterns("*.py*"))
    article = directory / "articles/nato-update.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nRomania also pledged 2,500 troops.\n",
        encoding="utf-8",
    )
    assert ("articles/nato-update/body", "2,500") in unheld(source, seed, directory)
    assert ("articles/nato-update/body", "2,500") not in unheld(source, seed)


def test_a_caption_may_not_take_a_date_from_the_facts_alone(source, seed, tmp_path):
    """facts.json dates the photo of Jehangir Khan 3 March 2017, the day of the dialogue; the
    printed caption gives no date, and the text says only "On 3 March"."""
    directory = tmp_path / "demo"
    shutil.copytree(texts.TEXTS_DIR, directory, ignore=shutil.ignore_patterns("*.py*"))
    captions = directory / "photos.toml"
    text = captions.read_text(encoding="utf-8")
    margins = "on the margins of the UN-EU Political Dialogue on Counter-Terrorism."
    assert margins in text
    captions.write_text(text.replace(margins, "in Brussels, 3 March 2017."), encoding="utf-8")
    label = "photos/photo-jehangir-khan-interview/caption"
    assert (label, "3 March 2017") in unheld(source, seed, directory)
    assert source.unheld("Brussels, 3 March 2017.") == []


def test_only_short_quotations_are_set_aside_from_the_copying_check():
    words = " ".join(["word"] * (MAX_QUOTE_WORDS + 1))
    masked = short_quotations_masked(
        f"He spoke of a “strong and united Europe”, then said “{words}”."
    )
    assert masked.split() == f'He spoke of a § , then said "{words}".'.split()
