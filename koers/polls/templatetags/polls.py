"""The rows of a list of polls, written in Python: the polls page shows every open and scheduled poll and a page of
closed ones (about a hundred rows at national scale), and a template row (a dozen tags, filters and lookups) cost
about 0.15 ms each, the larger part of the page.

``{% poll_rows polls closed %}`` writes the ``<tr>`` of each poll, as polls/_poll_table.html's loop did;
tests/polls/test_poll_rows.py holds the markup exactly, in both languages and for every state of a poll.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.core.models import choice_label
from koers.core.templatetags.dates import date_shown
from koers.core.templatetags.koers import status_badge

from ..models import Poll, PollState

if TYPE_CHECKING:  # a type only: a poll with the annotations of polls.selectors' listings
    from ..selectors import ListedPoll

register = template.Library()


@register.simple_tag
def poll_rows(polls: "Iterable[ListedPoll]", closed: bool) -> SafeString:
    """The table rows of ``polls`` (with the ``respondents`` and ``voted`` of polls.selectors' listings);
    ``closed``: the closing date instead of the period."""
    kind_label = conditional_escape(gettext("Soort"))
    when_label = conditional_escape(gettext("Gesloten op") if closed else gettext("Open"))
    respondents_label = conditional_escape(gettext("Respondenten"))
    vote_label = conditional_escape(gettext("Jouw stem"))
    election = conditional_escape(gettext("Verkiezing"))
    voted = conditional_escape(gettext("gestemd"))
    not_voted = conditional_escape(gettext("nog niet gestemd"))
    rows = []
    for poll in polls:
        state = poll.state
        badge = f" {status_badge(state, state.label)}" if state not in (PollState.OPEN, PollState.CLOSED) else ""
        theme = f'<br><span class="meta">{conditional_escape(poll.theme.name)}</span>' if poll.theme else ""
        kind = election if poll.election else conditional_escape(choice_label(Poll.Kind, poll.kind))
        if closed:
            when = date_shown(poll.closes_at, "j F Y")
        else:
            when = f"{date_shown(poll.opens_at, 'j F Y H:i')} – {date_shown(poll.closes_at, 'j F Y H:i')}"
        vote: str
        if poll.voted:
            vote = voted
        elif state == PollState.OPEN:
            vote = f"<strong>{not_voted}</strong>"
        else:
            vote = "-"
        rows.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a href="{conditional_escape(poll.get_absolute_url())}">'
            f"{conditional_escape(poll.title)}</a>{badge}{theme}</th>\n"
            f'      <td data-label="{kind_label}">{kind}</td>\n'
            f'      <td data-label="{when_label}">{conditional_escape(when)}</td>\n'
            f'      <td data-label="{respondents_label}">{conditional_escape(localize(poll.respondents))}</td>\n'
            f'      <td data-label="{vote_label}">{vote}</td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
