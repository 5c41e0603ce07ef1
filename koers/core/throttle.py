"""A small fixed-window rate limit on Django's cache, for public forms that send e-mail."""

from django.core.cache import cache


def throttle_allows(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for ``key``; False once more than ``limit`` were made in the window."""
    cache_key = f"koers-throttle:{scope}:{key}"
    if cache.add(cache_key, 1, window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_seconds)
        return True
    return count <= limit
