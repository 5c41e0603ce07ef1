"""The main navigation: at most seven groups, each with its pages, chosen by who is signed in.

One place describes the groups, so the header, the narrow-screen menu and the section bar under the header
agree. A page belongs to the group of its URL namespace (and for a few shared namespaces, its URL name); the
group of the current page is marked with aria-current. Breadcrumbs start from the same groups.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

HOME_URL_NAME = "dashboard:home"


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    namespaces: tuple[str, ...] = ()
    url_names: tuple[str, ...] = ()
    permission: str = ""

    def matches(self, namespace: str, url_name: str) -> bool:
        full = f"{namespace}:{url_name}"
        return full == self.url_name or full in self.url_names or namespace in self.namespaces


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    links: tuple[Link, ...] = field(default_factory=tuple)
    namespaces: tuple[str, ...] = ()
    url_names: tuple[str, ...] = ()
    permission: str = ""

    def matches(self, namespace: str, url_name: str) -> bool:
        return (
            namespace in self.namespaces
            or f"{namespace}:{url_name}" in self.url_names
            or any(link.matches(namespace, url_name) for link in self.links)
        )


MEMBER_GROUPS: tuple[Group, ...] = (
    Group(
        "portfolio",
        _("Portfolio"),
        (
            Link(_("Projecten"), "portfolio:project-list"),
            Link(_("Mijn portfolio"), "portfolio:my-portfolio"),
            Link(_("Dekking"), "portfolio:coverage"),
            Link(_("Importeren"), "portfolio:import-start", url_names=("portfolio:import-preview",)),
        ),
        namespaces=("portfolio",),
    ),
    Group(
        "roadmap",
        _("Roadmap"),
        (
            Link(_("Landelijk"), "roadmap:national", url_names=("roadmap:cell",)),
            Link(_("Eigen roadmap"), "roadmap:own", url_names=("roadmap:ambition-edit",)),
            Link(
                _("Meerjarenplan"),
                "roadmap:plan",
                url_names=(
                    "roadmap:plan-item",
                    "roadmap:plan-item-create",
                    "roadmap:plan-item-edit",
                    "roadmap:plan-item-move",
                    "roadmap:plan-item-delete",
                ),
            ),
            Link(
                _("Referentielijst"),
                "roadmap:reference-list",
                url_names=(
                    "roadmap:reference-item",
                    "roadmap:reference-item-create",
                    "roadmap:reference-item-edit",
                    "roadmap:reference-item-delete",
                    "roadmap:adoptions",
                ),
            ),
        ),
        namespaces=("roadmap",),
    ),
    Group(
        "polls",
        _("Peilingen"),
        (
            Link(_("Peilingen"), "polls:poll-list", namespaces=("polls",)),
            Link(_("Oproepen"), "calls:call-list", namespaces=("calls",)),
        ),
    ),
    Group(
        "meetings",
        _("Bijeenkomsten"),
        (
            Link(_("Bijeenkomsten"), "meetings:meeting-list"),
            Link(_("Onderwerpen"), "meetings:topic-list", url_names=("meetings:topic-schedule",)),
        ),
        namespaces=("meetings", "comments"),
    ),
    Group(
        "advice",
        _("Adviezen"),
        (
            Link(_("Adviezen"), "advice:advice-list"),
            Link(_("Transparantie"), "advice:transparency"),
        ),
        namespaces=("advice",),
    ),
    Group(
        "network",
        _("Netwerk"),
        (
            Link(_("Leden"), "members:directory"),
            Link(
                _("Instellingen"),
                "members:institution-list",
                url_names=("members:institution-detail", "members:institution-edit"),
            ),
            Link(_("Thema's"), "themes:theme-list", namespaces=("themes",)),
            Link(
                _("Regiegroep"),
                "members:steering-group",
                url_names=("members:position-add", "members:position-end"),
            ),
            Link(_("Vacatures"), "governance:vacancy-list", namespaces=("governance",)),
        ),
    ),
    Group(
        "admin",
        _("Beheer"),
        (
            Link(
                _("Aanvragen"),
                "accounts:membership-request-list",
                url_names=(
                    "accounts:membership-request-detail",
                    "accounts:membership-request-approve",
                    "accounts:membership-request-reject",
                    "accounts:invitation-resend",
                ),
                permission="members.review_membership",
            ),
            Link(_("Auditlog"), "core:audit-log", permission="members.view_audit_log"),
        ),
    ),
)

GUEST_GROUPS: tuple[Group, ...] = (
    Group("roadmap", _("Roadmap"), (Link(_("Roadmap"), "roadmap:national", namespaces=("roadmap",)),)),
    Group("themes", _("Thema's"), (Link(_("Thema's"), "themes:theme-list", namespaces=("themes",)),)),
    Group(
        "advice",
        _("Adviezen"),
        (Link(_("Adviezen"), "advice:transparency", namespaces=("advice",)),),
    ),
)


@dataclass
class NavLink:
    label: str
    url: str
    current: bool


@dataclass
class NavGroup:
    key: str
    label: str
    url: str
    current: bool
    links: list[NavLink]


def navigation(user, namespace: str, url_name: str) -> list[NavGroup]:
    """The groups this user sees, with their visible links, the current group and link marked."""
    groups = MEMBER_GROUPS if user.is_authenticated else GUEST_GROUPS
    result = []
    for group in groups:
        links = [link for link in group.links if not link.permission or user.has_perm(link.permission)]
        if not links:
            continue
        current_group = group.matches(namespace, url_name)
        # The most specific link wins: an exact URL name before a whole namespace.
        exact = [link for link in links if _exact(link, namespace, url_name)]
        chosen = exact[0] if exact else next((link for link in links if link.matches(namespace, url_name)), None)
        nav_links = [NavLink(str(link.label), reverse(link.url_name), link is chosen) for link in links]
        result.append(NavGroup(group.key, str(group.label), nav_links[0].url, current_group, nav_links))
    return result


def _exact(link: Link, namespace: str, url_name: str) -> bool:
    full = f"{namespace}:{url_name}"
    return full == link.url_name or full in link.url_names


def current_group(groups: list[NavGroup]) -> NavGroup | None:
    return next((group for group in groups if group.current), None)


# Pages outside the groups that breadcrumbs can lead back to.
OTHER_LABELS = {
    HOME_URL_NAME: _("Start"),
    "accounts:profile": _("Mijn profiel"),
    "notifications:list": _("Meldingen"),
    "opendata:index": _("Open data"),
}


def label_for(url_name: str) -> str:
    """The label of a page that has one fixed name: a navigation link or one of OTHER_LABELS."""
    if url_name in OTHER_LABELS:
        return str(OTHER_LABELS[url_name])
    for group in MEMBER_GROUPS + GUEST_GROUPS:
        for link in group.links:
            if link.url_name == url_name:
                return str(link.label)
    raise KeyError(url_name)
