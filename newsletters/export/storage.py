"""Exports made once and kept in storage until what they print changes.

The fingerprint of an export is a hash of its source markup: the page as the template renders it
from the database, before any picture is resized or any page laid out. Every text, caption, credit,
picture name and title it prints is in that markup (photos and people have no "last changed"
field, so a hash of timestamps would miss an edited caption), and so are the stylesheet and the
export's format and variant. Rendering the source costs the queries of one issue page and a few
milliseconds; laying out a PDF costs seconds. No signal is needed, and none can be forgotten.
"""

import re
import threading
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from .documents import Built, build, publisher, render_source

EXPORT_DIR = "exports"
FINGERPRINT_LENGTH = 24

_locks_guard = threading.Lock()
_locks = {}


@dataclass
class StoredExport:
    """An export in storage: its name there, what to call it when downloaded, how it was made."""

    name: str
    fingerprint: str
    filename: str
    mime_type: str
    fmt: str
    built: Built | None = None  # Set when this call made the file.

    @property
    def created(self):
        return self.built is not None

    def open(self, storage=None):
        return (storage or default_storage).open(self.name, "rb")


def _prefix(source):
    audience = "preview" if source.preview else "public"
    variant = f"-{source.variant}" if source.variant else ""
    return f"{EXPORT_DIR}/{source.issue.slug}/{audience}-{source.fmt}{variant}-"


def download_filename(source):
    parts = [slugify(publisher()["acronym"]), "newsletter", source.issue.slug]
    if source.fmt == "email":
        parts.append("email")
    if source.variant:
        parts.append({"ua": "accessible", "a": "archive"}[source.variant])
    if source.preview:
        parts.append("preview")
    return "-".join(part for part in parts if part) + f".{source.extension}"


def _lock_for(name):
    with _locks_guard:
        return _locks.setdefault(name, threading.Lock())


def get_export(issue, fmt, *, variant="", preview=False, progress=None, force=False, storage=None):
    """The stored export of ``issue``, made now only if nothing it prints changed since the last.

    ``preview`` includes draft articles (for staff); otherwise only published articles are shown.
    """
    storage = storage or default_storage
    say = progress or (lambda message: None)
    say("Reading the issue")
    source = render_source(issue, fmt, variant=variant or "", preview=preview)
    say(f"{len(source.content.blocks)} articles, {len(source.content.image_names)} pictures")
    name = f"{_prefix(source)}{source.fingerprint[:FINGERPRINT_LENGTH]}.{source.extension}"
    stored = StoredExport(
        name=name,
        fingerprint=source.fingerprint,
        filename=download_filename(source),
        mime_type=source.mime_type,
        fmt=fmt,
    )
    with _lock_for(name):  # Two requests for a new export make it once.
        if not force and storage.exists(name):
            say("Nothing changed since the last export: using the stored file")
            return stored
        stored.built = build(source, progress=say)
        if storage.exists(name):
            storage.delete(name)
        stored.name = storage.save(name, ContentFile(stored.built.data))
        _remove_stale(storage, source, keep=stored.name)
    say(f"Stored as {stored.name}")
    return stored


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
        if audience is None or file_name.startswith(f"{audience}-"):
            storage.delete(f"{directory}/{file_name}")
            removed += 1
    return removed


def _remove_stale(storage, source, *, keep):
    """Delete earlier exports of the same issue, audience, format and variant."""
    prefix = _prefix(source)
    directory, _, start = prefix.rpartition("/")
    try:
        _, files = storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return
    fingerprint = f"[0-9a-f]{{{FINGERPRINT_LENGTH}}}"
    same_kind = re.compile(rf"{re.escape(start)}{fingerprint}\.{source.extension}")
    for file_name in files:
        name = f"{directory}/{file_name}"
        if same_kind.fullmatch(file_name) and name != keep:
            storage.delete(name)
