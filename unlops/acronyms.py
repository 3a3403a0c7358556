"""Acronyms explained where a text first uses them, given a mapping of acronym to full name."""

import html
import re
from functools import cached_property

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class Acronyms(dict):
    """Acronym → full name, with the pattern that finds the acronyms compiled once per page."""

    @cached_property
    def expansions(self):
        # Keys as they appear in escaped HTML text ("R&amp;D").
        return {escape(acronym): name for acronym, name in self.items()}

    @cached_property
    def originals(self):
        return {escape(acronym): acronym for acronym in self}

    @cached_property
    def pattern(self):
        if not self:
            return None
        keys = sorted(self.expansions, key=len, reverse=True)
        return re.compile(r"(?<![\w/])(" + "|".join(re.escape(key) for key in keys) + r")(?![\w/])")


def _folded(text):
    return " ".join(text.split()).casefold()


def spelled_out(before, expansion):
    """Does the text ``before`` an acronym spell it out: "… Central African Republic (" for CAR?
    The expansion may leave out a closing qualifier: "Political and Security Committee (EU)"."""
    before = _folded(html.unescape(before[-4 * len(expansion) - 16 :]))
    if not before.endswith("("):
        return False
    before = before[:-1].rstrip()
    full = _folded(expansion)
    return before.endswith(full) or before.endswith(re.sub(r"\s*\([^()]*\)$", "", full))


def _explained(text, acronyms, seen):
    """A text between tags with the acronyms not yet ``seen`` explained at their first use."""
    expansions = acronyms.expansions

    def mark(match):
        acronym = match.group(1)
        if acronym in seen:
            return acronym
        seen.add(acronym)
        expansion = expansions[acronym]
        if spelled_out(text[: match.start()], expansion):
            return acronym
        return format_html('<abbr title="{}">{}</abbr>', expansion, mark_safe(acronym))

    return acronyms.pattern.sub(mark, text)


def abbreviate(markup, acronyms, seen=None):
    """Wrap the first use of each acronym in <abbr title="…">, in text only, never in tags, unless
    the text spells it out there ("Central African Republic (CAR)").

    ``markup`` is safe HTML. ``seen`` holds the acronyms already explained earlier in the same
    text; it is updated.
    """
    if not acronyms:
        return markup
    if not isinstance(acronyms, Acronyms):
        acronyms = Acronyms(acronyms)
    seen = set() if seen is None else seen
    in_abbr = False
    parts = []
    for part in re.split(r"(<[^>]*>)", markup):
        if part.startswith("<"):
            name = part[1:].split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if name == "abbr":
                in_abbr = True
            elif name == "/abbr":
                in_abbr = False
            parts.append(part)
        elif in_abbr:
            seen.update(acronyms.pattern.findall(part))
            parts.append(part)
        else:
            parts.append(_explained(part, acronyms, seen))
    return "".join(parts)


def acronyms_used(markup, acronyms):
    """The acronyms (keys of ``acronyms``) that safe HTML ``markup`` uses in its text."""
    if not acronyms:
        return set()
    if not isinstance(acronyms, Acronyms):
        acronyms = Acronyms(acronyms)
    found = set()
    for part in re.split(r"(<[^>]*>)", markup):
        if not part.startswith("<"):
            found.update(acronyms.pattern.findall(part))
    return {acronyms.originals[key] for key in found}
