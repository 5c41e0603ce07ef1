"""What every page needs to know about the signed-in member, read in one query per request.

The header shows the unread-notification count; the navigation and many views ask the role rules
(``members.rules``: which steering-group positions the member holds today); and Django's model backend
asks for the member's own and group permissions. Asked one by one that is four queries on every page. Here
they are one, the first time any of them is asked, kept on the user object (which lives for one request),
so they are read fresh on every request: nothing to invalidate. Within one request they are what they were
when first asked, as Django's own permission cache is.

The query is built with the ORM from the rules' own querysets (``Position.objects.current()``, the unread
notifications), once per process: building it costs several times what running it does, so its SQL is kept
with stand-in values for the member and the day, which each request swaps for its own.

Signing in reads even less: the authentication backend (``koers.accounts.backends``) asks ``signed_in``, which
reads the member's own row in the same query, so a page's session, member and facts cost one query together.
"""

import datetime
import functools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from koers.notifications.selectors import unread_notifications

from .models import Position

ATTRIBUTE = "_koers_viewer"  # where the facts are kept on the user object
# Stand-ins in the kept SQL: no real member has this id, no position starts or ends on this day.
SOME_USER = -7_345_182_913
SOME_DAY = datetime.date(1, 2, 3)


@dataclass(frozen=True)
class Viewer:
    position_kinds: frozenset[str]  # the kinds of the member's current positions
    unread: int  # unread notifications
    model_permissions: bool  # whether they hold any Django permission, directly or through a group


NOTHING_HELD = Viewer(position_kinds=frozenset(), unread=0, model_permissions=False)


def viewer(user) -> Viewer:
    """The facts of this signed-in user, read once (a single query) and then kept for the request."""
    facts = getattr(user, ATTRIBUTE, None)
    if facts is None:
        facts = read(user_id=user.pk)
        _keep(user, facts)
    return facts


def read(*, user_id: int, on: datetime.date | None = None) -> Viewer:
    """The facts of this member on this day (today), from the database."""
    row = _row(user_id, on, with_user=False)
    return _facts(row) if row else NOTHING_HELD  # the user is gone (erased in this very request)


def signed_in(user_id: int):
    """The member with this id, their facts already read for this request (one query), or None when there is no
    such member: what the authentication backend returns for a session."""
    row = _row(user_id, None, with_user=True)
    if not row:
        return None
    model = get_user_model()
    fields = model._meta.concrete_fields
    values = []
    for field in fields:
        value = row[field.attname]
        column = field.get_col(model._meta.db_table)
        # What Django's query compiler does with a value read (SQLite's dates, for one).
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
            value = convert(value, column, connection)
        values.append(value)
    user = model.from_db(connection.alias, [field.attname for field in fields], values)
    _keep(user, _facts(row))
    return user


def _keep(user, facts: Viewer) -> None:
    setattr(user, ATTRIBUTE, facts)
    if not facts.model_permissions and not user.is_superuser:
        # Django's model backend keeps a member's permissions in these attributes: without a permission or
        # a group both are empty, and the backend need not ask again.
        user._user_perm_cache = set()
        user._group_perm_cache = set()
        user._perm_cache = set()


def _row(user_id: int, on: datetime.date | None, *, with_user: bool) -> dict | None:
    sql, params, users, days = _statement(connection.vendor, with_user)
    values = list(params)
    for position in users:
        values[position] = user_id
    for position in days:
        values[position] = connection.ops.adapt_datefield_value(on or timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        found = cursor.fetchone()
        return dict(zip([column[0] for column in cursor.description], found, strict=True)) if found else None


def _facts(row: dict) -> Viewer:
    return Viewer(
        position_kinds=frozenset(kind for kind in Position.Kind.values if row[f"kind_{kind}"]),
        unread=row["unread"],
        model_permissions=bool(row["has_user_permissions"] or row["has_groups"]),
    )


@functools.cache
def _statement(vendor: str, with_user: bool) -> tuple[str, tuple, tuple[int, ...], tuple[int, ...]]:
    """The query's SQL and parameters for this database (with the member's own columns or without), and where the
    stand-ins for the member and the day are among the parameters."""
    model = get_user_model()
    me = OuterRef("pk")
    current = Position.objects.current(on=SOME_DAY).filter(user=me).order_by()
    held = {f"kind_{kind}": Exists(current.filter(kind=kind)) for kind in Position.Kind.values}
    unread = unread_notifications(user=me).order_by().values("user").annotate(n=Count("pk")).values("n")  # type: ignore[arg-type]
    query = (
        model._default_manager.filter(pk=SOME_USER)
        .order_by()
        .values(
            *([field.attname for field in model._meta.concrete_fields] if with_user else []),
            **held,
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
            has_user_permissions=Exists(model.user_permissions.through.objects.filter(user=me)),
            has_groups=Exists(model.groups.through.objects.filter(user=me)),
        )
    )
    sql, params = query.query.sql_with_params()
    day = connection.ops.adapt_datefield_value(SOME_DAY)  # as the database driver is handed a date
    # type(): True == 1 in Python, and neither a boolean nor a string is a stand-in for the member.
    users = tuple(n for n, param in enumerate(params) if type(param) is int and param == SOME_USER)
    days = tuple(n for n, param in enumerate(params) if param == day and type(param) is type(day))
    return sql, tuple(params), users, days
