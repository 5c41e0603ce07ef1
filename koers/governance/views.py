import datetime
from dataclasses import dataclass

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core.access import requires
from koers.polls.selectors import participation_of

from . import selectors, services
from .forms import CancelForm, ElectionStartForm, NominationForm, ResultConfirmForm, VacancyForm
from .models import Nomination, Vacancy

PAGE_SIZE = 20


def _vacancy(pk: int) -> Vacancy:
    return get_object_or_404(Vacancy.objects.select_related("election", "confirmed_by"), pk=pk)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@dataclass(frozen=True)
class Candidacy:
    """A nomination on the vacancy page, with what the member looking at it may do with it."""

    nomination: Nomination
    can_decide: bool
    can_withdraw: bool


@requires("governance.view_vacancy")
def vacancy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.vacancies_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    manage = request.user.has_perm("governance.manage_vacancy")
    return render(request, "governance/vacancy_list.html", {"page_obj": page, "manage": manage})


@requires("governance.view_vacancy")
def vacancy_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The vacancy with its candidates; members nominate here (POST), and see the count once the vote closed."""
    vacancy = _vacancy(pk)
    if request.method == "POST" and not vacancy.taking_nominations:
        messages.error(request, services.MSG_NOT_OPEN)
        return redirect(vacancy)
    form = NominationForm(request.POST or None, vacancy=vacancy, initial={"nominee": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(
                actor=request.user,
                vacancy=vacancy,
                nominee=form.cleaned_data["nominee"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if nomination.is_self_nomination:
                messages.success(request, _("Je bent kandidaat. Succes!"))
            else:
                messages.success(
                    request,
                    _("%(name)s is voorgedragen en krijgt het verzoek om te aanvaarden.")
                    % {"name": nomination.nominee.full_name},
                )
            return redirect(vacancy)
    manage = request.user.has_perm("governance.manage_vacancy")
    poll = vacancy.election
    # A cancelled vacancy elects nobody: its count is not shown.
    closed = poll is not None and poll.is_closed and vacancy.status != Vacancy.Status.CANCELLED
    count, by_option = selectors.vacancy_count(vacancy=vacancy) if closed else (None, {})
    running = vacancy.status == Vacancy.Status.OPEN
    candidacies = [  # what this member may do with each nomination, while the vacancy is open
        Candidacy(
            nomination,
            can_decide=running and nomination.decidable_by(request.user),
            can_withdraw=running and nomination.withdrawable_by(request.user),
        )
        for nomination in selectors.nominations_for(vacancy=vacancy, user=request.user, manage=manage)
    ]
    context = {
        "vacancy": vacancy,
        "candidacies": candidacies,
        "form": form if vacancy.taking_nominations else None,
        "manage": manage,
        "poll": poll,
        "voted": poll is not None and participation_of(poll=poll, user=request.user) is not None,
        "count": count,
        "by_option": by_option,
        "elected": selectors.elected(vacancy=vacancy) if vacancy.status == Vacancy.Status.CONFIRMED else [],
    }
    return render(request, "governance/vacancy_detail.html", context, status=400 if form.errors else 200)


def _vacancy_form(request: AuthenticatedHttpRequest, vacancy: Vacancy | None) -> HttpResponse:
    if vacancy is not None and vacancy.status != Vacancy.Status.OPEN:
        messages.error(request, services.MSG_NOT_OPEN)
        return redirect(vacancy)
    form = VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in VacancyForm.Meta.fields}
        try:
            if vacancy is None:
                saved = services.vacancy_open(actor=request.user, data=data)
            else:
                saved = services.vacancy_update(actor=request.user, vacancy=vacancy, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vacature %(title)s is opgeslagen.") % {"title": saved.title})
            return redirect(saved)
    context = {"form": form, "vacancy": vacancy}
    return render(request, "governance/vacancy_form.html", context, status=400 if form.errors else 200)


@requires("governance.manage_vacancy")
def vacancy_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _vacancy_form(request, None)


@requires("governance.manage_vacancy")
def vacancy_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _vacancy_form(request, get_object_or_404(Vacancy, pk=pk))


@requires("governance.manage_vacancy")
def vacancy_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy, pk=pk)
    if not vacancy.is_running:
        messages.error(request, services.MSG_CANNOT_CANCEL)
        return redirect(vacancy)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_cancel(actor=request.user, vacancy=vacancy, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("De vacature is ingetrokken."))
        return redirect(vacancy)
    context = {"form": form, "vacancy": vacancy}
    return render(request, "governance/vacancy_cancel.html", context, status=400 if form.errors else 200)


# Nominations -------------------------------------------------------------------------------------------


def _nomination(request: AuthenticatedHttpRequest, pk: int, perm: str) -> Nomination:
    nomination = get_object_or_404(Nomination.objects.select_related("vacancy", "nominee"), pk=pk)
    # The rule itself, not user.has_perm: a superuser may not accept or withdraw on someone's behalf either.
    if not rules.has_perm(perm, request.user, nomination):
        raise PermissionDenied
    return nomination


@require_POST
@requires("governance.view_vacancy")
def nomination_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk, "governance.decide_nomination")
    try:
        services.nomination_accept(actor=request.user, nomination=nomination)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Je hebt de voordracht aanvaard: je bent kandidaat."))
    return redirect(nomination.vacancy)


@require_POST
@requires("governance.view_vacancy")
def nomination_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk, "governance.decide_nomination")
    try:
        services.nomination_decline(actor=request.user, nomination=nomination)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Je hebt de voordracht afgewezen."))
    return redirect(nomination.vacancy)


@requires("governance.view_vacancy")
def nomination_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk, "governance.withdraw_nomination")
    if request.method == "POST":
        try:
            services.nomination_withdraw(actor=request.user, nomination=nomination)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("De voordracht is ingetrokken."))
        return redirect(nomination.vacancy)
    if nomination.nominee_id == request.user.pk:
        question = _(
            "Weet je zeker dat je je kandidatuur voor %(title)s intrekt? "
            "Je kunt daarna niet opnieuw kandidaat worden voor deze vacature."
        )
    else:
        question = _("Weet je zeker dat je de voordracht van %(name)s voor %(title)s intrekt?")
    context = {
        "title": _("Voordracht intrekken"),
        "question": question % {"title": nomination.vacancy.title, "name": nomination.nominee.full_name},
        "confirm": _("Ja, trek de voordracht in"),
        "cancel_url": nomination.vacancy.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


# The election ------------------------------------------------------------------------------------------


@requires("governance.manage_vacancy")
def election_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy, pk=pk)
    if not vacancy.ready_for_election:
        if vacancy.status == Vacancy.Status.OPEN:
            day = services.day_text(vacancy.nominations_open_until)
            messages.error(request, services.MSG_NOMINATIONS_STILL_OPEN % {"date": day})
        else:
            messages.error(request, services.MSG_NOT_OPEN)
        return redirect(vacancy)
    default_close = timezone.localtime() + datetime.timedelta(days=14)
    form = ElectionStartForm(request.POST or None, initial={"closes_at": default_close.replace(hour=17, minute=0)})
    if request.method == "POST" and form.is_valid():
        try:
            poll = services.election_start(
                actor=request.user, vacancy=vacancy, closes_at=form.cleaned_data["closes_at"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De verkiezing is gestart; de leden zijn opgeroepen om te stemmen."))
            return redirect(poll)
    context = {
        "form": form,
        "vacancy": vacancy,
        "candidates": selectors.accepted(vacancy=vacancy),
    }
    return render(request, "governance/election_start.html", context, status=400 if form.errors else 200)


@requires("governance.manage_vacancy")
def election_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("election"), pk=pk)
    if request.method == "POST":
        try:
            services.election_close(actor=request.user, vacancy=vacancy)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("De verkiezing is gesloten; de telling staat hieronder."))
        return redirect(vacancy)
    context = {
        "title": _("Verkiezing nu sluiten"),
        "question": _("Weet je zeker dat je de verkiezing voor %(title)s nu sluit? Daarna kan niemand meer stemmen.")
        % {"title": vacancy.title},
        "confirm": _("Ja, sluit de verkiezing"),
        "cancel_url": vacancy.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


@requires("governance.manage_vacancy")
def result_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vacancy = _vacancy(pk)
    if vacancy.status != Vacancy.Status.ELECTION or vacancy.election is None or not vacancy.election.is_closed:
        messages.error(
            request,
            services.MSG_ELECTION_NOT_CLOSED if vacancy.status == Vacancy.Status.ELECTION else services.MSG_NO_ELECTION,
        )
        return redirect(vacancy)
    count, by_option = selectors.vacancy_count(vacancy=vacancy)
    initial = {"elected": [by_option[option].pk for option in count.elected]}
    form = ResultConfirmForm(request.POST or None, candidates=selectors.candidates(vacancy=vacancy), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_confirm(actor=request.user, vacancy=vacancy, elected=form.cleaned_data["elected"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De uitslag is bevestigd en staat in het overzicht van de regiegroep."))
            return redirect(vacancy)
    context = {"form": form, "vacancy": vacancy, "count": count, "by_option": by_option}
    return render(request, "governance/result_confirm.html", context, status=400 if form.errors else 200)
