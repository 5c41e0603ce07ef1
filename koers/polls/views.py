import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core import charts, derived
from koers.core.access import requires
from koers.core.spreadsheets import spreadsheet_response
from koers.members.rules import is_steering
from koers.themes.selectors import themes_in_order

from . import selectors, services
from .forms import BallotForm, CallForm, OutcomeForm, PollForm, QuestionForm, SignUpForm
from .kinds.base import QuestionResult
from .kinds.dots import dots_used
from .models import Call, Poll, Question

PAGE_SIZE = 20


def _poll(request: AuthenticatedHttpRequest, pk: int) -> Poll:
    """A poll the member may see: its audience sees it once published, the organisers always."""
    poll = get_object_or_404(Poll.objects.select_related("theme"), pk=pk)
    if not selectors.may_see(poll=poll, user=request.user):
        raise PermissionDenied
    return poll


@requires("polls.view_poll")
def poll_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    manage = user.has_perm("polls.manage_poll")
    # The same for every member who sees the same polls (organisers, the steering group, the others), but for
    # whether they voted (filled in per reader): kept in the shared cache and read only when not kept.
    listing = functools.cache(
        lambda: selectors.poll_listing(user=user, manage=manage, page=request.GET.get("page"), per_page=PAGE_SIZE)
    )
    context = {
        "listing": listing,
        "manage": manage,
        "steering": is_steering(user),
        "topics": selectors.LIST_TOPICS,
        "query": derived.query_key(request),
        "until": selectors.states_until(),
    }
    return render(request, "polls/poll_list.html", context)


