"""What an import preview shows: errors as a table by spreadsheet line and column, what will
change, and the rows that will not, folded away (templates/admin/import_export/)."""

from django.utils.translation import gettext as _
from import_export.results import RowResult


def line_of(result, number):
    """The line a spreadsheet shows for data row ``number`` (1-based): the header is line 1.
    JSON has no lines: its rows are entries, counted from 1."""
    lines = getattr(result, "source_lines", None)
    if lines and 0 < number <= len(lines):
        return lines[number - 1]
    return number if getattr(result, "source_unit", "line") == "entry" else number + 1


def error_rows(result):
    """One dict per message, ``line``, ``field`` (a column, or '' for the whole row) and
    ``message``, in the file's order; whole-file errors (a limit) come first, at line 0."""
    found = [{"line": 0, "field": "", "message": str(error.error)} for error in result.base_errors]
    for row in result.invalid_rows:
        line = line_of(result, row.number)
        for field, messages in row.field_specific_errors.items():
            found += [{"line": line, "field": field, "message": text} for text in messages]
        found += [
            {"line": line, "field": "", "message": text} for text in row.non_field_specific_errors
        ]
    for number, errors in result.row_errors():
        line = line_of(result, number)
        found += [{"line": line, "field": "", "message": str(error.error)} for error in errors]
    return sorted(found, key=lambda error: error["line"])


def import_report(result):
    """The context of the preview's report (``import_report`` in the template)."""
    valid = result.valid_rows()
    changed = [row for row in valid if row.import_type != RowResult.IMPORT_TYPE_SKIP]
    unchanged = [row for row in valid if row.import_type == RowResult.IMPORT_TYPE_SKIP]
    totals = result.totals
    summary = [
        (_("new"), totals.get(RowResult.IMPORT_TYPE_NEW, 0)),
        (_("changed"), totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)),
        (_("deleted"), totals.get(RowResult.IMPORT_TYPE_DELETE, 0)),
        (_("unchanged, skipped"), totals.get(RowResult.IMPORT_TYPE_SKIP, 0)),
    ]
    unit = getattr(result, "source_unit", "line")
    return {
        "errors": error_rows(result),
        "unit_label": _("Entry") if unit == "entry" else _("Line"),
        "entries": unit == "entry",
        "changed": changed,
        "unchanged": unchanged,
        "summary": [(label, count) for label, count in summary if count],
    }


def failure_summary(result, quoted):
    """'line 3 (name): This field cannot be blank.; …' for the first ``quoted`` errors, with a
    count of the rest, for the message of a confirm that failed."""
    errors = error_rows(result)
    unit = _("entry") if getattr(result, "source_unit", "line") == "entry" else _("line")
    texts = [
        f"{unit} {error['line']}"
        + (f" ({error['field']})" if error["field"] else "")
        + f": {error['message']}"
        for error in errors
    ]
    text = "; ".join(texts[:quoted])
    if len(texts) > quoted:
        text += " " + _("(and %(count)s more)") % {"count": len(texts) - quoted}
    return text
