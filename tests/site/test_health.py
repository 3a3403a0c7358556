"""The load balancer's health check: each part broken in turn, and what the public may see."""

import datetime
import json

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.factories import UserFactory
from unlops.backup import media_files
from unlops.health import PROBE_FOLDER

pytestmark = pytest.mark.django_db

TOKEN = "health-token-for-the-monitoring-only"
PARTS = {"database", "cache", "storage", "queue"}


@pytest.fixture(autouse=True)
def _token(settings):
    settings.HEALTH_CHECK_TOKEN = TOKEN


def probe(client, *, token=None, json_wanted=False, **extra):
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if json_wanted:
        extra["HTTP_ACCEPT"] = "application/json"
    return client.get("/health/", **extra)


def details(client):
    response = probe(client, token=TOKEN, json_wanted=True)
    return response.status_code, response.json()


def failed(checks):
    return {name for name, text in checks.items() if text != "OK"}


def assert_terse_unavailable(client):
    """What anyone without the token sees: the status, nothing about which part or why."""
    text = probe(client)
    assert (text.status_code, text.content) == (503, b"unavailable\n")
    as_json = probe(client, json_wanted=True)
    assert as_json.status_code == 503
    assert json.loads(as_json.content) == {"status": "unavailable"}


def fail_queries(matching):
    def wrapper(execute, sql, params, many, context):
        if matching in sql:
            raise OperationalError("server closed the connection")
        return execute(sql, params, many, context)

    return wrapper


def waiting_task(*, enqueued_minutes_ago, run_after=None, queue="mail"):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="unlops.tests.no_such_task",
        backend_name="default",
        queue_name=queue,
        run_after=run_after or get_date_max(),
    )
    enqueued = timezone.now() - datetime.timedelta(minutes=enqueued_minutes_ago)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued)
    return task


def test_healthy_is_200_with_a_terse_answer(client, settings):
    response = probe(client)
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert probe(client, json_wanted=True).json() == {"status": "ok"}
    assert client.get("/health/?format=json").json() == {"status": "ok"}


def test_the_probe_costs_two_queries_however_many_tasks(client, django_assert_num_queries):
    for minutes in range(5):
        waiting_task(enqueued_minutes_ago=minutes)
    with django_assert_num_queries(2):  # SELECT 1, and the oldest waiting task
        assert probe(client).status_code == 200


def test_healthy_details_for_the_token(client):
    status, body = details(client)
    assert status == 200
    assert body == {"status": "ok", "checks": dict.fromkeys(PARTS, "OK")}
    text = probe(client, token=TOKEN).content.decode()
    assert text.splitlines()[0] == "ok" and "queue: OK" in text


@pytest.mark.parametrize("given", ["", "Bearer wrong-token", f"Basic {TOKEN}", TOKEN])
def test_a_wrong_or_missing_token_gets_the_terse_answer(client, given):
    response = client.get("/health/", HTTP_AUTHORIZATION=given, HTTP_ACCEPT="application/json")
    assert response.json() == {"status": "ok"}


def test_no_token_configured_means_no_details_even_for_an_empty_bearer(client, settings):
    settings.HEALTH_CHECK_TOKEN = ""
    response = client.get("/health/", HTTP_AUTHORIZATION="Bearer ", HTTP_ACCEPT="application/json")
    assert response.json() == {"status": "ok"}


def test_the_probe_skips_the_https_redirect_and_the_host_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["newsletter.example.org"]
    # A load balancer asks over plain http, by the server's own address.
    response = probe(client, HTTP_HOST="10.0.3.7:8000")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert client.get("/robots.txt", HTTP_HOST="newsletter.example.org").status_code == 301


def test_staff_signed_in_see_the_details_through_the_urlconf(client, settings):
    settings.HEALTH_CHECK_TOKEN = ""
    client.force_login(UserFactory())
    body = probe(client, json_wanted=True).json()
    assert body == {"status": "ok", "checks": dict.fromkeys(PARTS, "OK")}


def test_signed_in_non_staff_and_inactive_staff_see_no_details(client, settings):
    settings.HEALTH_CHECK_TOKEN = ""
    for user in (UserFactory(is_staff=False), UserFactory(is_active=False)):
        client.force_login(user)
        assert probe(client, json_wanted=True).json() == {"status": "ok"}


