"""The main navigation: at most seven groups, each with its pages, chosen by who is signed in.

One place describes the groups, so the header, the narrow-screen menu and the section bar under the header
agree. A page belongs to the group of its URL namespace (and for a few shared namespaces, its URL name); the
group of the current page is marked with aria-current. Breadcrumbs start from the same groups.
"""

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from koers.core.links import plain_url

HOME_URL_NAME = "dashboard:home"


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url_name: str
    namespaces: tuple[str, ...] = ()
    url_names: tuple[str, ...] = ()
    permission: str = ""
    query: str = ""  # a fixed query string: the same page filtered, e.g. "mijn=1"
    needs_institution: bool = False

    def visible_to(self, user) -> bool:
        if self.permission and not user.has_perm(self.permission):
            return False
        return not self.needs_institution or bool(getattr(user, "institution_id", None))

    def matches(self, namespace: str, url_name: str) -> bool:
        full = f"{namespace}:{url_name}"
        return full == self.url_name or full in self.url_names or namespace in self.namespaces


@dataclass(frozen=True)
class Group:
    key: str
    label: str | Promise
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
            Link(_("Mijn portfolio"), "portfolio:my-portfolio", needs_institution=True),
            Link(_("Dekking"), "portfolio:coverage"),
            Link(
                _("Importeren"),
                "portfolio:import-start",
                url_names=("portfolio:import-preview",),
                needs_institution=True,
            ),
        ),
        namespaces=("portfolio",),
    ),
    Group(
        "roadmap",
        _("Roadmap"),
        (
            Link(_("Landelijk"), "roadmap:national", url_names=("roadmap:cell",)),
            Link(_("Mijn instelling"), "roadmap:own", url_names=("roadmap:ambition-edit",), needs_institution=True),
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
            Link(_("Alle adviezen"), "advice:advice-list"),
            Link(_("Mijn werkgroepen"), "advice:advice-list", query="mijn=1"),
            Link(_("Transparantie"), "advice:transparency"),
        ),
        namespaces=("advice",),
    ),
    Group(
        "network",
        _("Netwerk"),
        (
            Link(_("Wat is er nieuw"), "activity:feed", namespaces=("activity",)),
            Link(_("Leden"), "members:directory", url_names=("members:profile",)),
            Link(
                _("Instellingen"),
                "members:institution-list",
                url_names=("members:institution-detail", "members:institution-edit"),
            ),
            Link(_("Thema's"), "themes:theme-list", namespaces=("themes",)),
            Link(_("Documenten"), "documents:library", namespaces=("documents",)),
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
    Group(
        "roadmap",
        _("Roadmap"),
        (
            Link(_("Landelijk"), "roadmap:national", url_names=("roadmap:cell",)),
            Link(_("Referentielijst"), "roadmap:reference-list", url_names=("roadmap:reference-item",)),
        ),
        namespaces=("roadmap",),
    ),
    Group(
        "themes",
        _("Thema's"),
        (
            Link(_("Thema's"), "themes:theme-list", namespaces=("themes",)),
            Link(_("Wat is er nieuw"), "activity:feed", namespaces=("activity",)),
        ),
    ),
    Group(
        "advice",
        _("Adviezen"),
        (Link(_("Adviezen"), "advice:transparency", namespaces=("advice",)),),
    ),
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: str  # the value of aria-current: "page", "true" or "" (not current)


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    url: str
    current: bool
    links: tuple[NavLink, ...]


class Navigation(tuple[NavGroup, ...]):
    """The groups a visitor sees on a page, with their HTML (the header shows the groups twice: wide and in the
    narrow-screen menu; the section bar shows the current group's pages). Kept and shared between requests, so
    everything here depends only on what the cache key holds."""

    @cached_property
    def groups_html(self) -> str:
        return render_to_string("core/_nav_groups.html", {"nav": self})

    @cached_property
    def section_html(self) -> str:
        return render_to_string("core/_section_bar.html", {"nav": self})


# The fixed query strings of links: the only part of a page's query string the navigation depends on.
LINK_QUERIES = frozenset(link.query for group in MEMBER_GROUPS + GUEST_GROUPS for link in group.links if link.query)


def navigation(user, namespace: str, url_name: str, query: str = "") -> Navigation:
    """The groups this user sees, with their visible links, the current group and link marked.

    ``query`` is the current query string: a link with a fixed query (the same page filtered) is the current
    one only when the page shows that filter. The groups depend on little (who is signed in and what they may
    see, the page, its filter, the language and the site's address prefix), so each combination is built once
    per process and shared.
    """
    member = user.is_authenticated
    groups = MEMBER_GROUPS if member else GUEST_GROUPS
    visible = tuple(tuple(link.visible_to(user) for link in group.links) for group in groups)
    parameters = frozenset(query.split("&")) & LINK_QUERIES if query else frozenset()
    return _navigation(member, visible, namespace, url_name, parameters, get_language(), get_script_prefix())


@lru_cache(maxsize=4096)
def _navigation(
    member: bool,
    visible: tuple[tuple[bool, ...], ...],
    namespace: str,
    url_name: str,
    parameters: frozenset[str],
    _language: str,  # the labels are translated into it
    _script_prefix: str,  # the links are reversed under it
) -> Navigation:
    result = []
    for group, shown in zip(MEMBER_GROUPS if member else GUEST_GROUPS, visible, strict=True):
        links = [link for link, show in zip(group.links, shown, strict=True) if show]
        if not links:
            continue
        is_current = group.matches(namespace, url_name)
        # The most specific link wins: an exact URL name (with its query, if any) before a whole namespace.
        exact = [link for link in links if _exact(link, namespace, url_name)]
        filtered = [link for link in exact if link.query and link.query in parameters]
        plain = [link for link in exact if not link.query]
        exact = filtered or plain
        chosen = exact[0] if exact else next((link for link in links if link.matches(namespace, url_name)), None)
        if chosen is None and is_current:
            chosen = links[0]  # a page of the group that has no link of its own: under the group's first page
        # aria-current: "page" on the link to this very page, "true" on the section a deeper page belongs to.
        this_page = chosen is not None and chosen.url_name == f"{namespace}:{url_name}" and bool(exact)
        marks = {id(chosen): "page" if this_page else "true"} if chosen else {}
        nav_links = tuple(NavLink(str(link.label), _url(link), marks.get(id(link), "")) for link in links)
        result.append(NavGroup(group.key, str(group.label), nav_links[0].url, is_current, nav_links))
    return Navigation(result)


def _url(link: Link) -> str:
    url = plain_url(link.url_name)
    return f"{url}?{link.query}" if link.query else url


def _exact(link: Link, namespace: str, url_name: str) -> bool:
    full = f"{namespace}:{url_name}"
    return full == link.url_name or full in link.url_names


def current_group(groups: tuple[NavGroup, ...]) -> NavGroup | None:
    return next((group for group in groups if group.current), None)


# Pages outside the groups that breadcrumbs can lead back to.
OTHER_LABELS = {
    HOME_URL_NAME: _("Start"),
    "accounts:profile": _("Mijn profiel"),
    "notifications:list": _("Meldingen"),
    "opendata:index": _("Open data"),
    "accounts:login": _("Inloggen"),
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


# Pages outside the groups and the page they belong under.
PARENTS = {
    "notifications:preferences": "notifications:list",
    "accounts:password-change": "accounts:profile",
    "members:consent": "accounts:profile",
    "privacy:data-export": "accounts:profile",
    "privacy:account-delete": "accounts:profile",
    "tokens:token-list": "accounts:profile",
    "accounts:password-reset-done": "accounts:login",
    "accounts:password-reset": "accounts:login",
}


def default_trail(groups: tuple[NavGroup, ...], url_name: str, title: str) -> list[dict[str, str]]:
    """Start › section › parent › this page, or nothing on the start page and on pages in the navigation."""
    if url_name in ("", HOME_URL_NAME):
        return []
    section = None
    for group in groups:
        for link in group.links:
            if link.current:
                section = link
    if section is not None and section.current == "page":
        return []  # a page of the navigation itself
    steps = [{"label": label_for(HOME_URL_NAME), "url": plain_url(HOME_URL_NAME)}]
    if section is not None:
        steps.append({"label": section.label, "url": section.url})
    parent = PARENTS.get(url_name)
    if parent:
        steps.append({"label": label_for(parent), "url": plain_url(parent)})
    steps.append({"label": title, "url": ""})
    return steps
