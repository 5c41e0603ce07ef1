"""A real OpenID Connect provider for the SURFconext tests: oidc-provider-mock on a free local port.

oidc-provider-mock (authlib) issues codes once, signs ID tokens with RS256 and serves the userinfo and
JWKS endpoints, but it ignores PKCE. ``PkceGuard`` adds what SURFconext does: the token endpoint refuses a
code unless the code_verifier sent with it hashes (S256) to the code_challenge of the authorization
request, and a code issued without a challenge is refused too. It also records what the client sent.
"""

import base64
import hashlib
import io
import json
import threading
import warnings
from urllib.parse import parse_qs, urlparse

import requests
import werkzeug.serving

with warnings.catch_warnings():  # authlib announces the deprecation of modules the mock still uses
    import authlib.deprecate  # sets its own "always" filter on import: ignore after it

    warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
    from oidc_provider_mock import app as provider_app

CLIENT_ID = "koers-test"
CLIENT_SECRET = "geheim-voor-de-test"


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def _first(values: dict, name: str) -> str | None:
    found = values.get(name)
    return found[0] if found else None


class PkceGuard:
    """WSGI layer in front of the provider that enforces PKCE (S256) at the token endpoint."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.challenges: dict[str, tuple[str | None, str | None]] = {}
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/authorize":
            return self._authorize(environ, start_response)
        if path == "/oauth2/token" and environ["REQUEST_METHOD"] == "POST":
            refusal = self._check_token_request(environ)
            if refusal is not None:
                body = json.dumps({"error": "invalid_grant", "error_description": refusal}).encode()
                start_response("400 BAD REQUEST", [("Content-Type", "application/json")])
                return [body]
        return self.app(environ, start_response)

    def _authorize(self, environ, start_response):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        challenge = (_first(query, "code_challenge"), _first(query, "code_challenge_method"))
        if environ["REQUEST_METHOD"] == "GET":
            with self.lock:
                self.authorize_requests.append({name: values[0] for name, values in query.items()})

        def remember_code(status, headers, exc_info=None):
            for name, value in headers:
                if name.lower() == "location":
                    code = _first(parse_qs(urlparse(value).query), "code")
                    if code:
                        with self.lock:
                            self.challenges[code] = challenge
            return start_response(status, headers, exc_info)

        return self.app(environ, remember_code)

    def _check_token_request(self, environ) -> str | None:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # the provider reads it again
        form = {name: values[0] for name, values in parse_qs(body.decode()).items()}
        with self.lock:
            self.token_requests.append(form)
            challenge, method = self.challenges.get(form.get("code", ""), (None, None))
        if form.get("grant_type") != "authorization_code":
            return None
        if challenge is None:
            return "PKCE is required: the authorization request had no code_challenge"
        verifier = form.get("code_verifier")
        if method != "S256" or not verifier or s256(verifier) != challenge:
            return "PKCE verification failed"
        return None


HORIZON = "horizon.nl"


class Provider:
    """oidc-provider-mock served in a thread on 127.0.0.1 and a free port; stop() shuts it down."""

    def __init__(self):
        self.guard = PkceGuard(provider_app())
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.guard, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def settings(self) -> dict:
        """The Django settings that point Koers at this provider (as the KOERS_OIDC_* variables would)."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.url,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/oauth2/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/oauth2/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_TIMEOUT": 5,
        }

    def set_user(self, sub: str, **claims) -> None:
        """Who SURFconext says this person is (the claims of the userinfo endpoint and ID token).

        Without a ``schac_home_organization`` the person comes from Horizon College (``HORIZON``); a claim
        given as None or empty is not released."""
        claims = {name: value for name, value in ({"schac_home_organization": HORIZON} | claims).items() if value}
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Approve the authorization request as ``sub`` (what the person does at SURFconext); returns the
        redirect back to Koers with code and state."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def deny(self, authorize_url: str) -> str:
        response = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]
