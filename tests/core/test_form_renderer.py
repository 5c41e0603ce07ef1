"""Koers's form renderer writes select lists itself: the HTML is exactly what Django's templates write."""

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from koers.core.form_renderer import FormRenderer
from koers.members.models import Institution
from koers.themes.forms import theme_filter_field

from ..factories import InstitutionFactory, ThemeFactory

CHOICES = [
    ("", "Alles"),
    ("a&b", 'Tom & "Jerry" <b>'),
    (3, 2027),
    ("lazy", gettext_lazy("Thema")),
    ("s", mark_safe("<i>x</i>")),  # noqa: S308
]
GROUPED = [
    ("Noord", [("gr", "Groningen"), ("fr", "Friesland")]),
    ("Zuid", [("lb", "Limburg")]),
    ("nl", "Heel Nederland"),
]


class Filters(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=CHOICES, help_text="Kies er een")
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=GROUPED, required=False)
    many_flat = forms.MultipleChoiceField(choices=CHOICES, required=False, disabled=True)
    yes_no = forms.NullBooleanField(required=False)
    institution = forms.ModelChoiceField(
        Institution.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Alle instellingen"
    )
    data_attrs = forms.ChoiceField(
        choices=CHOICES, required=False, widget=forms.Select(attrs={"class": "x", "data-x": '1"2', "hidden": True})
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "a&b", "required": "3", "grouped": "fr", "many": ["gr", "nl"], "many_flat": ["s", "lazy"]},
        {"plain": "lazy", "yes_no": "true", "institution": "noord", "data_attrs": "s"},
        {"plain": "niet-bestaand", "many": ["x"], "yes_no": "false"},
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_select_is_written_as_djangos_templates_write_it(data, language):
    InstitutionFactory(name="Noorderpoort & co", slug="noord")
    InstitutionFactory(name='"Zuid" <college>', slug="zuid")
    with override(language):
        ours = Filters(data or None, renderer=FormRenderer())
        django = Filters(data or None, renderer=DjangoTemplates())
        for name in Filters.base_fields:
            mine, theirs = str(ours[name]), str(django[name])
            assert mine == theirs, name
            assert mine.startswith("<select")
        assert ours.as_div() == django.as_div()


def test_it_is_the_projects_renderer_and_leaves_other_widgets_to_the_templates():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    bound = forms.Form()
    bound.fields["r"] = radio
    bound.renderer = FormRenderer()
    assert str(bound["r"]).startswith("<div") and 'type="radio"' in str(bound["r"])


def test_a_list_of_choices_from_the_database_is_read_without_a_server_side_cursor(
    db, django_assert_num_queries, monkeypatch
):
    """Django reads the options of a model choice field with QuerySet.iterator(): on PostgreSQL a server-side
    cursor (declare, fetch, fetch, close) unless the database settings turn those off, as Koers's do."""

    def server_side_cursor():
        raise AssertionError("a server-side cursor was asked for")

    monkeypatch.setattr(connection, "chunked_cursor", server_side_cursor)
    ThemeFactory(name="Data")
    ThemeFactory(name="AI")

    class Filters(forms.Form):
        theme = theme_filter_field()

    with django_assert_num_queries(1):
        html = str(Filters(None)["theme"])
    assert html.count("<option") == 3  # "Alle thema's", AI, Data
