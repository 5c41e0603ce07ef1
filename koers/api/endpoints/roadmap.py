"""Ambitions, the multi-year plan, the reference list and its adoption."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Field as ModelField
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from koers.accounts.models import User
from koers.members.forms import InstitutionProfileFilterForm
from koers.members.models import Institution
from koers.members.selectors import active_members, institution_chosen
from koers.roadmap import selectors, services
from koers.roadmap.forms import MemberReferenceFilterForm, PlanFilterForm, ReferenceFilterForm
from koers.roadmap.models import Adoption, AdoptionState, Ambition, PlanItem, ReferenceItem, check_adoption_answer
from koers.themes.forms import theme_filter_field
from koers.themes.models import Theme

from ..base import SLUG, KoersViewSet
from ..fields import ModelIn, SlugIn, slug_list
from ..permissions import PUBLIC
from ..serializers import PersonOut

MSG_NO_INSTITUTION = _("Geef de instelling op (instelling = korte naam); je account hoort bij geen instelling.")
MSG_OTHER_INSTITUTION = _("Je mag alleen de gegevens van je eigen instelling veranderen.")


def institution_for(user: User, data: dict[str, Any], perm: str) -> Institution:
    """The institution a write is for: the one named, else the member's own; refused if not theirs to change."""
    institution = institution_chosen(user=user, named=data.pop("institution", None))
    if institution is None:
        raise exceptions.ValidationError({"institution": [MSG_NO_INSTITUTION]})
    if not user.has_perm(perm, institution):
        raise exceptions.PermissionDenied(MSG_OTHER_INSTITUTION)
    return institution


def _default(model: type[Model], name: str) -> Any:
    """The model's default for a field that a create leaves out."""
    field = model._meta.get_field(name)
    assert isinstance(field, ModelField), f"{model.__name__}.{name} is not a column"
    return field.get_default()


def institution_field() -> SlugIn[Institution]:
    return SlugIn(
        queryset=Institution.objects.all(),
        required=False,
        help_text=_("Alleen nodig voor wie een andere instelling bijhoudt; anders je eigen."),
    )


# Ambitions -----------------------------------------------------------------------------------------


class AmbitionFilterForm(InstitutionProfileFilterForm):
    institution = forms.ModelChoiceField(
        label=_("Instelling"), queryset=Institution.objects.all(), to_field_name="slug", required=False
    )
    theme = theme_filter_field()


class AmbitionOut(serializers.ModelSerializer):
    institution = serializers.SlugRelatedField[Institution](slug_field="slug", read_only=True)
    theme = serializers.SlugRelatedField[Theme](slug_field="slug", read_only=True)

    class Meta:
        model = Ambition
        fields = ["id", "institution", "theme", "start_year", "start_half", "level", "readiness", "note", "updated_at"]


class AmbitionIn(ModelIn):
    institution = institution_field()
    theme = SlugIn[Theme](queryset=Theme.objects.all())

    class Meta:
        model = Ambition
        fields = ["institution", "theme", "start_year", "start_half", "level", "readiness", "note"]
        validators: list[Callable[..., None]] = []  # one ambition per theme: saving again replaces it (as on the site)


