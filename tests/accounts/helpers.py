from django.contrib.messages import get_messages
from django.urls import reverse


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def sign_in(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def signed_in_pk(client) -> str | None:
    return client.session.get("_auth_user_id")
