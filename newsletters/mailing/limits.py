"""How often one client address may ask for subscriptions: a counter per hour in the cache,
which production shares between processes (Redis or the file cache)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

HOUR = 3600


def _key(client_address, hour):
    # Hashed with the secret key: the cache holds no reader's network address in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address}".encode()).hexdigest()
    return f"mailing:subscribe:{digest[:32]}:{hour}"


def allow_client(client_address):
    """Count one request from ``client_address``; False once it passes the hour's limit."""
    limit = settings.MAILING_SUBSCRIBE_PER_CLIENT_PER_HOUR
    key = _key(client_address or "unknown", int(time.time() // HOUR))
    cache.add(key, 0, timeout=HOUR * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # Evicted between add and incr.
        cache.set(key, 1, timeout=HOUR * 2)
        count = 1
    return count <= limit
