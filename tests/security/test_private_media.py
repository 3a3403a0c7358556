"""Stored files reach only those who may see them: a crawl plus a request for every file stored.

Before the media view, /media/ served every file to anyone who knew or computed its name: the
originals and renditions of photos only drafts use, and every export, preview exports included.
"""

import io
import re
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from newsletters.export import formats
from newsletters.export.formats import Audience
from newsletters.export.pipeline import get_export
from newsletters.models import Status
from newsletters.preview import preview_url
from newsletters.services import issue_unpublish
from tests.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    IssueFactory,
    PersonFactory,
    PhotoFactory,
    UserFactory,
    shown_in_published_work,
)
from unlops import media
from unlops.renditions import renditions

pytestmark = pytest.mark.django_db

SRC_RE = re.compile(r'(?:src|srcset)="([^"]+)"')


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def media_urls(html):
    found = set()
    for value in SRC_RE.findall(html):
        for part in value.split(","):
            address = part.strip().split(" ")[0].replace("&amp;", "&")
            if address.startswith("/media/"):
                found.add(address)
    return found


@pytest.fixture
def archive(client):
    """A public issue with a photo, a draft article with its own photo, an unused photo, and
    people with portraits, one public, one not; with renditions and exports made."""
    issue = IssueFactory(published=True, slug="public-issue")
    public = ArticlePhotoFactory(article=ArticleFactory(published=True, issue=issue)).photo
    draft_article = ArticleFactory(issue=issue, slug="draft")
    draft = ArticlePhotoFactory(article=draft_article).photo
    unused = PhotoFactory()
    known = PersonFactory(portrait=SimpleUploadedFile("known.jpg", jpeg()))
    unknown = PersonFactory(portrait=SimpleUploadedFile("unknown.jpg", jpeg()))
    shown_in_published_work(known)
    for field_file in (public.image, draft.image, unused.image, known.portrait, unknown.portrait):
        assert renditions(field_file)
    get_export(issue, formats.get("html"), audience=Audience.PUBLIC)
    get_export(issue, formats.get("html"), audience=Audience.PREVIEW)
    return {
        "issue": issue,
        "public": public,
        "draft": draft,
        "unused": unused,
        "draft_article": draft_article,
        "known": known,
        "unknown": unknown,
    }


def test_every_stored_file_is_served_to_the_public_only_if_public_work_shows_it(
    client, settings, archive
):
    public_prefixes = (
        f"renditions/{archive['public'].image.name}/",
        f"renditions/{archive['known'].portrait.name}/",
    )
    files = stored_files(settings)
    assert any(name.startswith("exports/") for name in files)
    assert any("preview-" in name for name in files)
    served = {name for name in files if client.get(f"/media/{name}").status_code == 200}
    assert served == {name for name in files if name.startswith(public_prefixes)}
    assert len(served) >= 4


def test_the_pictures_of_public_pages_load_and_may_be_cached(client, archive):
    article = archive["public"].article_uses.get().article
    addresses = media_urls(client.get(article.get_absolute_url()).content.decode())
    assert addresses
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        assert "public" in response["Cache-Control"]


def test_staff_see_drafts_pictures_and_originals_but_never_exports(client, settings, archive):
    client.force_login(UserFactory(role="Contributor"))
    draft = archive["draft"]
    original = client.get(f"/media/{draft.image.name}")
    assert original.status_code == 200
    assert "no-store" in original["Cache-Control"] and "private" in original["Cache-Control"]
    width, _height, names = renditions(draft.image)[0]
    assert client.get(f"/media/{names['webp']}").status_code == 200
    for name in stored_files(settings):
        if name.startswith("exports/"):
            assert client.get(f"/media/{name}").status_code == 404


def test_an_original_is_never_public_even_of_a_public_photo(client, archive):
    assert client.get(f"/media/{archive['public'].image.name}").status_code == 404


def test_a_preview_grants_its_reader_exactly_its_own_pictures_until_it_expires(client, archive):
    page = client.get(preview_url(archive["draft_article"])).content.decode()
    granted = [address for address in media_urls(page) if "grant=" in address]
    assert granted
    for address in granted:
        assert client.get(address).status_code == 200
    address = granted[0]
    name, token = address.removeprefix("/media/").split("?grant=")
    other = renditions(archive["unused"].image)[0][2]["jpg"]
    assert client.get(f"/media/{other}?grant={token}").status_code == 404
    assert client.get(f"/media/{name}?grant={token[:-2]}xx").status_code == 404
    later = time.time() + 8 * 24 * 3600
    with mock.patch("unlops.media.time.time", return_value=later):
        assert client.get(address).status_code == 404


def test_unpublishing_deletes_the_public_exports(
    settings, archive, django_capture_on_commit_callbacks
):
    def exports(audience):
        prefix = f"exports/public-issue/{audience}-"
        return [name for name in stored_files(settings) if name.startswith(prefix)]

    assert exports("public") and exports("preview")
    with django_capture_on_commit_callbacks(execute=True):
        issue_unpublish(issue=archive["issue"], by=UserFactory(role="Publisher"))
    archive["issue"].refresh_from_db()
    assert archive["issue"].status == Status.DRAFT
    assert exports("public") == []
    assert exports("preview")  # Staff previews of the draft stay.


def test_behind_nginx_the_bytes_go_out_through_x_accel_redirect(client, settings, archive):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    name = renditions(archive["public"].image)[0][2]["webp"]
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response.content == b""
    assert client.get(f"/media/{archive['draft'].image.name}").status_code == 404


@pytest.fixture
def bucket():
    """A private S3 bucket (moto, in this process) as the site's storage would use it."""
    from moto import mock_aws
    from storages.backends.s3 import S3Storage

    with mock_aws():
        storage = S3Storage(
            bucket_name="unlops-media",
            region_name="us-east-1",
            default_acl="private",
            querystring_auth=True,
            file_overwrite=False,
        )
        storage.connection.meta.client.create_bucket(Bucket="unlops-media")
        with mock.patch("unlops.media.default_storage", storage):
            yield storage


def test_on_object_storage_the_view_checks_then_streams_from_the_bucket(client, archive, bucket):
    name = renditions(archive["public"].image)[0][2]["webp"]
    data = default_storage.open(name).read()
    bucket.save(name, ContentFile(data))
    bucket.save(archive["draft"].image.name, ContentFile(jpeg()))

    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    # The bytes pass through the site: no address that skips the check leaves it.
    assert "Location" not in response
    assert b"".join(response.streaming_content) == data
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Type"] == "image/webp"
    assert "Last-Modified" in response
    assert client.get(f"/media/{archive['draft'].image.name}").status_code == 404

    # Gone from the bucket, or gone between the look-up and the read: not found, not an error.
    opened = bucket.open(name, "rb")
    bucket.delete(name)
    with mock.patch.object(bucket, "open", return_value=opened):
        assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/{name}").status_code == 404


@pytest.mark.parametrize(
    "path", ["../settings.py", "renditions/../../x", "a//b.jpg", "exports/x.pdf", "x" * 2000]
)
def test_odd_names_are_not_found(client, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_the_media_route_answers_only_reads(client, archive):
    name = renditions(archive["public"].image)[0][2]["webp"]
    assert client.post(f"/media/{name}").status_code == 405
    assert reverse("media", args=[name]) == media.url(name)


def test_uploaded_names_cannot_be_guessed():
    first, second = PhotoFactory(), PhotoFactory()
    assert first.image.name != second.image.name
    assert re.search(r"-[a-z2-9]{10}\.jpg$", first.image.name)
