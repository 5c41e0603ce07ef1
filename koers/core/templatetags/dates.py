"""Django's ``date`` filter, faster for the formats Koers's lists use (loaded for every template: settings.TEMPLATES
"builtins").

A list of a hundred polls, meetings or comments formats two or three dates a row. Django's filter builds a
DateFormat and walks the format string for every value (about 70 microseconds a date); "j F Y", "j F Y H:i" and
"H:i" are written here directly, with the month names of the active language read once. The result is the same,
character for character (tests/core/test_dates.py compares them); every other format, and anything that is not a
date or datetime, goes to Django's filter.
"""

import datetime
import functools

from django import template
from django.conf import settings
from django.template.defaultfilters import date as django_date
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language, override

register = template.Library()

FAST = frozenset({"j F Y", "j F Y H:i", "H:i"})


@functools.cache
def month_names(language: str) -> tuple[str, ...]:
    """The months' names in ``language`` (1 is January); translations do not change while Koers runs."""
    with override(language):
        return ("", *(str(MONTHS[number]) for number in range(1, 13)))


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    kind = type(value)
    if arg not in FAST or kind not in (datetime.datetime, datetime.date):
        return django_date(value, arg)
    if arg == "H:i":
        if kind is datetime.date:
            return django_date(value, arg)  # Django refuses a time of a date; so do we, in its words
        return f"{value.hour:02d}:{value.minute:02d}"
    day = f"{value.day} {month_names(get_language() or settings.LANGUAGE_CODE)[value.month]} {value.year:04d}"
    if arg == "j F Y":
        return day
    if kind is datetime.date:
        return django_date(value, arg)
    return f"{day} {value.hour:02d}:{value.minute:02d}"


def date_shown(value, arg):
    """``{{ value|date:arg }}`` as a template writes it, for tags that write their markup in Python: the filter
    expects local time, so an aware datetime is moved to the current time zone first, as the template does."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date(value, arg)
