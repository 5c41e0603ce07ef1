"""Who may do what with vacancies and nominations."""

import rules

from koers.members.rules import is_member, steering_or_admin


@rules.predicate
def is_nominee(user, nomination) -> bool:
    return nomination is not None and nomination.nominee_id == user.pk


@rules.predicate
def is_nominator(user, nomination) -> bool:
    return nomination is not None and nomination.nominated_by_id == user.pk


rules.add_perm("governance.view_vacancy", is_member)  # and so: nominate, vote in the election
rules.add_perm("governance.manage_vacancy", steering_or_admin)
rules.add_perm("governance.decide_nomination", is_member & is_nominee)
rules.add_perm("governance.withdraw_nomination", is_member & (is_nominee | is_nominator))
