"""User management in the admin: every role against every action on accounts and groups.

Publishers manage staff accounts inside the three editorial roles; only superusers touch superusers,
raw permissions, other groups and what a group may do. Every row posts what a browser would, or
what a hand-crafted request could, and then reads the database.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from newsletters.roles import ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Brussels-Liaison-2017!"
ACTORS = ["contributor", "editor", "publisher", "superuser"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_actor(kind):
    if kind == "superuser":
        return UserFactory(username="it-admin", is_superuser=True)
    return UserFactory(username=f"acting-{kind}", role=kind.title())


def url(name, *args):
    return reverse(f"admin:auth_user_{name}", args=args)


def permission(code):
    app_label, codename = code.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def user_form(user, **changes):
    """The user change form as the admin posts it; the publisher's form ignores the extra keys."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [perm.pk for perm in user.user_permissions.all()],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(user, flag):
            data[flag] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class World:
    """The accounts each row works on: the actor, an editor, a second publisher, a superuser."""

    def __init__(self, client, kind):
        self.client = client
        self.actor = make_actor(kind)
        self.staff = UserFactory(username="staff-editor", role="Editor")
        self.peer = UserFactory(username="peer-publisher", role="Publisher")
        self.boss = UserFactory(username="head-of-it", is_superuser=True, email="it@example.org")
        self.other_group = Group.objects.create(name="Auditors")
        client.force_login(self.actor)

    def role(self, name):
        return Group.objects.get(name=name)


def _denied(response):
    return response.status_code in (403, 404)


def list_accounts(world):
    response = world.client.get(url("changelist"))
    if _denied(response):
        return "denied"
    listed = set(response.context["cl"].result_list)
    assert world.staff in listed
    return "everyone" if world.boss in listed else "all but superusers"


