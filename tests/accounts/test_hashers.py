"""The password hasher: Django's PBKDF2-SHA256, the same stored form, computed by cryptography's OpenSSL."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth import hashers as django_hashers

from koers.accounts.hashers import PBKDF2PasswordHasher

CASES = [
    ("correct horse battery staple", "s4ltS4ltS4ltS4lt"),
    ("wachtwoord-één-ß-€-🙂", "QmFzZTY0U2FsdA"),
    ("x" * 300, "a"),
]


@pytest.mark.parametrize("password,salt", CASES)
@pytest.mark.parametrize("iterations", [1, 1_000, 65_536])
def test_stores_exactly_what_djangos_hasher_stores(password, salt, iterations):
    ours = PBKDF2PasswordHasher().encode(password, salt, iterations)
    assert ours == django_hashers.PBKDF2PasswordHasher().encode(password, salt, iterations)
    assert ours.startswith(f"pbkdf2_sha256${iterations}${salt}$")


def test_default_iterations_are_djangos_and_passwords_verify_both_ways():
    ours, django = PBKDF2PasswordHasher(), django_hashers.PBKDF2PasswordHasher()
    assert ours.iterations == django.iterations == 1_000_000
    stored = ours.encode("Vergadering2026!", "zoutzoutzout")
    assert stored == django.encode("Vergadering2026!", "zoutzoutzout")
    assert django.verify("Vergadering2026!", stored) is True
    assert ours.verify("Vergadering2026!", django.encode("Vergadering2026!", "anderzout")) is True
    assert ours.verify("Vergadering2027!", stored) is False


def test_production_settings_use_it_first_with_djangos_other_hashers_after_it():
    """Outside the tests (which hash with MD5 for speed) the first hasher is this one, so new passwords are
    stored with it, and every hasher Django accepts by default still verifies older passwords."""
    env = {**os.environ, "KOERS_TESTING": "false", "DJANGO_SETTINGS_MODULE": "koers.settings"}
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        "from django.contrib.auth.hashers import get_hasher;"
        "print(json.dumps([settings.PASSWORD_HASHERS, type(get_hasher()).__module__, get_hasher().algorithm]))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    listed, module, algorithm = json.loads(out.stdout.strip().splitlines()[-1])
    assert (module, algorithm) == ("koers.accounts.hashers", "pbkdf2_sha256")
    from django.conf import global_settings

    assert listed[0] == "koers.accounts.hashers.PBKDF2PasswordHasher"
    assert listed[1:] == global_settings.PASSWORD_HASHERS[1:]
    assert global_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