def test_database_down_is_503_naming_the_database(client):
    with connection.execute_wrapper(fail_queries("SELECT 1")):
        status, body = details(client)
        assert_terse_unavailable(client)
    assert status == 503
    assert failed(body["checks"]) == {"database"}
    assert body["checks"]["database"].startswith("Unavailable:")


def test_every_query_failing_takes_database_and_queue_down(client):
    with connection.execute_wrapper(fail_queries("")):
        status, body = details(client)
    assert status == 503 and failed(body["checks"]) == {"database", "queue"}


def test_cache_down_is_503_naming_the_cache(client):
    nothing_listens = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=nothing_listens):
        status, body = details(client)
        assert_terse_unavailable(client)
    assert status == 503 and failed(body["checks"]) == {"cache"}
    assert body["checks"]["cache"] == "Unexpected Result: Connection Error"


def test_storage_failing_is_503_naming_the_storage(client, settings, tmp_path):
    not_a_folder = tmp_path / "media-is-a-file"
    not_a_folder.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(not_a_folder)},
        },
    }
    status, body = details(client)
    assert status == 503 and failed(body["checks"]) == {"storage"}
    assert_terse_unavailable(client)


def test_the_storage_probe_leaves_no_file_behind(client, settings):
    assert probe(client).status_code == 200
    folder = settings.MEDIA_ROOT / PROBE_FOLDER
    assert folder.is_dir() and not any(folder.iterdir())  # written there, then deleted


def test_backups_skip_the_probe_folder(settings):
    (settings.MEDIA_ROOT / PROBE_FOLDER).mkdir(parents=True)
    (settings.MEDIA_ROOT / PROBE_FOLDER / "test-1.txt").write_text("probe")
    (settings.MEDIA_ROOT / "photos").mkdir()
    (settings.MEDIA_ROOT / "photos" / "a.jpg").write_bytes(b"jpeg")
    assert media_files() == ["photos/a.jpg"]


def test_the_task_table_unreachable_is_503_naming_the_queue(client):
    with connection.execute_wrapper(fail_queries(DBTaskResult._meta.db_table)):
        status, body = details(client)
        assert_terse_unavailable(client)
    assert status == 503 and failed(body["checks"]) == {"queue"}
    assert body["checks"]["queue"] == "Unavailable: the task table cannot be read"


def test_a_task_waiting_too_long_means_the_workers_are_down(client, settings):
    settings.HEALTH_QUEUE_MAX_WAIT_SECONDS = 600
    waiting_task(enqueued_minutes_ago=5)
    assert probe(client).status_code == 200
    waiting_task(enqueued_minutes_ago=25)
    status, body = details(client)
    assert status == 503 and failed(body["checks"]) == {"queue"}
    message = body["checks"]["queue"]
    assert "25 minutes" in message and "limit 10" in message and "db_worker" in message
    assert_terse_unavailable(client)


def test_a_task_not_yet_due_or_already_taken_is_not_waiting(client, settings):
    settings.HEALTH_QUEUE_MAX_WAIT_SECONDS = 600
    later = timezone.now() + datetime.timedelta(hours=1)
    waiting_task(enqueued_minutes_ago=120, run_after=later)  # scheduled for later
    running = waiting_task(enqueued_minutes_ago=120)
    DBTaskResult.objects.filter(pk=running.pk).update(status="RUNNING")
    assert probe(client).status_code == 200


def test_a_scheduled_task_counts_from_when_it_became_due(client, settings):
    settings.HEALTH_QUEUE_MAX_WAIT_SECONDS = 600
    due = timezone.now() - datetime.timedelta(minutes=30)
    waiting_task(enqueued_minutes_ago=24 * 60, run_after=due)
    _, body = details(client)
    assert "30 minutes" in body["checks"]["queue"]


def test_a_limit_of_zero_only_checks_the_table(client, settings):
    settings.HEALTH_QUEUE_MAX_WAIT_SECONDS = 0
    waiting_task(enqueued_minutes_ago=24 * 60)
    assert probe(client).status_code == 200


def test_the_probe_is_never_stored_in_the_page_cache(client):
    from django.core.cache import cache

    probe(client)
    assert not [key for key in getattr(cache, "_cache", {}) if ":page:" in key]
