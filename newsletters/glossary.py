"""The acronyms of organisations, to explain in <abbr> where an article first uses them."""

import re
from functools import cached_property

from django.utils.html import escape

from people.models import Organisation


class Glossary(dict):
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


def load_glossary():
    return Glossary(
        Organisation.objects.published()
        .exclude(acronym="")
        .order_by()
        .values_list("acronym", "name")
    )
