"""The column "Jij" of a list of meetings (meetings/_meeting_table.html): the list is kept in the shared cache
(meetings/meeting_list.html), the same for every member, and a row holds a mark (``koers.core.reader``) that
``{% for_reader %}`` fills in for the reader: whether they signed up."""

from collections.abc import Sequence

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.core import reader

from .. import selectors
from ..models import Meeting

register = template.Library()


@register.simple_tag
def signed_up(meeting: Meeting, past: bool = False) -> SafeString:
    """The mark of the reader's registration for ``meeting`` (``past``: "je was aangemeld")."""
    return mark_safe(reader.mark("signedup", meeting.pk, int(bool(past))))  # noqa: S308 - a mark, numbers only


def _signed_up(context: template.Context, marks: Sequence[tuple[int, ...]]) -> dict[tuple[int, ...], str]:
    """Whether the reader signed up for each meeting (the waiting list too), asked once for all of them."""
    user = context.get("user")
    mine = selectors.registered_for(user=user, meeting_ids=[pk for pk, _ in marks]) if user is not None else set()
    was, registered = conditional_escape(gettext("je was aangemeld")), conditional_escape(gettext("aangemeld"))
    return {(pk, past): (was if past else registered) if pk in mine else "-" for pk, past in marks}


reader.register("signedup", _signed_up)
