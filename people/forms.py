import string

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from unlops.forms import PageForm, SlugChoiceField

from .models import Organisation

# The directory's letters: A to Z, and "#" for names that start with anything else.
LETTERS = string.ascii_uppercase + "#"


class PersonFilterForm(PageForm):
    """The directory's filters: an organisation, a first letter."""

    organisation = SlugChoiceField(Organisation.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: "public" is judged at the time of the request, not of the import.
        self.fields["organisation"].queryset = Organisation.objects.published()

    letter = forms.CharField(max_length=1, required=False)

    def clean_letter(self):
        letter = self.cleaned_data["letter"].upper()
        if letter and letter not in LETTERS:
            raise ValidationError(_("No such letter."), code="invalid_choice")
        return letter
