"""The rows of the polls page, which polls/templatetags/polls.py writes in Python: every state of a poll, exactly,
in both languages."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from koers.core.templatetags.dates import date
from koers.polls.models import Poll
from koers.polls.services import ballot_cast

from ..factories import ThemeFactory
from .conftest import HOUR, make_poll, option

DAY = 24 * HOUR


def when(moment: datetime.datetime, format: str, language: str = "nl") -> str:
    with override(language):
        return date(timezone.localtime(moment), format)


def row(html: str, poll: Poll) -> str:
    start = html.rindex("\n    <tr>", 0, html.index(f'<a href="/peilingen/{poll.pk}/">'))
    return html[start : html.index("</tr>\n  ", start) + len("</tr>\n  ")]


def page(client, user, language="nl", **query) -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(reverse("polls:poll-list"), query).content.decode()


def test_an_open_poll_with_a_theme_that_waits_for_the_members_vote(client, member, steering):
    poll = make_poll(title="OOAPI <als> standaard", kind=Poll.Kind.POLL, theme=ThemeFactory(name="Data & AI"))
    ballot_cast(poll=poll, voter=steering, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    period = f"{when(poll.opens_at, 'j F Y H:i')} – {when(poll.closes_at, 'j F Y H:i')}"
    assert row(page(client, member), poll) == (
        "\n    <tr>\n"
        f'      <th scope="row"><a href="/peilingen/{poll.pk}/">OOAPI &lt;als&gt; standaard</a>'
        '<br><span class="meta">Data &amp; AI</span></th>\n'
        '      <td data-label="Soort">Snelle peiling</td>\n'
        f'      <td data-label="Open">{period}</td>\n'
        '      <td data-label="Respondenten">1</td>\n'
        '      <td data-label="Jouw stem"><strong>nog niet gestemd</strong></td>\n'
        "    </tr>\n  "
    )
    assert '<td data-label="Jouw stem">gestemd</td>' in row(page(client, steering), poll)


def test_an_election_a_scheduled_poll_and_a_draft_carry_their_state(client, steering):
    now = timezone.now()
    election = make_poll(title="Verkiezing regiegroep", anonymous=True, visibility="na_sluiting")
    Poll.objects.filter(pk=election.pk).update(election=True)
    later = make_poll(title="Straks", opens_at=now + DAY, closes_at=now + 2 * DAY)
    draft = make_poll(title="Concept", publish=False)
    html = page(client, steering)
    assert '<td data-label="Soort">Verkiezing</td>' in row(html, election)
    assert row(html, later).startswith(
        f'\n    <tr>\n      <th scope="row"><a href="/peilingen/{later.pk}/">Straks</a> '
        '<span class="utrecht-status-badge utrecht-status-badge--neutral status-badge" data-status="gepland">'
        "Nog niet open</span></th>\n"
    )
    assert row(html, later).endswith('<td data-label="Jouw stem">-</td>\n    </tr>\n  ')
    assert 'data-status="concept">Concept</span></th>' in row(html, draft)


def test_a_closed_poll_shows_its_closing_day_in_english_too(client, member, other_member):
    now = timezone.now()
    poll = make_poll(title="Afgerond", kind=Poll.Kind.SURVEY)
    for voter in (member, other_member):
        ballot_cast(poll=poll, voter=voter, answers={poll.questions.get().pk: option(poll, "Nee").pk})
    Poll.objects.filter(pk=poll.pk).update(opens_at=now - 9 * DAY, closes_at=now - 2 * DAY)
    poll.refresh_from_db()
    assert row(page(client, member, "en"), poll) == (
        "\n    <tr>\n"
        f'      <th scope="row"><a href="/peilingen/{poll.pk}/">Afgerond</a></th>\n'
        '      <td data-label="Type">Survey</td>\n'
        f'      <td data-label="Closed on">{when(poll.closes_at, "j F Y", "en")}</td>\n'
        '      <td data-label="Respondents">2</td>\n'
        '      <td data-label="Your vote">voted</td>\n'
        "    </tr>\n  "
    )
