import rules

from koers.members.rules import is_member, steering_or_admin

rules.add_perm("meetings.view_meeting", is_member)
rules.add_perm("meetings.manage_meeting", steering_or_admin)
rules.add_perm("meetings.propose_topic", is_member)
rules.add_perm("meetings.add_contribution", is_member)
