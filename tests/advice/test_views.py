import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from koers.advice.forms import MSG_CONFIRM_STEP_BACK
from koers.advice.models import Advice, Follow, FollowUp, Status, StatusChange
from koers.advice.services import follow_up_add, text_save
from koers.core.models import AuditEvent
from koers.core.uploads import MSG_FILE_TYPE
from koers.documents.models import Document, DocumentVersion
from koers.polls.models import Call, SignUp
from koers.roadmap.models import PlanItem

from ..factories import ThemeFactory
from ..polls.conftest import make_poll
from .conftest import DAY, make_advice, one_busy_day

TODAY = timezone.localdate


def _url(name: str, advice: Advice, **kwargs) -> str:
    return reverse(f"advice:{name}", kwargs={"pk": advice.pk, **kwargs})


def test_steering_creates_an_advice_with_its_links(client_for, steering):
    theme = ThemeFactory(name="Onderwijslogistiek")
    item = PlanItem.objects.create(title="OOAPI-koppelingen", theme=theme, year=2027, rank=1)
    response = client_for(steering).post(
        reverse("advice:advice-create"),
        {
            "title": "Collectief gebruik van OOAPI",
            "themes": [theme.pk],
            "question": "Hoe wisselen we gegevens uit?",
            "summary": "Gebruik OOAPI.",
            "target_year": 2027,
            "target_quarter": 2,
            "budget": 250000,
            "funding": "Npuls",
            "plan_items": [item.pk],
        },
    )
    advice = Advice.objects.get()
    assert response["Location"] == advice.get_absolute_url()
    assert (advice.status, advice.target, advice.budget, advice.summary) == (
        "idee",
        "Q2 2027",
        250000,
        "Gebruik OOAPI.",
    )
    assert list(advice.plan_items.all()) == [item]


def test_a_target_needs_year_and_quarter_and_nothing_is_saved_otherwise(client_for, steering):
    theme = ThemeFactory()
    response = client_for(steering).post(
        reverse("advice:advice-create"), {"title": "Half", "themes": [theme.pk], "question": "?", "target_year": 2027}
    )
    assert response.status_code == 400
    assert "Geef het streefjaar en het streefkwartaal allebei, of geen van beide." in response.content.decode()
    assert not Advice.objects.exists()


