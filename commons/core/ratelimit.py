"""Fixed-window rate limits kept in the cache (Redis in production, process memory otherwise)."""

import time

from django.core.cache import cache


def hit(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Count one attempt for (`scope`, `key`); False once more than `limit` fall in one `period` seconds."""
    window = int(time.time() // period)
    cache_key = f"rl:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
