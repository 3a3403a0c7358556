"""The single "Add photo" form keeps the chosen picture through a save refused for another field
(no alt text), for the user who chose it only, and leaves nothing behind once saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from newsletters.models import Photo
from tests.factories import UserFactory
from unlops import import_files, kept_uploads

pytestmark = pytest.mark.django_db

ADD = "admin:newsletters_photo_add"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def jpeg(name="harbour.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form_data(**overrides):
    data = {
        "alt_text": "",
        "caption": "The harbour at dawn",
        "credit": "UN Photo",
        "credit_organisation": "",
        "focal_point_x": "0.5",
        "focal_point_y": "0.5",
        "taken_on": "",
        "taken_on_precision": "unknown",
        "place": "",
        "event": "",
        "image_kept": "",
        "people_pictured-TOTAL_FORMS": "0",
        "people_pictured-INITIAL_FORMS": "0",
        "people_pictured-MIN_NUM_FORMS": "0",
        "people_pictured-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def inline_prefix(client):
    page = client.get(reverse(ADD))
    return page.context["inline_admin_formsets"][0].formset.prefix


def kept_files():
    try:
        return import_files.storage().listdir(kept_uploads.FOLDER)[1]
    except FileNotFoundError:
        return []


def refused(client, prefix):
    data = form_data(image=jpeg())
    data = {key.replace("people_pictured", prefix): value for key, value in data.items()}
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200 and not Photo.objects.exists()
    return response, data


def test_a_save_refused_for_alt_text_keeps_the_file_and_the_next_save_uses_it(client):
    client.force_login(UserFactory(role="Contributor"))
    prefix = inline_prefix(client)
    response, data = refused(client, prefix)
    html = response.content.decode()
    assert list(response.context["adminform"].form.errors) == ["alt_text"]
    assert "Kept from your last try: harbour.jpg" in html
    token = response.context["adminform"].form["image_kept"].value()
    assert token and f'value="{token}"' in html
    assert len(kept_files()) == 1

    data.pop("image")
    response = client.post(
        reverse(ADD), {**data, "alt_text": "Boats in a harbour", "image_kept": token}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    photo = Photo.objects.get()
    assert photo.image and photo.width == 64 and photo.height == 48
    assert kept_files() == []  # Taken back: nothing left aside.


def test_a_kept_file_is_only_for_the_user_who_chose_it(client):
    client.force_login(UserFactory(role="Contributor"))
    prefix = inline_prefix(client)
    response, data = refused(client, prefix)
    token = response.context["adminform"].form["image_kept"].value()
    data.pop("image")

    client.force_login(UserFactory(role="Contributor"))
    response = client.post(
        reverse(ADD), {**data, "alt_text": "Boats in a harbour", "image_kept": token}
    )
    assert response.status_code == 200 and not Photo.objects.exists()
    assert "image" in response.context["adminform"].form.errors


def test_a_forged_token_brings_back_nothing(client):
    client.force_login(UserFactory(role="Contributor"))
    prefix = inline_prefix(client)
    data = {
        key.replace("people_pictured", prefix): value
        for key, value in form_data(alt_text="Boats", image_kept="x" * 40).items()
    }
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200 and "image" in response.context["adminform"].form.errors


def test_a_new_file_replaces_the_kept_one(client):
    client.force_login(UserFactory(role="Contributor"))
    prefix = inline_prefix(client)
    response, data = refused(client, prefix)
    token = response.context["adminform"].form["image_kept"].value()
    data["image"] = jpeg("other.jpg")
    response = client.post(reverse(ADD), {**data, "alt_text": "Boats", "image_kept": token})
    assert response.status_code == 302
    assert "other" in Photo.objects.get().image.name