def test_a_conflicting_text_save_keeps_the_members_text_in_the_form(client_for, steering, other_member):
    advice = make_advice(actor=steering, lead=other_member)
    text_save(actor=steering, advice=advice, summary="", body="Versie van Chantal", base_version=1)
    response = client_for(other_member).post(
        _url("advice-text", advice), {"summary": "", "body": "Mijn eigen alinea", "base_version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Iemand anders heeft de tekst intussen gewijzigd (nu versie 2)." in page
    assert "Mijn eigen alinea" in page
    assert Advice.objects.get().body == "Versie van Chantal"


def test_the_lead_moves_the_advice_and_the_page_shows_the_step(client_for, steering, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.DRAFT)
    text_save(actor=other_member, advice=advice, summary="", body="# Advies", base_version=1)
    client = client_for(other_member)
    page = client.get(_url("advice-transition", advice)).content.decode()
    assert 'value="consultatie"' in page and 'value="aangeboden"' not in page
    response = client.post(_url("advice-transition", advice), {"to": "consultatie", "note": "Graag reacties"})
    assert response.status_code == 302
    assert Advice.objects.get().status == Status.CONSULTATION
    detail = client.get(_url("advice-detail", advice)).content.decode()
    assert "Graag reacties" in detail
    assert "Consultatie" in detail


def test_a_decision_without_rationale_is_refused_in_the_form(client_for, steering):
    advice = make_advice(actor=steering, lead=steering, status=Status.OFFERED)
    response = client_for(steering).post(
        _url("advice-transition", advice),
        {"to": "besluit", "decision": "overgenomen", "decision_rationale": "", "decision_date": TODAY().isoformat()},
    )
    assert response.status_code == 400
    assert "Een besluit heeft de motivering van de Adviesraad nodig." in response.content.decode()
    assert Advice.objects.get().status == Status.OFFERED
    assert StatusChange.objects.filter(to_status="besluit").count() == 0


def test_an_illegal_step_posted_by_hand_is_refused(client_for, steering):
    advice = make_advice(actor=steering)
    response = client_for(steering).post(_url("advice-transition", advice), {"to": "afgerond"})
    assert response.status_code == 400
    assert Advice.objects.get().status == Status.IDEA


def test_working_group_from_a_call_and_the_lead(client_for, steering, member, other_member):
    advice = make_advice(actor=steering)
    call = Call.objects.create(title="ICT-monitor herijken", text="Wie helpt?", wanted=3, closes_on=TODAY())
    SignUp.objects.create(call=call, user=member)
    SignUp.objects.create(call=call, user=other_member)
    client = client_for(steering)
    client.post(_url("working-group", advice), {"action": "call", "call": call.pk})
    client.post(_url("working-group", advice), {"action": "lead", "user": member.pk})
    assert list(advice.working_group.values_list("user__full_name", "is_lead")) == [
        ("Gerda Visser", True),
        ("Hans Bos", False),
    ]
    client.post(reverse("advice:working-group-remove", kwargs={"pk": advice.pk, "user": other_member.pk}))
    assert advice.working_group.count() == 1


def test_follow_and_unfollow(client_for, steering, member):
    advice = make_advice(actor=steering)
    client = client_for(member)
    client.post(_url("follow", advice), {"following": "1"})
    assert "Niet meer volgen" in client.get(_url("advice-detail", advice)).content.decode()
    client.post(_url("follow", advice), {"following": "0"})
    assert list(Follow.objects.filter(user=member).values_list("following", flat=True)) == [False]
    assert ">Volgen<" in client.get(_url("advice-detail", advice)).content.decode()


def test_guests_see_status_and_follow_up_but_not_a_draft_text(client, steering, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.DRAFT)
    text_save(actor=other_member, advice=advice, summary="", body="Geheime conceptzin", base_version=1)
    page = client.get(_url("advice-detail", advice)).content.decode()
    assert "Concept" in page and "Geheime conceptzin" not in page and "Hans Bos" not in page
    assert client.get(_url("advice-versions", advice)).status_code == 302

    advice = make_advice(actor=steering, title="Besloten advies", status=Status.IN_PROGRESS)
    follow_up_add(
        actor=steering,
        advice=advice,
        data={"date": TODAY(), "text": "Koppeling live", "done_by": "SURF", "progress": 60, "status": "op_schema"},
    )
    page = client.get(_url("advice-detail", advice)).content.decode()
    assert (
        "Gebruik OOAPI." in page and "Koppeling live" in page and "60%" in page and "Past in de sectoragenda." in page
    )


def test_versions_compare_page(client_for, steering):
    advice = make_advice(actor=steering)
    text_save(actor=steering, advice=advice, summary="", body="Een\nTwee", base_version=1)
    text_save(actor=steering, advice=advice, summary="", body="Een\nDrie", base_version=2)
    page = client_for(steering).get(_url("advice-versions", advice), {"older": 2, "newer": 3}).content.decode()
    assert "− Twee</del>" in page and "+ Drie</ins>" in page
    response = client_for(steering).get(_url("advice-versions", advice), {"older": 1, "newer": 9})
    assert response.status_code == 400
    assert "Kies versies die bestaan: 1 tot en met 3." in response.content.decode()


def test_attachments_are_checked_and_served_to_those_who_may_read_the_text(client, client_for, steering, member):
    advice = make_advice(actor=steering)
    writer = client_for(steering)
    response = writer.post(_url("attachment-upload", advice), {"file": SimpleUploadedFile("x.pdf", b"MZ program")})
    assert str(MSG_FILE_TYPE) in writer.get(response["Location"]).content.decode()
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    writer.post(_url("attachment-upload", advice), {"file": SimpleUploadedFile("notitie.pdf", b"%PDF-1.4")})
    version = DocumentVersion.objects.get()
    assert (version.document.title, version.document.object_id, version.name) == (
        "notitie.pdf",
        advice.pk,
        "notitie.pdf",
    )
    url = version.get_absolute_url()
    assert client_for(member).get(url).status_code == 403  # an idea's files are for the writers
    assert client.get(url).status_code == 302
    assert b"".join(writer.get(url).streaming_content) == b"%PDF-1.4"


def test_transparency_export_has_one_row_per_advice(client, steering):
    advice = make_advice(actor=steering, status=Status.IN_PROGRESS, target_year=2027, target_quarter=1)
    FollowUp.objects.create(advice=advice, date=TODAY(), text="Half", done_by="SURF", progress=50, status="op_schema")
    make_advice(actor=steering, title="Nog een idee")
    response = client.get(reverse("advice:transparency-export", kwargs={"fmt": "csv"}), {"status": "in_uitvoering"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Titel", "Thema's", "Status", "Besluit"]
    assert [row[:3] + row[3:5] + row[6:7] + row[9:11] for row in rows[1:]] == [
        [
            "Collectief gebruik van OOAPI",
            advice.themes.get().name,
            "In uitvoering",
            "Overgenomen",
            TODAY().isoformat(),
            "Q1 2027",
            TODAY().isoformat(),
            "50",
        ]
    ]
    assert rows[1][11] == f"http://testserver{advice.get_absolute_url()}" or rows[1][11].endswith(
        advice.get_absolute_url()
    )


def test_milestones_appear_on_the_roadmap_and_the_plan(client, client_for, steering, member):
    theme = ThemeFactory()
    PlanItem.objects.create(title="Iets", theme=theme, year=timezone.localdate().year, rank=1)
    year = timezone.localdate().year + 1
    make_advice(actor=steering, title="Mijlpaaladvies", target_year=year, target_quarter=3)
    national = client.get(reverse("roadmap:national")).content.decode()
    assert "Mijlpalen uit adviezen" in national and f"Q3 {year}" in national
    plan = client_for(member).get(reverse("roadmap:plan")).content.decode()
    assert "Mijlpaaladvies" in plan


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("name", "queries"), [("advice:advice-list", 7), ("advice:transparency", 5)])
def test_advice_lists_query_count(
    client, django_assert_num_queries, steering, member, other_member, name, queries, count
):
    for n in range(count):
        advice = make_advice(actor=steering, title=f"Advies {n}", lead=other_member, status=Status.IN_PROGRESS)
        follow_up_add(
            actor=steering,
            advice=advice,
            data={"date": TODAY(), "text": "Stap", "done_by": "SURF", "progress": 10 * n, "status": "op_schema"},
        )
    if name == "advice:advice-list":
        client.force_login(member)
    with django_assert_num_queries(queries):
        response = client.get(reverse(name))
    assert response.content.decode().count(">Advies ") == count


@pytest.mark.parametrize("count", [1, 12])
def test_an_advice_with_a_long_history_has_a_fixed_query_count(
    client, django_assert_num_queries, steering, other_member, count
):
    from ..meetings.conftest import make_meeting

    advice = make_advice(actor=steering, lead=other_member, status=Status.IN_PROGRESS)
    for n in range(count):
        follow_up_add(
            actor=steering,
            advice=advice,
            data={"date": TODAY(), "text": f"Stap {n}", "done_by": "SURF", "progress": n, "status": "op_schema"},
        )
        advice.polls.add(make_poll(title=f"Peiling {n}"))
        advice.meetings.add(make_meeting(title=f"Bijeenkomst {n}"))
    client.force_login(steering)
    with django_assert_num_queries(13):
        response = client.get(_url("advice-detail", advice))
    assert response.content.decode().count("Stap ") == 2 * count  # in the timeline and the table


def test_polls_and_meetings_are_linked_but_steering_polls_are_not_offered(client_for, steering):
    from ..meetings.conftest import make_meeting

    advice = make_advice(actor=steering)
    poll = make_poll(title="OOAPI als standaard")
    secret = make_poll(title="Alleen regiegroep", audience="regiegroep")
    meeting = make_meeting(title="Netwerkdag")
    client = client_for(steering)
    page = client.get(_url("advice-edit", advice)).content.decode()
    assert "OOAPI als standaard" in page and "Alleen regiegroep" not in page
    data = {
        "title": advice.title,
        "themes": [advice.themes.get().pk],
        "question": "?",
        "polls": [poll.pk],
        "meetings": [meeting.pk],
    }
    assert client.post(_url("advice-edit", advice), data).status_code == 302
    assert (list(advice.polls.all()), list(advice.meetings.all())) == ([poll], [meeting])
    assert client.post(_url("advice-edit", advice), {**data, "polls": [secret.pk]}).status_code == 400
    event = AuditEvent.objects.filter(action="advice.changed").get()
    assert event.data == {"fields": ["meetings", "polls", "question"]}


def test_after_a_conflict_the_writer_can_save_their_text(client_for, steering, other_member):
    advice = make_advice(actor=steering, lead=other_member)
    text_save(actor=steering, advice=advice, summary="", body="Versie van Chantal", base_version=1)
    client = client_for(other_member)
    first = client.post(_url("advice-text", advice), {"summary": "", "body": "Mijn alinea", "base_version": 1})
    assert "Versie van Chantal</pre>" in first.content.decode()
    assert first.context["form"]["base_version"].value() == 2
    client.post(_url("advice-text", advice), {"summary": "", "body": "Mijn alinea", "base_version": 2})
    assert Advice.objects.get().body == "Mijn alinea"


def test_guests_get_no_comments_no_steering_polls_no_poll_conclusions_and_no_early_notes(
    client, client_for, steering, member
):
    from koers.advice.services import advice_transition
    from koers.comments.services import comment_add
    from koers.polls.models import Poll

    advice = make_advice(actor=steering, lead=steering, status=Status.DRAFT)
    text_save(actor=steering, advice=advice, summary="", body="Tekst", base_version=1)
    advice_transition(actor=steering, advice=advice, to="consultatie", note="Alinea over Albeda schrappen")
    comment_add(target=advice, author=member, body="Mijn reactie als lid")
    advice_transition(actor=steering, advice=advice, to="aangeboden", note="Naar de Adviesraad")
    poll = make_poll(title="Open peiling")
    Poll.objects.filter(pk=poll.pk).update(outcome="Conclusie voor leden")
    advice.polls.add(poll, make_poll(title="Geheime peiling", audience="regiegroep"))
    page = client.get(_url("advice-detail", advice)).content.decode()
    assert "Open peiling" in page and "Naar de Adviesraad" in page
    for hidden in ("Mijn reactie als lid", "Gerda Visser", "Geheime peiling", "Conclusie voor leden", "Albeda"):
        assert hidden not in page
    member_page = client_for(member).get(_url("advice-detail", advice)).content.decode()
    assert "Mijn reactie als lid" in member_page and "Conclusie voor leden" in member_page
    assert "Geheime peiling" not in member_page


def test_readers_compare_only_versions_from_the_consultation_on(client, client_for, steering):
    from koers.advice.services import advice_transition

    advice = make_advice(actor=steering, lead=steering, status=Status.DRAFT)
    for n in range(1, 3):
        text_save(actor=steering, advice=advice, summary="", body=f"Concept {n}", base_version=n)
    advice_transition(actor=steering, advice=advice, to="consultatie")
    text_save(actor=steering, advice=advice, summary="", body="Na de consultatie", base_version=3)
    advice_transition(actor=steering, advice=advice, to="aangeboden")
    guest = client.get(_url("advice-versions", advice))
    assert [v.number for v in guest.context["versions"]] == [4, 3]
    assert client.get(_url("advice-versions", advice), {"older": 1, "newer": 4}).status_code == 400
    writer = client_for(steering).get(_url("advice-versions", advice))
    assert [v.number for v in writer.context["versions"]] == [4, 3, 2, 1]


def test_the_lead_edits_the_details_only_while_writing(client_for, steering, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.CONSULTATION)
    assert client_for(other_member).get(_url("advice-edit", advice)).status_code == 200
    Advice.objects.filter(pk=advice.pk).update(status=Status.OFFERED)
    assert client_for(other_member).get(_url("advice-edit", advice)).status_code == 403
    assert client_for(steering).get(_url("advice-edit", advice)).status_code == 200


def test_my_working_groups_keep_their_filter(client_for, steering, member, other_member):
    mine = make_advice(actor=steering, title="Mijn advies", lead=member, status=Status.WORKING_GROUP)
    make_advice(actor=steering, title="Ander advies", lead=other_member, status=Status.WORKING_GROUP)
    client = client_for(member)
    page = client.get(reverse("advice:advice-list"), {"mijn": "1"}).content.decode()
    assert "Mijn advies" in page and "Ander advies" not in page
    assert 'type="hidden" name="mijn" value="1"' in page
    filtered = client.get(reverse("advice:advice-list"), {"mijn": "True", "status": "werkgroep"})
    assert [a.title for a in filtered.context["page_obj"]()] == [mine.title]


def test_the_public_timeline_runs_by_the_moment_within_one_day(client, steering):
    advice = make_advice(actor=steering, status=Status.IN_PROGRESS)
    one_busy_day(advice)
    page = client.get(advice.get_absolute_url()).content.decode()
    timeline = page[page.index('<ol class="advice-timeline">') :]
    places = [timeline.index(text) for text in ("Overleg", "Eerste", "In uitvoering", "Peiling", "Tweede", "Afgerond")]
    assert places == sorted(places)


def test_the_status_form_offers_the_next_step_and_a_step_back_only_on_purpose(client_for, steering):
    advice = make_advice(actor=steering, status=Status.CONSULTATION)
    client = client_for(steering)
    form = client.get(_url("advice-transition", advice)).context["form"]
    assert form["to"].value() == "aangeboden"
    assert [label for _value, label in form.fields["to"].choices] == [
        "Aangeboden aan de Adviesraad",
        "Concept (een stap terug)",
        "Ingetrokken",
    ]

    response = client.post(_url("advice-transition", advice), {"to": "concept"})
    assert response.status_code == 400
    assert MSG_CONFIRM_STEP_BACK in response.context["form"].errors["confirm_step_back"]
    assert Advice.objects.get().status == Status.CONSULTATION

    response = client.post(_url("advice-transition", advice), {"to": "concept", "confirm_step_back": "on"})
    assert response.status_code == 302
    assert Advice.objects.get().status == Status.DRAFT


def test_a_lead_whose_only_step_is_back_gets_nothing_chosen_for_them(client_for, steering, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.CONSULTATION)
    form = client_for(other_member).get(_url("advice-transition", advice)).context["form"]
    assert (form["to"].value(), list(form.fields["to"].choices)) == (None, [("concept", "Concept (een stap terug)")])
    assert "confirm_step_back" in form.fields


def test_a_step_forward_needs_no_confirmation(client_for, steering):
    advice = make_advice(actor=steering, status=Status.OFFERED)
    form = client_for(steering).get(_url("advice-transition", advice)).context["form"]
    assert form["to"].value() == "besluit"
    assert "confirm_step_back" in form.fields and not form.fields["confirm_step_back"].required


def test_a_poll_links_to_the_advice_it_belongs_to_and_the_advice_that_followed(client_for, steering, member):
    endorsed = make_advice(actor=steering, title="Open badges", status=Status.CONSULTATION)
    endorsement = make_poll(title="Steun voor open badges")
    Advice.objects.filter(pk=endorsed.pk).update(endorsement_poll=endorsement)
    followed = make_advice(actor=steering, title="OOAPI")
    priorities = make_poll(title="Prioriteiten", opens_at=timezone.now() - 3 * DAY, closes_at=timezone.now() - DAY)
    followed.polls.add(priorities)
    client = client_for(member)

    poll_page = client.get(endorsement.get_absolute_url()).content.decode()
    assert f'Hoort bij advies <a href="{endorsed.get_absolute_url()}">Open badges</a>' in poll_page
    assert "Gevolgd door advies" not in poll_page
    results = client.get(reverse("polls:poll-results", args=[priorities.pk])).content.decode()
    assert f'Gevolgd door advies <a href="{followed.get_absolute_url()}">OOAPI</a>' in results
    assert "Hoort bij advies" not in results
    advice_page = client.get(endorsed.get_absolute_url()).content.decode()
    assert f'<a href="{endorsement.get_absolute_url()}">Steun voor open badges</a>' in advice_page


def test_the_budget_is_shown_in_the_notation_of_the_language(client_for, steering):
    advice = make_advice(actor=steering, budget=350000, funding="Npuls")
    browser = client_for(steering)
    assert "<dd>€ 350.000 (Npuls)</dd>" in browser.get(_url("advice-detail", advice)).content.decode()
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "<dd>€ 350,000 (Npuls)</dd>" in browser.get(_url("advice-detail", advice)).content.decode()


def test_adding_the_sign_ups_of_a_call_counts_them(client_for, steering, member):
    advice = make_advice(actor=steering)
    call = Call.objects.create(title="ICT-monitor herijken", text="Wie helpt?", wanted=3, closes_on=TODAY())
    SignUp.objects.create(call=call, user=member)
    response = client_for(steering).post(
        _url("working-group", advice), {"action": "call", "call": call.pk}, follow=True
    )
    assert "1 aanmelder is aan de werkgroep toegevoegd." in response.content.decode()
