"""The rows of the advice lists, which advice/templatetags/advice_rows.py writes in Python: the members' list and
the public transparency page, exactly, in both languages."""

import datetime

from django.urls import reverse
from django.utils import timezone

from koers.advice.models import Advice, FollowUp, Status
from koers.core.templatetags.dates import date
from koers.core.templatetags.koers import status_badge

from ..factories import ThemeFactory
from .conftest import make_advice


def row(html: str, title: str) -> str:
    start = html.rindex("\n    <tr>", 0, html.index(f">{title}</a>"))
    return html[start : html.index("</tr>\n  ", start) + len("</tr>\n  ")]


def test_the_members_list_names_the_themes_the_lead_and_the_last_change(client, member, steering):
    writing = make_advice(
        actor=steering,
        title="Data <delen>",
        status=Status.WORKING_GROUP,
        lead=member,
        themes=[ThemeFactory(name="Data & AI"), ThemeFactory(name="Privacy")],
    )
    Advice.objects.filter(pk=writing.pk).update(target_year=2027, target_quarter=2)
    idea = make_advice(actor=steering, title="Los idee")
    client.force_login(member)
    html = client.get(reverse("advice:advice-list")).content.decode()
    changed = date(timezone.localtime(Advice.objects.get(pk=writing.pk).updated_at), "j F Y")
    assert row(html, "Data &lt;delen&gt;") == (
        "\n    <tr>\n"
        f'      <th scope="row"><a href="/adviezen/{writing.pk}/">Data &lt;delen&gt;</a><br>'
        '<span class="meta">Data &amp; AI, Privacy</span></th>\n'
        f'      <td data-label="Status">{status_badge("werkgroep", "Werkgroep")}</td>\n'
        f'      <td data-label="Trekker"><a href="/leden/{member.pk}/">{member.full_name}</a></td>\n'
        '      <td data-label="Streefkwartaal">Q2 2027</td>\n'
        f'      <td data-label="Laatst gewijzigd">{changed}</td>\n'
        "    </tr>\n  "
    )
    assert '<td data-label="Trekker">-</td>' in row(html, "Los idee")
    assert '<td data-label="Streefkwartaal">-</td>' in row(html, "Los idee")
    assert f'<a href="/adviezen/{idea.pk}/">' in row(html, "Los idee")


def test_the_transparency_page_shows_the_decision_and_the_latest_follow_up_in_english(client, steering):
    decided = make_advice(actor=steering, title="Besloten", status=Status.DECIDED)
    for day, progress in ((datetime.date(2027, 3, 1), 10), (datetime.date(2027, 5, 4), 40)):  # the latest counts
        FollowUp.objects.create(
            advice=decided, date=day, text="Gedaan", done_by="MBO Raad", progress=progress, status="op_schema"
        )
    make_advice(actor=steering, title="Nog open", status=Status.CONSULTATION)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("advice:transparency")).content.decode()
    decided.refresh_from_db()
    on = date(decided.decision_date, "j F Y")
    assert row(html, "Besloten").endswith(
        f'      <td data-label="Status">{status_badge("besluit", "Decision")}</td>\n'
        f'      <td data-label="Decision">Adopted<br><span class="meta">{on}</span></td>\n'
        '      <td data-label="Target quarter">-</td>\n'
        '      <td data-label="Latest follow-up"><progress value="40" max="100" aria-label="Progress"></progress> 40%'
        '<br><span class="meta">4 May 2027</span></td>\n'
        "    </tr>\n  "
    )
    assert row(html, "Nog open").endswith(
        '<td data-label="Decision">-</td>\n      <td data-label="Target quarter">-</td>\n'
        '      <td data-label="Latest follow-up">-</td>\n    </tr>\n  '
    )
