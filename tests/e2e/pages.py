"""Every page of the site, per role, on the demo data: the list the width sweep visits (test_pages_*.py).

A page is a URL name with the arguments that open it on the demo data. ``test_every_page_is_in_a_sweep``
(test_pages_guest.py) compares the names here with the URL configuration, so a new page cannot be added
without being visited; what is not a page (POST-only actions, downloads, JSON) is listed in ``NOT_PAGES``
with the reason.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

DEMO_MEMBER = "lid@koers.example"  # Gerda Visser, ROC van Amsterdam, no position
DEMO_CHAIR = "voorzitter@koers.example"  # Annelies de Vries, chair of the steering group


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: Callable[[], dict] | dict = field(default_factory=dict)
    heading: str = ""  # the page's <h1>, where checked
    status: int = 200

    def url(self) -> str:
        kwargs = self.kwargs() if callable(self.kwargs) else self.kwargs
        return reverse(self.name, kwargs=kwargs or None)


# --- arguments looked up in the demo data (at visit time, after load_demo) ---------------------------


def _pk(model: str, **filters) -> Callable[[], dict]:
    def kwargs() -> dict:
        from django.apps import apps

        app, name = model.split(".")
        objects = apps.get_model(app, name).objects.filter(**filters).order_by("pk")
        return {"pk": objects.values_list("pk", flat=True)[0]}

    return kwargs


def _poll(state: str, *, dots: bool):
    from koers.polls.models import Poll, Question

    polls = Poll.objects.filter(election=False).order_by("pk")
    if dots:
        polls = polls.filter(questions__kind=Question.Kind.DOTS)
    return next(poll for poll in polls if poll.state == state)


def _dot_poll() -> dict:
    """The open dot vote."""
    return {"pk": _poll("open", dots=True).pk}


def _closed_poll() -> dict:
    return {"pk": _poll("gesloten", dots=False).pk}


def _question() -> dict:
    poll = _poll("open", dots=True)
    return {"pk": poll.pk, "question": poll.questions.order_by("pk")[0].pk}


def _item() -> dict:
    from koers.meetings.models import AgendaItem

    kinds = [AgendaItem.Kind.WORKSHOP, AgendaItem.Kind.ROUND_TABLE]  # the items with a page of their own
    item = AgendaItem.objects.filter(kind__in=kinds).order_by("-meeting__starts_at", "pk").first()
    assert item is not None
    return {"pk": item.meeting_id, "item": item.pk}


def _past_meeting() -> dict:
    from django.utils import timezone

    from koers.meetings.models import Meeting

    return {"pk": Meeting.objects.filter(starts_at__lt=timezone.now()).order_by("-starts_at")[0].pk}


def _comment() -> dict:
    from koers.accounts.models import User
    from koers.comments.models import Comment

    return {"pk": Comment.objects.filter(author=User.objects.get(email=DEMO_CHAIR)).order_by("pk")[0].pk}


def _own_nomination() -> dict:
    from koers.governance.models import Nomination

    return {"pk": Nomination.objects.filter(nominee__email=DEMO_MEMBER, vacancy__status="open").order_by("pk")[0].pk}


def _topic() -> dict:
    from koers.accounts.models import User
    from koers.meetings.models import Topic

    topic = Topic.objects.create(title="Cloudstrategie", proposed_by=User.objects.get(email=DEMO_MEMBER))
    return {"pk": topic.pk}


def _vacancy_nominations_closed() -> dict:
    """The open vacancy, its nominations closed yesterday: the steering group may start the election."""
    import datetime

    from django.utils import timezone

    from koers.governance.models import Vacancy

    vacancy = Vacancy.objects.filter(status=Vacancy.Status.OPEN).order_by("pk")[0]
    vacancy.nominations_open_until = timezone.localdate() - datetime.timedelta(days=1)
    vacancy.save(update_fields=["nominations_open_until"])
    return {"pk": vacancy.pk}


def _reset_link() -> dict:
    from koers.accounts.models import User

    user = User.objects.get(email=DEMO_MEMBER)
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _invitation() -> dict:
    from koers.accounts.models import User
    from koers.accounts.services import invitation_create
    from koers.members.models import Institution

    email = f"uitgenodigd{User.objects.count()}@koers.example"
    institution = Institution.objects.order_by("pk").first()
    invited = User.objects.create_user(email=email, full_name="Ilona Uitgenodigd", institution=institution)
    return {"token": invitation_create(user=invited)}


def _import_batch() -> dict:
    from koers.accounts.models import User
    from koers.portfolio.importing import COLUMNS
    from koers.portfolio.services import import_preview

    chair = User.objects.get(email=DEMO_CHAIR)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow(["Chatbot studentenservice", "", "gepland", "Data en AI"] + [""] * (len(COLUMNS) - 4))
    writer.writerow(["", "", "lopend", "Onbekend thema"] + [""] * (len(COLUMNS) - 4))
    upload = SimpleUploadedFile("overzicht.csv", text.getvalue().encode(), content_type="text/csv")
    return {"pk": import_preview(actor=chair, institution=chair.institution, upload=upload).pk}


def _roadmap_cell() -> dict:
    from koers.roadmap.models import Ambition

    ambition = Ambition.objects.select_related("theme").order_by("pk")[0]
    return {"slug": ambition.theme.slug, "year": ambition.start_year, "half": ambition.start_half}


def _own_ambition() -> dict:
    from koers.themes.models import Theme

    return {"slug": Theme.objects.order_by("pk")[0].slug}


def _position() -> dict:
    from koers.members.models import Position

    return {"pk": Position.objects.filter(user__email="regiegroep@koers.example", end_date__isnull=True)[0].pk}


def _token() -> dict:
    import datetime

    from django.utils import timezone

    from koers.accounts.models import User
    from koers.api.services import token_create

    chair = User.objects.get(email=DEMO_CHAIR)
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    name = f"Koppeling {chair.access_tokens.count() + 1}"
    token, _raw = token_create(user=chair, name=name, scope="read", expires_on=expires_on)
    return {"pk": token.pk}


INSTITUTION = {"slug": "roc-van-amsterdam"}
THEME = {"slug": "data-ondersteund-onderwijs"}
REFERENCE = {"slug": "open-education-api-ooapi"}

# --- the pages per role ------------------------------------------------------------------------------

GUEST_PAGES = [
    Page("dashboard:home", heading="Koers"),
    Page("activity:feed", heading="Wat is er nieuw"),
    Page("documents:library", heading="Documenten"),
    Page("search:search", heading="Zoeken"),
    Page("themes:theme-list", heading="Thema's"),
    Page("themes:theme-detail", THEME, heading="Data-ondersteund onderwijs"),
    Page("accounts:login", heading="Inloggen"),
    Page("accounts:password-reset", heading="Wachtwoord vergeten"),
    Page("accounts:password-reset-done", heading="Controleer je e-mail"),
    Page("accounts:password-reset-confirm", _reset_link, heading="Nieuw wachtwoord kiezen"),
    Page("accounts:password-reset-complete", heading="Wachtwoord ingesteld"),
    Page("accounts:membership-request", heading="Lid worden van het netwerk"),
    Page("accounts:membership-request-sent", heading="Aanvraag ontvangen"),
    Page("accounts:invitation-accept", _invitation, heading="Kies je wachtwoord"),
    Page("core:accessibility", heading="Toegankelijkheidsverklaring"),
    Page("core:privacy", heading="Privacyverklaring"),
    Page("opendata:index"),
    Page("api:docs"),
    Page("advice:transparency"),
]

MEMBER_PAGES = [
    Page("dashboard:home", heading="Welkom, Gerda"),
    Page("activity:feed", heading="Wat is er nieuw"),
    Page("documents:library", heading="Documenten"),
    Page("documents:document-detail", _pk("documents.Document")),
    Page("documents:document-create"),
    Page("search:search", heading="Zoeken"),
    Page("members:profile", _pk("accounts.User", email=DEMO_MEMBER), heading="Gerda Visser"),
    Page("members:directory", heading="Leden van het netwerk"),
    Page("members:institution-list", heading="Instellingen"),
    Page("members:institution-detail", INSTITUTION, heading="ROC van Amsterdam"),
    Page("members:steering-group", heading="Regiegroep"),
    Page("members:consent", heading="Wat deel ik met het netwerk?"),
    Page("privacy:data-export", heading="Mijn gegevens downloaden"),
    Page("privacy:account-delete", heading="Account verwijderen"),
    Page("notifications:list", heading="Meldingen"),
    Page("notifications:preferences", heading="Meldingsinstellingen"),
    Page("accounts:password-change", heading="Wachtwoord wijzigen"),
    Page("accounts:profile", heading="Mijn profiel"),
    Page("tokens:token-list"),
    Page("portfolio:project-list"),
    Page("portfolio:my-portfolio"),
    Page("roadmap:own"),
    Page("roadmap:adoptions"),
    Page("polls:poll-list"),
    Page("polls:poll-detail", _dot_poll),
    Page("polls:poll-results", _closed_poll),
    Page("calls:call-list"),
    Page("meetings:meeting-list"),
    Page("advice:advice-list"),
    Page("governance:vacancy-list"),
    Page("governance:nomination-withdraw", _own_nomination),
]

STEERING_PAGES = [
    Page("dashboard:home"),
    Page("activity:feed", heading="Wat is er nieuw"),
    Page("documents:library", heading="Documenten"),
    Page("documents:document-detail", _pk("documents.Document")),
    Page("documents:document-edit", _pk("documents.Document")),
    Page("documents:version-upload", _pk("documents.Document")),
    Page("documents:document-delete", _pk("documents.Document")),
    Page("search:search", heading="Zoeken"),
    Page("members:profile", _pk("accounts.User", email=DEMO_CHAIR)),
    Page("core:audit-log"),
    Page("members:institution-detail", {"slug": "horizon-college"}),
    Page("members:institution-edit", INSTITUTION),
    Page("members:position-add"),
    Page("members:position-end", _position),
    Page("accounts:membership-request-list"),
    Page("accounts:membership-request-detail", _pk("accounts.MembershipRequest", status="pending")),
    Page("tokens:token-revoke", _token),
    Page("themes:theme-create"),
    Page("themes:theme-edit", THEME),
    Page("themes:agenda-create"),
    Page("themes:agenda-edit", {"slug": "npuls"}),
    Page("portfolio:coverage"),
    Page("portfolio:theme-portfolio", THEME),
    Page("portfolio:project-create"),
    Page("portfolio:project-detail", _pk("portfolio.Project")),
    Page("portfolio:project-edit", _pk("portfolio.Project")),
    Page("portfolio:project-delete", _pk("portfolio.Project")),
    Page("portfolio:import-start"),
    Page("portfolio:import-preview", _import_batch),
    Page("roadmap:national"),
    Page("roadmap:cell", _roadmap_cell),
    Page("roadmap:ambition-edit", _own_ambition),
    Page("roadmap:plan"),
    Page("roadmap:plan-item", _pk("roadmap.PlanItem")),
    Page("roadmap:plan-item-create"),
    Page("roadmap:plan-item-edit", _pk("roadmap.PlanItem")),
    Page("roadmap:plan-item-delete", _pk("roadmap.PlanItem")),
    Page("roadmap:reference-list"),
    Page("roadmap:reference-item", REFERENCE),
    Page("roadmap:reference-item-create"),
    Page("roadmap:reference-item-edit", REFERENCE),
    Page("roadmap:reference-item-delete", REFERENCE),
    Page("polls:poll-create"),
    Page("polls:poll-detail", _dot_poll),
    Page("polls:poll-edit", _closed_poll),
    Page("polls:poll-questions", _dot_poll),
    Page("polls:question-edit", _question),
    Page("polls:question-delete", _question),
    Page("polls:poll-results", _dot_poll),
    Page("polls:poll-outcome", _closed_poll),
    Page("calls:call-create"),
    Page("calls:call-detail", _pk("polls.Call")),
    Page("calls:call-edit", _pk("polls.Call")),
    Page("meetings:meeting-create"),
    Page("meetings:meeting-detail", _pk("meetings.Meeting")),
    Page("meetings:meeting-edit", _pk("meetings.Meeting")),
    Page("meetings:attendance", _past_meeting),
    Page("meetings:report", _past_meeting),
    Page("meetings:report-edit", _past_meeting),
    Page("meetings:topic-list"),
    Page("meetings:topic-schedule", _topic),
    Page("meetings:item-create", _pk("meetings.Meeting")),
    Page("meetings:item-detail", _item),
    Page("meetings:item-edit", _item),
    Page("meetings:item-delete", _item),
    Page("comments:comment-edit", _comment),
    Page("comments:comment-delete", _comment),
    Page("advice:advice-create"),
    Page("advice:advice-detail", _pk("advice.Advice", status="consultatie")),
    Page("advice:advice-edit", _pk("advice.Advice", status="consultatie")),
    Page("advice:advice-text", _pk("advice.Advice", status="consultatie")),
    Page("advice:advice-versions", _pk("advice.Advice", status="consultatie")),
    Page("advice:advice-transition", _pk("advice.Advice", status="consultatie")),
    Page("advice:working-group", _pk("advice.Advice", status="werkgroep")),
    Page("advice:follow-up-add", _pk("advice.Advice", status="besluit")),
    Page("governance:vacancy-create"),
    Page("governance:vacancy-detail", _pk("governance.Vacancy", status="open")),
    Page("governance:vacancy-edit", _pk("governance.Vacancy", status="open")),
    Page("governance:vacancy-cancel", _pk("governance.Vacancy", status="open")),
    Page("governance:election-close", _pk("governance.Vacancy", status="open")),
    Page("governance:election-start", _vacancy_nominations_closed),  # last: it changes the vacancy
]

# Named URL patterns that are not pages, each with the reason; everything else must be in a list above.
NOT_PAGES = {
    # Not HTML: machine-readable answers and probes (the API's own tests cover them).
    "healthz": "health probe",
    "healthz_live": "health probe",
    "api:*": "JSON API (api:docs is a page and is visited)",
    "oeapi:*": "JSON (OOAPI)",
    "admin:*": "Django admin, for administrators only",
    # Downloads.
    "portfolio:export": "download",
    "portfolio:import-template": "download",
    "portfolio:import-rejected": "download (the refused rows of an import)",
    "activity:atom": "Atom feed (XML)",
    "documents:download": "download",
    "documents:version-download": "download",
    "search:suggest": "suggestions while typing: a fragment for htmx (tests/e2e/test_search.py)",
    "polls:poll-export": "download",
    "calls:call-export": "download",
    "meetings:calendar-feed": "download (iCalendar)",
    "meetings:meeting-ics": "download (iCalendar)",
    "meetings:attachment": "download",
    "advice:attachment": "download",
    "advice:transparency-export": "download",
    "opendata:download": "download",
    # POST-only actions: each answers with a redirect to a page in the lists.
    "set_language": "POST only",
    "accounts:logout": "POST only",
    "accounts:membership-request-approve": "POST only",
    "accounts:membership-request-reject": "POST only",
    "accounts:invitation-resend": "POST only",
    "members:consent-withdraw": "POST only",
    "notifications:mark-read": "POST only",
    "roadmap:plan-item-move": "POST only",
    "polls:options-from-themes": "POST only",
    "polls:dots-left": "POST only (a fragment for htmx)",
    "polls:poll-publish": "POST only",
    "polls:poll-close": "POST only",
    "calls:call-withdraw": "POST only",
    "meetings:register": "POST only",
    "meetings:cancel": "POST only",
    "meetings:attachment-upload": "POST only",
    "meetings:attachment-delete": "POST only",
    "meetings:statement-add": "POST only",
    "meetings:contribution-delete": "POST only",
    "meetings:item-dot-vote": "POST only",
    "comments:comment-add": "POST only",
    "comments:comment-hide": "POST only",
    "advice:working-group-remove": "POST only",
    "advice:follow": "POST only",
    "advice:attachment-upload": "POST only",
    "advice:attachment-delete": "POST only",
    "governance:nomination-accept": "POST only",
    "governance:nomination-decline": "POST only",
    # A state the demo data does not have (an election closed, its result not yet confirmed):
    # tests/e2e/test_governance.py opens the page after a real election.
    "governance:result-confirm": "needs a closed election",
    # Redirects to the identity provider and back (tests/e2e/test_surfconext.py walks that flow).
    "accounts:surfconext-start": "redirect to SURFconext",
    "accounts:surfconext-callback": "redirect from SURFconext",
}

SWEEPS = {"guest": GUEST_PAGES, "member": MEMBER_PAGES, "steering": STEERING_PAGES}


def url_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL pattern of the site, with its namespace."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            names |= url_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def unvisited() -> set[str]:
    """The page names that are neither in a sweep nor explained in NOT_PAGES."""
    visited = {page.name for pages in SWEEPS.values() for page in pages}
    wildcards = {key[:-1] for key in NOT_PAGES if key.endswith(":*")}
    return {
        name
        for name in url_names() - visited - set(NOT_PAGES)
        if not any(name.startswith(prefix) for prefix in wildcards) or name == "api:docs"
    }
