from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers

from koers.members.forms import InstitutionProfileFilterForm
from koers.members.models import Institution
from koers.members.selectors import institutions_with_counts

from ..base import SLUG, KoersViewSet


class InstitutionFilterForm(InstitutionProfileFilterForm):
    q = forms.CharField(label=_("Zoek op naam of plaats"), required=False, max_length=100)


class InstitutionOut(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Institution
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "city",
            "website",
            "institution_code",
            "schac_home",
            "size_band",
            "member_count",
        ]


class InstitutionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, KoersViewSet):
    """The member institutions of the network (members only, as on the site)."""

    perms = {"*": "members.view_institution"}
    serializer_class = InstitutionOut
    filter_form = InstitutionFilterForm
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet[Institution]:
        queryset = institutions_with_counts()
        if self.action != "list":
            return queryset
        filters = self.filters()
        if filters.get("kind"):
            queryset = queryset.filter(kind=filters["kind"])
        if filters.get("size_band"):
            queryset = queryset.filter(size_band=filters["size_band"])
        for word in filters.get("q", "").split():
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(short_name__icontains=word) | Q(city__icontains=word)
            )
        return queryset


ROUTES = [("institutions", InstitutionViewSet, "institution")]
