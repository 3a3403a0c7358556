"""Settings for several app servers: a shared cache, object storage, SQLite under load."""

import socket
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest
from django.core.files.storage import storages
from import_export.tmp_storages import MediaStorage

from tests.settings_process import ROOT, clean_env, run, settings_under


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
        GUNICORN_ACCESS_LOG="-",
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