def add_account(world):
    """The two steps of the add view, both with escalation fields a browser would not send."""
    client = world.client
    response = client.post(
        url("add"),
        {
            "username": "new-contributor",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_superuser": "on",
            "groups": [world.other_group.pk],
            "user_permissions": [permission("auth.delete_user").pk],
        },
    )
    if _denied(response):
        return "denied"
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = User.objects.get(username="new-contributor")
    assert added.check_password(PASSWORD)
    response = client.post(
        url("change", added.pk),
        user_form(added, groups=[world.role("Contributor").pk], is_superuser="on"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    added.refresh_from_db()
    if added.is_superuser or added.user_permissions.exists():
        return "escalated"
    assert set(added.groups.all()) == {world.role("Contributor")}
    return "added as contributor"


def change_own(world):
    actor = world.actor
    response = world.client.post(url("change", actor.pk), user_form(actor, first_name="Renamed"))
    actor.refresh_from_db()
    if _denied(response):
        assert actor.first_name != "Renamed"
        return "denied"
    return "changed" if actor.first_name == "Renamed" else "unchanged"


def own_groups(world):
    """A crafted post of one's own change form asking for superuser and every group."""
    actor = world.actor
    everything = [group.pk for group in Group.objects.all()]
    response = world.client.post(
        url("change", actor.pk), user_form(actor, groups=everything, is_superuser="on")
    )
    actor.refresh_from_db()
    if _denied(response):
        assert not actor.groups.filter(pk=world.other_group.pk).exists()
        return "denied"
    return "changed" if actor.groups.filter(pk=world.other_group.pk).exists() else "unchanged"


def change_staff(world):
    staff = world.staff
    response = world.client.post(
        url("change", staff.pk),
        user_form(staff, first_name="Renamed", groups=[world.role("Contributor").pk]),
    )
    staff.refresh_from_db()
    if _denied(response):
        return "denied"
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(staff.groups.all()) == {world.role("Contributor")}
    return "changed" if staff.first_name == "Renamed" else "unchanged"


def change_peer(world):
    peer = world.peer
    response = world.client.post(
        url("change", peer.pk), user_form(peer, groups=[world.role("Editor").pk])
    )
    if _denied(response):
        return "denied"
    assert response.status_code == 302, response.context["adminform"].form.errors
    return "changed" if set(peer.groups.all()) == {world.role("Editor")} else "unchanged"


def password_of_staff(world):
    response = world.client.post(
        url("password_change", world.staff.pk),
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    world.staff.refresh_from_db()
    if _denied(response):
        return "denied"
    return "changed" if world.staff.check_password(PASSWORD) else "unchanged"


def escalate_staff(world):
    """Superuser, raw permissions and the Publisher role, posted for an editor's account."""
    staff = world.staff
    response = world.client.post(
        url("change", staff.pk),
        user_form(
            staff,
            is_superuser="on",
            user_permissions=[permission("auth.delete_user").pk],
            groups=[world.role("Publisher").pk],
        ),
    )
    if _denied(response):
        return "denied"
    assert response.status_code == 302, response.context["adminform"].form.errors
    staff.refresh_from_db()
    assert set(staff.groups.all()) == {world.role("Publisher")}
    if staff.is_superuser or staff.user_permissions.exists():
        return "escalated"
    return "role only"


def other_group_for_staff(world):
    staff = world.staff
    response = world.client.post(
        url("change", staff.pk), user_form(staff, groups=[world.other_group.pk])
    )
    if _denied(response):
        return "denied"
    if staff.groups.filter(pk=world.other_group.pk).exists():
        return "changed"
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    return "refused"


def open_superuser(world):
    response = world.client.get(url("change", world.boss.pk))
    return "denied" if _denied(response) else "opened"


def change_superuser(world):
    boss = world.boss
    response = world.client.post(
        url("change", boss.pk), user_form(boss, email="attacker@example.org")
    )
    boss.refresh_from_db()
    if _denied(response):
        assert boss.email == "it@example.org"
        return "denied"
    return "changed" if boss.email == "attacker@example.org" else "unchanged"


def password_of_superuser(world):
    response = world.client.post(
        url("password_change", world.boss.pk),
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    world.boss.refresh_from_db()
    if _denied(response):
        assert not world.boss.check_password(PASSWORD)
        return "denied"
    return "changed" if world.boss.check_password(PASSWORD) else "unchanged"


def delete_superuser(world):
    response = world.client.post(url("delete", world.boss.pk), {"post": "yes"})
    exists = User.objects.filter(pk=world.boss.pk).exists()
    if _denied(response):
        assert exists
        return "denied"
    return "unchanged" if exists else "deleted"


def bulk_delete(world):
    response = world.client.post(
        url("changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [world.staff.pk, world.boss.pk],
            "post": "yes",
        },
    )
    left = set(User.objects.filter(pk__in=[world.staff.pk, world.boss.pk]))
    if _denied(response):
        assert len(left) == 2
        return "denied"
    assert world.boss in left or world.staff not in left
    return {0: "deleted both", 1: "deleted staff", 2: "nothing deleted"}[len(left)]


def group_permissions(world):
    """Giving the Publisher group the power to delete users, through the group's own form."""
    publisher = world.role("Publisher")
    wanted = [
        *publisher.permissions.values_list("pk", flat=True),
        permission("auth.delete_user").pk,
    ]
    response = world.client.post(
        reverse("admin:auth_group_change", args=[publisher.pk]),
        {"name": publisher.name, "permissions": wanted},
    )
    changed = publisher.permissions.filter(codename="delete_user").exists()
    if _denied(response):
        assert not changed
        return "denied"
    return "changed" if changed else "unchanged"


DENIED = {"contributor": "denied", "editor": "denied", "publisher": "denied"}
TABLE = {
    # action: {actor: outcome}; what is missing for an actor is "denied"
    list_accounts: {"publisher": "all but superusers", "superuser": "everyone"},
    add_account: {"publisher": "added as contributor", "superuser": "escalated"},
    change_own: {"superuser": "changed"},
    own_groups: {"superuser": "changed"},
    change_staff: {"publisher": "changed", "superuser": "changed"},
    change_peer: {"publisher": "changed", "superuser": "changed"},
    password_of_staff: {"publisher": "changed", "superuser": "changed"},
    escalate_staff: {"publisher": "role only", "superuser": "escalated"},
    other_group_for_staff: {"publisher": "refused", "superuser": "changed"},
    open_superuser: {"superuser": "opened"},
    change_superuser: {"superuser": "changed"},
    password_of_superuser: {"superuser": "changed"},
    delete_superuser: {"superuser": "deleted"},
    bulk_delete: {"publisher": "nothing deleted", "superuser": "deleted both"},
    group_permissions: {"superuser": "changed"},
}
ROWS = [
    pytest.param(action, actor, {**DENIED, **expected}[actor], id=f"{action.__name__}-{actor}")
    for action, expected in TABLE.items()
    for actor in ACTORS
]


@pytest.mark.parametrize(("action", "actor", "expected"), ROWS)
def test_role_against_action(client, action, actor, expected):
    assert action(World(client, actor)) == expected


# Every address of a superuser's account ---------------------------------------------------------


SUPERUSER_PAGES = ["change", "password_change", "history", "delete"]


@pytest.mark.parametrize("actor", ["contributor", "editor", "publisher"])
@pytest.mark.parametrize("address", SUPERUSER_PAGES)
def test_no_page_of_a_superuser_opens_for_anyone_else(client, actor, address):
    world = World(client, actor)
    assert world.client.get(url(address, world.boss.pk)).status_code in (403, 404)
    assert world.client.post(url(address, world.boss.pk), {"post": "yes"}).status_code in (403, 404)
    assert User.objects.filter(pk=world.boss.pk, is_superuser=True).exists()


def test_the_publisher_form_shows_neither_superuser_nor_raw_permissions_nor_other_groups(client):
    world = World(client, "publisher")
    response = world.client.get(url("change", world.staff.pk))
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert {group.name for group in form.fields["groups"].queryset} == set(ROLES)
    assert b"Auditors" not in response.content


def test_a_publisher_keeps_groups_given_by_a_superuser_that_they_may_not_assign(client):
    world = World(client, "publisher")
    world.staff.groups.add(world.other_group)
    response = world.client.post(
        url("change", world.staff.pk),
        user_form(world.staff, groups=[world.role("Contributor").pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(world.staff.groups.all()) == {world.role("Contributor"), world.other_group}


@pytest.mark.parametrize("active", [True, False])
def test_accounts_with_more_power_than_the_publisher_are_read_only_to_them(client, active):
    """Raw permissions a superuser gave count, even on an account a publisher could reactivate."""
    world = World(client, "publisher")
    world.staff.user_permissions.add(permission("auth.delete_user"))
    world.staff.is_active = active
    world.staff.save()
    assert world.client.get(url("change", world.staff.pk)).status_code == 200
    response = world.client.post(
        url("change", world.staff.pk), user_form(world.staff, is_active="on")
    )
    assert response.status_code == 403
    response = world.client.post(
        url("password_change", world.staff.pk),
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 403


def test_a_publisher_given_group_rights_by_hand_still_cannot_edit_a_group(client):
    world = World(client, "publisher")
    for code in ("auth.add_group", "auth.change_group", "auth.delete_group"):
        world.actor.user_permissions.add(permission(code))
    assert group_permissions(world) == "denied"
    assert world.client.post(reverse("admin:auth_group_add"), {"name": "Admins"}).status_code == 403


def test_a_holder_of_delete_user_cannot_bulk_delete_a_superuser(client):
    world = World(client, "publisher")
    world.actor.user_permissions.add(permission("auth.delete_user"))
    assert bulk_delete(world) == "deleted staff"


def test_publishers_hold_no_right_over_groups():
    assert not {code for code in ROLES["Publisher"] if code.endswith("_group")}


def test_the_role_groups_the_admin_offers_are_the_roles_in_code():
    assert list(settings.ROLE_GROUPS) == list(ROLES)
