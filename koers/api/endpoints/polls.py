"""Polls, surveys and dot votes: the polls a member may see, their results when the site shows them, and voting.

Who sees what and who may vote are the selectors the pages use (``may_see``, ``vote_eligibility``): members
see published polls for their audience, the steering group also drafts; results only as ``results_visible``
allows (after voting, after closing, or always); a ballot goes through ``koers.polls.services.ballot_cast``,
which checks every voting rule. Each kind of question (koers.polls.kinds) reads its own answer field.
"""

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from koers.accounts.models import User
from koers.members.rules import is_steering
from koers.polls import selectors, services
from koers.polls.kinds import KINDS
from koers.polls.kinds.base import MSG_OPTION_TWICE as MSG_OPTION_TWICE  # a kind's message, imported from here too
from koers.polls.kinds.base import AnswerRefused, question_field
from koers.polls.models import Option, Poll, PollState, Question
from koers.themes.forms import theme_filter_field
from koers.themes.models import Theme

from ..base import KoersViewSet
from ..serializers import NamedChoiceField, PollResultsOut, PollTurnoutOut, results_out

if TYPE_CHECKING:  # these types exist only in the stubs
    from django_stubs_ext import StrOrPromise, WithAnnotations

MAX_ID = 2**63 - 1  # the largest id the database holds (a big integer); anything above is not an id
MAX_LIST = 100  # more answers, options or dots than any ballot has

MSG_UNKNOWN_QUESTION = _("Vraag %(id)s hoort niet bij deze peiling.")
MSG_QUESTION_TWICE = _("Vraag %(id)s staat meer dan één keer in de antwoorden.")
MSG_ANSWER_FIELD = _("Beantwoord deze vraag met het veld %(field)s, en alleen met dat veld.")
# DRF has no Dutch for this one; {max_length} is filled in by DRF.
MSG_LIST_TOO_LONG = _("Geef hoogstens {max_length} elementen.")
LIST_ERRORS: dict[str, "StrOrPromise"] = {"max_length": MSG_LIST_TOO_LONG}
MSG_TEXT = _("Geef het antwoord als tekst.")  # DRF's "Not a valid string." has no Dutch either
MSG_NO_BALLOT = _("Stuur een stembiljet: een object met answers.")  # for a body that is JSON null

POLL_STATES = PollState.choices
# The field of an answer that carries the answer to each kind of question.
ANSWER_FIELDS = {value: kind.answer_field for value, kind in KINDS.items()}


# Filters -----------------------------------------------------------------------------------------------


class PollFilterForm(forms.Form):
    """The poll list has no filter form on the site (it groups by state); these filter the same list."""

    state = forms.ChoiceField(
        label=_("Stand"),
        choices=[("", _("Alle")), *POLL_STATES],
        required=False,
        help_text=_("open, gepland (nog niet open), gesloten; concept alleen voor de regiegroep."),
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=[("", _("Alle soorten")), *Poll.Kind.choices], required=False)
    theme = theme_filter_field()
    q = forms.CharField(label=_("Zoek in de titel"), required=False, max_length=100)


# Output ------------------------------------------------------------------------------------------------


class PollOptionOut(serializers.ModelSerializer):
    theme: "serializers.SlugRelatedField[Theme]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text=_("Bij een optie per thema.")
    )

    class Meta:
        model = Option
        fields = ["id", "position", "label", "theme"]


class PollQuestionOut(serializers.ModelSerializer):
    kind = NamedChoiceField(Question.Kind.choices, enum_name="QuestionKindEnum", read_only=True)
    answer_field = serializers.SerializerMethodField(
        help_text=_("Het veld waarmee je deze vraag beantwoordt (option, options, value, text, dots of ranking).")
    )
    options = PollOptionOut(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "position", "text", "kind", "required", "max_choices", "answer_field", "options"]

    def get_answer_field(self, question) -> str:
        return question.kind_spec.answer_field


