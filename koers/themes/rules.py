import rules

from koers.members.rules import steering_or_admin

rules.add_perm("themes.change_theme", steering_or_admin)
