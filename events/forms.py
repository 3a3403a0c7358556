from django import forms

from people.models import Organisation
from unlops.forms import PageForm, SlugChoiceField

from .models import Event

# Years a filter may name: the newsletter's whole span and more, far from date arithmetic's limits.
MIN_YEAR, MAX_YEAR = 1900, 2100


class EventFilterForm(PageForm):
    """The timeline's filters: a year, a kind, an organisation, a place."""

    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    kind = forms.ChoiceField(choices=Event.Kind.choices, required=False)
    organisation = SlugChoiceField(Organisation.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: "public" is judged at the time of the request, not of the import.
        self.fields["organisation"].queryset = Organisation.objects.published()

    place = forms.CharField(max_length=100, required=False)

    def clean_place(self):
        return " ".join(self.cleaned_data["place"].split())
