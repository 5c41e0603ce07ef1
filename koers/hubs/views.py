"""A theme's hub, an institution's hub and a member's profile. Every piece comes from a selector of the app that
owns it, which applies that app's rules for the viewer; these views only decide which sections a viewer gets."""

import functools
from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from koers.advice import selectors as advice_selectors
from koers.core import derived
from koers.core.access import public, requires
from koers.documents import selectors as document_selectors
from koers.meetings import selectors as meeting_selectors
from koers.members import selectors as member_selectors
from koers.members.models import Institution
from koers.polls import selectors as poll_selectors
from koers.portfolio import derived as portfolio_derived
from koers.portfolio import selectors as portfolio_selectors
from koers.roadmap import selectors as roadmap_selectors
from koers.themes.models import Theme
from koers.themes.selectors import theme_with_related

if TYPE_CHECKING:
    from koers.accounts.http import AuthenticatedHttpRequest


# The projects a theme's hub names per institution; its portfolio page lists them all.
HUB_COLLEGE_PROJECTS = 3
# The experts a theme's hub names; the member directory, filtered on the theme, lists them all.
HUB_EXPERTS = 12


@public
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    derived.pin()  # before the theme is read: its parts are kept under generations from before that read
    try:
        theme = theme_with_related(slug=slug)
    except Theme.DoesNotExist:
        return render(request, "404.html", status=404)
    user = request.user

    # The parts below are the same for every visitor who may see them: each is worked out only when the template
    # does not find it kept in the shared cache ({% cached_until %}), and then once.
    @functools.cache
    def advice() -> list:
        return list(advice_selectors.advice_for_theme(theme=theme))

    def milestones() -> list:
        # An advice with a target date is a milestone on the roadmap (as on the national table), soonest first.
        dated = (item for item in advice() if item.target_year)
        return sorted(dated, key=lambda a: (a.target_year, a.target_quarter, a.pk))

    @functools.cache
    def experts() -> dict[str, object]:
        cards, count = member_selectors.experts_on(theme=theme, limit=HUB_EXPERTS)
        return {"cards": cards, "count": count}

    context: dict[str, object] = {
        "theme": theme,
        "heat_row": functools.cache(lambda: roadmap_selectors.theme_heat_row(theme=theme)),
        "reference_items": functools.cache(lambda: list(roadmap_selectors.reference_items(theme=theme))),
        "advice": advice,
        "milestones": functools.cache(milestones),
        # The newest documents on this theme the viewer may open; the library lists them all.
        "documents": list(document_selectors.library(user=user, theme=theme).order_by("-updated_at", "-pk")[:10]),
        "members_view": user.is_authenticated,
        "sees_colleges": user.has_perm("portfolio.view_project"),
        "sees_plan": user.has_perm("roadmap.view_detail"),
        "college_topics": portfolio_derived.KEPT_TOPICS,
        "roadmap_topics": roadmap_selectors.kept_topics(),  # the heat row, the plan, its milestones
        "expert_topics": member_selectors.CARD_TOPICS,
        "today": timezone.localdate(),  # the heat row starts with this year
    }
    if context["sees_colleges"]:
        context["colleges"] = functools.cache(
            lambda: portfolio_selectors.theme_colleges(theme=theme, first=HUB_COLLEGE_PROJECTS)
        )
    if context["sees_plan"]:
        context["plan_items"] = functools.cache(lambda: list(roadmap_selectors.plan_items(theme=theme)))
    # The meetings: the same for every member (organisers see concepts too) until a meeting changes or one ends.
    meetings = functools.cache(lambda: meeting_selectors.meetings_for_theme(theme=theme, user=user))
    context["meetings"] = lambda: {"upcoming": meetings()[0], "past": meetings()[1]}
    context["meeting_topics"] = "meetings themes"
    context["sees_meetings"] = (user.has_perm("meetings.view_meeting"), user.has_perm("meetings.manage_meeting"))
    context["meetings_until"] = meeting_selectors.changes_until  # called only when the section shows
    if user.has_perm("polls.view_poll"):
        context["polls"] = poll_selectors.polls_for_theme(theme=theme, user=user)
    context["sees_experts"] = user.has_perm("members.view_directory")
    if context["sees_experts"]:
        context["experts"] = experts
    return render(request, "hubs/theme_detail.html", context)


# The projects an institution's hub lists; the portfolio, filtered on the institution, has them all.
HUB_PROJECTS = 15


@requires("members.view_institution")
def institution_detail(request: "AuthenticatedHttpRequest", slug: str) -> HttpResponse:
    derived.pin()  # before the institution is read: its parts are kept under generations from before that read
    institution = get_object_or_404(Institution, slug=slug)

    # The members, projects, roadmap and reference list are the same for every member who sees the hub: each is
    # worked out only when the template does not find it kept in the shared cache ({% cached_until %}).
    @functools.cache
    def projects() -> dict[str, object]:
        first, count = portfolio_selectors.institution_projects_first(institution=institution, limit=HUB_PROJECTS)
        return {"rows": first, "count": count}

    context = {
        "institution": institution,
        "cards": functools.cache(
            lambda: member_selectors.member_cards(member_selectors.institution_members(institution=institution))
        ),
        "current_positions": list(member_selectors.positions_current(institution=institution)),
        "upcoming_positions": list(member_selectors.positions_upcoming(institution=institution)),
        "former_positions": list(member_selectors.positions_former(institution=institution)),
        "projects": projects,
        "roadmap": functools.cache(lambda: roadmap_selectors.own_roadmap(institution=institution)),
        "reference_stand": functools.cache(lambda: roadmap_selectors.reference_stand(institution=institution)),
        "meetings_attended": meeting_selectors.meetings_attended(institution=institution),
        "polls_answered": poll_selectors.polls_answered(institution=institution),
        "member_topics": member_selectors.CARD_TOPICS,
        "project_topics": portfolio_derived.KEPT_TOPICS,
        "roadmap_topics": roadmap_selectors.KEPT_TOPICS,
        # Whether a member is new changes with the day.
        "today": timezone.localdate(),
    }
    return render(request, "hubs/institution_detail.html", context)


@requires("members.view_directory")
def member_profile(request: "AuthenticatedHttpRequest", pk: int) -> HttpResponse:
    derived.pin()  # before the member is read: their profile is kept under generations from before that read
    try:
        member = member_selectors.profile_member(pk=pk)
    except member_selectors.active_members().model.DoesNotExist as missing:
        raise Http404 from missing

    @functools.cache
    def profile() -> dict[str, object]:
        """Worked out only when the profile is not kept in the shared cache (the template calls it)."""
        card, positions = member_selectors.profile_data(member)
        projects = list(portfolio_selectors.contact_projects(user=member))
        return {"card": card, "positions": positions, "projects": projects}

    context = {
        "member": member,
        "profile": profile,
        # The same for every member who reads it (but the member themself, who gets a link to what they share):
        # kept until a member, what they share, an institution, a theme, a project or a position changes;
        # whether they are new and which positions are current change with the day.
        "topics": f"{member_selectors.CARD_TOPICS} {portfolio_derived.KEPT_TOPICS} positions",
        "own": member.pk == request.user.pk,
        "today": timezone.localdate(),
    }
    return render(request, "hubs/member_profile.html", context)
