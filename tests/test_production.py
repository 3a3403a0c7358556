"""Production readiness: deploy checks, security headers, sign-in throttling, shared services."""

import datetime
import secrets
import sys

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.test import RequestFactory

from tests.factories import UserFactory
from tests.settings_process import run, settings_under

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "newsletter.unlops.example",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
]


@pytest.fixture(scope="module")
def production_security():
    code = f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS}}}))"
    return settings_under(code, **PRODUCTION)


def test_check_deploy_reports_nothing_with_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr.strip() == ""


def test_production_defaults_are_strict(production_security):
    assert production_security == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_development_and_proxies_are_configured_from_the_environment():
    code = (
        "print(json.dumps([settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
        " settings.SESSION_COOKIE_SECURE, getattr(settings, 'SECURE_PROXY_SSL_HEADER', None),"
        " settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_FAILURE_LIMIT,"
        " settings.AXES_COOLOFF_TIME.total_seconds()]))"
    )
    assert settings_under(code, DJANGO_DEBUG="1") == [
        False,
        0,
        False,
        None,
        ["REMOTE_ADDR"],
        5,
        900,
    ]
    behind_proxy = settings_under(
        code,
        **PRODUCTION,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_PROXY_COUNT="1",
        DJANGO_LOGIN_FAILURE_LIMIT="3",
        DJANGO_LOGIN_COOLOFF_MINUTES="60",
    )
    assert behind_proxy == [
        False,
        31_536_000,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        3,
        3600,
    ]


@pytest.fixture
def production_headers(settings, production_security):
    for name, value in production_security.items():
        setattr(settings, name, value)


@pytest.mark.django_db
def test_pages_carry_the_security_headers_and_hsts_only_over_https(client, production_headers):
    response = client.get("/robots.txt", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"

    plain = client.get("/robots.txt")
    assert plain.status_code == 301
    assert plain.headers["Location"] == "https://testserver/robots.txt"
    assert "Strict-Transport-Security" not in plain.headers


@pytest.mark.django_db
def test_cookies_are_secure_and_the_session_cookie_is_http_only(client, production_headers):
    user = UserFactory()
    assert client.get("/admin/login/", secure=True).cookies["csrftoken"]["secure"]
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": "unlops-test-password"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


# Sign-in throttling


def sign_in(client, username, password, address="81.246.0.10", **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return UserFactory(username="annick", role="Editor")


def test_five_failed_sign_ins_lock_out_that_user_from_that_address(client, editor):
    for _ in range(4):
        response = sign_in(client, "annick", "wrong")
        assert response.status_code == 200  # the form again, with its error
    locked = sign_in(client, "annick", "wrong")

    assert locked.status_code == 429
    text = locked.content.decode()
    assert "There were 5 failed attempts in a row to sign in as “annick”" in text
    assert "Try again after" in text and "(in 15\xa0minutes)" in text
    # The right password does not help while locked out, and the wait starts again.
    assert sign_in(client, "annick", "unlops-test-password").status_code == 429
    # Another address, or another account from this address, is not locked out.
    assert sign_in(client, "annick", "unlops-test-password", "94.105.1.2").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor):
    for _ in range(5):
        sign_in(client, "annick", "wrong")
    assert sign_in(client, "annick", "unlops-test-password").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert sign_in(client, "annick", "unlops-test-password").status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, editor):
    for _ in range(4):
        sign_in(client, "annick", "wrong")
    assert sign_in(client, "annick", "unlops-test-password").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "annick", "wrong").status_code == 200
    assert AccessAttempt.objects.get().failures_since_start == 4


def test_a_scripted_authenticate_without_request_is_not_throttled(client, editor):
    assert client.login(username="annick", password="unlops-test-password")


def test_the_client_address_comes_from_the_proxy_only_when_configured(settings):
    request = RequestFactory().get(
        "/admin/login/",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 81.246.0.10",  # a forged first hop, then what nginx saw
    )
    assert get_client_ip_address(request) == "127.0.0.1"

    names = ["AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", "IPWARE_STRICT"]
    code = f"print(json.dumps({{name: getattr(settings, name) for name in {names}}}))"
    for name, value in settings_under(code, **PRODUCTION, DJANGO_PROXY_COUNT="1").items():
        setattr(settings, name, value)
    assert get_client_ip_address(request) == "81.246.0.10"
    unforged = RequestFactory().get(
        "/admin/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="81.246.0.10"
    )
    assert get_client_ip_address(unforged) == "81.246.0.10"