class AmbitionViewSet(KoersViewSet):
    """Each institution's ambition per theme. POST sets (or replaces) one; members change only their own."""

    perms = {"GET": "roadmap.view_detail", "*": "roadmap.view_detail"}
    serializer_class = AmbitionOut
    input_serializer_class = AmbitionIn
    filter_form = AmbitionFilterForm
    kept_topics = ("roadmap", "institutions", "themes")

    def get_queryset(self) -> QuerySet[Ambition]:
        return Ambition.objects.select_related("institution", "theme").order_by("institution__name", "theme__name")

    def _ambition(self) -> Ambition:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def list(self, request: Request) -> Response:
        filters = self.filters()
        queryset = self.get_queryset()
        for name, lookup in (
            ("institution", "institution"),
            ("theme", "theme"),
            ("kind", "institution__kind"),
            ("size_band", "institution__size_band"),
        ):
            if name in filters:
                queryset = queryset.filter(**{lookup: filters[name]})
        return self.paged(queryset)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return self.output(self._ambition())

    @extend_schema(responses={200: AmbitionOut, 201: AmbitionOut})
    def create(self, request: Request) -> Response:
        user = self.signed_in_user()
        data = dict(self.input())
        institution = institution_for(user, data, "roadmap.change_ambition")
        theme = data.pop("theme")
        existed = Ambition.objects.filter(institution=institution, theme=theme).exists()
        fields = {name: data.get(name, _default(Ambition, name)) for name in services.FIELDS}
        ambition = services.ambition_save(actor=user, institution=institution, theme=theme, data=fields)
        return self.output(
            self.get_queryset().get(pk=ambition.pk),
            status_code=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        user = self.signed_in_user()
        ambition = self._ambition()
        if not user.has_perm("roadmap.change_ambition", ambition.institution):
            raise exceptions.PermissionDenied(MSG_OTHER_INSTITUTION)
        data = self.input(partial=True)
        if (
            data.get("institution", ambition.institution) != ambition.institution
            or data.get("theme", ambition.theme) != ambition.theme
        ):
            raise exceptions.ValidationError({"theme": [_("Instelling en thema van een ambitie liggen vast.")]})
        fields = {name: data.get(name, getattr(ambition, name)) for name in services.FIELDS}
        services.ambition_save(actor=user, institution=ambition.institution, theme=ambition.theme, data=fields)
        return self.output(self._ambition())

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        user = self.signed_in_user()
        ambition = self._ambition()
        if not user.has_perm("roadmap.change_ambition", ambition.institution):
            raise exceptions.PermissionDenied(MSG_OTHER_INSTITUTION)
        services.ambition_remove(actor=user, institution=ambition.institution, theme=ambition.theme)
        return Response(status=status.HTTP_204_NO_CONTENT)


# The multi-year plan -------------------------------------------------------------------------------


class PlanItemOut(serializers.ModelSerializer):
    theme = serializers.SlugRelatedField[Theme](slug_field="slug", read_only=True)
    owner = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = ["id", "rank", "title", "description", "theme", "year", "status", "owner", "updated_at"]

    @extend_schema_field(PersonOut(allow_null=True))
    def get_owner(self, item: PlanItem) -> dict[str, Any] | None:
        owner = item.owner
        return PersonOut(owner).data if owner is not None and owner.is_active else None


class PlanItemIn(ModelIn):
    theme = SlugIn[Theme](queryset=Theme.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=active_members(), required=False, allow_null=True)
    position = serializers.IntegerField(
        min_value=1,
        max_value=100_000,
        required=False,
        allow_null=True,
        help_text=_("Plaats in de prioriteitenvolgorde (1 is de hoogste); leeg: nieuw onderaan, bestaand blijft."),
    )

    class Meta:
        model = PlanItem
        fields = ["title", "description", "theme", "year", "status", "owner", "position"]


class PlanItemViewSet(KoersViewSet):
    """The network's multi-year plan in priority order (members read; the steering group keeps it)."""

    perms = {"GET": "roadmap.view_detail", "*": "roadmap.change_plan"}
    serializer_class = PlanItemOut
    input_serializer_class = PlanItemIn
    filter_form = PlanFilterForm
    kept_topics = ("roadmap", "themes", "members")  # the owner

    def get_queryset(self) -> QuerySet[PlanItem]:
        return selectors.plan_items()

    def _item(self) -> PlanItem:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def list(self, request: Request) -> Response:
        return self.paged(selectors.plan_items(**self.filters()))

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return self.output(self._item())

    def create(self, request: Request) -> Response:
        data = dict(self.input())
        position = data.pop("position", None)
        data.setdefault("owner", None)
        item = services.plan_item_save(actor=self.signed_in_user(), item=None, data=self._full(data), position=position)
        return self.output(self.get_queryset().get(pk=item.pk), status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        item = self._item()
        data = dict(self.input(partial=True))
        position = data.pop("position", None)
        fields = {name: data.get(name, getattr(item, name)) for name in services.PLAN_FIELDS}
        services.plan_item_save(actor=self.signed_in_user(), item=item, data=fields, position=position)
        return self.output(self._item())

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.plan_item_delete(actor=self.signed_in_user(), item=self._item())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _full(data: dict[str, Any]) -> dict[str, Any]:
        defaults = {"description": "", "status": PlanItem._meta.get_field("status").default}
        return {name: data.get(name, defaults.get(name)) for name in services.PLAN_FIELDS}


# The reference list and its adoption --------------------------------------------------------------


class AdoptionCountsOut(serializers.Serializer):
    in_use = serializers.IntegerField()
    planned = serializers.IntegerField()
    not_applicable = serializers.IntegerField()


class ReferenceItemOut(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField[Theme](slug_field="slug", many=True, read_only=True)
    adoption = serializers.SerializerMethodField()

    class Meta:
        model = ReferenceItem
        fields = [
            "slug",
            "name",
            "kind",
            "recommendation",
            "recommendation_since",
            "rationale",
            "link",
            "themes",
            "adoption",
            "updated_at",
        ]

    @extend_schema_field(AdoptionCountsOut)
    def get_adoption(self, item: ReferenceItem) -> dict[str, int]:
        return {field: getattr(item, field) for field in selectors.ADOPTION_COUNTS}


class ReferenceItemIn(ModelIn):
    themes = slug_list(Theme.objects.all(), required=False)

    class Meta:
        model = ReferenceItem
        fields = ["name", "kind", "recommendation", "rationale", "link", "themes"]


class ReferenceItemViewSet(KoersViewSet):
    """The reference list with national adoption counts (public). Members may also narrow the counts by
    the kind and size of institution; the steering group keeps the list."""

    perms = {"GET": PUBLIC, "*": "roadmap.change_reference"}
    serializer_class = ReferenceItemOut
    input_serializer_class = ReferenceItemIn
    filter_form: type[ReferenceFilterForm] = MemberReferenceFilterForm
    kept_topics = ("roadmap", "themes", "institutions")  # counts narrowed by the kind and size of institution
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet[ReferenceItem]:
        return selectors.reference_items()

    def _item(self) -> ReferenceItem:
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def filters(self) -> dict:
        if not selectors.profile_filters_allowed(user=self.request.user):
            self.filter_form = ReferenceFilterForm
        return super().filters()

    def list(self, request: Request) -> Response:
        return self.paged(selectors.reference_items(**self.filters()))

    def retrieve(self, request: Request, slug: str | None = None) -> Response:
        return self.output(self._item())

    def create(self, request: Request) -> Response:
        data = {name: _default(ReferenceItem, name) for name in services.REFERENCE_FIELDS}
        data |= {"themes": [], **self.input()}
        item = services.reference_item_save(actor=self.signed_in_user(), item=None, data=data)
        return self.output(self.get_queryset().get(pk=item.pk), status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, slug: str | None = None) -> Response:
        item = self._item()
        data = self.input(partial=True, instance=item)  # the unique name check leaves out the item itself
        fields = {name: data.get(name, getattr(item, name)) for name in services.REFERENCE_FIELDS}
        fields["themes"] = data.get("themes", list(item.themes.all()))
        services.reference_item_save(actor=self.signed_in_user(), item=item, data=fields)
        return self.output(self._item())

    def destroy(self, request: Request, slug: str | None = None) -> Response:
        services.reference_item_delete(actor=self.signed_in_user(), item=self._item())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdoptionFilterForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Instelling"), queryset=Institution.objects.all(), to_field_name="slug", required=False
    )
    item = forms.ModelChoiceField(
        label=_("Referentie-item"), queryset=ReferenceItem.objects.all(), to_field_name="slug", required=False
    )
    state = forms.ChoiceField(label=_("Stand"), choices=[("", ""), *AdoptionState.choices], required=False)


class AdoptionOut(serializers.ModelSerializer):
    institution = serializers.SlugRelatedField[Institution](slug_field="slug", read_only=True)
    item = serializers.SlugRelatedField[ReferenceItem](slug_field="slug", read_only=True)

    class Meta:
        model = Adoption
        fields = ["institution", "item", "state", "note", "updated_at"]


class AdoptionIn(serializers.Serializer):
    institution = institution_field()
    item = SlugIn[ReferenceItem](queryset=ReferenceItem.objects.all())
    state = serializers.ChoiceField(
        choices=[("", _("Nog niet ingevuld")), *AdoptionState.choices],
        help_text=_("Leeg haalt het antwoord van de instelling weg."),
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        check_adoption_answer(state=data["state"], note=data["note"])  # DRF names the field from the error
        return data


class AdoptionViewSet(KoersViewSet):
    """Where each institution stands with each reference item (members). POST records one answer."""

    perms = {"GET": "roadmap.view_detail", "POST": "roadmap.view_detail"}
    serializer_class = AdoptionOut
    input_serializer_class = AdoptionIn
    filter_form = AdoptionFilterForm
    kept_topics = ("roadmap", "institutions")

    def list(self, request: Request) -> Response:
        filters = self.filters()
        queryset = Adoption.objects.select_related("institution", "item").order_by("institution__name", "item__name")
        for name in ("institution", "item", "state"):
            if name in filters:
                queryset = queryset.filter(**{name: filters[name]})
        return self.paged(queryset)

    @extend_schema(responses={200: AdoptionOut, 204: None})
    def create(self, request: Request) -> Response:
        user = self.signed_in_user()
        data = dict(self.input())
        institution = institution_for(user, data, "roadmap.change_adoption")
        item = data["item"]
        services.adoptions_save(actor=user, institution=institution, choices={item.pk: (data["state"], data["note"])})
        adoption = Adoption.objects.select_related("institution", "item").filter(institution=institution, item=item)
        if not adoption:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.output(adoption.get())


ROUTES = [
    ("ambitions", AmbitionViewSet, "ambition"),
    ("plan-items", PlanItemViewSet, "plan-item"),
    ("reference-items", ReferenceItemViewSet, "reference-item"),
    ("adoptions", AdoptionViewSet, "adoption"),
]
