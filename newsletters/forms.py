from django import forms

from unlops.forms import PageForm

from . import search


class SearchForm(PageForm):
    """The search's words, the kind of results shown, the page."""

    # Any length is taken and cut, as the search box's own limit cuts what is typed.
    q = forms.CharField(required=False)
    type = forms.ChoiceField(choices=search.KINDS.items(), required=False)

    def clean_q(self):
        return search.clean_query(self.cleaned_data["q"])
