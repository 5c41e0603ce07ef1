import rules

from koers.members.rules import is_member, steering_or_admin


@rules.predicate
def has_institution(user) -> bool:
    return bool(user.is_authenticated and user.institution_id)


@rules.predicate
def of_own_institution(user, project) -> bool:
    return project is not None and user.institution_id is not None and project.institution_id == user.institution_id


rules.add_perm("portfolio.view_project", is_member)
rules.add_perm("portfolio.add_project", is_member & (has_institution | steering_or_admin))
# Members edit only their own institution's projects; the steering group may edit all.
rules.add_perm("portfolio.change_project", is_member & (of_own_institution | steering_or_admin))