@requires("polls.view_poll")
def poll_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    questions = list(poll.questions.prefetch_related("options"))
    participation = selectors.participation_of(poll=poll, user=request.user)
    own = {} if poll.anonymous else selectors.own_answers(participation=participation)
    mine = participation is not None and participation.user_id == request.user.pk
    eligibility = selectors.vote_eligibility(poll=poll, user=request.user, participation=participation)
    form = BallotForm(request.POST or None, poll=poll, questions=questions, own=own) if eligibility.allowed else None
    adjusted = BallotForm.adjustment(request.POST, poll=poll, questions=questions) if request.method == "POST" else None
    if form is not None and adjusted is not None:
        # A − or + of the dot vote, pressed without JavaScript: the ballot again with the new count, unsaved.
        form = BallotForm(adjusted, poll=poll, questions=questions, own=own, adjusting=True)
    elif request.method == "POST":
        if form is None:
            messages.error(request, eligibility.reason)
            return redirect(poll)
        if form.is_valid():
            try:
                services.ballot_cast(poll=poll, voter=request.user, answers=form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Je stem is opgeslagen."))
                return redirect(poll)
    context = {
        "poll": poll,
        "questions": questions,
        "form": form,
        "participation": participation,
        "mine": mine,
        "own": own,
        # Why there is no ballot (shown when the member's vote is not in).
        "refusal": eligibility.reason or None if poll.is_open else None,
        "results_visible": selectors.results_visible(poll=poll, voted=participation is not None),
        "turnout_visible": selectors.turnout_visible(poll=poll, user=request.user),
        "manage": request.user.has_perm("polls.manage_poll"),
    }
    return render(request, "polls/poll_detail.html", context, status=400 if form is not None and form.errors else 200)


def _election_fixed(request: AuthenticatedHttpRequest, poll: Poll) -> HttpResponse | None:
    """A published election is changed from its vacancy only: back to the poll with the reason."""
    if poll.election and poll.published_at is not None:
        messages.error(request, services.MSG_ELECTION_FIXED)
        return redirect(poll)
    return None


@require_POST
@requires("polls.view_poll")
def dots_left(request: AuthenticatedHttpRequest, pk: int, question: int) -> HttpResponse:
    """The live counter of a dot vote (htmx); without JavaScript the ballot is checked on submit."""
    poll = _poll(request, pk)
    counted = get_object_or_404(Question.objects.prefetch_related("options"), pk=question, poll=poll)
    used = dots_used(request.POST, counted)
    left = max(0, (poll.dots or 0) - used)
    return render(request, "polls/dots_left.html", {"poll": poll, "question": counted, "used": used, "left": left})


@requires("polls.view_poll")
def poll_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    participation = selectors.participation_of(poll=poll, user=request.user)
    visible = selectors.results_visible(poll=poll, voted=participation is not None)
    # While the results are hidden, the organisers follow the turnout (never the tally).
    hidden_turnout = not visible and selectors.turnout_visible(poll=poll, user=request.user)
    results = selectors.results(poll=poll) if visible else None
    context = {
        "poll": poll,
        "visible": visible,
        "results": results,
        "rows": [(row, _result_chart(row)) for row in results.questions] if results else [],
        "turnout": selectors.turnout(poll=poll) if hidden_turnout else None,
        "manage": request.user.has_perm("polls.manage_poll"),
    }
    return render(request, "polls/poll_results.html", context)


def _result_chart(row: QuestionResult) -> charts.Chart | None:
    """A bar per option (or per scale value): its votes, dots or first choices and its share, as counted."""
    if row.options:
        counts = [result.dots if row.kind.counts_dots else result.count for result in row.options]
        labels = [result.option.label for result in row.options]
        shares = [result.share for result in row.options]
    elif row.scale:
        labels = [str(value) for value, _count, _share in row.scale]
        counts = [count for _value, count, _share in row.scale]
        shares = [share for _value, _count, share in row.scale]
    else:
        return None
    texts = [f"{count} ({floatformat(share, 1)}%)" for count, share in zip(counts, shares, strict=True)]
    return charts.bars(
        ident=f"chart-question-{row.question.pk}",
        title=_("Uitslag: %(question)s") % {"question": row.question.text},
        labels=labels,
        values=shares,
        texts=texts,
        maximum=100,
    )


@requires("polls.manage_poll")
def poll_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    poll = _poll(request, pk)
    if poll.visibility == Poll.Visibility.AFTER_CLOSING and not poll.is_closed:
        messages.error(request, _("De uitslag van deze peiling is pas na de sluiting te downloaden."))
        return redirect("polls:poll-results", poll.pk)
    heading = [_("Respondent"), _("Vraagnummer"), _("Vraag"), _("Antwoord")]
    if not poll.anonymous:
        heading[1:1] = [_("Naam"), _("Instelling")]
    return spreadsheet_response(
        [heading, *selectors.export_rows(poll=poll)],
        fmt=fmt,
        title=_("Uitslag"),
        filename=f"koers-peiling-{poll.pk}-{timezone.localdate().isoformat()}",
    )


def _poll_form(request: AuthenticatedHttpRequest, poll: Poll | None) -> HttpResponse:
    if poll is not None and (refused := _election_fixed(request, poll)):
        return refused
    form = PollForm(request.POST or None, instance=poll)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PollForm.Meta.fields}
        try:
            if poll is None:
                saved = services.poll_create(actor=request.user, data=data)
            else:
                saved = services.poll_update(actor=request.user, poll=poll, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Peiling %(title)s is opgeslagen.") % {"title": saved.title})
            return redirect("polls:poll-questions", saved.pk)
    return render(request, "polls/poll_form.html", {"form": form, "poll": poll}, status=400 if form.errors else 200)


@requires("polls.manage_poll")
def poll_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _poll_form(request, None)


@requires("polls.manage_poll")
def poll_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _poll_form(request, get_object_or_404(Poll, pk=pk))


@requires("polls.manage_poll")
def poll_questions(request: AuthenticatedHttpRequest, pk: int, question: int | None = None) -> HttpResponse:
    """The questions of a poll, and the form to add one (or change the one in the address)."""
    poll = get_object_or_404(Poll, pk=pk)
    if refused := _election_fixed(request, poll):
        return refused
    editing = get_object_or_404(Question, pk=question, poll=poll) if question else None
    form = QuestionForm(request.POST or None, instance=editing, poll=poll)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ["text", "kind", "required", "max_choices", "position"]}
        try:
            services.question_save(poll=poll, question=editing, data=data, options=form.option_labels())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De vraag is opgeslagen."))
            return redirect("polls:poll-questions", poll.pk)
    context = {
        "poll": poll,
        "questions": list(poll.questions.prefetch_related("options")),
        "form": form,
        "editing": editing,
        "voted": poll.ballots.exists(),
    }
    return render(request, "polls/poll_questions.html", context, status=400 if form.errors else 200)


