from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.core.access import public
from koers.themes.selectors import agendas_with_themes

from .selectors import dashboard_for


@public
def home(request: HttpRequest) -> HttpResponse:
    """Guests see what Koers is and the strategic themes; members their dashboard."""
    if not request.user.is_authenticated:
        return render(request, "dashboard/landing.html", {"agendas": agendas_with_themes()})
    return render(request, "dashboard/dashboard.html", dashboard_for(user=request.user))
