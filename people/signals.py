"""Cache invalidation, the one job signals have in this project."""

from unlops.cache import connect_invalidation


def connect(app_config):
    connect_invalidation(app_config)
