"""Where exports are kept: their names in storage and when downloaded, writing and deleting them.

An issue's exports live in ``exports/<slug>/``, one file per audience, format and variant, named
after the fingerprint of what it prints: ``public-pdf-ua-<fingerprint>.pdf``.
"""

import contextlib
import datetime
import os
import re
import tempfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from django.utils.text import slugify

from unlops.publisher import publisher_details

from .documents import Built
from .formats import Audience, ExportFormat

EXPORT_DIR = "exports"
PARTIAL_KEPT = datetime.timedelta(hours=1)  # A write in progress is never older than this.
FINGERPRINT_LENGTH = 24


@dataclass
class StoredExport:
    """An export in storage: its name there, what to call it when downloaded, how it was made."""

    name: str
    fingerprint: str
    filename: str
    export_format: ExportFormat
    built: Built | None = None  # Set when this call made the file.

    @property
    def mime_type(self):
        return self.export_format.mime_type

    @property
    def created(self):
        return self.built is not None

    def open(self, storage=None):
        return (storage or default_storage).open(self.name, "rb")


def _prefix(issue, export_format, audience):
    variant = f"-{export_format.variant}" if export_format.variant else ""
    return f"{EXPORT_DIR}/{issue.slug}/{audience}-{export_format.key}{variant}-"


def download_filename(issue, export_format, audience):
    parts = [slugify(publisher_details()["acronym"]), "newsletter", issue.slug]
    parts.append(export_format.filename_suffix)
    if audience.includes_drafts:
        parts.append("preview")
    return "-".join(part for part in parts if part) + f".{export_format.extension}"


def stored_export(issue, export_format, audience, fingerprint):
    """The stored export for a fingerprint, named but not yet looked for."""
    short = fingerprint[:FINGERPRINT_LENGTH]
    return StoredExport(
        name=f"{_prefix(issue, export_format, audience)}{short}.{export_format.extension}",
        fingerprint=fingerprint,
        filename=download_filename(issue, export_format, audience),
        export_format=export_format,
    )


def is_stored(stored, *, storage=None):
    return (storage or default_storage).exists(stored.name)


def write(stored, data, *, storage=None):
    """Store ``data`` under ``stored``'s name, replacing earlier exports of the same kind.

    The file appears whole or not at all: a worker that dies while writing leaves nothing under
    the name, which requests would take for the finished export.
    """
    storage = storage or default_storage
    leaf = f"{stored.fingerprint[:FINGERPRINT_LENGTH]}.{stored.export_format.extension}"
    prefix = stored.name.removesuffix(leaf)
    if isinstance(storage, FileSystemStorage):
        _replace_file(storage, stored.name, data)
    else:
        # An object store (S3) writes an object in one PUT: it is there whole or not at all.
        if storage.exists(stored.name):
            storage.delete(stored.name)
        stored.name = storage.save(stored.name, ContentFile(data))
    _remove_stale(storage, prefix, stored.export_format.extension, keep=stored.name)
    return stored


def _replace_file(storage, name, data):
    """Write to a temporary file in the same folder, then rename it: a rename is atomic."""
    final = storage.path(name)
    folder = os.path.dirname(final)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if storage.file_permissions_mode is not None:
            os.chmod(temporary, storage.file_permissions_mode)
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise


def delete_exports(issue, *, audience=None, storage=None):
    """Delete the stored exports of ``issue`` (only the ``audience`` ones: public or preview)."""
    storage = storage or default_storage
    directory = f"{EXPORT_DIR}/{issue.slug}"
    try:
        _, files = storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for file_name in files:
        if audience is None or file_name.startswith(f"{Audience(audience)}-"):
            storage.delete(f"{directory}/{file_name}")
            removed += 1
    return removed


def _remove_stale(storage, prefix, extension, *, keep):
    """Delete earlier exports of the same issue, audience, format and variant."""
    directory, _, start = prefix.rpartition("/")
    try:
        _, files = storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return
    fingerprint = f"[0-9a-f]{{{FINGERPRINT_LENGTH}}}"
    same_kind = re.compile(rf"{re.escape(start)}{fingerprint}\.{re.escape(extension)}")
    for file_name in files:
        name = f"{directory}/{file_name}"
        if same_kind.fullmatch(file_name) and name != keep:
            storage.delete(name)
        elif file_name.startswith(".partial-") and _older_than(storage, name, PARTIAL_KEPT):
            storage.delete(name)  # Left by a worker that died while writing.


def _older_than(storage, name, age):
    try:
        return timezone.now() - storage.get_modified_time(name) > age
    except (FileNotFoundError, NotImplementedError):
        return False
