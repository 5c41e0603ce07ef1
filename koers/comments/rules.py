import rules

from koers.members.rules import is_member, steering_or_admin

rules.add_perm("comments.add_comment", is_member)
rules.add_perm("comments.hide_comment", steering_or_admin)
