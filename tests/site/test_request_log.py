"""One structured log record per request: its fields, its id, and no secret from the address."""

import json
import logging
import re
import sys
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pythonjsonlogger.json import JsonFormatter

from newsletters.mailing.tokens import confirm_token, unsubscribe_token
from newsletters.preview import make_token
from tests.factories import IssueFactory, UserFactory
from tests.settings_process import run, settings_under
from unlops.request_log import RequestIdFilter

pytestmark = pytest.mark.django_db

FIELDS = {
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "db_queries",
    "user_id",
    "client",
    "size",
}


@pytest.fixture
def requests_log(caplog):
    caplog.set_level(logging.INFO, logger="unlops.requests")

    def records():
        return [record for record in caplog.records if record.name == "unlops.requests"]

    return records


def only(records):
    [record] = records()
    return record


def as_json_line(record):
    """The record as production writes it, with the formatter settings.LOGGING configures."""
    options = {k: v for k, v in django_settings.LOGGING["formatters"]["json"].items() if k != "()"}
    line = JsonFormatter(**options).format(record)
    assert "\n" not in line
    return line


def test_one_record_per_request_with_every_field(client, requests_log):
    response = client.get("/robots.txt", REMOTE_ADDR="192.0.2.44")
    record = only(requests_log)
    assert record.levelno == logging.INFO
    assert {field: getattr(record, field) for field in FIELDS} == {
        "request_id": response["X-Request-ID"],
        "method": "GET",
        "path": "/robots.txt",
        "status": 200,
        "duration_ms": record.duration_ms,
        "db_queries": record.db_queries,
        "user_id": None,
        "client": "192.0.2.44",
        "size": len(response.content),
    }
    assert isinstance(record.duration_ms, float) and record.duration_ms >= 0
    assert re.fullmatch(r"[0-9a-f]{32}", record.request_id)
    line = json.loads(as_json_line(record))
    assert FIELDS | {"time", "level", "logger", "message"} <= line.keys()
    assert line["level"] == "INFO" and line["logger"] == "unlops.requests"
    assert line["message"].startswith("GET /robots.txt 200 ")


def test_each_request_gets_its_own_id(client, requests_log):
    first, second = client.get("/robots.txt"), client.get("/robots.txt")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert [r.request_id for r in requests_log()] == [first["X-Request-ID"], second["X-Request-ID"]]


def test_the_proxys_request_id_is_kept_and_sent_back(client, requests_log):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="7f3a9c2e-nginx.1")
    assert response["X-Request-ID"] == "7f3a9c2e-nginx.1"
    assert only(requests_log).request_id == "7f3a9c2e-nginx.1"


@pytest.mark.parametrize("forged", ["a b", "x\nINFO forged line", "x" * 129, "<script>", ""])
def test_a_request_id_that_is_not_one_is_replaced(client, requests_log, forged):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=forged)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert only(requests_log).request_id == response["X-Request-ID"]


def test_the_query_string_is_never_logged(client, requests_log):
    client.get("/search/?q=ceasefire&token=s3cr3t-value")
    record = only(requests_log)
    assert record.path == "/search/"
    assert "s3cr3t" not in as_json_line(record) and "ceasefire" not in as_json_line(record)


def test_preview_tokens_are_masked(client, requests_log):
    issue = IssueFactory()
    token = make_token(issue)
    for address in (f"/preview/{token}/", f"/preview/{token}/pdf/"):
        client.get(address)
    page, download = requests_log()
    assert page.status == 200  # a working link, logged without its key
    assert page.path == "/preview/…/" and download.path == "/preview/…/pdf/"
    for record in (page, download):
        assert token not in as_json_line(record) and token not in record.getMessage()


def test_readers_link_tokens_are_masked(client, requests_log):
    reader = SimpleNamespace(pk=4, email="reader@example.org")
    tokens = {"confirm": confirm_token(reader), "unsubscribe": unsubscribe_token(reader)}
    for kind, token in tokens.items():
        client.get(f"/newsletter/{kind}/{token}/")
    records = requests_log()
    assert [r.path for r in records] == ["/newsletter/confirm/…/", "/newsletter/unsubscribe/…/"]
    for record, token in zip(records, tokens.values(), strict=True):
        assert token not in as_json_line(record)


def test_the_signed_in_user_and_the_query_count(client, requests_log):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    record = only(requests_log)
    assert record.user_id == user.pk
    assert record.db_queries == len(queries) > 0


def test_no_user_looked_up_for_the_log_alone(client, requests_log):
    client.force_login(UserFactory())
    # robots.txt never reads the user: the log must not load the session to find one.
    with CaptureQueriesContext(connection) as queries:
        client.get("/robots.txt")
    assert not [query for query in queries if "django_session" in query["sql"]]
    assert only(requests_log).user_id is None


def test_the_client_address_comes_through_the_proxy_when_configured(client, requests_log, settings):
    # As DJANGO_PROXY_COUNT=1 sets them (see tests/test_production.py).
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False
    client.get("/robots.txt", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.246.0.10")
    assert only(requests_log).client == "81.246.0.10"


def test_other_records_of_the_request_carry_its_id(client):
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/")
        logger.warning("between requests")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    not_found, between = seen
    assert not_found.request_id == response["X-Request-ID"]  # logged after the middleware
    assert not hasattr(between, "request_id")


PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_PLAIN_STATIC": "1"}
FORMATTER = 'print(json.dumps(settings.LOGGING["handlers"]["console"]["formatter"]))'


def test_the_log_format_is_json_in_production_and_text_with_debug():
    assert settings_under(FORMATTER, **PRODUCTION, DJANGO_DEBUG="0") == "json"
    assert settings_under(FORMATTER, **PRODUCTION, DJANGO_DEBUG="1") == "text"
    assert settings_under(FORMATTER, **PRODUCTION, DJANGO_LOG_FORMAT="text") == "text"
    refused = run([sys.executable, "manage.py", "check"], **PRODUCTION, DJANGO_LOG_FORMAT="xml")
    assert refused.returncode != 0 and "DJANGO_LOG_FORMAT" in refused.stderr


def test_gunicorn_leaves_the_request_log_to_the_site():
    """Its access line would carry query strings and link tokens; the site's record does not."""
    script = "exec(open('gunicorn.conf.py').read()); print(accesslog)"
    result = run([sys.executable, "-c", script])
    assert result.stdout.strip() == "None"
    result = run([sys.executable, "-c", script], GUNICORN_ACCESS_LOG="-")
    assert result.stdout.strip() == "-"
