"""The rows of a table of positions, which members/templatetags/positions.py writes in Python: every kind of term,
exactly, for a member and a manager, in both languages."""

from django.urls import reverse

from koers.core.templatetags.dates import date
from koers.members.models import Position

from .test_positions import _between, day, history  # noqa: F401 - the fixture


def row(html: str, name: str) -> str:
    start = html.rindex("\n    <tr>", 0, html.index(f">{name}<"))
    return html[start : html.index("</tr>\n  ", start) + len("</tr>\n  ")]


def profile(name: str) -> str:
    return f'<a href="/leden/{Position.objects.get(user__full_name=name).user_id}/">{name}</a>'


def test_the_rows_a_member_reads(member_client, history, institution):  # noqa: F811
    html = member_client.get(reverse("members:steering-group")).content.decode()
    assert row(_between(html, "<h2>Nu</h2>", "<h2>Binnenkort</h2>"), "Tom Vandaag") == (
        "\n    <tr>\n"
        '      <td data-label="Functie">Secretaris</td>\n'
        f'      <td data-label="Naam">{profile("Tom Vandaag")}</td>\n'
        f'      <td data-label="Instelling">{institution.name}</td>\n'
        f'      <td data-label="Termijn">{date(day(-100), "j F Y")} – {date(day(0), "j F Y")}</td>\n'
        "      \n"
        "    </tr>\n  "
    )
    assert f'<td data-label="Termijn">vanaf {date(day(5), "j F Y")}</td>' in row(html, "Bram Binnenkort")
    assert f'<td data-label="Termijn">{date(day(-100), "j F Y")} – heden</td>' in row(html, "Nina Nu")


def test_the_rows_a_manager_reads_in_english(client_for, chair, history):  # noqa: F811
    client = client_for(chair)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("members:steering-group")).content.decode()
    nina = Position.objects.get(user__full_name="Nina Nu")
    assert row(html, "Nina Nu").endswith(
        f'      <td data-label="Term">{date(day(-100), "j F Y")} – present</td>\n'
        f'      <td><a href="/regiegroep/functies/{nina.pk}/beeindigen/" aria-label="End term: Nina Nu">End term</a>'
        "</td>\n"
        "    </tr>\n  "
    )
    tom = Position.objects.get(user__full_name="Tom Vandaag")
    assert (
        f'<td><a href="/regiegroep/functies/{tom.pk}/beeindigen/" aria-label="Change end date: Tom Vandaag">'
        "Change end date</a></td>"
    ) in row(html, "Tom Vandaag")
    # A former term in the "Eerder" table: no link, and no cell for one either.
    assert row(_between(html, "<h2>Previously</h2>", None), "Eva Eerder").endswith(
        f"{date(day(-800), 'j F Y')} – {date(day(-400), 'j F Y')}</td>\n      \n    </tr>\n  "
    )
