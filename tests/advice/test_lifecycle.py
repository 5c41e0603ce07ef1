"""The advice lifecycle stepper: which steps are done, which is current, and what the page says of each."""

import datetime

from django.utils import timezone

from koers.advice.models import Status, StatusChange
from koers.advice.selectors import lifecycle, status_changes
from koers.advice.services import advice_transition

from .conftest import make_advice


def states(advice):
    return [(step.status.value, step.state) for step in lifecycle(advice=advice, changes=status_changes(advice=advice))]


def test_a_new_advice_stands_at_its_first_step(steering):
    advice = make_advice(actor=steering)
    steps = lifecycle(advice=advice, changes=status_changes(advice=advice))
    assert [(s.status.value, s.state) for s in steps] == [
        ("idee", "current"),
        ("werkgroep", "todo"),
        ("concept", "todo"),
        ("consultatie", "todo"),
        ("aangeboden", "todo"),
        ("besluit", "todo"),
        ("in_uitvoering", "todo"),
        ("afgerond", "todo"),
    ]
    created = StatusChange.objects.get(advice=advice, to_status=Status.IDEA).at
    assert steps[0].when == created and [s.when for s in steps[1:]] == [None] * 7


def test_done_steps_end_when_the_next_step_was_reached(steering):
    advice = make_advice(actor=steering, status=Status.DRAFT)
    start = timezone.make_aware(datetime.datetime(2026, 3, 1, 10))
    for days, change in enumerate(StatusChange.objects.filter(advice=advice).order_by("at", "id")):
        StatusChange.objects.filter(pk=change.pk).update(at=start + datetime.timedelta(days=days))
    steps = lifecycle(advice=advice, changes=status_changes(advice=advice))
    assert [(s.state, s.when) for s in steps[:4]] == [
        ("done", start + datetime.timedelta(days=1)),  # the idea ended when the working group started
        ("done", start + datetime.timedelta(days=2)),
        ("current", start + datetime.timedelta(days=2)),
        ("todo", None),
    ]


def test_a_step_back_makes_the_later_steps_to_do_again(steering):
    advice = make_advice(actor=steering, status=Status.OFFERED)
    advice_transition(actor=steering, advice=advice, to=Status.DRAFT, note="Meer onderbouwing nodig")
    assert states(advice)[1:5] == [
        ("werkgroep", "done"),
        ("concept", "current"),
        ("consultatie", "todo"),
        ("aangeboden", "todo"),
    ]


def test_a_decision_carried_out_at_once_skips_the_execution_step(steering):
    advice = make_advice(actor=steering, status=Status.DECIDED)
    advice_transition(actor=steering, advice=advice, to=Status.DONE)
    assert states(advice)[4:] == [
        ("aangeboden", "done"),
        ("besluit", "done"),
        ("in_uitvoering", "skipped"),
        ("afgerond", "finished"),
    ]


def test_a_withdrawn_advice_shows_the_step_it_was_withdrawn_at(steering):
    advice = make_advice(actor=steering, status=Status.DRAFT)
    advice_transition(actor=steering, advice=advice, to=Status.WITHDRAWN, note="Ingehaald door landelijk beleid")
    steps = lifecycle(advice=advice, changes=status_changes(advice=advice))
    assert [(s.status.value, s.state) for s in steps[1:4]] == [
        ("werkgroep", "done"),
        ("concept", "withdrawn"),
        ("consultatie", "not_reached"),
    ]
    assert steps[2].when == StatusChange.objects.get(advice=advice, to_status=Status.WITHDRAWN).at


def test_the_page_marks_the_current_step_in_words_and_for_assistive_technology(client, steering):
    advice = make_advice(actor=steering, status=Status.WORKING_GROUP)
    page = client.get(advice.get_absolute_url()).content.decode()
    assert '<h2 id="lifecycle-heading">Waar staat dit advies?</h2>' in page
    assert page.count('aria-current="step"') == 1
    today = timezone.localdate().strftime("%-d")
    assert '<li class="step step-current" aria-current="step">' in page
    assert f"huidige stap, sinds {today} " in page
    assert f"afgerond op {today} " in page
    assert '<span class="step-mark" aria-hidden="true">3</span>' in page  # a step to come shows its number
    assert page.count('<span class="step-state">nog niet</span>') == 6
