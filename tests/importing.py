"""Helpers for the import tests."""


def import_errors(result):
    """(row number, message) for every bad row of an import, validation or otherwise, in order."""
    found = [(row.number, str(row.error)) for row in result.invalid_rows]
    found += [(number, str(err.error)) for number, errors in result.row_errors() for err in errors]
    return sorted(found)
