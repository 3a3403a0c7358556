"""What makes large imports fast changes nothing they do: the same preview, the same rows, links
and history, in a few queries a row."""

import datetime

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.resources import Diff, ModelResource

from events.models import Event
from events.resources import EventResource
from people.models import Person
from people.resources import PersonResource
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
)
from tests.importing import import_errors

pytestmark = pytest.mark.django_db

HEADERS = ["slug", "kind", "title", "start_date", "date_precision", "summary", "organisations"]
HEADERS += ["participants"]


class LibraryEventResource(EventResource):
    """EventResource previewing as django-import-export does on its own."""

    def get_diff_class(self):
        return Diff

    def save_m2m(self, instance, row, **kwargs):
        ModelResource.save_m2m(self, instance, row, **kwargs)


@pytest.fixture
def world(db):
    for slug in ("lacroix", "jenca", "vandeput"):
        PersonFactory(slug=slug)
    OrganisationFactory(slug="dpko", acronym="DPKO")
    OrganisationFactory(slug="nato", acronym="NATO")
    changed = EventFactory(slug="talks", title="Staff talks", summary="Old <b>summary</b>")
    changed.organisations.set(Event.organisations.field.related_model.objects.filter(slug="dpko"))
    ParticipationFactory(event=changed, person=Person.objects.get(slug="lacroix"), role="host")
    EventFactory(slug="same", title="Unchanged", start_date=datetime.date(2017, 5, 4))


def rows():
    same = Event.objects.get(slug="same")
    return tablib.Dataset(
        ["talks", "meeting", "Staff talks", "2017-05-04", "day", "New & improved\nsummary",
         "DPKO; NATO", "lacroix:host; jenca:co-chair"],
        ["same", same.kind, "Unchanged", "2017-05-04", same.date_precision, same.summary, "", ""],
        ["visit", "high-level-visit", "A <visit>", "2017-05-05", "day", "", "NATO",
         "vandeput:visitor"],
        ["bare", "meeting", "Bare", "", "unknown", "", "", ""],
        headers=HEADERS,
    )  # fmt: skip


def test_the_preview_diff_is_the_one_django_import_export_draws(world):
    ours = EventResource().import_data(rows(), dry_run=True)
    theirs = LibraryEventResource().import_data(rows(), dry_run=True)
    assert import_errors(ours) == import_errors(theirs) == []
    assert [row.import_type for row in ours.rows] == ["update", "skip", "new", "new"]
    assert [row.diff for row in ours.rows] == [row.diff for row in theirs.rows]
    assert "&lt;visit&gt;" in "".join(ours.rows[2].diff)


def test_a_preview_writes_no_links_and_a_confirm_writes_them_all(world):
    EventResource().import_data(rows(), dry_run=True)
    assert not Event.objects.filter(slug="visit").exists()
    result = EventResource().import_data(rows())
    assert import_errors(result) == []
    talks, visit = Event.objects.get(slug="talks"), Event.objects.get(slug="visit")
    assert sorted(talks.organisations.values_list("slug", flat=True)) == ["dpko", "nato"]
    assert list(talks.participations.values_list("person__slug", "role", "position")) == [
        ("lacroix", "host", 1),
        ("jenca", "co-chair", 2),
    ]
    assert list(visit.organisations.values_list("slug", flat=True)) == ["nato"]
    assert list(visit.participations.values_list("person__slug", "role")) == [
        ("vandeput", "visitor")
    ]


def people(count, start=0):
    return tablib.Dataset(
        *[[f"p-{i}", f"Person {i}"] for i in range(start, start + count)], headers=["slug", "name"]
    )


def events(count, start=0):
    return tablib.Dataset(
        *[
            [f"e-{i}", "meeting", f"Event {i}", "2017-05-04", "day", "", "DPKO; NATO",
             "lacroix:host; jenca:co-chair"]
            for i in range(start, start + count)
        ],
        headers=HEADERS,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("resource_class", "make"), [(PersonResource, people), (EventResource, events)]
)
@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirm"])
def test_each_row_costs_no_more_than_three_queries(world, resource_class, make, dry_run):
    def queries(count, start):
        with CaptureQueriesContext(connection) as captured:
            result = resource_class().import_data(make(count, start), dry_run=dry_run)
        assert import_errors(result) == []
        return len(captured)

    # A savepoint, its release and the insert; links, history and lookups are shared.
    assert queries(40, 100) - queries(20, 0) <= 3 * 20


def test_history_is_kept_for_every_row_with_its_user(world):
    from simple_history.models import HistoricalRecords

    user = UserFactory()
    HistoricalRecords.thread.request = type("Request", (), {"user": user})()
    try:
        PersonResource().import_data(people(3))
        changed = people(3)
        changed.append(["p-9", "Person 9"])
        changed.dict = [dict(row, name=row["name"] + " (new)") for row in changed.dict]
        PersonResource().import_data(changed)
    finally:
        del HistoricalRecords.thread.request
    history = Person.history.filter(slug__startswith="p-").order_by("slug", "history_id")
    assert [(h.slug, h.history_type, h.history_user) for h in history] == [
        ("p-0", "+", user),
        ("p-0", "~", user),
        ("p-1", "+", user),
        ("p-1", "~", user),
        ("p-2", "+", user),
        ("p-2", "~", user),
        ("p-9", "+", user),
    ]
    assert Person.history.filter(slug="p-0").first().name == "Person 0 (new)"


def test_a_preview_keeps_no_history(world):
    PersonResource().import_data(people(3), dry_run=True)
    assert not Person.history.filter(slug__startswith="p-").exists()


def test_a_key_given_twice_creates_then_updates_as_before(world):
    data = tablib.Dataset(["ivan", "Ivan"], ["ivan", "Ivan Šimonović"], headers=["slug", "name"])
    result = PersonResource().import_data(data)
    assert [row.import_type for row in result.rows] == ["new", "update"]
    assert list(Person.objects.filter(slug="ivan").values_list("name", flat=True)) == [
        "Ivan Šimonović"
    ]


def test_an_event_given_twice_keeps_the_second_rows_links(world):
    data = events(1)
    data.append(["e-0", "meeting", "Event 0", "2017-05-04", "day", "", "NATO", "vandeput:host"])
    assert import_errors(EventResource().import_data(data)) == []
    event = Event.objects.get(slug="e-0")
    assert list(event.organisations.values_list("slug", flat=True)) == ["nato"]
    assert list(event.participations.values_list("person__slug", flat=True)) == ["vandeput"]


def test_a_participant_given_twice_in_one_role_is_a_row_error(world):
    data = events(1)
    data.dict = [dict(row, participants="lacroix:host; lacroix:host") for row in data.dict]
    errors = import_errors(EventResource().import_data(data))
    assert len(errors) == 1 and "given twice: lacroix:host" in errors[0][1]


def test_a_nul_byte_in_a_natural_key_is_a_row_error_not_a_failed_lookup(world):
    data = tablib.Dataset(["iv\x00an", "Ivan"], headers=["slug", "name"])
    errors = import_errors(PersonResource().import_data(data))
    assert len(errors) == 1 and "U+0000" in errors[0][1]
