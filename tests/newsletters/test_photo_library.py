"""The photo library in the admin: the chooser's search and rights, upload from the chooser, bulk
upload with its grid of texts, the focal point on the photo's form."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from newsletters.chooser import search_photos
from newsletters.models import Photo
from tests.factories import (
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    PersonFactory,
    PhotoFactory,
    UserFactory,
    shown_in_published_work,
)
from tests.security.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

CHOOSER = "admin:newsletters_photo_chooser"
UPLOAD = "admin:newsletters_photo_chooser_upload"
BULK = "admin:newsletters_photo_bulk_upload"
TEXTS = "admin:newsletters_photo_bulk_texts"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def jpeg(name="photo.jpg", size=(60, 40), colour="navy"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def signed_in(client, role="Contributor", **kwargs):
    client.force_login(UserFactory(role=role, **kwargs))
    return client


@pytest.fixture
def library():
    lacroix = PersonFactory(name="Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    return {
        "handshake": PhotoFactory(
            caption="Two ministers shake hands",
            credit="Belgian Defence Ministry",
            place="Brussels, Belgium",
            taken_on=datetime.date(2017, 5, 5),
            people=[lacroix],
        ),
        "council": PhotoFactory(
            caption="The Council in session",
            credit="Council of the EU",
            place="Luxembourg",
            taken_on=datetime.date(2016, 10, 17),
            credit_organisation=OrganisationFactory(name="Council of the EU", acronym="CEU"),
            event=EventFactory(title="Foreign Affairs Council"),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ministers shake", ["handshake"]),  # caption, every word
        ("defence", ["handshake"]),  # credit
        ("Lacroix", ["handshake"]),  # a person pictured
        ("luxembourg", ["council"]),  # place
        ("2016", ["council"]),  # a year
        ("2017-05", ["handshake"]),  # a month
        ("2016-10-17", ["council"]),  # a day
        ("Foreign Affairs", ["council"]),  # the event
        ("CEU", ["council"]),  # the credited organisation's acronym
        ("", ["council", "handshake"]),
        ("nowhere-to-be-found", []),
    ],
)
def test_chooser_search_finds_by_caption_credit_person_place_and_date(library, query, expected):
    found = search_photos(Photo.objects.all(), query)
    by_id = {photo.pk: name for name, photo in library.items()}
    assert sorted(by_id[photo.pk] for photo in found) == expected


def test_the_chooser_shows_a_grid_of_thumbnails_that_search_narrows(client, library):
    signed_in(client)
    page = client.get(reverse(CHOOSER))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="photo-card"') == 2
    assert 'id="photo-chooser-q"' in html and "Upload a new photo" in html
    assert "no-store" in page["Cache-Control"]
    # Renditions cut around the focal point, never the uploaded original.
    for photo in library.values():
        assert f"/media/renditions/{photo.image.name}/4x3-50-50/" in html
        assert f'"{photo.image.url}"' not in html
    results = client.get(reverse(CHOOSER), {"q": "Lacroix", "results": "1"}).content.decode()
    assert results.count('class="photo-card"') == 1
    assert f'data-photo-id="{library["handshake"].pk}"' in results
    assert "Upload a new photo" not in results  # The grid alone, for the search box.


def test_the_chooser_pages_through_a_large_library(client):
    PhotoFactory.create_batch(26)
    signed_in(client)
    first = client.get(reverse(CHOOSER), {"results": "1"}).content.decode()
    assert first.count('class="photo-card"') == 24 and "Page 1 of 2" in first
    second = client.get(reverse(CHOOSER), {"results": "1", "page": "2"}).content.decode()
    assert second.count('class="photo-card"') == 2


def test_chooser_endpoints_refuse_anonymous_and_non_staff(client, library):
    for name in (CHOOSER, UPLOAD, BULK):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory(is_staff=False))
    for name in (CHOOSER, UPLOAD, BULK):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(reverse(UPLOAD), {"chooser-image": jpeg()})
    assert response.status_code == 302
    assert Photo.objects.count() == 2


def test_the_chooser_needs_the_view_permission_and_upload_the_add_permission(client, library):
    staff = UserFactory()  # Staff, with no right at all.
    client.force_login(staff)
    assert client.get(reverse(CHOOSER)).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_photo"))
    client.force_login(staff)
    page = client.get(reverse(CHOOSER))
    assert page.status_code == 200
    assert "Upload a new photo" not in page.content.decode()  # No add right, no upload tab.
    upload = client.post(
        reverse(UPLOAD),
        {
            "chooser-image": jpeg(),
            "chooser-alt_text": "x",
            "chooser-caption": "x",
            "chooser-credit": "x",
        },
    )
    assert upload.status_code == 403
    assert client.get(reverse(BULK)).status_code == 403
    assert Photo.objects.count() == 2


def test_uploading_from_the_chooser_makes_a_photo_and_answers_its_card(client):
    signed_in(client)
    response = client.post(
        reverse(UPLOAD),
        {
            "chooser-image": jpeg("Ladsous Été.JPG"),
            "chooser-alt_text": "A man speaks at a lectern",
            "chooser-caption": "Hervé Ladsous briefs the Council",
            "chooser-credit": "UN Photo",
        },
    )
    assert response.status_code == 201
    photo = Photo.objects.get()
    data = json.loads(response.content)
    assert data["id"] == photo.pk and data["label"] == "Hervé Ladsous briefs the Council"
    assert data["thumbnail"].startswith(f"/media/renditions/{photo.image.name}/4x3-")
    assert photo.image.name.startswith("photos/") and "ladsous-ete" in photo.image.name


def test_a_refused_chooser_upload_says_why_and_stores_nothing(client):
    signed_in(client)
    response = client.post(reverse(UPLOAD), {"chooser-image": jpeg(), "chooser-caption": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and 'name="chooser-alt_text"' in html
    assert Photo.objects.count() == 0
    response = client.post(
        reverse(UPLOAD),
        {
            "chooser-image": SimpleUploadedFile("evil.jpg", b"<svg onload=alert(1)>"),
            "chooser-alt_text": "x",
            "chooser-caption": "x",
            "chooser-credit": "x",
        },
    )
    assert response.status_code == 400 and "not a photograph" in response.content.decode()
    assert Photo.objects.count() == 0


def test_bulk_upload_of_three_files_makes_three_photos_and_the_grid_saves_their_texts(client):
    signed_in(client)
    colours = ["red", "green", "blue"]
    files = [jpeg(f"visit-{n}.jpg", colour=colour) for n, colour in enumerate(colours)]
    response = client.post(reverse(BULK), {"images": files})
    assert response.status_code == 302
    photos = list(Photo.objects.order_by("pk"))
    assert len(photos) == 3
    assert all(photo.image and photo.width == 60 for photo in photos)
    grid_url = response["Location"]
    assert grid_url.startswith(reverse(TEXTS))
    grid = client.get(grid_url)
    assert grid.status_code == 200
    html = grid.content.decode()
    assert html.count('class="photo-bulk-card"') == 3
    for photo in photos:
        assert f"/media/renditions/{photo.image.name}/4x3-" in html

    data = change_form_texts(grid)
    for index in range(3):
        data[f"form-{index}-caption"] = f"Caption {index}"
        data[f"form-{index}-credit"] = "UN Photo"
        data[f"form-{index}-alt_text"] = f"Alt text {index}"
    saved = client.post(grid_url, data)
    assert saved.status_code == 302
    assert [(p.caption, p.credit, p.alt_text) for p in Photo.objects.order_by("pk")] == [
        (f"Caption {n}", "UN Photo", f"Alt text {n}") for n in range(3)
    ]


def change_form_texts(grid):
    formset = grid.context["formset"]
    data = {
        formset.management_form.add_prefix(name): formset.management_form[name].value()
        for name in formset.management_form.fields
    }
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)
    return data


def test_a_refused_grid_keeps_the_uploaded_pictures_and_asks_only_for_the_texts(client):
    signed_in(client)
    response = client.post(reverse(BULK), {"images": [jpeg("a.jpg"), jpeg("b.jpg")]})
    grid_url = response["Location"]
    data = change_form_texts(client.get(grid_url))
    data.update({"form-0-caption": "First", "form-0-credit": "UN", "form-0-alt_text": "A"})
    data.update({"form-1-caption": "Second", "form-1-credit": "UN"})  # No alt text.
    refused = client.post(grid_url, data)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "errornote" in html and html.count('class="photo-bulk-card"') == 2
    assert "First</textarea>" in html  # What was typed comes back.
    assert Photo.objects.count() == 2
    assert all(photo.image and photo.caption == "" for photo in Photo.objects.all())
    for photo in Photo.objects.all():
        assert f"/media/renditions/{photo.image.name}/4x3-" in html  # Still shown, not lost.


def test_a_bad_file_is_named_and_the_others_are_kept(client):
    signed_in(client)
    files = [
        jpeg("good-1.jpg"),
        SimpleUploadedFile("not-a-photo.jpg", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("truncated.jpg", jpeg().read()[:200]),
        jpeg("good-2.jpg"),
    ]
    response = client.post(reverse(BULK), {"images": files}, follow=True)
    assert Photo.objects.count() == 2
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        "not-a-photo.jpg" in message and "not a photograph" in message for message in messages
    )
    assert any("truncated.jpg" in message for message in messages)
    assert any("2 photos uploaded" in message for message in messages)
    assert response.context["formset"].total_form_count() == 2


def test_bulk_upload_with_no_file_or_only_bad_files_stays_on_the_upload_page(client):
    signed_in(client)
    empty = client.post(reverse(BULK), {})
    assert empty.status_code == 200 and "Choose at least one picture" in empty.content.decode()
    bad = client.post(reverse(BULK), {"images": [SimpleUploadedFile("x.gif", b"GIF89a")]})
    assert bad.status_code == 302 and bad["Location"] == reverse(BULK)
    assert Photo.objects.count() == 0


def test_the_grid_offers_only_photos_the_user_may_change(client):
    draft = PhotoFactory()
    released = PhotoFactory()
    shown_in_published_work(released)
    signed_in(client)
    url = reverse(TEXTS)
    assert client.get(url, {"ids": str(released.pk)}).status_code == 403
    grid = client.get(url, {"ids": f"{draft.pk},{released.pk}"})
    assert [form.instance for form in grid.context["formset"].forms] == [draft]
    assert client.get(url, {"ids": "nonsense"}).status_code == 403


def test_the_photo_form_sets_the_focal_point(client):
    photo = PhotoFactory()
    signed_in(client)
    url = reverse("admin:newsletters_photo_change", args=[photo.pk])
    page = client.get(url)
    html = page.content.decode()
    assert 'class="focal-point"' in html and "admin-focal-point.js" in html
    data = change_form_data(page)
    data.update(focal_point_x="0.25", focal_point_y="0.8")
    assert client.post(url, data).status_code == 302
    photo.refresh_from_db()
    assert photo.focal_point == (0.25, 0.8)
    data.update(focal_point_x="1.5")
    refused = client.post(url, data)
    assert (
        refused.status_code == 200 and "focal_point_x" in refused.context["adminform"].form.errors
    )


def test_the_issue_cover_is_picked_in_the_chooser_too(client):
    issue = IssueFactory()
    cover = PhotoFactory(caption="The cover photo")
    client.force_login(UserFactory(role="Editor"))
    url = reverse("admin:newsletters_issue_change", args=[issue.pk])
    page = client.get(url)
    html = page.content.decode()
    assert 'class="photo-chooser"' in html and 'type="hidden" name="cover_photo"' in html
    assert "js/admin-photo-chooser.js" in html
    assert '<select name="cover_photo"' not in html  # No more dropdown of captions.
    data = change_form_data(page)
    data["cover_photo"] = cover.pk
    assert client.post(url, data).status_code == 302
    issue.refresh_from_db()
    assert issue.cover_photo == cover
    shown = client.get(url).content.decode()
    assert "The cover photo" in shown and f"/media/renditions/{cover.image.name}/4x3-" in shown
