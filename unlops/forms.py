"""Forms that read a public page's query string, for the list views of every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re


class QueryForm(forms.Form):
    """The optional values of a query string, each checked on its own.

    A value that does not validate is dropped: its name reads as empty in ``cleaned_data`` and the
    page shows without that filter. Anyone can type a URL, so nothing here may fail a page.
    """

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if name not in self.cleaned_data:
                self.cleaned_data[name] = field.to_python("")


class PageForm(QueryForm):
    # No upper bound: the paginator shows its last page for a number past the end.
    page = forms.IntegerField(min_value=1, required=False)


class SlugChoiceField(forms.ModelChoiceField):
    """A row named by its slug; a value that cannot be a slug is refused before any query."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name="slug", **kwargs)
        self.max_length = queryset.model._meta.get_field("slug").max_length

    def to_python(self, value):
        if value not in self.empty_values and (
            len(value) > self.max_length or not slug_re.match(value)
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
