"""A small fixed-window rate limit on Django's cache, for public forms that send e-mail, and the visitor's address
that it (and the sign-in lockout) counts by."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind the reverse proxy (KOERS_BEHIND_PROXY) every connection comes from the proxy,
    which appends the address it saw to X-Forwarded-For: the last entry is that one (earlier entries are whatever
    the visitor sent). The API's throttles take the same entry (REST_FRAMEWORK's NUM_PROXIES)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


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
