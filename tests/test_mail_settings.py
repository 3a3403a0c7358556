"""E-mail is configured from the environment: the console with debug on, SMTP otherwise."""

from tests.settings_process import settings_under

READ = (
    "print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, "
    "settings.EMAIL_HOST_USER, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL, "
    "settings.DEFAULT_FROM_EMAIL, settings.SITE_URL]))"
)


def test_development_prints_mail_to_the_console():
    backend, *_rest = settings_under(READ, DJANGO_DEBUG="1")
    assert backend == "django.core.mail.backends.console.EmailBackend"


def test_production_sends_by_smtp_as_configured():
    assert settings_under(
        READ,
        DJANGO_SECRET_KEY="x",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="newsletter",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="UNLOPS newsletter <newsletter@example.org>",
        DJANGO_SITE_URL="https://newsletter.example.org/",
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        587,
        "newsletter",
        True,
        False,
        "UNLOPS newsletter <newsletter@example.org>",
        "https://newsletter.example.org",
    ]


def test_the_backend_can_be_named():
    backend, *_rest = settings_under(READ, DJANGO_SECRET_KEY="x", DJANGO_EMAIL_BACKEND="console")
    assert backend == "django.core.mail.backends.console.EmailBackend"
