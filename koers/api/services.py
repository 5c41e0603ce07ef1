"""Writes for personal access tokens: one transaction each."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User

from .models import TOKEN_PREFIX, AccessToken, token_hash

MAX_VALID_DAYS = 366
MAX_ACTIVE_TOKENS = 20
MSG_EXPIRY_PAST = _("Kies een vervaldatum na vandaag.")
MSG_EXPIRY_TOO_FAR = _("Een token is hoogstens een jaar geldig; kies een eerdere vervaldatum.")
MSG_TOO_MANY = _("Je hebt al %(count)d geldige tokens. Trek er eerst een in.")
MSG_NAME_TAKEN = _("Je hebt al een geldig token met deze naam.")
# Last-used time is written at most this often, so that reading through the API stays a read.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def token_create(*, user: User, name: str, scope: str, expires_on: datetime.date) -> tuple[AccessToken, str]:
    """Create a token and return it with the secret, which is shown once and never stored."""
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": MSG_EXPIRY_PAST})
    if expires_on > today + datetime.timedelta(days=MAX_VALID_DAYS):
        raise ValidationError({"expires_on": MSG_EXPIRY_TOO_FAR})
    name = name.strip()
    with transaction.atomic():
        active = AccessToken.objects.select_for_update().filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        tokens = list(active)
        if len(tokens) >= MAX_ACTIVE_TOKENS:
            raise ValidationError(MSG_TOO_MANY % {"count": len(tokens)})
        if any(token.name.lower() == name.lower() for token in tokens):
            raise ValidationError({"name": MSG_NAME_TAKEN})
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        # Valid through the chosen day, in the network's time zone.
        end = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time.min)
        token = AccessToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            token_hash=token_hash(raw),
            hint=raw[: len(TOKEN_PREFIX) + 4],
            expires_at=timezone.make_aware(end),
        )
    return token, raw


def token_revoke(*, token: AccessToken) -> None:
    AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_touch(*, token: AccessToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
