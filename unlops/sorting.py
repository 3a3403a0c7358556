"""Sorting names as a reader expects: a letter with a diacritic sorts with its base letter
("Šimonović" among the S, "Ó" with "O"), case is ignored, and ties keep the exact spelling."""

import unicodedata

# Letters NFKD does not take apart into a base letter and a mark.
_OWN_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae"}
)


def collation_key(text):
    """The text folded for sorting: no diacritics, no case, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_OWN_LETTERS))
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(base.casefold().split())


def sort_key(text):
    """A key for sorted(): folded first, then the exact text, so the order is total."""
    return (collation_key(text), text or "")
