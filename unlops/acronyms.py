"""Acronyms explained where a text first uses them, given a mapping of acronym to full name."""

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
    def pattern(self):
        if not self:
            return None
        keys = sorted(self.expansions, key=len, reverse=True)
        return re.compile(r"(?<![\w/])(" + "|".join(re.escape(key) for key in keys) + r")(?![\w/])")


def abbreviate(markup, acronyms, seen=None):
    """Wrap the first use of each acronym in <abbr title="…">, in text only, never in tags.

    ``markup`` is safe HTML. ``seen`` holds the acronyms already explained earlier in the same
    text; it is updated.
    """
    if not acronyms:
        return markup
    if not isinstance(acronyms, Acronyms):
        acronyms = Acronyms(acronyms)
    expansions, pattern = acronyms.expansions, acronyms.pattern
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
            continue
        if in_abbr:
            seen.update(pattern.findall(part))
            parts.append(part)
            continue

        def mark(match):
            acronym = match.group(1)
            if acronym in seen:
                return acronym
            seen.add(acronym)
            expansion = expansions[acronym]
            return format_html('<abbr title="{}">{}</abbr>', expansion, mark_safe(acronym))

        parts.append(pattern.sub(mark, part))
    return "".join(parts)
