"""Import file formats that read no more than the limits allow (see docs/imports.md).

Each stops reading at the row limit, so the cost of a file is bounded by the limits and not by
what the file says about itself (an XLSX sheet's declared dimension, a forged row number).
"""

import csv
import io
import json
import zipfile

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.formats import base_formats


class ImportRefused(ValueError):
    """A file the import will not read, with the message staff see."""


def max_rows():
    return settings.IMPORT_MAX_ROWS


def max_columns():
    return settings.IMPORT_MAX_COLUMNS


def too_many_rows():
    return ImportRefused(
        ngettext(
            "The file has more than %(limit)s data row; split it into smaller files.",
            "The file has more than %(limit)s data rows; split it into smaller files.",
            max_rows(),
        )
        % {"limit": f"{max_rows():,}"}
    )


def checked_headers(headers):
    """The column names without trailing empty ones; refused if there are too many."""
    headers = list(headers)
    while headers and headers[-1] in (None, ""):
        headers.pop()
    if not headers:
        raise ImportRefused(_("The file has no header row naming its columns."))
    if len(headers) > max_columns():
        raise ImportRefused(
            _("The file has %(count)s columns; an import takes at most %(limit)s.")
            % {"count": f"{len(headers):,}", "limit": max_columns()}
        )
    return headers


def is_blank(values):
    return all(value is None or value == "" for value in values)


def decoded(in_stream, encoding):
    if isinstance(in_stream, bytes):
        try:
            return in_stream.decode(encoding or "utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(_("The file is not UTF-8 text.")) from None
    return in_stream


class CSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        reader = csv.reader(io.StringIO(decoded(in_stream, self.encoding), newline=""))
        headers = checked_headers(next(reader, ()))
        dataset = tablib.Dataset(headers=headers)
        width = len(headers)
        lines, line = [], 1  # The header is line 1, as a spreadsheet numbers it.
        for values in reader:
            line += 1
            if not values:
                continue  # A blank line, as tablib skips it.
            if len(dataset) >= max_rows():
                raise too_many_rows()
            if len(values) < width:
                values += [""] * (width - len(values))
            dataset.append(values)  # A longer row is tablib's InvalidDimensions.
            lines.append(line)
        dataset.source_lines = lines
        return dataset


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        check_unpacked_size(in_stream)
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            sheet = book.active
            # The dimension is the file's own claim: reading by it pads every row to that width.
            sheet.reset_dimensions()
            header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
            headers = checked_headers(header)
            rows = sheet.iter_rows(min_row=2, max_col=len(headers), values_only=True)
            values = []
            for row in rows:
                # Blank rows count too: a forged file may skip to row 1,048,576, and the gap
                # takes time to read.
                if len(values) >= max_rows():
                    raise too_many_rows()
                values.append(row)
            while values and is_blank(values[-1]):
                values.pop()
            dataset = tablib.Dataset(*values, headers=headers)
            dataset.source_lines = list(range(2, len(values) + 2))
            return dataset
        finally:
            book.close()


def check_unpacked_size(data):
    """Refuse an XLSX archive whose parts unpack to more than the limit (a "zip bomb")."""
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused(_("The file is not an XLSX workbook.")) from None
    if unpacked > limit:
        raise ImportRefused(
            _("The workbook unpacks to more than %(limit)s MB; split it into smaller files.")
            % {"limit": f"{limit / 2**20:,.0f}"}
        )


class JSON(base_formats.JSON):
    def create_dataset(self, in_stream, **kwargs):
        try:
            rows = json.loads(decoded(in_stream, self.encoding))
        except ValueError:
            raise ImportRefused(_("The file is not valid JSON.")) from None
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ImportRefused(_("The file must hold a list of objects, one for each row."))
        if len(rows) > max_rows():
            raise too_many_rows()
        if rows:
            checked_headers(rows[0])
        dataset = tablib.Dataset()
        dataset.dict = rows
        dataset.source_lines, dataset.source_unit = list(range(1, len(rows) + 1)), "entry"
        return dataset


FORMATS = [CSV, XLSX, JSON]

EXTENSIONS = {".csv": CSV, ".txt": CSV, ".xlsx": XLSX, ".json": JSON}


def detect_format(upload):
    """The format of an uploaded file, from what it holds and then its name: an XLSX workbook
    is a zip archive, JSON opens with a bracket, anything else that reads as text is CSV.
    None when it cannot be told (binary, not a workbook)."""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    name = upload.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]  # Its reader says so if the file is not what it claims.
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"[", b"{")):
        return JSON
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # Not just a character cut at the 2,048th byte.
            return None
    return CSV
