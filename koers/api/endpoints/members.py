from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from koers.accounts.models import User
from koers.members.forms import DirectoryFilterForm, InstitutionProfileFilterForm
from koers.members.models import Institution
from koers.members.selectors import (
    CARD_TOPICS,
    MemberCard,
    directory_search,
    institutions_with_counts,
    member_cards,
)

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


class InstitutionViewSet(mixins.RetrieveModelMixin, KoersViewSet):
    """The member institutions of the network (members only, as on the site)."""

    perms = {"*": "members.view_institution"}
    serializer_class = InstitutionOut
    filter_form = InstitutionFilterForm
    kept_topics = ("institutions", "members")  # the member count
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

    def list(self, request: Request) -> Response:
        return self.paged(self.get_queryset())


class MemberOut(serializers.Serializer):
    """A member as their card shows them: name, institution and whether they are new always; each contact field
    only when they share it (a field they keep to themselves is left out, not sent empty)."""

    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    institution = serializers.SlugField(allow_null=True, help_text=_("De instelling (slug)."))
    is_new = serializers.BooleanField(help_text=_("In het eerste jaar van het lidmaatschap."))
    email = serializers.EmailField(required=False, help_text=_("Alleen als het lid dit deelt."))
    phone = serializers.CharField(required=False, help_text=_("Alleen als het lid dit deelt."))
    job_title = serializers.CharField(required=False, help_text=_("Alleen als het lid dit deelt."))
    expertise = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text=_("Thema's (slug); alleen als het lid dit deelt.")
    )

    def to_representation(self, card: MemberCard) -> dict[str, Any]:
        data = {
            "id": card.pk,
            "full_name": card.full_name,
            "institution": card.institution.slug if card.institution else None,
            "is_new": card.is_new,
        }
        for name in ("email", "phone", "job_title"):
            value = getattr(card, name)
            if value is not None:
                data[name] = value
        if card.shares_expertise:
            data["expertise"] = [theme.slug for theme in card.expertise]
        return data


class MemberViewSet(KoersViewSet):
    """The member directory (members only, as on the site): each member with exactly the fields they share,
    from the same member cards as the directory and the profile pages. Filters: name (q), institution and
    expertise theme (slugs)."""

    perms = {"*": "members.view_directory"}
    serializer_class = MemberOut
    filter_form = DirectoryFilterForm
    kept_topics = tuple(CARD_TOPICS.split())  # as the directory's results: the same for every member

    def kept_viewer(self) -> object:
        return timezone.localdate()  # whether a member is new changes with the day

    def get_queryset(self) -> QuerySet[User]:
        filters = self.filters()
        return directory_search(
            query=filters.get("q") or "", institution=filters.get("institution"), theme=filters.get("theme")
        )

    def list(self, request: Request) -> Response:
        return self.paged(self.get_queryset(), rows=member_cards)


ROUTES = [("institutions", InstitutionViewSet, "institution"), ("members", MemberViewSet, "member")]
