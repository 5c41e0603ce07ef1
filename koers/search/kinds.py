"""What search finds: one declaration per kind of object.

Each declaration says which objects are indexed (``objects``), how one becomes an entry (``document``: title, text,
link, themes, institution and a coarse audience), which saves and deletes elsewhere change it (``watch``), and who
may find it (``visible``): for the kinds whose rules depend on the reader, the domain app's own read selectors
decide, for all candidate objects of the kind at once. The domain apps know nothing of search; adding a kind is a
declaration here (see the developer's guide, "Making a kind searchable").
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.advice.models import Advice, FollowUp
from koers.advice.rules import PUBLIC_TEXT_STATUSES
from koers.comments.models import Comment
from koers.comments.selectors import comments_visible
from koers.documents.models import Document as DocumentModel
from koers.documents.models import DocumentVersion
from koers.documents.selectors import visible_ids as document_visible_ids
from koers.meetings.models import AgendaItem, Contribution, Meeting
from koers.meetings.selectors import meetings_visible_to, report_visible
from koers.members.models import Consent, Institution
from koers.members.selectors import active_members, member_card, with_card_data
from koers.polls.models import Poll, Question
from koers.polls.selectors import polls_visible_ids
from koers.portfolio.models import ImportBatch, Project
from koers.themes.models import Theme

from .models import Audience

Reader = User | AnonymousUser


@dataclass(frozen=True)
class Document:
    """One object as the index holds it."""

    title: str
    body: str
    url: str
    audience: str
    themes: tuple[int, ...] = ()
    institution: int | None = None


@dataclass(frozen=True)
class Kind:
    key: str  # stored in the entry and used in the address (?kind=project)
    label: Any  # the group's heading, plural
    model: type[Model]
    objects: Callable[[], QuerySet[Any]]  # what is indexed, with what ``document`` reads
    document: Callable[[Any], Document | None]  # None: not findable (a hidden comment, a member who left)
    # Who may find which of these objects: given the reader and the candidate ids, the ids they may open. None: the
    # audience alone decides. Called once per kind per search, whatever the number of candidates.
    visible: Callable[[Reader, list[int]], set[int]] | None = None
    # (model, object → the ids of this kind to index again) for saves and deletes elsewhere.
    watch: list[tuple[type[Model], Callable[[Any], Iterable[int]]]] = field(default_factory=list)
    # Many-to-many relations of the model whose changes change the entry (themes, expertise).
    m2m: list[Any] = field(default_factory=list)


def _clean(*parts: object) -> str:
    """The text of an entry: the parts on lines of their own, without the characters the snippets mark with."""
    text = "\n".join(str(part) for part in parts if part)
    return text.replace(MARK_START, "").replace(MARK_END, "")


# Private-use characters that mark a match in the engine's snippets, replaced by <mark> after escaping.
MARK_START = "\ue000"
MARK_END = "\ue001"


def _ids(objects: QuerySet[Any], ids: list[int]) -> set[int]:
    return set(objects.filter(pk__in=ids).values_list("pk", flat=True))


def _meeting_audience(meeting: Meeting) -> str:
    return Audience.STEERING if meeting.status == Meeting.Status.CONCEPT else Audience.MEMBERS


def _themes(objects: Iterable[Theme]) -> tuple[int, ...]:
    return tuple(sorted(theme.pk for theme in objects))


# Projects, themes, institutions, members ----------------------------------------------------------------------


def _project(project: Project) -> Document:
    return Document(
        title=project.title,
        body=_clean(project.description, project.institution.name),
        url=project.get_absolute_url(),
        audience=Audience.MEMBERS,
        themes=_themes(project.themes.all()),
        institution=project.institution_id,
    )


def _imported(batch: ImportBatch) -> Iterable[int]:
    if batch.state != ImportBatch.State.COMMITTED:
        return []
    return Project.objects.filter(institution=batch.institution_id).values_list("pk", flat=True)


def _theme(theme: Theme) -> Document:
    return Document(
        title=theme.name,
        body=_clean(theme.line, theme.description, theme.agenda.name),
        url=reverse("themes:theme-detail", kwargs={"slug": theme.slug}),
        audience=Audience.PUBLIC,
        themes=(theme.pk,),
    )


def _institution(institution: Institution) -> Document:
    return Document(
        title=institution.name,
        body=_clean(institution.short_name, institution.city),
        url=institution.get_absolute_url(),
        audience=Audience.MEMBERS,
        institution=institution.pk,
    )


def _member(user: User) -> Document:
    # Only what the member card carries: a field the member did not consent to share is never indexed.
    card = member_card(user)
    return Document(
        title=card.full_name,
        body=_clean(
            card.job_title, card.institution.name if card.institution else "", *(theme.name for theme in card.expertise)
        ),
        url=reverse("members:profile", args=[user.pk]),
        audience=Audience.MEMBERS,
        themes=_themes(card.expertise),
        institution=card.institution.pk if card.institution else None,
    )


def _members() -> QuerySet[User]:
    # As the directory lists them: technical accounts (administrators without an institution) are not members.
    return with_card_data(active_members().exclude(is_staff=True, institution__isnull=True))


# Meetings, agenda items, reports, round-table cards ----------------------------------------------------------


def _meetings_for(user: Reader, ids: list[int]) -> set[int]:
    if not user.has_perm("meetings.view_meeting"):
        return set()
    return _ids(meetings_visible_to(user=user), ids)


def _meeting(meeting: Meeting) -> Document:
    return Document(
        title=meeting.title,
        body=_clean(meeting.description, meeting.venue, meeting.host.name if meeting.host else ""),
        url=meeting.get_absolute_url(),
        audience=_meeting_audience(meeting),
        themes=(meeting.theme_id,) if meeting.theme_id else (),
        institution=meeting.host_id,
    )


def _item(item: AgendaItem) -> Document:
    meeting = item.meeting
    return Document(
        title=item.title,
        body=_clean(item.description, item.presenter_name, item.presenter_organisation, meeting.title),
        url=f"{meeting.get_absolute_url()}#item-{item.pk}",
        audience=_meeting_audience(meeting),
        themes=(meeting.theme_id,) if meeting.theme_id else (),
        institution=meeting.host_id,
    )


def _items_for(user: Reader, ids: list[int]) -> set[int]:
    if not user.has_perm("meetings.view_meeting"):
        return set()
    return _ids(AgendaItem.objects.filter(meeting__in=meetings_visible_to(user=user).values("pk")), ids)


def _report(meeting: Meeting) -> Document | None:
    if not meeting.report_is_published or not meeting.report:
        return None
    return Document(
        title=str(_("Verslag: %(title)s") % {"title": meeting.title}),
        body=_clean(meeting.report),
        url=reverse("meetings:report", args=[meeting.pk]),
        audience=Audience.PUBLIC if meeting.report_is_public else Audience.MEMBERS,
        themes=(meeting.theme_id,) if meeting.theme_id else (),
        institution=meeting.host_id,
    )


def _reports_for(user: Reader, ids: list[int]) -> set[int]:
    return {meeting.pk for meeting in Meeting.objects.filter(pk__in=ids) if report_visible(meeting=meeting, user=user)}


def _card(card: Contribution) -> Document:
    meeting = card.item.meeting
    return Document(
        title=card.heading or card.get_kind_display(),
        body=_clean(card.text, card.statement.text if card.statement else "", card.item.title, meeting.title),
        url=f"{meeting.get_absolute_url()}#item-{card.item_id}",
        audience=_meeting_audience(meeting),
        themes=(meeting.theme_id,) if meeting.theme_id else (),
        institution=meeting.host_id,
    )


def _cards_for(user: Reader, ids: list[int]) -> set[int]:
    if not user.has_perm("meetings.view_meeting"):
        return set()
    return _ids(Contribution.objects.filter(item__meeting__in=meetings_visible_to(user=user).values("pk")), ids)


def _poll(poll: Poll) -> Document:
    return Document(
        title=poll.title,
        body=_clean(poll.description, poll.outcome, *(question.text for question in poll.questions.all())),
        url=poll.get_absolute_url(),
        audience=Audience.MEMBERS
        if poll.published_at and poll.audience != Poll.Audience.STEERING
        else Audience.STEERING,
        themes=(poll.theme_id,) if poll.theme_id else (),
    )


def _polls_for(user: Reader, ids: list[int]) -> set[int]:
    if not isinstance(user, User) or not user.has_perm("polls.view_poll"):
        return set()
    return polls_visible_ids(user, set(ids))


# Advice and follow-ups -----------------------------------------------------------------------------------------


def _advice_audience(advice: Advice) -> str:
    # A first cut only; who reads the text is decided by advice.read_text when searching.
    return Audience.PUBLIC if advice.status in PUBLIC_TEXT_STATUSES else Audience.MEMBERS


def _advice(advice: Advice) -> Document:
    return Document(
        title=advice.title,
        body=_clean(advice.question, advice.summary, advice.body, advice.decision_rationale),
        url=advice.get_absolute_url(),
        audience=_advice_audience(advice),
        themes=_themes(advice.themes.all()),
    )


def _readable_advice(user: Reader, advice: Iterable[Advice]) -> set[int]:
    return {a.pk for a in advice if user.has_perm("advice.read_text", a)}


def _advice_for(user: Reader, ids: list[int]) -> set[int]:
    return _readable_advice(user, Advice.objects.filter(pk__in=ids))


def _follow_up(follow_up: FollowUp) -> Document:
    advice = follow_up.advice
    return Document(
        title=str(_("Opvolging: %(title)s") % {"title": advice.title}),
        body=_clean(follow_up.text, follow_up.done_by),
        url=f"{advice.get_absolute_url()}#opvolging",
        audience=_advice_audience(advice),
        themes=_themes(advice.themes.all()),
    )


def _follow_ups_for(user: Reader, ids: list[int]) -> set[int]:
    follow_ups = list(FollowUp.objects.filter(pk__in=ids).select_related("advice"))
    readable = _readable_advice(user, {f.advice for f in follow_ups})
    return {f.pk for f in follow_ups if f.advice_id in readable}


# Comments -------------------------------------------------------------------------------------------------------


def _comment(comment: Comment) -> Document | None:
    # A hidden comment (or one emptied on deletion) is not findable: its text is not indexed at all.
    if comment.hidden_at is not None or not comment.body:
        return None
    target = comment.target
    if target is None:
        return None
    public = isinstance(target, Meeting) and target.report_is_public
    return Document(
        title=str(_("Reactie bij %(title)s") % {"title": getattr(target, "title", "")}),
        body=_clean(comment.body),
        url=f"{target.get_absolute_url()}#reactie-{comment.pk}",
        audience=Audience.PUBLIC if public else Audience.MEMBERS,
    )


def _comments_for(user: Reader, ids: list[int]) -> set[int]:
    comments = list(Comment.objects.filter(pk__in=ids, hidden_at__isnull=True))
    targets: dict[tuple[int, int], Model] = {}
    by_type: dict[int, set[int]] = {}
    for comment in comments:
        by_type.setdefault(comment.content_type_id, set()).add(comment.object_id)
    for type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for target in model._default_manager.filter(pk__in=object_ids):
            targets[(type_id, target.pk)] = target
    visible = {key for key, target in targets.items() if comments_visible(target=target, user=user)}
    return {c.pk for c in comments if (c.content_type_id, c.object_id) in visible}


# Documents (the library, and the files of meetings and advice) ----------------------------------------------------


def _document(document: DocumentModel) -> Document:
    versions = list(document.versions.all())
    return Document(
        title=document.title,
        body=_clean(document.description, *(v.name for v in versions), *(v.note for v in versions)),
        url=document.get_absolute_url(),
        # A public document of a meeting or an advice is public only as far as its owner is: the documents app's
        # rule decides per reader (below); the audience only keeps guests from members-only documents early.
        audience=Audience.PUBLIC if document.audience == DocumentModel.Audience.PUBLIC else Audience.MEMBERS,
        themes=_themes(document.themes.all()),
    )


def _documents_for(user: Reader, ids: list[int]) -> set[int]:
    return document_visible_ids(user, ids)


KINDS: list[Kind] = [
    Kind(
        "project",
        _("Projecten"),
        Project,
        lambda: Project.objects.select_related("institution").prefetch_related("themes"),
        _project,
        # The spreadsheet import writes its projects in bulk, past the signals; its batch is saved as committed
        # in the same transaction, and then the institution's projects are indexed again.
        watch=[(ImportBatch, _imported)],
        m2m=[Project.themes.through],
    ),
    Kind(
        "theme",
        _("Thema's"),
        Theme,
        lambda: Theme.objects.select_related("agenda"),
        _theme,
    ),
    Kind("institution", _("Instellingen"), Institution, lambda: Institution.objects.all(), _institution),
    Kind(
        "member",
        _("Leden"),
        User,
        _members,
        _member,
        watch=[(Consent, lambda consent: [consent.user_id])],
        m2m=[User.expertise.through],
    ),
    Kind(
        "meeting",
        _("Bijeenkomsten"),
        Meeting,
        lambda: Meeting.objects.select_related("host"),
        _meeting,
        visible=_meetings_for,
    ),
    Kind(
        "agenda-item",
        _("Agendapunten"),
        AgendaItem,
        lambda: AgendaItem.objects.select_related("meeting"),
        _item,
        visible=_items_for,
        watch=[(Meeting, lambda meeting: AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))],
    ),
    Kind(
        "report",
        _("Verslagen"),
        Meeting,
        lambda: Meeting.objects.filter(report_published_at__isnull=False),
        _report,
        visible=_reports_for,
    ),
    Kind(
        "card",
        _("Kaarten van ronde tafels"),
        Contribution,
        lambda: Contribution.objects.select_related("item__meeting", "statement"),
        _card,
        visible=_cards_for,
        watch=[
            (Meeting, lambda meeting: Contribution.objects.filter(item__meeting=meeting).values_list("pk", flat=True))
        ],
    ),
    Kind(
        "poll",
        _("Peilingen"),
        Poll,
        lambda: Poll.objects.prefetch_related("questions"),
        _poll,
        visible=_polls_for,
        watch=[(Question, lambda question: [question.poll_id])],
    ),
    Kind(
        "advice",
        _("Adviezen"),
        Advice,
        lambda: Advice.objects.prefetch_related("themes"),
        _advice,
        visible=_advice_for,
        m2m=[Advice.themes.through],
    ),
    Kind(
        "follow-up",
        _("Opvolging van adviezen"),
        FollowUp,
        lambda: FollowUp.objects.select_related("advice").prefetch_related("advice__themes"),
        _follow_up,
        visible=_follow_ups_for,
        watch=[(Advice, lambda advice: FollowUp.objects.filter(advice=advice).values_list("pk", flat=True))],
    ),
    Kind(
        "comment",
        _("Reacties"),
        Comment,
        lambda: Comment.objects.prefetch_related("target"),
        _comment,
        visible=_comments_for,
        watch=[
            (
                Meeting,
                lambda meeting: Comment.objects.filter(
                    content_type=ContentType.objects.get_for_model(Meeting), object_id=meeting.pk
                ).values_list("pk", flat=True),
            )
        ],
    ),
    Kind(
        "document",
        _("Documenten"),
        DocumentModel,
        lambda: DocumentModel.objects.prefetch_related("themes", "versions"),
        _document,
        visible=_documents_for,
        m2m=[DocumentModel.themes.through],
        # A new version changes what is found (its file name and note).
        watch=[(DocumentVersion, lambda version: [version.document_id])],
    ),
]

BY_KEY: dict[str, Kind] = {kind.key: kind for kind in KINDS}
