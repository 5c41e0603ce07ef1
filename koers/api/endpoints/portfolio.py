from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from koers.members.models import Institution
from koers.members.selectors import active_members, institution_chosen
from koers.portfolio import selectors, services
from koers.portfolio.forms import PortfolioFilterForm, ProjectForm
from koers.portfolio.models import Project
from koers.themes.models import Theme

from ..base import KoersViewSet
from ..fields import ModelIn, SlugIn, slug_list
from ..permissions import MEMBER
from ..serializers import PersonOut

MSG_OWN_ONLY = _("Je mag alleen projecten van je eigen instelling beheren.")
MSG_MOVED = _("Een project verhuist niet naar een andere instelling.")
MSG_NO_INSTITUTION = _("Geef de instelling op (instelling = korte naam); je account hoort bij geen instelling.")


class ProjectOut(serializers.ModelSerializer):
    institution = serializers.SlugRelatedField[Institution](slug_field="slug", read_only=True)
    themes = serializers.SlugRelatedField[Theme](slug_field="slug", many=True, read_only=True)
    partners = serializers.SlugRelatedField[Institution](slug_field="slug", many=True, read_only=True)
    contact = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "institution",
            "title",
            "description",
            "status",
            "start_date",
            "end_date",
            "themes",
            "horizon",
            "domain",
            "budget_band",
            "contact",
            "partners",
            "last_reviewed",
        ]

    @extend_schema_field(PersonOut(allow_null=True))
    def get_contact(self, project: Project) -> dict[str, Any] | None:
        contact = selectors.shown_contact(project=project)
        return PersonOut(contact).data if contact is not None else None


class ProjectIn(ModelIn):
    institution = SlugIn[Institution](
        queryset=Institution.objects.all(),
        required=False,
        help_text=_("Alleen nodig voor wie projecten van een andere instelling beheert; anders je eigen."),
    )
    themes = slug_list(Theme.objects.all())
    partners = slug_list(Institution.objects.all(), required=False)
    contact = serializers.PrimaryKeyRelatedField(queryset=active_members(), required=False, allow_null=True)

    class Meta:
        model = Project
        fields = ["institution", *ProjectForm.Meta.fields]  # the fields of the page's form


class ProjectViewSet(KoersViewSet):
    """Projects of the member institutions. Members change only their own institution's projects."""

    perms = {"GET": "portfolio.view_project", "POST": "portfolio.add_project", "*": MEMBER}
    object_perms = {"PUT": "portfolio.change_project", "PATCH": "portfolio.change_project"}
    object_perms |= {"DELETE": "portfolio.change_project"}
    serializer_class = ProjectOut
    input_serializer_class = ProjectIn
    filter_form = PortfolioFilterForm
    kept_topics = ("portfolio", "institutions", "themes", "members")  # the contact, as they share themselves

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.projects().prefetch_related("partners")

    def get_object(self) -> Project:
        project = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, project)
        return project

    def list(self, request: Request) -> Response:
        return self.paged(selectors.projects(**self.filters()).prefetch_related("partners"))

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return self.output(self.get_object())

    def create(self, request: Request) -> Response:
        user = self.signed_in_user()
        data = self.input()
        institution = institution_chosen(user=user, named=data.pop("institution", None))
        if institution is None:
            raise exceptions.ValidationError({"institution": [MSG_NO_INSTITUTION]})
        if not user.has_perm("portfolio.change_project", Project(institution=institution)):
            raise exceptions.PermissionDenied(MSG_OWN_ONLY)
        project = services.project_create(institution=institution, data=data)
        return self.output(self.get_queryset().get(pk=project.pk), status_code=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None) -> Response:
        return self._update(partial=False)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self._update(partial=True)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.project_delete(project=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, *, partial: bool) -> Response:
        project = self.get_object()
        data = self.input(partial=partial)
        if "institution" in data and data.pop("institution") != project.institution:
            raise exceptions.ValidationError({"institution": [MSG_MOVED]})
        full = {
            "themes": list(project.themes.all()),
            "partners": list(project.partners.all()),
            **data,
        }
        services.project_update(project=project, data=full)
        return self.output(self.get_queryset().get(pk=project.pk))


ROUTES = [("projects", ProjectViewSet, "project")]
