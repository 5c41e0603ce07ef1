"""The rows of a list of polls, written in Python: the polls page shows every open and scheduled poll and a page of
closed ones (about a hundred rows at national scale), and a template row (a dozen tags, filters and lookups) cost
about 0.15 ms each, the larger part of the page.

``{% poll_rows polls closed %}`` writes the ``<tr>`` of each poll, as polls/_poll_table.html's loop did;
tests/polls/test_poll_rows.py holds the markup exactly, in both languages and for every state of a poll.

The rows are the same for every member who sees the same polls, and polls/poll_list.html keeps them in the shared
cache, but for the column "Jouw stem": a row holds a mark there (``koers.core.reader``) that ``{% for_reader %}``
fills in for the reader.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.core import reader
from koers.core.models import choice_label
from koers.core.templatetags.dates import date_shown
from koers.core.templatetags.koers import status_badge

from .. import selectors
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
        vote = reader.mark("vote", poll.pk, int(state == PollState.OPEN))  # the reader's own: see _votes
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


def _votes(context: template.Context, marks: Sequence[tuple[int, ...]]) -> dict[tuple[int, ...], str]:
    """The column "Jouw stem" of each poll (marked with its id and whether it is open): whether the reader's vote,
    or their institution's, is in; asked once for all the polls of the page."""
    user = context.get("user")
    voted = selectors.voted_in(user=user, poll_ids=[pk for pk, _ in marks]) if user and user.is_authenticated else set()
    done = conditional_escape(gettext("gestemd"))
    waiting = f"<strong>{conditional_escape(gettext('nog niet gestemd'))}</strong>"
    return {(pk, open_): done if pk in voted else waiting if open_ else "-" for pk, open_ in marks}


reader.register("vote", _votes)
