from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from koers.themes.models import Agenda, Theme

from ..base import SLUG, KoersViewSet
from ..permissions import PUBLIC


class ThemeFilterForm(forms.Form):
    agenda = forms.ModelChoiceField(
        label=_("Agenda"), queryset=Agenda.objects.all(), to_field_name="slug", required=False
    )
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)


class AgendaOut(serializers.ModelSerializer):
    class Meta:
        model = Agenda
        fields = ["slug", "name", "start_year", "end_year"]


class ThemeOut(serializers.ModelSerializer):
    agenda = AgendaOut(read_only=True)
    related = serializers.SlugRelatedField[Theme](slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["slug", "name", "line", "description", "agenda", "related"]


class ThemeViewSet(mixins.RetrieveModelMixin, KoersViewSet):
    """The strategic themes, agenda by agenda (public, as on the site)."""

    perms = {"GET": PUBLIC}
    serializer_class = ThemeOut
    filter_form = ThemeFilterForm
    kept_topics = ("themes",)
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet[Theme]:
        queryset = (
            Theme.objects.select_related("agenda")
            .prefetch_related(Prefetch("related", queryset=Theme.objects.only("slug").order_by("slug")))
            .order_by("agenda__start_year", "agenda__name", "name", "pk")
        )
        if self.action != "list":
            return queryset
        filters = self.filters()
        if filters.get("agenda"):
            queryset = queryset.filter(agenda=filters["agenda"])
        for word in filters.get("q", "").split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return queryset

    def list(self, request: Request) -> Response:
        return self.paged(self.get_queryset())


ROUTES = [("themes", ThemeViewSet, "theme")]
