"""An object's address from its URL name and primary key (or slug), at the cost of joining three strings.

``reverse()`` walks the URL patterns on every call (tens of microseconds); a page that links hundreds of projects,
members or advice spent milliseconds on it. Here the pattern is reversed once per URL name (and script prefix
and URL configuration) with a marker in the key's place, and each address puts the key where the marker was.
Only for URLs whose one argument is an integer or a slug (letters, digits, - and _): it goes into the address as
it is, nothing to quote; any other value is reversed as usual.
"""

import re

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = 987654321987
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_around: dict[tuple[str, str, str, str], tuple[str, str]] = {}


def _where() -> tuple[str, str]:
    """What a reversed address depends on besides its name: the site's prefix and the URL configuration."""
    return get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF)


def url_for(name: str, pk: int | str) -> str:
    """``reverse(name, args=[pk])``, from the second call on without the URL patterns; ``pk`` may be a slug."""
    if isinstance(pk, str):
        if not _SLUG.fullmatch(pk):
            return reverse(name, args=[pk])
        kind, shown = "slug", pk
    else:
        kind, shown = "pk", str(int(pk))
    key = (name, kind, *_where())
    around = _around.get(key)
    if around is None:
        mark = str(_MARK) if kind == "pk" else f"s{_MARK}"
        before, found, after = reverse(name, args=[mark]).partition(mark)
        if not found:  # the URL does not show its argument as it is: reverse every time
            return reverse(name, args=[pk])
        around = _around[key] = (before, after)
    return f"{around[0]}{shown}{around[1]}"


_plain: dict[tuple[str, str, str], str] = {}


def plain_url(name: str) -> str:
    """``reverse(name)`` for a URL without arguments (the navigation's pages), reversed once."""
    key = (name, *_where())
    url = _plain.get(key)
    if url is None:
        url = _plain[key] = reverse(name)
    return url


def _forget(*, setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _around.clear()
        _plain.clear()


setting_changed.connect(_forget, dispatch_uid="koers-links-forget")
