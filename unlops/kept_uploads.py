"""A chosen file that survives a refused save: the form keeps it aside, the next post takes it back.

Browsers never refill a file input, so a form refused for another field (a photo without alt
text) would ask for the picture again. A form with ``KeepsUploadsMixin`` puts each valid upload
of its ``kept_upload_fields`` in the private import storage (STORAGES["import_export"], never
served) and writes a signed token into a hidden ``<field>_kept`` input; the next post without a
new file takes the file back from it. The token names the signed-in user and expires with the
import files (IMPORT_TMP_MAX_AGE_SECONDS); stale files go with them (``expire_stale``).
"""

import mimetypes
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from unlops import import_files

FOLDER = "kept-uploads"
SALT = "unlops.kept-upload"


def _path(key):
    return f"{FOLDER}/{key}"


def keep(upload, *, owner):
    """Store ``upload`` aside; return the token that brings it back for ``owner`` (a user pk)."""
    import_files.expire_stale(folder=FOLDER)
    key = uuid.uuid4().hex
    upload.seek(0)
    import_files.storage().save(_path(key), upload)
    upload.seek(0)
    return signing.dumps({"k": key, "n": upload.name, "u": owner}, salt=SALT, compress=True)


def take_back(token, *, owner):
    """The file kept under ``token`` for ``owner``, as an upload, or None; it leaves the store."""
    try:
        found = signing.loads(token, salt=SALT, max_age=settings.IMPORT_TMP_MAX_AGE_SECONDS)
    except (signing.BadSignature, TypeError):
        return None
    key, name = found.get("k"), found.get("n") or "upload"
    if found.get("u") != owner or not import_files.is_valid_name(key):
        return None
    store = import_files.storage()
    try:
        with store.open(_path(key), "rb") as kept:
            data = kept.read(settings.PHOTO_MAX_UPLOAD_BYTES + 1)
    except FileNotFoundError:
        return None
    store.delete(_path(key))
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return SimpleUploadedFile(name, data, content_type=content_type)


def kept_field():
    """The hidden input that carries the token; declare it on the form as ``<field>_kept`` where
    the admin's fieldsets must name it."""
    return forms.CharField(required=False, widget=forms.HiddenInput)


class KeepsUploadsMixin:
    """For a ModelForm: the files of ``kept_upload_fields`` outlive a save refused for other
    fields. Set ``kept_upload_owner`` (the user's pk) on the form class, as the admin does."""

    kept_upload_fields = ()
    kept_upload_owner = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept = {}
        for name in self.kept_upload_fields:
            self.fields.setdefault(f"{name}_kept", kept_field())
        if not self.is_bound:
            return
        files = MultiValueDict(self.files) if self.files else MultiValueDict()
        for name in self.kept_upload_fields:
            token = self.data.get(self.add_prefix(f"{name}_kept"))
            if not token:
                continue
            if files.get(self.add_prefix(name)):
                continue  # A new file replaces the kept one.
            upload = take_back(token, owner=self.kept_upload_owner)
            if upload is not None:
                files[self.add_prefix(name)] = upload
                self._kept[name] = upload.name
        self.files = files

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        data = self.data.copy()
        for name in self.kept_upload_fields:
            upload = self.files.get(self.add_prefix(name))
            hidden = self.add_prefix(f"{name}_kept")
            data[hidden] = ""
            if upload is None or name in self._errors or self.kept_upload_owner is None:
                continue
            data[hidden] = keep(upload, owner=self.kept_upload_owner)
            note = _(
                "Kept from your last try: %(name)s. Save again to use it, or choose another file."
            ) % {"name": upload.name}
            self.fields[name].help_text = self[name].help_text = note  # The bound field copied it.
            self.fields[name].required = False
        self.data = data
