"""The newsletter's glossary: the acronyms of published organisations, explained at first use."""

from people.models import Organisation
from unlops.acronyms import Acronyms


def load_glossary():
    return Acronyms(
        Organisation.objects.published()
        .exclude(acronym="")
        .order_by()
        .values_list("acronym", "name")
    )
