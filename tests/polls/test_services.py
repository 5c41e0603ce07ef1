"""Every voting rule: who may vote, once per member or institution, budgets, required answers, anonymity."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from koers.accounts.models import User
from koers.polls.models import Answer, Ballot, Participation, Poll
from koers.polls.selectors import Turnout, own_answers, participation_of, results, results_visible, turnout
from koers.polls.services import (
    MSG_ALREADY_VOTED,
    MSG_CLOSED,
    MSG_DOTS_BUDGET,
    MSG_DOTS_PER_OPTION,
    MSG_FOREIGN_OPTION,
    MSG_INSTITUTION_VOTED,
    MSG_LOCKED,
    MSG_NO_INSTITUTION,
    MSG_NOT_IN_AUDIENCE,
    MSG_NOT_OPEN,
    MSG_QUICK_POLL_ONE_QUESTION,
    MSG_REQUIRED,
    MSG_TOO_MANY,
    MSG_TWO_OPTIONS,
    ballot_cast,
    closings_record,
    options_from_themes,
    poll_close,
    poll_outcome,
    poll_publish,
    poll_update,
    question_save,
)

from ..factories import InstitutionFactory, ThemeFactory, UserFactory
from .conftest import HOUR, make_poll, option


def messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def nothing_written():
    return (Participation.objects.count(), Ballot.objects.count(), Answer.objects.count()) == (0, 0, 0)


def test_a_ballot_counts_once_and_can_be_changed_while_allowed(poll, member):
    ja, nee = option(poll, "Ja"), option(poll, "Nee")
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: ja.pk})
    ballot_cast(poll=poll, voter=member, answers={question.pk: nee.pk})
    assert list(Answer.objects.values_list("option__label", flat=True)) == ["Nee"]
    assert (Participation.objects.count(), Ballot.objects.count()) == (1, 1)
    mine = own_answers(participation=participation_of(poll=poll, user=member))
    assert [a.option for a in mine[question.pk]] == [nee]


def test_a_final_vote_cannot_be_changed(member):
    poll = make_poll(allow_change=False)
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Nee").pk})
    assert messages(error.value) == [str(MSG_ALREADY_VOTED)]
    assert list(Answer.objects.values_list("option__label", flat=True)) == ["Ja"]


def test_one_ballot_per_institution_cast_by_the_first_colleague(member, institution):
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    colleague = UserFactory(full_name="Kees Jansen", institution=institution)
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=colleague, answers={question.pk: option(poll, "Nee").pk})
    assert messages(error.value) == [str(MSG_INSTITUTION_VOTED % {"name": "Gerda Visser"})]
    assert participation_of(poll=poll, user=colleague).user == member
    homeless = UserFactory(institution=None)
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=homeless, answers={question.pk: option(poll, "Nee").pk})
    assert messages(error.value) == [str(MSG_NO_INSTITUTION)]
    assert Ballot.objects.count() == 1


def test_the_database_refuses_a_second_ballot_for_the_same_unit(poll, member):
    Participation.objects.create(poll=poll, user=member, unit_key=f"u:{member.pk}")
    with pytest.raises(IntegrityError):
        Participation.objects.create(poll=poll, user=member, unit_key=f"u:{member.pk}")


def test_the_database_refuses_a_ballot_over_its_dot_budget(poll):
    with pytest.raises(IntegrityError):
        Ballot.objects.create(poll=poll, dots_used=4, dots_budget=3)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ({"opens_at": 1, "closes_at": 2}, MSG_NOT_OPEN),
        ({"opens_at": -3, "closes_at": -1}, MSG_CLOSED),
    ],
)
def test_no_voting_before_opening_or_after_closing(member, when, message):
    now = timezone.now()
    poll = make_poll(opens_at=now + when["opens_at"] * HOUR, closes_at=now + when["closes_at"] * HOUR)
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    assert messages(error.value) == [str(message)]
    assert nothing_written()


def test_a_draft_cannot_be_voted_on(member):
    poll = make_poll(publish=False)
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=member, answers={})
    assert messages(error.value) == [str(MSG_NOT_OPEN)]


def test_only_the_audience_votes(member, steering):
    poll = make_poll(audience=Poll.Audience.STEERING)
    question = poll.questions.get()
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    assert messages(error.value) == [str(MSG_NOT_IN_AUDIENCE)]
    ballot_cast(poll=poll, voter=steering, answers={question.pk: option(poll, "Ja").pk})
    assert Ballot.objects.count() == 1


def test_every_answer_is_checked_and_all_errors_reported(member):
    poll = make_poll(
        questions=[
            ("Welke route?", "een", ["Afspraak", "Voldongen feit", "Verleiding"]),
            ("Welke thema's?", "meer", ["Data", "LLO", "XR"]),
            ("Hoe tevreden?", "schaal", []),
            ("Toelichting", "open", []),
        ]
    )
    route, themes, scale, text = poll.questions.all()
    question_save(poll=poll, question=themes, data={"kind": "meer", "max_choices": 2}, options=["Data", "LLO", "XR"])
    other = make_poll(title="Andere peiling")
    answers = {
        route.pk: option(other, "Ja").pk,
        themes.pk: [o.pk for o in themes.options.all()],
        scale.pk: 7,
    }
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=member, answers=answers)
    assert {key: [str(m) for m in value] for key, value in error.value.message_dict.items()} == {
        f"q{route.pk}": [str(MSG_FOREIGN_OPTION)],
        f"q{themes.pk}": [str(MSG_TOO_MANY % {"max": 2})],
        f"q{scale.pk}": ["Kies een waarde van 1 tot en met 5."],
        f"q{text.pk}": [str(MSG_REQUIRED)],
    }
    assert nothing_written()


def test_dots_within_the_budget_and_the_cap_per_option(member, other_member):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=3, max_per_option=2, questions=[("", "stippen", ["A", "B", "C"])])
    question = poll.questions.get()
    a, b = option(poll, "A"), option(poll, "B")
    for dots, message in [({a.pk: 2, b.pk: 2}, MSG_DOTS_BUDGET % {"used": 4, "budget": 3})]:
        with pytest.raises(ValidationError) as error:
            ballot_cast(poll=poll, voter=member, answers={question.pk: dots})
        assert messages(error.value) == [str(message)]
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=member, answers={question.pk: {a.pk: 3}})
    assert messages(error.value) == [str(MSG_DOTS_PER_OPTION % {"max": 2})]
    assert nothing_written()
    ballot = ballot_cast(poll=poll, voter=member, answers={question.pk: {a.pk: 2, b.pk: 1}})
    assert (ballot.dots_used, ballot.dots_budget) == (3, 3)
    ballot_cast(poll=poll, voter=other_member, answers={question.pk: {b.pk: 2}})
    tally = results(poll=poll).questions[0]
    assert [(r.option.label, r.dots, r.share) for r in tally.options] == [("B", 3, 60.0), ("A", 2, 40.0), ("C", 0, 0.0)]


def test_an_anonymous_ballot_is_not_linked_to_its_voter(member):
    poll = make_poll(anonymous=True)
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    participation = Participation.objects.get()
    assert participation.user == member
    assert Ballot.objects.get().participation is None
    assert own_answers(participation=participation) == {}
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Nee").pk})
    assert messages(error.value) == [str(MSG_ALREADY_VOTED)]


def test_results_count_respondents_institutions_and_quorum(institution, other_institution):
    poll = make_poll(quorum=50, questions=[("Route", "een", ["Afspraak", "Feit"]), ("Cijfer", "schaal", [])])
    route, grade = poll.questions.all()
    InstitutionFactory()  # a third institution, without members, is not in the audience
    voters = [UserFactory(institution=institution), UserFactory(institution=institution)]
    voters.append(UserFactory(institution=other_institution))
    for voter, choice, value in zip(voters, ["Afspraak", "Afspraak", "Feit"], [4, 5, 2], strict=True):
        ballot_cast(poll=poll, voter=voter, answers={route.pk: option(poll, choice).pk, grade.pk: value})
    tally = results(poll=poll)
    assert (tally.respondents, tally.institutions, tally.audience_institutions, tally.quorum_met) == (3, 2, 2, True)
    assert [(r.option.label, r.count, r.share) for r in tally.questions[0].options] == [
        ("Afspraak", 2, 66.7),
        ("Feit", 1, 33.3),
    ]
    assert tally.questions[1].scale == [(1, 0, 0.0), (2, 1, 33.3), (3, 0, 0.0), (4, 1, 33.3), (5, 1, 33.3)]
    assert tally.questions[1].mean == 3.7


def test_the_audience_counts_each_institution_once_however_many_members_and_ballots(db, django_assert_num_queries):
    """Institutions with an active member, or with a ballot in: each once, in the same queries for 1 or 12 ballots."""
    poll = make_poll()
    question = poll.questions.get()
    big, left, silent = (InstitutionFactory(name=name) for name in ("Groot", "Vertrokken", "Stil"))
    InstitutionFactory(name="Leeg")  # no members: not in the audience
    UserFactory(institution=silent, is_active=False)  # only an inactive member: not in the audience
    crowd = UserFactory.create_batch(12, institution=big)
    leaver = UserFactory(institution=left)
    for voter in (crowd[0], leaver):
        ballot_cast(poll=poll, voter=voter, answers={question.pk: option(poll, "Ja").pk})
    leaver.is_active = False  # voted, then left: the institution took part, so it could
    leaver.save()

    def counted() -> tuple[int, int, int]:
        with django_assert_num_queries(6):  # questions, options, counts, ballots, institutions in, audience
            tally = results(poll=poll)
        return tally.respondents, tally.institutions, tally.audience_institutions

    assert counted() == (2, 2, 2)
    for voter in crowd[1:]:
        ballot_cast(poll=poll, voter=voter, answers={question.pk: option(poll, "Nee").pk})
    assert counted() == (13, 2, 2)


@pytest.mark.parametrize(
    ("visibility", "state", "voted", "visible"),
    [
        ("altijd", "open", False, True),
        ("na_stemmen", "open", False, False),
        ("na_stemmen", "open", True, True),
        ("na_sluiting", "open", True, False),
        ("na_sluiting", "gesloten", False, True),
    ],
)
def test_results_are_visible_by_the_poll_setting(db, visibility, state, voted, visible):
    now = timezone.now()
    closes = now - HOUR if state == "gesloten" else now + HOUR
    poll = make_poll(visibility=visibility, opens_at=now - 2 * HOUR, closes_at=closes)
    assert results_visible(poll=poll, voted=voted) is visible


def test_questions_and_counting_are_locked_once_voted(poll, member):
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    with pytest.raises(ValidationError) as error:
        question_save(poll=poll, question=question, data={"kind": "een", "text": "Anders"}, options=["Ja", "Nee"])
    assert messages(error.value) == [str(MSG_LOCKED)]
    data = {name: getattr(poll, name) for name in ["title", "kind", "unit", "anonymous", "dots", "max_per_option"]}
    poll_update(actor=None, poll=poll, data={**data, "title": "Nieuwe titel"})  # the title may still change
    with pytest.raises(ValidationError):
        poll_update(actor=None, poll=poll, data={**data, "unit": Poll.Unit.INSTITUTION})
    assert Poll.objects.get(pk=poll.pk).unit == Poll.Unit.MEMBER


def test_quick_poll_has_one_choice_question_and_publishing_needs_options(db):
    poll = make_poll(kind=Poll.Kind.POLL, publish=False)
    with pytest.raises(ValidationError) as error:
        question_save(poll=poll, question=None, data={"text": "Nog een", "kind": "een"}, options=["A", "B"])
    assert messages(error.value) == [str(MSG_QUICK_POLL_ONE_QUESTION)]
    question_save(poll=poll, question=poll.questions.get(), data={"kind": "een"}, options=["Alleen"])
    with pytest.raises(ValidationError) as error:
        poll_publish(actor=None, poll=poll)
    assert messages(error.value) == [str(MSG_TWO_OPTIONS)]


def test_dot_vote_options_from_the_themes(db):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=3, publish=False, questions=[("", "stippen", [])])
    themes = [ThemeFactory(name="Data en AI"), ThemeFactory(name="XR")]
    question = poll.questions.get()
    assert options_from_themes(question=question, themes=themes) == 2
    assert options_from_themes(question=question, themes=themes) == 0
    assert list(question.options.values_list("label", "position")) == [("Data en AI", 1), ("XR", 2)]


def test_close_now_and_write_the_outcome_after(poll, steering):
    with pytest.raises(ValidationError):
        poll_outcome(actor=steering, poll=poll, text="Te vroeg")
    poll_close(actor=steering, poll=poll)
    assert poll.is_closed and poll.closes_at <= timezone.now()
    poll_outcome(actor=steering, poll=poll, text="Het netwerk kiest OOAPI.")
    poll.refresh_from_db()
    assert (poll.outcome, poll.outcome_at is not None) == ("Het netwerk kiest OOAPI.", True)


def test_closing_a_poll_that_opens_later_keeps_it_valid(db, steering):
    now = timezone.now()
    poll = make_poll(opens_at=now + HOUR, closes_at=now + 2 * HOUR)
    poll_close(actor=steering, poll=poll)
    assert poll.closes_at == poll.opens_at + datetime.timedelta(seconds=1)


def test_a_closed_polls_audience_and_quorum_stay_as_they_were_at_closing(member, other_member, steering):
    """New members after the closing, and changes after the closing job recorded it, leave the outcome as it was."""
    poll = make_poll(quorum=50)
    question = poll.questions.get()
    curio = UserFactory(institution=InstitutionFactory(name="Curio"))
    for voter in (member, curio):  # Horizon College and Curio vote; Albeda (other_member) does not
        ballot_cast(poll=poll, voter=voter, answers={question.pk: option(poll, "Ja").pk})
    User.objects.update(date_joined=timezone.now() - HOUR)  # they were members before the closing
    # Closed by its closing time, without anyone looking at it.
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))

    def outcome() -> tuple[int, int, int | None, bool | None]:
        tally = results(poll=Poll.objects.get(pk=poll.pk))
        return tally.institutions, tally.audience_institutions, tally.quorum, tally.quorum_met

    assert outcome() == (2, 3, 50, True)  # 2 of the 3 institutions with members
    for n in range(2):  # two institutions join after the closing: counted now, it would be 2 of 5, not met
        UserFactory(institution=InstitutionFactory(name=f"Nieuw {n}"))
    assert outcome() == (2, 3, 50, True)
    assert closings_record() == 1  # the job records the closing numbers, once
    assert closings_record() == 0
    curio.is_active = False  # Curio's only member leaves, and the quorum is raised afterwards
    curio.save()
    Poll.objects.filter(pk=poll.pk).update(quorum=90)
    assert outcome() == (2, 3, 50, True)
    assert turnout(poll=Poll.objects.get(pk=poll.pk)) == Turnout(2, 2, 3, 50, True)


def test_an_institution_that_voted_counts_among_those_that_could(member, other_member):
    """Whatever its members' records say later, an institution that voted could take part: never "2 van de 1"."""
    poll = make_poll(quorum=50)
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    User.objects.filter(pk=other_member.pk).update(date_joined=timezone.now() - HOUR)
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now())  # a record written after the closing
    tally = results(poll=Poll.objects.get(pk=poll.pk))
    assert (tally.institutions, tally.audience_institutions, tally.quorum_met) == (1, 2, True)


