from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from .access import public, requires
from .models import AuditEvent
from .selectors import audit_events

PAGE_SIZE = 25


@public
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from koers.themes.selectors import agendas_with_themes

        return render(request, "core/landing.html", {"agendas": agendas_with_themes()})
    from koers.accounts.selectors import pending_requests
    from koers.meetings.selectors import upcoming_published
    from koers.members.selectors import institution_members, member_cards, new_members
    from koers.notifications.selectors import notifications_for
    from koers.polls.selectors import open_for

    user = request.user
    context = {
        "institution": user.institution,
        "colleagues": member_cards(institution_members(institution=user.institution).exclude(pk=user.pk)[:12])
        if user.institution_id
        else [],
        "notifications": list(notifications_for(user=user)[:5]),
        "new_members": member_cards(new_members().exclude(pk=user.pk)[:12]),
        "pending_requests": pending_requests().count() if user.has_perm("members.review_membership") else None,
        "open_polls": open_for(user=user),
        "meetings": upcoming_published(),
    }
    return render(request, "core/dashboard.html", context)


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
        {"page_obj": page, "actions": AuditEvent.Action.choices, "action": action},
    )


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@public
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in member's choice is also kept in their profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        from koers.accounts.services import language_set

        language_set(user=request.user, language=language)
    return response
