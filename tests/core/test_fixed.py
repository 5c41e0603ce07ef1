"""``{% fixed %}``: the parts of a page that are the same for everyone in a language are rendered once per process."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation

from koers.core.templatetags.koers import FixedNode

from ..pages import page_and_queries

LIBRARIES = {
    "koers": "koers.core.templatetags.koers",
    "i18n": "django.templatetags.i18n",
    "static": "django.templatetags.static",
}
ENGINE = Engine(libraries=LIBRARIES)

FOOTER = (
    '{% load i18n koers static %}{% fixed %}<p>{% translate "Open data" %} '
    "<a href=\"{% url 'core:privacy' %}\">{% translate 'Privacyverklaring' %}</a>"
    '<img src="{% static \'koers/logo.svg\' %}" alt=""></p>{% endfixed %}'
)


def test_it_renders_what_the_part_says_in_each_language():
    template = ENGINE.from_string(FOOTER)
    plain = ENGINE.from_string(FOOTER.replace("{% fixed %}", "").replace("{% endfixed %}", ""))
    for language, words in (("nl", ("Open data", "Privacyverklaring")), ("en", ("Open data", "Privacy statement"))):
        with translation.override(language):
            html = template.render(Context())
            assert html == plain.render(Context())
            assert html.startswith(f'<p>{words[0]} <a href="{reverse("core:privacy")}">{words[1]}</a><img src="')


def test_it_is_rendered_once_per_language_and_then_reused():
    template = ENGINE.from_string(FOOTER)
    node = next(node for node in template.nodelist if isinstance(node, FixedNode))
    rendered = []
    original = node.nodelist.render
    node.nodelist.render = lambda context: rendered.append(translation.get_language()) or original(context)
    with translation.override("nl"):
        dutch = [template.render(Context()) for _ in range(3)]
    with translation.override("en"):
        english = template.render(Context())
    with translation.override("nl"):
        dutch.append(template.render(Context()))
    assert rendered == ["nl", "en"]
    assert len(set(dutch)) == 1
    assert english != dutch[0]


@pytest.mark.parametrize(
    "inside",
    [
        "{{ user.email }}",
        "{% translate title %}",
        '{% translate "Taal" as label %}',
        "{% url 'members:profile' user.pk %}",
        "{% url view_name %}",
        '{% static "koers/logo.svg" as logo %}',
        "{% static path|lower %}",
        "{% csrf_token %}",
        "{% if user.is_authenticated %}x{% endif %}",
        '{% include "core/_user_menu.html" %}',
    ],
)
def test_anything_that_could_differ_between_visitors_is_refused_when_read(inside):
    with pytest.raises(TemplateSyntaxError, match="fixed"):
        ENGINE.from_string("{% load i18n koers static %}{% fixed %}<p>" + inside + "</p>{% endfixed %}")


def test_a_page_is_the_same_whether_its_fixed_parts_are_kept_or_rendered_anew(member_client, monkeypatch):
    def page(language: str) -> str:
        member_client.cookies["django_language"] = language
        return page_and_queries(member_client, reverse("core:accessibility"))[0]

    kept = {language: [page(language), page(language)] for language in ("nl", "en")}
    monkeypatch.setattr(FixedNode, "render", lambda node, context: node.nodelist.render(context))
    for language, (first, second) in kept.items():
        assert first == second == page(language)
    assert 'lang="nl" selected>Nederlands</option>' in kept["nl"][0]
    assert 'lang="en" selected>English</option>' in kept["en"][0]
    assert "Privacy statement" in kept["en"][0]
    assert "Privacyverklaring" in kept["nl"][0]
