"""Every meeting and advice attachment becomes a document with one version: the same stored file (nothing is
copied or moved), the same uploader and time, the themes of its meeting or advice.

Who sees it stays as it was: the document is public and belongs to the agenda item or the advice, so the rule
that agenda item's meeting or that advice registers decides, as it decided for the attachment (everyone once a
meeting's report is public, members who may see the meeting; whoever may read the advice's text). The version
keeps the attachment's address in ``legacy``, so old download links lead to it.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Document = apps.get_model("documents", "Document")
    DocumentVersion = apps.get_model("documents", "DocumentVersion")
    MeetingAttachment = apps.get_model("meetings", "Attachment")
    AdviceAttachment = apps.get_model("advice", "Attachment")

    item_type, _ = ContentType.objects.get_or_create(app_label="meetings", model="agendaitem")
    advice_type, _ = ContentType.objects.get_or_create(app_label="advice", model="advice")

    def take_over(attachment, *, content_type, object_id, themes, legacy):
        document = Document.objects.create(
            title=attachment.name,
            audience="openbaar",
            owner_id=attachment.uploaded_by_id,
            content_type=content_type,
            object_id=object_id,
        )
        document.themes.set(themes)
        version = DocumentVersion.objects.create(
            document=document,
            number=1,
            name=attachment.name,
            size=attachment.size,
            content_type=attachment.content_type,
            uploaded_by_id=attachment.uploaded_by_id,
            file=attachment.file.name,
            legacy=legacy,
        )
        # auto_now(_add) set the times to now: they keep the attachment's.
        Document.objects.filter(pk=document.pk).update(
            created_at=attachment.uploaded_at, updated_at=attachment.uploaded_at
        )
        DocumentVersion.objects.filter(pk=version.pk).update(uploaded_at=attachment.uploaded_at)

    for attachment in MeetingAttachment.objects.select_related("item__meeting").order_by("pk"):
        theme_id = attachment.item.meeting.theme_id
        take_over(
            attachment,
            content_type=item_type,
            object_id=attachment.item_id,
            themes=[theme_id] if theme_id else [],
            legacy=f"meetings.attachment:{attachment.pk}",
        )
    for attachment in AdviceAttachment.objects.select_related("advice").order_by("pk"):
        take_over(
            attachment,
            content_type=advice_type,
            object_id=attachment.advice_id,
            themes=list(attachment.advice.themes.values_list("pk", flat=True)),
            legacy=f"advice.attachment:{attachment.pk}",
        )


def backwards(apps, schema_editor):
    # The attachments are still there: only the documents made from them go (their files stay, they are shared).
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(versions__legacy__gt="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("meetings", "0002_meeting_calendar_sequence"),
        ("advice", "0002_shared_version"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
