"""Post what the admin's own forms would post: a change form's data read back from its page."""

from django import forms


def _field_data(prefix_name, bound):
    value = bound.value()
    widget = bound.field.widget
    if isinstance(bound.field, forms.FileField):
        return {}  # Left as it is: no new upload.
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        return {f"{prefix_name}_{index}": part or "" for index, part in enumerate(parts)}
    if isinstance(widget, forms.CheckboxInput):
        return {prefix_name: "on"} if value else {}
    if value is None:
        return {prefix_name: ""}
    if isinstance(value, list | tuple):
        return {prefix_name: [getattr(item, "pk", item) for item in value]}
    return {prefix_name: getattr(value, "pk", value)}


def _form_data(form):
    data = {}
    for name in form.fields:
        data.update(_field_data(form.add_prefix(name), form[name]))
    return data


def change_form_data(response):
    """The data a browser would post back, unchanged, from an admin change or add page."""
    context = response.context
    data = _form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
        for form in formset.initial_forms:
            data.update(_form_data(form))
        data[management.add_prefix("TOTAL_FORMS")] = len(formset.initial_forms)
    return data