@requires("polls.manage_poll")
def question_delete(request: AuthenticatedHttpRequest, pk: int, question: int) -> HttpResponse:
    to_delete = get_object_or_404(Question.objects.select_related("poll"), pk=question, poll_id=pk)
    if refused := _election_fixed(request, to_delete.poll):
        return refused
    if request.method == "POST":
        try:
            services.question_delete(question=to_delete)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De vraag is verwijderd."))
        return redirect("polls:poll-questions", pk)
    context = {
        "title": _("Vraag verwijderen"),
        "question": _('Weet je zeker dat je de vraag "%(text)s" met haar opties wilt verwijderen?')
        % {"text": to_delete.text},
        "confirm": _("Ja, verwijder de vraag"),
        "cancel_url": to_delete.poll.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


@require_POST
@requires("polls.manage_poll")
def options_from_themes(request: AuthenticatedHttpRequest, pk: int, question: int) -> HttpResponse:
    target = get_object_or_404(Question.objects.select_related("poll"), pk=question, poll_id=pk)
    try:
        added = services.options_from_themes(question=target, themes=themes_in_order())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s thema's toegevoegd als optie.") % {"count": added})
    return redirect("polls:poll-questions", pk)


@require_POST
@requires("polls.manage_poll")
def poll_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
    try:
        services.poll_publish(actor=request.user, poll=poll)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("polls:poll-questions", poll.pk)
    messages.success(request, _("De peiling is gepubliceerd."))
    return redirect(poll)


@require_POST
@requires("polls.manage_poll")
def poll_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
    try:
        services.poll_close(actor=request.user, poll=poll)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De peiling is gesloten."))
    return redirect(poll)


@requires("polls.manage_poll")
def poll_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
    form = OutcomeForm(request.POST or None, instance=poll)
    if request.method == "POST" and form.is_valid():
        try:
            services.poll_outcome(actor=request.user, poll=poll, text=form.cleaned_data["outcome"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De conclusie is opgeslagen."))
            return redirect("polls:poll-results", poll.pk)
    return render(request, "polls/poll_outcome.html", {"form": form, "poll": poll}, status=400 if form.errors else 200)


# Calls for volunteers ------------------------------------------------------------------------------------


@requires("polls.view_call")
def call_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "page_obj": derived.page_when_needed(request, selectors.calls_list, PAGE_SIZE),
        "manage": request.user.has_perm("polls.manage_call"),
        # The same for every member: kept until a call, a sign-up or a theme changes; whether a call is still
        # open changes with the day.
        "topics": "calls themes",
        "kept_query": derived.query_key(request),
        "today": timezone.localdate(),
    }
    return render(request, "polls/call_list.html", context)


@requires("polls.view_call")
def call_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("theme"), pk=pk)
    mine = call.signups.filter(user=request.user).first()
    if request.method == "POST" and not call.is_open:
        messages.error(request, services.MSG_CALL_CLOSED)
        return redirect(call)
    form = SignUpForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_create(call=call, user=request.user, motivation=form.cleaned_data["motivation"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Je hebt je aangemeld. Dank je wel!"))
            return redirect(call)
    manage = request.user.has_perm("polls.manage_call")
    context = {
        "call": call,
        "form": form,
        "mine": mine,
        "manage": manage,
        "signups": list(selectors.call_signups(call=call)) if manage else None,
        "count": call.signups.count(),
    }
    return render(request, "polls/call_detail.html", context, status=400 if form.errors else 200)


@require_POST
@requires("polls.view_call")
def call_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    if services.signup_withdraw(call=call, user=request.user):
        messages.success(request, _("Je aanmelding is ingetrokken."))
    return redirect(call)


def _call_form(request: AuthenticatedHttpRequest, call: Call | None) -> HttpResponse:
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        saved = services.call_save(actor=request.user, call=call, data=form.cleaned_data)
        messages.success(request, _("Oproep %(title)s is opgeslagen.") % {"title": saved.title})
        return redirect(saved)
    return render(request, "polls/call_form.html", {"form": form, "call": call}, status=400 if form.errors else 200)


@requires("polls.manage_call")
def call_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _call_form(request, None)


@requires("polls.manage_call")
def call_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _call_form(request, get_object_or_404(Call, pk=pk))


@requires("polls.manage_call")
def call_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    heading = [_("Naam"), _("E-mailadres"), _("Instelling"), _("Motivatie"), _("Aangemeld op")]
    rows = [heading, *selectors.signup_rows(call=call)]
    return spreadsheet_response(rows, fmt=fmt, title=_("Aanmeldingen"), filename=f"koers-oproep-{call.pk}-aanmeldingen")
