"""The migration that turns meeting and advice attachments into documents: the same files, uploaders and times,
and the same people able to download each one."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from koers.documents import selectors
from koers.documents.models import Document, DocumentVersion

from ..factories import UserFactory, make_steering

BEFORE = [
    ("documents", "0001_initial"),
    ("meetings", "0002_meeting_calendar_sequence"),
    ("advice", "0002_shared_version"),
]
AFTER = [("documents", "0002_attachments_become_documents")]


@pytest.mark.django_db(transaction=True)
def test_attachments_become_documents_with_the_same_files_and_visibility():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Theme = old.get_model("themes", "Theme")
    Agenda = old.get_model("themes", "Agenda")
    Meeting = old.get_model("meetings", "Meeting")
    AgendaItem = old.get_model("meetings", "AgendaItem")
    MeetingAttachment = old.get_model("meetings", "Attachment")
    Advice = old.get_model("advice", "Advice")
    AdviceAttachment = old.get_model("advice", "Attachment")
    User = old.get_model("accounts", "User")

    agenda = Agenda.objects.create(name="Agenda", slug="agenda", start_year=2025, end_year=2028)
    theme = Theme.objects.create(agenda=agenda, name="Data", slug="data", line=1)
    uploader = User.objects.create(email="u@example.org", full_name="Uploader")
    now = timezone.now()
    earlier = now - timezone.timedelta(days=40)

    def meeting(title, status, **extra):
        return Meeting.objects.create(
            title=title,
            theme=theme,
            starts_at=now - timezone.timedelta(days=3),
            ends_at=now - timezone.timedelta(days=3, hours=-2),
            venue="Utrecht",
            status=status,
            **extra,
        )

    def attach(meeting, name):
        item = AgendaItem.objects.create(meeting=meeting, starts_at="10:00", duration=30, title=f"Punt {name}")
        return MeetingAttachment.objects.create(
            item=item,
            file=f"meetings/{meeting.pk}/{name}",
            name=name,
            size=12,
            content_type="application/pdf",
            uploaded_by=uploader,
        )

    concept = attach(meeting("Concept", "concept"), "concept.pdf")
    members = attach(meeting("Leden", "afgelopen", report_published_at=now, report_audience="leden"), "leden.pdf")
    public = attach(meeting("Open", "afgelopen", report_published_at=now, report_audience="iedereen"), "open.pdf")
    MeetingAttachment.objects.filter(pk=public.pk).update(uploaded_at=earlier)

    def advice_attach(status, name):
        advice = Advice.objects.create(title=f"Advies {name}", question="?", status=status)
        advice.themes.add(theme)
        return AdviceAttachment.objects.create(
            advice=advice, file=f"advice/{advice.pk}/{name}", name=name, size=5, content_type="application/pdf"
        )

    idea = advice_attach("idee", "idee.pdf")
    consultation = advice_attach("consultatie", "consultatie.pdf")
    offered = advice_attach("aangeboden", "aangeboden.pdf")

    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = {
        v.legacy: (v.file.name, v.name, v.size, v.number, v.uploaded_by_id, v.document.title)
        for v in DocumentVersion.objects.select_related("document")
    }
    assert rows == {
        f"meetings.attachment:{a.pk}": (a.file.name, a.name, 12, 1, uploader.pk, a.name)
        for a in (concept, members, public)
    } | {f"advice.attachment:{a.pk}": (a.file.name, a.name, 5, 1, None, a.name) for a in (idea, consultation, offered)}
    assert concept.file.name == f"meetings/{concept.item.meeting_id}/concept.pdf"  # where the file always was
    opened = Document.objects.get(title="open.pdf")
    assert (opened.created_at, opened.versions.get().uploaded_at) == (earlier, earlier)
    assert {d.title: [t.slug for t in d.themes.all()] for d in Document.objects.all()} == {
        title: ["data"]
        for title in ("concept.pdf", "leden.pdf", "open.pdf", "idee.pdf", "consultatie.pdf", "aangeboden.pdf")
    }

    member = UserFactory()
    steering = make_steering(UserFactory()).user

    def seen(user) -> list[str]:
        return sorted(d.title for d in Document.objects.all() if selectors.document_visible(user, d))

    # As the attachments were: guests the public report's and the offered advice's files; members also the
    # members-only report's and the advice in consultation; the steering group everything.
    assert seen(AnonymousUser()) == ["aangeboden.pdf", "open.pdf"]
    assert seen(member) == ["aangeboden.pdf", "consultatie.pdf", "leden.pdf", "open.pdf"]
    assert seen(steering) == sorted(
        ["aangeboden.pdf", "concept.pdf", "consultatie.pdf", "idee.pdf", "leden.pdf", "open.pdf"]
    )
