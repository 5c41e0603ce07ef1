import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from koers.advice.models import Status
from koers.documents.services import document_create, version_add
from koers.members.models import SharedField
from koers.polls.models import Poll
from koers.search import selectors
from koers.search.indexing import reindex
from koers.search.models import Entry
from tests.factories import ThemeFactory, UserFactory, share

from .conftest import advice, comment, follow_up, item, meeting, poll, project

pytestmark = pytest.mark.django_db


def found(results):
    return [(group.kind, group.count, [hit.object_id for hit in group.hits]) for group in results.groups]


def test_results_are_grouped_per_kind_best_first(member, institution):
    first = project(institution, "Datagedreven sturing", "Sturing op data en nog eens data")
    second = project(institution, "Roosters", "Ook data")
    m = meeting("Netwerkdag data")
    results = selectors.search(user=member, query="data")
    assert results.total == 3
    assert {(kind, count) for kind, count, _ in found(results)} == {("project", 2), ("meeting", 1)}
    assert dict((kind, ids) for kind, _, ids in found(results)) == {"project": [first.pk, second.pk], "meeting": [m.pk]}


def test_snippets_escape_everything_but_the_marks(member, institution):
    project(institution, "Veilig", "Tekst <script>alert('x')</script> met gegevens erin")
    hit = selectors.search(user=member, query="gegevens").groups[0].hits[0]
    assert "<script>" not in hit.snippet
    if connection.vendor == "postgresql":
        # ts_headline drops what looks like a tag from the text; the rest is escaped.
        assert hit.snippet.startswith("Tekst  alert(&#x27;x&#x27;)  met <mark>gegevens</mark> erin")
    else:
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; met <mark>gegevens</mark>" in hit.snippet
    assert "<mark>gegevens</mark>" in hit.snippet


def test_filters_by_kind_theme_and_institution(member, institution, other_institution):
    theme = ThemeFactory(name="Cloud")
    own = project(institution, "Cloudstrategie")
    own.themes.add(theme)
    other = project(other_institution, "Cloudmigratie")
    # The theme itself carries its theme too.
    assert set(map(str, found(selectors.search(user=member, query="cloud", theme=theme.pk)))) == {
        str(("project", 1, [own.pk])),
        str(("theme", 1, [theme.pk])),
    }
    assert found(selectors.search(user=member, query="cloud", institution=other_institution.pk)) == [
        ("project", 1, [other.pk])
    ]
    assert found(selectors.search(user=member, query="cloud", kinds=["theme"])) == [("theme", 1, [theme.pk])]


def test_one_kind_pages_through_its_hits(member, institution):
    projects = [project(institution, f"Archief {n}") for n in range(5)]
    results = selectors.search(user=member, query="archief", kinds=["project"], page=2, per_page=2)
    assert results.page is not None and results.page.paginator.num_pages == 3
    assert [hit.object_id for hit in results.page.object_list] == [projects[2].pk, projects[3].pk]


def test_index_follows_saves_and_deletes(member, institution):
    p = project(institution, "Eerste titel")
    p.title = "Nieuwe naam"
    p.save()
    assert found(selectors.search(user=member, query="eerste")) == []
    assert found(selectors.search(user=member, query="nieuwe")) == [("project", 1, [p.pk])]
    p.delete()
    assert Entry.objects.filter(kind="project").count() == 0


def test_reindex_rebuilds_everything(member, institution):
    project(institution, "Herbouw")
    Entry.objects.all().delete()
    counts = reindex()
    assert counts["project"] == 1
    assert selectors.search(user=member, query="herbouw").total == 1


def test_members_only_with_consented_fields(member, institution):
    shy = UserFactory(full_name="Anna Stil", job_title="Architect", institution=institution)
    open_ = UserFactory(full_name="Bram Open", job_title="Architect", institution=institution)
    share(open_, SharedField.JOB_TITLE)
    assert found(selectors.search(user=member, query="architect", kinds=["member"])) == [("member", 1, [open_.pk])]
    assert found(selectors.search(user=member, query="anna")) == [("member", 1, [shy.pk])]


