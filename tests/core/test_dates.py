"""The faster ``date`` filter (koers/core/templatetags/dates.py) writes exactly what Django's would."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from koers.core.templatetags.dates import FAST

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
MOMENTS = [
    datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.UTC),  # New Year's night: still 2025 nowhere, 01:00 here
    datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC),  # 00:30 on the first of January here
    datetime.datetime(2026, 3, 29, 0, 59, tzinfo=datetime.UTC),  # just before summer time
    datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.UTC),  # summer time
    datetime.datetime(2026, 10, 25, 0, 59, tzinfo=datetime.UTC),  # the hour that happens twice
    datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.UTC),
    datetime.datetime(2027, 5, 9, 7, 5, tzinfo=AMSTERDAM),
    datetime.datetime(2027, 5, 9, 7, 5),  # naive
    datetime.date(2027, 9, 3),
]


def both(moment, fmt: str) -> tuple[str, str]:
    context = Context({"moment": moment})
    ours = Template(f'{{{{ moment|date:"{fmt}" }}}}').render(context)
    django = Template(f'{{% load i18n %}}{{{{ moment|date_django:"{fmt}" }}}}').render(context)
    return ours, django


@pytest.fixture(autouse=True)
def django_filter(monkeypatch):
    """Django's own filter beside ours, under another name, to compare with."""
    from django.template import defaultfilters
    from django.template.library import import_library

    library = import_library("django.template.defaultfilters")
    monkeypatch.setitem(library.filters, "date_django", defaultfilters.date)
    yield


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("fmt", sorted(FAST) + ["l j F Y, H:i", "M Y", "Y-m-d"])
def test_every_format_gives_what_djangos_filter_gives(language, fmt):
    with translation.override(language), timezone.override(AMSTERDAM):
        for moment in MOMENTS:
            if isinstance(moment, datetime.datetime) or "H" not in fmt:
                ours, django = both(moment, fmt)
                assert ours == django, (moment, fmt)


def test_known_values_in_both_languages():
    moment = datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.UTC)  # 02:00 winter time in Amsterdam
    with timezone.override(AMSTERDAM):
        with translation.override("nl"):
            assert Template('{{ m|date:"j F Y H:i" }}').render(Context({"m": moment})) == "25 oktober 2026 02:00"
        with translation.override("en"):
            assert Template('{{ m|date:"j F Y" }}').render(Context({"m": moment})) == "25 October 2026"


def test_empty_values_and_a_time_of_a_date_behave_as_in_django():
    assert Template('{{ m|date:"j F Y" }}').render(Context({"m": None})) == ""
    assert Template('{{ m|date:"j F Y" }}').render(Context({"m": ""})) == ""
    with pytest.raises(TypeError):
        Template('{{ m|date:"H:i" }}').render(Context({"m": datetime.date(2027, 9, 3)}))


def test_every_template_gets_the_faster_filter_without_loading_it():
    from koers.core.templatetags import dates

    node = Template('{{ m|date:"j F Y" }}').nodelist[0]
    assert node.filter_expression.filters[0][0] is dates.date
