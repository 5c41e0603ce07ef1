"""Meetings: the list and one meeting with its programme (members), the report (public once published for
everyone), registering and cancelling, and the registrations for the steering group.

Who sees what comes from koers.meetings.selectors, as on the pages: concepts only for the steering group; the
dietary and access wishes of a registration only for the steering group (and the member themself); no contact
details.
"""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koers.accounts.models import User
from koers.documents.models import DocumentVersion
from koers.meetings import selectors, services
from koers.meetings.models import AgendaItem, Contribution, Meeting, Registration, Statement
from koers.members.models import Institution
from koers.themes.forms import theme_filter_field
from koers.themes.models import Theme

from ..base import KoersViewSet
from ..filters import form_filters, form_parameters
from ..permissions import PUBLIC
from ..serializers import NamedChoiceField, PollResultsOut, results_out

VIEW = "meetings.view_meeting"
MANAGE = "meetings.manage_meeting"

MSG_NOTE_TEXT = _("Geef je wensen als tekst.")  # DRF's "Not a valid string." has no Dutch
MSG_NO_OBJECT = _('Stuur een JSON-object, bijvoorbeeld {"note": ""}.')  # for a body that is JSON null

WHEN = [("komend", _("Komend")), ("eerder", _("Eerder"))]


# Filters -----------------------------------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    """The site lists coming meetings (soonest first) and earlier ones (latest first); so does ``when``."""

    when = forms.ChoiceField(
        label=_("Wanneer"),
        choices=[("", _("Alle")), *WHEN],
        required=False,
        help_text=_("komend: nog niet afgelopen, de eerstvolgende eerst; eerder: afgelopen, de laatste eerst."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle statussen")), *Meeting.Status.choices],
        required=False,
        help_text=_("Een concept zien alleen de regiegroep."),
    )
    theme = theme_filter_field()
    q = forms.CharField(label=_("Zoek in titel en locatie"), required=False, max_length=100)


class RegistrationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *Registration.Status.choices], required=False
    )


# Output ------------------------------------------------------------------------------------------------


class MeetingPersonOut(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)
    institution = serializers.SlugRelatedField[Institution](slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "name", "institution"]


class MeetingOut(serializers.ModelSerializer):
    status = NamedChoiceField(Meeting.Status.choices, enum_name="MeetingStatusEnum", read_only=True)
    theme = serializers.SlugRelatedField[Theme](slug_field="slug", read_only=True, allow_null=True)
    host = serializers.SlugRelatedField[Institution](
        slug_field="slug", read_only=True, allow_null=True, help_text=_("De gastinstelling.")
    )
    registered = serializers.IntegerField(read_only=True, help_text=_("Bezette plaatsen (zonder de wachtlijst)."))
    signed_up = serializers.BooleanField(
        read_only=True, source="mine", help_text=_("Of je aangemeld bent of op de wachtlijst staat.")
    )
    report_published = serializers.BooleanField(read_only=True, source="report_is_published")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "status",
            "theme",
            "starts_at",
            "ends_at",
            "venue",
            "host",
            "capacity",
            "registered",
            "signed_up",
            "report_published",
        ]


