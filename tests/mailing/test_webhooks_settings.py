"""An ESP is chosen by configuration; its webhooks cannot be left open in production."""

import sys

from tests.settings_process import run, settings_under

READ = "print(json.dumps([settings.EMAIL_BACKEND, settings.ANYMAIL]))"
SECRET = "esp-hook:long-random-password"


def test_an_esp_is_named_and_configured_from_the_environment():
    backend, anymail = settings_under(
        READ,
        DJANGO_SECRET_KEY="x",
        DJANGO_EMAIL_BACKEND="postmark",
        ANYMAIL_POSTMARK_SERVER_TOKEN="server-token",
        ANYMAIL_WEBHOOK_SECRET=SECRET,
    )
    assert backend == "anymail.backends.postmark.EmailBackend"
    assert anymail == {"POSTMARK_SERVER_TOKEN": "server-token", "WEBHOOK_SECRET": SECRET}


def test_any_anymail_backend_may_be_named_by_its_path():
    backend, _anymail = settings_under(
        READ,
        DJANGO_SECRET_KEY="x",
        DJANGO_EMAIL_BACKEND="anymail.backends.amazon_ses.EmailBackend",
        ANYMAIL_WEBHOOK_SECRET=SECRET,
    )
    assert backend == "anymail.backends.amazon_ses.EmailBackend"


def test_smtp_needs_no_anymail_settings():
    backend, anymail = settings_under(READ, DJANGO_SECRET_KEY="x")
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert anymail == {}


def check(**env):
    return run([sys.executable, "manage.py", "check"], DJANGO_SECRET_KEY="x", **env)


def test_production_refuses_an_esp_without_a_webhook_secret():
    result = check(DJANGO_EMAIL_BACKEND="mailgun", ANYMAIL_MAILGUN_API_KEY="key")
    assert result.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET" in result.stderr


def test_a_secret_that_is_not_user_and_password_is_refused():
    result = check(ANYMAIL_WEBHOOK_SECRET="just-a-password")
    assert result.returncode != 0
    assert "user:password" in result.stderr
