"""The admin's import screens within limits: size, rows and time, a confirm that checks what it is
sent, a cancel button, and no uploaded file left behind (see docs/imports.md)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export import forms
from import_export.admin import ExportActionMixin as BaseExportActionMixin
from import_export.admin import ImportExportModelAdmin

from unlops import import_files
from unlops.import_formats import FORMATS, ImportRefused, detect_format
from unlops.import_report import failure_summary, import_report

# Row errors quoted in the message of a confirm that failed; the rest are counted.
QUOTED_ERRORS = 3


def gone():
    return _(
        "This import is no longer waiting for confirmation: it was confirmed, cancelled or has "
        "expired. Upload the file again."
    )


class ImportForm(forms.ImportForm):
    """The file and, only if its contents and name do not tell, its format."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        field = self.fields["format"]
        field.required = False
        field.choices = [("", _("Recognised from the file")), *field.choices[1:]]
        field.help_text = _("CSV, XLSX or JSON, recognised from the file; choose only to override.")
        self.fields["import_file"].help_text = _(
            "At most %(size)s and %(rows)s rows. All rows are imported, or none."
        ) % {
            "size": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES),
            "rows": f"{settings.IMPORT_MAX_ROWS:,}",
        }

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(
                _(
                    "The file is %(size)s; an import takes at most %(limit)s. "
                    "Split it into smaller files."
                ),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None and not cleaned.get("format"):
            found = detect_format(upload)
            if found is None or found not in self.formats:
                self.add_error(
                    "format",
                    _("The file's format could not be recognised: choose CSV, XLSX or JSON."),
                )
            else:
                cleaned["format"] = str(self.formats.index(found))
        return cleaned


class ConfirmImportForm(forms.ConfirmImportForm):
    """The hidden fields of the preview, checked: a name the preview gave, formats and resources
    among those offered."""

    def __init__(self, *args, format_count=1, resource_count=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.format_count, self.resource_count = format_count, resource_count

    def clean_import_file_name(self):
        name = self.cleaned_data["import_file_name"]
        if not import_files.exists(name):
            raise ValidationError(gone(), code="gone")
        return name

    def _index(self, name, count, required=True):
        value = self.cleaned_data.get(name) or ""
        if not value and not required:
            return value
        if not value.isdigit() or int(value) >= count:
            raise ValidationError(_("The form was altered; upload the file again."), code="forged")
        return value

    def clean_format(self):
        return self._index("format", self.format_count)

    def clean_resource(self):
        return self._index("resource", self.resource_count, required=False)


class BoundedImportMixin:
    """For ImportExportModelAdmin: the limits of docs/imports.md on every import screen."""

    import_form_class = ImportForm
    confirm_form_class = ConfirmImportForm
    import_template_name = "admin/import_export/bounded_import.html"

    @property
    def import_formats(self):
        return FORMATS

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {
            **super().get_confirm_form_kwargs(request, import_form),
            "format_count": len(self.get_import_formats()),
            "resource_count": len(self.get_import_resource_classes(request)),
        }

    def write_to_tmp_storage(self, import_file, input_format):
        # Each new upload first clears the files of previews left a day ago or more.
        import_files.expire_stale()
        return super().write_to_tmp_storage(import_file, input_format)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("result") is not None:
            context["import_report"] = import_report(context["result"])
        if "confirm_form" not in context:
            # Refused, or rows with errors: nothing will confirm the file the preview kept.
            upload = request.FILES.get("import_file")
            import_files.remove(getattr(upload, "tmp_storage_name", None))
        return response

    def _import_url(self):
        return reverse(
            "admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name
        )

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if "cancel" in request.POST:
            import_files.remove(request.POST.get("import_file_name"))
            messages.info(request, _("Import cancelled; nothing was changed."))
            return redirect(self._import_url())
        form = self.create_confirm_form(request)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(self._import_url())
        try:
            result = self._confirm(form, request, **kwargs)
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return redirect(self._import_url())
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, self._failure_message(result))
            return redirect(self._import_url())
        return self.process_result(result, request)

    def _confirm(self, form, request, **kwargs):
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])](
            encoding=self.from_encoding
        )
        tmp_storage = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            try:
                data = tmp_storage.read()
            except FileNotFoundError:
                raise ImportRefused(gone()) from None  # Confirmed meanwhile by a second click.
            try:
                dataset = input_format.create_dataset(data)
            except ImportRefused:
                raise
            except Exception as error:  # As the preview reports a file it cannot read.
                raise ImportRefused(
                    _("Nothing was imported: the file could not be read (%(error)s).")
                    % {"error": type(error).__name__}
                ) from error
            return self.process_dataset(dataset, form, request, **kwargs)
        finally:
            tmp_storage.remove()

    def _failure_message(self, result):
        if result.base_errors:  # A limit, which says what happened itself.
            return " ".join(str(error.error) for error in result.base_errors)
        return _("Nothing was imported: %(errors)s") % {
            "errors": failure_summary(result, QUOTED_ERRORS)
        }


class ExportActionMixin(BaseExportActionMixin):
    """Export from the list (its action and its Export button), not from each change form:
    django-import-export's extra "Export" button under every form exports one row, a job no
    editor has, and sits where the save buttons are."""

    show_change_form_export = False


class ImportExportAdmin(BoundedImportMixin, ImportExportModelAdmin):
    """ImportExportModelAdmin with bounded imports."""
