"""Advice: the list (members see the working overview, guests the transparency list), one advice as its page
shows it to each role, and its details, lifecycle, text, follow-up and following, all through
koers.advice.services, so the API keeps the same rules and messages as the pages."""

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from koers.advice import selectors, services
from koers.advice.forms import AdviceFilterForm, AdviceForm
from koers.advice.models import Advice, Decision, FollowUp, Status, WorkingGroupMember
from koers.documents.selectors import files_of
from koers.themes.models import Theme

from ..base import KoersViewSet
from ..exceptions import Conflict
from ..fields import SlugIn
from ..filters import form_filters, form_parameters
from ..permissions import MEMBER, PUBLIC
from ..serializers import StrictInput, many_data, service_reasons

if TYPE_CHECKING:  # the type of a model with annotations exists only in the stubs
    from django_stubs_ext import WithAnnotations

# Long texts have a ceiling, so that a runaway script gets a clear 400 instead of filling the database.
MAX_TEXT = 20_000
MAX_BODY = 200_000
MAX_VERSION = 2**31 - 1
MAX_BUDGET = 2**31 - 1  # an integer column on PostgreSQL; SQLite would take more, so say it here for both

MSG_STATUS_BY_TRANSITION = _("De status verandert alleen met een stap: POST naar /api/v1/advice/<id>/transition/.")
MSG_TEXT_BY_TEXT = _("De tekst verandert alleen met een nieuwe versie: PUT naar /api/v1/advice/<id>/text/.")
MSG_BOOLEAN = _("Kies true of false.")
MSG_NO_STEP = _("Je mag dit advies in deze fase geen stap verder zetten.")
MSG_STALE = _(
    "Iemand anders heeft de tekst intussen opgeslagen (nu versie %(version)s). Haal het advies opnieuw op, "
    "verwerk je wijzigingen in die versie en stuur base_version %(version)s mee."
)


# Output ------------------------------------------------------------------------------------------------


class AdvicePersonOut(serializers.Serializer):
    name = serializers.CharField(source="full_name")


class AdviceWorkingGroupMemberOut(serializers.Serializer):
    name = serializers.CharField(source="user.full_name")
    institution = serializers.CharField(source="user.institution.name", allow_null=True)
    is_lead = serializers.BooleanField()


class AdviceLatestFollowUpOut(serializers.Serializer):
    date = serializers.DateField()
    progress = serializers.IntegerField()
    status = serializers.ChoiceField(choices=FollowUp.Progress.choices)


class AdviceBaseOut(serializers.ModelSerializer):
    """What the list and the page both show: the themes, and the last change for members only."""

    themes = serializers.SlugRelatedField[Theme](slug_field="slug", many=True, read_only=True)
    updated_at = serializers.SerializerMethodField(help_text=_("Alleen voor leden; null voor gasten."))

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_updated_at(self, advice: Advice) -> str | None:
        return serializers.DateTimeField().to_representation(advice.updated_at) if self.context["members"] else None


class AdviceListRow(TypedDict):
    """What selectors.advice_list adds to each advice."""

    latest_follow_up_date: datetime.date | None
    latest_progress: int | None
    latest_follow_up_status: str | None
    leads: list[WorkingGroupMember]


class AdviceListOut(AdviceBaseOut):
    """One row of the list: what the transparency page shows everyone, plus the lead for members."""

    latest_follow_up = serializers.SerializerMethodField()
    lead = serializers.SerializerMethodField(help_text=_("Alleen voor leden; null voor gasten."))

    class Meta:
        model = Advice
        fields = [
            "id",
            "title",
            "themes",
            "status",
            "status_changed_at",
            "decision",
            "decision_date",
            "decision_rationale",
            "target_year",
            "target_quarter",
            "budget",
            "funding",
            "latest_follow_up",
            "lead",
            "updated_at",
        ]

    @extend_schema_field(AdviceLatestFollowUpOut(allow_null=True))
    def get_latest_follow_up(self, advice: "WithAnnotations[Advice, AdviceListRow]") -> dict[str, Any] | None:
        if advice.latest_follow_up_date is None:
            return None
        latest = {
            "date": advice.latest_follow_up_date,
            "progress": advice.latest_progress,
            "status": advice.latest_follow_up_status,
        }
        return AdviceLatestFollowUpOut(latest).data

    @extend_schema_field(AdvicePersonOut(allow_null=True))
    def get_lead(self, advice: "WithAnnotations[Advice, AdviceListRow]") -> dict[str, Any] | None:
        if not self.context["members"] or not advice.leads:
            return None
        return AdvicePersonOut(advice.leads[0].user).data


class AdviceLinkOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class AdvicePlanItemOut(AdviceLinkOut):
    year = serializers.IntegerField()


class AdviceMeetingOut(AdviceLinkOut):
    starts_at = serializers.DateTimeField()


class AdviceAttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField(help_text=_("In bytes."))
    url = serializers.CharField(source="get_absolute_url", help_text=_("Downloadadres op de site (ingelogd)."))


class AdviceTimelineEventOut(serializers.Serializer):
    date = serializers.DateField(source="when")
    kind = serializers.ChoiceField(choices=["poll", "meeting", "status", "follow_up"])
    title = serializers.CharField()
    text = serializers.CharField()
    actor = serializers.SerializerMethodField(help_text=_("Wie de stap zette; alleen voor leden."))
    progress = serializers.IntegerField(allow_null=True)

    @extend_schema_field(AdvicePersonOut(allow_null=True))
    def get_actor(self, event: selectors.Event) -> dict[str, Any] | None:
        if not self.context["members"] or event.actor is None:
            return None
        return AdvicePersonOut(event.actor).data


class AdviceFollowUpOut(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "date", "text", "done_by", "progress", "status", "created_at"]


class AdviceAllowedOut(serializers.Serializer):
    change = serializers.BooleanField(help_text=_("Gegevens wijzigen (PATCH)."))
    edit_text = serializers.BooleanField(help_text=_("Tekst wijzigen (PUT .../text/)."))
    add_follow_up = serializers.BooleanField(help_text=_("Opvolging toevoegen (POST .../follow-ups/)."))
    transitions = serializers.ListField(
        child=serializers.ChoiceField(choices=Status.choices), help_text=_("Statussen waar jij het advies nu heen zet.")
    )


