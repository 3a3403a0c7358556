import re

import pytest
from django.core.cache import cache

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