class PollOut(serializers.ModelSerializer):
    kind = NamedChoiceField(Poll.Kind.choices, enum_name="PollKindEnum", read_only=True)
    audience = NamedChoiceField(Poll.Audience.choices, enum_name="PollAudienceEnum", read_only=True)
    unit = NamedChoiceField(Poll.Unit.choices, enum_name="PollUnitEnum", read_only=True)
    visibility = NamedChoiceField(Poll.Visibility.choices, enum_name="PollVisibilityEnum", read_only=True)
    state = NamedChoiceField(POLL_STATES, enum_name="PollStateEnum", read_only=True)
    theme: "serializers.SlugRelatedField[Theme]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    respondents = serializers.IntegerField(read_only=True, help_text=_("Aantal uitgebrachte stemmen."))
    voted = serializers.BooleanField(read_only=True, help_text=_("Of jouw stem (of die van je instelling) er is."))

    class Meta:
        model = Poll
        fields = [
            "id",
            "title",
            "kind",
            "election",
            "state",
            "audience",
            "unit",
            "anonymous",
            "visibility",
            "allow_change",
            "opens_at",
            "closes_at",
            "theme",
            "meeting",
            "respondents",
            "voted",
        ]


class PollDotsOut(serializers.Serializer):
    option = serializers.IntegerField()
    dots = serializers.IntegerField()


class PollAnswerOut(serializers.Serializer):
    """One's own answer, in the shape a ballot takes: only the field of the question's kind is present."""

    question = serializers.IntegerField()
    option = serializers.IntegerField(required=False)
    options = serializers.ListField(child=serializers.IntegerField(), required=False)
    value = serializers.IntegerField(required=False)
    text = serializers.CharField(required=False)
    dots = PollDotsOut(many=True, required=False)
    ranking = serializers.ListField(child=serializers.IntegerField(), required=False)


class PollVoteOut(serializers.Serializer):
    voted = serializers.BooleanField(help_text=_("Of er voor jou (of voor je instelling) gestemd is."))
    by_me = serializers.BooleanField(help_text=_("Of je zelf gestemd hebt."))
    voted_by = serializers.CharField(
        allow_null=True, help_text=_("De collega die namens je instelling stemde (niet bij anonieme peilingen).")
    )
    can_vote = serializers.BooleanField(help_text=_("Of je nu kunt stemmen, of je stem kunt wijzigen."))
    refusal = serializers.CharField(
        allow_null=True,
        help_text=_(
            "Waarom je niet kunt stemmen of je stem niet kunt wijzigen: altijd gegeven als can_vote onwaar is."
        ),
    )
    answers = PollAnswerOut(many=True, help_text=_("Je eigen antwoorden; leeg bij een anonieme peiling."))


class PollVote(TypedDict):
    """The member's vote in a poll, as ``PollVoteOut`` shows it."""

    voted: bool
    by_me: bool
    voted_by: str | None
    can_vote: bool
    refusal: "StrOrPromise | None"
    answers: list[dict[str, Any]]


class PollDetail(TypedDict):
    """What ``PollViewSet._detail`` adds to a poll for ``PollDetailOut`` (its fields' ``source``)."""

    api_vote: PollVote
    api_results_visible: bool
    api_results: dict[str, Any] | None
    api_turnout: dict[str, Any] | None


class PollDetailOut(PollOut):
    questions = PollQuestionOut(many=True, read_only=True)
    vote = PollVoteOut(read_only=True, source="api_vote")
    results_visible = serializers.BooleanField(read_only=True, source="api_results_visible")
    results = PollResultsOut(read_only=True, allow_null=True, source="api_results")
    turnout = PollTurnoutOut(
        read_only=True,
        allow_null=True,
        source="api_turnout",
        help_text=_(
            "De opkomst, voor de organisatoren zodra de peiling open is, ook als de uitslag nog verborgen is; "
            "na de sluiting zoals bij de sluiting vastgelegd."
        ),
    )

    class Meta(PollOut.Meta):
        fields = [
            *PollOut.Meta.fields,
            "description",
            "quorum",
            "dots",
            "max_per_option",
            "questions",
            "vote",
            "results_visible",
            "results",
            "turnout",
        ]


# Input -------------------------------------------------------------------------------------------------


class PollDotsIn(serializers.Serializer):
    option = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    dots = serializers.IntegerField(min_value=0, max_value=32767)


def option_ids(*, help_text) -> serializers.ListField:
    """A list of option ids (several choices, a ranking); null or absent when the question takes another form."""
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        allow_null=True,
        max_length=MAX_LIST,
        error_messages=LIST_ERRORS,
        help_text=help_text,
    )


