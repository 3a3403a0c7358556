"""Production readiness: deploy checks, security headers, sign-in throttling, shared services."""

import datetime
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.core.files.storage import storages
from django.test import RequestFactory
from import_export.tmp_storages import MediaStorage

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
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


def clean_env(**env):
    """The machine's environment without project settings, plus ``env``."""
    prefixes = ("DJANGO_", "AWS_", "REDIS_URL", "DATABASE_URL", "GUNICORN_", "MEDIA_ROOT")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return {**clean, "DJANGO_SETTINGS_MODULE": "unlops.settings", **env}


def run(args, **env):
    return subprocess.run(
        args, cwd=ROOT, env=clean_env(**env), capture_output=True, text=True, timeout=60
    )


def settings_under(code, **env):
    """Run ``code`` after django.setup() in a fresh process; it prints one JSON value."""
    script = "import django, json; django.setup(); from django.conf import settings\n" + code
    result = run([sys.executable, "-c", script], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


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


# Shared services for several app servers


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_gives_a_shared_cache_that_works():
    code = textwrap.dedent(
        """
        from django.core.cache import cache
        key = "unlops-test-" + __import__("secrets").token_hex(4)
        cache.set(key, {"name": "Ivan Šimonović"}, 10)
        other = __import__("redis").Redis.from_url(settings.REDIS_URL)
        print(json.dumps([settings.CACHES["default"]["BACKEND"], cache.get(key),
                          bool(other.keys("*" + key))]))
        cache.delete(key)
        """
    )
    backend, value, seen_by_another_client = settings_under(
        code, DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/15"
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert value == {"name": "Ivan Šimonović"}
    assert seen_by_another_client


def test_a_bucket_name_puts_media_and_import_files_on_s3():
    code = textwrap.dedent(
        """
        from django.core.files.storage import storages
        default_storage, tmp = storages["default"], storages["import_export"]
        print(json.dumps([
            type(default_storage).__module__ + "." + type(default_storage).__name__,
            default_storage.bucket_name, default_storage.endpoint_url,
            default_storage.location, default_storage.custom_domain,
            default_storage.querystring_auth, default_storage.default_acl,
            default_storage.querystring_expire,
            type(tmp).__name__, tmp.location, tmp.querystring_auth, tmp.default_acl,
            settings.IMPORT_EXPORT_TMP_STORAGE_CLASS,
        ]))
        """
    )
    assert settings_under(
        code,
        DJANGO_DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="unlops-media",
        AWS_S3_ENDPOINT_URL="https://s3.storage.example",
        AWS_S3_CUSTOM_DOMAIN="media.unlops.example",
        AWS_LOCATION="newsletter",
    ) == [
        "storages.backends.s3.S3Storage",
        "unlops-media",
        "https://s3.storage.example",
        "newsletter",
        # Private objects, reached only through the media view's short-lived signed addresses:
        # an unsigned custom domain would let anyone read a draft's picture by its name.
        None,
        True,
        "private",
        60,
        "S3Storage",
        "newsletter/import-tmp",
        True,
        "private",
        "import_export.tmp_storages.MediaStorage",
    ]


def test_without_a_bucket_media_stay_on_disk():
    code = (
        "from django.core.files.storage import storages;"
        " print(json.dumps([type(storages['default']).__name__,"
        " type(storages['import_export']).__name__, settings.MEDIA_ACCEL_REDIRECT]))"
    )
    assert settings_under(code, DJANGO_DEBUG="1") == ["FileSystemStorage", "ImportTmpStorage", ""]


def test_import_files_wait_in_shared_storage_outside_the_served_media(settings):
    tmp = MediaStorage()
    tmp.save(b"name,acronym\nEuropean External Action Service,EEAS\n")
    stored = Path(settings.MEDIA_ROOT).parent / "import-tmp" / tmp.get_full_path()
    assert stored.read_bytes().startswith(b"name,acronym")
    assert not Path(settings.MEDIA_ROOT).exists()

    # Another server (another instance) reads the same file by its name, as a confirm does.
    assert MediaStorage(name=tmp.name).read().endswith(b"EEAS\n")
    tmp.remove()
    assert not stored.exists()
    assert type(storages["import_export"]).__name__ == "ImportTmpStorage"


WRITER = textwrap.dedent(
    """
    import django, sys; django.setup()
    from django.db import connection, transaction
    with connection.cursor() as c:
        mode = c.execute("PRAGMA journal_mode").fetchone()[0]
        timeout = c.execute("PRAGMA busy_timeout").fetchone()[0]
        c.execute("CREATE TABLE IF NOT EXISTS saves (id INTEGER PRIMARY KEY, who TEXT)")
    for n in range(150):
        with transaction.atomic(), connection.cursor() as c:
            c.execute("SELECT COUNT(*) FROM saves").fetchone()
            c.execute("INSERT INTO saves (who) VALUES (%s)", [sys.argv[1]])
    print(mode, timeout)
    """
)


def test_sqlite_in_wal_mode_takes_concurrent_writers(tmp_path):
    """Four processes, as four gunicorn workers would, write at once without 'database locked'."""
    database = tmp_path / "site.sqlite3"
    env = clean_env(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    results = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.split() == ["wal", "20000"]
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT COUNT(*) FROM saves").fetchone() == (600,)


def test_gunicorn_config_reads_the_environment():
    result = run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--print-config"],
        GUNICORN_BIND="0.0.0.0:8080",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="8",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    config = dict(
        (part.strip() for part in line.split("=", 1))
        for line in result.stdout.splitlines()
        if "=" in line
    )
    assert config["bind"] == "['0.0.0.0:8080']"
    assert config["workers"] == "3"
    assert config["threads"] == "8"
    assert config["worker_class"] == "gthread"
    assert config["accesslog"] == "-"
    assert config["wsgi_app"] == "unlops.wsgi:application"