@extend_schema_field({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "13:30"})
class ClockTimeField(serializers.TimeField):
    """A time of day as the programme shows it, 13:30 (OpenAPI's "time" format would demand a UTC offset)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MeetingAttachmentOut(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Om te downloaden (met je sessie)."))

    class Meta:
        model = DocumentVersion
        fields = ["id", "name", "size", "content_type", "url"]

    def get_url(self, attachment: DocumentVersion) -> str:
        return self.context["request"].build_absolute_uri(attachment.get_absolute_url())


class AgendaItemOut(serializers.ModelSerializer):
    kind = NamedChoiceField(AgendaItem.Kind.choices, enum_name="AgendaItemKindEnum", read_only=True)
    starts_at = ClockTimeField(read_only=True)
    ends_at = ClockTimeField(read_only=True)
    presenter = MeetingPersonOut(read_only=True, allow_null=True, help_text=_("Een spreker die lid is."))
    attachments = MeetingAttachmentOut(many=True, read_only=True, source="files")
    interactive = serializers.BooleanField(
        read_only=True, help_text=_("Een workshop of ronde tafel, met stellingen en kaarten.")
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "starts_at",
            "ends_at",
            "duration",
            "kind",
            "title",
            "presenter",
            "presenter_name",
            "presenter_organisation",
            "description",
            "interactive",
            "attachments",
        ]


class MyRegistrationOut(serializers.ModelSerializer):
    status = NamedChoiceField(Registration.Status.choices, enum_name="RegistrationStatusEnum", read_only=True)
    waiting_before = serializers.SerializerMethodField(help_text=_("Op de wachtlijst: hoeveel mensen voor je staan."))

    class Meta:
        model = Registration
        fields = ["status", "waiting_before", "note", "created_at"]

    def get_waiting_before(self, registration: Registration) -> int | None:
        return self.context.get("waiting_before")


class MeetingDetailOut(MeetingOut):
    items = AgendaItemOut(many=True, read_only=True, source="api_items")
    registration = MyRegistrationOut(read_only=True, allow_null=True, source="api_registration")
    can_register = serializers.BooleanField(read_only=True, source="api_can_register")
    can_cancel = serializers.BooleanField(read_only=True, source="api_can_cancel")

    class Meta(MeetingOut.Meta):
        fields = [
            *MeetingOut.Meta.fields,
            "address",
            "online_url",
            "description",
            "items",
            "registration",
            "can_register",
            "can_cancel",
        ]


class RegistrationOut(serializers.ModelSerializer):
    """A registration as the steering group sees it on the meeting page and the attendance page."""

    user = MeetingPersonOut(read_only=True)
    status = NamedChoiceField(Registration.Status.choices, enum_name="RegistrationStatusEnum", read_only=True)
    note = serializers.CharField(read_only=True, help_text=_("Dieet- of toegankelijkheidswensen."))
    attended = serializers.BooleanField(read_only=True, allow_null=True, help_text=_("Leeg: nog niet bijgehouden."))

    class Meta:
        model = Registration
        fields = ["id", "user", "status", "note", "attended", "created_at"]


class MeetingStatementOut(serializers.ModelSerializer):
    class Meta:
        model = Statement
        fields = ["id", "position", "text"]


class MeetingCardOut(serializers.ModelSerializer):
    kind = NamedChoiceField(Contribution.Kind.choices, enum_name="ContributionKindEnum", read_only=True)
    statement = serializers.PrimaryKeyRelatedField[Statement](
        read_only=True, allow_null=True, help_text=_("De stelling waar de kaart bij hoort.")
    )

    class Meta:
        model = Contribution
        fields = ["id", "kind", "heading", "statement", "text"]


class MeetingReportItemOut(serializers.ModelSerializer):
    attachments = MeetingAttachmentOut(many=True, read_only=True, source="files")
    statements = MeetingStatementOut(many=True, read_only=True)
    cards = MeetingCardOut(many=True, read_only=True, source="contributions")

    class Meta:
        model = AgendaItem
        fields = ["id", "title", "attachments", "statements", "cards"]


class MeetingReportPollOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    results = PollResultsOut(allow_null=True, help_text=_("Na de sluiting."))


class MeetingReportOut(serializers.ModelSerializer):
    theme = serializers.SlugRelatedField[Theme](slug_field="slug", read_only=True, allow_null=True)
    published = serializers.BooleanField(read_only=True, source="report_is_published")
    report_audience = NamedChoiceField(Meeting.ReportAudience.choices, enum_name="ReportAudienceEnum", read_only=True)
    items = MeetingReportItemOut(
        many=True, read_only=True, source="api_items", help_text=_("Agendapunten met uitkomsten.")
    )
    polls = MeetingReportPollOut(many=True, read_only=True, source="api_polls")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "starts_at",
            "venue",
            "theme",
            "published",
            "report_published_at",
            "report_audience",
            "report",
            "items",
            "polls",
        ]


# Input -------------------------------------------------------------------------------------------------


class MeetingRegistrationIn(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        default="",
        error_messages={"invalid": MSG_NOTE_TEXT},
        help_text=_("Dieet- of toegankelijkheidswensen; alleen de regiegroep ziet ze."),
    )


def _with(meeting: Meeting, **extras: object) -> Meeting:
    """The meeting with what its serializer shows besides the model's own fields (the ``source="api_..."``
    fields), decided by the view as the page's view decides its template context."""
    for name, value in extras.items():
        setattr(meeting, name, value)
    return meeting


# The view ----------------------------------------------------------------------------------------------


