import logging

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .access import public, requires
from .audit import action_choices
from .selectors import audit_events

PAGE_SIZE = 25

logger = logging.getLogger(__name__)


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Ready: the database answers, and so does the cache all app servers share (Redis, or the database cache)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    try:
        cache.get("koers:healthz")
    except Exception:  # whatever the backend raises when it cannot be reached (Redis: a ConnectionError)
        logger.exception("The cache cannot be reached")
        return JsonResponse({"status": "error", "database": "ok", "cache": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})


@public
@never_cache
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness without the database: the process answers. Also the benchmark's trivial endpoint."""
    return JsonResponse({"status": "ok"})


@requires("members.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    page = Paginator(audit_events(action=action), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"page_obj": page, "actions": list(action_choices()), "action": action},
    )


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")
