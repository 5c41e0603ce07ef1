"""Rate limits per token and per IP address (KOERS_API_RATE_TOKEN, KOERS_API_RATE_IP), read at request time."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        return settings.KOERS_API_RATES[self.scope]


class TokenThrottle(_Throttle):
    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return f"throttle_token_{request.auth.pk}"


class IPThrottle(_Throttle):
    scope = "ip"

    def get_cache_key(self, request, view):
        return f"throttle_ip_{self.get_ident(request)}"
