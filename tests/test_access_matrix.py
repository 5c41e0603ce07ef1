"""Every URL declares who may use it; this walks them all and checks each role against the matrix.

A URL that is not in the matrix fails the test, and so does a view that declares no access level.
Requests that are denied must write nothing.
"""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from koers.accounts.services import invitation_create
from koers.comments.services import comment_add
from koers.core.models import AuditEvent
from koers.meetings.models import Meeting, Topic
from koers.meetings.services import attachment_add, contribution_add
from koers.members.models import Position
from koers.polls.models import Call
from koers.portfolio.models import ImportBatch, Project
from koers.roadmap.models import PlanItem, ReferenceItem

from .accounts import oidc_access
from .advice import access as advice_access
from .api import access as api_access
from .conftest import (
    make_admin,
    make_chair,
    make_institution,
    make_member,
    make_other_institution,
    make_other_member,
    make_steering_member,
    shared_data,
)
from .documents import access as documents_access
from .factories import AgendaFactory, MembershipRequestFactory, ThemeFactory, UserFactory
from .governance import access as governance_access
from .meetings.conftest import make_item, make_meeting
from .oeapi import access as oeapi_access
from .opendata import access as opendata_access
from .polls.conftest import make_poll

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]
LOGIN = "/account/inloggen/"


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


PUBLIC = level()
MEMBER = level(guest=302)
STEERING = level(guest=302, member=403, other=403)
POSITIONS = level(guest=302, member=403, other=403, steering=403)

