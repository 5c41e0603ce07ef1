"""The home page: a landing page for guests, the dashboard for members."""


def test_landing_for_guests_and_dashboard_for_members(client, member):
    assert "Lid worden" in client.get("/").content.decode()
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "Welkom, Gerda" in page
    assert "Mijn instelling" in page
