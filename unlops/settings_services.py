"""Settings of what runs beside the web pages: e-mail, the task queue, exports' builds, the health
check and the readers' list. Read from the environment, like the rest (unlops/settings.py)."""

import os

from django.core.exceptions import ImproperlyConfigured

from unlops.env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# E-mail (notifications, newsletters/notifications.py): printed to the console with debug on, sent
# by SMTP otherwise; DJANGO_EMAIL_BACKEND overrides either ("console", "smtp", an ESP's name below
# or a dotted path such as "anymail.backends.sparkpost.EmailBackend"). docs/delivery.md.
_email_backends = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "amazon_ses": "anymail.backends.amazon_ses.EmailBackend",
    "mailgun": "anymail.backends.mailgun.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
}
_email_backend = os.environ.get("DJANGO_EMAIL_BACKEND", "console" if DEBUG else "smtp")
EMAIL_BACKEND = _email_backends.get(_email_backend, _email_backend)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Every ANYMAIL_<NAME> variable becomes ANYMAIL["<NAME>"]: ANYMAIL_POSTMARK_SERVER_TOKEN,
# ANYMAIL_MAILGUN_API_KEY, ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY… and ANYMAIL_WEBHOOK_SECRET, the
# "user:password" the ESP's webhooks sign in with; without it no webhook event is acted on.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}
if ":" not in ANYMAIL.get("WEBHOOK_SECRET", ":"):
    raise ImproperlyConfigured("ANYMAIL_WEBHOOK_SECRET is user:password (HTTP basic auth).")
if EMAIL_BACKEND.startswith("anymail.") and not DEBUG and "WEBHOOK_SECRET" not in ANYMAIL:
    raise ImproperlyConfigured(
        "An ESP backend needs ANYMAIL_WEBHOOK_SECRET (user:password), or bounces go unheard."
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsletter@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as staff reach it, for links in e-mails (no request to take it from).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (sending an issue; docs/queue.md): django-tasks with its database backend, so
# the queue lives in the database the site already has; `manage.py db_worker` runs it. Tests and
# DJANGO_TASKS_IMMEDIATE=1 run each task at once, in the process that enqueues it.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("DJANGO_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "mail"],
    }
}
# Exports are built by the queue's workers. A build not done within EXPORT_BUILD_TIMEOUT_SECONDS
# (a killed worker) is asked for again; a failed one is retried after EXPORT_BUILD_RETRY_SECONDS.
# A change to what published issues print refreshes their exports after the refresh delay, so a
# burst of edits makes one refresh; the "being prepared" page reloads itself every few seconds.
EXPORT_BUILD_TIMEOUT_SECONDS = int(os.environ.get("DJANGO_EXPORT_BUILD_TIMEOUT_SECONDS", 600))
EXPORT_BUILD_RETRY_SECONDS = int(os.environ.get("DJANGO_EXPORT_BUILD_RETRY_SECONDS", 60))
EXPORT_REFRESH_DELAY_SECONDS = int(os.environ.get("DJANGO_EXPORT_REFRESH_DELAY_SECONDS", 10))
EXPORT_PREPARING_REFRESH_SECONDS = int(os.environ.get("DJANGO_EXPORT_PREPARING_REFRESH", 3))
# The load balancer's health check (unlops/health.py): its path; the token that shows which check
# failed (Authorization: Bearer <token>); how long a due task may wait before the queue counts as
# down (0: never).
HEALTH_CHECK_PATH = "/health/"
HEALTH_CHECK_TOKEN = os.environ.get("DJANGO_HEALTH_TOKEN", "")
HEALTH_QUEUE_MAX_WAIT_SECONDS = int(os.environ.get("DJANGO_HEALTH_QUEUE_MAX_WAIT_SECONDS", 30 * 60))
# Readers' list: how long a confirmation link stays valid, the consent text (data, versioned).
MAILING_CONFIRM_LINK_SECONDS = int(os.environ.get("DJANGO_MAILING_CONFIRM_LINK_SECONDS", 72 * 3600))
# Sending an issue (docs/queue.md): messages per second (0: as fast as the server takes them),
# messages per claimed batch and SMTP connection, SMTP sessions at once per worker, tries before
# a temporary error counts as a failure, the first wait before a retry (doubled each time), and
# how long a worker's claim on a batch lasts before another worker takes its rows (longer than
# one batch takes to send).
MAILING_RATE_PER_SECOND = float(os.environ.get("DJANGO_MAILING_RATE_PER_SECOND", "10"))
MAILING_BATCH_SIZE = int(os.environ.get("DJANGO_MAILING_BATCH_SIZE", "100"))
MAILING_CONNECTIONS = int(os.environ.get("DJANGO_MAILING_CONNECTIONS", "4"))
MAILING_MAX_ATTEMPTS = int(os.environ.get("DJANGO_MAILING_MAX_ATTEMPTS", "5"))
MAILING_RETRY_SECONDS = float(os.environ.get("DJANGO_MAILING_RETRY_SECONDS", "60"))
MAILING_CLAIM_LEASE_SECONDS = float(os.environ.get("DJANGO_MAILING_CLAIM_LEASE_SECONDS", "900"))
# No second confirmation mail to one pending address within this time; at most this many
# subscribe requests from one client address an hour (counted in the shared cache).
MAILING_CONFIRM_RESEND_SECONDS = int(os.environ.get("DJANGO_MAILING_CONFIRM_RESEND_SECONDS", 3600))
MAILING_SUBSCRIBE_PER_CLIENT_PER_HOUR = int(
    os.environ.get("DJANGO_MAILING_SUBSCRIBE_PER_CLIENT_PER_HOUR", 10)
)
