"""Reads for members and institutions.

Contact details leave this module only as ``MemberCard``: a card carries a field only when its owner
consented to share it, so a page, export or API built on cards cannot show an unconsented field.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Window, prefetch_related_objects
from django.utils import timezone

from .models import Consent, ConsentEvent, Institution, Position, SharedField

if TYPE_CHECKING:  # only the types: accounts sits above members
    from koers.accounts.models import User
    from koers.themes.models import Theme

# A queryset of users, kept with whatever it was annotated with.
Users = TypeVar("Users", bound="QuerySet[User]")


@dataclass(frozen=True)
class MemberCard:
    pk: int
    full_name: str
    institution: Institution | None
    is_new: bool
    email: str | None = None
    phone: str | None = None
    job_title: str | None = None
    expertise: list["Theme"] = field(default_factory=list)
    shares_expertise: bool = False


# What a kept part (koers.core.derived) that shows member cards depends on: the members (names, what they share,
# their expertise), their institutions and the themes of their expertise.
CARD_TOPICS = "members institutions themes"


def active_members() -> "QuerySet[User]":
    return get_user_model().objects.filter(is_active=True, anonymised_at__isnull=True)


def with_card_data(queryset: Users, *, expertise: bool = True) -> Users:
    related = ("consents", "expertise") if expertise else ("consents",)
    return queryset.select_related("institution").prefetch_related(*related)


def member_card(user: "User", *, expertise: bool = True) -> MemberCard:
    """``expertise=False``: a card for a list that names people and how to reach them, without their expertise
    (which then is not read)."""
    shared = {consent.field for consent in user.consents.all()}
    return MemberCard(
        pk=user.pk,
        full_name=user.full_name,
        institution=user.institution,
        is_new=user.is_new,
        email=user.email if SharedField.EMAIL in shared else None,
        phone=(user.phone or None) if SharedField.PHONE in shared else None,
        job_title=(user.job_title or None) if SharedField.JOB_TITLE in shared else None,
        expertise=list(user.expertise.all()) if expertise and SharedField.EXPERTISE in shared else [],
        shares_expertise=SharedField.EXPERTISE in shared,
    )


def member_cards(users: "Iterable[User]", *, expertise: bool = True) -> list[MemberCard]:
    if isinstance(users, QuerySet):
        # Without expertise: what a queryset such as institution_members() prefetched is read no more.
        users = with_card_data(users if expertise else users.prefetch_related(None), expertise=expertise)
    return [member_card(user, expertise=expertise) for user in users]


def institution_members(*, institution: Institution) -> "QuerySet[User]":
    return with_card_data(active_members().filter(institution=institution)).order_by("full_name")


def directory_search(
    *, query: str = "", institution: Institution | None = None, theme: "Theme | None" = None
) -> "QuerySet[User]":
    # Technical accounts (administrators without an institution) are not network members to look up.
    members = active_members().exclude(is_staff=True, institution__isnull=True)
    for word in query.split():  # "dekker lucas" finds Lucas Dekker
        members = members.filter(full_name__icontains=word)
    if institution is not None:
        members = members.filter(institution=institution)
    if theme is not None:
        # Only expertise its owner shares may be searched on.
        members = members.filter(
            Exists(get_user_model().expertise.through.objects.filter(user_id=OuterRef("pk"), theme=theme)),
            Exists(Consent.objects.filter(user_id=OuterRef("pk"), field=SharedField.EXPERTISE)),
        )
    return with_card_data(members).order_by("full_name", "pk")


def institution_chosen(
    *, user: "User | AnonymousUser", slug: str = "", named: Institution | None = None
) -> Institution | None:
    """The institution a page or an API call is about: the one named (by ``slug`` in a page's address, as an
    object in an API body), else the member's own; None when neither. An unknown slug raises
    Institution.DoesNotExist. Whether the member may change that institution's data is the caller's rules check.
    """
    if slug:
        return Institution.objects.get(slug=slug)
    if named is not None:
        return named
    return user.institution if user.is_authenticated else None


def institutions_with_counts() -> QuerySet[Institution]:
    return Institution.objects.annotate(
        member_count=Count("members", filter=Q(members__is_active=True, members__anonymised_at__isnull=True))
    ).order_by("name")


def positions_current(*, institution: Institution | None = None) -> QuerySet[Position]:
    positions = Position.objects.current().select_related("user", "institution")
    if institution is not None:
        positions = positions.filter(institution=institution)
    return positions.order_by("kind", "user__full_name")


def positions_former(*, institution: Institution | None = None) -> QuerySet[Position]:
    positions = Position.objects.former().select_related("user", "institution")
    if institution is not None:
        positions = positions.filter(institution=institution)
    return positions.order_by("-end_date", "kind")


def positions_upcoming(*, institution: Institution | None = None) -> QuerySet[Position]:
    positions = Position.objects.filter(start_date__gt=timezone.localdate()).select_related("user", "institution")
    if institution is not None:
        positions = positions.filter(institution=institution)
    return positions.order_by("start_date", "kind")


def steering_group_members() -> "QuerySet[User]":
    return (
        active_members()
        .filter(pk__in=Position.objects.current().values("user_id"))
        .prefetch_related(Prefetch("positions", queryset=Position.objects.current()))
    )


def steering_group_recipients() -> "list[User]":
    """Who hears about steering-group work: current position holders, or administrators if none."""
    people = list(steering_group_members())
    return people or list(active_members().filter(is_superuser=True))


def new_members() -> "QuerySet[User]":
    """Members in their first meeting year, newest first, so the network can welcome them."""
    return with_card_data(active_members().filter(new_until__gte=timezone.localdate())).order_by("-date_joined", "pk")


def consents_of(*, user: "User") -> dict[str, Consent]:
    """The member's current consents by field."""
    return {consent.field: consent for consent in Consent.objects.filter(user=user)}


def has_chosen_sharing(*, user: "User") -> bool:
    """Whether this member has made a choice about what they share: any consent given or withdrawn, ever.

    Saving the consent page without changing anything records nothing, so a member who keeps sharing nothing
    counts as having chosen only once they gave (and perhaps withdrew) a consent.
    """
    return sharing_choices(user=user).exists()


def sharing_choices(*, user: "User") -> QuerySet[ConsentEvent]:
    """Every consent this member gave or withdrew (see ``has_chosen_sharing``)."""
    return ConsentEvent.objects.filter(user=user)


# The hubs: a theme's experts and a member's profile ------------------------------------------------------


def experts_on(*, theme: "Theme", limit: int) -> tuple[list[MemberCard], int]:
    """The first ``limit`` members (by name) who list ``theme`` as expertise and share their expertise, as cards,
    and how many there are in all (one query and the cards' prefetches; the directory filtered on the theme lists
    them all)."""
    users = list(directory_search(theme=theme).annotate(total=Window(Count("pk")))[:limit])
    return member_cards(users), (int(users[0].total) if users else 0)


def profile_member(*, pk: int) -> "User":
    """A current member for their profile page. A former (deactivated) or erased member raises DoesNotExist, as
    does a technical account without an institution."""
    return active_members().exclude(is_staff=True, institution__isnull=True).select_related("institution").get(pk=pk)


def profile_data(member: "User") -> tuple[MemberCard, list[Position]]:
    """What the profile page shows of ``member`` (from ``profile_member``): their card and their current
    positions."""
    prefetch_related_objects([member], "consents", "expertise")
    return member_card(member), list(Position.objects.current().filter(user=member).order_by("kind"))
