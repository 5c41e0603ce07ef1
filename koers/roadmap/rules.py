import rules

from koers.members.rules import is_member, steering_or_admin


@rules.predicate
def of_own_institution(user, institution) -> bool:
    return institution is not None and user.institution_id == getattr(institution, "pk", None)


rules.add_perm("roadmap.view_detail", is_member)
# Members plot their own institution's ambitions; the steering group may correct any.
rules.add_perm("roadmap.change_ambition", is_member & (of_own_institution | steering_or_admin))
# The same for the adoption of the reference list.
rules.add_perm("roadmap.change_adoption", is_member & (of_own_institution | steering_or_admin))
# The multi-year plan and the reference list are kept by the steering group.
rules.add_perm("roadmap.change_plan", steering_or_admin)
rules.add_perm("roadmap.change_reference", steering_or_admin)
