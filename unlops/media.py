"""Every stored file is served through one view that asks whose it is and who may see it.

A file belongs to a row: an original photo to its Photo, a portrait to its Person, a rendition to
the row of its original. The apps register how to find that row from a stored name
(``register_owner``). A rendition is served to anyone when its row is public (publicity.is_public);
originals never are (pages show renditions only). Staff who may view the row see both, and the
holder of a preview page's grant sees the very file granted. Any other request, and any file no
row owns (exports, import files, a guessed name), is answered 404.

In production the check stays in Django. With ``DJANGO_MEDIA_ACCEL_REDIRECT`` set (nginx
``internal`` location) the bytes go out from the proxy, through an ``X-Accel-Redirect`` header;
with S3 storage they are streamed from the private bucket through this view (docs/storage.md).
"""

import mimetypes
import posixpath
import time
from urllib.parse import quote

from botocore.exceptions import ClientError
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from . import publicity
from .cache import content_version, page_timeout
from .renditions import original_of

GRANT_SALT = "unlops.media.grant"
PUBLIC_MAX_AGE = 3600
_owners = []


def register_owner(prefix, find):
    """Stored names under ``prefix`` belong to the row ``find(name)`` returns (or None)."""
    _owners.append((prefix, find))


def owner_of(name):
    """The row a stored file belongs to; None if no row owns it."""
    original = original_of(name)
    if original is not None:
        name = original
    for prefix, find in _owners:
        if name.startswith(prefix):
            return find(name)
    return None


def url(name, *, grant=None):
    """The address of a stored file; ``grant`` (an expiry, as a timestamp) signs it for a
    preview, so that a reader of the preview sees its draft pictures until the link expires."""
    address = f"{settings.MEDIA_URL}{quote(name)}"
    if not address.startswith("/"):
        address = f"/{address}"
    if grant is not None:
        token = signing.dumps({"n": name, "e": int(grant)}, salt=GRANT_SALT, compress=True)
        address = f"{address}?grant={token}"
    return address


def _granted(request, name):
    token = request.GET.get("grant")
    if not token:
        return False
    try:
        data = signing.loads(token, salt=GRANT_SALT)
    except signing.BadSignature:
        return False
    return data.get("n") == name and data.get("e", 0) > time.time()


def _may_view(user, obj):
    if not (user and user.is_active and user.is_staff):
        return False
    opts = obj._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def audience(request, name):
    """'public', 'private' (staff or a preview grant) or None (not to be served)."""
    key = f"unlops:media:{content_version()}:{name}"
    public = cache.get(key)
    if public is None:
        owner = owner_of(name)
        if owner is None:
            public = "none"
        elif original_of(name) is not None and publicity.is_public(owner):
            public = "yes"
        else:
            public = "no"  # A draft's picture, or an original: for staff and previews only.
        # Until the next change or scheduled publication, either of which may change it.
        cache.set(key, public, page_timeout())
    if public == "yes":
        return "public"
    if public == "no":
        if _granted(request, name):
            return "private"
        owner = owner_of(name)
        if owner is not None and _may_view(getattr(request, "user", None), owner):
            return "private"
    return None


MAX_NAME_LENGTH = 1024


def _clean(path):
    name = posixpath.normpath(path).lstrip("/")
    if name != path or name.startswith("..") or "\x00" in name or "\\" in name:
        raise Http404
    if len(name) > MAX_NAME_LENGTH:
        raise Http404  # Longer than any name this site stores (or a file system takes).
    return name


def _send(request, name):
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=mimetypes.guess_type(name)[0] or "")
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{quote(name)}"
        return response
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as missing:
        raise Http404 from missing
    content_type = mimetypes.guess_type(name)[0]
    stored = getattr(handle, "obj", None)  # an S3 object, looked up by open()
    if stored is not None:
        return _stream_object(stored, content_type)
    response = FileResponse(handle, content_type=content_type)
    modified = default_storage.get_modified_time(name)
    response["Last-Modified"] = http_date(modified.timestamp())
    return response


def _stream_object(stored, content_type):
    """Object storage: the bytes pass through here, so the bucket stays private and no address
    that works without this view's check ever leaves the site (a signed URL would, for its life,
    and a cached redirect to one would outlive it)."""
    try:
        body = stored.get()["Body"]
    except ClientError as error:  # deleted since open() looked it up
        raise Http404 from error
    response = FileResponse(body, content_type=content_type)
    response["Content-Length"] = stored.content_length
    response["Last-Modified"] = http_date(stored.last_modified.timestamp())
    return response


@require_safe
def serve(request, path):
    name = _clean(path)
    who = audience(request, name)
    if who is None:
        raise Http404("No such file.")
    response = _send(request, name)
    if who == "public":
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response