# name: (method, expected status per role, POST data). For a form page the data is a valid submission,
# so that the check "a denied request writes nothing" would catch a missing permission check.
MATRIX = {
    "healthz": ("get", PUBLIC, None),
    "healthz_live": ("get", PUBLIC, None),
    "set_language": ("post", level(default=302), {"language": "en", "next": "/"}),
    "dashboard:home": ("get", PUBLIC, None),
    "activity:feed": ("get", PUBLIC, None),
    "activity:atom": ("get", PUBLIC, None),
    "core:accessibility": ("get", PUBLIC, None),
    "core:privacy": ("get", PUBLIC, None),
    "core:audit-log": ("get", STEERING, None),
    "accounts:invitation-resend": ("post", level(guest=302, member=403, other=403, default=302), {}),
    "accounts:login": ("get", level(default=302, guest=200), None),
    "accounts:logout": ("post", level(default=302), {}),
    "accounts:password-reset": ("get", PUBLIC, None),
    "accounts:password-reset-done": ("get", PUBLIC, None),
    "accounts:password-reset-confirm": ("get", PUBLIC, None),
    "accounts:password-reset-complete": ("get", PUBLIC, None),
    "accounts:password-change": ("get", MEMBER, None),
    "accounts:profile": ("get", MEMBER, None),
    "accounts:membership-request": ("get", level(default=302, guest=200), None),
    "accounts:membership-request-sent": ("get", PUBLIC, None),
    "accounts:membership-request-list": ("get", STEERING, None),
    "accounts:membership-request-detail": ("get", STEERING, None),
    "accounts:membership-request-approve": ("post", level(guest=302, member=403, other=403, default=302), {}),
    "accounts:membership-request-reject": (
        "post",
        level(guest=302, member=403, other=403, default=302),
        {"reason": "Geen mbo-instelling"},
    ),
    "accounts:invitation-accept": ("get", PUBLIC, None),
    "members:directory": ("get", MEMBER, None),
    "members:profile": ("get", MEMBER, None),
    "members:institution-list": ("get", MEMBER, None),
    "members:institution-detail": ("get", MEMBER, None),
    "members:institution-edit": (
        "get",
        STEERING,
        lambda w: {"name": "Nieuwe naam", "kind": "roc", "size_band": "L", "city": "Ede"},
    ),
    "members:steering-group": ("get", MEMBER, None),
    "members:position-add": (
        "get",
        POSITIONS,
        lambda w: {"user": w["member"].pk, "kind": "secretary", "start_date": "2026-01-01"},
    ),
    "members:position-end": ("get", POSITIONS, lambda w: {"end_date": "2026-12-31"}),
    "members:consent": ("get", MEMBER, None),
    "members:consent-withdraw": ("post", level(default=302), {}),
    "privacy:data-export": ("get", MEMBER, None),
    "privacy:account-delete": ("get", MEMBER, None),
    "themes:theme-list": ("get", PUBLIC, None),
    "search:search": ("get", PUBLIC, None),
    "search:suggest": ("get", PUBLIC, None),
    "themes:theme-detail": ("get", PUBLIC, None),
    "themes:theme-create": ("get", STEERING, lambda w: {"agenda": w["agenda"].pk, "name": "Nieuw thema"}),
    "themes:theme-edit": ("get", STEERING, lambda w: {"agenda": w["agenda"].pk, "name": "Nieuwe naam"}),
    "themes:agenda-create": ("get", STEERING, lambda w: {"name": "Nieuwe agenda"}),
    "themes:agenda-edit": ("get", STEERING, lambda w: {"name": "Nieuwe naam"}),
    "portfolio:project-list": ("get", MEMBER, None),
    "portfolio:my-portfolio": ("get", level(guest=302, default=200, admin=302), None),
    "portfolio:export": ("get", MEMBER, None),
    "portfolio:coverage": ("get", MEMBER, None),
    "portfolio:theme-portfolio": ("get", MEMBER, None),
    "portfolio:project-create": (
        "get",
        level(guest=302),
        lambda w: {
            "title": "Nieuw",
            "status": "idee",
            "horizon": "strategisch",
            "domain": "ict",
            "themes": [w["theme"].pk],
        },
    ),
    "portfolio:project-detail": ("get", MEMBER, None),
    "portfolio:import-start": ("get", level(guest=302), None),
    "portfolio:import-template": ("get", MEMBER, None),
    "portfolio:import-preview": ("get", level(guest=302, other=403), {}),
    "portfolio:import-rejected": ("get", level(guest=302, other=403), None),
    "portfolio:project-edit": (
        "get",
        level(guest=302, other=403),
        lambda w: {
            "title": "Anders",
            "status": "idee",
            "horizon": "strategisch",
            "domain": "ict",
            "themes": [w["theme"].pk],
        },
    ),
    "portfolio:project-delete": ("get", level(guest=302, other=403), {}),
    "roadmap:national": ("get", PUBLIC, None),
    "roadmap:own": ("get", level(guest=302, admin=302), None),
    "roadmap:ambition-edit": (
        "get",
        level(guest=302, admin=404),
        {"start_year": 2027, "start_half": 1, "level": "orienteren", "readiness": "willen"},
    ),
    "roadmap:cell": ("get", MEMBER, None),
    "roadmap:plan": ("get", MEMBER, None),
    "roadmap:plan-item": ("get", MEMBER, None),
    "roadmap:plan-item-create": (
        "get",
        STEERING,
        lambda w: {"title": "Nieuw", "theme": w["theme"].pk, "year": 2027, "status": "voorgesteld"},
    ),
    "roadmap:plan-item-edit": (
        "get",
        STEERING,
        lambda w: {"title": "Anders", "theme": w["theme"].pk, "year": 2028, "status": "gepland"},
    ),
    "roadmap:plan-item-move": ("post", level(guest=302, member=403, other=403, default=302), {"position": 2}),
    "roadmap:plan-item-delete": ("get", STEERING, {}),
    "roadmap:reference-list": ("get", PUBLIC, None),
    "roadmap:reference-item": ("get", PUBLIC, None),
    "roadmap:reference-item-create": (
        "get",
        STEERING,
        lambda w: {"name": "Nieuw item", "kind": "standaard", "recommendation": "aanbevolen", "rationale": "Omdat."},
    ),
    "roadmap:reference-item-edit": (
        "get",
        STEERING,
        lambda w: {"name": "Anders", "kind": "product", "recommendation": "afgeraden", "rationale": "Omdat."},
    ),
    "roadmap:reference-item-delete": ("get", STEERING, {}),
    "roadmap:adoptions": ("get", level(guest=302, admin=302), lambda w: {f"state-{w['reference'].pk}": "gepland"}),
    "polls:poll-list": ("get", MEMBER, None),
    "polls:poll-create": (
        "get",
        STEERING,
        lambda w: {
            "title": "Nieuw",
            "kind": "peiling",
            "audience": "leden",
            "unit": "lid",
            "visibility": "na_stemmen",
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2026-01-08T09:00",
        },
    ),
    "polls:poll-detail": ("get", MEMBER, lambda w: {f"q{w['question'].pk}": str(w["option"].pk)}),
    "polls:poll-edit": (
        "get",
        STEERING,
        lambda w: {
            "title": "Anders",
            "kind": "enquete",
            "audience": "leden",
            "unit": "lid",
            "visibility": "altijd",
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2026-01-08T09:00",
        },
    ),
    "polls:poll-questions": ("get", STEERING, lambda w: {"text": "Nog een", "kind": "open", "position": 2}),
    "polls:question-edit": ("get", STEERING, lambda w: {"text": "Anders", "kind": "open", "position": 1}),
    "polls:question-delete": ("get", STEERING, {}),
    "polls:options-from-themes": ("post", level(guest=302, member=403, other=403, default=302), {}),
    "polls:dots-left": ("post", MEMBER, {}),
    "polls:poll-publish": ("post", level(guest=302, member=403, other=403, default=302), {}),
    "polls:poll-close": ("post", level(guest=302, member=403, other=403, default=302), {}),
    "polls:poll-results": ("get", MEMBER, None),
    "polls:poll-export": ("get", STEERING, None),
    "polls:poll-outcome": ("get", STEERING, {"outcome": "Besloten."}),
    "calls:call-list": ("get", MEMBER, None),
    "calls:call-create": (
        "get",
        STEERING,
        {"title": "Wie helpt?", "text": "Graag.", "wanted": 3, "closes_on": "2030-01-01"},
    ),
    "calls:call-detail": ("get", MEMBER, {"motivation": "Ik help graag."}),
    "calls:call-edit": ("get", STEERING, {"title": "Anders", "text": "Graag.", "wanted": 2, "closes_on": "2030-01-01"}),
    "calls:call-withdraw": ("post", level(guest=302, default=302), {}),
    "calls:call-export": ("get", STEERING, None),
    "meetings:meeting-list": ("get", MEMBER, None),
    "meetings:meeting-create": (
        "get",
        STEERING,
        {
            "title": "Nieuw",
            "starts_at": "2030-03-05T10:00",
            "ends_at": "2030-03-05T16:00",
            "venue": "Domstad",
            "status": "concept",
        },
    ),
    "meetings:calendar-feed": ("get", PUBLIC, None),
    "meetings:topic-list": ("get", MEMBER, {"title": "Casus roosteren"}),
    "meetings:topic-schedule": (
        "get",
        STEERING,
        lambda w: {"meeting": w["meeting"].pk, "starts_at": "11:00", "duration": 30, "kind": "casus"},
    ),
    "meetings:attachment": ("get", level(guest=302), None),
    "meetings:attachment-delete": ("post", level(guest=302, member=403, other=403, default=302), {}),
    "meetings:contribution-delete": ("post", level(guest=302, member=403, default=302), {}),  # other wrote it
    "meetings:meeting-detail": ("get", MEMBER, None),
    "meetings:meeting-edit": (
        "get",
        STEERING,
        {
            "title": "Anders",
            "starts_at": "2030-03-05T10:00",
            "ends_at": "2030-03-05T16:00",
            "venue": "Domstad",
            "status": "gepubliceerd",
        },
    ),
    "meetings:register": ("post", level(guest=302, default=302), {"note": ""}),
    "meetings:cancel": ("post", level(guest=302, default=302), {}),
    "meetings:meeting-ics": ("get", MEMBER, None),
    "meetings:attendance": ("get", STEERING, lambda w: {"present": [w["member"].pk]}),
    "meetings:report": ("get", level(guest=302), None),  # a report for members; public ones are tested apart
    "meetings:report-edit": ("get", STEERING, {"report": "Verslag", "report_audience": "iedereen", "publish": "on"}),
    "meetings:item-create": (
        "get",
        STEERING,
        {"position": 2, "starts_at": "12:00", "duration": 30, "kind": "lunch", "title": "Lunch"},
    ),
    "meetings:item-detail": ("get", MEMBER, {"kind": "hoe", "text": "Samen doen"}),
    "meetings:item-edit": (
        "get",
        STEERING,
        {"position": 1, "starts_at": "13:00", "duration": 60, "kind": "ronde_tafel", "title": "Tafels"},
    ),
    "meetings:item-delete": ("get", STEERING, {}),
    "meetings:attachment-upload": ("post", level(guest=302, member=403, other=403, default=302), {}),
    "meetings:statement-add": ("post", level(guest=302, member=403, other=403, default=302), {"text": "Stelling"}),
    "meetings:item-dot-vote": ("post", level(guest=302, member=403, other=403, default=302), {"options": "themas"}),
    "comments:comment-add": ("post", level(guest=302, default=302), {"body": "Mooi verslag"}),
    "comments:comment-edit": ("get", level(guest=302, default=403, member=200), {"body": "Aangepast"}),
    "comments:comment-delete": ("get", level(guest=302, default=403, member=200), {}),
    "comments:comment-hide": ("post", level(guest=302, member=403, other=403, default=302), {"reason": "Kwetsend"}),
    "notifications:list": ("get", MEMBER, None),
    "notifications:mark-read": ("post", level(default=302), {}),
    "notifications:preferences": ("get", MEMBER, None),
}

