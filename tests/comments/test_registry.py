"""The apps whose objects carry comments register them (koers.comments.registry), so that comments imports none
of them."""

import pytest

from koers.comments import registry, selectors
from koers.meetings.models import Meeting


def test_meetings_and_advice_register_their_models_and_nothing_else():
    assert set(registry.COMMENTABLE) == {"meetings.meeting", "advice.advice"}
    assert selectors.COMMENTABLE == {"meetings.meeting", "advice.advice"}


def test_an_unregistered_model_carries_no_comments(member, institution):
    assert registry.visibility_rule("members.institution") is None
    assert selectors.comment_target(label="members.institution", object_id=institution.pk) is None
    assert selectors.comments_visible(target=institution, user=member) is False


def test_a_model_registers_once():
    rule = registry.visibility_rule("meetings.meeting")
    with pytest.raises(ValueError, match="meetings.meeting already carries comments"):
        registry.register_commentable(Meeting, visible=lambda meeting, user: True)
    assert registry.visibility_rule("meetings.meeting") is rule
