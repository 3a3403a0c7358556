from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscriber


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Name"),
        help_text=_("How we greet you in our messages."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=Subscriber.Language.choices,
        initial=Subscriber.Language.ENGLISH,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree to the terms above"),
        error_messages={"required": _("Tick the box to agree: we mail no one without it.")},
    )
    # Left empty by people; filled in by robots that fill in every field. Hidden by the stylesheet.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each error is linked to its field, for screen readers (aria-describedby in the page).
        for name, field in self.fields.items():
            if self.is_bound and name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                described = f"id_{name}_error"
                if field.help_text:
                    described += f" id_{name}_helptext"
                field.widget.attrs["aria-describedby"] = described
            elif field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))
