"""How a session finds its member: Django's model backend, reading the member and the facts every page needs about
them (``koers.members.viewer``) in one query instead of two."""

from django.contrib.auth.backends import ModelBackend

from koers.members.viewer import signed_in

PATH = "koers.accounts.backends.MemberBackend"  # as a session and AUTHENTICATION_BACKENDS name it


class SessionMember:
    """``get_user`` for every backend that signs members in (password, SURFconext): the member and their facts
    in one query, and no session for a member who may no longer sign in (deactivated or erased)."""

    def get_user(self, user_id):
        user = signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberBackend(SessionMember, ModelBackend):
    """Signs in with e-mail address and password and holds the permissions, as Django's ModelBackend does."""