# Each of these modules adds its rows to MATRIX and its objects to the world (extend_world).
ACCESS_MODULES = [
    advice_access,
    documents_access,
    governance_access,
    api_access,
    oeapi_access,
    opendata_access,
    oidc_access,
]
for _module in ACCESS_MODULES:
    MATRIX |= _module.MATRIX


def all_url_names(resolver=None, namespace: str = "") -> dict[str, URLPattern]:
    resolver = resolver or get_resolver()
    names = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.update(all_url_names(entry, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            names[f"{namespace}{entry.name}"] = entry
    return names


def test_every_url_is_in_the_matrix_and_declares_access():
    names = all_url_names()
    in_matrix = {key.split(" ")[0] for key in MATRIX}
    assert sorted(set(names) - in_matrix) == []
    assert sorted(in_matrix - set(names)) == []
    undeclared = [name for name, pattern in names.items() if not hasattr(pattern.callback, "koers_access")]
    assert undeclared == []


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("world-media")


@pytest.fixture
def media_root(settings, world_media):
    """The world's uploaded files, for every test of the module (instead of a folder per test)."""
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """Every object the rows need, made once for the module; each test runs in a savepoint inside it, so what one
    request writes is gone before the next."""
    with shared_data(django_db_blocker, world_media):
        yield _make_world()


def _make_world():
    institution, other_institution = make_institution(), make_other_institution()
    member, other_member = make_member(institution), make_other_member(other_institution)
    steering, chair, admin_user = make_steering_member(institution), make_chair(other_institution), make_admin()
    theme = ThemeFactory()
    agenda = AgendaFactory()
    request = MembershipRequestFactory(institution=institution)
    position = Position.objects.get(user=steering)
    invited = UserFactory(email="uitgenodigd@college.example")
    token = invitation_create(user=invited)
    users = {"member": member, "other": other_member, "steering": steering, "chair": chair, "admin": admin_user}
    plan_item = PlanItem.objects.create(title="Verkenning", theme=theme, year=2027, rank=1)
    PlanItem.objects.create(title="Daarna", theme=theme, year=2028, rank=2)
    reference = ReferenceItem.objects.create(
        name="OOAPI", slug="ooapi", rationale="Uitwisselstandaard.", recommendation_since="2026-01-01"
    )
    poll = make_poll(kind="stipstemming", dots=3, questions=[("", "stippen", ["A", "B"])])
    dot_question = poll.questions.get()
    call = Call.objects.create(title="Oproep", text="Wie?", wanted=2, closes_on="2030-01-01")
    meeting = make_meeting(days=30, capacity=5)
    Meeting.objects.filter(pk=meeting.pk).update(report="Verslag", report_published_at=timezone.now())
    meeting.refresh_from_db()
    table = make_item(meeting)
    document = attachment_add(item=table, upload=SimpleUploadedFile("s.pdf", b"%PDF-1.4"), actor=None)
    # An attachment from before the document library: its old address leads to the version it became.
    document.versions.update(legacy="meetings.attachment:41")
    card = contribution_add(item=table, author=other_member, data={"kind": "hoe", "text": "Zo"})
    topic = Topic.objects.create(title="Roosteren", proposed_by=member)
    comment = comment_add(target=meeting, author=member, body="Mooi")
    objects = {
        "member": member,
        "agenda": agenda,
        "theme": theme,
        "reference": reference,
        "meeting": meeting,
        "question": dot_question,
        "option": dot_question.options.first(),
    }
    project = Project.objects.create(institution=institution, title="Dashboard", status="lopend")
    project.themes.add(theme)
    batch = ImportBatch.objects.create(
        institution=institution, filename="x.csv", rows=[{"titel": "Uit import", "thema's": theme.name}]
    )
    kwargs = {
        "accounts:password-reset-confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
            "token": "ongeldig",
        },
        "accounts:membership-request-detail": {"pk": request.pk},
        "accounts:membership-request-approve": {"pk": request.pk},
        "accounts:membership-request-reject": {"pk": request.pk},
        "accounts:invitation-resend": {"pk": request.pk},
        "accounts:invitation-accept": {"token": token},
        "members:institution-detail": {"slug": institution.slug},
        "members:profile": {"pk": other_member.pk},
        "members:institution-edit": {"slug": institution.slug},
        "members:position-end": {"pk": position.pk},
        "members:consent-withdraw": {"field": "email"},
        "themes:theme-detail": {"slug": theme.slug},
        "themes:theme-edit": {"slug": theme.slug},
        "themes:agenda-edit": {"slug": agenda.slug},
        "portfolio:export": {"fmt": "csv"},
        "portfolio:theme-portfolio": {"slug": theme.slug},
        "portfolio:project-create": None,
        "portfolio:project-detail": {"pk": project.pk},
        "portfolio:project-edit": {"pk": project.pk},
        "portfolio:project-delete": {"pk": project.pk},
        "portfolio:import-template": {"fmt": "csv"},
        "roadmap:ambition-edit": {"slug": theme.slug},
        "roadmap:cell": {"slug": theme.slug, "year": 2027, "half": 1},
        "portfolio:import-preview": {"pk": batch.pk},
        "portfolio:import-rejected": {"pk": batch.pk},
        "roadmap:plan-item": {"pk": plan_item.pk},
        "roadmap:plan-item-edit": {"pk": plan_item.pk},
        "roadmap:plan-item-move": {"pk": plan_item.pk},
        "roadmap:plan-item-delete": {"pk": plan_item.pk},
        "roadmap:reference-item": {"slug": reference.slug},
        "roadmap:reference-item-edit": {"slug": reference.slug},
        "roadmap:reference-item-delete": {"slug": reference.slug},
        "polls:poll-detail": {"pk": poll.pk},
        "polls:poll-edit": {"pk": poll.pk},
        "polls:poll-questions": {"pk": poll.pk},
        "polls:question-edit": {"pk": poll.pk, "question": dot_question.pk},
        "polls:question-delete": {"pk": poll.pk, "question": dot_question.pk},
        "polls:options-from-themes": {"pk": poll.pk, "question": dot_question.pk},
        "polls:dots-left": {"pk": poll.pk, "question": dot_question.pk},
        "polls:poll-publish": {"pk": poll.pk},
        "polls:poll-close": {"pk": poll.pk},
        "polls:poll-results": {"pk": poll.pk},
        "polls:poll-export": {"pk": poll.pk, "fmt": "csv"},
        "polls:poll-outcome": {"pk": poll.pk},
        "calls:call-detail": {"pk": call.pk},
        "calls:call-edit": {"pk": call.pk},
        "calls:call-withdraw": {"pk": call.pk},
        "calls:call-export": {"pk": call.pk, "fmt": "xlsx"},
        "meetings:topic-schedule": {"pk": topic.pk},
        "meetings:attachment": {"pk": 41},
        "meetings:attachment-delete": {"pk": document.pk},
        "meetings:contribution-delete": {"pk": card.pk},
        "meetings:meeting-detail": {"pk": meeting.pk},
        "meetings:meeting-edit": {"pk": meeting.pk},
        "meetings:register": {"pk": meeting.pk},
        "meetings:cancel": {"pk": meeting.pk},
        "meetings:meeting-ics": {"pk": meeting.pk},
        "meetings:attendance": {"pk": meeting.pk},
        "meetings:report": {"pk": meeting.pk},
        "meetings:report-edit": {"pk": meeting.pk},
        "meetings:item-create": {"pk": meeting.pk},
        "meetings:item-detail": {"pk": meeting.pk, "item": table.pk},
        "meetings:item-edit": {"pk": meeting.pk, "item": table.pk},
        "meetings:item-delete": {"pk": meeting.pk, "item": table.pk},
        "meetings:attachment-upload": {"pk": meeting.pk, "item": table.pk},
        "meetings:statement-add": {"pk": meeting.pk, "item": table.pk},
        "meetings:item-dot-vote": {"pk": meeting.pk, "item": table.pk},
        "comments:comment-add": {
            "content_type_id": ContentType.objects.get_for_model(Meeting).pk,
            "object_id": meeting.pk,
        },
        "comments:comment-edit": {"pk": comment.pk},
        "comments:comment-delete": {"pk": comment.pk},
        "comments:comment-hide": {"pk": comment.pk},
    }
    for module in ACCESS_MODULES:
        module.extend_world(users=users, kwargs=kwargs, objects=objects)
    AuditEvent.objects.all().delete()  # setting up the world is not what the test checks
    return users, kwargs, objects


def table_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def send(client, method: str, url: str, data):
    """Forms are posted; the API (JSON only) gets its body as JSON."""
    if method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return getattr(client, method)(url, data or {}, content_type="application/json")
    return getattr(client, method)(url, data or {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_access(client, db, world, key, role):
    """A key is a URL name, or "name METHOD" where one URL answers several methods (the API)."""
    users, kwargs, objects = world
    name = key.split(" ")[0]
    method, expected, data = MATRIX[key]
    data = data(objects) if callable(data) else data
    if role != "guest":
        client.force_login(users[role])
    url = reverse(name, kwargs=kwargs.get(name))
    before = table_counts()
    response = send(client, method, url, data)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
    if role == "guest" and expected["guest"] == 302 and expected["member"] != 302:
        assert response["Location"].startswith(LOGIN)
    denied = response.status_code in (401, 403) or (
        response.status_code == 302 and response["Location"].startswith(LOGIN)
    )
    if denied:
        # A denied request writes nothing, whatever it sends.
        send(client, "post" if method == "get" else method, url, data)
        assert table_counts() == before
        assert not AuditEvent.objects.exists()


def test_admin_site_is_for_administrators_only(client, db, world):
    member, admin_user = world[0]["member"], world[0]["admin"]
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 302
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
