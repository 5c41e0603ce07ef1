"""SURFconext sign-in: OpenID Connect, authorization code flow with PKCE, through mozilla-django-oidc.

The library sends the visitor to SURFconext (state, nonce and PKCE code verifier are kept in the session),
and its backend exchanges the code for tokens, checks the ID token's RS256 signature against the
provider's keys and its nonce, and fetches the claims from the userinfo endpoint. Koers adds what the
library leaves out (the issuer, audience and subject checks of OpenID Connect Core §3.1.3.7 and §5.3.2),
maps the claims to a member (``services.surfconext_match``) and turns every failure into a Dutch message
on the sign-in page instead of an error page.

The callback calls the backend itself rather than ``django.contrib.auth.authenticate()``: django-axes
would count every refused SURFconext attempt as a failed password for "no username" from that IP address
and, after five, lock SURFconext sign-in for everyone behind the same (institution) address. Password
guessing is what axes guards; SURFconext does its own. Signing in still goes through ``auth.login``, so
axes logs successful SURFconext sign-ins in its access log like password sign-ins.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .backends import SessionMember
from .services import SurfconextPerson, surfconext_match

logger = logging.getLogger(__name__)

BACKEND = "koers.accounts.oidc.SurfconextBackend"
# An unknown person's details wait here for the membership request form.
SESSION_PERSON = "surfconext_person"
# Where mozilla-django-oidc keeps state -> nonce and code verifier, and the page to return to.
SESSION_STATES = "oidc_states"
SESSION_NEXT = "oidc_login_next"

MSG_CANCELLED = _("Je hebt het inloggen via SURFconext afgebroken. Probeer het opnieuw of log in met je wachtwoord.")
MSG_PROVIDER_ERROR = _("SURFconext kon je niet inloggen. Probeer het opnieuw of log in met je wachtwoord.")
MSG_STATE = _("Deze inlogpoging via SURFconext is verlopen of ongeldig. Begin opnieuw met ‘Inloggen met SURFconext’.")
MSG_CODE = _("De inlogcode van SURFconext is verlopen of al gebruikt. Begin opnieuw met ‘Inloggen met SURFconext’.")
MSG_UNAVAILABLE = _(
    "SURFconext is op dit moment niet bereikbaar. Probeer het later opnieuw of log in met je wachtwoord."
)
MSG_INVALID = _(
    "Het antwoord van SURFconext kon niet worden gecontroleerd. Probeer het opnieuw of log in met je wachtwoord."
)
MSG_NO_EMAIL = _(
    "SURFconext gaf geen e-mailadres van je door. Log in met je wachtwoord, of vraag je instelling om je "
    "e-mailadres aan Koers door te geven."
)
MSG_UNEXPECTED = _(
    "Inloggen via SURFconext is niet gelukt door een onverwachte fout. Probeer het opnieuw of log in met je wachtwoord."
)
# Shown above the membership request form that SURFconext's details filled in.
MSG_NOT_A_MEMBER = _(
    "SURFconext heeft je herkend als %(email)s, maar met dit e-mailadres ben je nog geen lid van het netwerk. "
    "Controleer je gegevens, vul je functie in en verstuur je aanvraag."
)
MSG_INSTITUTION_UNKNOWN = _(
    "Je instelling (%(domain)s volgens SURFconext) is nog niet bekend in Koers. Kies je instelling zelf uit de lijst."
)
MSG_INSTITUTION_MISSING = _(
    "SURFconext gaf niet door bij welke instelling je werkt. Kies je instelling zelf uit de lijst."
)


def surfconext_enabled() -> bool:
    """SURFconext sign-in is on when a client id is configured (KOERS_OIDC_CLIENT_ID)."""
    return bool(settings.OIDC_RP_CLIENT_ID)


class SurfconextRefused(Exception):
    """Sign-in via SURFconext did not succeed; ``message`` tells the visitor why, in their language."""

    def __init__(self, message, reason: str = ""):
        super().__init__(reason or str(message))
        self.message = message


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name)
    if isinstance(value, list):  # multi-valued in some attribute mappings: the first one counts
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _full_name(claims: dict) -> str:
    name = _claim(claims, "name") or " ".join(
        part for part in (_claim(claims, "given_name"), _claim(claims, "family_name")) if part
    )
    return name[:200]


class SurfconextBackend(SessionMember, OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with Koers's checks and mapping. Grants no permissions of its own. A session
    finds its member as the member backend's does (SessionMember): the library's ``get_user`` would keep a
    deactivated (or erased) member's session alive."""

    def authenticate(self, request: HttpRequest, *, surfconext_nonce: str | None, surfconext_code_verifier: str | None):
        # Keyword-only arguments that only the SURFconext callback passes: when Django tries the backends
        # for a password sign-in these do not bind, so a crafted ?code=...&state=... never reaches here.
        self.person = None
        return super().authenticate(request, nonce=surfconext_nonce, code_verifier=surfconext_code_verifier)

    def get_token(self, payload):
        try:
            token_info = super().get_token(payload)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else None
            if status == 400:  # invalid_grant: the code expired, was used already, or PKCE did not match
                raise SurfconextRefused(MSG_CODE, f"token endpoint refused the code ({status})") from error
            logger.error("SURFconext token endpoint answered %s; check the client id and secret", status)
            raise SurfconextRefused(MSG_UNAVAILABLE, f"token endpoint answered {status}") from error
        if not (
            isinstance(token_info, dict)
            and isinstance(token_info.get("id_token"), str)
            and isinstance(token_info.get("access_token"), str)
        ):
            raise SurfconextRefused(MSG_INVALID, "token response without id_token or access_token")
        return token_info

    def retrieve_matching_jwk(self, token):
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        # OpenID Connect Core §10.1: a token may leave out "kid" only when the provider has a single signing
        # key. The library would fail on the missing header field; take that one key, or refuse.
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig" and key.get("alg", self.OIDC_RP_SIGN_ALGO) == self.OIDC_RP_SIGN_ALGO
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("ID token without kid while the provider has several keys")
        return jwt.PyJWK(keys[0], algorithm=self.OIDC_RP_SIGN_ALGO)

    def get_or_create_user(self, access_token, id_token, payload):
        # The library checks the signature, algorithm, expiry and nonce; OpenID Connect also requires these.
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience if isinstance(audience, list) else []
        sub = payload.get("sub")
        if payload.get("iss") != settings.OIDC_OP_ISSUER or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SurfconextRefused(MSG_INVALID, "ID token issuer or audience does not match")
        if not isinstance(sub, str) or not sub:
            raise SurfconextRefused(MSG_INVALID, "ID token without sub")
        claims = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict) or claims.get("sub") != sub:
            raise SurfconextRefused(MSG_INVALID, "userinfo sub differs from the ID token")
        self.verify_claims(claims)
        try:
            found = surfconext_match(
                issuer=settings.OIDC_OP_ISSUER,
                sub=sub,
                email=_claim(claims, "email"),
                full_name=_full_name(claims),
                schac_home=_claim(claims, "schac_home_organization").lower(),
            )
        except ValidationError as error:
            raise SurfconextRefused(error.messages[0], "member may not sign in") from error
        if isinstance(found, SurfconextPerson):
            self.person = found
            return None
        return found

    def verify_claims(self, claims) -> bool:
        try:
            validate_email(_claim(claims, "email"))
        except ValidationError as error:
            raise SurfconextRefused(MSG_NO_EMAIL, "no usable email claim") from error
        return True

    # Permissions come from the member (model) and rules backends earlier in AUTHENTICATION_BACKENDS.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()


