"""Storage for files that must be shared by every app server but never served to the public."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class ImportTmpStorage(FileSystemStorage):
    """Uploaded import files between preview and confirm: beside the media folder, not in it.

    Beside it, so servers that share the media volume share these too; outside it, so the media
    route never serves them. ``DJANGO_IMPORT_TMP_ROOT`` puts them elsewhere.
    """

    def __init__(self, location=None, **kwargs):
        if location is None:
            location = getattr(settings, "IMPORT_TMP_ROOT", None) or (
                Path(settings.MEDIA_ROOT).parent / "import-tmp"
            )
        super().__init__(location=location, base_url=None, **kwargs)
