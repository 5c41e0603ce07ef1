"""Values kept in the shared cache under a generation that a write moves on (koers.core.derived)."""

import pytest
from django import forms
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from koers.core import derived
from koers.documents.models import Document
from koers.themes.models import Theme

from ..factories import ThemeFactory


def counter():
    calls = []

    def compute():
        calls.append(len(calls) + 1)
        return f"waarde {len(calls)}"

    return compute, calls


def test_a_value_is_worked_out_once_per_generation():
    compute, calls = counter()
    assert derived.remember("proef", "a", compute) == "waarde 1"
    assert derived.remember("proef", "a", compute) == "waarde 1"
    assert derived.remember("proef", "b", compute) == "waarde 2"
    assert calls == [1, 2]


def test_a_write_makes_the_next_read_work_it_out_again(db):
    compute, calls = counter()
    derived.remember("proef", "a", compute)
    derived.changed("ander")  # another topic leaves this one alone
    assert derived.remember("proef", "a", compute) == "waarde 1"
    derived.changed("proef")
    assert derived.remember("proef", "a", compute) == "waarde 2"
    assert calls == [1, 2]


def test_a_value_worked_out_during_a_write_is_not_used_after_its_commit(
    transactional_db, django_capture_on_commit_callbacks
):
    compute, calls = counter()
    with transaction.atomic():
        derived.changed("proef")
        during = derived.generation("proef")
        # Another reader, before the commit, keeps what it saw then.
        assert derived.remember("proef", "a", compute) == "waarde 1"
    assert derived.generation("proef") != during
    assert derived.remember("proef", "a", compute) == "waarde 2"
    assert calls == [1, 2]


def test_a_value_of_several_topics_is_worked_out_again_when_any_of_them_changes(db):
    compute, calls = counter()
    assert derived.remember(("proef", "ander"), "a", compute) == "waarde 1"
    assert derived.remember(("proef", "ander"), "a", compute) == "waarde 1"
    derived.changed("ander")
    assert derived.remember(("proef", "ander"), "a", compute) == "waarde 2"
    derived.changed("proef")
    assert derived.remember(("proef", "ander"), "a", compute) == "waarde 3"
    assert calls == [1, 2, 3]


def test_loading_data_in_bulk_starts_every_followed_topic_anew(db):
    before = {topic: derived.generation(topic) for topic in ("portfolio", "roadmap", "advice", "themes", "members")}
    derived.everything_changed()
    assert all(derived.generation(topic) != generation for topic, generation in before.items())


def test_a_sign_in_alone_does_not_change_what_is_kept_about_members(member):
    before = derived.generation("members")
    member.last_login = timezone.now()
    member.save(update_fields=["last_login"])
    assert derived.generation("members") == before
    member.full_name = "Nieuwe Naam"
    member.save(update_fields=["full_name"])
    assert derived.generation("members") != before


KEPT = Template('{% load koers %}{% cached_until "proef" "deel" thing %}{{ thing }} {{ extra }}{% endcached_until %}')


def test_a_kept_part_is_rendered_once_per_key_and_language_until_its_topic_changes(db):
    assert KEPT.render(Context({"thing": "a", "extra": "eerste"})) == "a eerste"
    assert KEPT.render(Context({"thing": "a", "extra": "tweede"})) == "a eerste"  # kept
    assert KEPT.render(Context({"thing": "b", "extra": "tweede"})) == "b tweede"  # another key
    with translation.override("en"):
        assert KEPT.render(Context({"thing": "a", "extra": "derde"})) == "a derde"  # another language
    derived.changed("proef")
    assert KEPT.render(Context({"thing": "a", "extra": "vierde"})) == "a vierde"


def test_a_part_with_a_visitors_csrf_token_cannot_be_kept(rf):
    template = Template('{% load koers %}{% cached_until "proef" "formulier" %}{% csrf_token %}{% endcached_until %}')
    with pytest.raises(TemplateSyntaxError, match="CSRF"):
        template.render(RequestContext(rf.get("/")))


def test_within_a_request_the_generations_are_read_once_and_a_write_moves_them_on(db, monkeypatch):
    reads = []
    real_read = derived._read

    def read(topics):
        reads.append(sorted(topics))
        return real_read(topics)

    monkeypatch.setattr(derived, "_read", read)
    compute, calls = counter()
    request_started.send(sender=None)
    try:
        derived.remember("portfolio", "a", compute)
        derived.remember(("roadmap", "advice"), "b", compute)
        assert {"advice", "portfolio", "roadmap"} < derived.followed()
        assert reads == [sorted(derived.followed())]  # every followed topic at once
        derived.changed("portfolio")
        assert derived.remember("portfolio", "a", compute) == "waarde 3"  # the request's own write shows
        assert len(reads) == 1
    finally:
        request_finished.send(sender=None)
    derived.remember("portfolio", "a", compute)
    assert len(reads) == 2  # outside a request every call reads the cache


def test_a_query_string_keys_a_part_only_with_known_valid_parameters(rf):
    class Filters(forms.Form):
        kind = forms.ChoiceField(choices=[("roc", "ROC"), ("aoc", "AOC")], required=False)

    def key(query: str):
        request = rf.get(f"/?{query}")
        return derived.query_key(request, Filters(request.GET or None))

    assert key("") == ""
    assert key("page=2&kind=roc") == key("kind=roc&page=2") == "kind=roc&page=2"  # one key, whatever the order
    assert key("kind=mbo") is derived.UNKEPT  # not a valid value
    assert key("utm_source=nieuwsbrief") is derived.UNKEPT  # not a field
    assert key("page=eerste") is derived.UNKEPT and key("page=123456") is derived.UNKEPT


