"""The print document's words kept whole in the PDF's text layer: names of people marked.

A PDF keeps only what is drawn: a word that WeasyPrint hyphenates at a line end is two pieces of
text and a hyphen. Readers that extract or search text (pdftotext, poppler's and pdf.js's search)
join a line that ends in an ordinary hyphen-minus to the next one and drop the hyphen, so the
stylesheet makes that the character of automatic hyphenation (``hyphenate-character: "-"`` in
static/css/print-issue.css; the default, U+2010, is left in the text and the word stays cut).
Where that join would go wrong, breaks.py lays the pages out again.

Not every reader joins lines, and names are what people search for: this module marks the words
of the names of the people an issue shows, and the stylesheet never hyphenates them
(``hyphens: manual``). A line may still break between two words of a name.
"""

import re

from django.utils.html import escape

NAME_CLASS = "person-name"
KEEP_WHOLE_CLASS = "keep-whole"  # A word not to hyphenate (breaks.py marks them).
# Put after a hyphen that must not end a line (breaks.py): no line breaks after a zero-width
# joiner (UAX #14, LB8a), it is drawn as nothing and never reaches the text layer, and it joins
# the hyphen's grapheme, so letter-spacing does not widen the gap after the hyphen.
JOINER = "\u200d"
BODY_RE = re.compile(r"<body\b[^>]*>", re.I)
# Markup outside text: a tag, a comment, or an element whose content is not text to print.
NOT_TEXT_RE = re.compile(r"(<(style|script|title)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)


def without_joiners(text):
    """``text`` as written: what a bookmark or any other copy of the printed text should hold."""
    return text.replace(f"-{JOINER}", "-")


def printed_names(content):
    """The names of the people an export of ``content`` shows: mentioned by its articles, in its
    pictures, in its lists of visits."""
    people = [person for article in content.articles for person in article.people.all()]
    people += [person for figure in content.figures for person in figure.photo.people.all()]
    for section in content.sections:
        for visit in section.visits:
            people += [entry["person"] for entry in (*visit.visitors, *visit.met)]
    return {person.name for person in people}


def name_words_re(names):
    """A pattern matching any word of ``names`` as a whole word of escaped text."""
    words = {escape(word) for name in names for word in name.split() if len(word) > 1}
    if not words:
        return None
    alternatives = sorted(words, key=len, reverse=True)  # "Jean-Pierre" before "Jean".
    return re.compile(rf"(?<!\w)({'|'.join(map(re.escape, alternatives))})(?!\w)")


def mark_names(html, names):
    """``html`` (a whole print document) with each word of ``names`` in the text of its body
    marked as a name."""
    start = BODY_RE.search(html)
    names_re = name_words_re(names)
    if not start or not names_re:
        return html
    pieces = NOT_TEXT_RE.split(html[start.end() :])
    printed = []
    # split() with two groups yields: text, markup, its inner group, text, markup, …
    for index in range(0, len(pieces), 3):
        printed.append(names_re.sub(rf'<span class="{NAME_CLASS}">\1</span>', pieces[index]))
        printed.extend(pieces[index + 1 : index + 2])
    return html[: start.end()] + "".join(printed)
