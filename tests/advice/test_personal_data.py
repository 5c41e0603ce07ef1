"""Advice's part of the personal data: working groups and follows."""

from koers.advice import personal_data
from koers.advice.models import Follow, WorkingGroupMember
from koers.advice.services import advice_follow

from .conftest import make_advice


def test_working_groups_and_follows_are_exported_and_erased(steering, member):
    writing = make_advice(actor=steering, title="Nog in de maak", lead=member)
    done = make_advice(actor=steering, title="Afgerond", lead=member, status="in_uitvoering")
    advice_follow(user=member, advice=done, following=False)
    data = personal_data.export(user=member)
    assert [(g["advice"], g["lead"]) for g in data["working_groups"]] == [("Nog in de maak", True), ("Afgerond", True)]
    assert [(f["advice"], f["following"]) for f in data["advice_followed"]] == [("Afgerond", False)]
    personal_data.erase(user=member)
    assert list(WorkingGroupMember.objects.filter(user=member).values_list("advice__title", flat=True)) == ["Afgerond"]
    assert not Follow.objects.filter(user=member).exists()
    assert writing.working_group.count() == 0