class PollAnswerIn(serializers.Serializer):
    """The answer to one question, in the field its kind asks for (``answer_field`` of the question)."""

    question = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    option = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text=_("Eén keuze: het id van de optie.")
    )
    options = option_ids(help_text=_("Meerdere keuzes: de ids van de opties."))
    value = serializers.IntegerField(
        required=False, allow_null=True, min_value=-32768, max_value=32767, help_text=_("Schaal: 1 tot en met 5.")
    )
    text = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=2000,
        error_messages={"invalid": MSG_TEXT},
        help_text=_("Open antwoord."),
    )
    # many=True hands max_length to the ListSerializer it makes; the stubs list only the serializer's own arguments.
    dots = PollDotsIn(  # type: ignore[call-arg]
        many=True, required=False, allow_null=True, max_length=MAX_LIST, help_text=_("Stippen per optie.")
    )
    ranking = option_ids(help_text=_("Rangorde: de ids van de gekozen opties, je eerste keus eerst."))


class BallotIn(serializers.Serializer):
    """A ballot: an answer per question. Casting again changes the ballot where the poll allows that."""

    # many=True hands max_length to the ListSerializer it makes; the stubs list only the serializer's own arguments.
    answers = PollAnswerIn(many=True, max_length=MAX_LIST, error_messages=LIST_ERRORS)  # type: ignore[call-arg]

    def validate(self, data: dict) -> dict:
        """Match the answers to the poll's questions and put them in the shape the voting service takes.

        The service checks the rest (required answers, budgets, ranks, maxima) exactly as for the site.
        """
        questions = {q.pk: q for q in self.context["questions"]}
        given: dict[int, object] = {}
        errors: dict[str, list[StrOrPromise]] = {}
        for answer in data["answers"]:
            pk = answer["question"]
            question = questions.get(pk)
            if question is None:
                raise serializers.ValidationError({"answers": [MSG_UNKNOWN_QUESTION % {"id": pk}]})
            if pk in given:
                raise serializers.ValidationError({"answers": [MSG_QUESTION_TWICE % {"id": pk}]})
            field = question.kind_spec.answer_field
            present = {name for name in ANSWER_FIELDS.values() if answer.get(name) is not None}
            given[pk] = None
            if present - {field}:
                errors[question_field(question)] = [MSG_ANSWER_FIELD % {"field": field}]
                continue
            try:
                given[pk] = _service_answer(question, answer.get(field))
            except AnswerRefused as refused:
                errors[question_field(question)] = [refused.message]
        if errors:
            raise serializers.ValidationError(errors)
        return {"answers": given}


def _service_answer(question: Question, value: Any) -> Any:
    """One answer as ``ballot_cast`` takes it, or AnswerRefused; options must belong to the question."""
    if value is None:
        return None
    return question.kind_spec.api_value(question, value)


# The view ----------------------------------------------------------------------------------------------


def _own_answers(questions: list[Question], own: dict) -> list[dict]:
    """One's own answers in the ballot's shape, so a script can read, change and send them back."""
    rows = []
    for question in questions:
        answers = sorted(
            own.get(question.pk, []), key=lambda a: (a.option.position, a.option_id) if a.option else (0, 0)
        )
        if not answers:
            continue
        kind = question.kind_spec
        rows.append({"question": question.pk, kind.answer_field: kind.api_answer(answers)})
    return rows


