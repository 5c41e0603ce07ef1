"""The page shown while the database cannot be reached is a proper, accessible Koers page."""

from unittest import mock

from django.db import OperationalError
from playwright.sync_api import expect

from .conftest import assert_accessible


def test_503_page_is_accessible(page, live_server, db):
    # Every query fails; patched on the cursor, so no module keeps a mock imported by name.
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = page.goto(f"{live_server.url}/?pagina=2")
        assert response.status == 503
        assert response.headers["retry-after"] == "30"
        expect(page).to_have_title("Koers is even niet bereikbaar · Koers")
        expect(page.get_by_role("heading", level=1)).to_have_text("Koers is even niet bereikbaar")
        expect(page.get_by_role("link", name="Opnieuw proberen")).to_have_attribute("href", "/?pagina=2")
        assert_accessible(page)
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