def test_reopening_a_poll_counts_its_audience_afresh(poll, steering):
    poll_close(actor=steering, poll=poll)
    poll.refresh_from_db()
    assert poll.audience_at_closing == 1
    data = {name: getattr(poll, name) for name in ["kind", "unit", "anonymous", "dots", "max_per_option"]}
    poll_update(actor=steering, poll=poll, data={**data, "closes_at": timezone.now() + HOUR})
    poll.refresh_from_db()
    assert (poll.audience_at_closing, poll.institutions_at_closing, poll.quorum_at_closing) == (None, None, None)


def test_the_kind_cannot_change_once_there_are_questions(poll):
    data = {name: getattr(poll, name) for name in ["title", "kind", "unit", "anonymous", "dots", "max_per_option"]}
    with pytest.raises(ValidationError) as error:
        poll_update(actor=None, poll=poll, data={**data, "kind": Poll.Kind.POLL, "title": "x"})
    assert messages(error.value) == [
        "De soort kan niet meer veranderen als er al vragen zijn. Maak een nieuwe peiling."
    ]


def test_a_new_closing_time_earns_a_new_reminder(poll):
    Poll.objects.filter(pk=poll.pk).update(reminder_sent_at=timezone.now())
    poll.refresh_from_db()
    data = {name: getattr(poll, name) for name in ["kind", "unit", "anonymous", "dots", "max_per_option"]}
    poll_update(actor=None, poll=poll, data={**data, "closes_at": poll.closes_at + HOUR})
    assert Poll.objects.get(pk=poll.pk).reminder_sent_at is None


