"""Who else has a page open: a cheap, cache-based 'also being edited by' hint."""

import time

from django.core.cache import cache

PRESENCE_SECONDS = 300


def others_editing(key, user):
    """Note that ``user`` has ``key`` open; return the names of others seen there recently."""
    now = time.time()
    seen = {
        user_id: (name, at)
        for user_id, (name, at) in (cache.get(key) or {}).items()
        if now - at < PRESENCE_SECONDS
    }
    others = sorted(name for user_id, (name, _) in seen.items() if user_id != user.pk)
    seen[user.pk] = (user.get_full_name() or user.get_username(), now)
    cache.set(key, seen, PRESENCE_SECONDS)
    return others
