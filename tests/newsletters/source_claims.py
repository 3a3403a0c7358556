"""The checkable claims of a text (dates, numbers, quotations) and whether a source holds them.

A claim is put in one canonical form whatever way it is written, in the demo's texts as in the
printed issue: "17 May 2017", "17.05.2017", "May 17, 2017" and "2017-05-17" are the same day;
"2%", "2 per cent" and "two percent" the same share; "1,000", "1 000" and "one thousand" the same
number; "6,000 million euros" and "six billion euros" the same sum. Typographic quotes, dashes,
spaces and the hyphens of words broken at a line end are evened out first.

A claim is held by the source when the source makes the same claim: a day with its year needs that
day and year, a month with its year needs a day or a month of that month and year, a sum in a
currency needs that sum in that currency (a bare number matches the number in any unit), and a
quotation must be a passage of the source's text, word for word.
"""

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# A quotation longer than this is copying, not quoting.
MAX_QUOTE_WORDS = 20

SEED_NAME = "shared/seed/newsletter-2016-10-to-2017-05.txt"

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
MONTH = "|".join(MONTHS)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
ORDINAL = r"(?:st|nd|rd|th)?"

ISO_DAY = re.compile(r"\b(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")
ISO_MONTH = re.compile(r"\b(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])\b(?!-\d)")
NUMERIC_DAY = re.compile(r"(?<![\d.])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})\b")
DAY_MONTH = re.compile(
    rf"(?<![\w.,])(?P<d>\d{{1,2}}){ORDINAL}(?: ?(?:-|and|to) ?(?P<d2>\d{{1,2}}){ORDINAL})?"
    rf" (?:of )?(?P<month>{MONTH})\b(?:,? (?P<y>\d{{4}})\b)?"
)
MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH}) (?P<d>\d{{1,2}}){ORDINAL}(?: ?- ?(?P<d2>\d{{1,2}}))?,? (?P<y>\d{{4}})\b"
)
MONTH_YEAR = re.compile(rf"\b(?P<month>{MONTH}),? (?P<y>\d{{4}})\b")
MONTH_ALONE = re.compile(rf"\b(?P<month>{MONTH})\b")
# "Good Friday" is an agreement, not a day.
WEEKDAY = re.compile(rf"(?<!Good )\b(?P<day>{WEEKDAYS})s?\b")
YEAR = re.compile(r"(?<![\w.,])(?P<y>1[89]\d\d|20\d\d)(?![\w.,]?\d)")

CURRENCIES = {"usd": "USD", "us$": "USD", "$": "USD", "dollars": "USD", "dollar": "USD"}
CURRENCIES |= {"eur": "EUR", "€": "EUR", "euros": "EUR", "euro": "EUR"}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "bn": 10**9}
AFTER = r"(?: ?(?P<scale>thousand|million|billion|bn)\b)?(?: ?(?P<share>%|percent\b|per cent\b))?"
AFTER += r"(?: (?P<cur2>euros?|dollars?|USD|EUR)\b)?"
FIGURE = re.compile(
    r"(?:(?<!\w)(?P<cur1>USD|EUR|US\$|\$|€) ?)?(?<![\w.,])"
    r"(?P<int>\d{1,3}(?:[, ]\d{3})+(?!\d)|\d+)(?:\.(?P<dec>\d+))?" + ORDINAL + AFTER
)

CARDINALS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
WORD_VALUES = CARDINALS | ORDINALS | TENS | {"hundred": 100, "hundredth": 100}


def _alternatives(words):
    return "|".join(sorted(words, key=len, reverse=True))


# "six", "sixty-one", "twenty-first": one number under a hundred, then any "hundred", "thousand",
# "million" or "billion" with what follows them ("two hundred and fifty thousand").
SMALL = rf"(?:(?:{_alternatives(TENS)})(?:-(?:{_alternatives(CARDINALS | ORDINALS)}))?"
SMALL += rf"|{_alternatives(CARDINALS | ORDINALS)})"
BIG = r"(?:hundredth|hundred|thousand|million|billion)"
WORDS_FIGURE = re.compile(
    rf"(?<![\w-])(?P<words>{SMALL}(?: (?:and )?{BIG}(?: (?:and )?{SMALL})?)*)\b"
    + AFTER.replace("thousand|million|billion|bn", "bn"),
    re.IGNORECASE,
)
QUOTATION = re.compile(r'"(?P<text>[^"]+)"')


@dataclass(frozen=True)
class Claim:
    kind: str  # day, day-month, month-year, month, year, weekday, number, quotation
    value: tuple
    written: str


