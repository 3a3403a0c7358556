"""Order by drag and drop (or the keyboard's Move buttons): the inline posts hidden numbers, and
the admin saves them; a new row goes last, never to 0."""

import pytest
from django.urls import reverse

from events.models import Participation
from tests.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UserFactory,
)
from tests.security.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(UserFactory(role="Editor"))
    return client


def reorder(data, prefix, new_order):
    """Give the rows of inline ``prefix`` the numbers the page's script writes after a drag."""
    for index, number in enumerate(new_order):
        data[f"{prefix}-{index}-position"] = number


def test_the_article_form_orders_photos_by_drag_and_drop_not_typed_numbers(editor):
    first, second = PhotoFactory(caption="First"), PhotoFactory(caption="Second")
    article = ArticleFactory(photos=[first, second])
    url = reverse("admin:newsletters_article_change", args=[article.pk])
    page = editor.get(url)
    html = page.content.decode()
    assert 'class="_reorder_"' in html and 'type="hidden" name="article_photos-0-position"' in html
    assert 'type="number" name="article_photos-0-position"' not in html
    assert html.count('class="sortable-move"') == 4  # Up and down, for each of the two rows.
    assert "adminsortable2/js/adminsortable2" in html and "js/admin-sortable.js" in html

    data = change_form_data(page)
    reorder(data, "article_photos", [2, 1])  # The second photo dragged above the first.
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [use.photo for use in article.article_photos.all()] == [second, first]


def test_a_photo_added_to_the_article_goes_last(editor):
    article = ArticleFactory(photos=[PhotoFactory(), PhotoFactory()])
    added = PhotoFactory(caption="Added")
    url = reverse("admin:newsletters_article_change", args=[article.pk])
    data = change_form_data(editor.get(url))
    data.update(
        {
            "article_photos-TOTAL_FORMS": 3,
            "article_photos-2-photo": added.pk,
            "article_photos-2-placement": "inset",
            "article_photos-2-position": "",
        }
    )
    assert editor.post(url, data).status_code == 302
    uses = list(article.article_photos.all())
    assert uses[-1].photo == added and uses[-1].position == 3


def test_people_pictured_are_ordered_from_left_to_right_by_dragging(editor):
    left, right = PersonFactory(name="Left Person"), PersonFactory(name="Right Person")
    photo = PhotoFactory(people=[left, right])
    url = reverse("admin:newsletters_photo_change", args=[photo.pk])
    data = change_form_data(editor.get(url))
    reorder(data, "pictured", [2, 1])
    assert editor.post(url, data).status_code == 302
    assert [pictured.person for pictured in photo.pictured.all()] == [right, left]


def test_participants_of_an_event_are_ordered_by_dragging(editor):
    a, b, c = PersonFactory(), PersonFactory(), PersonFactory()
    role = Participation.Role.SPEAKER
    event = EventFactory(participants=[(a, role), (b, role), (c, role)])
    url = reverse("admin:events_event_change", args=[event.pk])
    page = editor.get(url)
    assert 'type="hidden" name="participations-0-position"' in page.content.decode()
    data = change_form_data(page)
    reorder(data, "participations", [3, 1, 2])  # The first dragged to the end.
    assert editor.post(url, data).status_code == 302
    assert [part.person for part in event.participations.all()] == [b, c, a]
