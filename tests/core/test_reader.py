"""The reader's own bits of a kept part (koers.core.reader): marks written by tags, filled in per reader by
``{% for_reader %}``, each kind by its filler, once for all its marks."""

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from koers.core import reader


@pytest.fixture
def seen():
    """A filler of marks of the kind "test" that notes what it was asked."""
    asked: list[list[tuple[int, ...]]] = []

    def filler(context, marks):
        asked.append(list(marks))
        return {numbers: f"[{context['who']} {'-'.join(map(str, numbers))}]" for numbers in marks if numbers[0] != 9}

    reader.register("test", filler)
    yield asked
    reader._FILLERS.pop("test")


def test_every_mark_is_filled_by_its_filler_asked_once(seen):
    one, three, nine = reader.mark("test", 1, 2), reader.mark("test", 3), reader.mark("test", 9)
    html = f"a{one}b{three}c{one}d{nine}"
    assert html.count("<!--koers:test") == 4
    assert reader.fill(html, Context({"who": "Fatima"})) == "a[Fatima 1-2]b[Fatima 3]c[Fatima 1-2]d"
    # Each distinct mark once, in one call; a mark it gives nothing for (9) shows nothing.
    assert seen == [[(1, 2), (3,), (9,)]]


def test_only_marks_of_a_known_kind_are_written():
    with pytest.raises(LookupError) as error:
        reader.mark("onbekend", 1)
    assert str(error.value) == "no filler for marks of kind 'onbekend'"


def test_text_that_looks_like_a_mark_is_escaped_and_left_alone(seen):
    template = Template("{% load koers %}{% for_reader %}{{ text }}{% endfor_reader %}")
    text = "<!--koers:test:1-->"
    assert template.render(Context({"text": text, "who": "x"})) == "&lt;!--koers:test:1--&gt;"
    assert seen == []


def test_the_csrf_mark_becomes_the_readers_own_token():
    request = RequestFactory().get("/")
    token = get_token(request)
    template = Template("{% load koers %}{% for_reader %}<form>{{ field }}</form>{% endfor_reader %}")
    html = template.render(Context({"field": reader.mark("csrf"), "csrf_token": token}))
    assert html == "<form>&lt;!--koers:csrf--&gt;</form>"  # a mark in a variable is escaped text, not a mark
    html = template.render(Context({"field": mark_safe(reader.mark("csrf")), "csrf_token": token}))
    assert html == f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'
