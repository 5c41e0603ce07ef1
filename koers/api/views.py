"""HTML pages of the API: the documentation page and a member's personal access tokens."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core.access import public, requires

from . import services
from .docs import operations
from .errors import MSG_NOT_FOUND, error_body
from .forms import TokenForm
from .models import AccessToken


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []


schema = public(SchemaView.as_view())


@public
@csrf_exempt  # it changes nothing, and any method must get the JSON 404 rather than a CSRF page
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other address under /api/ answers with the API's error body, not the site's HTML page."""
    return JsonResponse(error_body(404, "not_found", MSG_NOT_FOUND), status=404)


@public
def docs(request: HttpRequest) -> HttpResponse:
    groups = operations()
    context = {"groups": groups, "count": sum(len(ops) for _tag, ops in groups)}
    return render(request, "api/docs.html", context)


@requires()
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, created = services.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    tokens = AccessToken.objects.filter(user=request.user)
    context = {"form": form, "tokens": tokens, "created": created}
    return render(request, "api/token_list.html", context, status=400 if form.errors else 200)


@requires()
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(AccessToken, pk=pk, user=request.user, revoked_at__isnull=True)
    if request.method == "POST":
        services.token_revoke(token=token)
        messages.success(request, _("Token %(name)s is ingetrokken.") % {"name": token.name})
        return redirect("tokens:token-list")
    context = {
        "title": _("Token intrekken"),
        "question": _(
            'Weet je zeker dat je het token "%(name)s" wilt intrekken? Scripts die het gebruiken werken '
            "daarna niet meer."
        )
        % {"name": token.name},
        "confirm": _("Ja, trek het token in"),
        "cancel_url": reverse("tokens:token-list"),
    }
    return render(request, "core/confirm_delete.html", context)
