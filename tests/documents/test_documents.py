"""The document library: who sees which document (per role), uploads with the same checks as attachments
always had, versions, the pages and the API list."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from koers.advice.models import Status
from koers.core.models import AuditEvent
from koers.core.uploads import MSG_FILE_TOO_LARGE, MSG_FILE_TYPE
from koers.documents import selectors
from koers.documents.models import Document, DocumentVersion
from koers.documents.services import document_create, document_delete, version_add
from koers.meetings.models import Meeting
from koers.meetings.services import attachment_add

from ..advice.conftest import make_advice
from ..factories import ThemeFactory
from ..meetings.conftest import make_item, make_meeting

PDF = b"%PDF-1.4 inhoud"


def pdf(name: str = "stuk.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def library_doc(actor, title: str, audience: str = Document.Audience.MEMBERS, **extra) -> Document:
    return document_create(actor=actor, title=title, audience=audience, upload=pdf(), **extra)


@pytest.fixture
def documents(db, steering, other_member):
    """One document of each kind, named for who may see it."""
    concept = make_meeting(status=Meeting.Status.CONCEPT, title="Concept")
    published = make_meeting(title="Gepland")
    public_report = make_meeting(days=-3, status=Meeting.Status.PAST, title="Openbaar verslag")
    Meeting.objects.filter(pk=public_report.pk).update(report_published_at=timezone.now(), report_audience="iedereen")
    idea = make_advice(actor=steering, lead=other_member, status=Status.IDEA, title="Idee")
    consultation = make_advice(actor=steering, status=Status.CONSULTATION, title="Consultatie")
    offered = make_advice(actor=steering, status=Status.OFFERED, title="Aangeboden")
    return {
        "library public": library_doc(steering, "library public", Document.Audience.PUBLIC),
        "library members": library_doc(steering, "library members"),
        "concept item": attachment_add(item=make_item(concept), upload=pdf(), actor=steering, title="concept item"),
        "published item": attachment_add(
            item=make_item(published), upload=pdf(), actor=steering, title="published item"
        ),
        "public report item": attachment_add(
            item=make_item(public_report), upload=pdf(), actor=steering, title="public report item"
        ),
        "idea advice": library_doc(steering, "idea advice", Document.Audience.PUBLIC, target=idea),
        "consultation advice": library_doc(
            steering, "consultation advice", Document.Audience.PUBLIC, target=consultation
        ),
        "offered advice": library_doc(steering, "offered advice", Document.Audience.PUBLIC, target=offered),
        "offered advice, members": library_doc(steering, "offered advice, members", target=offered),
    }


EVERYONE_SEES = ["library public", "offered advice", "public report item"]
MEMBERS_SEE = [
    *EVERYONE_SEES,
    "consultation advice",
    "library members",
    "offered advice, members",
    "published item",
]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("guest", EVERYONE_SEES),
        ("member", MEMBERS_SEE),
        ("other_member", [*MEMBERS_SEE, "idea advice"]),  # he leads the idea's working group
        ("steering", [*MEMBERS_SEE, "concept item", "idea advice"]),
    ],
)
def test_who_sees_which_document(request, documents, who, expected):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "guest" else request.getfixturevalue(who)
    listed = sorted(selectors.documents_visible_to(user).values_list("title", flat=True))
    assert listed == sorted(expected)
    # The one-document rule agrees with the list, document by document.
    assert sorted(t for t, d in documents.items() if selectors.document_visible(user, d)) == sorted(expected)


def test_a_meeting_document_follows_the_meeting_s_rule_as_attachments_did(documents, client, member):
    document = documents["published item"]
    url = reverse("documents:download", args=[document.pk])
    assert client.get(url)["Location"].startswith("/account/inloggen/")
    Meeting.objects.filter(items__pk=document.object_id).update(
        status=Meeting.Status.PAST, report_published_at=timezone.now(), report_audience="iedereen"
    )
    response = client.get(url)
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programma.exe", b"MZ\x90\x00", MSG_FILE_TYPE),
        ("slides.pdf", b"MZ\x90\x00 a program renamed", MSG_FILE_TYPE),
        ("groot.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024), MSG_FILE_TOO_LARGE),
    ],
)
def test_the_upload_page_refuses_the_files_attachments_refused(client, member, name, content, message):
    client.force_login(member)
    data = {"title": "Stuk", "audience": "leden", "file": SimpleUploadedFile(name, content)}
    response = client.post(reverse("documents:document-create"), data)
    assert response.status_code == 200
    assert str(message) in response.content.decode()
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (0, 0)


def test_upload_new_versions_and_download_each(client, member, other_member, steering):
    theme = ThemeFactory(name="Informatiebeveiliging")
    client.force_login(member)
    data = {"title": "Jaarplan", "description": "Het plan", "audience": "openbaar", "themes": [theme.pk]}
    response = client.post(reverse("documents:document-create"), {**data, "file": pdf("plan-v1.pdf", b"%PDF-1")})
    document = Document.objects.get()
    assert response["Location"] == document.get_absolute_url()
    assert (document.title, document.owner, list(document.themes.all())) == ("Jaarplan", member, [theme])
    version_url = reverse("documents:version-upload", args=[document.pk])
    client.post(version_url, {"file": pdf("plan-v2.pdf", b"%PDF-2"), "note": "Cijfers bijgewerkt"})
    assert list(document.versions.values_list("number", "name", "note")) == [
        (2, "plan-v2.pdf", "Cijfers bijgewerkt"),
        (1, "plan-v1.pdf", ""),
    ]
    client.logout()  # a public library document: guests download it too
    newest = client.get(reverse("documents:download", args=[document.pk]))
    older = client.get(reverse("documents:version-download", args=[document.pk, 1]))
    assert (b"".join(newest.streaming_content), b"".join(older.streaming_content)) == (b"%PDF-2", b"%PDF-1")
    # Someone else may read it but not add a version; the steering group may.
    client.force_login(other_member)
    assert client.post(version_url, {"file": pdf("x.pdf")}).status_code == 403
    client.force_login(steering)
    assert client.get(version_url).status_code == 200
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["documents.uploaded", "documents.version_uploaded"]


def test_a_refused_new_version_stores_nothing(member):
    document = library_doc(member, "Plan")
    with pytest.raises(ValidationError):
        version_add(actor=member, document=document, upload=pdf("x.pdf", b"MZ"))
    assert list(document.versions.values_list("number", flat=True)) == [1]


def test_edit_and_delete_with_confirmation(client, member, steering, django_capture_on_commit_callbacks):
    document = library_doc(member, "Oud")
    stored = document.versions.get().file
    client.force_login(member)
    edit = reverse("documents:document-edit", args=[document.pk])
    client.post(edit, {"title": "Nieuw", "description": "", "audience": "openbaar"})
    document.refresh_from_db()
    assert (document.title, document.audience) == ("Nieuw", "openbaar")
    delete = reverse("documents:document-delete", args=[document.pk])
    assert "Nieuw" in client.get(delete).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete)
    assert response["Location"] == reverse("documents:library")
    assert not Document.objects.exists()
    assert not stored.storage.exists(stored.name)


def test_library_filters_and_empty_state(client, member, steering):
    theme = ThemeFactory(name="Data")
    library_doc(steering, "Datastrategie", themes=[theme])
    library_doc(steering, "Jaarverslag")
    attachment_add(item=make_item(make_meeting()), upload=pdf(), actor=steering, title="Presentatie")
    client.force_login(member)
    url = reverse("documents:library")

    def titles(**query) -> list[str]:
        page = client.get(url, query).context["page_obj"]
        return sorted(d.title for d in page.object_list)

    assert titles() == ["Datastrategie", "Jaarverslag", "Presentatie"]
    assert titles(theme=theme.slug) == ["Datastrategie"]
    assert titles(kind="bijeenkomst") == ["Presentatie"]
    assert titles(kind="geen") == ["Datastrategie", "Jaarverslag"]
    assert titles(q="verslag") == ["Jaarverslag"]
    assert "Er zijn met deze filters geen documenten." in client.get(url, {"q": "niets"}).content.decode()
    Document.objects.all().delete()
    assert "Er zijn nog geen documenten." in client.get(url).content.decode()


def test_old_attachment_addresses_still_download(client, member, steering):
    document = attachment_add(item=make_item(make_meeting()), upload=pdf(), actor=steering)
    document.versions.update(legacy="meetings.attachment:7")
    url = reverse("meetings:attachment", args=[7])
    assert client.get(url)["Location"].startswith("/account/inloggen/")
    client.force_login(member)
    assert b"".join(client.get(url).streaming_content) == PDF
    assert client.get(reverse("meetings:attachment", args=[8])).status_code == 404


def test_deleting_an_agenda_item_deletes_its_documents(steering, django_capture_on_commit_callbacks):
    from koers.meetings.services import item_delete

    item = make_item(make_meeting())
    stored = attachment_add(item=item, upload=pdf(), actor=steering).versions.get().file
    with django_capture_on_commit_callbacks(execute=True):
        item_delete(item=item, actor=steering)
    assert not Document.objects.exists()
    assert not stored.storage.exists(stored.name)


def test_the_api_lists_what_the_pages_show(api, documents, member):
    theme = ThemeFactory(name="Data")
    documents["library public"].themes.add(theme)
    guest = api().get("/api/v1/documents/").json()
    assert sorted(d["title"] for d in guest["results"]) == sorted(EVERYONE_SEES)
    body = api(member).get("/api/v1/documents/", {"theme": theme.slug}).json()
    [row] = body["results"]
    document = documents["library public"]
    assert row == {
        "id": document.pk,
        "title": "library public",
        "description": "",
        "themes": [theme.slug],
        "audience": "openbaar",
        "belongs_to": None,
        "belongs_to_id": None,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "current": {
            "number": 1,
            "name": "stuk.pdf",
            "size": len(PDF),
            "content_type": "application/pdf",
            "uploaded_at": row["current"]["uploaded_at"],
            "note": "",
            "url": f"http://testserver/documenten/{document.pk}/versies/1/download/",
        },
        "url": f"http://testserver/documenten/{document.pk}/",
    }
    members = api(member).get("/api/v1/documents/", {"kind": "advies"}).json()
    assert sorted(d["title"] for d in members["results"]) == [
        "consultation advice",
        "offered advice",
        "offered advice, members",
    ]


def test_erasure_keeps_documents_without_the_uploader(member):
    from koers.privacy.services import account_delete, personal_data_export

    library_doc(member, "Mijn stuk")
    data = personal_data_export(user=member)
    assert [d["title"] for d in data["documents"]] == ["Mijn stuk"]
    assert [(v["document"], v["version"], v["file"]) for v in data["document_versions"]] == [
        ("Mijn stuk", 1, "stuk.pdf")
    ]
    account_delete(user=member)
    assert Document.objects.get().title == "Mijn stuk"


def test_delete_service_audits(member):
    document = library_doc(member, "Weg")
    document_delete(actor=member, document=document)
    assert AuditEvent.objects.filter(action="documents.deleted").values_list("data", flat=True).get() == {
        "files": ["stuk.pdf"]
    }
