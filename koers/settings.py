"""Koers settings: one file, driven by environment variables.

Development defaults are safe to run locally. With ``KOERS_DEBUG=false`` (production) Koers refuses
to start without ``KOERS_SECRET_KEY`` and ``KOERS_ALLOWED_HOSTS``.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("KOERS_DEBUG", True)
# Fixed when the settings load (the test runner switches DEBUG off, which does not make it production).
PRODUCTION = not DEBUG
TESTING = env_bool("KOERS_TESTING", False)

SECRET_KEY = os.environ.get("KOERS_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("KOERS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("KOERS_SECRET_KEY must be set to at least 50 random characters in production")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("KOERS_ALLOWED_HOSTS must name the host(s) Koers is served on in production")
elif not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only-key-koers-not-for-production-use"
CSRF_TRUSTED_ORIGINS = env_list("KOERS_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("KOERS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "koers.core",
    "koers.accounts",
    "koers.members",
    "koers.themes",
    "koers.notifications",
    "koers.activity",
    "koers.portfolio",
    "koers.roadmap",
    "koers.polls",
    "koers.meetings",
    "koers.comments",
    "koers.documents",
    "koers.advice",
    "koers.governance",
    "koers.privacy",
    "koers.oeapi",
    "koers.opendata",
    "rest_framework",
    "drf_spectacular",
    "koers.api",
    "koers.dashboard",
    "koers.hubs",
    "koers.search",
    "koers.devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "koers.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "koers.core.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]
# The load benchmark (`make bench`) reads the SQL queries of every request from a response header.
if env_bool("KOERS_BENCH_QUERIES", False):
    MIDDLEWARE.insert(0, "koers.core.benchmark.QueryCountMiddleware")

ROOT_URLCONF = "koers.urls"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "koers" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Django's date filter, faster for the formats lists use (koers/core/templatetags/dates.py).
            "builtins": ["koers.core.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koers.core.context_processors.koers",
                "koers.members.context_processors.unread_notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("KOERS_DB_CONN_MAX_AGE", 0),
        # A persistent connection is checked before a request reuses it, so Koers recovers by itself
        # once a database that went away (restart, failover) is back, without a failed request first.
        conn_health_checks=True,
    )
}
# PostgreSQL plans a statement anew each time it is sent with its values filled in (psycopg's client-side binding,
# Django's default). Koers sends the values apart instead (server-side binding), so psycopg prepares a statement
# on a connection after its fifth use and PostgreSQL keeps its plan: planning was up to half a query's time (the
# member's facts on every page: 0.46 ms planning, 0.16 ms running). KOERS_DB_PREPARED_STATEMENTS=false returns
# to Django's default, for PgBouncer in transaction mode before version 1.21 (see the administrator's guide).
KOERS_DB_PREPARED_STATEMENTS = env_bool("KOERS_DB_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and KOERS_DB_PREPARED_STATEMENTS:
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
# The PostgreSQL planner's cost of reading a page at random, set on each connection (koers/core/database.py):
# 1.1 for a database in memory or on SSD; empty leaves the server's setting (4 by default, for spinning disks).
_random_page_cost = os.environ.get("KOERS_DB_RANDOM_PAGE_COST", "1.1").strip()
KOERS_DB_RANDOM_PAGE_COST = float(_random_page_cost) if _random_page_cost else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's form renderer, with select lists written without a template per option (koers/core/form_renderer.py).
FORM_RENDERER = "koers.core.form_renderer.FormRenderer"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "koers.accounts.backends.MemberBackend",  # Django's ModelBackend, reading a session's member in one query
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's default hashers, with its PBKDF2-SHA256 computed by a faster implementation of the same function
# (koers/accounts/hashers.py): the same stored form, iterations and strength.
PASSWORD_HASHERS = [
    "koers.accounts.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "dashboard:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_VALID_DAYS = env_int("KOERS_INVITATION_VALID_DAYS", 14)

# Failed sign-ins: after 5 failures for one e-mail address from one IP, wait an hour.
AXES_FAILURE_LIMIT = env_int("KOERS_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "koers.core.throttle.client_ip"  # the visitor, not the reverse proxy

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "koers" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KOERS_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "koers" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KOERS_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "koers.core.storage.StaticFilesStorage"
    },
}

# E-mail: printed to the console in development, SMTP when KOERS_EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("KOERS_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("KOERS_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("KOERS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KOERS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KOERS_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("KOERS_FROM_EMAIL", "Koers <koers@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where members and visitors reach the steering group: shown in statements and used as Reply-To.
CONTACT_EMAIL = os.environ.get("KOERS_CONTACT_EMAIL", "regiegroep@koers.example")

# Background tasks (django-tasks, the backport of Django 6's django.tasks): kept in the database and run by
# `manage.py db_worker` (started beside the site by `make run`; a systemd unit in production). No broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A mail the server did not take is tried again after 1, 5 and 25 minutes; after the last try the task is failed.
KOERS_MAIL_RETRY_MINUTES = [int(m) for m in env_list("KOERS_MAIL_RETRY_MINUTES", ["1", "5", "25"])]
# A committed import of more rows than this runs as a task; smaller ones are written in the request.
KOERS_IMPORT_TASK_ROWS = env_int("KOERS_IMPORT_TASK_ROWS", 500)

# Security. Production (DEBUG off) gets secure cookies, HSTS and an HTTPS redirect.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("KOERS_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Behind a reverse proxy that sets X-Forwarded-Proto and appends the visitor's address to X-Forwarded-For.
BEHIND_PROXY = env_bool("KOERS_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT or DEBUG else ["security.W008"]

# No inline scripts or styles anywhere: every script and stylesheet comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The REST API (/api/v1/): tokens or the browser session, JSON only, one error body, rate limits.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "koers.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["koers.api.permissions.Undeclared"],
    "DEFAULT_THROTTLE_CLASSES": ["koers.api.throttling.TokenThrottle", "koers.api.throttling.IPThrottle"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "koers.api.pagination.Pagination",
    "DEFAULT_METADATA_CLASS": None,  # no OPTIONS introspection: the OpenAPI schema describes the API
    "DEFAULT_SCHEMA_CLASS": "koers.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "koers.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
}
# Requests per token and per IP address, e.g. "120/min" or "5000/hour".
KOERS_API_RATES = {
    "token": os.environ.get("KOERS_API_RATE_TOKEN", "120/min"),
    "ip": os.environ.get("KOERS_API_RATE_IP", "300/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koers API",
    "DESCRIPTION": "De REST API van Koers, het platform van het Netwerk Informatiemanagement mbo.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InstitutionKindEnum": "koers.members.models.Institution.Kind",
        "ReferenceKindEnum": "koers.roadmap.models.ReferenceKind",
        "ProjectStatusEnum": "koers.portfolio.models.Project.Status",
        "PlanStatusEnum": "koers.roadmap.models.PlanStatus",
        "AdviceStatusEnum": "koers.advice.models.Status",
        "FollowUpStatusEnum": "koers.advice.models.FollowUp.Progress",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "koers.api.schema.add_error_responses",
        "koers.api.schema.drop_database_bounds",
    ],
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The cache holds rate limits (forms and API) and computed numbers such as a closed poll's counts, and must be
# one for all app servers and workers, or each process counts on its own. With KOERS_REDIS_URL it is Redis,
# which also keeps the sessions in front of the database; without it the database cache (table koers_cache,
# created by `migrate`), shared by every process that uses the same database.
REDIS_URL = os.environ.get("KOERS_REDIS_URL", "").strip()
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"KOERS_REDIS_URL must be a redis://, rediss:// or unix:// address, not {REDIS_URL!r}"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("KOERS_CACHE_PREFIX", "koers"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "koers_cache",
            "KEY_PREFIX": os.environ.get("KOERS_CACHE_PREFIX", "koers"),
            # Expired rows are removed when the table grows past this many (a third of them at a time).
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    # A session in the database cache would cost a query more than the session table alone.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOERS_LOG_LEVEL", "WARNING")},
}

# --- SURFconext sign-in (OpenID Connect) --------------------------------------------------------------
# Authorization code flow with PKCE through mozilla-django-oidc (koers/accounts/oidc.py). Switched on by
# setting KOERS_OIDC_CLIENT_ID; without it the button is hidden and /account/surfconext/... answers 404.
# The endpoints follow from the issuer (SURFconext's paths) and each can be overridden on its own.


def env_url(name: str, default: str) -> str:
    value = (os.environ.get(name) or default).strip().rstrip("/")
    if not value.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"{name} must be an http(s) address, not {value!r}")
    if not DEBUG and not value.startswith("https://"):
        raise ImproperlyConfigured(f"{name} must use https in production, not {value!r}")
    return value


OIDC_RP_CLIENT_ID = os.environ.get("KOERS_OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("KOERS_OIDC_CLIENT_SECRET", "")
if OIDC_RP_CLIENT_ID and not OIDC_RP_CLIENT_SECRET:
    raise ImproperlyConfigured("KOERS_OIDC_CLIENT_SECRET must be set when KOERS_OIDC_CLIENT_ID is set")
OIDC_OP_ISSUER = env_url("KOERS_OIDC_ISSUER", "https://connect.surfconext.nl")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_url("KOERS_OIDC_AUTHORIZATION_ENDPOINT", f"{OIDC_OP_ISSUER}/oidc/authorize")
OIDC_OP_TOKEN_ENDPOINT = env_url("KOERS_OIDC_TOKEN_ENDPOINT", f"{OIDC_OP_ISSUER}/oidc/token")
OIDC_OP_USER_ENDPOINT = env_url("KOERS_OIDC_USERINFO_ENDPOINT", f"{OIDC_OP_ISSUER}/oidc/userinfo")
OIDC_OP_JWKS_ENDPOINT = env_url("KOERS_OIDC_JWKS_ENDPOINT", f"{OIDC_OP_ISSUER}/oidc/certs")
# Only what sign-in needs: sub, e-mail and name. SURFconext releases schac_home_organization through
# the attribute release policy of the connection (SP Dashboard), not through a scope.
OIDC_RP_SCOPES = os.environ.get("KOERS_OIDC_SCOPES", "openid email profile").strip()
if "openid" not in OIDC_RP_SCOPES.split():
    raise ImproperlyConfigured(f"KOERS_OIDC_SCOPES must include openid, not {OIDC_RP_SCOPES!r}")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_TOKEN_USE_BASIC_AUTH = True  # client_secret_basic, which every OpenID provider must support
OIDC_CREATE_USER = False  # an unknown person is sent to the membership request, never given an account
OIDC_TIMEOUT = env_int("KOERS_OIDC_TIMEOUT", 10)  # seconds per call to the provider
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:surfconext-callback"
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "koers.accounts.oidc.SurfconextBackend"]
# --- end of SURFconext sign-in ------------------------------------------------------------------------