class PollViewSet(KoersViewSet):
    """Polls, surveys and dot votes (members; drafts and steering-group polls as on the site)."""

    perms = {"GET": "polls.view_poll", "*": "polls.view_poll"}  # "*": casting a ballot (POST), else 405
    serializer_class = PollDetailOut
    input_serializer_class = {"ballot": BallotIn}
    filter_form = PollFilterForm

    def get_serializer_class(self):
        return PollOut if self.action == "list" else PollDetailOut

    # The list, as the polls page: the same for every member who sees the same polls, until a poll changes,
    # someone votes or a poll opens or closes; whether the caller voted is set per caller (for_reader).
    kept_topics = (*selectors.LIST_TOPICS.split(), "meetings")  # the meeting a poll is for
    kept_actions = ("list",)

    def kept_viewer(self) -> object:
        return (self._manage(), is_steering(self._member()), selectors.states_until())

    def for_reader(self, rows: list[dict]) -> None:
        voted = selectors.voted_in(user=self._member(), poll_ids=[row["id"] for row in rows])
        for row in rows:
            row["voted"] = row["id"] in voted

    def _manage(self) -> bool:
        return self.request.user.has_perm("polls.manage_poll")

    def get_queryset(self):
        """Only the model, for the schema; the list and each poll are read through the selectors below."""
        return Poll.objects.none()

    def _polls(self):
        """The polls this member sees on the poll list (drafts for the organisers), filtered."""
        polls = selectors.polls_for(user=self._member(), manage=self._manage())
        filters = self.filters()
        if filters.get("state"):
            polls = polls.in_state(filters["state"])
        if filters.get("kind"):
            polls = polls.filter(kind=filters["kind"])
        if filters.get("theme"):
            polls = polls.filter(theme=filters["theme"])
        for word in filters.get("q", "").split():
            polls = polls.filter(title__icontains=word)
        return polls

    def _member(self) -> User:
        """The signed-in member: ``perms`` opens nothing here to the public, so ``Rules`` let only members in."""
        return cast(User, self.request.user)

    def get_object(self) -> Poll:
        """A poll the member may see (``selectors.may_see``, as the site); any other is not found."""
        user = self._member()
        options = Prefetch("options", queryset=Option.objects.select_related("theme"))
        questions = Prefetch("questions", queryset=Question.objects.prefetch_related(options))
        polls = selectors.polls_for(user=user, manage=True).prefetch_related(questions)
        poll = get_object_or_404(polls, pk=self.kwargs["pk"])
        if not selectors.may_see(poll=poll, user=user):
            raise exceptions.NotFound()  # as for a missing id, so that hidden polls cannot be found by probing
        return poll

    def _detail(self, poll: Poll) -> "WithAnnotations[Poll, PollDetail]":
        """Add the member's vote and (when visible) the results, as the poll page and results page show them."""
        user = self._member()
        questions = list(poll.questions.all())
        participation = selectors.participation_of(poll=poll, user=user)
        mine = participation is not None and participation.user_id == user.pk
        own = {} if poll.anonymous or not mine else selectors.own_answers(participation=participation)
        eligibility = selectors.vote_eligibility(poll=poll, user=user, participation=participation)
        voted_by = None  # the colleague who voted for the institution
        if participation is not None and not mine and not poll.anonymous and participation.user is not None:
            voted_by = participation.user.full_name
        detail = cast("WithAnnotations[Poll, PollDetail]", poll)  # the poll, with PollDetail's attributes set below
        detail.api_vote = {
            "voted": participation is not None,
            "by_me": mine,
            "voted_by": voted_by,
            "can_vote": eligibility.allowed,
            "refusal": eligibility.reason or None,
            "answers": _own_answers(questions, own),
        }
        detail.api_results_visible = selectors.results_visible(poll=poll, voted=participation is not None)
        detail.api_results = results_out(poll) if detail.api_results_visible else None
        turnout_visible = selectors.turnout_visible(poll=poll, user=user)
        detail.api_turnout = vars(selectors.turnout(poll=poll)) if turnout_visible else None
        return detail

    def list(self, request):
        return self.paged(self._polls())

    def retrieve(self, request, pk=None):
        return self.output(self._detail(self.get_object()))

    @extend_schema(
        request=BallotIn,
        responses={200: PollDetailOut, 201: PollDetailOut},
        description=_(
            "Stem uit, of wijzig je stem waar de peiling dat toelaat: 201 voor een nieuwe stem, 200 voor een "
            "gewijzigde. Geef per vraag één antwoord in het veld dat bij de vraag hoort (answer_field). "
            "Fouten per vraag staan onder q<id van de vraag>."
        ),
    )
    @action(detail=True, methods=["post"])
    def ballot(self, request, pk=None):
        poll = self.get_object()
        user = self._member()
        # As on the site: first whether this member may vote (or change their vote) at all, then the answers.
        participation = selectors.participation_of(poll=poll, user=user)
        eligibility = selectors.vote_eligibility(poll=poll, user=user, participation=participation)
        if not eligibility.allowed:
            raise eligibility.error()  # a vote that is in already is a 409, any other refusal a 400
        if request.data is None:  # JSON null, for which DRF has only an English message
            raise exceptions.ValidationError([MSG_NO_BALLOT])
        context = {**self.get_serializer_context(), "questions": list(poll.questions.all())}
        serializer = BallotIn(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        services.ballot_cast(poll=poll, voter=user, answers=serializer.validated_data["answers"])
        code = status.HTTP_200_OK if participation is not None else status.HTTP_201_CREATED
        return Response(self.get_serializer(self._detail(self.get_object())).data, status=code)


ROUTES = [("polls", PollViewSet, "poll")]