def surfconext_finish(request: HttpRequest):
    """Handle SURFconext's redirect back: the member to sign in, or the person to invite to apply.

    Raises SurfconextRefused with the message to show. Each state works once, whatever the outcome.
    """
    state = request.GET.get("state", "")
    states = request.session.get(SESSION_STATES)
    pending = None
    if isinstance(states, dict) and state in states:
        pending = states.pop(state)
        request.session.modified = True
    error = request.GET.get("error")
    if error:
        logger.info("SURFconext returned error %r", error[:100])
        raise SurfconextRefused(MSG_CANCELLED if error == "access_denied" else MSG_PROVIDER_ERROR, error[:100])
    if not isinstance(pending, dict) or not request.GET.get("code"):
        raise SurfconextRefused(MSG_STATE, "unknown or missing state, or no code")
    backend = SurfconextBackend()
    try:
        user = backend.authenticate(
            request,
            surfconext_nonce=pending.get("nonce"),
            surfconext_code_verifier=pending.get("code_verifier"),
        )
    except SurfconextRefused as refusal:
        logger.warning("SURFconext sign-in refused: %s", refusal)
        raise
    except requests.RequestException as failure:
        logger.warning("SURFconext could not be reached: %s", type(failure).__name__)
        raise SurfconextRefused(MSG_UNAVAILABLE, type(failure).__name__) from failure
    except (SuspiciousOperation, jwt.PyJWTError) as failure:
        logger.warning("SURFconext answer failed verification: %s", failure)
        raise SurfconextRefused(MSG_INVALID, str(failure)) from failure
    except Exception as failure:  # a malformed answer must not become an error page
        logger.exception("SURFconext sign-in failed unexpectedly")
        raise SurfconextRefused(MSG_UNEXPECTED, type(failure).__name__) from failure
    if user is not None:
        return user
    if backend.person is not None:
        return backend.person
    raise SurfconextRefused(MSG_INVALID, "no member and no person")