class AdviceOut(AdviceBaseOut):
    """One advice as its page shows it to the one asking: the text only to those who may read it, names only to
    members, comments not here (see /api/v1/comments/)."""

    endorsement_poll = AdviceLinkOut(read_only=True, allow_null=True)
    plan_items = AdvicePlanItemOut(many=True, read_only=True)
    polls = AdviceLinkOut(many=True, read_only=True)
    meetings = AdviceMeetingOut(many=True, read_only=True)
    summary = serializers.SerializerMethodField(help_text=_("Null voor wie de tekst (nog) niet mag lezen."))
    body = serializers.SerializerMethodField(help_text=_("Markdown; null voor wie de tekst (nog) niet mag lezen."))
    version = serializers.SerializerMethodField(help_text=_("Stuur dit nummer als base_version bij PUT .../text/."))
    attachments = serializers.SerializerMethodField()
    working_group = serializers.SerializerMethodField(help_text=_("Alleen voor leden; null voor gasten."))
    timeline = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()
    following = serializers.SerializerMethodField(help_text=_("Of jij het advies volgt; null voor gasten."))
    allowed = serializers.SerializerMethodField(help_text=_("Wat jij nu met dit advies mag doen."))

    class Meta:
        model = Advice
        fields = [
            "id",
            "title",
            "themes",
            "question",
            "status",
            "status_changed_at",
            "decision",
            "decision_date",
            "decision_rationale",
            "target_year",
            "target_quarter",
            "budget",
            "funding",
            "endorsement_poll",
            "plan_items",
            "polls",
            "meetings",
            "summary",
            "body",
            "version",
            "attachments",
            "working_group",
            "timeline",
            "follow_ups",
            "following",
            "allowed",
            "updated_at",
        ]

    def to_representation(self, advice: Advice) -> dict[str, Any]:
        # What the page decides once per request, decided once here too.
        self._access = selectors.advice_access(advice=advice, user=self.context["request"].user)
        self._entries = list(selectors.follow_ups(advice=advice))
        return super().to_representation(advice)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_summary(self, advice: Advice) -> str | None:
        return advice.summary if self._access.read_text else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body(self, advice: Advice) -> str | None:
        return advice.body if self._access.read_text else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_version(self, advice: Advice) -> int | None:
        return advice.version if self._access.read_text else None

    @extend_schema_field(AdviceAttachmentOut(many=True, allow_null=True))
    def get_attachments(self, advice: Advice) -> list[dict[str, Any]] | None:
        if not self._access.read_text:
            return None
        return many_data(AdviceAttachmentOut, files_of(target=advice, user=self.context["request"].user))

    @extend_schema_field(AdviceWorkingGroupMemberOut(many=True, allow_null=True))
    def get_working_group(self, advice: Advice) -> list[dict[str, Any]] | None:
        if not self.context["members"]:
            return None
        return many_data(AdviceWorkingGroupMemberOut, selectors.working_group(advice=advice))

    @extend_schema_field(AdviceTimelineEventOut(many=True))
    def get_timeline(self, advice: Advice) -> list[dict[str, Any]]:
        members = self.context["members"]
        changes = selectors.status_changes(advice=advice)
        events = selectors.timeline(advice=advice, changes=changes, entries=self._entries, members=members)
        return many_data(AdviceTimelineEventOut, events, context=self.context)

    @extend_schema_field(AdviceFollowUpOut(many=True))
    def get_follow_ups(self, advice: Advice) -> list[dict[str, Any]]:
        return many_data(AdviceFollowUpOut, self._entries)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_following(self, advice: Advice) -> bool | None:
        user = self.context["request"].user
        return selectors.is_following(advice=advice, user=user) if self.context["members"] else None

    @extend_schema_field(AdviceAllowedOut)
    def get_allowed(self, advice: Advice) -> dict[str, Any]:
        access = self._access
        return {
            "change": access.change,
            "edit_text": access.edit_text,
            "add_follow_up": access.add_follow_up,
            "transitions": access.transitions,
        }


class AdviceFollowOut(serializers.Serializer):
    following = serializers.BooleanField()


# Input -------------------------------------------------------------------------------------------------


LINKS = ("themes", "plan_items", "polls", "meetings")


class AdviceIn(StrictInput, serializers.ModelSerializer):
    """What the advice is about (as the page's form "Gegevens bewerken"); its text and status change apart."""

    themes = SlugIn[Theme](many=True, queryset=Theme.objects.all(), allow_empty=False)
    unknown_field_messages = {
        "status": MSG_STATUS_BY_TRANSITION,
        "summary": MSG_TEXT_BY_TEXT,
        "body": MSG_TEXT_BY_TEXT,
    }

    class Meta:
        model = Advice
        fields = AdviceForm.Meta.fields  # the fields of the page's form
        extra_kwargs = {
            "question": {"max_length": MAX_TEXT},
            "budget": {"max_value": MAX_BUDGET},
            "plan_items": {"help_text": _("Nummers van onderdelen van het meerjarenplan.")},
            "polls": {"help_text": _("Nummers van gepubliceerde peilingen (niet die van de regiegroep).")},
            "meetings": {"help_text": _("Nummers van bijeenkomsten (geen concepten).")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same choices as the page's form: no steering polls, no draft meetings.
        form = AdviceForm()
        for name in ("plan_items", "polls", "meetings"):
            field, choices = self.fields[name], form.fields[name]
            assert isinstance(field, serializers.ManyRelatedField) and isinstance(choices, forms.ModelChoiceField)
            field.child_relation.queryset = choices.queryset


class AdviceCreateIn(AdviceIn):
    unknown_field_messages = {"status": MSG_STATUS_BY_TRANSITION, "body": MSG_TEXT_BY_TEXT}

    class Meta(AdviceIn.Meta):
        fields = [*AdviceIn.Meta.fields, "summary"]
        extra_kwargs = {**AdviceIn.Meta.extra_kwargs, "summary": {"max_length": MAX_TEXT}}


class AdviceTransitionIn(StrictInput):
    to = serializers.ChoiceField(choices=Status.choices, help_text=_("De nieuwe status."))
    note = serializers.CharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Toelichting; verplicht bij intrekken. Openbaar vanaf het aanbieden aan de Adviesraad."),
    )
    decision = serializers.ChoiceField(
        choices=Decision.choices, required=False, allow_blank=True, default="", help_text=_("Alleen naar besluit.")
    )
    decision_rationale = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text=_("Alleen naar besluit.")
    )
    decision_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Alleen naar besluit.")
    )
    endorsement_closes_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Alleen naar consultatie, alleen door de regiegroep: opent een steunpeiling tot dit moment."),
    )


