import re

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

LINK = re.compile(r"https://newsletter\.example\.org(/newsletter/confirm/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Each test starts with no subscribe requests counted for any client address."""
    cache.clear()
    yield
    cache.clear()


def confirmation_path(message):
    """The confirmation link's path in a received message, which must hold exactly one."""
    found = LINK.findall(message.get_content())
    assert len(found) == 1, message.get_content()
    return found[0]


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