def test_open_answers_show_for_every_open_question(member, other_member):
    poll = make_poll(questions=[("Eerste", "open", []), ("Tweede", "open", [])])
    first, second = poll.questions.all()
    for voter, text in [(member, "a"), (other_member, "b")]:
        ballot_cast(poll=poll, voter=voter, answers={first.pk: f"{text}1", second.pk: f"{text}2"})
    assert [row.texts for row in results(poll=poll).questions] == [["a1", "b1"], ["a2", "b2"]]


def test_dot_vote_ties_share_a_place(member):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=3, questions=[("", "stippen", ["A", "B", "C"])])
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: {option(poll, "A").pk: 1, option(poll, "B").pk: 1}})
    places = [(r.option.label, r.place) for r in results(poll=poll).questions[0].options]
    assert places == [("A", 1), ("B", 1), ("C", 3)]


def test_a_poll_for_the_attendees_of_a_meeting(member, other_member):
    from koers.meetings.services import registration_create

    from ..meetings.conftest import make_meeting

    meeting = make_meeting()
    registration_create(meeting=meeting, user=member)
    poll = make_poll(audience=Poll.Audience.ATTENDEES, meeting=meeting)
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=other_member, answers={question.pk: option(poll, "Ja").pk})
    assert messages(error.value) == [str(MSG_NOT_IN_AUDIENCE)]
    assert results(poll=poll).audience_institutions == 1