class AdviceTextIn(StrictInput):
    summary = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    body = serializers.CharField(max_length=MAX_BODY, allow_blank=True, help_text=_("Markdown."))
    base_version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text=_("De versie waarop je wijziging voortbouwt (version).")
    )


class AdviceFollowUpIn(StrictInput, serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["date", "text", "done_by", "progress", "status"]
        extra_kwargs = {"text": {"max_length": MAX_TEXT}}


class AdviceFollowIn(StrictInput):
    following = serializers.BooleanField(help_text=_("true: volgen; false: niet (meer) volgen."))


class StrictBooleanField(forms.BooleanField):
    """true/false (or 1/0) in the address; anything else is a 400, where a page would read it as "on"."""

    def to_python(self, value: object) -> bool:
        if value in ("", None, False, "false", "False", "0"):
            return False
        if value in (True, "true", "True", "1"):
            return True
        raise forms.ValidationError(MSG_BOOLEAN, code="invalid")


class AdviceListFilterForm(AdviceFilterForm):
    mijn = StrictBooleanField(
        required=False, widget=forms.HiddenInput, label=_("Alleen de adviezen van mijn werkgroepen (leden).")
    )


class AdviceFollowUpFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Stand van zaken"), choices=[("", ""), *FollowUp.Progress.choices], required=False
    )
    since = forms.DateField(label=_("Vanaf datum (JJJJ-MM-DD)"), required=False)


# The endpoint ------------------------------------------------------------------------------------------


