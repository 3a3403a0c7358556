import pytest

from tests.factories import UserFactory


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run where they are queued, at once; no throttle, retries without waiting."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail"],
        }
    }
    settings.MAILING_RATE_PER_SECOND = 0
    settings.MAILING_RETRY_SECONDS = 0
    settings.MAILING_BATCH_SIZE = 50
    # Sending threads open database connections of their own, which see no test transaction.
    settings.MAILING_CONNECTIONS = 1


@pytest.fixture
def publisher(db):
    return UserFactory(role="Publisher", email="head.of.office@unlops.example.org")
