"""An issue's export, from the database to the file: made once, kept until what it prints changes.

    get_export(issue, export_format, audience)      a queue worker (tasks.py) or export_issue
      ├─ render_source   the source markup, read from the database         documents
      ├─ fingerprint     a hash of it, its format, variant, EXPORT_VERSION  documents.Source
      ├─ is_stored?      yes: return the file kept for that fingerprint     storage
      ├─ build           pictures sized, pages laid out or resources inlined documents
      └─ write           the file kept, older ones of the same kind deleted storage

The fingerprint is a hash of the source markup: the page as the template renders it from the
database, before any picture is resized or any page laid out. Every text, caption, credit,
picture name and title it prints is in that markup (photos and people have no "last changed"
field, so a hash of timestamps would miss an edited caption), and so are the stylesheet and the
export's format and variant. Rendering the source costs the queries of one issue page and a few
milliseconds; laying out a PDF costs seconds. No signal is needed, and none can be forgotten.

Requests only look (``find_export``): laying out is the queue's work, never a request's.
"""

import threading

from . import storage as files
from .documents import build, render_source
from .formats import Audience

_locks_guard = threading.Lock()
_locks = {}


def _lock_for(name):
    with _locks_guard:
        return _locks.setdefault(name, threading.Lock())


def find_export(issue, export_format, *, audience=Audience.PUBLIC, storage=None):
    """The export of what ``issue`` prints now, and whether it is stored; nothing is built."""
    source = render_source(issue, export_format, audience=audience)
    stored = files.stored_export(issue, export_format, audience, source.fingerprint)
    return stored, files.is_stored(stored, storage=storage)


def get_export(
    issue, export_format, *, audience=Audience.PUBLIC, progress=None, force=False, storage=None
):
    """The stored export of ``issue``, made now only if nothing it prints changed since the last.

    ``audience`` is the public (published articles only) or staff previewing (drafts too);
    ``progress`` is told each step; ``force`` makes the export again even if one is stored.
    """
    say = progress or (lambda message: None)
    say("Reading the issue")
    source = render_source(issue, export_format, audience=audience)
    say(f"{len(source.content.blocks)} articles, {len(source.content.image_names)} pictures")
    stored = files.stored_export(issue, export_format, audience, source.fingerprint)
    with _lock_for(stored.name):  # Two requests for a new export make it once.
        if not force and files.is_stored(stored, storage=storage):
            say("Nothing changed since the last export: using the stored file")
            return stored
        stored.built = build(source, progress=say)
        files.write(stored, stored.built.data, storage=storage)
    say(f"Stored as {stored.name}")
    return stored
