"""The queue's task records (django-tasks-db's admin) are for superusers only: a task's arguments
may name subscribers, and no editorial role needs them."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "admin:django_tasks_database_dbtaskresult_changelist"


@pytest.mark.parametrize("role", ["Contributor", "Editor", "Publisher"])
def test_no_editorial_role_reads_the_queue(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse(LIST)).status_code == 403


def test_superusers_read_the_queue(client):
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(reverse(LIST)).status_code == 200
