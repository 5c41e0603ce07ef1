"""Personal access tokens: ``Authorization: Bearer koers_...``. Sessions (the browser) work beside them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication

from .exceptions import Unauthenticated
from .models import TOKEN_PREFIX, AccessToken, token_hash
from .services import token_touch

MSG_TOKEN_MALFORMED = _("De Authorization-header moet de vorm 'Bearer koers_...' hebben.")
MSG_TOKEN_UNKNOWN = _("Dit token is onbekend.")
MSG_TOKEN_REVOKED = _("Dit token is ingetrokken.")
MSG_TOKEN_EXPIRED = _("Dit token is verlopen.")
MSG_ACCOUNT_INACTIVE = _("Het account van dit token is niet meer actief.")


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1", errors="replace")
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2 or not parts[1].startswith(TOKEN_PREFIX):
            raise Unauthenticated(MSG_TOKEN_MALFORMED)
        try:
            token = AccessToken.objects.select_related("user", "user__institution").get(token_hash=token_hash(parts[1]))
        except AccessToken.DoesNotExist:
            raise Unauthenticated(MSG_TOKEN_UNKNOWN) from None
        if token.revoked_at is not None:
            raise Unauthenticated(MSG_TOKEN_REVOKED)
        if token.is_expired:
            raise Unauthenticated(MSG_TOKEN_EXPIRED)
        if not token.user.is_active:
            raise Unauthenticated(MSG_ACCOUNT_INACTIVE)
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "koers.api.authentication.TokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Persoonlijk toegangstoken, aan te maken op je profiel (koers_...).",
        }