def normalise(text):
    """Plain text, with one kind of quote, dash and space, and words broken at a line end mended."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"[‘’‛′]", "'", text)
    text = re.sub(r"[“”„«»″]", '"', text)
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "-", text)
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def claims(text):
    """Every date, number and quotation in the text, each once where it is written."""
    text = normalise(text)
    found = [Claim("quotation", (m["text"],), m[0]) for m in QUOTATION.finditer(text)]
    text = QUOTATION.sub(" ¤ ", text)
    for finder in (_iso_and_numeric_days, _days, _months, _numbers):
        more, text = finder(text)
        found += more
    return found


def _take(pattern, text, make):
    """The claims that make() draws from each match, and the text with the matches taken out."""
    found = []

    def cut(match):
        found.extend(make(match))
        return " ¤ "

    return found, pattern.sub(cut, text)


def _day(match, d, m):
    year = int(match["y"]) if match["y"] else None
    if year is None:
        return Claim("day-month", (int(d), m), match[0])
    return Claim("day", (int(d), m, year), match[0])


def _iso_and_numeric_days(text):
    found = []
    for pattern in (ISO_DAY, NUMERIC_DAY):
        more, text = _take(pattern, text, lambda m: [_day(m, m["d"], int(m["m"]))])
        found += more
    more, text = _take(
        ISO_MONTH, text, lambda m: [Claim("month-year", (int(m["m"]), int(m["y"])), m[0])]
    )
    return found + more, text


def _written_days(match):
    month = MONTHS.index(match["month"]) + 1
    return [_day(match, d, month) for d in (match["d"], match["d2"]) if d]


def _days(text):
    found = []
    for pattern in (MONTH_DAY, DAY_MONTH):
        more, text = _take(pattern, text, _written_days)
        found += more
    return found, text


def _months(text):
    found, text = _take(
        MONTH_YEAR,
        text,
        lambda m: [Claim("month-year", (MONTHS.index(m["month"]) + 1, int(m["y"])), m[0])],
    )
    for kind, pattern, value in (
        ("month", MONTH_ALONE, lambda m: (MONTHS.index(m["month"]) + 1,)),
        ("weekday", WEEKDAY, lambda m: (m["day"],)),
        ("year", YEAR, lambda m: (int(m["y"]),)),
    ):
        more, text = _take(pattern, text, lambda m, k=kind, v=value: [Claim(k, v(m), m[0])])
        found += more
    return found, text


def _numbers(text):
    found, text = _take(FIGURE, text, lambda m: [_figure(m, _digits(m))])
    more, text = _take(WORDS_FIGURE, text, lambda m: [_figure(m, _words_value(m["words"]))])
    return found + more, text


def _digits(match):
    return Decimal(re.sub(r"[, ]", "", match["int"]) + (f".{match['dec']}" if match["dec"] else ""))


def _words_value(words):
    total, current = 0, 0
    for word in re.split(r" and | |-", words.lower()):
        if word.startswith("hundred"):
            current = (current or 1) * 100
        elif word in SCALES:
            total, current = total + (current or 1) * SCALES[word], 0
        else:
            current += WORD_VALUES[word]
    return Decimal(total + current)


def _figure(match, value):
    if match["scale"]:
        value *= SCALES[match["scale"].lower()]
    currency = match.groupdict().get("cur1") or match["cur2"]
    unit = "%" if match["share"] else CURRENCIES.get((currency or "").lower())
    return Claim("number", (value.normalize(), unit), match[0].strip())


@dataclass
class Source:
    """What a source says: its text, and its claims in canonical form."""

    text: str
    held: set

    @classmethod
    def of(cls, *texts):
        text = " ".join(normalise(t) for t in texts)
        held = set()
        for claim in claims(text):
            held |= _implied(claim)
        return cls(text=text, held=held)

    def holds(self, claim):
        if claim.kind == "quotation":
            return _quoted(claim.value[0], self.text)
        if claim.kind == "number" and claim.value[1] is None:
            return any(k == "number" and v[0] == claim.value[0] for k, v in self.held)
        return (claim.kind, claim.value) in self.held

    def unheld(self, text):
        return [claim for claim in claims(text) if not self.holds(claim)]


def _implied(claim):
    """A claim of the source with the coarser claims it makes too: a day is also in its month."""
    kind, value = claim.kind, claim.value
    held = {(kind, value)}
    if kind == "day":
        d, m, y = value
        held |= {("day-month", (d, m)), ("month-year", (m, y)), ("month", (m,)), ("year", (y,))}
    elif kind == "day-month":
        held.add(("month", (value[1],)))
    elif kind == "month-year":
        held |= {("month", (value[0],)), ("year", (value[1],))}
    return held


def _quoted(quotation, text):
    """Each part of the quotation (an ellipsis parts it) is in the text, word for word."""
    parts = [p.strip(" .,;:!?'") for p in re.split(r"\.\.\.|…", quotation)]
    return all(
        any(variant in text for variant in (p, p[:1].upper() + p[1:], p[:1].lower() + p[1:]))
        for p in parts
        if p
    )


def quotations(text):
    return [m["text"] for m in QUOTATION.finditer(normalise(text))]


def short_quotations_masked(text, mask=" § "):
    """The text with each short quotation replaced by ``mask``: quoting is not copying."""
    text = normalise(text)
    return QUOTATION.sub(
        lambda m: mask if len(m["text"].split()) <= MAX_QUOTE_WORDS else m[0], text
    )


def strings_in(value):
    """Every string in a structure of dicts and lists, such as facts.json."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def find_seed_text(start, environ):
    """The printed issue's text: where UNLOPS_SEED_TEXT says, or in shared/seed/ beside the project
    or beside any folder above it (a worktree sits deeper than the main checkout)."""
    if environ.get("UNLOPS_SEED_TEXT"):
        return Path(environ["UNLOPS_SEED_TEXT"])
    for folder in Path(start).resolve().parents:
        if (folder / SEED_NAME).exists():
            return folder / SEED_NAME
    return Path(start).resolve().parent / SEED_NAME
