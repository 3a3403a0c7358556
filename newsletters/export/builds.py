"""Exports on their way: one record per file in the shared cache, which every process reads.

A request that finds no stored file claims its build (``claim``, an atomic add): the first one
enqueues it, the others find the record and wait with it. The worker writes each step of the
pipeline into the record, and removes it when the file is stored. A failed build keeps a "failed"
record for ``EXPORT_BUILD_RETRY_SECONDS``, so a broken export is tried again at a calm pace, not
at every refresh of the waiting page; a worker killed mid-build leaves a record that expires after
``EXPORT_BUILD_TIMEOUT_SECONDS``, and the next request asks again.
"""

import hashlib
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache

WAITING, BUILDING, FAILED = "waiting", "building", "failed"


@dataclass
class BuildRecord:
    """What a waiting reader is told about one export: its state, the last step, since when."""

    state: str
    message: str = ""
    since: float = 0.0
    task_id: str = ""

    @property
    def waited_seconds(self):
        return max(0, round(time.time() - self.since))


def _key(name):
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"unlops:export-build:{digest}"


def _timeout():
    return settings.EXPORT_BUILD_TIMEOUT_SECONDS


def claim(name):
    """True for the one caller that should enqueue the build of ``name``; False if it is on its
    way already (or failed a moment ago)."""
    return cache.add(_key(name), asdict(BuildRecord(WAITING, since=time.time())), _timeout())


def record(name):
    """The build of ``name`` as last recorded, or None if none is on its way."""
    found = cache.get(_key(name))
    return BuildRecord(**found) if found else None


def note_task(name, task_id):
    found = record(name)
    if found is not None and found.state == WAITING:
        found.task_id = str(task_id)
        cache.set(_key(name), asdict(found), _timeout())


def report(name, message):
    """The worker's progress: the step it is at, which any waiting page shows."""
    found = record(name) or BuildRecord(BUILDING, since=time.time())
    found.state, found.message = BUILDING, str(message)[:300]
    cache.set(_key(name), asdict(found), _timeout())


def fail(name, message):
    found = record(name) or BuildRecord(FAILED, since=time.time())
    found.state, found.message = FAILED, str(message)[:300]
    cache.set(_key(name), asdict(found), settings.EXPORT_BUILD_RETRY_SECONDS)


def release(name):
    """The build is over (the file stored) or was never enqueued: forget its record."""
    cache.delete(_key(name))
