from django.urls import reverse

from koers.core.models import AuditEvent
from koers.themes.models import Agenda, Theme

from ..factories import AgendaFactory, ThemeFactory


def test_theme_pages_are_public_and_show_cross_links(client, db):
    data = ThemeFactory(name="Data-ondersteund onderwijs", slug="data-ondersteund-onderwijs")
    ai = ThemeFactory(name="Data en AI", slug="data-en-ai")
    data.related.add(ai)
    page = client.get(reverse("themes:theme-detail", kwargs={"slug": "data-en-ai"})).content.decode()
    assert "Data-ondersteund onderwijs" in page  # the link is symmetric
    listing = client.get(reverse("themes:theme-list")).content.decode()
    assert "Data en AI" in listing and data.agenda.name in listing


def test_unknown_theme_is_404(client, db):
    assert client.get(reverse("themes:theme-detail", kwargs={"slug": "bestaat-niet"})).status_code == 404


def test_steering_group_creates_theme_with_links(client, steering):
    agenda = AgendaFactory()
    other = ThemeFactory()
    client.force_login(steering)
    response = client.post(
        reverse("themes:theme-create"),
        {
            "agenda": agenda.pk,
            "line": "Pilothub",
            "name": "Digitaal toetsen",
            "description": "Toetsing",
            "related": [other.pk],
        },
    )
    theme = Theme.objects.get(name="Digitaal toetsen")
    assert response.status_code == 302 and response["Location"] == "/themas/digitaal-toetsen/"
    assert theme.slug == "digitaal-toetsen"
    assert list(other.related.all()) == [theme]
    event = AuditEvent.objects.get(action="theme.changed")
    assert (event.actor, event.target_repr, event.data) == (steering, "Digitaal toetsen", {"related": [other.slug]})


def test_duplicate_theme_name_in_agenda_is_refused(client, steering):
    existing = ThemeFactory(name="XR")
    client.force_login(steering)
    response = client.post(reverse("themes:theme-create"), {"agenda": existing.agenda.pk, "name": "xr"})
    assert response.status_code == 400
    assert "Deze agenda heeft al een thema met deze naam." in response.content.decode()
    assert Theme.objects.count() == 1


def test_theme_edit_cannot_link_to_itself(client, steering):
    theme = ThemeFactory()
    client.force_login(steering)
    response = client.post(
        reverse("themes:theme-edit", kwargs={"slug": theme.slug}),
        {
            "agenda": theme.agenda.pk,
            "name": theme.name,
            "related": [theme.pk],
        },
    )
    assert response.status_code == 400
    assert theme.related.count() == 0


def test_agenda_years_must_be_in_order(client, steering):
    client.force_login(steering)
    response = client.post(reverse("themes:agenda-create"), {"name": "Npuls", "start_year": 2031, "end_year": 2023})
    assert response.status_code == 400
    assert "Het eindjaar ligt vóór het beginjaar." in response.content.decode()
    assert Agenda.objects.count() == 0
    response = client.post(
        reverse("themes:agenda-create"), {"name": "Npuls 2023-2031", "start_year": 2023, "end_year": 2031}
    )
    assert response.status_code == 302
    assert Agenda.objects.get().slug == "npuls-2023-2031"


def test_member_cannot_change_themes(client, member):
    theme = ThemeFactory()
    client.force_login(member)
    response = client.post(
        reverse("themes:theme-edit", kwargs={"slug": theme.slug}), {"agenda": theme.agenda.pk, "name": "Anders"}
    )
    assert response.status_code == 403
    theme.refresh_from_db()
    assert theme.name != "Anders"