def test_a_part_with_an_unkept_key_is_rendered_for_its_visitor_alone(db):
    template = Template('{% load koers %}{% cached_until "proef" "deel" key %}{{ extra }}{% endcached_until %}')
    assert template.render(Context({"key": derived.UNKEPT, "extra": "eerste"})) == "eerste"
    assert template.render(Context({"key": derived.UNKEPT, "extra": "tweede"})) == "tweede"
    assert template.render(Context({"key": "x", "extra": "derde"})) == "derde"
    assert template.render(Context({"key": "x", "extra": "vierde"})) == "derde"


def test_a_part_without_topics_is_refused(db):
    template = Template('{% load koers %}{% cached_until missing "deel" %}x{% endcached_until %}')
    with pytest.raises(TemplateSyntaxError, match="names no topic"):
        template.render(Context({}))


def test_a_new_release_does_not_read_what_the_previous_one_kept(db, monkeypatch):
    compute, calls = counter()
    derived.remember("proef", "a", compute)
    monkeypatch.setattr(derived, "release", lambda: "volgende")
    assert derived.remember("proef", "a", compute) == "waarde 2"
    assert calls == [1, 2]


# {% kept_form %}: a filter form rendered once per state ------------------------------------------------------


class ThemeFilters(forms.Form):
    theme = forms.ModelChoiceField(label="Thema", queryset=None, required=False, to_field_name="slug")
    status = forms.ChoiceField(label="Status", choices=[("", "Alle"), ("open", "Open")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.order_by("name")


FORM = Template('{% load koers %}{% kept_form form "filters" %}{{ form.theme }}{{ form.status }}{% endkept_form %}')


def kept_form(data=None) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        html = FORM.render(Context({"form": ThemeFilters(data)}))
    return html, len(queries)


def test_a_filter_form_is_rendered_once_per_state_until_its_choices_change(db):
    theme = ThemeFactory(name="Data en AI", slug="data-en-ai")
    first, asked = kept_form({"theme": "data-en-ai"})
    assert asked == 2  # the choice is checked, and the options are read
    assert '<option value="data-en-ai" selected>Data en AI</option>' in first
    assert kept_form({"theme": "data-en-ai"}) == (first, 1)  # only the check: the options are kept
    assert kept_form({"theme": "data-en-ai", "page": "2"})[0] == first  # what the form does not show, it ignores

    unfiltered = kept_form()[0]  # another state, its own markup
    assert '<option value="data-en-ai">Data en AI</option>' in unfiltered and unfiltered != first
    assert '<option value="open" selected>' in kept_form({"status": "open"})[0]
    theme.name = "Data, AI en privacy"
    theme.save()
    assert '<option value="data-en-ai" selected>Data, AI en privacy</option>' in kept_form({"theme": "data-en-ai"})[0]
    with translation.override("en"):
        assert kept_form({"theme": "data-en-ai"})[1] == 2  # the language is part of the key


def test_a_form_with_errors_or_without_followed_choices_is_rendered_anew(db):
    assert derived.form_key(ThemeFilters({"theme": "bestaat-niet"})) is None  # its errors are the visitor's

    class DocumentFilters(forms.Form):
        document = forms.ModelChoiceField(queryset=Document.objects.all(), required=False)

    class PlainFilters(forms.Form):
        status = forms.ChoiceField(choices=[("open", "Open")], required=False)

    assert derived.form_key(DocumentFilters()) is None  # no topic follows documents
    assert derived.form_key(PlainFilters()) is None  # quick to render: nothing to keep
    topics, key = derived.form_key(ThemeFilters())
    assert topics == ["themes"]
    changed = ThemeFilters()
    changed.fields["status"].choices = [("", "Alle"), ("dicht", "Gesloten")]  # choices set when the form is made
    assert derived.form_key(changed) == (["themes"], derived.form_key(changed)[1]) != (topics, key)
    labelled = ThemeFilters()
    labelled.fields["theme"].widget.attrs["aria-describedby"] = "uitleg"
    assert derived.form_key(labelled)[1] != key
    unnamed = ThemeFilters()
    unnamed.fields["theme"].empty_label = "Geen thema"  # the label of no choice
    assert derived.form_key(unnamed)[1] != key
    short = ThemeFilters()
    short.fields["theme"].label_from_instance = lambda theme: theme.slug  # rows named otherwise
    assert derived.form_key(short)[1] != key
    by_slug = ThemeFilters()
    by_slug.fields["theme"].to_field_name = "pk"  # another value sent
    assert derived.form_key(by_slug)[1] != key
    assert derived.form_key(ThemeFilters())[1] == key  # the same form, the same key


def test_a_kept_part_names_what_it_is():
    with pytest.raises(TemplateSyntaxError) as error:
        Template("{% load koers %}{% kept_form form %}{% endkept_form %}")
    assert str(error.value) == 'usage: {% kept_form form "name" value … %}…{% endkept_form %}'
    with pytest.raises(TemplateSyntaxError) as error:
        Template('{% load koers %}{% cached_until "themes" %}{% endcached_until %}')
    assert str(error.value) == 'usage: {% cached_until "topic …" "name" value … %}…{% endcached_until %}'
