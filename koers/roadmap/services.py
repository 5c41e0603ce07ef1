from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.services import activity_withdraw, record_activity
from koers.core import derived
from koers.core.audit import audit_record
from koers.core.locks import lock_for_transaction
from koers.members.models import Institution
from koers.themes.models import Theme
from koers.themes.services import unique_slug

from .audit import RoadmapAction
from .models import Adoption, Ambition, AmbitionChange, PlanItem, ReferenceItem, check_adoption_answer

FIELDS = ["start_year", "start_half", "level", "readiness", "note"]


def ambition_save(*, actor: User | None, institution: Institution, theme: Theme, data: dict[str, Any]) -> Ambition:
    """Set an institution's ambition for a theme and keep the previous version in the history."""
    with transaction.atomic():
        ambition, _created = Ambition.objects.select_for_update().update_or_create(
            institution=institution, theme=theme, defaults={name: data[name] for name in FIELDS}
        )
        AmbitionChange.objects.create(
            institution=institution, theme=theme, changed_by=actor, **{name: data[name] for name in FIELDS}
        )
        if _created:
            # The national roadmap is public, so is the news that an institution filled in a theme.
            record_activity(
                kind=Kind.AMBITION_FILLED,
                target=ambition,
                audience=Audience.PUBLIC,
                url=theme.get_absolute_url(),
                themes=[theme],
                institution=institution,
                actor=actor,
            )
    return ambition


def ambition_remove(*, actor: User | None, institution: Institution, theme: Theme) -> None:
    with transaction.atomic():
        ambition = Ambition.objects.filter(institution=institution, theme=theme).first()
        if ambition is not None:
            activity_withdraw(kind=Kind.AMBITION_FILLED, target=ambition)  # the news would link to nothing
            ambition.delete()
            AmbitionChange.objects.create(institution=institution, theme=theme, changed_by=actor, removed=True)


# The multi-year plan ------------------------------------------------------------------------------

PLAN_FIELDS = ["title", "description", "theme", "year", "owner", "status"]
MSG_PLAN_ITEM_GONE = _("Dit onderdeel is intussen uit het meerjarenplan verwijderd.")


def _plan_in_order() -> list[PlanItem]:
    """Every plan item by rank, after taking the plan's lock, so two changes to the order cannot interleave."""
    lock_for_transaction("roadmap.plan")
    return list(PlanItem.objects.select_for_update().order_by("rank", "pk"))


def _position(item: PlanItem, plan: list[PlanItem]) -> int:
    """Where the item stands now (1 is the top), read from the locked plan rather than a stale copy."""
    return next(number for number, other in enumerate(plan, start=1) if other.pk == item.pk)


def _renumber(ordered: list[PlanItem]) -> None:
    """Give the items ranks 1..n in this order.

    First every rank moves above the current maximum in one statement, so that no single update
    meets an existing rank and the unique constraint holds after each statement on every database.
    """
    if not ordered:
        return
    ceiling = max(item.rank for item in ordered) + len(ordered) + 1
    PlanItem.objects.filter(pk__in=[item.pk for item in ordered]).update(rank=F("rank") + ceiling)
    for number, item in enumerate(ordered, start=1):
        item.rank = number
    PlanItem.objects.bulk_update(ordered, ["rank"])
    derived.changed("roadmap")  # neither statement sends a signal: the kept plan is worked out again


def _place(item: PlanItem, position: int | None, others: list[PlanItem]) -> list[PlanItem]:
    """The plan in its new order, `item` at `position` (1 is the top; None or too large: the bottom)."""
    index = len(others) if position is None else max(0, min(position - 1, len(others)))
    return [*others[:index], item, *others[index:]]


