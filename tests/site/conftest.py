import pytest
from django.core.cache import cache

from tests.site.world import make_world


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Pages and renditions are cached in the process: each test starts from nothing."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """A published issue with articles, people, events and photos, and hidden content beside."""
    return make_world()
