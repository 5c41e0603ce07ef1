import pytest
from django.test import Client


@pytest.fixture
def client_for(db):
    """A fresh test client signed in as ``user`` (several roles can act in one test)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
