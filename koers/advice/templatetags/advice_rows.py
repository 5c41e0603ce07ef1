"""The rows of the two lists of advice, written in Python: a page shows 25 advice, and a template row (themes,
status badge, leads, dates and a dozen translated labels) cost about 0.3 ms each, a quarter of the page.

``{% advice_rows advice %}`` writes the rows of the members' list (advice/advice_list.html),
``{% transparency_rows advice %}`` those of the public transparency page (advice/transparency.html), as their
loops did; tests/advice/test_advice_rows.py holds the markup exactly. Both take the rows of
``advice.selectors.advice_list``. Labels of choices come from ``koers.core.models.choice_label``, translated once
per language.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.core.models import choice_label
from koers.core.templatetags.dates import date_shown
from koers.core.templatetags.koers import member_link, status_badge

from ..models import Decision

register = template.Library()


def _day(value: Any) -> str:
    """``{{ value|date:"j F Y" }}``, in the current time zone as the template showed it."""
    return conditional_escape(date_shown(value, "j F Y"))


def _rows(advice: Iterable[Any], labels: Sequence[str], own: Callable[[Any], tuple[str, str]]) -> SafeString:
    """Each advice's row: its title with its themes, its status, a column of its own, its target quarter and a
    last column of its own; ``own`` writes those two, ``labels`` are their translated labels."""
    status_label = conditional_escape(gettext("Status"))
    target_label = conditional_escape(gettext("Streefkwartaal"))
    third_label, last_label = (conditional_escape(label) for label in labels)
    rows = []
    for item in advice:
        themes = ", ".join(conditional_escape(theme.name) for theme in item.themes.all())
        badge = status_badge(item.status, item.get_status_display())  # choice_label: translated once
        third, fourth = own(item)
        rows.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a href="{conditional_escape(item.get_absolute_url())}">'
            f'{conditional_escape(item.title)}</a><br><span class="meta">{themes}</span></th>\n'
            f'      <td data-label="{status_label}">{badge}</td>\n'
            f'      <td data-label="{third_label}">{third}</td>\n'
            f'      <td data-label="{target_label}">{conditional_escape(item.target or "-")}</td>\n'
            f'      <td data-label="{last_label}">{fourth}</td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def advice_rows(context: template.Context, advice: Iterable[Any]) -> SafeString:
    """The members' list: who leads each advice and when it last changed."""

    def leads_and_change(item: Any) -> tuple[str, str]:
        leads = "".join(conditional_escape(member_link(context, member.user)) for member in item.leads) or "-"
        return leads, _day(item.updated_at)

    return _rows(advice, (gettext("Trekker"), gettext("Laatst gewijzigd")), leads_and_change)


@register.simple_tag
def transparency_rows(advice: Iterable[Any]) -> SafeString:
    """The public list: the decision on each advice and its latest follow-up."""
    progress_label = conditional_escape(gettext("Voortgang"))

    def decision_and_follow_up(item: Any) -> tuple[str, str]:
        decision = "-"
        if item.decision:
            shown = conditional_escape(choice_label(Decision, item.decision))
            decision = f'{shown}<br><span class="meta">{_day(item.decision_date)}</span>'
        follow_up = "-"
        if item.latest_follow_up_date:
            progress = conditional_escape(localize(item.latest_progress))
            follow_up = (
                f'<progress value="{progress}" max="100" aria-label="{progress_label}"></progress> {progress}%'
                f'<br><span class="meta">{_day(item.latest_follow_up_date)}</span>'
            )
        return decision, follow_up

    return _rows(advice, (gettext("Besluit"), gettext("Laatste opvolging")), decision_and_follow_up)