class MeetingViewSet(KoersViewSet):
    """Network meetings (members; concepts only for the steering group). The report is public once it is
    published for everyone."""

    serializer_class = MeetingDetailOut
    input_serializer_class = {"registration": MeetingRegistrationIn}
    filter_form = MeetingFilterForm
    # Who may call which action: as the pages for the list, the meeting, the report and the registrations.
    action_perms = {
        "list": {"GET": VIEW},
        "retrieve": {"GET": VIEW},
        "report": {"GET": PUBLIC},
        "registration": {"POST": VIEW},
        "cancel_registration": {"DELETE": VIEW},
        "registrations": {"GET": MANAGE},
    }

    # The member's own place on the waiting list, shown with their registration (MyRegistrationOut).
    waiting_before: int | None = None
    # The list, as the meetings page: the same for every member (organisers see concepts too) until a meeting
    # changes, someone signs up or cancels, or a meeting ends; whether the caller signed up is set per caller.
    kept_topics = (*selectors.LIST_TOPICS.split(), "institutions")  # the host
    kept_actions = ("list",)  # not the registrations of a meeting, for its organisers

    def kept_viewer(self) -> object:
        return (self.request.user.has_perm(MANAGE), selectors.changes_until())

    def for_reader(self, rows: list[dict]) -> None:
        mine = selectors.registered_for(user=self.signed_in_user(), meeting_ids=[row["id"] for row in rows])
        for row in rows:
            row["signed_up"] = row["id"] in mine

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The action is known from here on. A method no action answers is refused as the list is, so members get
        # a plain 405.
        self.perms = self.action_perms.get(self.action, {"*": VIEW})
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "waiting_before": self.waiting_before}

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        by_action: dict[str, type[serializers.BaseSerializer]] = {
            "list": MeetingOut,
            "report": MeetingReportOut,
            "registration": MyRegistrationOut,
            "registrations": RegistrationOut,
        }
        return by_action.get(self.action, MeetingDetailOut)

    def get_queryset(self) -> QuerySet[Meeting]:
        """Only the model, for the schema; the list and each meeting are read through the selectors below."""
        return Meeting.objects.none()

    def _meetings(self) -> QuerySet[Meeting]:
        meetings = selectors.meetings_visible_to(user=self.signed_in_user())
        filters = self.filters()
        now = timezone.now()
        order = ["-starts_at", "-id"]
        if filters.get("when") == "komend":
            meetings, order = meetings.filter(ends_at__gt=now), ["starts_at", "id"]
        elif filters.get("when") == "eerder":
            meetings = meetings.filter(ends_at__lte=now)
        if filters.get("status"):
            meetings = meetings.filter(status=filters["status"])
        if filters.get("theme"):
            meetings = meetings.filter(theme=filters["theme"])
        for word in filters.get("q", "").split():
            meetings = meetings.filter(Q(title__icontains=word) | Q(venue__icontains=word))
        return meetings.order_by(*order)

    def get_object(self) -> Meeting:
        """A meeting the member may see: concepts only for the steering group; to others a concept is not found."""
        user = self.signed_in_user()
        meeting = get_object_or_404(selectors.meetings_with_counts(user=user), pk=self.kwargs["pk"])
        if not selectors.meeting_visible(meeting=meeting, user=user):
            raise exceptions.NotFound()  # as for a missing id, so that concepts cannot be found by probing
        return meeting

    def _registration_state(self, meeting: Meeting) -> selectors.RegistrationState:
        state = selectors.registration_state(meeting=meeting, user=self.signed_in_user())
        self.waiting_before = state.waiting_before
        return state

    def list(self, request: Request) -> Response:
        return self.paged(self._meetings())

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        state = self._registration_state(meeting)
        return self.output(
            _with(
                meeting,
                api_items=selectors.agenda(meeting=meeting, user=request.user),
                api_registration=state.mine,
                api_can_register=state.can_register,
                api_can_cancel=state.can_cancel,
            )
        )

    @extend_schema(
        description=_(
            "Het verslag met de uitkomsten van de agendapunten en de peilingen tijdens de bijeenkomst. "
            "Iedereen leest het als het voor iedereen is gepubliceerd, leden als het gepubliceerd is, "
            "de regiegroep altijd."
        )
    )
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        meeting = get_object_or_404(Meeting.objects.select_related("theme", "host"), pk=pk)
        if not selectors.meeting_exists_for(meeting=meeting, user=request.user):
            raise exceptions.NotFound()  # a concept, as for a missing id
        if not selectors.report_visible(meeting=meeting, user=request.user):
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied()
        items = selectors.report_items(meeting=meeting, user=request.user)
        polls = [
            {"id": poll.pk, "title": poll.title, "results": None if results is None else results_out(poll, results)}
            for poll, results in selectors.report_polls(meeting=meeting)
        ]
        return self.output(_with(meeting, api_items=items, api_polls=polls))

    @extend_schema(
        request=MeetingRegistrationIn,
        responses={201: MyRegistrationOut},
        description=_(
            "Meld je aan. Is de bijeenkomst vol, dan kom je op de wachtlijst (status wachtlijst); je krijgt "
            "een bevestiging per e-mail. Wie al is aangemeld, krijgt 409."
        ),
    )
    @action(detail=True, methods=["post"])
    def registration(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        if request.data is None:
            raise exceptions.ValidationError([MSG_NO_OBJECT])
        data = self.input()
        services.registration_create(meeting=meeting, user=self.signed_in_user(), note=data["note"])
        mine = self._registration_state(meeting).mine
        return Response(self.get_serializer(mine).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={204: None, 409: OpenApiResponse(description=_("Je bent niet aangemeld."))},
        description=_(
            "Meld je af. Komt er een plaats vrij, dan schuift de eerste op de wachtlijst door. Wie niet is "
            "aangemeld, krijgt 409."
        ),
    )
    @registration.mapping.delete
    def cancel_registration(self, request: Request, pk: str | None = None) -> Response:
        services.registration_cancel(meeting=self.get_object(), user=self.signed_in_user())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses=RegistrationOut(many=True),
        parameters=form_parameters(RegistrationFilterForm),
        description=_(
            "De aanmeldingen met wensen en aanwezigheid, voor de regiegroep: eerst wie een plaats heeft, dan "
            "de wachtlijst."
        ),
    )
    @action(detail=True, methods=["get"])
    def registrations(self, request: Request, pk: str | None = None) -> Response:
        meeting = get_object_or_404(Meeting, pk=pk)
        filters = form_filters(RegistrationFilterForm, request.query_params)
        return self.paged(selectors.registrations(meeting=meeting, status=filters.get("status", "")))


ROUTES = [("meetings", MeetingViewSet, "meeting")]
