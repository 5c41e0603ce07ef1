from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from koers.core.access import public, requires
from koers.core.audit import audit_record
from koers.core.throttle import client_ip, throttle_allows

from . import backends, oidc, services
from .audit import AccountAction
from .forms import (
    ChangePasswordForm,
    InvitationPasswordForm,
    MembershipRequestForm,
    ProfileForm,
    RejectForm,
    RequestResetForm,
    ResetPasswordForm,
    SignInForm,
)
from .http import AuthenticatedHttpRequest
from .models import MembershipRequest, User
from .selectors import decided_requests, pending_requests

# A visitor may send this many membership requests per hour from one address.
REQUESTS_PER_HOUR = 5
MSG_TOO_MANY_REQUESTS = gettext_lazy(
    "Er zijn vanaf dit adres te veel aanvragen verstuurd. Probeer het over een uur opnieuw."
)


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["surfconext_enabled"] = oidc.surfconext_enabled()
        return context


login = public(SignInView.as_view())
logout = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        # The form queues a task that finds the member and mails the link (accounts.tasks.password_reset_send),
        # so the page does the same work, in the same time, whether the address belongs to a member or not.
        form_class=RequestResetForm,
        success_url=reverse_lazy("accounts:password-reset-done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ResetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The lock-out page tells people to set a new password; having done so, they may sign in again.
        services.sign_in_lock_lift(user=form.user)
        return response


password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=self.request.user, action=AccountAction.PASSWORD_CHANGED, target=self.request.user)
        messages.success(self.request, _("Je wachtwoord is gewijzigd."))
        return response


password_change = requires()(PasswordChangeView.as_view())


@requires()
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Bound to a fresh copy: validating the form must not change request.user before the service runs.
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Je profiel is opgeslagen."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def _surfconext_notes(person: services.SurfconextPerson | None) -> list[str]:
    """What the form page says to someone SURFconext recognised but who is not a member yet."""
    if person is None:
        return []
    notes = [oidc.MSG_NOT_A_MEMBER % {"email": person.email}]
    if person.institution_id is None:
        if person.schac_home:
            notes.append(oidc.MSG_INSTITUTION_UNKNOWN % {"domain": person.schac_home})
        else:
            notes.append(str(oidc.MSG_INSTITUTION_MISSING))
    return notes


@public
def membership_request(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        messages.info(request, _("Je bent al lid van het netwerk."))
        return redirect("dashboard:home")
    # After SURFconext sign-in of someone who is not a member: fill in what SURFconext told us.
    person = services.SurfconextPerson.from_session(request.session.get(oidc.SESSION_PERSON))
    initial = None
    if person is not None:
        initial = {"full_name": person.full_name, "email": person.email, "institution": person.institution_id}
    form = MembershipRequestForm(request.POST or None, initial=initial)
    context = {"form": form, "surfconext_notes": _surfconext_notes(person)}
    if request.method == "POST":
        if not throttle_allows(
            scope="membership-request", key=client_ip(request), limit=REQUESTS_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, MSG_TOO_MANY_REQUESTS)
            return render(request, "accounts/membership_request_form.html", context, status=429)
        if form.is_valid():
            services.membership_request_receive(**form.cleaned_data)
            request.session.pop(oidc.SESSION_PERSON, None)
            return redirect("accounts:membership-request-sent")
    return render(request, "accounts/membership_request_form.html", context)


@require_POST
@requires("members.review_membership")
def invitation_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(MembershipRequest, pk=pk)
    try:
        user = services.invitation_resend(actor=request.user, membership_request=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s heeft een nieuwe uitnodiging gekregen.") % {"name": user.full_name})
    return redirect("accounts:membership-request-detail", pk=pk)


@public
def membership_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/membership_request_sent.html")


@requires("members.review_membership")
def membership_request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    decided = Paginator(decided_requests(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/membership_request_list.html",
        {"pending": list(pending_requests().order_by("created_at", "id")), "page_obj": decided},
    )


@requires("members.review_membership")
def membership_request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(MembershipRequest.objects.select_related("institution", "decided_by"), pk=pk)
    return render(
        request, "accounts/membership_request_detail.html", {"membership": membership, "reject_form": RejectForm()}
    )


@require_POST
@requires("members.review_membership")
def membership_request_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(MembershipRequest, pk=pk)
    try:
        user = services.membership_request_approve(actor=request.user, membership_request=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:membership-request-detail", pk=pk)
    messages.success(
        request, _("%(name)s is goedgekeurd en heeft een uitnodiging gekregen.") % {"name": user.full_name}
    )
    return redirect("accounts:membership-request-list")


@require_POST
@requires("members.review_membership")
def membership_request_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(MembershipRequest.objects.select_related("institution"), pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.membership_request_reject(
                actor=request.user, membership_request=membership, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:membership-request-detail", pk=pk)
        messages.success(request, _("De aanvraag van %(name)s is afgewezen.") % {"name": membership.full_name})
        return redirect("accounts:membership-request-list")
    return render(
        request,
        "accounts/membership_request_detail.html",
        {"membership": membership, "reject_form": form},
        status=400,
    )


@public
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_check(token=token)
    except ValidationError as error:
        return render(request, "accounts/invitation_invalid.html", {"message": error.messages[0]}, status=410)
    form = InvitationPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            return render(request, "accounts/invitation_invalid.html", {"message": error.messages[0]}, status=410)
        # The link proved who they are and they just chose a password: no need to type it again.
        auth_login(request, user, backend=backends.PATH)
        messages.success(request, _("Welkom! Je wachtwoord is ingesteld. Vul je profiel aan en kies wat je deelt."))
        return redirect("accounts:profile")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invited": invitation.user})


class SurfconextStartView(OIDCAuthenticationRequestView):
    """Send the visitor to SURFconext with a fresh state, nonce and PKCE challenge (mozilla-django-oidc)."""

    def get(self, request):
        if not oidc.surfconext_enabled():
            raise Http404
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().get(request)


surfconext_start = public(SurfconextStartView.as_view())


@public
@require_GET
def surfconext_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.surfconext_enabled():
        raise Http404
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    try:
        found = oidc.surfconext_finish(request)
    except oidc.SurfconextRefused as refusal:
        request.session.pop(oidc.SESSION_NEXT, None)
        messages.error(request, refusal.message)
        return redirect("accounts:login")
    next_url = request.session.pop(oidc.SESSION_NEXT, None)  # checked to be on this site when the flow began
    if isinstance(found, services.SurfconextPerson):
        request.session[oidc.SESSION_PERSON] = found.as_session()
        return redirect("accounts:membership-request")
    request.session.pop(oidc.SESSION_PERSON, None)
    auth_login(request, found, backend=oidc.BACKEND)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


@public
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in member's choice is also kept in their profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.language_set(user=request.user, language=language)
    return response
