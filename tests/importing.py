"""Helpers for the import tests."""

import io
import re
import zipfile

from django.core.files.storage import StorageHandler
from django.urls import reverse

# The admin's import formats, by the index its form posts.
CSV, XLSX, JSON = "0", "1", "2"
TMP_FOLDER = "django-import-export"


def import_errors(result):
    """(row number, message) for every bad row of an import, validation or otherwise, in order;
    row 0 for what concerns the whole file (a limit)."""
    found = [(row.number, str(row.error)) for row in result.invalid_rows]
    found += [(number, str(err.error)) for number, errors in result.row_errors() for err in errors]
    found += [(0, str(err.error)) for err in result.base_errors]
    return sorted(found)


def upload(client, model, content, name="rows.csv", file_format=CSV):
    """Post a file to an admin import page (``model`` as "people_person")."""
    file = io.BytesIO(content.encode() if isinstance(content, str) else content)
    file.name = name
    return client.post(
        reverse(f"admin:{model}_import"),
        {"format": file_format, "resource": "", "import_file": file},
    )


def confirm_data(preview):
    """What the preview's confirm form posts back."""
    form = preview.context["confirm_form"]
    return {name: form[name].value() for name in form.fields}


def tmp_storage():
    return StorageHandler()["import_export"]


def tmp_files():
    """Names of the uploaded files kept between preview and confirm."""
    storage = tmp_storage()
    if not storage.exists(TMP_FOLDER):
        return []
    return sorted(storage.listdir(TMP_FOLDER)[1])


def csv_text(headers, *rows):
    return "\n".join(",".join(map(str, row)) for row in [headers, *rows]) + "\n"


def xlsx_bytes(headers, *rows, dimension=None, extra_rows=b""):
    """An XLSX workbook; ``dimension`` replaces the sheet's declared size, ``extra_rows`` is raw
    <row> XML added at the end of the sheet."""
    from openpyxl import Workbook

    book = Workbook()
    for row in [headers, *rows]:
        book.active.append(list(row))
    plain = io.BytesIO()
    book.save(plain)
    forged = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(forged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                if dimension:
                    data = re.sub(
                        rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data
                    )
                data = data.replace(b"</sheetData>", extra_rows + b"</sheetData>")
            target.writestr(item, data)
    return forged.getvalue()
