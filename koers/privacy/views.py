import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core.access import requires

from . import services
from .forms import DeleteAccountForm


@requires()
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "privacy/data_export.html")
    data = services.personal_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    filename = f"koers-mijn-gegevens-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires()
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Je account is verwijderd. Je persoonsgegevens zijn gewist."))
        return redirect("dashboard:home")
    return render(request, "privacy/account_delete.html", {"form": form}, status=400 if form.errors else 200)
