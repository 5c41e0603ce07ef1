from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.access import requires

from . import services
from .forms import PreferencesForm
from .selectors import notifications_for, preferences_for

if TYPE_CHECKING:  # only the type: accounts sits above notifications
    from koers.accounts.http import AuthenticatedHttpRequest


@requires()
def notification_list(request: "AuthenticatedHttpRequest") -> HttpResponse:
    page = Paginator(notifications_for(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page_obj": page})


@require_POST
@requires()
def mark_read(request: "AuthenticatedHttpRequest") -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("Alle meldingen zijn als gelezen gemarkeerd."))
    return redirect("notifications:list")


@requires()
def preferences(request: "AuthenticatedHttpRequest") -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial=preferences_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Je meldingsinstellingen zijn opgeslagen."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
