"""Who may do what with documents; who may SEE one is in selectors.py (document_visible)."""

import rules

from koers.members.rules import is_member, steering_or_admin


@rules.predicate
def is_owner(user, document) -> bool:
    return document is not None and is_member(user) and document.owner_id == user.pk


rules.add_perm("documents.add_document", is_member)
# The steering group or whoever uploaded it changes a document, uploads a new version or deletes it.
rules.add_perm("documents.change_document", steering_or_admin | is_owner)