def plan_item_save(
    *, actor: User | None, item: PlanItem | None, data: dict[str, Any], position: int | None = None
) -> PlanItem:
    """Create or change a plan item and put it at `position` in the priority order.

    Without a position a new item goes to the bottom and an existing one keeps its place.
    """
    with transaction.atomic():
        created = item is None
        plan = _plan_in_order()
        if item is None:
            others = plan
            item = PlanItem(rank=max((o.rank for o in others), default=0) + 1)
        else:
            others = [o for o in plan if o.pk != item.pk]
            if len(others) == len(plan):
                raise ValidationError(MSG_PLAN_ITEM_GONE)
            if position is None:
                position = _position(item, plan)
        for name in PLAN_FIELDS:
            setattr(item, name, data[name])
        if created:
            item.save()
        else:
            # Not the rank: the copy in hand may be older than the order just locked.
            item.save(update_fields=[*PLAN_FIELDS, "updated_at"])
        _renumber(_place(item, position, others))
        audit_record(
            actor=actor,
            action=RoadmapAction.PLAN_CHANGED,
            target=item,
            data={"created": created, "rank": item.rank, "year": item.year, "status": item.status},
        )
    return item


def plan_item_move(*, actor: User | None, item: PlanItem, position: int) -> PlanItem:
    with transaction.atomic():
        plan = _plan_in_order()
        before = _position(item, plan)
        _renumber(_place(item, position, [o for o in plan if o.pk != item.pk]))
        if item.rank != before:
            audit_record(
                actor=actor,
                action=RoadmapAction.PLAN_CHANGED,
                target=item,
                data={"rank": item.rank, "previous_rank": before},
            )
    return item


def plan_item_delete(*, actor: User | None, item: PlanItem) -> None:
    with transaction.atomic():
        others = [o for o in _plan_in_order() if o.pk != item.pk]
        audit_record(actor=actor, action=RoadmapAction.PLAN_CHANGED, target=item, data={"deleted": True})
        item.delete()
        _renumber(others)


# The reference list -------------------------------------------------------------------------------

REFERENCE_FIELDS = ["name", "kind", "recommendation", "rationale", "link"]
RESERVED_SLUGS = {"nieuw", "mijn-instelling"}  # addresses of the reference list itself


def reference_item_save(*, actor: User | None, item: ReferenceItem | None, data: dict[str, Any]) -> ReferenceItem:
    """Create or change a reference item; a new recommendation restarts its "since" date."""
    with transaction.atomic():
        created = item is None
        previous: str | None = None
        if item is None:
            item = ReferenceItem()
        else:
            previous = ReferenceItem.objects.select_for_update().get(pk=item.pk).recommendation
        for name in REFERENCE_FIELDS:
            setattr(item, name, data[name])
        if previous != item.recommendation:
            item.recommendation_since = timezone.localdate()
        if not item.slug:
            item.slug = unique_slug(ReferenceItem, item.name)
            if item.slug in RESERVED_SLUGS:
                item.slug = unique_slug(ReferenceItem, f"{item.name} item")
        item.save()
        item.themes.set(data["themes"])
        audit_record(
            actor=actor,
            action=RoadmapAction.REFERENCE_CHANGED,
            target=item,
            data={"created": created, "recommendation": item.recommendation, "previous_recommendation": previous},
        )
    return item


def reference_item_delete(*, actor: User | None, item: ReferenceItem) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=RoadmapAction.REFERENCE_CHANGED,
            target=item,
            data={"deleted": True, "adoptions": item.adoptions.count()},
        )
        item.delete()


def adoptions_save(*, actor: User | None, institution: Institution, choices: dict[int, tuple[str, str]]) -> int:
    """Record where an institution stands per reference item: {item id: (state, note)}.

    An empty state removes the institution's answer. Returns how many items changed.
    """
    with transaction.atomic():
        # One writer per institution at a time, so two people adding the same answer cannot collide.
        Institution.objects.select_for_update().filter(pk=institution.pk).first()
        current = {a.item_id: a for a in Adoption.objects.filter(institution=institution)}
        known = set(ReferenceItem.objects.filter(pk__in=choices).values_list("pk", flat=True))
        changed, removed = [], []
        for item_id, (state, note) in choices.items():
            if item_id not in known:
                continue
            check_adoption_answer(state=state, note=note)
            adoption = current.get(item_id)
            if not state:
                if adoption is not None:
                    removed.append(adoption.pk)
                continue
            if adoption is None:
                adoption = Adoption(institution=institution, item_id=item_id)
            elif (adoption.state, adoption.note) == (state, note):
                continue
            adoption.state, adoption.note, adoption.updated_by = state, note, actor
            changed.append(adoption)
        Adoption.objects.filter(pk__in=removed).delete()
        for adoption in changed:
            adoption.save()
    return len(changed) + len(removed)