def test_suggestions_complete_the_last_word(member, institution):
    p = project(institution, "Informatiebeveiliging")
    assert [hit.object_id for hit in selectors.suggestions(user=member, query="informatieb")] == [p.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch stemming is PostgreSQL's")
def test_dutch_stemming_finds_other_forms(member, institution):
    p = project(institution, "Een project voor de regio")
    assert found(selectors.search(user=member, query="projecten")) == [("project", 1, [p.pk])]


def test_what_each_reader_finds(member, steering, other_member, admin_user, institution):
    published = meeting("Werkbijeenkomst ketens")
    concept = meeting("Conceptbijeenkomst ketens", status="concept")
    agenda_item = item(concept, "Ketens in concept")
    open_advice = advice("Ketens advies", status=Status.OFFERED)
    draft_advice = advice("Ketens conceptadvies", status=Status.DRAFT)
    visible_poll = poll("Ketens peiling")
    draft_poll = poll("Ketens ontwerp", published=False)
    steering_poll = poll("Ketens regiegroep", audience=Poll.Audience.STEERING)
    shown = comment(open_advice, "Over ketens gesproken", author=member)
    comment(open_advice, "Verborgen ketens", author=member, hidden=True)
    done = follow_up(open_advice, "Ketens opgepakt")

    def kinds(user):
        return {kind: set(ids) for kind, _, ids in found(selectors.search(user=user, query="ketens", per_group=50))}

    from django.contrib.auth.models import AnonymousUser

    assert kinds(AnonymousUser()) == {"advice": {open_advice.pk}, "follow-up": {done.pk}}
    assert kinds(member) == {
        "meeting": {published.pk},
        "advice": {open_advice.pk},
        "poll": {visible_poll.pk},
        "comment": {shown.pk},
        "follow-up": {done.pk},
    }
    # A member of another institution may open the same as any member; the administrator what the steering group may.
    assert kinds(other_member) == kinds(member)
    assert kinds(admin_user) == kinds(steering)
    assert kinds(steering) == {
        "meeting": {published.pk, concept.pk},
        "agenda-item": {agenda_item.pk},
        "advice": {open_advice.pk, draft_advice.pk},
        "poll": {visible_poll.pk, draft_poll.pk, steering_poll.pk},
        "comment": {shown.pk},
        "follow-up": {done.pk},
    }


def test_unshared_contact_fields_are_never_found(member, institution):
    colleague = UserFactory(full_name="Carla Contact", phone="030 999 8888", job_title="Datasteward")
    assert selectors.search(user=member, query="datasteward").total == 0
    assert selectors.search(user=member, query="8888").total == 0
    assert selectors.search(user=member, query=colleague.email.split("@")[0]).total == 0
    share(colleague, SharedField.JOB_TITLE)
    hit = selectors.search(user=member, query="datasteward").groups[0].hits[0]
    assert (hit.kind, hit.object_id) == ("member", colleague.pk)
    assert "8888" not in hit.snippet


def test_a_hidden_comment_leaves_the_index(member, steering):
    from koers.comments.services import comment_hide

    offered = advice("Adviesje", status=Status.OFFERED)
    shown = comment(offered, "Een opmerking over zwaluwen", author=member)
    assert selectors.search(user=member, query="zwaluwen").total == 1
    comment_hide(comment=shown, actor=steering, reason="Niet ter zake")
    assert selectors.search(user=member, query="zwaluwen").total == 0
    assert selectors.search(user=steering, query="zwaluwen").total == 0


def test_a_committed_import_indexes_its_projects(member, institution):
    from django.utils import timezone

    from koers.portfolio.models import ImportBatch, Project

    Project.objects.bulk_create([Project(institution=institution, title="Geimporteerd kompas")])
    assert selectors.search(user=member, query="kompas").total == 0
    ImportBatch.objects.create(
        institution=institution, filename="p.xlsx", state=ImportBatch.State.COMMITTED, committed_at=timezone.now()
    )
    assert selectors.search(user=member, query="kompas").total == 1


def test_a_concept_meeting_published_brings_its_agenda_items(member, steering):
    concept = meeting("Voorbereiding", status="concept")
    agenda_item = item(concept, "Pelikanen bespreken")
    assert selectors.search(user=member, query="pelikanen").total == 0
    concept.status = "gepubliceerd"
    concept.save()
    assert found(selectors.search(user=member, query="pelikanen")) == [("agenda-item", 1, [agenda_item.pk])]


def test_documents_are_found_by_whoever_may_open_them(member, steering):
    def upload(title: str, audience: str, target=None, name: str = "a.pdf"):
        return document_create(
            actor=steering,
            title=title,
            audience=audience,
            themes=[],
            target=target,
            upload=SimpleUploadedFile(name, b"%PDF-1.4"),
        )

    public = upload("Flamingo openbaar", "openbaar")
    members_only = upload("Flamingo leden", "leden")
    concept = meeting("Voorbereiding", status="concept")
    of_concept = upload("Flamingo concept", "openbaar", target=item(concept, "Punt"))
    guest = AnonymousUser()
    assert found(selectors.search(user=guest, query="flamingo")) == [("document", 1, [public.pk])]
    assert found(selectors.search(user=member, query="flamingo"))[0][:2] == ("document", 2)
    assert {*found(selectors.search(user=member, query="flamingo"))[0][2]} == {public.pk, members_only.pk}
    assert {*found(selectors.search(user=steering, query="flamingo"))[0][2]} == {
        public.pk,
        members_only.pk,
        of_concept.pk,
    }
    # A new version's file name is found too.
    version_add(actor=steering, document=public, upload=SimpleUploadedFile("pelikaanrapport.pdf", b"%PDF-1.4"))
    assert found(selectors.search(user=guest, query="pelikaanrapport")) == [("document", 1, [public.pk])]