class AdviceViewSet(KoersViewSet):
    """Advice of the network's working groups. Everyone reads the list and each advice as the site shows it
    to them; the steering group creates advice and runs the lifecycle, the working group writes the text."""

    perms = {"GET": PUBLIC, "*": MEMBER}
    serializer_class = AdviceOut
    input_serializer_class = {
        "create": AdviceCreateIn,
        "partial_update": AdviceIn,
        "transition": AdviceTransitionIn,
        "text": AdviceTextIn,
        "follow_ups": AdviceFollowUpIn,
        "follow": AdviceFollowIn,
    }
    filter_form = AdviceListFilterForm
    kept_topics = ("advice", "themes", "members")  # the lead's name

    def get_queryset(self) -> QuerySet[Advice]:
        return Advice.objects.all()

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        by_action: dict[str, type[serializers.BaseSerializer]] = {
            "list": AdviceListOut,
            "follow_ups": AdviceFollowUpOut,
            "follow": AdviceFollowOut,
        }
        return by_action.get(self.action, AdviceOut)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        user = getattr(self.request, "user", None)
        context["members"] = bool(user is not None and user.has_perm("advice.view_advice"))
        return context

    def kept_viewer(self) -> object:
        """Members see the lead and the last change; with "mijn", only their own working groups."""
        user = self.request.user
        members = user.has_perm("advice.view_advice")
        return (members, user.pk if members and self.request.query_params.get("mijn") else None)

    def _advice(self) -> Advice:
        return get_object_or_404(Advice.objects.all(), pk=self.kwargs["pk"])

    def _detail(self, pk: int | str | None) -> Advice:
        return get_object_or_404(selectors.with_links().select_related("endorsement_poll"), pk=pk)

    def _require(self, perm: str, advice: Advice | None = None) -> None:
        if not self.request.user.has_perm(perm, advice):
            raise exceptions.PermissionDenied()

    # Reading

    def list(self, request: Request) -> Response:
        """Members: the working overview ("mijn" = only your working groups). Guests: the transparency list."""
        filters = self.filters()
        mine = filters.pop("mijn", False)
        if mine and request.user.has_perm("advice.view_advice"):
            filters["mine"] = request.user
        return self.paged(selectors.advice_list(filters=filters))

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return self.output(self._detail(pk))

    # Details

    def create(self, request: Request) -> Response:
        """A new advice starts as an idea (steering group)."""
        self._require("advice.manage_advice")
        data, links = self._split(self.input())
        advice = services.advice_create(actor=self.signed_in_user(), data=data, links=links)
        return self.output(self._detail(advice.pk), status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change what the advice is about: the steering group, or the lead while the advice is being written."""
        advice = self._advice()
        self._require("advice.change_advice", advice)
        data, links = self._split(self.input(partial=True))
        if data or links:  # an empty PATCH changes nothing, so it records nothing either
            services.advice_update(actor=self.signed_in_user(), advice=advice, data=data, links=links)
        return self.output(self._detail(advice.pk))

    @staticmethod
    def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        links = {name: data[name] for name in LINKS if name in data}
        return {name: value for name, value in data.items() if name not in LINKS}, links

    # Lifecycle, text, follow-up, following

    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """One step in the lifecycle, by the role the step table names (see the README)."""
        user = self.signed_in_user()
        advice = self._advice()
        if not selectors.transitions_for(actor=user, advice=advice):
            raise exceptions.PermissionDenied(MSG_NO_STEP)
        data = self.input()
        decision = services.DecisionData(data["decision"], data["decision_rationale"], data["decision_date"])
        with service_reasons():
            services.advice_transition(
                actor=user,
                advice=advice,
                to=data["to"],
                note=data["note"],
                decision=decision,
                endorsement_closes_at=data["endorsement_closes_at"],
            )
        return self.output(self._detail(advice.pk))

    @action(detail=True, methods=["put"])
    def text(self, request: Request, pk: str | None = None) -> Response:
        """Save a new version of the text (working group, steering group) until it is offered to the Adviesraad.
        Built on an older version than the current one: 409, nothing saved."""
        advice = self._advice()
        self._require("advice.edit_text", advice)
        data = self.input()
        try:
            services.text_save(
                actor=self.signed_in_user(),
                advice=advice,
                summary=data["summary"],
                body=data["body"],
                base_version=data["base_version"],
            )
        except services.VersionConflict as conflict:
            raise Conflict(MSG_STALE % {"version": conflict.version}) from conflict
        return self.output(self._detail(advice.pk))

    @extend_schema(
        methods=["GET"], responses=AdviceFollowUpOut(many=True), parameters=form_parameters(AdviceFollowUpFilterForm)
    )
    @extend_schema(methods=["POST"], responses={status.HTTP_201_CREATED: AdviceFollowUpOut})
    @action(detail=True, methods=["get", "post"], url_path="follow-ups")
    def follow_ups(self, request: Request, pk: str | None = None) -> Response:
        """What was done with the advice, newest first (public, as on its page). POST adds an entry: the lead or
        the steering group, from the decision until it is done."""
        advice = self._advice()
        if request.method == "POST":
            self._require("advice.add_follow_up", advice)
            entry = services.follow_up_add(actor=self.signed_in_user(), advice=advice, data=dict(self.input()))
            return self.output(entry, status_code=status.HTTP_201_CREATED)
        filters = form_filters(AdviceFollowUpFilterForm, request.query_params)
        return self.paged(selectors.follow_ups(advice=advice, **filters))

    @action(detail=True, methods=["post"])
    def follow(self, request: Request, pk: str | None = None) -> Response:
        """Follow the advice (hear of every step and follow-up), or stop following it."""
        self._require("advice.view_advice")
        user = self.signed_in_user()
        advice = self._advice()
        services.advice_follow(user=user, advice=advice, following=self.input()["following"])
        return Response(AdviceFollowOut({"following": selectors.is_following(advice=advice, user=user)}).data)


ROUTES = [("advice", AdviceViewSet, "advice")]
