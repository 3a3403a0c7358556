"""Project-wide behaviour: settings from the environment, the first admin account."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "unlops.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key_and_sqlite_by_default():
    result = run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 50, DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]


def test_database_url_selects_postgresql():
    result = run_settings(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://unlops:unlops@127.0.0.1:5432/unlops"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.postgresql"]


@pytest.mark.django_db
def test_ensure_admin_prints_a_generated_password_once(capsys):
    call_command("ensure_admin")
    first = capsys.readouterr().out
    password = first.split("password:")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)

    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert password not in second
    assert "already exists" in second
    assert get_user_model().objects.count() == 1


def cache_backend(**env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "unlops.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_shares_its_page_cache_between_worker_processes(tmp_path):
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "s" * 50}
    result = cache_backend(**production, DJANGO_CACHE_DIR=str(tmp_path))
    assert result.stdout.strip().endswith("FileBasedCache"), result.stderr
    redis = cache_backend(**production, REDIS_URL="redis://127.0.0.1:6379/0")
    assert redis.stdout.strip().endswith("RedisCache")
    development = cache_backend(DJANGO_DEBUG="1")
    assert development.stdout.strip().endswith("LocMemCache")
    wrong = cache_backend(**production, DJANGO_CACHE="memcached")
    assert wrong.returncode != 0 and "use redis, file or locmem" in wrong.stderr
