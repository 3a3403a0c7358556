"""Uploaded import files kept between preview and confirm (STORAGES["import_export"])."""

import datetime
import logging
import re

from django.conf import settings
from django.core.files.storage import StorageHandler
from django.utils import timezone

logger = logging.getLogger(__name__)

# django-import-export's MediaStorage keeps each file as FOLDER/<uuid4 hex>.
FOLDER = "django-import-export"
NAME = re.compile(r"[0-9a-f]{32}")


def storage():
    # A fresh handler, as django-import-export's MediaStorage takes one: it follows the settings.
    return StorageHandler()["import_export"]


def is_valid_name(name):
    return isinstance(name, str) and NAME.fullmatch(name) is not None


def exists(name):
    return is_valid_name(name) and storage().exists(f"{FOLDER}/{name}")


def remove(name):
    if is_valid_name(name):
        storage().delete(f"{FOLDER}/{name}")


def expire_stale(max_age=None, now=None, folder=FOLDER):
    """Remove the files of previews never confirmed nor cancelled (or, with ``folder``, the
    files kept aside in another folder of the same storage); returns how many."""
    max_age = settings.IMPORT_TMP_MAX_AGE_SECONDS if max_age is None else max_age
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=max_age)
    files = storage()
    try:
        names = files.listdir(folder)[1]
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{folder}/{name}"
        try:
            if files.get_modified_time(path) < cutoff:
                files.delete(path)
                removed += 1
        except FileNotFoundError:
            continue  # Confirmed, cancelled or expired by another request meanwhile.
    if removed:
        logger.info("Expired %s import file(s) older than %s s.", removed, max_age)
    return removed
