"""The feed's items, which activity/templatetags/activity.py writes in Python, are exactly what the template loop
they replace wrote: for a guest and a member, with and without themes and an actor, in both languages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.utils import timezone
from django.utils.translation import override

from koers.activity.models import Activity, Audience
from koers.activity.services import record_activity

from ..factories import ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

# activity/items.html as it was: the markup the tag keeps.
LOOP = Template(
    "\n".join(
        [
            '{% load i18n %}<ul class="activity-list">',
            "  {% for item in items %}",
            '  <li class="card">',
            '    <span class="meta">{{ item.label }} · <time datetime="{{ item.created_at|date:\'c\' }}">'
            '{{ item.created_at|date:"j F Y H:i" }}</time></span><br>',
            '    <a href="{{ item.url }}">{{ item.title }}</a>',
            '    {% if item.themes.all %}<span class="meta">· {% for theme in item.themes.all %}{{ theme.name }}'
            "{% if not forloop.last %}, {% endif %}{% endfor %}</span>{% endif %}",
            '    {% if user.is_authenticated and item.actor %}<span class="meta">· {% blocktranslate with '
            "name=item.actor.get_full_name %}door {{ name }}{% endblocktranslate %}</span>{% endif %}",
            "  </li>",
            "  {% endfor %}",
            "</ul>",
        ]
    )
)
TAG = Template("{% load activity %}{% activity_items items %}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_items_are_written_as_the_template_wrote_them(member, steering, language):
    themes = [ThemeFactory(name="Data & AI"), ThemeFactory(name="Onderwijs <logistiek>")]
    actor = UserFactory(full_name="Fatima el-Amrani & co")
    record_activity(kind="project.added", target=member, title="Project <nieuw>", url="/x/", themes=themes, actor=actor)
    record_activity(kind="poll.opened", target=member, audience=Audience.PUBLIC, title="Peiling", url="/p/?a=1&b=2")
    items = list(Activity.objects.prefetch_related("themes").select_related("actor").order_by("pk"))
    with override(language), timezone.override("Europe/Amsterdam"):
        for user in (AnonymousUser(), member):
            expected = LOOP.render(Context({"items": items, "user": user}))
            assert TAG.render(Context({"items": items, "user": user})) == expected
    assert ("Fatima el-Amrani &amp; co" in expected, "Onderwijs &lt;logistiek&gt;" in expected) == (True, True)
    assert TAG.render(Context({"items": [], "user": member})) == '<ul class="activity-list">\n  \n</ul>'
